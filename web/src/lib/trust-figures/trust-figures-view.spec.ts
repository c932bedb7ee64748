import { describe, expect, it } from 'vitest';
import { londonClock, reportedBy } from './trust-figures-view.js';

describe('trust figures words', () => {
  it('gives the London clock time, with the weekday when it is not today', () => {
    const now = Date.parse('2026-07-01T15:00:00Z'); // Wednesday, BST
    expect(londonClock('2026-07-01T13:00:00Z', now)).toBe('14:00');
    expect(londonClock('2026-06-30T17:00:00Z', now)).toBe('Tue 18:00');
    expect(londonClock('not a time', now)).toBe('not a time');
  });

  it('says who or what reported', () => {
    expect(reportedBy({ kind: 'manual', name: 'Jane Smith' })).toBe('Jane Smith, by hand');
    expect(reportedBy({ kind: 'feed', name: 'Flow system' })).toBe('feed: Flow system');
  });
});

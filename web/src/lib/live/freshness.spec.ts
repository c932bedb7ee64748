import { describe, expect, it } from 'vitest';
import { CHANGE_HIGHLIGHT_MS, STALE_AFTER_MS, isRecentlyChanged, isStale } from './freshness.js';

const NOW = Date.parse('2025-06-01T12:00:00+01:00');

describe('isStale', () => {
  it('keeps an observation of exactly 15 minutes fresh and marks anything older stale', () => {
    expect(isStale(new Date(NOW - STALE_AFTER_MS).toISOString(), NOW)).toBe(false);
    expect(isStale(new Date(NOW - STALE_AFTER_MS - 1000).toISOString(), NOW)).toBe(true);
  });

  it('compares instants, whatever the offset the source wrote', () => {
    // NOW is 12:00 BST = 11:00 UTC.
    expect(isStale('2025-06-01T10:50:00Z', NOW)).toBe(false); // 10 minutes old
    expect(isStale('2025-06-01T10:50:00+01:00', NOW)).toBe(true); // 09:50 UTC: 70 minutes old
  });

  it('treats an observation slightly in the future as fresh', () => {
    expect(isStale(new Date(NOW + 60_000).toISOString(), NOW)).toBe(false);
  });

  it('treats an unreadable time as stale', () => {
    expect(isStale('yesterday', NOW)).toBe(true);
  });
});

describe('isRecentlyChanged', () => {
  it('highlights a change for a few seconds only', () => {
    expect(isRecentlyChanged(undefined, NOW)).toBe(false);
    expect(isRecentlyChanged(NOW, NOW)).toBe(true);
    expect(isRecentlyChanged(NOW - CHANGE_HIGHLIGHT_MS + 1, NOW)).toBe(true);
    expect(isRecentlyChanged(NOW - CHANGE_HIGHLIGHT_MS, NOW)).toBe(false);
  });

  it('counts a change newer than the last clock tick as recent', () => {
    expect(isRecentlyChanged(NOW + 900, NOW)).toBe(true);
  });
});

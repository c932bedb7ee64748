import { londonMidnight } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { formatPeriod } from './trend-format.js';

describe('periods for people', () => {
  it('names weeks by their Monday and quarters by their months, in London time', () => {
    expect(formatPeriod(londonMidnight('2025-03-10'), 'week')).toBe('Week of 10 Mar 2025');
    expect(formatPeriod(londonMidnight('2025-01-01'), 'quarter')).toBe('Jan–Mar 2025');
    // British Summer Time: London midnight is 23:00 UTC the day before.
    expect(formatPeriod(londonMidnight('2025-04-01'), 'quarter')).toBe('Apr–Jun 2025');
    expect(formatPeriod(londonMidnight('2025-10-01'), 'quarter')).toBe('Oct–Dec 2025');
    expect(formatPeriod(londonMidnight('2025-03-01'), 'month')).toBe('March 2025');
  });
});

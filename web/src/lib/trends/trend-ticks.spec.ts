import { describe, expect, it } from 'vitest';
import { londonDateOf, londonMidnight } from '@wardpulse/shared';
import { formatTimeTick, periodTicks, tickUnitFor } from './trend-ticks.js';

const dates = (ticks: number[]) => ticks.map((t) => londonDateOf(t));

describe('time axis ticks', () => {
  it('chooses hours, days or months by the span', () => {
    expect(tickUnitFor(londonMidnight('2025-01-01'), londonMidnight('2025-01-02'))).toBe('hour');
    expect(tickUnitFor(londonMidnight('2025-01-01'), londonMidnight('2025-03-31'))).toBe('day');
    expect(tickUnitFor(londonMidnight('2024-01-01'), londonMidnight('2025-01-01'))).toBe('month');
  });

  it('puts day ticks on London midnights, summer time included', () => {
    const ticks = periodTicks(londonMidnight('2025-03-29'), londonMidnight('2025-04-02'), 12);
    expect(dates(ticks)).toEqual(['2025-03-29', '2025-03-30', '2025-03-31', '2025-04-01', '2025-04-02']);
    expect(
      ticks.every(
        (t) =>
          new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(t) === '00',
      ),
    ).toBe(true);
  });

  it('steps days to stay within the tick budget', () => {
    const ticks = periodTicks(londonMidnight('2025-01-01'), londonMidnight('2025-03-31'), 12);
    expect(ticks.length).toBeLessThanOrEqual(12);
    expect(dates(ticks).slice(0, 2)).toEqual(['2025-01-01', '2025-01-15']);
  });

  it('puts month ticks on month starts, every quarter from January for three years', () => {
    const ticks = periodTicks(londonMidnight('2022-06-16'), londonMidnight('2025-06-15'), 12);
    expect(ticks).toHaveLength(12);
    expect(dates(ticks).slice(0, 3)).toEqual(['2022-07-01', '2022-10-01', '2023-01-01']);
    expect(dates(ticks).at(-1)).toBe('2025-04-01');
  });

  it('keeps every month for a short range of months', () => {
    const ticks = periodTicks(londonMidnight('2025-01-01'), londonMidnight('2025-06-01'), 12);
    expect(dates(ticks)).toEqual(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01']);
  });

  it('labels ticks for their unit', () => {
    expect(formatTimeTick(londonMidnight('2025-03-14'), 'day')).toBe('14 Mar 25');
    expect(formatTimeTick(londonMidnight('2025-03-01'), 'month')).toBe('Mar 2025');
    expect(formatTimeTick(Date.parse('2025-07-14T12:00:00Z'), 'hour')).toBe('14 Jul, 13:00');
  });
});

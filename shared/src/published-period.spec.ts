import { describe, expect, it } from 'vitest';
import { publishedPeriodLabel, publishedSeriesNotes, ROUNDING_NOTE, wholeMonthsOf } from './published-period.js';

describe('published periods', () => {
  it('counts whole calendar months, inclusive of both ends', () => {
    // MRS01b as published for April 2024: 01/02/2024–30/04/2024 = February, March, April (domain.md fixture).
    expect(wholeMonthsOf('2024-02-01', '2024-04-30')).toBe(3);
    expect(wholeMonthsOf('2024-04-01', '2024-04-30')).toBe(1);
    // 2024 is a leap year: February ends on the 29th.
    expect(wholeMonthsOf('2024-02-01', '2024-02-29')).toBe(1);
    expect(wholeMonthsOf('2024-02-01', '2024-02-28')).toBeNull();
    // Across a year end: November, December, January.
    expect(wholeMonthsOf('2023-11-01', '2024-01-31')).toBe(3);
    expect(wholeMonthsOf('2024-04-02', '2024-04-30')).toBeNull();
  });

  it('labels a rolling window and says nothing of a single month', () => {
    expect(
      publishedPeriodLabel([
        { periodStart: '2024-02-01', periodEnd: '2024-04-30' },
        { periodStart: '2024-03-01', periodEnd: '2024-05-31' },
      ]),
    ).toBe('rolling 3 months');
    expect(publishedPeriodLabel([{ periodStart: '2024-04-01', periodEnd: '2024-04-30' }])).toBe('');
    // Mixed windows are not one kind of period: no claim is made.
    expect(
      publishedPeriodLabel([
        { periodStart: '2024-02-01', periodEnd: '2024-04-30' },
        { periodStart: '2024-05-01', periodEnd: '2024-05-31' },
      ]),
    ).toBe('');
  });

  it('notes the window and the suppressed values', () => {
    const points = [
      { periodStart: '2024-02-01', periodEnd: '2024-04-30', suppressed: false },
      { periodStart: '2024-03-01', periodEnd: '2024-05-31', suppressed: true },
    ];
    expect(publishedSeriesNotes(points)).toEqual(['rolling 3 months', '1 suppressed, not drawn']);
    expect(publishedSeriesNotes([])).toEqual([]);
  });

  it('notes the rounding of local breakdowns, never of England', () => {
    // fixtures/mhsds April 2024: ICB MRS01 315, 320, 165 (nearest 5), MRS01b 8, 10, 14 (whole
    // percentages); England MRS01 19727 and MRS01b 10.64024, exact.
    const points = [{ periodStart: '2024-04-01', periodEnd: '2024-04-30', suppressed: false }];
    expect(publishedSeriesNotes(points, 'England')).toEqual([]);
    expect(publishedSeriesNotes(points, 'Provider')).toEqual([ROUNDING_NOTE]);
    expect(publishedSeriesNotes(points, 'ICB of GP Practice or Residence')).toEqual([ROUNDING_NOTE]);
    expect(ROUNDING_NOTE).toBe('as published: counts to the nearest 5, percentages to whole numbers');
  });
});

import { describe, expect, it } from 'vitest';
import { historyPeriods } from './history.js';
import type { Stay } from './length-of-stay.js';
import { stayPeriodFigures, stayTrendPoints } from './stay-trends.js';
import { grainProblem, STAY_TREND_METRIC_IDS, type StayTrendMetric } from './trends.js';

// Length of stay = discharge date − admission date on London's calendar, in nights (NHS Data Model
// and Dictionary, hospital provider spell duration; docs/measures.md "Length of stay trends"). Each
// month counts its discharges' stays and, at its last date, the people still in.
const stay = (admittedAt: string, dischargedAt: string | null): Stay => ({ wardId: 'W', admittedAt, dischargedAt });
const STAYS: Stay[] = [
  // F: 1 Nov 2025 → 2 Mar 2026: 30 + 31 + 31 + 28 + 1 = 121 nights (90+).
  stay('2025-11-01T10:00:00Z', '2026-03-02T10:00:00Z'),
  // D: in since 1 Dec 2025 (open).
  stay('2025-12-01T10:00:00Z', null),
  // G: 5 Jan → 20 Mar: 27 + 28 + 19 = 74 nights (60+, not 90+).
  stay('2026-01-05T10:00:00Z', '2026-03-20T10:00:00Z'),
  // A: 20 Jan → 10 Mar, spanning two month ends: 12 + 28 + 9 = 49 nights.
  stay('2026-01-20T10:00:00Z', '2026-03-10T10:00:00Z'),
  // B: 5 → 25 Feb: 20 nights, within one month.
  stay('2026-02-05T12:00:00Z', '2026-02-25T12:00:00Z'),
  // C: 28 Mar 12:00 GMT → 30 Mar 12:00 BST across the clocks going forward: 47 hours, 2 nights.
  stay('2026-03-28T12:00:00Z', '2026-03-30T11:00:00Z'),
  // E: 23:30 UTC on 31 March is 00:30 BST on 1 April: an April admission (open).
  stay('2026-03-31T23:30:00Z', null),
];
const MONTHS = historyPeriods('month', '2025-10-01', '2026-04-30');
const AFTER = Date.parse('2026-06-15T12:00:00Z');

const column = (metric: StayTrendMetric, now = AFTER) => stayTrendPoints(metric, STAYS, MONTHS, now).map((point) => point.v);

describe('stayTrendPoints by month (Oct 2025 – Apr 2026)', () => {
  it('labels each month and has nothing (null, not 0) for October, which no stay touches', () => {
    expect(stayTrendPoints('stayAdmissions', STAYS, MONTHS, AFTER).map((point) => point.t)).toEqual([
      '2025-10-01',
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
    ]);
    for (const metric of STAY_TREND_METRIC_IDS) expect(column(metric)[0]).toBeNull();
  });

  it('counts admissions on London dates (E on 1 April BST) and discharges in the month they happen', () => {
    // Nov F; Dec D; Jan G, A; Feb B; Mar C; Apr E.
    expect(column('stayAdmissions')).toEqual([null, 1, 1, 2, 1, 1, 1]);
    // Feb B; Mar F, A, G, C.
    expect(column('stayDischarges')).toEqual([null, 0, 0, 0, 1, 4, 0]);
  });

  it("gives the lengths of the month's discharges, null in a month with stays but no discharge", () => {
    // March: [2, 49, 74, 121]: mean 246 ÷ 4 = 61.5; median (49 + 74) ÷ 2 = 61.5;
    // p90 rank 0.9 × 3 = 2.7 → 74 + 0.7 × (121 − 74) = 106.9. February: B alone, 20.
    expect(column('meanLengthOfStay')).toEqual([null, null, null, null, 20, 61.5, null]);
    expect(column('medianLengthOfStay')).toEqual([null, null, null, null, 20, 61.5, null]);
    const p90 = column('p90LengthOfStay');
    expect(p90.slice(0, 5)).toEqual([null, null, null, null, 20]);
    expect(p90[5]).toBeCloseTo(106.9, 10);
    expect(p90[6]).toBeNull();
    // 60+: G 74 and F 121; 90+: F. Zero, not null, in months with stays.
    expect(column('dischargedStays60Plus')).toEqual([null, 0, 0, 0, 0, 2, 0]);
    expect(column('dischargedStays90Plus')).toEqual([null, 0, 0, 0, 0, 1, 0]);
  });

  it("takes the median stay so far of the people in on each month's last date", () => {
    // 30 Nov: F 29. 31 Dec: F 60, D 30 → 45. 31 Jan: A 11, G 26, D 61, F 91 → (26 + 61) ÷ 2 = 43.5.
    // 28 Feb: A 39, G 54, D 89, F 119 → (54 + 89) ÷ 2 = 71.5. 31 Mar: D 120 (E comes in after
    // midnight BST). 30 Apr: E 29, D 150 → 89.5.
    expect(column('currentMedianLengthOfStay')).toEqual([null, 29, 45, 43.5, 71.5, 120, 89.5]);
  });

  it('takes the month still running at now', () => {
    // 15 April 13:00 BST: E 14, D 135 → 74.5; discharges so far none.
    const now = Date.parse('2026-04-15T12:00:00Z');
    expect(column('currentMedianLengthOfStay', now).at(-1)).toBe(74.5);
  });
});

describe('stayPeriodFigures by day across the clocks going back (25 October 2026)', () => {
  it('counts a 25-hour day whole: an admission at 23:30 GMT is still on the 25th', () => {
    // 00:30 UTC = 01:30 BST on the 25th; 23:30 UTC = 23:30 GMT on the 25th (midnight is 00:00 UTC on the 26th).
    const stays = [stay('2026-10-25T00:30:00Z', null), stay('2026-10-25T23:30:00Z', null)];
    const days = historyPeriods('day', '2026-10-24', '2026-10-26');
    const figures = stayPeriodFigures(stays, days, Date.parse('2026-11-01T00:00:00Z'));
    expect(figures[0]).toBeNull();
    expect(figures[1]).toMatchObject({ admissions: 2, discharges: 0, current: { stays: 2, medianNights: 0 } });
    expect(figures[1]!.discharged.medianNights).toBeNull();
    expect(figures[2]).toMatchObject({ admissions: 0, current: { stays: 2, medianNights: 1 } });
  });
});

describe('grainProblem', () => {
  it('refuses hours for length of stay, with the reason, and allows them for other measures', () => {
    expect(grainProblem('medianLengthOfStay', 'hour')).toMatch(/counted in nights/);
    expect(grainProblem('medianLengthOfStay', 'day')).toBeNull();
    expect(grainProblem('occupancyIncludingLeave', 'hour')).toBeNull();
  });
});

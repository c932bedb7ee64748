import { describe, expect, it } from 'vitest';
import {
  currentStayFigures,
  dischargedStayFigures,
  flowByDay,
  interpolatedPercentile,
  lengthOfStayFigures,
  monthFlow,
  stayNights,
  type Stay,
} from './length-of-stay.js';

// Length of stay = discharge date − admission date on London's calendar (nights; NHS Data Model and
// Dictionary, hospital provider spell duration; docs/measures.md "Length of stay").
describe('stayNights', () => {
  it('counts nights between London dates: a same-day stay is 0, overnight 1', () => {
    expect(stayNights('2026-03-02T09:00:00Z', '2026-03-02T17:00:00Z')).toBe(0);
    expect(stayNights('2026-03-02T23:30:00Z', '2026-03-03T00:30:00Z')).toBe(1);
  });

  it('takes dates in London time, not UTC: 23:30 UTC on 30 June is already 1 July in London (BST)', () => {
    // Admitted 2026-06-30T23:30Z = 00:30 on 1 July BST; discharged 2 July 10:00 BST → 1 night.
    expect(stayNights('2026-06-30T23:30:00Z', '2026-07-02T09:00:00Z')).toBe(1);
  });

  it('is not shortened by the clocks going forward (29 March 2026) nor lengthened by them going back', () => {
    // 28 March 12:00 GMT → 30 March 12:00 BST: 47 hours, but two nights.
    expect(stayNights('2026-03-28T12:00:00Z', '2026-03-30T11:00:00Z')).toBe(2);
    // 24 October 12:00 BST → 26 October 12:00 GMT: 49 hours, two nights.
    expect(stayNights('2026-10-24T11:00:00Z', '2026-10-26T12:00:00Z')).toBe(2);
  });
});

describe('interpolatedPercentile (PERCENTILE.INC)', () => {
  it('interpolates between ordered values', () => {
    // [10, 20, 30, 40]: median rank 0.5 × 3 = 1.5 → 20 + 0.5 × 10 = 25; p90 rank 2.7 → 30 + 0.7 × 10 = 37.
    expect(interpolatedPercentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(interpolatedPercentile([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 10);
    expect(interpolatedPercentile([7], 0.9)).toBe(7);
    expect(interpolatedPercentile([], 0.5)).toBeNull();
  });
});

describe('lengthOfStayFigures', () => {
  it('gives mean, median, 90th percentile and the 60+ and 90+ counts, hand-worked', () => {
    // Nights 5, 12, 30, 35, 60, 95: mean 237 / 6 = 39.5; median rank 2.5 → 30 + 0.5 × 5 = 32.5;
    // p90 rank 4.5 → 60 + 0.5 × 35 = 77.5; 60 or more: 60 and 95 (2); 90 or more: 95 (1).
    expect(lengthOfStayFigures([35, 5, 95, 12, 60, 30])).toEqual({
      stays: 6,
      meanNights: 39.5,
      medianNights: 32.5,
      p90Nights: 77.5,
      nights60Plus: 2,
      nights90Plus: 1,
    });
  });

  it('has no averages for no stays', () => {
    expect(lengthOfStayFigures([])).toEqual({
      stays: 0,
      meanNights: null,
      medianNights: null,
      p90Nights: null,
      nights60Plus: 0,
      nights90Plus: 0,
    });
  });
});

const stay = (admittedAt: string, dischargedAt: string | null, wardId = 'RX4-W01'): Stay => ({
  wardId,
  admittedAt,
  dischargedAt,
});

describe("dischargedStayFigures (a period's discharges)", () => {
  const stays = [
    stay('2026-01-10T10:00:00Z', '2026-03-01T10:00:00Z'), // 50 nights, discharged in March (its first day)
    stay('2026-02-20T10:00:00Z', '2026-03-31T22:00:00Z'), // 31 Mar 23:00 BST: in March; 39 nights
    stay('2026-03-05T10:00:00Z', '2026-03-31T23:30:00Z'), // 1 April 00:30 BST: April's, not March's
    stay('2026-02-01T10:00:00Z', '2026-02-28T10:00:00Z'), // February's
    stay('2026-03-10T10:00:00Z', null), // still in
  ];

  it('counts the stays discharged in the period, however long before it they began', () => {
    // March: 50 and 39 nights → mean 44.5, median 44.5, p90 rank 0.9 → 39 + 0.9 × 11 = 48.9.
    const march = dischargedStayFigures(stays, '2026-03-01', '2026-04-01');
    expect(march.stays).toBe(2);
    expect(march.meanNights).toBe(44.5);
    expect(march.medianNights).toBe(44.5);
    expect(march.p90Nights).toBeCloseTo(48.9, 10);
  });

  it('puts a discharge after London midnight in the next month', () => {
    // 5 March → 1 April (London): 27 nights.
    expect(dischargedStayFigures(stays, '2026-04-01', '2026-05-01')).toMatchObject({ stays: 1, meanNights: 27 });
  });
});

describe('currentStayFigures (the people in now)', () => {
  it('counts open stays and stays discharged later, at the nights they have had so far', () => {
    const now = Date.parse('2026-05-10T12:00:00Z');
    const stays = [
      stay('2026-05-01T08:00:00Z', null), // 9 nights so far
      stay('2026-03-01T08:00:00Z', null), // 70 nights (March 31 + April 30 + 9)
      stay('2026-04-01T08:00:00Z', '2026-05-20T08:00:00Z'), // still in at now: 39 nights
      stay('2026-04-01T08:00:00Z', '2026-05-09T08:00:00Z'), // left yesterday: not counted
      stay('2026-05-11T08:00:00Z', null), // not yet admitted at now
    ];
    expect(currentStayFigures(stays, now)).toEqual({
      stays: 3,
      meanNights: (9 + 70 + 39) / 3,
      medianNights: 39,
      p90Nights: 39 + 0.8 * (70 - 39),
      nights60Plus: 1,
      nights90Plus: 0,
    });
  });
});

describe('flowByDay', () => {
  it('counts admissions and discharges on each London date of the period', () => {
    const stays = [
      stay('2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z'),
      stay('2026-03-02T23:30:00Z', null), // 2 March 23:30 GMT: the 2nd
      stay('2026-02-27T09:00:00Z', '2026-03-04T09:00:00Z'), // admitted before the period
    ];
    expect(flowByDay(stays, '2026-03-02', '2026-03-05')).toEqual([
      { date: '2026-03-02', admissions: 2, discharges: 0 },
      { date: '2026-03-03', admissions: 0, discharges: 1 },
      { date: '2026-03-04', admissions: 0, discharges: 1 },
    ]);
  });
});

describe('monthFlow (one scope, one month)', () => {
  const stays = [
    stay('2026-02-10T10:00:00Z', '2026-03-03T10:00:00Z'), // in before March, out 3 March: 21 nights
    stay('2026-03-02T10:00:00Z', '2026-03-05T10:00:00Z'), // in and out in March: 3 nights
    stay('2026-03-04T10:00:00Z', null), // in on 4 March, still in
    stay('2026-01-01T10:00:00Z', null), // in since New Year
  ];

  it("counts the month's admissions and discharges and takes current stays at the month's end once it is over", () => {
    const flow = monthFlow('ward:RX4-W01', '2026-03', stays, Date.parse('2026-06-01T00:00:00Z'));
    expect(flow).toMatchObject({ admissions: 2, discharges: 2 });
    // Discharged: 21 and 3 nights → mean 12.
    expect(flow.discharged).toMatchObject({ stays: 2, meanNights: 12, medianNights: 12 });
    // At 31 March 23:59:59.999 BST (22:59:59.999Z): 4 March → 31 March is 27 nights; 1 January → 31 March is 89.
    expect(flow.at).toBe('2026-03-31T22:59:59.999Z');
    expect(flow.current).toMatchObject({ stays: 2, meanNights: 58, nights60Plus: 1, nights90Plus: 0 });
    expect(flow.days).toHaveLength(31);
  });

  it('takes current stays now, and days up to today, while the month is running', () => {
    const flow = monthFlow('ward:RX4-W01', '2026-03', stays, Date.parse('2026-03-04T12:00:00Z'));
    expect(flow.days.map((day) => day.date).at(-1)).toBe('2026-03-04');
    // 4 March noon: in are the 2 March admission (2 nights; out tomorrow), the 4 March one (0) and
    // the New Year one (31 + 28 + 3 = 62): mean 64 / 3, median 2.
    expect(flow.current).toMatchObject({ stays: 3, meanNights: 64 / 3, medianNights: 2, nights60Plus: 1 });
    expect(flow).toMatchObject({ admissions: 2, discharges: 1 });
  });
});

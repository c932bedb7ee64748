import { describe, expect, it } from 'vitest';
import { zodIssuesToDetails } from './errors.js';
import {
  countIncrease,
  countingWindowStart,
  isNewerTrustFigures,
  sumTrustFigures,
  trustFiguresDraft,
  trustFiguresSchema,
  trustFiguresViolations,
  type TrustFiguresObservation,
} from './trust-figures.js';

const NOW = Date.parse('2026-12-02T15:00:00Z');

// A 15:00 report of a mid-sized trust: 7 people waiting (3 in A&E, 2 at home, 1 in a suite, 1 on
// an acute ward), 4 discharges and no breach since the 14:00 return, 2 patients of other trusts.
const report: TrustFiguresObservation = {
  eventId: 'tf-1',
  trustOds: 'RX4',
  observedAt: '2026-12-02T15:00:00Z',
  referralsWaiting: {
    emergencyDepartment: 3,
    communityOrHome: 2,
    section136Suite: 1,
    policeCustody: 0,
    acuteWard: 1,
    other: 0,
  },
  countingSince: '2026-12-02T14:00:00Z',
  completedDischarges: 4,
  section136Breaches: 0,
  patientsFromOutside: 2,
};

describe('trustFiguresSchema: the shape (400)', () => {
  it('accepts a complete report', () => {
    expect(trustFiguresSchema.safeParse(report).success).toBe(true);
  });

  it('names each malformed field: a fraction, a missing setting, an unknown field, a time without offset', () => {
    const { policeCustody: _missing, ...referrals } = report.referralsWaiting;
    const parsed = trustFiguresSchema.safeParse({
      ...report,
      completedDischarges: 2.5,
      referralsWaiting: referrals,
      countingSince: '2026-12-02 14:00',
      bedsFree: 3,
    });
    expect(parsed.success).toBe(false);
    const paths = zodIssuesToDetails(parsed.error!.issues).map((detail) => detail.path);
    expect(paths.sort()).toEqual(['bedsFree', 'completedDischarges', 'countingSince', 'referralsWaiting.policeCustody']);
  });
});

describe('trustFiguresViolations: the impossible (422)', () => {
  it('accepts a possible report', () => {
    expect(trustFiguresViolations(report, NOW)).toEqual([]);
  });

  it('refuses negative and implausibly large counts, naming each field in a batch', () => {
    const violations = trustFiguresViolations(
      { ...report, referralsWaiting: { ...report.referralsWaiting, policeCustody: -1 }, patientsFromOutside: 10_001 },
      NOW,
      ['events', 2],
    );
    expect(violations).toEqual([
      { path: 'events[2].referralsWaiting.policeCustody', message: 'must not be negative (got -1)' },
      { path: 'events[2].patientsFromOutside', message: 'must be at most 10000 (got 10001)' },
    ]);
  });

  it('refuses a report from the future (beyond 5 minutes of clock skew) and a window that starts after it', () => {
    expect(trustFiguresViolations({ ...report, observedAt: '2026-12-02T15:04:59Z' }, NOW)).toEqual([]);
    expect(trustFiguresViolations({ ...report, observedAt: '2026-12-02T15:05:01Z' }, NOW)).toEqual([
      { path: 'observedAt', message: 'is more than 5 minutes in the future' },
    ]);
    expect(trustFiguresViolations({ ...report, countingSince: '2026-12-02T15:00:01Z' }, NOW)).toEqual([
      {
        path: 'countingSince',
        message: 'is after observedAt (2026-12-02T15:00:00Z): the counts must start before the report',
      },
    ]);
  });

  it('refuses a counting window of more than 7 days, and a report before 2000', () => {
    // 25 Nov 15:00 is exactly 7 days before: allowed; a second earlier is not.
    expect(trustFiguresViolations({ ...report, countingSince: '2026-11-25T15:00:00Z' }, NOW)).toEqual([]);
    expect(trustFiguresViolations({ ...report, countingSince: '2026-11-25T14:59:59Z' }, NOW)).toEqual([
      {
        path: 'countingSince',
        message: 'is more than 7 days before observedAt: the counts cover the time since the last return',
      },
    ]);
    const old = trustFiguresViolations(
      { ...report, observedAt: '1999-12-31T23:00:00Z', countingSince: '1999-12-31T22:00:00Z' },
      NOW,
    );
    expect(old.map((violation) => violation.path)).toEqual(['observedAt']);
  });
});

describe('isNewerTrustFigures: last-writer-wins per trust', () => {
  it('takes the later observation, a tie by the larger event id, and never an older one', () => {
    expect(isNewerTrustFigures(report, null)).toBe(true);
    expect(isNewerTrustFigures({ ...report, observedAt: '2026-12-02T16:00:00+01:00' }, report)).toBe(false); // 15:00Z, same instant, same id
    expect(isNewerTrustFigures({ ...report, eventId: 'tf-2' }, report)).toBe(true);
    expect(isNewerTrustFigures({ ...report, observedAt: '2026-12-02T14:59:59Z', eventId: 'tf-9' }, report)).toBe(false);
  });
});

describe('sumTrustFigures: the roll-up', () => {
  it('adds up every count and keeps the oldest report time', () => {
    const other: TrustFiguresObservation = {
      ...report,
      trustOds: 'RX3',
      observedAt: '2026-12-02T14:30:00Z',
      referralsWaiting: {
        emergencyDepartment: 1,
        communityOrHome: 0,
        section136Suite: 2,
        policeCustody: 1,
        acuteWard: 0,
        other: 4,
      },
      completedDischarges: 1,
      section136Breaches: 1,
      patientsFromOutside: 0,
    };
    // Referrals 7 + 8 = 15; discharges 4 + 1; breaches 0 + 1; from outside 2 + 0.
    expect(sumTrustFigures([report, other])).toEqual({
      trustsReporting: 2,
      referralsWaiting: {
        emergencyDepartment: 4,
        communityOrHome: 2,
        section136Suite: 3,
        policeCustody: 1,
        acuteWard: 1,
        other: 4,
      },
      referralsWaitingTotal: 15,
      completedDischarges: 5,
      section136Breaches: 1,
      patientsFromOutside: 2,
      oldestObservedAt: '2026-12-02T14:30:00Z',
    });
  });

  it('is all zeros with no report', () => {
    expect(sumTrustFigures([])).toMatchObject({ trustsReporting: 0, referralsWaitingTotal: 0, oldestObservedAt: null });
  });
});

describe('countingWindowStart: the last return due (London clock)', () => {
  it('is the 14:00 return in the afternoon, the 18:00 one overnight, summer time included', () => {
    // 2 December: GMT, London 15:00 → 14:00 London = 14:00Z.
    expect(new Date(countingWindowStart(NOW)).toISOString()).toBe('2026-12-02T14:00:00.000Z');
    // Exactly at a due time the new window has begun.
    expect(new Date(countingWindowStart(Date.parse('2026-12-02T10:00:00Z'))).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    // 09:59 London: still the previous evening's 18:00 window.
    expect(new Date(countingWindowStart(Date.parse('2026-12-02T09:59:00Z'))).toISOString()).toBe('2026-12-01T18:00:00.000Z');
    // 1 July: BST, 12:00 London = 11:00Z → the 10:00 London return = 09:00Z.
    expect(new Date(countingWindowStart(Date.parse('2026-07-01T11:00:00Z'))).toISOString()).toBe('2026-07-01T09:00:00.000Z');
  });
});

describe('trustFiguresDraft: what the quick form starts from', () => {
  it('keeps the counts within the same window and starts them at 0 after a return', () => {
    expect(trustFiguresDraft(report, NOW)).toMatchObject({ completedDischarges: 4, countingSince: '2026-12-02T14:00:00Z' });
    // At 18:30 the 18:00 return has fallen due: discharges and breaches start again; the rest stays.
    const evening = trustFiguresDraft(report, Date.parse('2026-12-02T18:30:00Z'));
    expect(evening).toEqual({
      referralsWaiting: report.referralsWaiting,
      countingSince: '2026-12-02T18:00:00.000Z',
      completedDischarges: 0,
      section136Breaches: 0,
      patientsFromOutside: 2,
    });
  });

  it('is all zeros for a trust that has never reported', () => {
    expect(trustFiguresDraft(null, NOW)).toMatchObject({ completedDischarges: 0, patientsFromOutside: 0 });
  });
});

describe('countIncrease: growth of a count "since the last return"', () => {
  it('is the growth within a window, the whole count in a new one, and negative for a correction', () => {
    const at14 = { countingSince: '2026-12-02T14:00:00Z', completedDischarges: 4, section136Breaches: 0, patientsFromOutside: 2 };
    expect(countIncrease(null, at14, 'completedDischarges')).toBe(4);
    expect(countIncrease(at14, { ...at14, completedDischarges: 6 }, 'completedDischarges')).toBe(2);
    expect(countIncrease(at14, { ...at14, completedDischarges: 3 }, 'completedDischarges')).toBe(-1);
    // Same instant written with another offset is the same window.
    expect(
      countIncrease(at14, { ...at14, countingSince: '2026-12-02T15:00:00+01:00', completedDischarges: 5 }, 'completedDischarges'),
    ).toBe(1);
    expect(
      countIncrease(at14, { ...at14, countingSince: '2026-12-02T18:00:00Z', completedDischarges: 1 }, 'completedDischarges'),
    ).toBe(1);
  });
});

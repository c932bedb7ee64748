import { describe, expect, it } from 'vitest';
import { zodIssuesToDetails } from './errors.js';
import {
  acceptanceRate,
  isNewerReferralDay,
  ratePer100k,
  referralDaySchema,
  referralDayViolations,
  referralFigures,
  sumReferralDays,
  type ReferralDay,
} from './referrals.js';

const NOW = Date.parse('2026-12-02T15:00:00Z');

// A mid-size trust's single point of access at 15:00: 52 referrals today, 30 accepted, 12 declined,
// 10 still being triaged; 31 from GPs (A1), 9 self-referrals (B1), 3 from police (E1), 2 from the
// emergency department (H1), the other 7 with no source recorded.
const day: ReferralDay = {
  eventId: 'ref-1',
  trustOds: 'RX4',
  date: '2026-12-02',
  service: 'single-point-of-access',
  observedAt: '2026-12-02T15:00:00Z',
  received: 52,
  accepted: 30,
  declined: 12,
  pending: 10,
  bySource: { A1: 31, B1: 9, E1: 3, H1: 2 },
};

const paths = (violations: { path: string }[]) => violations.map((violation) => violation.path);

describe('acceptance rate', () => {
  it('is accepted over decided referrals, leaving pending ones out', () => {
    // 30 ÷ (30 + 12) = 30 ÷ 42 = 0.714285… (71%); counting the 10 pending as not accepted would give
    // 30 ÷ 52 = 58%, a figure that rises through the day only because triage catches up.
    expect(acceptanceRate(day)).toBeCloseTo(0.714286, 6);
  });

  it('is null when nothing has been decided, and 1 or 0 at the ends', () => {
    expect(acceptanceRate({ accepted: 0, declined: 0 })).toBeNull();
    expect(acceptanceRate({ accepted: 5, declined: 0 })).toBe(1);
    expect(acceptanceRate({ accepted: 0, declined: 3 })).toBe(0);
  });
});

describe('rate per 100,000 population', () => {
  it('is received ÷ population × 100,000', () => {
    // 52 ÷ 1,700,000 × 100,000 = 5.2 ÷ 1.7 = 3.0588… referrals per 100,000 in the day.
    expect(ratePer100k(52, 1_700_000)).toBeCloseTo(3.058824, 6);
    // A month of MHS32-sized referrals: 4,250 ÷ 850,000 × 100,000 = 500 exactly.
    expect(ratePer100k(4_250, 850_000)).toBe(500);
  });

  it('is null without a population', () => {
    expect(ratePer100k(52, undefined)).toBeNull();
    expect(ratePer100k(52, null)).toBeNull();
    expect(ratePer100k(52, 0)).toBeNull();
  });
});

describe('referral day checks', () => {
  it('accepts a report whose decisions add up to the referrals received', () => {
    expect(referralDaySchema.safeParse(day).success).toBe(true);
    expect(referralDayViolations(day, NOW)).toEqual([]);
  });

  it('names the field of each shape error (400)', () => {
    const parsed = referralDaySchema.safeParse({ ...day, service: 'A&E', received: 1.5, extra: 1 });
    expect(parsed.success).toBe(false);
    const details = zodIssuesToDetails(parsed.error!.issues);
    expect(details.map((detail) => detail.path).sort()).toEqual(['extra', 'received', 'service']);
  });

  it('refuses decisions that do not add up, naming pending', () => {
    // 30 + 12 + 9 = 51 ≠ 52.
    const violations = referralDayViolations({ ...day, pending: 9 }, NOW);
    expect(paths(violations)).toEqual(['pending']);
    expect(violations[0]!.message).toContain('30 + 12 + 9 ≠ 52');
  });

  it('refuses negative and oversized counts without a sum complaint on top', () => {
    expect(paths(referralDayViolations({ ...day, declined: -1 }, NOW))).toEqual(['declined']);
    expect(paths(referralDayViolations({ ...day, received: 20_000 }, NOW))).toEqual(['received']);
  });

  it('refuses unknown source codes and sources adding up to more than received', () => {
    expect(paths(referralDayViolations({ ...day, bySource: { A1: 31, Z9: 2 } }, NOW))).toEqual(['bySource.Z9']);
    // 40 + 13 = 53 > 52.
    expect(paths(referralDayViolations({ ...day, bySource: { A1: 40, B1: 13 } }, NOW))).toEqual(['bySource']);
    expect(paths(referralDayViolations({ ...day, bySource: { A1: -1 } }, NOW))).toEqual(['bySource.A1']);
  });

  it('refuses a future day, a report from before its day began, and a day over a year old', () => {
    expect(paths(referralDayViolations({ ...day, date: '2026-12-03' }, NOW))).toEqual(['date']);
    // London midnight of 2 December is 00:00Z (GMT); 23:59Z on the 1st is before it.
    expect(paths(referralDayViolations({ ...day, observedAt: '2026-12-01T23:59:00Z' }, NOW))).toEqual(['observedAt']);
    expect(paths(referralDayViolations({ ...day, date: '2025-11-30' }, NOW))).toEqual(['date']);
    expect(paths(referralDayViolations({ ...day, observedAt: '2026-12-02T15:06:00Z' }, NOW))).toEqual(['observedAt']);
  });

  it('counts a summer day from London midnight (23:00Z the day before)', () => {
    const summer = { ...day, date: '2026-07-01', observedAt: '2026-06-30T23:30:00Z' };
    expect(referralDayViolations(summer, NOW)).toEqual([]);
  });
});

describe('last writer wins per trust, day and service', () => {
  it('prefers the later observation, ties by event id', () => {
    const later = { ...day, eventId: 'ref-0', observedAt: '2026-12-02T16:00:00Z' };
    expect(isNewerReferralDay(later, day)).toBe(true);
    expect(isNewerReferralDay(day, later)).toBe(false);
    expect(isNewerReferralDay({ ...day, eventId: 'ref-2' }, day)).toBe(true);
    expect(isNewerReferralDay(day, null)).toBe(true);
  });
});

describe('summing days', () => {
  // The same trust's community team: 14 received, 9 accepted, 5 declined, none pending; 10 from GPs
  // (A1), 4 internal (P1).
  const community: ReferralDay = {
    ...day,
    eventId: 'ref-3',
    service: 'community-mh-adult',
    received: 14,
    accepted: 9,
    declined: 5,
    pending: 0,
    bySource: { A1: 10, P1: 4 },
  };

  it('adds counts and groups sources by heading', () => {
    const totals = sumReferralDays([day, community]);
    // 52 + 14 = 66 received; 30 + 9 = 39 accepted; 12 + 5 = 17 declined; 10 pending.
    expect(totals).toMatchObject({ received: 66, accepted: 39, declined: 17, pending: 10 });
    // 39 ÷ (39 + 17) = 39 ÷ 56 = 0.696428…
    expect(totals.acceptanceRate).toBeCloseTo(0.696429, 6);
    // Primary health care 31 + 10 = 41; self 9; justice 3; acute 2; internal 4; 66 − 59 = 7 unrecorded.
    expect(totals.bySourceGroup).toMatchObject({
      'primary-health-care': 41,
      'self-referral': 9,
      'justice-system': 3,
      'acute-secondary-care': 2,
      internal: 4,
      employer: 0,
    });
    expect(totals.sourceNotRecorded).toBe(7);
  });

  it("gives today's figures per service and per 100,000 only when every reporting trust has a population", () => {
    const yesterday = { ...day, eventId: 'ref-4', date: '2026-12-01', received: 70, accepted: 70, pending: 0, declined: 0 };
    const other = { ...community, eventId: 'ref-5', trustOds: 'RX3' };
    const populations: Record<string, number> = { RX4: 1_700_000, RX3: 2_000_000 };
    const figures = referralFigures([day, community, yesterday, other], NOW, (ods) => populations[ods]);
    // Yesterday's 70 are history: today is 52 + 14 + 14 = 80 received over 3,700,000 people,
    // 80 ÷ 3,700,000 × 100,000 = 2.162162…
    expect(figures.trustsReporting).toBe(2);
    expect(figures.today.received).toBe(80);
    expect(figures.todayPer100k).toBeCloseTo(2.162162, 6);
    expect(figures.byService.map((entry) => [entry.service, entry.totals.received])).toEqual([
      ['single-point-of-access', 52],
      ['community-mh-adult', 28],
    ]);
    const partial = referralFigures([day, other], NOW, (ods) => (ods === 'RX4' ? 1_700_000 : undefined));
    expect(partial.todayPer100k).toBeNull();
    expect(referralFigures([], NOW).todayPer100k).toBeNull();
  });
});

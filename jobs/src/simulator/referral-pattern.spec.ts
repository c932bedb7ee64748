import { londonMidnight, referralDayViolations, sumReferralDays } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { ACCEPTANCE_RANGE, referralCountsAt, referralProfile, SPA_WEEKDAY_RANGE } from './referral-pattern.js';

// Wednesday 2 December 2026 (GMT: London midnight is 00:00Z).
const date = '2026-12-02';
const at = (hour: number) => londonMidnight(date) + hour * 3_600_000;

describe('simulated referrals', () => {
  const profile = referralProfile('RX4', 12);

  it('keeps a mid-size trust in the SPA range, accepting 60–75%', () => {
    expect(profile.weekdayReferrals).toBeGreaterThanOrEqual(SPA_WEEKDAY_RANGE[0]);
    expect(profile.weekdayReferrals).toBeLessThanOrEqual(SPA_WEEKDAY_RANGE[1]);
    expect(profile.acceptance).toBeGreaterThanOrEqual(ACCEPTANCE_RANGE[0]);
    expect(profile.acceptance).toBeLessThanOrEqual(ACCEPTANCE_RANGE[1]);
  });

  it('fills through the day, never going down, always adding up, decided by the end', () => {
    let previous = { received: 0, accepted: 0, declined: 0 };
    for (let hour = 0; hour <= 24; hour += 1) {
      const counts = referralCountsAt(profile, date, at(hour), 'seed');
      expect(counts.accepted + counts.declined + counts.pending).toBe(counts.received);
      expect(counts.received).toBeGreaterThanOrEqual(previous.received);
      expect(counts.accepted + counts.declined).toBeGreaterThanOrEqual(previous.accepted + previous.declined);
      const day = {
        eventId: 'sim-1',
        trustOds: 'RX4',
        date,
        service: 'single-point-of-access' as const,
        observedAt: new Date(Math.max(at(hour), londonMidnight(date))).toISOString(),
        ...counts,
      };
      expect(referralDayViolations(day, Date.parse('2026-12-03T12:00:00Z'))).toEqual([]);
      previous = counts;
    }
    // Three hours after midnight the day is decided whole.
    const final = referralCountsAt(profile, date, at(27), 'seed');
    expect(final.pending).toBe(0);
    const rate = sumReferralDays([final]).acceptanceRate!;
    expect(rate).toBeGreaterThan(0.55);
    expect(rate).toBeLessThan(0.8);
  });

  it('reports the same day the same way after a restart', () => {
    expect(referralCountsAt(profile, date, at(15), 'seed')).toEqual(referralCountsAt(profile, date, at(15), 'seed'));
  });
});

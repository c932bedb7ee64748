/**
 * How a simulated trust's single point of access fills through a London day (issue #17 item 5): a
 * mid-size trust's SPA receives roughly 40–80 referrals a weekday (fewer at weekends), about three
 * in five from GPs, and accepts 60–75% of those it decides. Referrals arrive with the working day
 * (the video contacts' hourly pattern, video-pattern.ts) and each is decided about three hours
 * after it arrives, so the afternoon shows some pending and the day's last report none.
 *
 * A day's totals come from a Random seeded by trust and date and the counts at an instant are a
 * share of them: a day's counts never go down, and a restarted simulator reports the same day the
 * same way.
 */
import type { ReferralCounts, ReferralSourceCode, ReferralSourceCounts } from '@wardpulse/shared';
import { seededRandom } from '../demo/random.js';
import { elapsedShareOfDay, isWeekend } from './video-pattern.js';

/** A trust's habits: its weekday volume at the SPA and the share of decided referrals it accepts. */
export interface ReferralProfile {
  weekdayReferrals: number;
  acceptance: number;
}

/** Weekday referrals at a mid-size trust's SPA, and the acceptance range (brief, issue #17). */
export const SPA_WEEKDAY_RANGE = [40, 80] as const;
export const ACCEPTANCE_RANGE = [0.6, 0.75] as const;
/** A weekend day's referrals as a share of a weekday's (crisis line and A&E, little primary care). */
export const WEEKEND_REFERRALS = 0.25;
/** Hours from a referral's arrival to its decision. */
export const DECISION_HOURS = 3;

/**
 * Where referrals come from (SOURCE OF REFERRAL FOR MENTAL HEALTH), as shares: GP practices first,
 * then self and carer referrals, the emergency department, police, social services, internal and
 * other services; the rest has no recorded source.
 */
const SOURCE_SHARES: readonly (readonly [ReferralSourceCode, number])[] = [
  ['A1', 0.56],
  ['B1', 0.12],
  ['B2', 0.04],
  ['H1', 0.07],
  ['E1', 0.04],
  ['C1', 0.04],
  ['P1', 0.05],
  ['M6', 0.03],
];

/** Deterministic per trust: a bigger trust (more wards) sits higher in the SPA range. */
export function referralProfile(trustOds: string, wardCount: number): ReferralProfile {
  const random = seededRandom(`referral-profile|${trustOds}`);
  const [low, high] = SPA_WEEKDAY_RANGE;
  const size = Math.min(1, Math.max(0, (wardCount - 4) / 16));
  const [minAccept, maxAccept] = ACCEPTANCE_RANGE;
  return {
    weekdayReferrals: Math.round(low + (high - low) * (0.6 * size + 0.4 * random())),
    acceptance: minAccept + (maxAccept - minAccept) * random(),
  };
}

/** A day's referrals as reported at `instant` (received, decided so far, by source). */
export function referralCountsAt(
  profile: ReferralProfile,
  date: string,
  instant: number,
  seed: string,
): ReferralCounts & { bySource: ReferralSourceCounts } {
  const random = seededRandom(`${seed}|referrals|${date}`);
  const volume = isWeekend(date) ? WEEKEND_REFERRALS * profile.weekdayReferrals : profile.weekdayReferrals;
  const total = Math.round(volume * (0.85 + random() * 0.3));
  const acceptance = profile.acceptance * (0.95 + random() * 0.1);
  const received = Math.floor(total * elapsedShareOfDay(date, instant));
  const decided = Math.min(received, Math.floor(total * elapsedShareOfDay(date, instant - DECISION_HOURS * 3_600_000)));
  const accepted = Math.round(decided * acceptance);
  const bySource: ReferralSourceCounts = {};
  for (const [code, share] of SOURCE_SHARES) {
    const count = Math.floor(received * share);
    if (count > 0) bySource[code] = count;
  }
  return { received, accepted, declined: decided - accepted, pending: received - decided, bySource };
}

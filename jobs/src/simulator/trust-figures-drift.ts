/**
 * How the demo trusts' own figures move (issue #14 item 6): admission referrals arrive and clear in
 * each setting, discharges accumulate through a counting window and start again from 0 when the next
 * return falls due, a Section 136 breach happens now and then, and patients from other trusts come
 * and go. Pure: the simulator supplies the randomness and the clock, and sends what this returns
 * through the ingest like any feed.
 */
import type { ReferralSetting, TrustFiguresObservation } from '@wardpulse/shared';
import { countingWindowStart, REFERRAL_SETTINGS } from '@wardpulse/shared';
import { randomInt, type Random } from '../demo/random.js';

/** Chance per tick that a trust reports its figures (≈ every 4 ticks). */
export const TRUST_FIGURES_REPORT_CHANCE = 1 / 4;

/** Where people wait for a bed, as a share of those waiting (most in A&E or at home). */
const SETTING_WEIGHTS: Record<ReferralSetting, number> = {
  emergencyDepartment: 0.35,
  communityOrHome: 0.3,
  section136Suite: 0.1,
  policeCustody: 0.05,
  acuteWard: 0.12,
  other: 0.08,
};

/** What a trust of this size sees: people waiting at a time, discharges an hour, patients of other trusts. */
export interface TrustFiguresProfile {
  typicalWaiting: number;
  dischargesPerHour: number;
  typicalFromOutside: number;
}

export function trustFiguresProfile(wardCount: number): TrustFiguresProfile {
  return {
    typicalWaiting: Math.max(2, Math.round(wardCount * 0.35)),
    // About one discharge a ward every four days: wards of ~20 beds with stays of weeks.
    dischargesPerHour: Math.max(0.1, wardCount / 96),
    typicalFromOutside: Math.max(1, Math.round(wardCount * 0.15)),
  };
}

function report(
  trustOds: string,
  eventId: string,
  now: number,
  figures: Omit<TrustFiguresObservation, 'eventId' | 'trustOds' | 'observedAt'>,
): TrustFiguresObservation {
  return { eventId, trustOds, observedAt: new Date(now).toISOString(), ...figures };
}

/** A first report: people waiting around the typical number, the window's discharges so far. */
export function initialTrustFigures(
  trustOds: string,
  profile: TrustFiguresProfile,
  eventId: string,
  now: number,
  random: Random,
): TrustFiguresObservation {
  const windowStart = countingWindowStart(now);
  const hours = (now - windowStart) / 3_600_000;
  const referralsWaiting = Object.fromEntries(
    REFERRAL_SETTINGS.map((setting) => [
      setting,
      randomInt(random, 0, Math.max(0, Math.round(profile.typicalWaiting * SETTING_WEIGHTS[setting] * 2))),
    ]),
  ) as Record<ReferralSetting, number>;
  return report(trustOds, eventId, now, {
    referralsWaiting,
    countingSince: new Date(windowStart).toISOString(),
    completedDischarges: Math.round(hours * profile.dischargesPerHour * (0.5 + random())),
    section136Breaches: 0,
    patientsFromOutside: randomInt(random, 0, profile.typicalFromOutside * 2),
  });
}

/**
 * The next report after `previous`, `elapsedMs` later: in each setting a referral arrives with a
 * chance that keeps the typical number waiting, and each person waiting is admitted (or placed)
 * with a small chance; discharges grow with time and restart from 0 in a new counting window.
 */
export function nextTrustFigures(
  previous: TrustFiguresObservation,
  profile: TrustFiguresProfile,
  eventId: string,
  now: number,
  random: Random,
): TrustFiguresObservation {
  const elapsedHours = Math.max(0, now - Date.parse(previous.observedAt)) / 3_600_000;
  const windowStart = countingWindowStart(now);
  const sameWindow = Date.parse(previous.countingSince) === windowStart;
  const referralsWaiting = { ...previous.referralsWaiting };
  for (const setting of REFERRAL_SETTINGS) {
    const typical = profile.typicalWaiting * SETTING_WEIGHTS[setting];
    // Arrivals balance clearances at the typical number: a tenth of those waiting clear per step.
    if (random() < Math.min(0.9, typical * 0.1)) referralsWaiting[setting] += 1;
    const cleared = [...Array(referralsWaiting[setting]).keys()].filter(() => random() < 0.1).length;
    referralsWaiting[setting] = Math.max(0, referralsWaiting[setting] - cleared);
  }
  const expectedDischarges = elapsedHours * profile.dischargesPerHour;
  const discharged = Math.floor(expectedDischarges) + (random() < expectedDischarges % 1 ? 1 : 0);
  const breached = random() < 0.01 ? 1 : 0;
  // Patients of other trusts come and go; above three times the typical number (a person's own figure, say) only go.
  const drift = random() < 0.15 ? (random() < 0.5 ? -1 : 1) : 0;
  const fromOutsideStep = drift > 0 && previous.patientsFromOutside >= profile.typicalFromOutside * 3 ? 0 : drift;
  return report(previous.trustOds, eventId, now, {
    referralsWaiting,
    countingSince: new Date(windowStart).toISOString(),
    completedDischarges: (sameWindow ? previous.completedDischarges : 0) + discharged,
    section136Breaches: (sameWindow ? previous.section136Breaches : 0) + breached,
    patientsFromOutside: Math.max(0, previous.patientsFromOutside + fromOutsideStep),
  });
}

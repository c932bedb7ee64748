/**
 * How a simulated trust's care contacts build up through a London day, by CONSULTATION
 * MECHANISM (domain.md): mostly face to face (01) and telephone (02), 10–25% video (11), a few
 * "other" (98). Weekdays follow the working day (a morning rise, a lunch dip, an afternoon peak,
 * a crisis-team trickle overnight); weekends see a small fraction of a weekday's contacts.
 *
 * A day's totals come from a Random seeded by trust and date, and the counts reported at an
 * instant are those totals times the share of the day's activity elapsed: so a day's counts
 * never decrease, and a restarted simulator reports the same day the same way.
 */
import type { ConsultationMechanism } from '@wardpulse/shared';
import { addDays, londonMidnight } from '@wardpulse/shared';
import { seededRandom, type Random } from '../demo/random.js';

/** The mechanisms the simulator reports, always all four (zeros included). */
export const SIMULATED_MECHANISMS = ['01', '02', '11', '98'] as const satisfies readonly ConsultationMechanism[];
export type SimulatedMechanism = (typeof SIMULATED_MECHANISMS)[number];
export type SimulatedCounts = Record<SimulatedMechanism, number>;

/** A trust's habits: its weekday volume and how its contacts split by mechanism. */
export interface VideoProfile {
  weekdayContacts: number;
  videoShare: number;
  telephoneShare: number;
  otherShare: number;
}

/** Video share bounds (domain.md example trust: ~2,800 video consults a month). */
export const VIDEO_SHARE_RANGE = [0.1, 0.25] as const;
/** A weekend day's contacts as a share of a weekday's (crisis and home treatment teams). */
export const WEEKEND_VOLUME = 0.08;

/** Relative activity in each London clock hour, 00:00 to 23:00. */
const WEEKDAY_HOURS = [0.4, 0.3, 0.3, 0.3, 0.3, 0.4, 0.8, 2, 5, 9, 11, 11, 8, 9, 11, 10, 8, 5, 3, 2, 1.5, 1, 0.7, 0.5];
const WEEKEND_HOURS = [0.4, 0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 1, 2, 3, 3.5, 3.5, 3, 3, 3, 3, 2.5, 2, 1.5, 1.2, 1, 0.8, 0.6, 0.5];

/** Deterministic per trust: its size sets the volume (about 90–150 contacts a weekday per ward). */
export function videoProfile(trustOds: string, wardCount: number): VideoProfile {
  const random = seededRandom(`video-profile|${trustOds}`);
  return {
    weekdayContacts: Math.round(Math.max(10, wardCount) * (90 + random() * 60)),
    videoShare: 0.11 + random() * 0.11,
    telephoneShare: 0.24 + random() * 0.1,
    otherShare: 0.005 + random() * 0.01,
  };
}

export function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** A whole day's contacts by mechanism. Pure given the Random (seed it by trust and date). */
export function dayTotals(profile: VideoProfile, date: string, random: Random): SimulatedCounts {
  const weekend = isWeekend(date);
  const contacts = profile.weekdayContacts * (weekend ? WEEKEND_VOLUME * (0.8 + random() * 0.4) : 0.9 + random() * 0.2);
  const [minVideo, maxVideo] = VIDEO_SHARE_RANGE;
  const video = Math.min(maxVideo, Math.max(minVideo, profile.videoShare * (0.9 + random() * 0.2) * (weekend ? 0.85 : 1)));
  const telephone = profile.telephoneShare * (0.9 + random() * 0.2);
  const other = profile.otherShare * (0.8 + random() * 0.4);
  const counts = {
    '02': Math.round(contacts * telephone),
    '11': Math.round(contacts * video),
    '98': Math.round(contacts * other),
  };
  return { '01': Math.max(0, Math.round(contacts) - counts['02'] - counts['11'] - counts['98']), ...counts };
}

/**
 * The share of `date`'s activity that happened before `instant`: 0 before the day, 1 after it,
 * rising with the hourly pattern in between. Measured in elapsed time from London midnight (so it
 * never goes backwards on the autumn clock change), scaled to 24 hours.
 */
export function elapsedShareOfDay(date: string, instant: number): number {
  const start = londonMidnight(date);
  const end = londonMidnight(addDays(date, 1));
  if (instant <= start) return 0;
  if (instant >= end) return 1;
  const hours = isWeekend(date) ? WEEKEND_HOURS : WEEKDAY_HOURS;
  const total = hours.reduce((sum, weight) => sum + weight, 0);
  const clock = ((instant - start) / (end - start)) * 24;
  const whole = Math.floor(clock);
  let done = 0;
  for (let hour = 0; hour < whole; hour++) done += hours[hour]!;
  done += (clock - whole) * hours[whole]!;
  return Math.min(1, done / total);
}

/** The counts reported when `share` of the day has passed: never more than the totals, never fewer later. */
export function countsSoFar(totals: SimulatedCounts, share: number): SimulatedCounts {
  const part = (value: number) => Math.floor(value * Math.min(1, Math.max(0, share)));
  return { '01': part(totals['01']), '02': part(totals['02']), '11': part(totals['11']), '98': part(totals['98']) };
}

/** The day's counts as reported at `instant`, for a trust whose day is seeded by `seed`. */
export function videoCountsAt(profile: VideoProfile, date: string, instant: number, seed: string): SimulatedCounts {
  return countsSoFar(dayTotals(profile, date, seededRandom(`${seed}|${date}`)), elapsedShareOfDay(date, instant));
}

/** The earlier days of this week and month that a fresh board needs (`from` up to, not including, `today`). */
export function daysBefore(from: string, today: string): string[] {
  const days: string[] = [];
  for (let date = from; date < today; date = addDays(date, 1)) days.push(date);
  return days;
}

/**
 * Words for trust figures on boards and the quick form: short setting names for a wall, the London
 * clock time a counting window began, and who or what reported. Every figure comes from shared/.
 */
import { londonDateOf, type FiguresSource, type ReferralSetting } from '@wardpulse/shared';

/** Setting names short enough for a wall panel; screen readers hear the full label (REFERRAL_SETTING_LABELS). */
export const REFERRAL_SETTING_SHORT_LABELS: Record<ReferralSetting, string> = {
  emergencyDepartment: 'A&E',
  communityOrHome: 'Home',
  section136Suite: 'S136',
  policeCustody: 'Custody',
  acuteWard: 'Acute',
  other: 'Other',
};

const CLOCK = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
const DAY_CLOCK = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "14:00" on the London clock, with the weekday ("Tue 18:00") when it is not today in London. */
export function londonClock(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return londonDateOf(at) === londonDateOf(nowMs) ? CLOCK.format(at) : DAY_CLOCK.format(at);
}

/** Who or what sent the figures, in words: "Jane Smith, by hand" or "feed: Flow system". */
export function reportedBy(source: FiguresSource): string {
  return source.kind === 'manual' ? `${source.name}, by hand` : `feed: ${source.name}`;
}

/**
 * The Section 136 detention clock: how long a person may be kept at a place of safety, and how
 * much of it is left, so a breach is visible before it happens (docs/measures.md, "Section 136").
 *
 * Mental Health Act 1983 s136(2A), inserted by the Policing and Crime Act 2017 s82: the permitted
 * period of detention is 24 hours beginning with the person's arrival at the place of safety (or,
 * for a person already at one, when the constable decides to keep them there). An A&E department
 * used first is a place of safety, so the clock starts there and carries on through transfers.
 * s136B: the doctor responsible for the examination may, before the 24 hours end, authorise a
 * further period of up to 12 hours, beginning when the 24 hours end.
 *
 * Times are instants (epoch ms): the 24 hours are elapsed hours, not wall-clock hours, so a
 * detention across a BST/GMT change ends an hour later or earlier on London's clocks.
 */
import { LONDON } from './calendar.js';

const HOUR_MS = 3_600_000;

/** s136(2A): 24 hours. */
export const S136_PERMITTED_PERIOD_MS = 24 * HOUR_MS;
/** s136B(1): a further period not exceeding 12 hours. */
export const S136_MAX_EXTENSION_HOURS = 12;
/**
 * WardPulse's warning, not the Act's: the limit shows as due soon this long before it ends, time
 * enough to arrange the assessment, the doctor's decision on an extension, or a bed.
 */
export const S136_DUE_SOON_MS = 2 * HOUR_MS;

export interface DetentionClockInput {
  /** When the permitted period began (s136(2A)): arrival at the first place of safety, A&E included. */
  startedAt: number;
  /** Hours authorised under s136B (1–12); 0 when none. */
  extensionHours: number;
}

/** Within the period; less than S136_DUE_SOON_MS left; the period has ended (a breach). */
export type DetentionStage = 'within' | 'due-soon' | 'breached';

export interface DetentionClock {
  startedAt: number;
  /** When the first 24 hours end. */
  firstPeriodEndsAt: number;
  /** When the permitted period ends: the 24 hours and any s136B extension. */
  endsAt: number;
  extensionHours: number;
  elapsedMs: number;
  /** Time left; negative once overdue (by that much). */
  remainingMs: number;
  stage: DetentionStage;
  /** s136B(1): an extension may still be given (none yet, and the 24 hours are not over). */
  extensionStillPossible: boolean;
}

export function detentionClock(input: DetentionClockInput, now: number): DetentionClock {
  const extensionHours = Math.min(Math.max(input.extensionHours, 0), S136_MAX_EXTENSION_HOURS);
  const firstPeriodEndsAt = input.startedAt + S136_PERMITTED_PERIOD_MS;
  const endsAt = firstPeriodEndsAt + extensionHours * HOUR_MS;
  const remainingMs = endsAt - now;
  // "24 hours beginning with" arrival: at 24:00 elapsed the period is over.
  const stage: DetentionStage = remainingMs <= 0 ? 'breached' : remainingMs <= S136_DUE_SOON_MS ? 'due-soon' : 'within';
  return {
    startedAt: input.startedAt,
    firstPeriodEndsAt,
    endsAt,
    extensionHours,
    elapsedMs: now - input.startedAt,
    remainingMs,
    stage,
    extensionStillPossible: extensionHours === 0 && now < firstPeriodEndsAt,
  };
}

/** `23 h 05 min`, `45 min`, `0 min`: a duration rounded down to the minute (sign ignored). */
export function formatDetentionDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours > 0 ? `${hours} h ${String(rest).padStart(2, '0')} min` : `${rest} min`;
}

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** An instant on London's clocks with the zone in force, e.g. `13:00 BST Sun 29 Mar`. */
export function londonClockLabel(instant: number): string {
  const parts = LONDON_CLOCK.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // Without full ICU the zone prints as GMT+1; people read BST.
  const zone = part('timeZoneName').replace(/^GMT\+1$/, 'BST');
  return `${part('hour')}:${part('minute')} ${zone} ${part('weekday')} ${part('day')} ${part('month')}`;
}

/** What a board says about a detention: time left and when it ends, or how long overdue. */
export function describeDetention(clock: DetentionClock): string {
  if (clock.stage === 'breached') return `Over the limit by ${formatDetentionDuration(clock.remainingMs)}`;
  return `${formatDetentionDuration(clock.remainingMs)} left (limit ${londonClockLabel(clock.endsAt)})`;
}

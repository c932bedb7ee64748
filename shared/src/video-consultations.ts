/**
 * Video consultations (domain.md): care contacts by Data Dictionary CONSULTATION MECHANISM;
 * video consults are contacts with code 11. A source sends, per trust (optionally per service)
 * and London calendar day, the day's contact counts by mechanism; a later report of the same
 * day replaces the earlier one (counts grow through the day).
 *
 * A trust sends either whole-trust rows (no service) or per-service rows, not both: roll-ups
 * sum every row.
 */
import { z } from 'zod';
import { calendarDateSchema, londonPeriod } from './calendar.js';
import { eventIdSchema } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { odsCodeSchema } from './org.js';
import { isLaterFact } from './last-writer-wins.js';
import { sourceTimeViolations } from './text.js';

export const CONSULTATION_MECHANISMS = {
  '01': 'Face to face',
  '02': 'Telephone',
  '03': 'Telemedicine web camera',
  '04': 'Talk type for a person unable to speak',
  '09': 'Text message (asynchronous)',
  '10': 'Instant messaging (synchronous)',
  '11': 'Video consultation',
  '12': 'Message board (asynchronous)',
  '13': 'Chat room (synchronous)',
  '98': 'Other',
} as const;
export type ConsultationMechanism = keyof typeof CONSULTATION_MECHANISMS;
// Sorted: JavaScript lists integer-like keys ("10" … "98") before the others ("01" … "09").
export const CONSULTATION_MECHANISM_CODES = (Object.keys(CONSULTATION_MECHANISMS) as ConsultationMechanism[]).sort();
export const VIDEO_CONSULTATION: ConsultationMechanism = '11';

export const MAX_DAILY_CONTACTS = 1_000_000;

export const contactCountsSchema = z
  .record(z.string(), z.int('must be a whole number'))
  .describe('Contacts by CONSULTATION MECHANISM code, e.g. {"01": 420, "02": 130, "11": 95}');

export const videoConsultationDaySchema = z.strictObject({
  eventId: eventIdSchema,
  trustOds: odsCodeSchema,
  service: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and hyphens')
    .optional()
    .describe('Omit for whole-trust counts'),
  date: calendarDateSchema.describe('London calendar day the contacts took place'),
  observedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' }),
  counts: contactCountsSchema,
});
export type VideoConsultationDay = z.infer<typeof videoConsultationDaySchema>;

/** The live record of one trust's (service's) day: the latest report. */
export type VideoDayRecord = VideoConsultationDay;

export function videoDayKey(record: Pick<VideoDayRecord, 'trustOds' | 'service' | 'date'>): string {
  return `${record.service ?? '*'}|${record.date}`;
}

export function videoDayViolations(day: VideoConsultationDay, nowMs: number, prefix: readonly PropertyKey[] = []): ErrorDetail[] {
  const at = (...path: PropertyKey[]) => formatPath([...prefix, ...path]);
  const violations: ErrorDetail[] = [];
  const codes = Object.keys(day.counts);
  if (codes.length === 0) violations.push({ path: at('counts'), message: 'must hold at least one mechanism code' });
  for (const code of codes) {
    const value = day.counts[code]!;
    if (!(code in CONSULTATION_MECHANISMS)) {
      violations.push({
        path: at('counts', code),
        message: `is not a CONSULTATION MECHANISM code (one of: ${CONSULTATION_MECHANISM_CODES.join(', ')})`,
      });
    } else if (value < 0) {
      violations.push({ path: at('counts', code), message: `must not be negative (got ${value})` });
    } else if (value > MAX_DAILY_CONTACTS) {
      violations.push({ path: at('counts', code), message: `must be at most ${MAX_DAILY_CONTACTS} (got ${value})` });
    }
  }
  const today = londonPeriod('day', nowMs);
  if (day.date >= today.endDate) violations.push({ path: at('date'), message: `is after today (${today.startDate})` });
  if (Date.parse(day.observedAt) > nowMs + 5 * 60 * 1000)
    violations.push({ path: at('observedAt'), message: 'is more than 5 minutes in the future' });
  violations.push(...sourceTimeViolations(day.observedAt, [...prefix, 'observedAt']));
  return violations;
}

export function isNewerVideoDay(candidate: VideoDayRecord, current: VideoDayRecord | null): boolean {
  return isLaterFact(
    { at: candidate.observedAt, eventId: candidate.eventId },
    current && { at: current.observedAt, eventId: current.eventId },
  );
}

export interface ContactTotals {
  video: number;
  all: number;
  /** video ÷ all contacts; null when there were none. */
  videoShare: number | null;
}

export interface VideoFigures {
  today: ContactTotals;
  thisWeek: ContactTotals;
  thisMonth: ContactTotals;
}

function totals(days: readonly VideoDayRecord[]): ContactTotals {
  let video = 0;
  let all = 0;
  for (const day of days) {
    for (const [code, value] of Object.entries(day.counts)) {
      all += value;
      if (code === VIDEO_CONSULTATION) video += value;
    }
  }
  return { video, all, videoShare: all === 0 ? null : video / all };
}

/** Today, this week (Monday start) and this month on London's calendar. */
export function videoFigures(days: readonly VideoDayRecord[], now: number): VideoFigures {
  const within = (kind: 'day' | 'week' | 'month') => {
    const period = londonPeriod(kind, now);
    return totals(days.filter((day) => day.date >= period.startDate && day.date < period.endDate));
  };
  return { today: within('day'), thisWeek: within('week'), thisMonth: within('month') };
}

/** The earliest date a live view still needs: the start of this week or this month, whichever is earlier. */
export function earliestLiveVideoDate(now: number): string {
  const week = londonPeriod('week', now).startDate;
  const month = londonPeriod('month', now).startDate;
  return week < month ? week : month;
}

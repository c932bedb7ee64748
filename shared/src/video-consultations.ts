/**
 * Video consultations (domain.md): care contacts by the Data Dictionary's CONSULTATION MECHANISM
 * (MENTAL HEALTH); video consults are contacts with code 11, shown beside face to face (01) and
 * telephone (02). A source sends, per trust (optionally per service) and London calendar day, the
 * day's contact counts by mechanism; a later report of the same day replaces the earlier one
 * (counts grow through the day).
 *
 * A trust reports a day as whole-trust counts (no service) or per service, never both: ingest
 * refuses the second form (videoDayFormViolations), because the two would be added together.
 */
import { z } from 'zod';
import { calendarDateSchema, londonPeriod } from './calendar.js';
import { eventIdSchema } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { odsCodeSchema } from './org.js';
import { isLaterObservation } from './last-writer-wins.js';
import { refuseProtoKey, sourceTimeViolations } from './text.js';

/**
 * CONSULTATION MECHANISM (MENTAL HEALTH), current release, and 03 "telemedicine web camera" of the
 * retired CONSULTATION MEDIUM USED, which history from before the change carries: it is accepted and
 * counted as video (domain.md).
 */
export const CONSULTATION_MECHANISMS = {
  '01': 'Face to face',
  '02': 'Telephone',
  '03': 'Telemedicine web camera (retired code, counted as video)',
  '04': 'Talk type for a person unable to speak',
  '05': 'Email',
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
/** What counts as video: code 11, and the retired 03 (telemedicine web camera) it replaced. */
export const VIDEO_MECHANISMS: readonly ConsultationMechanism[] = ['11', '03'];
export const FACE_TO_FACE: ConsultationMechanism = '01';
export const TELEPHONE: ConsultationMechanism = '02';

export function isVideoMechanism(code: string): boolean {
  return (VIDEO_MECHANISMS as readonly string[]).includes(code);
}

export const MAX_DAILY_CONTACTS = 1_000_000;

export const contactCountsSchema = z
  .preprocess(refuseProtoKey('is not a CONSULTATION MECHANISM code'), z.record(z.string(), z.int('must be a whole number')))
  .describe(
    'Contacts by CONSULTATION MECHANISM (MENTAL HEALTH) code: 01 face to face, 02 telephone, 04 talk type, 05 email, 09 text message, 10 instant messaging, 11 video, 12 message board, 13 chat room, 98 other; 03 (retired telemedicine web camera) is accepted and counted as video. E.g. {"01": 420, "02": 130, "11": 95}',
  );

export const videoConsultationDaySchema = z.strictObject({
  eventId: eventIdSchema,
  trustOds: odsCodeSchema,
  service: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and hyphens')
    .optional()
    .describe(
      'Omit for whole-trust counts. A trust reports a day either whole-trust or per service, not both: the other form is a 422 naming service',
    ),
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
    if (!Object.hasOwn(CONSULTATION_MECHANISMS, code)) {
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
  return isLaterObservation(candidate, current);
}

/** A trust's day, whatever the service: the unit "whole-trust or per service, not both" applies to. */
export function videoDayFormKey(day: Pick<VideoConsultationDay, 'trustOds' | 'date'>): string {
  return `${day.trustOds}|${day.date}`;
}

/** The services each trust's day has been reported for (null: whole-trust counts), by videoDayFormKey. */
export type VideoDayForms = Map<string, Set<string | null>>;

export function addVideoDayForm(forms: VideoDayForms, day: Pick<VideoConsultationDay, 'trustOds' | 'date' | 'service'>): void {
  const key = videoDayFormKey(day);
  forms.set(key, (forms.get(key) ?? new Set()).add(day.service ?? null));
}

/**
 * A day is reported as whole-trust counts or per service, not both (422 naming `service`): the two
 * would be added together and count every contact twice. `forms` holds what the trust already sent
 * for its days (the event log, then earlier events of the same batch). The first report of a day
 * fixes its form; later reports of the same form replace each other as usual.
 */
export function videoDayFormViolations(
  day: Pick<VideoConsultationDay, 'trustOds' | 'date' | 'service'>,
  forms: ReadonlyMap<string, ReadonlySet<string | null>>,
  prefix: readonly PropertyKey[] = [],
): ErrorDetail[] {
  const sent = forms.get(videoDayFormKey(day));
  if (!sent) return [];
  const path = formatPath([...prefix, 'service']);
  const notBoth = 'a day is reported as whole-trust counts or per service, not both (the two would be added together)';
  if (day.service === undefined) {
    const services = [...sent].filter((service): service is string => service !== null).sort();
    return services.length === 0
      ? []
      : [
          {
            path,
            message: `is missing, but ${day.trustOds} reported ${day.date} per service (${services.join(', ')}): ${notBoth}`,
          },
        ];
  }
  return sent.has(null)
    ? [{ path, message: `must be left out: ${day.trustOds} reported ${day.date} as whole-trust counts; ${notBoth}` }]
    : [];
}

/**
 * The rows that count: where a trust's day has a whole-trust row, its per-service rows are left out.
 * Ingest refuses the mix; this keeps one logged before the rule (or two first reports racing each
 * other) from being counted twice.
 */
export function countedVideoDays<Day extends Pick<VideoDayRecord, 'trustOds' | 'date' | 'service'>>(days: readonly Day[]): Day[] {
  const whole = new Set(days.filter((day) => day.service === undefined).map(videoDayFormKey));
  return days.filter((day) => day.service === undefined || !whole.has(videoDayFormKey(day)));
}

export interface ContactTotals {
  /** Video contacts: code 11, and the retired 03. */
  video: number;
  /** Face to face (01). */
  faceToFace: number;
  /** Telephone (02). */
  telephone: number;
  /** Every contact, whatever the mechanism. */
  all: number;
  /** video ÷ all contacts; null when there were none. */
  videoShare: number | null;
}

export interface VideoFigures {
  today: ContactTotals;
  thisWeek: ContactTotals;
  thisMonth: ContactTotals;
}

/** Contacts of some days (any trusts, services, dates) added up, each contact once. */
export function contactTotals(days: readonly VideoDayRecord[]): ContactTotals {
  let video = 0;
  let faceToFace = 0;
  let telephone = 0;
  let all = 0;
  for (const day of countedVideoDays(days)) {
    for (const [code, value] of Object.entries(day.counts)) {
      all += value;
      if (isVideoMechanism(code)) video += value;
      else if (code === FACE_TO_FACE) faceToFace += value;
      else if (code === TELEPHONE) telephone += value;
    }
  }
  return { video, faceToFace, telephone, all, videoShare: all === 0 ? null : video / all };
}

/** Today, this week (Monday start) and this month on London's calendar. */
export function videoFigures(days: readonly VideoDayRecord[], now: number): VideoFigures {
  const within = (kind: 'day' | 'week' | 'month') => {
    const period = londonPeriod(kind, now);
    return contactTotals(days.filter((day) => day.date >= period.startDate && day.date < period.endDate));
  };
  return { today: within('day'), thisWeek: within('week'), thisMonth: within('month') };
}

/** The earliest date a live view still needs: the start of this week or this month, whichever is earlier. */
export function earliestLiveVideoDate(now: number): string {
  const week = londonPeriod('week', now).startDate;
  const month = londonPeriod('month', now).startDate;
  return week < month ? week : month;
}

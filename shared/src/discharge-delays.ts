/**
 * Delayed discharges (issue #17 item 1): per ward, the patients clinically ready for discharge whose
 * discharge is delayed, each with the reason and the date the delay began — never who they are.
 *
 * A source reports a ward's whole list at once (a snapshot: `dischargeDelaysSnapshotSchema`), and the
 * latest snapshot of a ward wins by source time (last-writer-wins, like bed states). Each delay carries
 * only a source-chosen opaque key (`ref`, so a form can remove one delay), the reason, optionally whom
 * the delay is attributable to, and `delayedSince` (a calendar date). Days delayed and bands are
 * derived here at read time.
 *
 * Reason codes are MHSDS v6's CLINICALLY READY FOR DISCHARGE DELAY REASON (table MHS518, from April
 * 2024; it replaced v5's MHS504 DELAYED DISCHARGE REASON letter codes), and attribution is MHSDS's
 * ATTRIBUTABLE TO INDICATION CODE (MENTAL HEALTH DELAYED DISCHARGE): 04 NHS, 05 social care, 06 both
 * (each "excluding housing"; v5's 07 "housing" was retired in v6 — housing is its own reasons here).
 * Sources: docs/measures.md, "Delayed discharges".
 *
 * Delayed bed days follow the KH03 midnight census (as OAP bed days, placements.ts): a night counts
 * one bed day per delay open in the ward's latest snapshot observed at or before the midnight that
 * ends it. The live record keeps, per night, the latest snapshot's count before that midnight, so the
 * month's bed days need no history and stay the same whatever order snapshots arrive in.
 */
import { looksLikeNhsNumber, NHS_NUMBER_REFUSAL, opaqueRefSchema } from './opaque-ref.js';
import { z } from 'zod';
import { MAX_FUTURE_SKEW_MS, eventIdSchema } from './bed-state.js';
import { addDays, calendarDateSchema, daysBetween, londonDateOf, londonMidnight, londonPeriod } from './calendar.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { isLaterFact } from './last-writer-wins.js';
import { wardIdSchema } from './org.js';
import { sourceTimeViolations } from './text.js';

/** One reason: the published code and text, and the few words a board shows. */
export interface DelayReason {
  code: string;
  /** As NHS England publishes it (MHSDS v6, CLINICALLY READY FOR DISCHARGE DELAY REASON). */
  label: string;
  /** For boards: "4 awaiting supported accommodation". */
  short: string;
}

/** MHSDS v6 CLINICALLY READY FOR DISCHARGE DELAY REASON, in code order. */
export const DELAY_REASONS = [
  { code: '01', label: 'Awaiting care coordinator allocation', short: 'awaiting care coordinator' },
  { code: '02', label: 'Awaiting allocation of community psychiatrist', short: 'awaiting community psychiatrist' },
  { code: '03', label: 'Awaiting allocation of social worker', short: 'awaiting social worker' },
  { code: '04', label: 'Awaiting public funding or decision from funding panel', short: 'funding decision' },
  {
    code: '05',
    label:
      'Awaiting further community or mental health NHS Services not delivered in an acute setting including intermediate care, rehabilitation services, step down service',
    short: 'further NHS community or mental health services',
  },
  {
    code: '06',
    label: 'Awaiting availability of placement in prison or Immigration Removal Centre',
    short: 'prison or removal centre place',
  },
  { code: '07', label: 'Awaiting availability of placement in care home without nursing', short: 'care home without nursing' },
  { code: '08', label: 'Awaiting availability of placement in care home with nursing', short: 'care home with nursing' },
  { code: '09', label: 'Awaiting commencement of care package in usual or temporary place of residence', short: 'care package' },
  {
    code: '10',
    label: 'Awaiting provision of community equipment and/or adaptations to own home',
    short: 'equipment or adaptations',
  },
  { code: '11', label: 'Patient or Family choice', short: 'patient or family choice' },
  { code: '12', label: 'Disputes relating to responsible commissioner for post-discharge care', short: 'commissioner dispute' },
  {
    code: '13',
    label: 'Disputes relating to post-discharge care pathway between clinical teams and/or care panels',
    short: 'care pathway dispute',
  },
  { code: '14', label: 'Housing - awaiting availability of private rented accommodation', short: 'housing: private rented' },
  {
    code: '15',
    label: 'Housing - awaiting availability of social rented housing via council housing waiting list',
    short: 'housing: social rented',
  },
  { code: '16', label: 'Housing - awaiting purchase/sourcing of own home', short: 'housing: own home' },
  {
    code: '17',
    label: 'Housing - Patient NOT eligible for funded care or support',
    short: 'housing: not eligible for funded care',
  },
  { code: '18', label: 'Housing - Awaiting supported accommodation', short: 'awaiting supported accommodation' },
  {
    code: '19',
    label: 'Housing - Awaiting temporary accommodation from the Local Authority under housing legislation',
    short: 'housing: temporary accommodation',
  },
  { code: '20', label: "Awaiting availability of residential children's home (non-secure)", short: "children's home" },
  {
    code: '21',
    label: "Awaiting availability of secure children's home (welfare or non-welfare)",
    short: "secure children's home",
  },
  { code: '22', label: 'Awaiting availability of placement in Youth Offender Institution', short: 'youth offender institution' },
  { code: '23', label: 'Child or young person awaiting foster placement', short: 'foster placement' },
  { code: '24', label: 'Awaiting Ministry of Justice agreement to proposed placement', short: 'Ministry of Justice agreement' },
  {
    code: '25',
    label: 'Awaiting outcome of legal proceedings under relevant Mental Health legislation',
    short: 'legal: Mental Health Act proceedings',
  },
  { code: '26', label: 'Awaiting Court of Protection proceedings', short: 'legal: Court of Protection' },
  { code: '27', label: 'Awaiting Deprivation of Liberty Safeguards (DOLS) Application', short: 'legal: DoLS application' },
  { code: '28', label: 'Delay due to consideration of specific court judgements', short: 'legal: court judgement' },
  { code: '29', label: 'Awaiting residential special school or college placement', short: 'special school or college' },
  { code: '30', label: 'Lack of local education support', short: 'education support' },
  {
    code: '31',
    label: 'Public safety concern unrelated to clinical treatment need (care team and/or ministry of justice)',
    short: 'public safety concern',
  },
  {
    code: '32',
    label: 'Highly bespoke housing and/or care arrangements not available in the community',
    short: 'bespoke housing or care',
  },
  {
    code: '33',
    label: 'No lawful support available in the community excluding social care',
    short: 'no lawful community support',
  },
  { code: '34', label: 'No social care support including social care funded placement', short: 'no social care support' },
  { code: '35', label: 'Delays to NHS-led assessments in the community', short: 'NHS assessment' },
  { code: '36', label: 'Hospital staff shortages', short: 'hospital staff shortages' },
  { code: '37', label: 'Delays to non-NHS led assessments in the community', short: 'non-NHS assessment' },
  { code: '98', label: 'Reason not known', short: 'reason not known' },
] as const satisfies readonly DelayReason[];

export type DelayReasonCode = (typeof DELAY_REASONS)[number]['code'];
export const DELAY_REASON_CODES = DELAY_REASONS.map((reason) => reason.code) as [DelayReasonCode, ...DelayReasonCode[]];
const REASONS_BY_CODE = new Map<string, DelayReason>(DELAY_REASONS.map((reason) => [reason.code, reason]));

export function delayReason(code: string): DelayReason | undefined {
  return REASONS_BY_CODE.get(code);
}

/** MHSDS ATTRIBUTABLE TO INDICATION CODE (MENTAL HEALTH DELAYED DISCHARGE), v6 values. */
export const DELAY_ATTRIBUTIONS = [
  { code: '04', label: 'NHS', key: 'nhs' },
  { code: '05', label: 'Social care', key: 'socialCare' },
  { code: '06', label: 'Both NHS and social care', key: 'both' },
] as const;
export type DelayAttributionCode = (typeof DELAY_ATTRIBUTIONS)[number]['code'];
export type DelayAttributionKey = (typeof DELAY_ATTRIBUTIONS)[number]['key'];

/**
 * Delay bands in days delayed (days since `delayedSince` on London's calendar, 0 on its first day).
 * NHS England publishes no mental health bands; these are the project's (docs/measures.md): a week,
 * two weeks, four weeks, ~three months, longer.
 */
export const DELAY_BANDS = [
  { id: '0-7', label: '0–7 days', min: 0, max: 7 },
  { id: '8-14', label: '8–14 days', min: 8, max: 14 },
  { id: '15-28', label: '15–28 days', min: 15, max: 28 },
  { id: '29-90', label: '29–90 days', min: 29, max: 90 },
  { id: '91+', label: 'over 90 days', min: 91, max: Number.POSITIVE_INFINITY },
] as const;
export type DelayBandId = (typeof DELAY_BANDS)[number]['id'];

/** A snapshot listing more delays than this is a data error, not a ward. */
export const MAX_DELAYS_PER_WARD = 200;
/** A delay said to have begun more than this many days before it was reported is a typing error. */
export const MAX_DELAY_DAYS = 3650;

/**
 * A source's key for one delay: short, letters, digits and . _ - only (so no names with spaces), and
 * never an NHS number (checked in dischargeDelaysViolations: ten digits, with or without separators).
 */
export const delayRefSchema = opaqueRefSchema(24);

export const dischargeDelaySchema = z.strictObject({
  ref: delayRefSchema.describe(
    'An opaque key the source chooses for this delay (e.g. D1, bay3-a), unique in the ward; never an NHS number, name or hospital number',
  ),
  reason: z.enum(DELAY_REASON_CODES).describe('MHSDS v6 CLINICALLY READY FOR DISCHARGE DELAY REASON code (01–37, 98)'),
  attributableTo: z
    .enum(DELAY_ATTRIBUTIONS.map((entry) => entry.code) as [DelayAttributionCode, ...DelayAttributionCode[]])
    .optional()
    .describe('MHSDS ATTRIBUTABLE TO INDICATION CODE: 04 NHS, 05 social care, 06 both (absent: not recorded)'),
  delayedSince: calendarDateSchema.describe(
    'The London calendar date the patient became clinically ready for discharge and the delay began',
  ),
});
export type DischargeDelay = z.infer<typeof dischargeDelaySchema>;

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' });

export const dischargeDelaysSnapshotSchema = z.strictObject({
  eventId: eventIdSchema,
  wardId: wardIdSchema,
  observedAt: instant,
  delays: z
    .array(dischargeDelaySchema)
    .max(MAX_DELAYS_PER_WARD, `must list at most ${MAX_DELAYS_PER_WARD} delays`)
    .describe("Every delayed discharge open on the ward now (an empty list: none); replaces the ward's previous list"),
});
export type DischargeDelaysSnapshot = z.infer<typeof dischargeDelaysSnapshotSchema>;

/** What a person's quick form sends: the ward's list; observed now, event id made by the server. */
export const dischargeDelaysUpdateRequestSchema = z.strictObject({ delays: dischargeDelaysSnapshotSchema.shape.delays });
export type DischargeDelaysUpdateRequest = z.infer<typeof dischargeDelaysUpdateRequestSchema>;

/** Reasons this snapshot cannot be accepted (422). Empty when it can. */
export function dischargeDelaysViolations(
  snapshot: DischargeDelaysSnapshot,
  nowMs: number,
  prefix: readonly PropertyKey[] = [],
): ErrorDetail[] {
  const at = (...path: PropertyKey[]) => formatPath([...prefix, ...path]);
  const violations: ErrorDetail[] = [];
  const observedMs = Date.parse(snapshot.observedAt);
  if (observedMs > nowMs + MAX_FUTURE_SKEW_MS) {
    violations.push({ path: at('observedAt'), message: 'is more than 5 minutes in the future' });
  }
  violations.push(...sourceTimeViolations(snapshot.observedAt, [...prefix, 'observedAt']));
  const observedDate = londonDateOf(observedMs);
  const seen = new Set<string>();
  snapshot.delays.forEach((delay, index) => {
    if (looksLikeNhsNumber(delay.ref)) {
      violations.push({
        path: at('delays', index, 'ref'),
        message: NHS_NUMBER_REFUSAL,
      });
    }
    const key = delay.ref.toLowerCase();
    if (seen.has(key)) violations.push({ path: at('delays', index, 'ref'), message: 'is listed twice on this ward' });
    seen.add(key);
    if (delay.delayedSince > observedDate) {
      violations.push({ path: at('delays', index, 'delayedSince'), message: 'is after observedAt: a delay cannot begin later' });
    } else if (daysBetween(delay.delayedSince, observedDate) > MAX_DELAY_DAYS) {
      violations.push({
        path: at('delays', index, 'delayedSince'),
        message: 'is more than 10 years before observedAt: check the date',
      });
    }
  });
  return violations;
}

/** The snapshot a person's update becomes. */
export function dischargeDelaysFromUpdate(
  update: DischargeDelaysUpdateRequest,
  wardId: string,
  eventId: string,
  now: number,
): DischargeDelaysSnapshot {
  return { eventId, wardId, observedAt: new Date(now).toISOString(), delays: update.delays };
}

/** Whole days delayed at `now`: 0 on the day the delay began (London calendar). */
export function daysDelayed(delay: Pick<DischargeDelay, 'delayedSince'>, now: number): number {
  return Math.max(0, daysBetween(delay.delayedSince, londonDateOf(now)));
}

export function delayBand(days: number): DelayBandId {
  return DELAY_BANDS.find((band) => days >= band.min && days <= band.max)!.id;
}

/**
 * The night a snapshot is the census of: its observation falls after that night's first midnight and
 * at or before the midnight that ends it (a snapshot observed exactly at midnight belongs to the night
 * that midnight ends).
 */
export function censusNightOf(observedAtMs: number): string {
  const date = londonDateOf(observedAtMs);
  return londonMidnight(date) === observedAtMs ? addDays(date, -1) : date;
}

/** The latest snapshot of one night, reduced to what bed days need. */
export const delayNightSchema = z.object({
  night: z.string().describe('The London date the night begins on'),
  observedAt: z.string(),
  eventId: z.string(),
  delayed: z.int().nonnegative().describe('Delays in the latest snapshot observed before the midnight ending this night'),
});
export type DelayNight = z.infer<typeof delayNightSchema>;

/** A ward's live delays: the latest snapshot, and the nights of this month and last (for bed days). */
export const dischargeDelaysRecordSchema = z.object({
  wardId: z.string(),
  latest: dischargeDelaysSnapshotSchema,
  nights: z.array(delayNightSchema).describe('Oldest first; kept for about two months'),
});
export type DischargeDelaysRecord = z.infer<typeof dischargeDelaysRecordSchema>;

/** Nights older than this before the newest are dropped from a live record. */
const NIGHTS_KEPT_DAYS = 62;

function isLaterSnapshot(a: { observedAt: string; eventId: string }, b: { observedAt: string; eventId: string } | null) {
  return isLaterFact({ at: a.observedAt, eventId: a.eventId }, b ? { at: b.observedAt, eventId: b.eventId } : null);
}

/**
 * Merges a snapshot into a ward's record: it becomes `latest` if it is the latest by source time, and
 * the census of its night if it is that night's latest. Null when neither changes (a duplicate or an
 * older fact): the same record results whatever order snapshots arrive in.
 */
export function mergeDischargeDelays(
  current: DischargeDelaysRecord | null,
  snapshot: DischargeDelaysSnapshot,
): DischargeDelaysRecord | null {
  const night = censusNightOf(Date.parse(snapshot.observedAt));
  const nights = [...(current?.nights ?? [])];
  const index = nights.findIndex((entry) => entry.night === night);
  const entry: DelayNight = {
    night,
    observedAt: snapshot.observedAt,
    eventId: snapshot.eventId,
    delayed: snapshot.delays.length,
  };
  let nightsChanged = false;
  if (index < 0) {
    nights.push(entry);
    nights.sort((a, b) => (a.night < b.night ? -1 : a.night > b.night ? 1 : 0));
    nightsChanged = true;
  } else if (isLaterSnapshot(entry, nights[index]!)) {
    nights[index] = entry;
    nightsChanged = true;
  }
  const latestChanged = isLaterSnapshot(snapshot, current?.latest ?? null);
  if (!latestChanged && !nightsChanged) return null;
  const newest = nights.at(-1)!.night;
  const oldestKept = addDays(newest, -NIGHTS_KEPT_DAYS);
  return {
    wardId: snapshot.wardId,
    latest: latestChanged ? snapshot : current!.latest,
    nights: nights.filter((candidate) => candidate.night >= oldestKept),
  };
}

/**
 * Delayed bed days of one ward over nights [fromNight, toNight) up to `now`: for each night whose
 * ending midnight has passed, the delays of the latest snapshot observed at or before that midnight
 * (carried forward from earlier nights: a list stands until the next). A night before the ward's
 * first snapshot counts nothing.
 */
export function delayedBedDays(nights: readonly DelayNight[], fromNight: string, toNight: string, now: number): number {
  let total = 0;
  let carried: number | null = null;
  let cursor = 0;
  // Nights before the period set the list the period's first night starts from.
  while (cursor < nights.length && nights[cursor]!.night < fromNight) carried = nights[cursor++]!.delayed;
  for (let night = fromNight; night < toNight; night = addDays(night, 1)) {
    if (londonMidnight(addDays(night, 1)) > now) break;
    while (cursor < nights.length && nights[cursor]!.night <= night) carried = nights[cursor++]!.delayed;
    total += carried ?? 0;
  }
  return total;
}

export interface DelayReasonCount {
  reason: DelayReasonCode;
  label: string;
  short: string;
  count: number;
}

/** What boards and the API show of a scope's delays at a moment. */
export interface DischargeDelayFigures {
  /** Wards whose delays are counted (reporting, with a list). */
  wardsReporting: number;
  delayed: number;
  /** Most first; ties in code order. */
  byReason: DelayReasonCount[];
  byBand: Record<DelayBandId, number>;
  byAttribution: Record<DelayAttributionKey | 'notRecorded', number>;
  /** Days delayed of the longest open delay; null when none. */
  longestDays: number | null;
  /** Bed days this London month so far (nights ended by `now`). */
  delayedBedDaysThisMonth: number;
}

export function emptyDelayFigures(): DischargeDelayFigures {
  return {
    wardsReporting: 0,
    delayed: 0,
    byReason: [],
    byBand: Object.fromEntries(DELAY_BANDS.map((band) => [band.id, 0])) as Record<DelayBandId, number>,
    byAttribution: { nhs: 0, socialCare: 0, both: 0, notRecorded: 0 },
    longestDays: null,
    delayedBedDaysThisMonth: 0,
  };
}

/** Figures over wards' records at `now`. */
export function dischargeDelayFigures(records: readonly DischargeDelaysRecord[], now: number): DischargeDelayFigures {
  const figures = emptyDelayFigures();
  const month = londonPeriod('month', now);
  const reasons = new Map<string, number>();
  for (const record of records) {
    figures.wardsReporting++;
    figures.delayedBedDaysThisMonth += delayedBedDays(record.nights, month.startDate, month.endDate, now);
    for (const delay of record.latest.delays) {
      figures.delayed++;
      reasons.set(delay.reason, (reasons.get(delay.reason) ?? 0) + 1);
      const days = daysDelayed(delay, now);
      figures.byBand[delayBand(days)]++;
      figures.longestDays = Math.max(figures.longestDays ?? 0, days);
      const attribution = DELAY_ATTRIBUTIONS.find((entry) => entry.code === delay.attributableTo);
      figures.byAttribution[attribution?.key ?? 'notRecorded']++;
    }
  }
  figures.byReason = DELAY_REASONS.filter((reason) => reasons.has(reason.code))
    .map((reason) => ({ reason: reason.code, label: reason.label, short: reason.short, count: reasons.get(reason.code)! }))
    .sort((a, b) => b.count - a.count);
  return figures;
}

/** Delays open at `now` for more than `days` days. */
export function delaysOver(records: readonly DischargeDelaysRecord[], days: number, now: number): number {
  return records.reduce((sum, record) => sum + record.latest.delays.filter((delay) => daysDelayed(delay, now) > days).length, 0);
}

/**
 * The board's line: "9 ready — 4 awaiting supported accommodation, 2 care package, 3 reason not
 * recorded". The bed state's clinically-ready count and the delay lists are reported separately; when
 * the ready count is larger, the difference is "reason not recorded"; when the lists hold more, the
 * ready figure shown is the larger (a list names each delay, so it cannot be fewer).
 */
export function dischargeDelayLine(clinicallyReady: number, figures: DischargeDelayFigures, maxReasons = 3): string {
  const ready = Math.max(clinicallyReady, figures.delayed);
  if (ready === 0) return '0 ready for discharge';
  const parts = figures.byReason.slice(0, maxReasons).map((entry) => `${entry.count} ${entry.short}`);
  const others = figures.byReason.slice(maxReasons).reduce((sum, entry) => sum + entry.count, 0);
  if (others > 0) parts.push(`${others} other reasons`);
  const unrecorded = ready - figures.delayed;
  if (unrecorded > 0) parts.push(`${unrecorded} reason not recorded`);
  return `${ready} ready — ${parts.join(', ')}`;
}

const count = z.int().nonnegative();

export const dischargeDelayFiguresSchema = z.object({
  wardsReporting: count.describe('Wards reporting whose delay list is counted'),
  delayed: count.describe('Delayed discharges open now'),
  byReason: z
    .array(z.object({ reason: z.enum(DELAY_REASON_CODES), label: z.string(), short: z.string(), count }))
    .describe('Reasons with at least one delay, most first'),
  byBand: z
    .object(Object.fromEntries(DELAY_BANDS.map((band) => [band.id, count])) as Record<DelayBandId, typeof count>)
    .describe('Open delays by days delayed'),
  byAttribution: z.object({ nhs: count, socialCare: count, both: count, notRecorded: count }),
  longestDays: z.int().nonnegative().nullable(),
  delayedBedDaysThisMonth: count.describe('Nights this month ended so far × delays open at their midnight census'),
}) satisfies z.ZodType<DischargeDelayFigures>;

export const dischargeDelaysUpdateResponseSchema = z.object({
  eventId: z.string(),
  snapshot: dischargeDelaysSnapshotSchema.describe('The list as logged; boards show it once a worker has applied it'),
});
export type DischargeDelaysUpdateResponse = z.infer<typeof dischargeDelaysUpdateResponseSchema>;

/**
 * True when `held` already says everything `candidate` says (its list is as late, and each of its
 * nights as late): a reader holding `held` drops `candidate` as a replay of an earlier record.
 */
export function isSupersededDelaysRecord(candidate: DischargeDelaysRecord, held: DischargeDelaysRecord): boolean {
  if (isLaterSnapshot(candidate.latest, held.latest)) return false;
  return candidate.nights.every((night) => {
    const same = held.nights.find((entry) => entry.night === night.night);
    return same !== undefined && !isLaterSnapshot(night, same);
  });
}

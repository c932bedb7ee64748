/**
 * Trust figures: the numbers the regional mental health sitrep collects that no ward can give
 * (issue #14 item 3; domain.md "What bed managers do today"). A trust's bed management team, or
 * its patient flow system, reports them for the whole trust:
 * - admission referrals waiting for a bed, by where the person waits now (REFERRAL_SETTINGS);
 * - completed discharges and Section 136 breaches, counted since the last return (`countingSince`);
 * - patients from other trusts in our beds, now.
 * A feed sends them (`POST /api/v1/trust-figures`) or a bed manager keys them
 * (`POST /api/v1/trusts/{ods}/figures`).
 *
 * Validation has the two stages of every fact: `trustFiguresSchema` is the shape (400),
 * `trustFiguresViolations` a well-formed report that cannot be true (422), each naming its field.
 * The latest report of a trust is the live one (last-writer-wins on `observedAt`, ties by event
 * id); roll-ups to collaboratives add the members' latest reports up.
 */
import { z } from 'zod';
import { eventIdSchema, MAX_FUTURE_SKEW_MS } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { isLaterObservation } from './last-writer-wins.js';
import { odsCodeSchema } from './org.js';
import {
  DEFAULT_SITREP_TIMES,
  REFERRAL_SETTING_LABELS,
  REFERRAL_SETTINGS,
  sitrepSlotsDue,
  type ReferralSetting,
} from './sitrep.js';
import { sourceTimeViolations } from './text.js';

/** Largest figure a trust can report: a trust has hundreds of beds, not tens of thousands. */
export const MAX_TRUST_FIGURE = 10_000;
/**
 * Longest counting window: returns fall due several times a day, so a window that began more than
 * a week before the report is a wrong date, not a long gap between returns.
 */
export const MAX_COUNTING_WINDOW_MS = 7 * 24 * 3_600_000;

const count = z.int('must be a whole number');
const sourceTime = () => z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' });

export const referralsWaitingSchema = z.strictObject(
  Object.fromEntries(
    REFERRAL_SETTINGS.map((setting) => [setting, count.describe(`Waiting now in: ${REFERRAL_SETTING_LABELS[setting]}`)]),
  ) as Record<ReferralSetting, typeof count>,
);
export type ReferralsWaiting = z.infer<typeof referralsWaitingSchema>;

/** The figures themselves, as the quick form sends them (the server adds the id, trust, time and who). */
export const trustFiguresEntrySchema = z.strictObject({
  referralsWaiting: referralsWaitingSchema.describe(
    'Admission referrals accepted and waiting for a bed, by where the person waits now',
  ),
  countingSince: sourceTime().describe(
    'Start of the window completedDischarges and section136Breaches count over: the time of the last sitrep return',
  ),
  completedDischarges: count.describe("Discharges from the trust's beds completed since countingSince"),
  section136Breaches: count.describe(
    'Section 136 detentions since countingSince that passed their legal limit (24 hours, or 36 with the extension), wherever the person was held',
  ),
  patientsFromOutside: count.describe("Patients of other trusts (other catchments) in the trust's beds now"),
});
export type TrustFiguresEntry = z.infer<typeof trustFiguresEntrySchema>;

/** A feed's report of a trust's figures. */
export const trustFiguresSchema = z.strictObject({
  eventId: eventIdSchema,
  trustOds: odsCodeSchema,
  observedAt: sourceTime().describe('When the figures were true (ISO 8601); last-writer-wins compares it'),
  ...trustFiguresEntrySchema.shape,
});
export type TrustFiguresObservation = z.infer<typeof trustFiguresSchema>;

/** Who or what reported a trust's figures: a feed (its API key's name) or a person keying them by hand. */
export const figuresSourceSchema = z.object({
  kind: z.enum(['feed', 'manual']),
  name: z.string().describe("The API key's name for a feed, the person's name for a manual update"),
});
export type FiguresSource = z.infer<typeof figuresSourceSchema>;

/** The live record of a trust: its latest report and where it came from. */
export const trustFiguresRecordSchema = trustFiguresSchema.extend({ source: figuresSourceSchema });
export type TrustFiguresRecord = z.infer<typeof trustFiguresRecordSchema>;

/** The single counts (besides referrals), in the form's order: one list for checks, sums and forms. */
export const TRUST_FIGURE_FIELDS = ['completedDischarges', 'section136Breaches', 'patientsFromOutside'] as const;
export type TrustFigureField = (typeof TRUST_FIGURE_FIELDS)[number];

export const TRUST_FIGURE_LABELS: Record<TrustFigureField, string> = {
  completedDischarges: 'Completed discharges since the last return',
  section136Breaches: 'Section 136 breaches since the last return',
  patientsFromOutside: 'Patients from other trusts in our beds',
};

/** Every count of a report with its path, referrals first. */
function countsOf(figures: TrustFiguresEntry): [PropertyKey[], number][] {
  return [
    ...REFERRAL_SETTINGS.map((setting): [PropertyKey[], number] => [
      ['referralsWaiting', setting],
      figures.referralsWaiting[setting],
    ]),
    ...TRUST_FIGURE_FIELDS.map((field): [PropertyKey[], number] => [[field], figures[field]]),
  ];
}

/**
 * Why these figures cannot be true at `observedAt`, each naming its field; empty when they can.
 * Counts are not negative and of a trust's size; the report is not from the future; the counting
 * window starts before the report and at most a week before it.
 */
export function trustFiguresViolations(
  figures: TrustFiguresEntry & { observedAt: string },
  nowMs: number,
  prefix: readonly PropertyKey[] = [],
): ErrorDetail[] {
  const at = (...path: PropertyKey[]) => formatPath([...prefix, ...path]);
  const violations: ErrorDetail[] = [];
  for (const [path, value] of countsOf(figures)) {
    if (value < 0) violations.push({ path: at(...path), message: `must not be negative (got ${value})` });
    else if (value > MAX_TRUST_FIGURE)
      violations.push({ path: at(...path), message: `must be at most ${MAX_TRUST_FIGURE} (got ${value})` });
  }
  const observedMs = Date.parse(figures.observedAt);
  const sinceMs = Date.parse(figures.countingSince);
  if (observedMs > nowMs + MAX_FUTURE_SKEW_MS)
    violations.push({ path: at('observedAt'), message: 'is more than 5 minutes in the future' });
  violations.push(...sourceTimeViolations(figures.observedAt, [...prefix, 'observedAt']));
  if (sinceMs > observedMs) {
    violations.push({
      path: at('countingSince'),
      message: `is after observedAt (${figures.observedAt}): the counts must start before the report`,
    });
  } else if (observedMs - sinceMs > MAX_COUNTING_WINDOW_MS) {
    violations.push({
      path: at('countingSince'),
      message: 'is more than 7 days before observedAt: the counts cover the time since the last return',
    });
  }
  return violations;
}

/** Whether `candidate` replaces `current` as a trust's live figures: later observedAt, ties by event id. */
export function isNewerTrustFigures(
  candidate: Pick<TrustFiguresObservation, 'observedAt' | 'eventId'>,
  current: Pick<TrustFiguresObservation, 'observedAt' | 'eventId'> | null,
): boolean {
  return isLaterObservation(candidate, current);
}

export function emptyReferrals(): ReferralsWaiting {
  return Object.fromEntries(REFERRAL_SETTINGS.map((setting) => [setting, 0])) as ReferralsWaiting;
}

/** Admission referrals waiting, all settings together. */
export function referralsTotal(referrals: ReferralsWaiting): number {
  return REFERRAL_SETTINGS.reduce((sum, setting) => sum + referrals[setting], 0);
}

/** The figures of a scope: one trust's latest report, or a collaborative's members' added up. */
export interface TrustFiguresTotals {
  /** Trusts whose figures are included (those that have reported at all). */
  trustsReporting: number;
  referralsWaiting: ReferralsWaiting;
  /** All settings together. */
  referralsWaitingTotal: number;
  completedDischarges: number;
  section136Breaches: number;
  patientsFromOutside: number;
  /** The oldest report included: a sum is only as current as its oldest part. Null when none. */
  oldestObservedAt: string | null;
}

/**
 * The roll-up: every figure counts people or events of one trust, so members' figures add up. At
 * a collaborative, patients from other trusts include patients of fellow members (each trust
 * reports against itself). A trust in several collaboratives counts once in each.
 */
export function sumTrustFigures(records: readonly (TrustFiguresEntry & { observedAt: string })[]): TrustFiguresTotals {
  const referralsWaiting = emptyReferrals();
  const totals: Record<TrustFigureField, number> = { completedDischarges: 0, section136Breaches: 0, patientsFromOutside: 0 };
  let oldest: string | null = null;
  for (const record of records) {
    for (const setting of REFERRAL_SETTINGS) referralsWaiting[setting] += record.referralsWaiting[setting];
    for (const field of TRUST_FIGURE_FIELDS) totals[field] += record[field];
    if (oldest === null || Date.parse(record.observedAt) < Date.parse(oldest)) oldest = record.observedAt;
  }
  return {
    trustsReporting: records.length,
    referralsWaiting,
    referralsWaitingTotal: referralsTotal(referralsWaiting),
    ...totals,
    oldestObservedAt: oldest,
  };
}

/** The editable figures of a record: what the quick form starts from and an audit's before and after compare. */
export function trustFiguresEntryOf(record: TrustFiguresEntry): TrustFiguresEntry {
  return {
    referralsWaiting: { ...record.referralsWaiting },
    countingSince: record.countingSince,
    completedDischarges: record.completedDischarges,
    section136Breaches: record.section136Breaches,
    patientsFromOutside: record.patientsFromOutside,
  };
}

/** The return times counting windows follow: the adult return's (10:00, 14:00, 18:00 London). */
export const COUNTING_WINDOW_TIMES: readonly string[] = DEFAULT_SITREP_TIMES.adult;

/**
 * When the counting window in force at `now` began: the last return due at or before `now`
 * (London clock, summer time included). The quick form counts discharges and breaches from it.
 */
export function countingWindowStart(now: number, times: readonly string[] = COUNTING_WINDOW_TIMES): number {
  const slots = sitrepSlotsDue({ adult: [...times], camhs: [] }, now - 2 * 24 * 3_600_000, now);
  // With no return times at all, the window is the last 24 hours.
  return slots.at(-1)?.dueAt ?? now - 24 * 3_600_000;
}

/**
 * The figures the quick form starts from at `now`: the trust's latest report, with the counts
 * "since the last return" started again from 0 when a return has fallen due since that report.
 */
export function trustFiguresDraft(record: TrustFiguresEntry | null, now: number): TrustFiguresEntry {
  const windowStart = countingWindowStart(now);
  const countingSince = new Date(windowStart).toISOString();
  if (!record) {
    return {
      referralsWaiting: emptyReferrals(),
      countingSince,
      completedDischarges: 0,
      section136Breaches: 0,
      patientsFromOutside: 0,
    };
  }
  const entry = trustFiguresEntryOf(record);
  if (Date.parse(record.countingSince) === windowStart) return entry;
  return { ...entry, countingSince, completedDischarges: 0, section136Breaches: 0 };
}

/**
 * How much the counts "since the last return" grew from one report to the next: within one
 * counting window the growth, in a new window its whole count. A window corrected down gives a
 * negative growth, which takes back what was over-counted.
 */
export function countIncrease(
  previous: Pick<TrustFiguresEntry, 'countingSince' | TrustFigureField> | null,
  next: Pick<TrustFiguresEntry, 'countingSince' | TrustFigureField>,
  field: 'completedDischarges' | 'section136Breaches',
): number {
  if (!previous || Date.parse(previous.countingSince) !== Date.parse(next.countingSince)) return next[field];
  return next[field] - previous[field];
}

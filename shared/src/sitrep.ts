/**
 * The regional mental health sitrep return, as a trust's bed managers key it today into a
 * SMART-style data collection form (domain.md "What bed managers do today"; SMART's trust bed
 * manager form: https://support.smart.nhs.uk/article/data-collection-form-trust-bed-manager-overview).
 * WardPulse assembles it from live figures, the duty bed manager reviews, edits and signs it.
 *
 * Defined here once: the fields and their labels, the form's validation rules (no negatives, no
 * blanks, not-applicable is 0), when returns are due (London wall-clock times, summer time
 * included) and when an unsigned one is late.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { addDays, calendarDateSchema, LONDON, londonDateOf } from './calendar.js';
import type { ErrorDetail } from './errors.js';
import type { WardType } from './org.js';

/** The two returns: the adult (all-age acute pathway) return and the CAMHS return. */
export const SITREP_KINDS = ['adult', 'camhs'] as const;
export type SitrepKind = (typeof SITREP_KINDS)[number];

export const SITREP_KIND_LABELS: Record<SitrepKind, string> = {
  adult: 'Adult mental health sitrep',
  camhs: 'CAMHS sitrep',
};

/**
 * The wards each return counts. The adult return is the acute care pathway the regional sitrep
 * and out-of-area placements are about (adult acute, older adult, PICU); secure, specialist and
 * learning disability wards are commissioned and reported separately. The CAMHS return counts
 * CAMHS inpatient wards.
 */
export const SITREP_WARD_TYPES: Record<SitrepKind, readonly WardType[]> = {
  adult: ['adult-acute', 'older-adult-functional', 'older-adult-organic', 'picu'],
  camhs: ['camhs'],
};

/** Default due times, London clock (issue #14: 10:00, 14:00, 18:00; CAMHS 10:00 and 17:00). */
export const DEFAULT_SITREP_TIMES: Record<SitrepKind, readonly string[]> = {
  adult: ['10:00', '14:00', '18:00'],
  camhs: ['10:00', '17:00'],
};

/** A return not signed this long after its due time raises an alert. */
export const SITREP_LATE_AFTER_MS = 30 * 60 * 1000;

export const sitrepTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time as HH:MM');

export const sitrepScheduleSchema = z.strictObject({
  adult: z.array(sitrepTimeSchema).max(24, 'must list at most 24 times'),
  camhs: z.array(sitrepTimeSchema).max(24, 'must list at most 24 times'),
});
export type SitrepSchedule = z.infer<typeof sitrepScheduleSchema>;

export const REFERRAL_SETTINGS = [
  'emergencyDepartment',
  'communityOrHome',
  'section136Suite',
  'policeCustody',
  'acuteWard',
  'other',
] as const;
export type ReferralSetting = (typeof REFERRAL_SETTINGS)[number];

export const REFERRAL_SETTING_LABELS: Record<ReferralSetting, string> = {
  emergencyDepartment: 'A&E',
  communityOrHome: 'Community / home',
  section136Suite: 'Section 136 suite',
  policeCustody: 'Police custody',
  acuteWard: 'Acute (physical health) ward',
  other: 'Other',
};

/** The return's fields, in the form's order. */
export const SITREP_FIELDS = [
  'coreBeds',
  'emptyBeds',
  'closedInfectionControl',
  'closedStaffing',
  'closedEstates',
  'closedOther',
  'fitForDischarge',
  'completedDischarges',
  'referralsEmergencyDepartment',
  'referralsCommunityOrHome',
  'referralsSection136Suite',
  'referralsPoliceCustody',
  'referralsAcuteWard',
  'referralsOther',
  'section136CoreSuites',
  'section136EmptySuites',
  'section136Breaches',
  'ownPatientsPlacedOutside',
  'patientsFromOutside',
  'opelLevel',
] as const;
export type SitrepField = (typeof SITREP_FIELDS)[number];

export const SITREP_FIELD_LABELS: Record<SitrepField, string> = {
  coreBeds: 'Core bed base',
  emptyBeds: 'Empty beds',
  closedInfectionControl: 'Beds closed: infection control',
  closedStaffing: 'Beds closed to admission: staffing',
  closedEstates: 'Beds closed to admission: estates',
  closedOther: 'Beds closed to admission: other',
  fitForDischarge: 'Fit for discharge',
  completedDischarges: 'Completed discharges since the last return',
  referralsEmergencyDepartment: 'Admission referrals waiting: A&E',
  referralsCommunityOrHome: 'Admission referrals waiting: community / home',
  referralsSection136Suite: 'Admission referrals waiting: Section 136 suite',
  referralsPoliceCustody: 'Admission referrals waiting: police custody',
  referralsAcuteWard: 'Admission referrals waiting: acute ward',
  referralsOther: 'Admission referrals waiting: other',
  section136CoreSuites: 'Section 136 core base (suites)',
  section136EmptySuites: 'Section 136 suites currently empty',
  section136Breaches: 'Section 136 breaches',
  ownPatientsPlacedOutside: 'Own patients placed outside the trust',
  patientsFromOutside: 'Patients from outside the trust in our beds',
  opelLevel: 'OPEL level',
};

/** The field each referral setting is returned in. */
export const REFERRAL_FIELDS: Record<ReferralSetting, SitrepField> = {
  emergencyDepartment: 'referralsEmergencyDepartment',
  communityOrHome: 'referralsCommunityOrHome',
  section136Suite: 'referralsSection136Suite',
  policeCustody: 'referralsPoliceCustody',
  acuteWard: 'referralsAcuteWard',
  other: 'referralsOther',
};

/** A return's figures; null is a blank the form will not accept. */
export type SitrepFigures = Record<SitrepField, number | null>;

const figureSchema = z.int('must be a whole number').nullable();
export const sitrepFiguresSchema = z.strictObject(
  Object.fromEntries(SITREP_FIELDS.map((field) => [field, figureSchema])) as Record<SitrepField, typeof figureSchema>,
);

/** Largest figure the form takes: a trust has hundreds of beds, not a million. */
export const MAX_SITREP_FIGURE = 100_000;

/**
 * Why the regional form would refuse these figures, each naming its field. Empty when it would
 * accept them. Beyond the form's own rules (whole numbers, no negatives, no blanks, N/A = 0),
 * figures that contradict each other are refused too: more empty and closed beds than the core
 * bed base, more empty suites than suites, an OPEL level outside 1–4.
 */
export function sitrepViolations(figures: SitrepFigures): ErrorDetail[] {
  const violations: ErrorDetail[] = [];
  for (const field of SITREP_FIELDS) {
    const value = figures[field];
    if (value === null) violations.push({ path: field, message: 'is blank: enter 0 where it does not apply' });
    else if (!Number.isInteger(value)) violations.push({ path: field, message: `must be a whole number (got ${value})` });
    else if (value < 0) violations.push({ path: field, message: `must not be negative (got ${value})` });
    else if (value > MAX_SITREP_FIGURE)
      violations.push({ path: field, message: `must be at most ${MAX_SITREP_FIGURE} (got ${value})` });
  }
  if (violations.length > 0) return violations;
  const value = (field: SitrepField) => figures[field] as number;

  const closed = value('closedInfectionControl') + value('closedStaffing') + value('closedEstates') + value('closedOther');
  if (value('emptyBeds') + closed > value('coreBeds')) {
    violations.push({
      path: 'emptyBeds',
      message: `empty beds (${value('emptyBeds')}) and closed beds (${closed}) exceed the core bed base (${value('coreBeds')})`,
    });
  }
  if (value('section136EmptySuites') > value('section136CoreSuites')) {
    violations.push({
      path: 'section136EmptySuites',
      message: `empty suites (${value('section136EmptySuites')}) exceed the Section 136 core base (${value('section136CoreSuites')})`,
    });
  }
  if (value('opelLevel') < 1 || value('opelLevel') > 4) {
    violations.push({ path: 'opelLevel', message: `must be an OPEL level from 1 to 4 (got ${value('opelLevel')})` });
  }
  return violations;
}

/** One due return: which, for which London date and time, and the instant it falls due. */
export interface SitrepSlot {
  kind: SitrepKind;
  /** London calendar date, YYYY-MM-DD. */
  date: string;
  /** London clock time, HH:MM. */
  time: string;
  dueAt: number;
}

export const sitrepSlotSchema = z.strictObject({
  kind: z.enum(SITREP_KINDS),
  date: calendarDateSchema,
  time: sitrepTimeSchema,
});

/** The instant London's clocks show `time` on `date` (BST or GMT as in force that day). */
export function londonTimeOn(date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new TZDate(year, month - 1, day, hours, minutes, 0, 0, LONDON).getTime();
}

export function sitrepSlot(kind: SitrepKind, date: string, time: string): SitrepSlot {
  return { kind, date, time, dueAt: londonTimeOn(date, time) };
}

/** A return's stable name, e.g. `adult/2026-03-29T14:00`. */
export function sitrepSlotKey(slot: Pick<SitrepSlot, 'kind' | 'date' | 'time'>): string {
  return `${slot.kind}/${slot.date}T${slot.time}`;
}

/** Every return due in `(after, upTo]`, oldest first. */
export function sitrepSlotsDue(schedule: SitrepSchedule, after: number, upTo: number): SitrepSlot[] {
  const slots: SitrepSlot[] = [];
  // One day either side covers any offset between UTC and London.
  for (let date = addDays(londonDateOf(after), -1); date <= addDays(londonDateOf(upTo), 1); date = addDays(date, 1)) {
    for (const kind of SITREP_KINDS) {
      for (const time of schedule[kind]) {
        const slot = sitrepSlot(kind, date, time);
        if (slot.dueAt > after && slot.dueAt <= upTo) slots.push(slot);
      }
    }
  }
  return slots.sort((a, b) => a.dueAt - b.dueAt || a.kind.localeCompare(b.kind));
}

/**
 * The latest return of this kind due before `dueAt` (the start of a return's "since the last
 * return" window); null when the schedule has none within two days.
 */
export function previousSitrepSlot(schedule: SitrepSchedule, kind: SitrepKind, dueAt: number): SitrepSlot | null {
  return (
    sitrepSlotsDue(schedule, dueAt - 2 * 86_400_000, dueAt - 1)
      .filter((slot) => slot.kind === kind)
      .at(-1) ?? null
  );
}

/** Whether a return is late: unsigned 30 minutes after it fell due. */
export function isSitrepLate(slot: Pick<SitrepSlot, 'dueAt'>, signedAt: number | null, now: number): boolean {
  return signedAt === null && now >= slot.dueAt + SITREP_LATE_AFTER_MS;
}

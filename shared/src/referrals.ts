/**
 * Referrals into a trust's community services (issue #17 item 3a; docs/measures.md "Referrals"):
 * per trust, London calendar day and service, the referrals received that day and what has been
 * decided about them so far — accepted, declined, or still pending a decision — with the day's
 * referrals by source of referral. Counts only: no person, no referral identifier.
 *
 * A day's figures are a cohort, the referrals received on `date`: accepted + declined + pending =
 * received (a 422 otherwise). As triage goes on a source sends the same day again with more decided
 * and fewer pending; the latest report of a trust's day and service is the live one
 * (last-writer-wins on `observedAt`, ties by event id), so retries and out-of-order reports end in
 * the same state.
 *
 * Sources are the codes of the NHS Data Dictionary's SOURCE OF REFERRAL FOR MENTAL HEALTH (the
 * MHSDS MHS101 Referral table's SourceOfReferralMH), grouped as the data element's own headings
 * group them (Primary Health Care, Self Referral, Justice System, …), the groups national MHSDS
 * referral breakdowns (MHS32, new referrals) are published by.
 */
import { z } from 'zod';
import { eventIdSchema, MAX_FUTURE_SKEW_MS } from './bed-state.js';
import { calendarDateSchema, londonMidnight, londonPeriod } from './calendar.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { isLaterObservation } from './last-writer-wins.js';
import { odsCodeSchema } from './org.js';
import { refuseProtoKey, sourceTimeViolations } from './text.js';

/**
 * The services a day's referrals are reported for, a small closed list: the front doors a
 * mental health trust's referrals arrive at. A trust without a single point of access reports its
 * community teams directly; one with a single point of access reports referrals there and those it
 * passes on are not counted again.
 */
export const REFERRAL_SERVICES = ['single-point-of-access', 'community-mh-adult', 'cypmhs', 'crisis'] as const;
export type ReferralService = (typeof REFERRAL_SERVICES)[number];

export const REFERRAL_SERVICE_LABELS: Record<ReferralService, string> = {
  'single-point-of-access': 'Single point of access',
  'community-mh-adult': 'Community mental health (adult and older adult)',
  cypmhs: "Children and young people's mental health services",
  crisis: 'Crisis resolution and home treatment',
};

/** The headings of SOURCE OF REFERRAL FOR MENTAL HEALTH, in the data element's order. */
export const REFERRAL_SOURCE_GROUPS = [
  'primary-health-care',
  'self-referral',
  'local-authority',
  'employer',
  'justice-system',
  'child-health',
  'independent-voluntary',
  'acute-secondary-care',
  'other-mental-health-trust',
  'other',
  'internal',
] as const;
export type ReferralSourceGroup = (typeof REFERRAL_SOURCE_GROUPS)[number];

export const REFERRAL_SOURCE_GROUP_LABELS: Record<ReferralSourceGroup, string> = {
  'primary-health-care': 'Primary health care',
  'self-referral': 'Self referral',
  'local-authority': 'Local authority and other public services',
  employer: 'Employer',
  'justice-system': 'Justice system',
  'child-health': 'Child health',
  'independent-voluntary': 'Independent or voluntary sector',
  'acute-secondary-care': 'Acute secondary care',
  'other-mental-health-trust': 'Other mental health NHS trust',
  other: 'Other',
  internal: 'Internal referral',
};

/**
 * SOURCE OF REFERRAL FOR MENTAL HEALTH national codes (NHS Data Dictionary, MHSDS v5/v6) and the
 * heading each sits under. A code not listed is a 422 naming it.
 */
export const REFERRAL_SOURCES = {
  A1: { label: 'Primary Health Care: General Medical Practitioner Practice', group: 'primary-health-care' },
  A2: { label: 'Primary Health Care: Health Visitor', group: 'primary-health-care' },
  A3: { label: 'Other Primary Health Care', group: 'primary-health-care' },
  A4: { label: 'Primary Health Care: Maternity Service', group: 'primary-health-care' },
  B1: { label: 'Self Referral: Self', group: 'self-referral' },
  B2: { label: 'Self Referral: Carer/Relative', group: 'self-referral' },
  C1: { label: 'Local Authority and Other Public Services: Social Services', group: 'local-authority' },
  C2: {
    label: 'Local Authority and Other Public Services: Education Service / Educational Establishment',
    group: 'local-authority',
  },
  C3: { label: 'Local Authority and Other Public Services: Housing Service', group: 'local-authority' },
  D1: { label: 'Employer', group: 'employer' },
  D2: { label: 'Employer: Occupational Health', group: 'employer' },
  E1: { label: 'Justice System: Police', group: 'justice-system' },
  E2: { label: 'Justice System: Courts', group: 'justice-system' },
  E3: { label: 'Justice System: Probation Service', group: 'justice-system' },
  E4: { label: 'Justice System: Prison', group: 'justice-system' },
  E5: { label: 'Justice System: Court Liaison and Diversion Service', group: 'justice-system' },
  E6: { label: 'Justice System: Youth Offending Team', group: 'justice-system' },
  F1: { label: 'Child Health: School Nurse', group: 'child-health' },
  F2: { label: 'Child Health: Hospital-based Paediatrics', group: 'child-health' },
  F3: { label: 'Child Health: Community-based Paediatrics', group: 'child-health' },
  G1: { label: 'Independent sector: Medium Secure Inpatients', group: 'independent-voluntary' },
  G2: { label: 'Independent sector: Low Secure Inpatients', group: 'independent-voluntary' },
  G3: { label: 'Other Independent Sector Mental Health Services', group: 'independent-voluntary' },
  G4: { label: 'Voluntary Sector', group: 'independent-voluntary' },
  H1: { label: 'Acute Secondary Care: Emergency Care Department', group: 'acute-secondary-care' },
  H2: { label: 'Other secondary care specialty', group: 'acute-secondary-care' },
  I1: { label: 'Temporary transfer from another Mental Health NHS Trust', group: 'other-mental-health-trust' },
  I2: { label: 'Permanent transfer from another Mental Health NHS Trust', group: 'other-mental-health-trust' },
  M1: { label: 'Other: Asylum Services', group: 'other' },
  M2: { label: 'Other: Telephone or Electronic Access Service', group: 'other' },
  M3: { label: 'Other: Out of Area Agency', group: 'other' },
  M4: { label: 'Other: Drug Action Team / Drug Misuse Agency', group: 'other' },
  M5: { label: 'Other: Jobcentre Plus', group: 'other' },
  M6: { label: 'Other SERVICE or agency', group: 'other' },
  M7: { label: 'Other: Single Point of Access Service', group: 'other' },
  M8: { label: 'Other: Debt agency', group: 'other' },
  N3: { label: 'Improving access to psychological therapies service', group: 'other' },
  P1: { label: 'Internal Referral', group: 'internal' },
  Q1: { label: 'Mental Health Drop In Service', group: 'other' },
} as const satisfies Record<string, { label: string; group: ReferralSourceGroup }>;
export type ReferralSourceCode = keyof typeof REFERRAL_SOURCES;
export const REFERRAL_SOURCE_CODES = Object.keys(REFERRAL_SOURCES).sort() as ReferralSourceCode[];

/** Largest count of one day: a busy single point of access takes around a hundred referrals a day. */
export const MAX_DAILY_REFERRALS = 10_000;
/** How far back a day may be reported or corrected: a year, as triage of a day ends within weeks. */
export const MAX_REFERRAL_DAY_AGE_DAYS = 366;

const count = z.int('must be a whole number');

export const referralSourceCountsSchema = z
  .preprocess(refuseProtoKey('is not a SOURCE OF REFERRAL FOR MENTAL HEALTH code'), z.record(z.string(), count))
  .describe(
    'Referrals received by SOURCE OF REFERRAL FOR MENTAL HEALTH code (MHSDS MHS101 SourceOfReferralMH), e.g. {"A1": 31, "B1": 9, "E1": 2}; referrals with no recorded source are left out, so the sum may be below received',
  );
export type ReferralSourceCounts = z.infer<typeof referralSourceCountsSchema>;

/** The counts themselves, as a feed sends them under one trust, day and service. */
export const referralCountsSchema = z.strictObject({
  received: count.describe('Referrals received on the day'),
  accepted: count.describe("Of the day's referrals, those accepted so far"),
  declined: count.describe("Of the day's referrals, those declined (not accepted) so far"),
  pending: count.describe("Of the day's referrals, those still awaiting a decision: received = accepted + declined + pending"),
});
export type ReferralCounts = z.infer<typeof referralCountsSchema>;

export const REFERRAL_COUNT_FIELDS = [
  'received',
  'accepted',
  'declined',
  'pending',
] as const satisfies readonly (keyof ReferralCounts)[];

/** A feed's report of one trust's day of referrals to one service. */
export const referralDaySchema = z.strictObject({
  eventId: eventIdSchema,
  trustOds: odsCodeSchema,
  date: calendarDateSchema.describe('London calendar day the referrals were received'),
  service: z.enum(REFERRAL_SERVICES).describe('The service the referrals were made to'),
  observedAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' })
    .describe('When the counts were true (ISO 8601); last-writer-wins per trust, day and service compares it'),
  ...referralCountsSchema.shape,
  bySource: referralSourceCountsSchema.optional(),
});
export type ReferralDay = z.infer<typeof referralDaySchema>;
/** The live record of a trust's day and service: its latest report. */
export type ReferralDayRecord = ReferralDay;

/** One record per trust, day and service: the key last-writer-wins replaces under. */
export function referralDayKey(day: Pick<ReferralDay, 'service' | 'date'>): string {
  return `${day.service}|${day.date}`;
}

export function isNewerReferralDay(
  candidate: Pick<ReferralDay, 'observedAt' | 'eventId'>,
  current: Pick<ReferralDay, 'observedAt' | 'eventId'> | null,
): boolean {
  return isLaterObservation(candidate, current);
}

/**
 * Why a well-formed report cannot be true at `nowMs`, each naming its field; empty when it can.
 * Counts are not negative and of a service's size; the decisions add up to the day's referrals;
 * sources are known codes and add up to at most the day's referrals; the day is not in the future
 * nor more than a year before the report; the report is not from before the day began.
 */
export function referralDayViolations(day: ReferralDay, nowMs: number, prefix: readonly PropertyKey[] = []): ErrorDetail[] {
  const at = (...path: PropertyKey[]) => formatPath([...prefix, ...path]);
  const violations: ErrorDetail[] = [];
  const inRange = (path: PropertyKey[], value: number): boolean => {
    if (value < 0) violations.push({ path: at(...path), message: `must not be negative (got ${value})` });
    else if (value > MAX_DAILY_REFERRALS)
      violations.push({ path: at(...path), message: `must be at most ${MAX_DAILY_REFERRALS} (got ${value})` });
    else return true;
    return false;
  };
  const countsOk = REFERRAL_COUNT_FIELDS.map((field) => inRange([field], day[field])).every(Boolean);
  if (countsOk && day.accepted + day.declined + day.pending !== day.received) {
    violations.push({
      path: at('pending'),
      message: `accepted + declined + pending must equal received (${day.accepted} + ${day.declined} + ${day.pending} ≠ ${day.received}): the counts are of the day's referrals`,
    });
  }
  let fromSources = 0;
  let sourcesOk = true;
  for (const [code, value] of Object.entries(day.bySource ?? {})) {
    if (!Object.hasOwn(REFERRAL_SOURCES, code)) {
      violations.push({
        path: at('bySource', code),
        message: `is not a SOURCE OF REFERRAL FOR MENTAL HEALTH code (one of: ${REFERRAL_SOURCE_CODES.join(', ')})`,
      });
      sourcesOk = false;
    } else if (inRange(['bySource', code], value)) fromSources += value;
    else sourcesOk = false;
  }
  if (sourcesOk && countsOk && fromSources > day.received) {
    violations.push({
      path: at('bySource'),
      message: `adds up to ${fromSources}, more than the ${day.received} received: each referral has one source`,
    });
  }
  const today = londonPeriod('day', nowMs);
  const observedMs = Date.parse(day.observedAt);
  if (day.date >= today.endDate) violations.push({ path: at('date'), message: `is after today (${today.startDate})` });
  else if (observedMs < londonMidnight(day.date))
    violations.push({ path: at('observedAt'), message: `is before ${day.date} began: a day is counted from its start` });
  else if (observedMs - londonMidnight(day.date) > MAX_REFERRAL_DAY_AGE_DAYS * 86_400_000)
    violations.push({ path: at('date'), message: `is more than ${MAX_REFERRAL_DAY_AGE_DAYS} days before observedAt` });
  if (observedMs > nowMs + MAX_FUTURE_SKEW_MS)
    violations.push({ path: at('observedAt'), message: 'is more than 5 minutes in the future' });
  violations.push(...sourceTimeViolations(day.observedAt, [...prefix, 'observedAt']));
  return violations;
}

/**
 * Acceptance rate: accepted ÷ (accepted + declined), of the referrals decided. Pending referrals
 * are left out because they are not yet accepted or declined: counting them as not accepted would
 * make every day look worse until triage catches up, and the rate of a day would fall and rise
 * with the time of day. Null when none has been decided.
 */
export function acceptanceRate(counts: Pick<ReferralCounts, 'accepted' | 'declined'>): number | null {
  const decided = counts.accepted + counts.declined;
  return decided === 0 ? null : counts.accepted / decided;
}

/**
 * Referrals per 100,000 population: received ÷ population × 100,000, the catchment population of
 * the trust (or the collaborative's members' added up). Null without a population.
 */
export function ratePer100k(received: number, population: number | null | undefined): number | null {
  return population === null || population === undefined || population <= 0 ? null : (received / population) * 100_000;
}

/** Received by source heading, every heading present (0 when none). */
export type ReferralSourceGroupCounts = Record<ReferralSourceGroup, number>;

export function emptySourceGroups(): ReferralSourceGroupCounts {
  return Object.fromEntries(REFERRAL_SOURCE_GROUPS.map((group) => [group, 0])) as ReferralSourceGroupCounts;
}

/** A set of days (any trusts, services and dates) added up: every count is of referrals, so they add. */
export interface ReferralTotals extends ReferralCounts {
  /** accepted ÷ (accepted + declined); null when none decided. */
  acceptanceRate: number | null;
  bySourceGroup: ReferralSourceGroupCounts;
  /** Received with no source recorded: received less the sources given. */
  sourceNotRecorded: number;
}

export function sumReferralDays(days: readonly (ReferralCounts & Pick<ReferralDay, 'bySource'>)[]): ReferralTotals {
  const totals: ReferralCounts = { received: 0, accepted: 0, declined: 0, pending: 0 };
  const bySourceGroup = emptySourceGroups();
  let sourced = 0;
  for (const day of days) {
    for (const field of REFERRAL_COUNT_FIELDS) totals[field] += day[field];
    for (const [code, value] of Object.entries(day.bySource ?? {})) {
      const source = REFERRAL_SOURCES[code as ReferralSourceCode] as { group: ReferralSourceGroup } | undefined;
      if (!source) continue;
      bySourceGroup[source.group] += value;
      sourced += value;
    }
  }
  return {
    ...totals,
    acceptanceRate: acceptanceRate(totals),
    bySourceGroup,
    sourceNotRecorded: Math.max(0, totals.received - sourced),
  };
}

/** What a board shows: today's referrals (London day) of a scope, all services, and per service. */
export interface ReferralFigures {
  /** Trusts with a report for today. */
  trustsReporting: number;
  today: ReferralTotals;
  /** Services reported today, in REFERRAL_SERVICES order. */
  byService: { service: ReferralService; totals: ReferralTotals }[];
  /** received ÷ population × 100,000 for today; null when a reporting trust has no population. */
  todayPer100k: number | null;
}

/**
 * Today's figures of a scope from its trusts' day records. The rate per 100,000 divides by the
 * population of the trusts reporting today, and only when each of them has one (a part-known
 * population would overstate the rate).
 */
export function referralFigures(
  days: readonly ReferralDayRecord[],
  now: number,
  populationOf: (trustOds: string) => number | null | undefined = () => null,
): ReferralFigures {
  const today = londonPeriod('day', now).startDate;
  const todays = days.filter((day) => day.date === today);
  const trusts = [...new Set(todays.map((day) => day.trustOds))];
  const totals = sumReferralDays(todays);
  const populations = trusts.map(populationOf);
  const population = populations.every((value) => typeof value === 'number' && value > 0)
    ? populations.reduce<number>((sum, value) => sum + (value as number), 0)
    : null;
  return {
    trustsReporting: trusts.length,
    today: totals,
    byService: REFERRAL_SERVICES.flatMap((service) => {
      const of = todays.filter((day) => day.service === service);
      return of.length === 0 ? [] : [{ service, totals: sumReferralDays(of) }];
    }),
    todayPer100k: trusts.length === 0 ? null : ratePer100k(totals.received, population),
  };
}

/** The earliest day a live view keeps: today (older days are history, in the trends). */
export function earliestLiveReferralDate(now: number): string {
  return londonPeriod('day', now).startDate;
}

const totalCount = z.int().nonnegative();
const referralTotalsSchema = z.object({
  received: totalCount,
  accepted: totalCount,
  declined: totalCount,
  pending: totalCount,
  acceptanceRate: z.number().nullable().describe('accepted ÷ (accepted + declined), a fraction; null when none decided'),
  bySourceGroup: z.object(
    Object.fromEntries(REFERRAL_SOURCE_GROUPS.map((group) => [group, totalCount])) as Record<
      ReferralSourceGroup,
      typeof totalCount
    >,
  ),
  sourceNotRecorded: totalCount.describe('Received with no source given'),
}) satisfies z.ZodType<ReferralTotals>;

/** The summary's shape of ReferralFigures (GET /api/v1/live/…/summary). */
export const referralFiguresSchema = z.object({
  trustsReporting: totalCount.describe('Trusts with a report for today'),
  today: referralTotalsSchema.describe("Today's referrals (London day), all services"),
  byService: z.array(z.object({ service: z.enum(REFERRAL_SERVICES), totals: referralTotalsSchema })),
  todayPer100k: z
    .number()
    .nullable()
    .describe("Today's referrals received per 100,000 population; null when a reporting trust has no population"),
}) satisfies z.ZodType<ReferralFigures>;

/**
 * Waiting lists per trust and service (domain.md, "Waiting times"; MHSDS MRS measures).
 *
 * A source sends a snapshot of one service's list: how many wait, in which wait bands, the
 * median and 90th-percentile wait, referrals received and closed in the period, and for each of
 * the service's waiting-time standards its denominator as the published measure counts it (`started`:
 * e.g. Talking Therapies referrals that finished a course of treatment in the period) and how many of
 * them were within the standard (`startedWithin`). The latest snapshot (by `asOf`, ties by event id)
 * is the live one.
 */
import { z } from 'zod';
import { calendarDateSchema } from './calendar.js';
import { eventIdSchema } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { odsCodeSchema } from './org.js';
import { isLaterFact } from './last-writer-wins.js';
import { sourceTimeViolations, storableText } from './text.js';

/**
 * A waiting-time standard: the share of its denominator seen within `weeks`. Each standard follows
 * its published measure (docs/measures.md, "Waiting lists", cites each): what is counted, and where
 * the clock starts and stops. A snapshot's `started` is this denominator for the period and
 * `startedWithin` those of them within the standard (wire names kept from v1).
 */
export interface WaitingStandard {
  id: string;
  label: string;
  weeks: number;
  /** National target share (0.75 = 75%); null where none is set nationally yet. */
  target: number | null;
  /** What the denominator counts in the period, in words ("referrals that finished a course of treatment"). */
  counted: string;
  /** The same, short enough for a wall: "412 of 520 finishing treatment". */
  countedShort: string;
  clockStarts: string;
  clockStops: string;
  /** The published measure the standard follows. */
  measure: string;
}

export interface WaitingService {
  label: string;
  standards: readonly WaitingStandard[];
}

// Talking Therapies: both standards count the same cohort, referrals that finished a course of
// treatment in the month, by their wait from referral to the first attended treatment appointment.
const TALKING_THERAPIES_COHORT = {
  counted: 'referrals that finished a course of treatment in the period',
  countedShort: 'finishing treatment',
  clockStarts: 'referral received',
  clockStops: 'first attended treatment appointment',
} as const;
// Community mental health four-week waits (MHSDS MRS measures): referral spells whose clock stopped
// in the period. A full clock stop is an assessment, an intervention, a care plan and a baseline
// outcome all recorded for the spell.
const FOUR_WEEK_COHORT = {
  countedShort: 'clock stops',
  clockStarts: 'referral received (first referral of the spell)',
  clockStops: 'full clock stop: assessment, intervention, care plan and baseline outcome recorded',
} as const;
// CYP eating disorders: patients starting NICE-concordant treatment in the period, urgent and
// routine cases apart.
const EATING_DISORDERS_COHORT = {
  clockStarts: 'referral received (including self-referral)',
  clockStops: 'NICE-concordant treatment started',
} as const;

/**
 * The services WardPulse knows, with their national standards (domain.md). Extending the list
 * is one entry here: ingest, roll-ups and boards follow it.
 */
export const WAITING_SERVICES = {
  'community-mental-health': {
    label: 'Community mental health (adult)',
    standards: [
      {
        id: '4-weeks',
        label: 'Clock stop within 4 weeks of referral',
        weeks: 4,
        target: null,
        counted: 'adult referral spells receiving a full clock stop in the period (MRS01)',
        ...FOUR_WEEK_COHORT,
        measure: 'MHSDS MRS01 (clock stops), MRS01a (in less than 4 weeks), MRS01b (proportion)',
      },
    ],
  },
  'talking-therapies': {
    label: 'NHS Talking Therapies',
    standards: [
      {
        id: '6-weeks',
        label: 'First treatment within 6 weeks of referral',
        weeks: 6,
        target: 0.75,
        ...TALKING_THERAPIES_COHORT,
        measure: 'NHS Talking Therapies monthly: FirstTreatment6WeeksFinishedCourseRate',
      },
      {
        id: '18-weeks',
        label: 'First treatment within 18 weeks of referral',
        weeks: 18,
        target: 0.95,
        ...TALKING_THERAPIES_COHORT,
        measure: 'NHS Talking Therapies monthly: FirstTreatment18WeeksFinishedCourseRate',
      },
    ],
  },
  cypmhs: {
    label: "Children and young people's mental health",
    standards: [
      {
        id: '4-weeks',
        label: 'Clock stop within 4 weeks of referral',
        weeks: 4,
        target: null,
        counted: 'CYP referral spells receiving a full clock stop in the period (MRS08)',
        ...FOUR_WEEK_COHORT,
        measure: 'MHSDS MRS08 (clock stops), MRS08a (in less than 4 weeks), MRS08b (proportion)',
      },
    ],
  },
  'early-intervention-psychosis': {
    label: 'Early intervention in psychosis',
    standards: [
      {
        id: '2-weeks',
        label: 'NICE-concordant care within 2 weeks of referral',
        weeks: 2,
        target: 0.6,
        counted: 'referrals starting a NICE-concordant package of care in the period',
        countedShort: 'starting care',
        clockStarts: 'referral received',
        clockStops: 'NICE-concordant package of care started (with an EIP care coordinator)',
        measure: 'EIP access and waiting time standard (MHSDS EIP measures)',
      },
    ],
  },
  'eating-disorders-cyp': {
    label: 'Eating disorders (CYP)',
    standards: [
      {
        id: 'urgent-1-week',
        label: 'Urgent: treatment within 1 week of referral',
        weeks: 1,
        target: 0.95,
        counted: 'urgent cases starting treatment in the period',
        countedShort: 'urgent starting',
        ...EATING_DISORDERS_COHORT,
        measure: 'CYP eating disorders access and waiting time standard (MHSDS ED measures), urgent',
      },
      {
        id: 'routine-4-weeks',
        label: 'Routine: treatment within 4 weeks of referral',
        weeks: 4,
        target: 0.95,
        counted: 'routine cases starting treatment in the period',
        countedShort: 'routine starting',
        ...EATING_DISORDERS_COHORT,
        measure: 'CYP eating disorders access and waiting time standard (MHSDS ED measures), routine',
      },
    ],
  },
  'memory-assessment': {
    label: 'Memory assessment',
    standards: [],
  },
} as const satisfies Record<string, WaitingService>;
export type WaitingServiceId = keyof typeof WAITING_SERVICES;
export const WAITING_SERVICE_IDS = Object.keys(WAITING_SERVICES) as WaitingServiceId[];

/**
 * Wait bands in weeks, each holding waits of more than `fromWeeks` up to and including `toWeeks`
 * (the first from 0, the last open-ended): the published MRS counts are "more than 52 / 78 / 104
 * weeks", so a wait of exactly 52 weeks is in 18–52 and not among those waiting more than 52.
 * Ids are kept from v1 (`under2` holds waits up to and including 2 weeks).
 */
export const WAIT_BANDS = [
  { id: 'under2', label: 'Up to 2 weeks', fromWeeks: 0, toWeeks: 2 },
  { id: 'from2to4', label: 'Over 2, up to 4 weeks', fromWeeks: 2, toWeeks: 4 },
  { id: 'from4to6', label: 'Over 4, up to 6 weeks', fromWeeks: 4, toWeeks: 6 },
  { id: 'from6to18', label: 'Over 6, up to 18 weeks', fromWeeks: 6, toWeeks: 18 },
  { id: 'from18to52', label: 'Over 18, up to 52 weeks', fromWeeks: 18, toWeeks: 52 },
  { id: 'from52to78', label: 'Over 52, up to 78 weeks', fromWeeks: 52, toWeeks: 78 },
  { id: 'from78to104', label: 'Over 78, up to 104 weeks', fromWeeks: 78, toWeeks: 104 },
  { id: 'over104', label: 'More than 104 weeks', fromWeeks: 104, toWeeks: null },
] as const;
export type WaitBandId = (typeof WAIT_BANDS)[number]['id'];
export type WaitBands = Record<WaitBandId, number>;

/** The band holding a wait of `weeks` (more than its lower bound, up to and including its upper). */
export function waitBandOf(weeks: number): WaitBandId {
  return (WAIT_BANDS.find((band) => band.toWeeks !== null && weeks <= band.toWeeks) ?? WAIT_BANDS.at(-1)!).id;
}

/** The bands of waits of more than 52 weeks (MRS02e, MRS09e: "waiting more than 52 weeks"). */
export const MORE_THAN_52_WEEK_BANDS = WAIT_BANDS.filter((band) => band.fromWeeks >= 52).map((band) => band.id);

/** People waiting more than 52 weeks: exactly 52 is not more than 52. */
export function waitingMoreThan52Weeks(bands: WaitBands): number {
  return MORE_THAN_52_WEEK_BANDS.reduce((sum, id) => sum + bands[id], 0);
}

const count = z.int('must be a whole number');
const weeks = z.number('must be a number of weeks').nullable();

export const waitingListSnapshotSchema = z.strictObject({
  eventId: eventIdSchema,
  trustOds: odsCodeSchema,
  service: z.enum(WAITING_SERVICE_IDS as [WaitingServiceId, ...WaitingServiceId[]]),
  asOf: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' }),
  periodStart: calendarDateSchema.describe('First day of the period the referral counts cover'),
  periodEnd: calendarDateSchema.describe('Last day of that period (inclusive)'),
  waiting: count.describe('People waiting at `asOf` (clock not yet stopped)'),
  bands: z
    .strictObject(
      Object.fromEntries(WAIT_BANDS.map((band) => [band.id, count.describe(band.label)])) as Record<WaitBandId, typeof count>,
    )
    .describe(
      'Those waiting by how long: each band holds waits of more than its lower bound up to and including its upper, so exactly 52 weeks is in from18to52',
    ),
  medianWeeks: weeks.describe('Median wait of those waiting at `asOf`, in weeks'),
  p90Weeks: weeks.describe('90th-percentile wait of those waiting at `asOf`, in weeks'),
  referralsReceived: count.describe('Referrals received in the period'),
  referralsClosed: count.describe('Referrals closed (ended) in the period'),
  standards: z
    .array(
      z.strictObject({
        standard: storableText(64).describe('A standard id of the service, e.g. "6-weeks"'),
        started: count.describe(
          "The standard's denominator for the period, as its published measure counts it: Talking Therapies referrals that finished a course of treatment; four-week waits (MRS01, MRS08) referral spells with a full clock stop; EIP referrals starting a NICE-concordant package; CYP eating disorders urgent or routine cases starting treatment",
        ),
        startedWithin: count.describe('Of them, those within the standard (wait from referral to clock stop)'),
      }),
    )
    .max(10, 'must list at most 10 standards'),
});
export type WaitingListSnapshot = z.infer<typeof waitingListSnapshotSchema>;

/** The live record of one trust's service: the latest snapshot. */
export type WaitingListRecord = Omit<WaitingListSnapshot, never>;

/** Largest plausible list or count (a trust's whole caseload is far below it). */
export const MAX_WAITING = 1_000_000;

export function waitingListViolations(
  snapshot: WaitingListSnapshot,
  nowMs: number,
  prefix: readonly PropertyKey[] = [],
): ErrorDetail[] {
  const at = (...path: PropertyKey[]) => formatPath([...prefix, ...path]);
  const violations: ErrorDetail[] = [];
  const counts: [PropertyKey[], number][] = [
    [['waiting'], snapshot.waiting],
    [['referralsReceived'], snapshot.referralsReceived],
    [['referralsClosed'], snapshot.referralsClosed],
    ...WAIT_BANDS.map((band): [PropertyKey[], number] => [['bands', band.id], snapshot.bands[band.id]]),
    ...snapshot.standards.flatMap((entry, index): [PropertyKey[], number][] => [
      [['standards', index, 'started'], entry.started],
      [['standards', index, 'startedWithin'], entry.startedWithin],
    ]),
  ];
  for (const [path, value] of counts) {
    if (value < 0) violations.push({ path: at(...path), message: `must not be negative (got ${value})` });
    else if (value > MAX_WAITING)
      violations.push({ path: at(...path), message: `must be at most ${MAX_WAITING} (got ${value})` });
  }
  if (violations.length > 0) return violations;

  const banded = WAIT_BANDS.reduce((sum, band) => sum + snapshot.bands[band.id], 0);
  if (banded !== snapshot.waiting) {
    violations.push({ path: at('bands'), message: `the wait bands add up to ${banded}, but waiting is ${snapshot.waiting}` });
  }
  for (const field of ['medianWeeks', 'p90Weeks'] as const) {
    const value = snapshot[field];
    if (value !== null && !(value >= 0 && value <= 1000))
      violations.push({ path: at(field), message: 'must be between 0 and 1000 weeks' });
  }
  if (snapshot.medianWeeks !== null && snapshot.p90Weeks !== null && snapshot.medianWeeks > snapshot.p90Weeks) {
    violations.push({
      path: at('medianWeeks'),
      message: `the median (${snapshot.medianWeeks}) exceeds the 90th percentile (${snapshot.p90Weeks})`,
    });
  }
  if (snapshot.periodEnd < snapshot.periodStart) {
    violations.push({ path: at('periodEnd'), message: `is before periodStart (${snapshot.periodStart})` });
  }
  const known = WAITING_SERVICES[snapshot.service].standards.map((standard) => standard.id as string);
  const seen = new Set<string>();
  snapshot.standards.forEach((entry, index) => {
    if (!known.includes(entry.standard)) {
      violations.push({
        path: at('standards', index, 'standard'),
        message: known.length
          ? `"${entry.standard}" is not a standard of ${snapshot.service} (one of: ${known.join(', ')})`
          : `${snapshot.service} has no waiting-time standard`,
      });
    } else if (seen.has(entry.standard)) {
      violations.push({ path: at('standards', index, 'standard'), message: `"${entry.standard}" is listed twice` });
    }
    seen.add(entry.standard);
    const definition = WAITING_SERVICES[snapshot.service].standards.find((standard) => standard.id === entry.standard);
    if (entry.startedWithin > entry.started) {
      violations.push({
        path: at('standards', index, 'startedWithin'),
        message: `${entry.startedWithin} within the standard, but the denominator (started) is only ${entry.started}${
          definition ? ` ${definition.counted}` : ''
        }`,
      });
    }
  });
  if (Date.parse(snapshot.asOf) > nowMs + 5 * 60 * 1000)
    violations.push({ path: at('asOf'), message: 'is more than 5 minutes in the future' });
  violations.push(...sourceTimeViolations(snapshot.asOf, [...prefix, 'asOf']));
  return violations;
}

/** Whether `candidate` replaces `current` as the live snapshot: later asOf, ties by event id. */
export function isNewerWaitingList(candidate: WaitingListRecord, current: WaitingListRecord | null): boolean {
  return isLaterFact(
    { at: candidate.asOf, eventId: candidate.eventId },
    current && { at: current.asOf, eventId: current.eventId },
  );
}

export interface StandardFigures {
  standard: string;
  label: string;
  weeks: number;
  target: number | null;
  /** What `started` counts (the standard's denominator), in words and short. */
  counted: string;
  countedShort: string;
  /** The standard's denominator for the period. */
  started: number;
  /** Of them, those within the standard. */
  startedWithin: number;
  /** startedWithin ÷ started; null when the denominator is 0. */
  share: number | null;
  /** True or false against the national target; null when there is no target or no share. */
  meetsTarget: boolean | null;
}

/** Figures of one service at any scope: one trust's snapshot, or several summed. */
export interface WaitingListFigures {
  service: WaitingServiceId;
  label: string;
  trustsReporting: number;
  waiting: number;
  bands: WaitBands;
  /** Waiting more than 52 weeks (the 52–78, 78–104 and > 104 bands; exactly 52 is not more than 52). */
  waitingMoreThan52Weeks: number;
  /** @deprecated v1 name of waitingMoreThan52Weeks (same value, now strictly more than 52 weeks). */
  waiting52WeeksPlus: number;
  /** As reported for one trust; estimated from the summed bands for a roll-up. */
  medianWeeks: number | null;
  p90Weeks: number | null;
  /** Whether the percentiles were estimated from bands rather than reported. */
  percentilesEstimated: boolean;
  referralsReceived: number;
  referralsClosed: number;
  standards: StandardFigures[];
}

function emptyBands(): WaitBands {
  return Object.fromEntries(WAIT_BANDS.map((band) => [band.id, 0])) as WaitBands;
}

/**
 * A percentile estimated from banded counts, interpolating linearly within the band that holds
 * it (the usual grouped-data estimate). A band holds waits of more than its lower bound up to and
 * including its upper (WAIT_BANDS), so the rank is in the first band whose running total reaches
 * it, and a rank that fills a band exactly lands on that band's upper bound, which the band holds:
 * half of 100 people waiting up to 2 weeks and half over 2 → a median of 2 weeks, in the first band.
 * The open-ended top band reports its lower bound, 104: read it as "more than 104 weeks".
 */
export function percentileFromBands(bands: WaitBands, fraction: number): number | null {
  const total = WAIT_BANDS.reduce((sum, band) => sum + bands[band.id], 0);
  if (total === 0) return null;
  const rank = fraction * total;
  let below = 0;
  for (const band of WAIT_BANDS) {
    const inBand = bands[band.id];
    if (inBand > 0 && below + inBand >= rank) {
      if (band.toWeeks === null) return band.fromWeeks;
      return band.fromWeeks + ((rank - below) / inBand) * (band.toWeeks - band.fromWeeks);
    }
    below += inBand;
  }
  return WAIT_BANDS.at(-1)!.fromWeeks;
}

/** One service's figures over the given snapshots (all of the same service). */
export function waitingListFigures(service: WaitingServiceId, records: readonly WaitingListRecord[]): WaitingListFigures {
  const definition: WaitingService = WAITING_SERVICES[service];
  const bands = emptyBands();
  let waiting = 0;
  let referralsReceived = 0;
  let referralsClosed = 0;
  const started = new Map<string, { started: number; startedWithin: number }>();
  for (const record of records) {
    waiting += record.waiting;
    referralsReceived += record.referralsReceived;
    referralsClosed += record.referralsClosed;
    for (const band of WAIT_BANDS) bands[band.id] += record.bands[band.id];
    for (const entry of record.standards) {
      const sum = started.get(entry.standard) ?? { started: 0, startedWithin: 0 };
      sum.started += entry.started;
      sum.startedWithin += entry.startedWithin;
      started.set(entry.standard, sum);
    }
  }
  const single = records.length === 1 ? records[0]! : null;
  return {
    service,
    label: definition.label,
    trustsReporting: records.length,
    waiting,
    bands,
    waitingMoreThan52Weeks: waitingMoreThan52Weeks(bands),
    waiting52WeeksPlus: waitingMoreThan52Weeks(bands),
    medianWeeks: single ? single.medianWeeks : percentileFromBands(bands, 0.5),
    p90Weeks: single ? single.p90Weeks : percentileFromBands(bands, 0.9),
    percentilesEstimated: single === null && records.length > 0,
    referralsReceived,
    referralsClosed,
    standards: definition.standards.map((standard) => {
      const sum = started.get(standard.id) ?? { started: 0, startedWithin: 0 };
      const share = sum.started === 0 ? null : sum.startedWithin / sum.started;
      return {
        standard: standard.id,
        label: standard.label,
        weeks: standard.weeks,
        target: standard.target,
        counted: standard.counted,
        countedShort: standard.countedShort,
        ...sum,
        share,
        meetsTarget: share === null || standard.target === null ? null : share >= standard.target,
      };
    }),
  };
}

/** How far the service's worst standard falls short of its target (0 when all are met or unknown). */
export function standardShortfall(figures: WaitingListFigures): number {
  return Math.max(0, ...figures.standards.map((s) => (s.share === null || s.target === null ? 0 : s.target - s.share)));
}

/** Every reported service's figures, worst first: furthest below target, then most waiting more than 52 weeks, then longest list. */
export function waitingListsWorstFirst(records: readonly WaitingListRecord[]): WaitingListFigures[] {
  const byService = new Map<WaitingServiceId, WaitingListRecord[]>();
  for (const record of records) byService.set(record.service, [...(byService.get(record.service) ?? []), record]);
  return [...byService.entries()]
    .map(([service, list]) => waitingListFigures(service, list))
    .sort(
      (a, b) =>
        standardShortfall(b) - standardShortfall(a) ||
        b.waitingMoreThan52Weeks - a.waitingMoreThan52Weeks ||
        b.waiting - a.waiting ||
        a.service.localeCompare(b.service),
    );
}

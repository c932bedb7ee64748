/**
 * Trends: the metrics executives follow over days, months and years, one definition each, and
 * the shape the trends API returns (series ready for charts). Reference lines are the targets and
 * national standards of domain.md.
 */
import { z } from 'zod';
import { calendarDateSchema } from './calendar.js';
import { KH03_SECTORS } from './kh03.js';
import { scopeTextSchema } from './scope.js';
import type { WaitingServiceId } from './waiting-lists.js';

/** Finest first. Weeks start on Monday; quarters are Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec (KH03's financial quarters). */
export const TREND_GRAINS = ['hour', 'day', 'week', 'month', 'quarter'] as const;
export type TrendGrain = (typeof TREND_GRAINS)[number];
/** Grains made from their days' roll-ups (a week, month or quarter is the average of its daily censuses). */
export const LONG_GRAINS = ['week', 'month', 'quarter'] as const satisfies readonly TrendGrain[];
export type LongGrain = (typeof LONG_GRAINS)[number];
export function isLongGrain(grain: TrendGrain): grain is LongGrain {
  return (LONG_GRAINS as readonly TrendGrain[]).includes(grain);
}

/**
 * Which value of a daily-census metric a point shows: the midnight census (for a week, month or
 * quarter the average of its daily censuses, KH03's bed days ÷ days), the time-weighted mean over
 * the period, or the highest value reached in it.
 */
export const TREND_STATISTICS = ['census', 'mean', 'peak'] as const;
export type TrendStatistic = (typeof TREND_STATISTICS)[number];

/** All wards, or one KH03 sector's (kh03.ts). */
export const TREND_SECTORS = ['all', ...KH03_SECTORS] as const;
export type TrendSector = (typeof TREND_SECTORS)[number];

export type TrendUnit = 'percent' | 'count' | 'gbp' | 'days';

export interface TrendMetricDefinition {
  label: string;
  unit: TrendUnit;
  /**
   * How a period's value is made:
   * - `dailyCensus`: the census at London midnight (the period's end) for a day; a week, month or
   *   quarter averages its daily censuses (sum of the days' numerators ÷ sum of their denominators:
   *   occupied ÷ available bed days for occupancy, the count ÷ days for counts). The time-weighted
   *   mean and the peak are kept beside it;
   * - `census`: the state at the period's end (an OAP active at period end, OAP03a; a waiting list);
   * - `sum`: what happened within the period;
   * - `ratio`: a ratio of the period's sums (video contacts ÷ all contacts);
   * - `stays`: computed on request from the anonymous stays (stay-trends.ts), never rolled up.
   */
  aggregate: 'dailyCensus' | 'census' | 'sum' | 'ratio' | 'stays';
  /** Bed measures: also kept per KH03 sector (learning disability & autism wards apart). */
  bySector?: boolean;
  /** Which direction is better, for SPC icons (improvement vs concern). */
  better: 'higher' | 'lower' | 'neither';
  reference?: { value: number; label: string };
  /** A published national measure to draw beside local figures (MHSDS measure id; its values are percentages). */
  benchmark?: { measureId: string; label: string; scale: number };
  /** A waiting-time standard's share (waiting-lists.ts): of its denominator in the period, those within it. */
  waitingStandard?: { service: WaitingServiceId; standard: string };
}

/**
 * Percent metrics are fractions (0.85 = 85%). Bed metrics are the KH03 midnight census of each day,
 * averaged over the days of a week, month or quarter (domain.md), counting only wards reporting at
 * that midnight. OAP starts, ends, bed days and cost (each bed day at the daily cost in force that
 * day) and contacts are sums, by day and longer only. Trust figures: referrals waiting and patients
 * from other trusts are daily censuses like beds; completed discharges and breaches are sums of what
 * the trusts' reports added within the period.
 */
export const TREND_METRICS = {
  occupancyIncludingLeave: {
    label: 'Bed occupancy including leave',
    unit: 'percent',
    aggregate: 'dailyCensus',
    bySector: true,
    better: 'lower',
    reference: { value: 0.85, label: 'RCPsych recommended maximum 85%' },
  },
  occupancyExcludingLeave: {
    label: 'Bed occupancy excluding leave',
    unit: 'percent',
    aggregate: 'dailyCensus',
    bySector: true,
    better: 'lower',
    reference: { value: 0.85, label: 'RCPsych recommended maximum 85%' },
  },
  vacantBeds: { label: 'Vacant beds', unit: 'count', aggregate: 'dailyCensus', bySector: true, better: 'higher' },
  // Out-of-area placements: the published measures count inappropriate OAPs only (reason "no bed
  // available", domain.md); the all-OAP figures beside them say so in their labels.
  activeInappropriateOaps: {
    label: 'Active inappropriate OAPs (OAP03a)',
    unit: 'count',
    aggregate: 'census',
    better: 'lower',
    reference: { value: 0, label: 'National ambition: zero inappropriate OAPs' },
  },
  inappropriateOapsStarted: {
    label: 'Inappropriate OAPs started (OAP01a)',
    unit: 'count',
    aggregate: 'sum',
    better: 'lower',
    reference: { value: 0, label: 'National ambition: zero inappropriate OAPs' },
  },
  inappropriateOapBedDays: {
    label: 'Inappropriate OAP bed days (OAP02a)',
    unit: 'days',
    aggregate: 'sum',
    better: 'lower',
    reference: { value: 0, label: 'National ambition: zero inappropriate OAPs' },
  },
  inappropriateOapCost: { label: 'Inappropriate OAP cost', unit: 'gbp', aggregate: 'sum', better: 'lower' },
  inappropriateOapsEnded: { label: 'Inappropriate OAPs ended (OAP04a)', unit: 'count', aggregate: 'sum', better: 'neither' },
  activeOaps: { label: 'Active OAPs, all reasons', unit: 'count', aggregate: 'census', better: 'lower' },
  oapBedDays: { label: 'OAP bed days, all reasons', unit: 'days', aggregate: 'sum', better: 'lower' },
  oapCost: { label: 'OAP cost, all reasons', unit: 'gbp', aggregate: 'sum', better: 'lower' },
  waitingListSize: { label: 'People waiting', unit: 'count', aggregate: 'census', better: 'lower' },
  waitingMoreThan52Weeks: { label: 'Waiting more than 52 weeks', unit: 'count', aggregate: 'census', better: 'lower' },
  // Each share is its standard's (waiting-lists.ts WAITING_SERVICES): of the standard's denominator in
  // the period, those within it; the label says what is counted.
  talkingTherapies6WeekShare: {
    label: 'Talking Therapies: first treatment within 6 weeks, of referrals finishing a course of treatment',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    reference: { value: 0.75, label: 'Standard 75%' },
    waitingStandard: { service: 'talking-therapies', standard: '6-weeks' },
  },
  talkingTherapies18WeekShare: {
    label: 'Talking Therapies: first treatment within 18 weeks, of referrals finishing a course of treatment',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    reference: { value: 0.95, label: 'Standard 95%' },
    waitingStandard: { service: 'talking-therapies', standard: '18-weeks' },
  },
  communityMh4WeekShare: {
    label: 'Community mental health (adult): clock stops within 4 weeks (MRS01)',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    benchmark: { measureId: 'MRS01b', label: 'MHSDS MRS01b', scale: 0.01 },
    waitingStandard: { service: 'community-mental-health', standard: '4-weeks' },
  },
  cypmhs4WeekShare: {
    label: "Children and young people's mental health: clock stops within 4 weeks (MRS08)",
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    benchmark: { measureId: 'MRS08b', label: 'MHSDS MRS08b', scale: 0.01 },
    waitingStandard: { service: 'cypmhs', standard: '4-weeks' },
  },
  eip2WeekShare: {
    label: 'Early intervention in psychosis: NICE-concordant care within 2 weeks, of referrals starting care',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    reference: { value: 0.6, label: 'Standard 60%' },
    waitingStandard: { service: 'early-intervention-psychosis', standard: '2-weeks' },
  },
  eatingDisordersUrgent1WeekShare: {
    label: 'Eating disorders (CYP): urgent cases starting treatment within 1 week',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    reference: { value: 0.95, label: 'Standard 95%' },
    waitingStandard: { service: 'eating-disorders-cyp', standard: 'urgent-1-week' },
  },
  eatingDisordersRoutine4WeekShare: {
    label: 'Eating disorders (CYP): routine cases starting treatment within 4 weeks',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    reference: { value: 0.95, label: 'Standard 95%' },
    waitingStandard: { service: 'eating-disorders-cyp', standard: 'routine-4-weeks' },
  },
  videoConsultations: { label: 'Video consultations', unit: 'count', aggregate: 'sum', better: 'neither' },
  videoShare: { label: 'Video share of contacts', unit: 'percent', aggregate: 'ratio', better: 'neither' },
  admissionReferralsWaiting: { label: 'Admission referrals waiting', unit: 'count', aggregate: 'dailyCensus', better: 'lower' },
  completedDischarges: { label: 'Completed discharges', unit: 'count', aggregate: 'sum', better: 'higher' },
  reportedSection136Breaches: {
    label: 'Section 136 breaches reported by trusts',
    unit: 'count',
    aggregate: 'sum',
    better: 'lower',
    reference: { value: 0, label: 'No detention past its legal limit' },
  },
  patientsFromOtherTrusts: {
    label: 'Patients from other trusts in our beds',
    unit: 'count',
    aggregate: 'dailyCensus',
    better: 'neither',
  },
  // Delayed discharges (discharge-delays.ts): the wards' latest lists at the period's end, and the
  // nights of the period × the delays open at each midnight census.
  delayedDischarges: { label: 'Delayed discharges', unit: 'count', aggregate: 'census', better: 'lower' },
  delayedBedDays: { label: 'Delayed bed days', unit: 'days', aggregate: 'sum', better: 'lower' },
  // Referrals (referrals.ts): each trust's days of referrals, all services, the latest report of each
  // day and service; acceptance is accepted ÷ (accepted + declined) of the period's sums.
  referralsReceived: { label: 'Referrals received', unit: 'count', aggregate: 'sum', better: 'neither' },
  referralsAccepted: { label: 'Referrals accepted', unit: 'count', aggregate: 'sum', better: 'neither' },
  referralsDeclined: { label: 'Referrals declined', unit: 'count', aggregate: 'sum', better: 'neither' },
  // received ÷ population × 100,000 per day; a week's or month's is the sum of its days' (the
  // period's referrals over the same population), as MHS32 counts new referrals in a month.
  referralsPer100k: {
    label: 'Referrals received per 100,000 population',
    unit: 'count',
    aggregate: 'sum',
    better: 'neither',
  },
  referralAcceptanceRate: {
    label: 'Referral acceptance rate (accepted of decided referrals)',
    unit: 'percent',
    aggregate: 'ratio',
    better: 'neither',
  },
} as const satisfies Record<string, TrendMetricDefinition>;
export type TrendMetric = keyof typeof TREND_METRICS;
export const TREND_METRIC_IDS = Object.keys(TREND_METRICS) as TrendMetric[];

/**
 * Admissions, discharges and length of stay (issue #17 item 2; length-of-stay.ts, docs/measures.md),
 * computed on request from the stays of the scope's wards (stay-trends.ts) rather than rolled up,
 * for days and longer: a stay is counted in nights, so an hour has no length of stay. Lengths are in
 * days as the NHS counts a spell's duration: nights, the discharge date minus the admission date.
 * A period none of the scope's stays touches has no values (null), not zeros.
 */
/** A stay measure: a count, or a length in days, lower better unless said. */
const stayMeasure = <L extends string, U extends 'count' | 'days', B extends 'lower' | 'neither' = 'lower'>(
  label: L,
  unit: U,
  better?: B,
) => ({ label, unit, aggregate: 'stays' as const, better: (better ?? 'lower') as B });

export const STAY_TREND_METRICS = {
  stayAdmissions: stayMeasure('Admissions (from stays)', 'count', 'neither'),
  stayDischarges: stayMeasure('Discharges (from stays)', 'count', 'neither'),
  meanLengthOfStay: stayMeasure('Mean length of stay of discharges', 'days'),
  medianLengthOfStay: stayMeasure('Median length of stay of discharges', 'days'),
  p90LengthOfStay: stayMeasure('90th percentile length of stay of discharges', 'days'),
  dischargedStays60Plus: stayMeasure('Discharges after 60 or more days', 'count'),
  dischargedStays90Plus: stayMeasure('Discharges after 90 or more days', 'count'),
  currentMedianLengthOfStay: stayMeasure("Median length of stay so far of inpatients at the period's end", 'days'),
} as const satisfies Record<string, TrendMetricDefinition>;
export type StayTrendMetric = keyof typeof STAY_TREND_METRICS;
export const STAY_TREND_METRIC_IDS = Object.keys(STAY_TREND_METRICS) as StayTrendMetric[];
export function isStayTrendMetric(metric: TrendMeasure): metric is StayTrendMetric {
  return Object.hasOwn(STAY_TREND_METRICS, metric);
}
/** The grains of stay metrics: not hours. */
export const STAY_TREND_GRAINS = ['day', 'week', 'month', 'quarter'] as const satisfies readonly TrendGrain[];
export type StayTrendGrain = (typeof STAY_TREND_GRAINS)[number];

/** Every measure the trends API offers: the rolled-up metrics and those computed from stays. */
export const TREND_MEASURES = { ...TREND_METRICS, ...STAY_TREND_METRICS } as const;
export type TrendMeasure = TrendMetric | StayTrendMetric;
export const TREND_MEASURE_IDS = Object.keys(TREND_MEASURES) as TrendMeasure[];

/** The grains a measure has, finest first. */
export function grainsOf(metric: TrendMeasure): readonly TrendGrain[] {
  return isStayTrendMetric(metric) ? STAY_TREND_GRAINS : TREND_GRAINS;
}

/** Why a measure has no figures at a grain (for the API's 400 and the page); null when it has. */
export function grainProblem(metric: TrendMeasure, grain: TrendGrain): string | null {
  return grainsOf(metric).includes(grain)
    ? null
    : `${TREND_MEASURES[metric].label} has no hourly figures: a stay is counted in nights, so choose day, week, month or quarter`;
}

/**
 * Metric ids of earlier releases, still accepted in queries and links. `waiting52WeeksPlus` counted
 * exactly 52 weeks in; its stored history was renamed by migration 19 and rebuilt by the new rule.
 */
export const RENAMED_TREND_METRICS: Readonly<Record<string, TrendMetric>> = {
  waiting52WeeksPlus: 'waitingMoreThan52Weeks',
};

/** The metric of `id`, following renames; the id itself otherwise (the schema then judges it). */
export function currentTrendMetricId(id: unknown): unknown {
  return typeof id === 'string' && Object.hasOwn(RENAMED_TREND_METRICS, id) ? RENAMED_TREND_METRICS[id] : id;
}

/** Metrics that trend a waiting-time standard's share. */
export type WaitingShareMetric = {
  [M in TrendMetric]: (typeof TREND_METRICS)[M] extends { waitingStandard: object } ? M : never;
}[TrendMetric];
/** The metrics that trend a waiting-time standard's share, with their standard. */
export const WAITING_SHARE_METRICS = TREND_METRIC_IDS.flatMap((metric) => {
  const standard = (TREND_METRICS[metric] as TrendMetricDefinition).waitingStandard;
  return standard ? [{ metric: metric as WaitingShareMetric, ...standard }] : [];
});

/** Metrics taken as a census at every London midnight (and followed through the day for mean and peak). */
export type DailyCensusMetric = {
  [M in TrendMetric]: (typeof TREND_METRICS)[M]['aggregate'] extends 'dailyCensus' ? M : never;
}[TrendMetric];
export const DAILY_CENSUS_METRICS = TREND_METRIC_IDS.filter(
  (metric): metric is DailyCensusMetric => TREND_METRICS[metric].aggregate === 'dailyCensus',
);
/** Bed metrics, also kept per KH03 sector. */
export const SECTOR_METRICS = TREND_METRIC_IDS.filter(
  (metric) => (TREND_METRICS[metric] as TrendMetricDefinition).bySector === true,
);

/** Whether a metric has a mean and a peak beside its census. */
export function hasDailyStatistics(metric: TrendMeasure): metric is DailyCensusMetric {
  return TREND_MEASURES[metric].aggregate === 'dailyCensus';
}

/** Whether a measure is also kept per KH03 sector. */
export function hasSectors(metric: TrendMeasure): boolean {
  return (SECTOR_METRICS as readonly TrendMeasure[]).includes(metric);
}

/** Longest range per grain (points per series stay in the low thousands). */
export const MAX_TREND_DAYS: Record<TrendGrain, number> = {
  hour: 93,
  day: 3 * 366 + 1,
  week: 10 * 366,
  month: 20 * 366,
  quarter: 20 * 366,
};

export const trendQuerySchema = z.strictObject({
  metric: z.preprocess(currentTrendMetricId, z.enum(TREND_MEASURE_IDS as [TrendMeasure, ...TrendMeasure[]])),
  scope: z.array(scopeTextSchema).min(1, 'must name at least one scope').max(12, 'must name at most 12 scopes'),
  from: calendarDateSchema.describe('First London day of the range'),
  to: calendarDateSchema.describe('Last London day of the range (inclusive)'),
  grain: z.enum(TREND_GRAINS).default('day'),
  statistic: z
    .enum(TREND_STATISTICS)
    .default('census')
    .describe('census (midnight census; its average over a week, month or quarter), mean or peak: daily-census metrics only'),
  sector: z
    .enum(TREND_SECTORS)
    .default('all')
    .describe('all wards, or one KH03 sector (learning disability & autism wards are learning-disabilities): bed metrics only'),
});
export type TrendQuery = z.infer<typeof trendQuerySchema>;

export const trendPointSchema = z.object({
  /** Period start: `YYYY-MM-DD` for days, weeks, months and quarters, ISO date-time for hours. */
  t: z.string(),
  v: z.number().nullable().describe('Null where there is no data for the period'),
});

export const trendSeriesSchema = z.object({
  scope: z.string(),
  name: z.string(),
  points: z.array(trendPointSchema),
});
export type TrendSeries = z.infer<typeof trendSeriesSchema>;

export const trendResponseSchema = z.object({
  metric: z.object({
    id: z.string(),
    label: z.string(),
    unit: z.enum(['percent', 'count', 'gbp', 'days']),
    better: z.enum(['higher', 'lower', 'neither']),
    reference: z.object({ value: z.number(), label: z.string() }).nullable(),
  }),
  grain: z.enum(TREND_GRAINS),
  statistic: z.enum(TREND_STATISTICS),
  sector: z.enum(TREND_SECTORS),
  from: z.string(),
  to: z.string(),
  series: z.array(trendSeriesSchema),
  benchmarks: z
    .array(z.object({ label: z.string(), source: z.string(), points: z.array(trendPointSchema) }))
    .describe('Published national or ICB figures for the same measure, where imported'),
});
export type TrendResponse = z.infer<typeof trendResponseSchema>;

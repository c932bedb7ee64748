/**
 * Trends: the metrics executives follow over days, months and years, one definition each, and
 * the shape the trends API returns (series ready for charts). Reference lines are the targets and
 * national standards of domain.md.
 */
import { z } from 'zod';
import { calendarDateSchema } from './calendar.js';
import { scopeTextSchema } from './scope.js';

export const TREND_GRAINS = ['hour', 'day', 'month'] as const;
export type TrendGrain = (typeof TREND_GRAINS)[number];

export type TrendUnit = 'percent' | 'count' | 'gbp' | 'days';

export interface TrendMetricDefinition {
  label: string;
  unit: TrendUnit;
  /** How a day's (or month's) value is made from the finer values: the census at the period's end, a sum, or a mean. */
  aggregate: 'census' | 'sum' | 'mean';
  /** Which direction is better, for SPC icons (improvement vs concern). */
  better: 'higher' | 'lower' | 'neither';
  reference?: { value: number; label: string };
  /** A published national measure to draw beside local figures (MHSDS measure id; its values are percentages). */
  benchmark?: { measureId: string; label: string; scale: number };
}

/**
 * Percent metrics are fractions (0.85 = 85%). Bed metrics are the KH03 midnight census at day and
 * month grain (the state at the period's end); OAP starts, ends, bed days and cost (each bed day
 * at the daily cost in force that day) and contacts are sums, by day and month only. Trust
 * figures: referrals waiting and patients from other trusts are censuses; completed discharges and
 * breaches are sums of what the trusts' reports added within the period.
 */
export const TREND_METRICS = {
  occupancyIncludingLeave: {
    label: 'Bed occupancy including leave',
    unit: 'percent',
    aggregate: 'census',
    better: 'lower',
    reference: { value: 0.85, label: 'RCPsych recommended maximum 85%' },
  },
  occupancyExcludingLeave: {
    label: 'Bed occupancy excluding leave',
    unit: 'percent',
    aggregate: 'census',
    better: 'lower',
    reference: { value: 0.85, label: 'RCPsych recommended maximum 85%' },
  },
  vacantBeds: { label: 'Vacant beds', unit: 'count', aggregate: 'census', better: 'higher' },
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
  waiting52WeeksPlus: { label: 'Waiting 52 weeks or more', unit: 'count', aggregate: 'census', better: 'lower' },
  talkingTherapies6WeekShare: {
    label: 'Talking Therapies: started within 6 weeks',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    reference: { value: 0.75, label: 'Standard 75%' },
  },
  communityMh4WeekShare: {
    label: 'Community mental health: started within 4 weeks',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    benchmark: { measureId: 'MRS01b', label: 'MHSDS MRS01b', scale: 0.01 },
  },
  eip2WeekShare: {
    label: 'Early intervention in psychosis: started within 2 weeks',
    unit: 'percent',
    aggregate: 'census',
    better: 'higher',
    reference: { value: 0.6, label: 'Standard 60%' },
  },
  videoConsultations: { label: 'Video consultations', unit: 'count', aggregate: 'sum', better: 'neither' },
  videoShare: { label: 'Video share of contacts', unit: 'percent', aggregate: 'mean', better: 'neither' },
  admissionReferralsWaiting: { label: 'Admission referrals waiting', unit: 'count', aggregate: 'census', better: 'lower' },
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
    aggregate: 'census',
    better: 'neither',
  },
} as const satisfies Record<string, TrendMetricDefinition>;
export type TrendMetric = keyof typeof TREND_METRICS;
export const TREND_METRIC_IDS = Object.keys(TREND_METRICS) as TrendMetric[];

/** Longest range per grain (points per series stay in the low thousands). */
export const MAX_TREND_DAYS: Record<TrendGrain, number> = { hour: 93, day: 3 * 366 + 1, month: 20 * 366 };

export const trendQuerySchema = z.strictObject({
  metric: z.enum(TREND_METRIC_IDS as [TrendMetric, ...TrendMetric[]]),
  scope: z.array(scopeTextSchema).min(1, 'must name at least one scope').max(12, 'must name at most 12 scopes'),
  from: calendarDateSchema.describe('First London day of the range'),
  to: calendarDateSchema.describe('Last London day of the range (inclusive)'),
  grain: z.enum(TREND_GRAINS).default('day'),
});
export type TrendQuery = z.infer<typeof trendQuerySchema>;

export const trendPointSchema = z.object({
  /** Period start: `YYYY-MM-DD` for day and month grains, ISO date-time for hours. */
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
  from: z.string(),
  to: z.string(),
  series: z.array(trendSeriesSchema),
  benchmarks: z
    .array(z.object({ label: z.string(), source: z.string(), points: z.array(trendPointSchema) }))
    .describe('Published national or ICB figures for the same measure, where imported'),
});
export type TrendResponse = z.infer<typeof trendResponseSchema>;

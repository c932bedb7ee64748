/**
 * The trends page keeps its whole view in the URL (`/trends?metric=occupancyIncludingLeave&scope=trust:RX4
 * &scope=trust:RX3&from=2025-01-01&to=2025-03-31&grain=day&statistic=census&sector=all&view=compare`) so
 * that reloading or sharing the link reproduces it; the SPC view adds its baseline and change points
 * (`&view=spc&baseline=12&change=2025-04-01`). This module reads and writes that query, checks the
 * range, and builds the API path. Unknown or malformed values fall back to defaults, so an old or
 * hand-edited link still opens; a daily value or KH03 sector the measure does not have reads as the default.
 */
import {
  addDays,
  calendarDateSchema,
  currentTrendMetricId,
  daysBetween,
  grainProblem,
  grainsOf,
  hasDailyStatistics,
  hasSectors,
  KH03_SECTOR_LABELS,
  MAX_TREND_DAYS,
  parseScope,
  SPC_MIN_BASELINE_POINTS,
  TREND_GRAINS,
  type SpcBaseline,
  TREND_MEASURE_IDS,
  TREND_SECTORS,
  TREND_STATISTICS,
  type TrendGrain,
  type TrendMeasure,
  type TrendSector,
  type TrendStatistic,
} from '@wardpulse/shared';

export const TREND_VIEWS = ['compare', 'spc'] as const;
export type TrendViewKind = (typeof TREND_VIEWS)[number];

/** The API's limit on scopes per request (trendQuerySchema). */
export const MAX_TREND_SCOPES = 12;

export interface TrendView {
  metric: TrendMeasure;
  /** Scope texts (`trust:RX4`), in the order chosen, no repeats. */
  scopes: string[];
  from: string;
  to: string;
  grain: TrendGrain;
  /** Which value of a daily census: the midnight census (averaged over longer periods), the mean or the peak. */
  statistic: TrendStatistic;
  /** All wards, or one KH03 sector's (bed measures). */
  sector: TrendSector;
  view: TrendViewKind;
  /** The scope the SPC view shows; null means the first scope. */
  focus: string | null;
  /** The SPC view's baseline and change points (`baseline=12` or `baseline=2025-01-01..2025-03-31`, `change=2025-04-01`). */
  spc: SpcViewOptions;
}

export interface SpcViewOptions {
  baseline: SpcBaseline | null;
  /** London dates, in order, no repeats: the first period on or after each starts new limits. */
  changePoints: string[];
}

/** More change points than this would leave stretches too short to mean anything on any chart here. */
export const MAX_CHANGE_POINTS = 12;

export const NO_SPC_OPTIONS: SpcViewOptions = { baseline: null, changePoints: [] };

export const DEFAULT_METRIC: TrendMeasure = 'occupancyIncludingLeave';

export const QUICK_RANGES = [
  { id: '3m', label: '3 months', months: 3 },
  { id: '1y', label: '1 year', months: 12 },
  { id: '2y', label: '2 years', months: 24 },
  { id: '3y', label: '3 years', months: 36 },
] as const;
export type QuickRange = (typeof QUICK_RANGES)[number];

export const GRAIN_LABELS: Record<TrendGrain, string> = {
  hour: 'Hour',
  day: 'Day',
  week: 'Week',
  month: 'Month',
  quarter: 'Quarter',
};
const GRAIN_ADJECTIVES: Record<TrendGrain, string> = {
  hour: 'hourly',
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  quarter: 'quarterly',
};

export const STATISTIC_LABELS: Record<TrendStatistic, string> = { census: 'Midnight census', mean: 'Mean', peak: 'Peak' };

/** What the daily value choice means at a grain, under the choices. */
export function statisticHint(grain: TrendGrain): string {
  if (grain === 'hour') return 'For hours: the value at the hour’s end, the mean over the hour, or the highest value in it.';
  if (grain === 'day') return 'The count at London midnight (KH03), the mean over the day, or the highest value in it.';
  return `For each ${grain}: the average of its midnight censuses (KH03 bed days ÷ days), the mean over the ${grain}, or the highest value in it.`;
}

/** The value in words for a title: "midnight census", "average of midnight censuses", "mean", "peak". */
export function statisticPhrase(statistic: TrendStatistic, grain: TrendGrain): string {
  if (statistic === 'census')
    return grain === 'hour' ? 'at the hour’s end' : grain === 'day' ? 'midnight census' : 'average of midnight censuses';
  return statistic === 'mean' ? `mean over the ${grain}` : `peak of the ${grain}`;
}

/**
 * Which values a response holds, when they are not the default (the census over all wards):
 * "peak of the day", "Learning disabilities (KH03)", "mean over the week, Mental illness (KH03)"; else ''.
 */
export function valuesShown(response: { statistic: TrendStatistic; sector: TrendSector; grain: TrendGrain }): string {
  const parts = [
    ...(response.statistic === 'census' ? [] : [statisticPhrase(response.statistic, response.grain)]),
    ...(response.sector === 'all' ? [] : [SECTOR_LABELS[response.sector]]),
  ];
  return parts.join(', ');
}

export const SECTOR_LABELS: Record<TrendSector, string> = {
  all: 'All wards',
  'mental-illness': `${KH03_SECTOR_LABELS['mental-illness']} (KH03)`,
  'learning-disabilities': `${KH03_SECTOR_LABELS['learning-disabilities']} (KH03)`,
};

/** Whether the measure offers a choice of daily value, and of KH03 sector. */
export const offersStatistic = (metric: TrendMeasure) => hasDailyStatistics(metric);
export const offersSector = (metric: TrendMeasure) => hasSectors(metric);
/** The grains offered for a measure: length of stay has no hours (a stay is counted in nights). */
export const offeredGrains = (metric: TrendMeasure) => grainsOf(metric);

/** A view whose daily value and sector are ones its measure has (others read as the defaults). */
export function normaliseView(view: TrendView): TrendView {
  return {
    ...view,
    statistic: offersStatistic(view.metric) ? view.statistic : 'census',
    sector: offersSector(view.metric) ? view.sector : 'all',
  };
}

/** The same day `months` calendar months earlier (or later), clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const firstOfTarget = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth(), Math.min(day, lastDay)));
  return target.toISOString().slice(0, 10);
}

/** A quick range ending `to`: the last N months, both ends included (3 months to 15 Jun starts 16 Mar). */
export function quickRangeDates(range: QuickRange, to: string): { from: string; to: string } {
  return { from: addDays(addMonths(to, -range.months), 1), to };
}

/** The default view: the last year, by day, compared. */
export function defaultView(today: string): TrendView {
  return {
    metric: DEFAULT_METRIC,
    scopes: [],
    ...quickRangeDates(QUICK_RANGES[1], today),
    grain: 'day',
    statistic: 'census',
    sector: 'all',
    view: 'compare',
    focus: null,
    spc: NO_SPC_OPTIONS,
  };
}

/** A scope text as the API wants it, or null: ODS codes are upper case, so `trust:rx4` is accepted too. */
export function normaliseScope(text: string): string | null {
  const candidate = text.startsWith('trust:') ? `trust:${text.slice('trust:'.length).toUpperCase()}` : text;
  return parseScope(candidate).ok ? candidate : null;
}

const isDate = (text: string | null): text is string => text !== null && calendarDateSchema.safeParse(text).success;

function oneOf<T extends string>(values: readonly T[], text: string | null): T | null {
  return text !== null && (values as readonly string[]).includes(text) ? (text as T) : null;
}

/** `12` (first N points, at least SPC_MIN_BASELINE_POINTS) or `2025-01-01..2025-03-31` (dates, in order); else null. */
export function parseBaseline(text: string | null): SpcBaseline | null {
  if (text === null) return null;
  if (/^\d+$/.test(text)) {
    const points = Number(text);
    return points >= SPC_MIN_BASELINE_POINTS ? { points } : null;
  }
  const [from = null, to = null, ...rest] = text.split('..');
  return rest.length === 0 && isDate(from) && isDate(to) && from <= to ? { from, to } : null;
}

export function serialiseBaseline(baseline: SpcBaseline): string {
  return 'points' in baseline ? String(baseline.points) : `${baseline.from}..${baseline.to}`;
}

/** Change dates in order, without repeats or bad dates, at most MAX_CHANGE_POINTS. */
export function normaliseChangePoints(dates: readonly (string | null)[]): string[] {
  return [...new Set(dates.filter(isDate))].sort().slice(0, MAX_CHANGE_POINTS);
}

/** The view a URL asks for; `today` is the London date, for the default range. */
export function parseTrendView(params: URLSearchParams, today: string): TrendView {
  const defaults = defaultView(today);
  const scopes: string[] = [];
  for (const text of params.getAll('scope')) {
    const scope = normaliseScope(text);
    if (scope !== null && !scopes.includes(scope) && scopes.length < MAX_TREND_SCOPES) scopes.push(scope);
  }
  const from = params.get('from');
  const to = params.get('to');
  const focus = normaliseScope(params.get('focus') ?? '');
  return normaliseView({
    // A link saved before a metric was renamed still opens it.
    metric: oneOf(TREND_MEASURE_IDS, (currentTrendMetricId(params.get('metric')) as string | null) ?? null) ?? defaults.metric,
    scopes,
    from: isDate(from) ? from : isDate(to) ? quickRangeDates(QUICK_RANGES[1], to).from : defaults.from,
    to: isDate(to) ? to : defaults.to,
    grain: oneOf(TREND_GRAINS, params.get('grain')) ?? defaults.grain,
    statistic: oneOf(TREND_STATISTICS, params.get('statistic')) ?? defaults.statistic,
    sector: oneOf(TREND_SECTORS, params.get('sector')) ?? defaults.sector,
    view: oneOf(TREND_VIEWS, params.get('view')) ?? defaults.view,
    focus: focus !== null && scopes.includes(focus) ? focus : null,
    spc: { baseline: parseBaseline(params.get('baseline')), changePoints: normaliseChangePoints(params.getAll('change')) },
  });
}

/** The query string of a view, in a fixed order; `focus`, `baseline` and `change` only in the SPC view. */
export function serialiseTrendView(chosen: TrendView): string {
  const view = normaliseView(chosen);
  const params = new URLSearchParams();
  params.set('metric', view.metric);
  for (const scope of view.scopes) params.append('scope', scope);
  params.set('from', view.from);
  params.set('to', view.to);
  params.set('grain', view.grain);
  params.set('statistic', view.statistic);
  params.set('sector', view.sector);
  params.set('view', view.view);
  if (view.view === 'spc' && view.focus !== null && view.scopes.includes(view.focus)) params.set('focus', view.focus);
  if (view.view === 'spc' && view.spc.baseline) params.set('baseline', serialiseBaseline(view.spc.baseline));
  if (view.view === 'spc') for (const date of view.spc.changePoints) params.append('change', date);
  return params.toString();
}

/** The scope the SPC view charts. */
export function spcScope(view: TrendView): string | null {
  return view.focus !== null && view.scopes.includes(view.focus) ? view.focus : (view.scopes[0] ?? null);
}

/** Why the measure cannot be shown at the grain (an hourly length of stay), in words; null when it can. */
export function viewGrainProblem(view: Pick<TrendView, 'metric' | 'grain'>): string | null {
  return grainProblem(view.metric, view.grain);
}

/** A view switched to another measure: an hourly view of length of stay becomes daily (the page says why hours are gone). */
export function withMetric(view: TrendView, metric: TrendMeasure): TrendView {
  return { ...view, metric, grain: grainsOf(metric).includes(view.grain) ? view.grain : 'day' };
}

/** Why the range cannot be asked for, in words for the date fields; null when it can. */
export function rangeProblem(view: Pick<TrendView, 'from' | 'to' | 'grain'>): string | null {
  const days = daysBetween(view.from, view.to) + 1;
  if (days < 1) return 'The start date must be on or before the end date';
  const max = MAX_TREND_DAYS[view.grain];
  if (days > max) {
    return `${days} days is too long a range for ${GRAIN_ADJECTIVES[view.grain]} figures: choose up to ${max} days, or a longer grain`;
  }
  return null;
}

/** A grain that fits a range: the chosen one if it can, else the finest one that can. */
export function grainFor(view: Pick<TrendView, 'from' | 'to' | 'grain'>): TrendGrain {
  if (rangeProblem(view) === null) return view.grain;
  return TREND_GRAINS.find((grain) => rangeProblem({ ...view, grain }) === null) ?? 'month';
}

/** Adds or removes a scope, keeping the order chosen and the API's limit. */
export function toggleScope(view: TrendView, scope: string): TrendView {
  if (view.scopes.includes(scope)) {
    const scopes = view.scopes.filter((chosen) => chosen !== scope);
    return { ...view, scopes, focus: view.focus === scope ? null : view.focus };
  }
  if (view.scopes.length >= MAX_TREND_SCOPES) return view;
  return { ...view, scopes: [...view.scopes, scope] };
}

/** The API request for a view (trendQuerySchema), or null when it has no scope, a bad range or a grain its measure lacks. */
export function trendApiPath(chosen: TrendView): string | null {
  if (chosen.scopes.length === 0 || rangeProblem(chosen) !== null || viewGrainProblem(chosen) !== null) return null;
  const view = normaliseView(chosen);
  const params = new URLSearchParams();
  params.set('metric', view.metric);
  for (const scope of view.scopes) params.append('scope', scope);
  params.set('from', view.from);
  params.set('to', view.to);
  params.set('grain', view.grain);
  params.set('statistic', view.statistic);
  params.set('sector', view.sector);
  return `/api/v1/trends?${params.toString()}`;
}

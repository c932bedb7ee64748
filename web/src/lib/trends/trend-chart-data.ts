/**
 * Maps a trends response to Chart.js datasets: one line per scope (Compare) or one scope's XmR chart
 * (SPC), with the metric's reference and the national benchmarks as dashed, labelled lines. Pure, so
 * the mapping is unit-tested; trend-chart.svelte only hands the result to Chart.js.
 *
 * x is epoch milliseconds on a linear axis (not the category axis) because Chart.js decimation only
 * works on linear or time axes with `parsing: false`; points are already `{ x, y }` in time order.
 */
import type { ChartDataset, PointStyle } from 'chart.js';
import {
  assuranceOf,
  londonDateOf,
  SPC_MIN_POINTS,
  SPC_RULE_LABELS,
  spcChart,
  specialCauseKind,
  variationOf,
  type Assurance,
  type SpcChart,
  type SpcOptions,
  type SpcRule,
  type TrendGrain,
  type TrendResponse,
  type TrendUnit,
  type Variation,
  type XmrLimits,
} from '@wardpulse/shared';
import { axisTitle, periodInstant, toDisplay } from './trend-format.js';

export interface ChartPoint {
  x: number;
  y: number | null;
  /** Special-cause rules, for the SPC tooltip. */
  rules?: SpcRule[];
}

export type TrendDataset = ChartDataset<'line', ChartPoint[]>;

/** What a dataset is, for the legend's order, the line labels and the tooltip. */
export type DatasetRole = 'series' | 'reference' | 'benchmark' | 'mean' | 'limit' | 'special-cause';

export interface TrendChartModel {
  datasets: TrendDataset[];
  /** Parallel to `datasets`. */
  roles: DatasetRole[];
  unit: TrendUnit;
  grain: TrendGrain;
  xMin: number;
  xMax: number;
  yTitle: string;
}

/**
 * Series colours on the dark page, each at least 3:1 against it (WCAG non-text contrast), and never
 * the only cue: each series also has its own point shape, in the legend and on the line.
 */
export const SERIES_COLOURS = [
  '#41b6e6',
  '#ffb81c',
  '#78be20',
  '#ff9d94',
  '#00c2b2',
  '#d7a6f0',
  '#ffffff',
  '#ed8b00',
  '#a9d6ff',
  '#ffeb3b',
  '#aeb7bd',
  '#f5a6cf',
] as const;
export const SERIES_POINT_STYLES: readonly PointStyle[] = [
  'circle',
  'rect',
  'triangle',
  'rectRot',
  'star',
  'crossRot',
  'rectRounded',
  'cross',
  'circle',
  'rect',
  'triangle',
  'rectRot',
];
export const REFERENCE_COLOUR = '#ffeb3b';
export const BENCHMARK_COLOUR = '#d8dde0';
/** Above this many points a line is drawn without point markers (they would merge into a smear). */
export const MARKER_LIMIT = 120;

const REFERENCE_DASH = [10, 6];
const BENCHMARK_DASH = [4, 4];

function points(series: { t: string; v: number | null }[], unit: TrendUnit): ChartPoint[] {
  return series
    .map((point) => ({ x: periodInstant(point.t), y: point.v === null ? null : toDisplay(point.v, unit) }))
    .sort((a, b) => a.x - b.x);
}

function xRange(response: TrendResponse): { xMin: number; xMax: number } {
  const xs = [...response.series.flatMap((s) => s.points), ...response.benchmarks.flatMap((b) => b.points)].map((p) =>
    periodInstant(p.t),
  );
  const xMin = Math.min(periodInstant(response.from), ...xs);
  const xMax = Math.max(periodInstant(response.to), ...xs);
  return { xMin, xMax };
}

/** A horizontal line across the chart: the reference (a target or standard) or an SPC line. */
function horizontal(label: string, y: number, xMin: number, xMax: number, style: Partial<TrendDataset>): TrendDataset {
  return {
    label,
    data: [
      { x: xMin, y },
      { x: xMax, y },
    ],
    pointRadius: 0,
    pointHoverRadius: 0,
    // The legend shows a line, not a dot, for lines that have no points of their own.
    pointStyle: 'line',
    borderWidth: 2,
    ...style,
  };
}

function referenceDataset(response: TrendResponse, xMin: number, xMax: number): TrendDataset[] {
  const reference = response.metric.reference;
  if (!reference) return [];
  const y = toDisplay(reference.value, response.metric.unit);
  return [
    horizontal(reference.label, y, xMin, xMax, {
      borderColor: REFERENCE_COLOUR,
      backgroundColor: REFERENCE_COLOUR,
      borderDash: REFERENCE_DASH,
    }),
  ];
}

function benchmarkDatasets(response: TrendResponse): TrendDataset[] {
  return response.benchmarks.map((benchmark) => ({
    label: `${benchmark.label} (${benchmark.source})`,
    data: points(benchmark.points, response.metric.unit),
    borderColor: BENCHMARK_COLOUR,
    backgroundColor: BENCHMARK_COLOUR,
    borderDash: BENCHMARK_DASH,
    borderWidth: 2,
    pointRadius: 0,
    pointStyle: 'line',
    // Benchmarks are often monthly on a daily chart: join their points.
    spanGaps: true,
  }));
}

/** Compare: one line per scope, then the reference line, then the benchmarks. */
export function compareChartModel(response: TrendResponse): TrendChartModel {
  const unit = response.metric.unit;
  const { xMin, xMax } = xRange(response);
  const series: TrendDataset[] = response.series.map((s, index) => {
    const colour = SERIES_COLOURS[index % SERIES_COLOURS.length]!;
    const data = points(s.points, unit);
    return {
      label: s.name,
      data,
      borderColor: colour,
      backgroundColor: colour,
      pointStyle: SERIES_POINT_STYLES[index % SERIES_POINT_STYLES.length]!,
      pointRadius: data.length > MARKER_LIMIT ? 0 : 4,
      pointHoverRadius: 6,
      borderWidth: 2,
      spanGaps: false,
    };
  });
  const reference = referenceDataset(response, xMin, xMax);
  const benchmarks = benchmarkDatasets(response);
  return {
    datasets: [...series, ...reference, ...benchmarks],
    roles: [
      ...series.map(() => 'series' as const),
      ...reference.map(() => 'reference' as const),
      ...benchmarks.map(() => 'benchmark' as const),
    ],
    unit,
    grain: response.grain,
    xMin,
    xMax,
    yTitle: axisTitle(response.metric.label, unit),
  };
}

export const SPC_COLOURS = {
  commonCause: '#aeb7bd',
  mean: '#ffffff',
  limit: '#d8dde0',
  improvement: '#41b6e6',
  concern: '#ffb81c',
  neither: '#d7a6f0',
} as const;

/** Special cause is coloured and shaped: ▲ improvement, ◆ concern, ■ neither. */
export const SPECIAL_CAUSE_STYLES = {
  improvement: { label: 'Special cause: improvement', colour: SPC_COLOURS.improvement, pointStyle: 'triangle' },
  concern: { label: 'Special cause: concern', colour: SPC_COLOURS.concern, pointStyle: 'rectRot' },
  neither: { label: 'Special cause: neither improvement nor concern', colour: SPC_COLOURS.neither, pointStyle: 'rect' },
} as const satisfies Record<string, { label: string; colour: string; pointStyle: PointStyle }>;

export interface SpcSummary {
  scope: string;
  name: string;
  chart: SpcChart;
  variation: Variation;
  /** Against the metric's reference; null without one or where no direction is better. */
  assurance: Assurance | null;
  target: number | null;
  /** A stretch's limits rest on fewer than SPC_MIN_POINTS values: they are not yet reliable. */
  fewPoints: boolean;
}

/** The XmR chart of one scope's series, in display units, with the view's baseline and change points; null without two values. */
export function spcSummary(response: TrendResponse, scope: string, options: SpcOptions = {}): SpcSummary | null {
  const series = response.series.find((s) => s.scope === scope);
  if (!series) return null;
  const unit = response.metric.unit;
  const sorted = [...series.points].sort((a, b) => periodInstant(a.t) - periodInstant(b.t));
  const chart = spcChart(
    sorted.map((point) => ({
      date: londonDateOf(periodInstant(point.t)),
      value: point.v === null ? null : toDisplay(point.v, unit),
    })),
    options,
  );
  if (!chart) return null;
  const better = response.metric.better;
  const target = response.metric.reference ? toDisplay(response.metric.reference.value, unit) : null;
  return {
    scope,
    name: series.name,
    chart,
    variation: variationOf(chart, better),
    assurance: target === null ? null : assuranceOf(chart, target, better),
    target,
    fewPoints: chart.stretches.some((stretch) => stretch.baseline.count < SPC_MIN_POINTS),
  };
}

/**
 * A mean or limit line, level within each stretch and broken between stretches (a null point), so a
 * change point shows as a split in the lines. The first stretch starts at the range's start and the
 * last ends at its end, as a single line would.
 */
function stretchLine(
  label: string,
  chart: SpcChart,
  level: (limits: XmrLimits) => number,
  xs: readonly number[],
  xMin: number,
  xMax: number,
  style: Partial<TrendDataset>,
): TrendDataset {
  const data: ChartPoint[] = [];
  chart.stretches.forEach((stretch, s) => {
    const start = s === 0 ? xMin : xs[stretch.first]!;
    const end = s === chart.stretches.length - 1 ? xMax : xs[stretch.last]!;
    if (s > 0) data.push({ x: (data.at(-1)!.x + start) / 2, y: null });
    data.push({ x: start, y: level(stretch) }, { x: end, y: level(stretch) });
  });
  return { ...horizontal(label, 0, xMin, xMax, style), data, spanGaps: false };
}

/** Special-cause rules in words: "a run of 7 points on one side of the mean; a point beyond a process limit". */
export function describeRules(rules: readonly SpcRule[]): string {
  return rules.map((rule) => SPC_RULE_LABELS[rule]).join('; ');
}

/** SPC: the scope's values, its mean and process limits, special-cause points, and the target. */
export function spcChartModel(response: TrendResponse, summary: SpcSummary): TrendChartModel {
  const unit = response.metric.unit;
  const series = response.series.find((s) => s.scope === summary.scope)!;
  const { xMin, xMax } = xRange({ ...response, series: [series], benchmarks: [] });
  const values = points(series.points, unit);
  const { chart } = summary;
  const byKind = { improvement: [] as ChartPoint[], concern: [] as ChartPoint[], neither: [] as ChartPoint[] };
  for (const point of chart.points) {
    if (!point.direction) continue;
    // `point.index` is the position in the series as sorted by time, which is also the order of `values`.
    const x = values[point.index]!.x;
    byKind[specialCauseKind(point.direction, response.metric.better)].push({ x, y: point.value, rules: point.rules });
  }
  const datasets: TrendDataset[] = [];
  const roles: DatasetRole[] = [];
  const add = (role: DatasetRole, dataset: TrendDataset) => {
    datasets.push(dataset);
    roles.push(role);
  };
  add('series', {
    label: summary.name,
    data: values,
    borderColor: SPC_COLOURS.commonCause,
    backgroundColor: SPC_COLOURS.commonCause,
    pointStyle: 'circle',
    pointRadius: values.length > MARKER_LIMIT ? 0 : 3,
    pointHoverRadius: 5,
    borderWidth: 2,
    spanGaps: true,
    order: 1,
  });
  for (const kind of ['improvement', 'concern', 'neither'] as const) {
    if (byKind[kind].length === 0) continue;
    const style = SPECIAL_CAUSE_STYLES[kind];
    add('special-cause', {
      label: style.label,
      data: byKind[kind],
      showLine: false,
      borderColor: '#212b32',
      backgroundColor: style.colour,
      pointStyle: style.pointStyle,
      pointRadius: 8,
      pointHoverRadius: 10,
      borderWidth: 1,
      // Chart.js draws lower orders last: special-cause markers go on top of the line's own points.
      order: 0,
    });
  }
  // The x of each chart point, by its position in `chart.points`, for where stretches start and end.
  const xs = chart.points.map((point) => values[point.index]!.x);
  const meanStyle = { borderColor: SPC_COLOURS.mean, backgroundColor: SPC_COLOURS.mean };
  add(
    'mean',
    stretchLine('Mean', chart, (limits) => limits.mean, xs, xMin, xMax, meanStyle),
  );
  const limitStyle = {
    borderColor: SPC_COLOURS.limit,
    backgroundColor: SPC_COLOURS.limit,
    borderDash: BENCHMARK_DASH,
    borderWidth: 1.5,
  };
  const upper = (limits: XmrLimits) => limits.upperProcessLimit;
  const lower = (limits: XmrLimits) => limits.lowerProcessLimit;
  add('limit', stretchLine('Upper process limit', chart, upper, xs, xMin, xMax, limitStyle));
  add('limit', stretchLine('Lower process limit', chart, lower, xs, xMin, xMax, limitStyle));
  for (const reference of referenceDataset(response, xMin, xMax)) add('reference', reference);
  return { datasets, roles, unit, grain: response.grain, xMin, xMax, yTitle: axisTitle(response.metric.label, unit) };
}

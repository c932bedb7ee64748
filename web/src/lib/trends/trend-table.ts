/**
 * The chart's data as a table: one row per period, one column per scope (then any benchmarks).
 * The data table under the chart and the CSV export both read this, so they always agree.
 */
import { specialCauseKind, type TrendGrain, type TrendResponse, type TrendUnit } from '@wardpulse/shared';
import { describeRules, type SpcSummary } from './trend-chart-data.js';
import { formatPeriod, formatValue, periodInstant, toDisplay } from './trend-format.js';

export interface TrendTableColumn {
  kind: 'scope' | 'benchmark';
  /** Scope text (`trust:RX4`) or the benchmark's source. */
  id: string;
  label: string;
  /** Display values (percentages for percent metrics), one per period; null where there is no data. */
  values: (number | null)[];
}

export interface TrendTable {
  /** Period starts as the API gives them (`YYYY-MM-DD` or ISO date-times), in time order. */
  periods: string[];
  columns: TrendTableColumn[];
}

export function trendTable(response: TrendResponse): TrendTable {
  const unit = response.metric.unit;
  const all = [...response.series.flatMap((series) => series.points), ...response.benchmarks.flatMap((b) => b.points)];
  // Every period any line has, ordered by time (ISO strings of one grain sort as text does).
  const periods = [...new Set(all.map((point) => point.t))].sort();
  const row = new Map(periods.map((t, index) => [t, index]));
  const column = (points: TrendResponse['series'][number]['points']) => {
    const values: (number | null)[] = periods.map(() => null);
    for (const point of points) values[row.get(point.t)!] = point.v === null ? null : toDisplay(point.v, unit);
    return values;
  };
  return {
    periods,
    columns: [
      ...response.series.map((series) => ({
        kind: 'scope' as const,
        id: series.scope,
        label: series.name,
        values: column(series.points),
      })),
      ...response.benchmarks.map((benchmark) => ({
        kind: 'benchmark' as const,
        id: benchmark.source,
        label: benchmark.label,
        values: column(benchmark.points),
      })),
    ],
  };
}

/** A table ready to show: header cells and rows of text, first cell the period. */
export interface TextTable {
  headers: string[];
  /** Per column: whether it holds numbers (right-aligned). */
  numeric: boolean[];
  rows: { key: string; cells: string[] }[];
}

/** The compare view's table in words: "14 Mar 2025 | 93.2% | 88.0%". */
export function compareTextTable(table: TrendTable, unit: TrendUnit, grain: TrendGrain): TextTable {
  return {
    headers: [
      'Period',
      ...table.columns.map((column) => (column.kind === 'benchmark' ? `Benchmark: ${column.label}` : column.label)),
    ],
    numeric: [false, ...table.columns.map(() => true)],
    rows: table.periods.map((period, index) => ({
      key: period,
      cells: [
        formatPeriod(periodInstant(period), grain),
        ...table.columns.map((column) => formatValue(column.values[index] ?? null, unit)),
      ],
    })),
  };
}

/** The SPC view's table: each period's value and, where special cause, which kind and by which rules. */
export function spcTextTable(response: TrendResponse, summary: SpcSummary): TextTable {
  const unit = response.metric.unit;
  const series = response.series.find((s) => s.scope === summary.scope);
  const sorted = [...(series?.points ?? [])].sort((a, b) => periodInstant(a.t) - periodInstant(b.t));
  const byIndex = new Map(summary.chart.points.map((point) => [point.index, point]));
  // Where limits are recalculated, said in words: the chart shows it only as a split in its lines.
  const changes = new Set(summary.chart.stretches.slice(1).map((stretch) => summary.chart.points[stretch.first]!.index));
  return {
    headers: ['Period', summary.name, 'Variation'],
    numeric: [false, true, false],
    rows: sorted.map((point, index) => {
      const spc = byIndex.get(index);
      const variation = !spc
        ? ''
        : spc.direction
          ? `Special cause (${specialCauseKind(spc.direction, response.metric.better)}): ${describeRules(spc.rules)}`
          : 'Common cause';
      const note = changes.has(index) ? `Change point: limits recalculated from here. ${variation}` : variation;
      return {
        key: point.t,
        cells: [
          formatPeriod(periodInstant(point.t), response.grain),
          formatValue(point.v === null ? null : toDisplay(point.v, unit), unit),
          note,
        ],
      };
    }),
  };
}

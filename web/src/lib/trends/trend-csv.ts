/**
 * The chart's data as CSV, for spreadsheets. The first row names the metric and its unit; the
 * second is the column header (period, then each scope as "name (scope)", then any benchmarks);
 * then one row per period with plain numbers (percentages for percent metrics) and empty cells where
 * there is no data. Cells are written by shared/csv-cells.ts (RFC 4180 quoting, formulas defused).
 */
import { csvNumber, csvText, type TrendResponse } from '@wardpulse/shared';
import { axisTitle } from './trend-format.js';
import { trendTable } from './trend-table.js';
import { valuesShown } from './trend-view.js';

export { csvText };

export function trendCsv(response: TrendResponse): string {
  const table = trendTable(response);
  const width = table.columns.length + 1;
  const shown = valuesShown(response);
  const title = [
    csvText(`${axisTitle(response.metric.label, response.metric.unit)}${shown ? ` — ${shown}` : ''}`),
    ...Array<string>(width - 1).fill(''),
  ];
  const header = [
    'period',
    ...table.columns.map((column) =>
      csvText(column.kind === 'scope' ? `${column.label} (${column.id})` : `Benchmark: ${column.label} (${column.id})`),
    ),
  ];
  const rows = table.periods.map((period, index) => [
    csvText(period),
    ...table.columns.map((column) => csvNumber(column.values[index] ?? null)),
  ]);
  return [title, header, ...rows].map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/** "wardpulse-occupancyIncludingLeave-2025-01-01-to-2025-03-31-day.csv", "…-week-peak-learning-disabilities.csv" */
export function exportFileName(
  response: Pick<TrendResponse, 'from' | 'to' | 'grain' | 'statistic' | 'sector'> & { metric: { id: string } },
  extension: string,
) {
  const statistic = response.statistic === 'census' ? '' : `-${response.statistic}`;
  const sector = response.sector === 'all' ? '' : `-${response.sector}`;
  return `wardpulse-${response.metric.id}-${response.from}-to-${response.to}-${response.grain}${statistic}${sector}.${extension}`;
}

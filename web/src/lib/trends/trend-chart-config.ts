/**
 * Chart.js for the trends page: only the parts a line chart on a linear axis uses are registered, so
 * the rest of Chart.js is tree-shaken out of the bundle. Options are rebuilt from each model and set
 * on the one chart in place (trend-chart.svelte).
 *
 * Decimation: the LTTB algorithm keeps the visual shape of a long series (3 years by day, 3 months
 * by hour) in at most DECIMATION_SAMPLES points per line. It needs `parsing: false`, data already
 * `{ x, y }` in x order, and a linear x axis: x is epoch milliseconds with our own calendar ticks
 * (trend-ticks.ts) rather than a time axis, which would need a date adapter.
 */
import {
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartOptions,
  type ChartType,
  type Plugin,
  type TooltipItem,
} from 'chart.js';
import { describeRules, type ChartPoint, type DatasetRole, type TrendChartModel } from './trend-chart-data.js';
import { formatPeriod, formatTick, formatValue } from './trend-format.js';
import { formatTimeTick, periodTicks, tickUnitFor } from './trend-ticks.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Decimation);

export const DECIMATION_THRESHOLD = 1000;
export const DECIMATION_SAMPLES = 500;

const PAGE = '#121a20';
const TEXT = '#ffffff';
const TEXT_SECONDARY = '#d8dde0';
const GRID = '#425563';
const FONT = "'Frutiger W01', Frutiger, Arial, 'Helvetica Neue', Helvetica, sans-serif";

declare module 'chart.js' {
  // Merges with Chart.js's own declaration, whose type parameter must keep its name.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** Labels drawn at the right-hand end of reference, benchmark and SPC lines. */
    lineLabels?: { roles: DatasetRole[] };
    /** The page colour behind the chart, so an exported PNG reads as it does on screen. */
    canvasBackground?: { color: string };
  }
}

/** Paints the background first: without it a PNG export is transparent and its white text vanishes on white. */
const canvasBackground: Plugin<'line'> = {
  id: 'canvasBackground',
  beforeDraw(chart, _args, options: { color?: string }) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color ?? PAGE;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

const LABELLED_ROLES: readonly DatasetRole[] = ['reference', 'benchmark', 'mean', 'limit'];

/** Labels closer than this (px) would overlap: the lower one moves down. */
const LABEL_SPACING = 16;

/** Writes each reference, benchmark and SPC line's name just above its right-hand end, without overlaps. */
const lineLabels: Plugin<'line'> = {
  id: 'lineLabels',
  afterDatasetsDraw(chart, _args, options: { roles?: DatasetRole[] }) {
    const roles = options.roles ?? [];
    const { ctx, chartArea } = chart;
    const labels: { text: string; colour: string; x: number; y: number }[] = [];
    chart.data.datasets.forEach((dataset, index) => {
      if (!LABELLED_ROLES.includes(roles[index] ?? 'series') || !chart.isDatasetVisible(index)) return;
      const last = chart.getDatasetMeta(index).data.at(-1);
      if (!last || !Number.isFinite(last.y)) return;
      labels.push({
        text: dataset.label ?? '',
        colour: typeof dataset.borderColor === 'string' ? dataset.borderColor : TEXT,
        x: Math.min(last.x, chartArea.right) - 4,
        y: last.y - 3,
      });
    });
    labels.sort((a, b) => a.y - b.y);
    let previous = -Infinity;
    ctx.save();
    ctx.font = `600 13px ${FONT}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    for (const label of labels) {
      const y = Math.min(Math.max(label.y, chartArea.top + 14, previous + LABEL_SPACING), chartArea.bottom);
      previous = y;
      ctx.fillStyle = label.colour;
      ctx.fillText(label.text, label.x, y);
    }
    ctx.restore();
  },
};

function tooltipLabel(model: TrendChartModel) {
  return (item: TooltipItem<'line'>): string => {
    const raw = item.raw as ChartPoint;
    const value = `${item.dataset.label ?? ''}: ${formatValue(item.parsed.y, model.unit)}`;
    return raw.rules && raw.rules.length > 0 ? `${value} — ${describeRules(raw.rules)}` : value;
  };
}

export function chartOptions(model: TrendChartModel): ChartOptions<'line'> {
  const tickUnit = tickUnitFor(model.xMin, model.xMax);
  return {
    parsing: false,
    normalized: true,
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    font: { family: FONT, size: 14 },
    color: TEXT,
    scales: {
      x: {
        type: 'linear',
        min: model.xMin,
        max: model.xMax,
        grid: { color: GRID },
        border: { color: TEXT_SECONDARY },
        afterBuildTicks: (scale) => {
          scale.ticks = periodTicks(model.xMin, model.xMax, 12).map((value) => ({ value }));
        },
        ticks: {
          color: TEXT_SECONDARY,
          maxRotation: 0,
          autoSkip: true,
          font: { family: FONT, size: 14 },
          callback: (value) => formatTimeTick(Number(value), tickUnit),
        },
      },
      y: {
        type: 'linear',
        grace: '5%',
        grid: { color: GRID },
        border: { color: TEXT_SECONDARY },
        title: { display: true, text: model.yTitle, color: TEXT, font: { family: FONT, size: 15, weight: 'bold' } },
        ticks: {
          color: TEXT_SECONDARY,
          font: { family: FONT, size: 14 },
          callback: (value) => formatTick(Number(value), model.unit),
        },
      },
    },
    plugins: {
      decimation: { enabled: true, algorithm: 'lttb', threshold: DECIMATION_THRESHOLD, samples: DECIMATION_SAMPLES },
      legend: {
        position: 'top',
        align: 'start',
        // In dataset order: `order` only decides what is drawn on top.
        labels: {
          color: TEXT,
          usePointStyle: true,
          font: { family: FONT, size: 15 },
          padding: 16,
          sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
        },
      },
      tooltip: {
        callbacks: {
          title: (items) => (items[0] ? formatPeriod(items[0].parsed.x ?? 0, model.grain) : ''),
          label: tooltipLabel(model),
        },
      },
      lineLabels: { roles: model.roles },
      canvasBackground: { color: PAGE },
    },
  };
}

export function chartConfig(model: TrendChartModel): ChartConfiguration<'line', ChartPoint[]> {
  return {
    type: 'line',
    data: { datasets: model.datasets },
    options: chartOptions(model),
    plugins: [canvasBackground, lineLabels],
  };
}

/** Creates the one chart of a canvas. */
export function createTrendChart(canvas: HTMLCanvasElement, model: TrendChartModel): Chart<'line', ChartPoint[]> {
  return new Chart(canvas, chartConfig(model));
}

/** Shows a new model on an existing chart, in place: no new chart, no animation. */
export function updateTrendChart(chart: Chart<'line', ChartPoint[]>, model: TrendChartModel): void {
  chart.data.datasets = model.datasets;
  chart.options = chartOptions(model);
  chart.update('none');
}

import { describe, expect, it } from 'vitest';
import { londonMidnight } from '@wardpulse/shared';
import {
  compareChartModel,
  MARKER_LIMIT,
  REFERENCE_COLOUR,
  SERIES_COLOURS,
  SERIES_POINT_STYLES,
  SPECIAL_CAUSE_STYLES,
  spcChartModel,
  spcSummary,
} from './trend-chart-data.js';
import { occupancyResponse } from './trend-fixtures.js';
import { spcTextTable } from './trend-table.js';

describe('compare chart', () => {
  const model = compareChartModel(occupancyResponse());

  it('draws one line per scope at London midnights, in percent', () => {
    const [rx4, rx3] = model.datasets;
    expect(rx4!.label).toBe('Cumbria, Northumberland, Tyne and Wear NHS FT');
    expect(rx4!.data).toEqual([
      { x: londonMidnight('2025-03-29'), y: 90 },
      { x: londonMidnight('2025-03-30'), y: 85.3 },
      { x: londonMidnight('2025-03-31'), y: null },
    ]);
    // 30 March 2025 is the clocks-forward day: London midnight on the 31st is 23 hours later.
    expect(rx4!.data[2]!.x - rx4!.data[1]!.x).toBe(23 * 3_600_000);
    expect(rx3!.data.map((point) => point.y)).toEqual([80, 81, 102]);
  });

  it('gives each scope its own colour and point shape, and leaves gaps unjoined', () => {
    expect(model.datasets.slice(0, 2).map((d) => [d.borderColor, d.pointStyle, d.spanGaps])).toEqual([
      [SERIES_COLOURS[0], SERIES_POINT_STYLES[0], false],
      [SERIES_COLOURS[1], SERIES_POINT_STYLES[1], false],
    ]);
  });

  it('draws the reference as a dashed, labelled line across the whole range', () => {
    const reference = model.datasets[2]!;
    expect(model.roles).toEqual(['series', 'series', 'reference']);
    expect(reference.label).toBe('RCPsych recommended maximum 85%');
    expect(reference.borderColor).toBe(REFERENCE_COLOUR);
    expect(reference.borderDash).toEqual([10, 6]);
    expect(reference.data).toEqual([
      { x: londonMidnight('2025-03-29'), y: 85 },
      { x: londonMidnight('2025-03-31'), y: 85 },
    ]);
    expect([model.xMin, model.xMax]).toEqual([londonMidnight('2025-03-29'), londonMidnight('2025-03-31')]);
    expect(model.yTitle).toBe('Bed occupancy including leave (%)');
  });

  it('adds benchmarks as dashed lines joined across their gaps', () => {
    const withBenchmark = compareChartModel(
      occupancyResponse({ benchmarks: [{ label: 'England', source: 'KH03', points: [{ t: '2025-03-01', v: 0.92 }] }] }),
    );
    expect(withBenchmark.roles).toEqual(['series', 'series', 'reference', 'benchmark']);
    const benchmark = withBenchmark.datasets[3]!;
    expect(benchmark.label).toBe('England (KH03)');
    expect(benchmark.borderDash).toEqual([4, 4]);
    expect(benchmark.spanGaps).toBe(true);
    expect(withBenchmark.xMin).toBe(londonMidnight('2025-03-01'));
  });

  it('has no reference line for a metric without one', () => {
    const response = occupancyResponse();
    const model = compareChartModel({ ...response, metric: { ...response.metric, reference: null } });
    expect(model.roles).toEqual(['series', 'series']);
  });

  it('drops point markers on long series (decimation draws the line)', () => {
    const points = Array.from({ length: MARKER_LIMIT + 1 }, (_, i) => ({
      t: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10),
      v: 0.9,
    }));
    const long = compareChartModel(occupancyResponse({ series: [{ scope: 'trust:RX4', name: 'RX4', points }] }));
    expect(long.datasets[0]!.pointRadius).toBe(0);
    expect(model.datasets[0]!.pointRadius).toBeGreaterThan(0);
  });
});

describe('SPC chart', () => {
  // Ten days alternating 80%/84%, then 99%: the last point is beyond the upper process limit.
  const days = Array.from({ length: 11 }, (_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`);
  const values = [0.8, 0.84, 0.8, 0.84, 0.8, 0.84, 0.8, 0.84, 0.8, 0.84, 0.99];
  const response = occupancyResponse({
    from: days[0]!,
    to: days[10]!,
    series: [{ scope: 'trust:RX4', name: 'RX4', points: days.map((t, i) => ({ t, v: values[i]! })) }],
  });
  const summary = spcSummary(response, 'trust:RX4')!;

  it('reads the scope in percent, with icons for occupancy (lower is better)', () => {
    expect(summary.chart.mean).toBeCloseTo((5 * 80 + 5 * 84 + 99) / 11, 6);
    expect(summary.variation).toEqual({ kind: 'concern', direction: 'high' });
    expect(summary.target).toBe(85);
    expect(summary.fewPoints).toBe(true);
  });

  it('draws values, special-cause points, mean, limits and the target', () => {
    const model = spcChartModel(response, summary);
    expect(model.roles).toEqual(['series', 'special-cause', 'mean', 'limit', 'limit', 'reference']);
    const special = model.datasets[1]!;
    expect(special.label).toBe(SPECIAL_CAUSE_STYLES.concern.label);
    expect(special.pointStyle).toBe('rectRot');
    expect(special.showLine).toBe(false);
    expect(special.data).toEqual([{ x: londonMidnight('2025-01-11'), y: 99, rules: ['beyond-limit'] }]);
    expect(model.datasets[2]!.data[0]!.y).toBeCloseTo(summary.chart.mean, 10);
    expect(model.datasets[3]!.data[0]!.y).toBeCloseTo(summary.chart.upperProcessLimit, 10);
  });

  it('has no SPC for a scope that is not in the response', () => {
    expect(spcSummary(response, 'trust:RX3')).toBeNull();
  });
});

describe('SPC chart with a change point', () => {
  // Twelve days alternating 80%/84%, then twelve alternating 90%/94%; the process changed on 13 January.
  const days = Array.from({ length: 24 }, (_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`);
  const response = occupancyResponse({
    from: days[0]!,
    to: days[23]!,
    series: [
      {
        scope: 'trust:RX4',
        name: 'RX4',
        points: days.map((t, i) => ({ t, v: (i < 12 ? 0.8 : 0.9) + (i % 2) * 0.04 })),
      },
    ],
  });
  const summary = spcSummary(response, 'trust:RX4', { changePoints: ['2025-01-13'] })!;
  const model = spcChartModel(response, summary);
  const line = (label: string) => model.datasets.find((dataset) => dataset.label === label)!.data;

  it('gives each stretch its own mean and limits', () => {
    // 82 ± 2.66 × 4 before, 92 ± 2.66 × 4 after.
    expect(summary.chart.stretches.map((s) => [s.first, s.last, s.mean, s.movingRangeMean])).toEqual([
      [0, 11, 82, 4],
      [12, 23, 92, 4],
    ]);
    // Twelve points a stretch is under the 15 Making Data Count advises.
    expect(summary.fewPoints).toBe(true);
  });

  it('splits the mean and limit lines at the change point', () => {
    const day = (date: string) => londonMidnight(date);
    const split = (day('2025-01-12') + day('2025-01-13')) / 2;
    expect(line('Mean')).toEqual([
      { x: day('2025-01-01'), y: 82 },
      { x: day('2025-01-12'), y: 82 },
      { x: split, y: null },
      { x: day('2025-01-13'), y: 92 },
      { x: day('2025-01-24'), y: 92 },
    ]);
    expect(line('Upper process limit').map((point) => point.y)).toEqual([
      82 + 2.66 * 4,
      82 + 2.66 * 4,
      null,
      92 + 2.66 * 4,
      92 + 2.66 * 4,
    ]);
    expect(model.datasets.find((dataset) => dataset.label === 'Mean')!.spanGaps).toBe(false);
  });

  it('says where the limits were recalculated in the data table', () => {
    const rows = spcTextTable(response, summary).rows;
    expect(rows[12]!.cells[2]).toBe('Change point: limits recalculated from here. Common cause');
    expect(rows.filter((row) => row.cells[2]!.startsWith('Change point'))).toHaveLength(1);
  });

  it('without the change point sees the shift as special cause', () => {
    // One stretch: mean 87, the first twelve a run below it, the last twelve a run above it.
    const one = spcSummary(response, 'trust:RX4')!;
    expect(one.chart.stretches).toHaveLength(1);
    expect(one.chart.points.every((point) => point.rules.includes('run'))).toBe(true);
  });
});

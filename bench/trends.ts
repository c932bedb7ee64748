/**
 * Trend query latency (issue #5): three years of daily history for every demo trust (the demo
 * backfill with WARDPULSE_DEMO_HISTORY_DAYS=1096), then GET /api/v1/trends for one trust and for
 * all eleven trusts side by side over the whole three years, timed from request to parsed body.
 */
import { performance } from 'node:perf_hooks';
import { addDays, londonDateOf, TREND_METRIC_IDS } from '@wardpulse/shared';
import { percentile, startServerProcess, type BenchResult } from './server-process.js';

const TRUSTS = ['RW4', 'RV5', 'RPG', 'RQY', 'RX3', 'RX4', 'RXY', 'R1L', 'RWX', 'TAD', 'RW5'];

export async function trendsBench(queries = 120): Promise<BenchResult[]> {
  const server = await startServerProcess({ WARDPULSE_DEMO_HISTORY_DAYS: '1096' });
  try {
    const to = addDays(londonDateOf(Date.now()), -2);
    const from = addDays(to, -1095);
    const url = (metric: string, scopes: string[]) =>
      `${server.url}/api/v1/trends?metric=${metric}&${scopes.map((scope) => `scope=trust:${scope}`).join('&')}&from=${from}&to=${to}&grain=day`;
    // Wait for the backfill (it runs in the background after start).
    const deadline = Date.now() + 120_000;
    for (;;) {
      const body = (await (await fetch(url('vacantBeds', ['RX4']))).json()) as { series: { points: { v: number | null }[] }[] };
      if (body.series[0]?.points[0]?.v !== null && body.series[0]?.points[0]?.v !== undefined) break;
      if (Date.now() > deadline) throw new Error('demo history did not appear');
      await new Promise((wait) => setTimeout(wait, 500));
    }
    const results: BenchResult[] = [];
    for (const [label, scopes] of [
      ['one trust', ['RX4']],
      ['eleven trusts', TRUSTS],
    ] as const) {
      const latencies: number[] = [];
      let points = 0;
      for (let i = 0; i < queries; i++) {
        const metric = TREND_METRIC_IDS[i % TREND_METRIC_IDS.length]!;
        const started = performance.now();
        const body = (await (await fetch(url(metric, [...scopes]))).json()) as { series: { points: unknown[] }[] };
        latencies.push(performance.now() - started);
        points = body.series.reduce((sum, series) => sum + series.points.length, 0);
      }
      latencies.sort((a, b) => a - b);
      const params = { scopes: label, days: 1096, pointsPerResponse: points, queries };
      results.push({ name: 'trend_query_p50', value: Number(percentile(latencies, 50).toFixed(2)), unit: 'ms', params });
      results.push({ name: 'trend_query_p95', value: Number(percentile(latencies, 95).toFixed(2)), unit: 'ms', params });
    }
    return results;
  } finally {
    await server.stop();
  }
}

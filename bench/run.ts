/**
 * `npm run bench`: every benchmark, printed and written to bench/results/latest.json with the
 * machine they ran on. Figures are measurements of this machine, not assertions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { alertsBench } from './alerts.js';
import { chartRenderBench } from './chart-render.js';
import { latencyBench } from './latency.js';
import { root, type BenchResult } from './server-process.js';
import { trendsBench } from './trends.js';

const counts = process.env.WARDPULSE_BENCH_CLIENTS?.split(',').map(Number) ?? [100, 1000];
const only = process.env.WARDPULSE_BENCH_ONLY?.split(',');
const benches: [string, () => Promise<BenchResult[]>][] = [
  ['latency', () => latencyBench(counts)],
  ['trends', () => trendsBench()],
  ['chart', () => chartRenderBench()],
  ['alerts', () => alertsBench()],
  ['soak', async () => (await import('./soak.js')).soakBench()],
];
const results: BenchResult[] = [];
for (const [name, bench] of benches) if (!only || only.includes(name)) results.push(...(await bench()));
const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 2 ** 30),
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
// A partial run (WARDPULSE_BENCH_ONLY=alerts,…) never replaces the full set of figures.
const file = only ? `bench/results/only-${only.join('-')}.json` : 'bench/results/latest.json';
writeFileSync(join(root, file), `${JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2)}\n`);
console.warn('\nname                     value      unit   params');
for (const result of results) {
  const params = Object.entries(result.params)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  console.warn(`${result.name.padEnd(24)} ${String(result.value).padStart(9)}  ${result.unit.padEnd(6)} ${params}`);
}
console.warn(`\nwritten to ${file}`);

/**
 * `npm run bench`: every benchmark, printed and written to bench/results/latest.json with the
 * machine they ran on. Figures are measurements of this machine, not assertions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { alertsBench } from './alerts.js';
import { burstBench } from './burst.js';
import { capacityBench } from './capacity.js';
import { chartRenderBench } from './chart-render.js';
import { latencyBench } from './latency.js';
import { root, type BenchResult } from './server-process.js';
import { throughputBench } from './throughput.js';
import { trendsBench } from './trends.js';
import { wardUpdateBench } from './ward-update.js';

// An empty value (WARDPULSE_BENCH_REPLICA_CLIENTS=) skips those runs.
const numbers = (value: string | undefined, fallback: number[]) =>
  value === undefined ? fallback : value.split(',').filter(Boolean).map(Number);
const latency = {
  clientCounts: numbers(process.env.WARDPULSE_BENCH_CLIENTS, [1000, 5000, 10000]),
  replicaClientCounts: numbers(process.env.WARDPULSE_BENCH_REPLICA_CLIENTS, [1000, 10000]),
  eventsPerSecond: Number(process.env.WARDPULSE_BENCH_RATE ?? 5),
  seconds: Number(process.env.WARDPULSE_BENCH_SECONDS ?? 20),
};
const only = process.env.WARDPULSE_BENCH_ONLY?.split(',');
const benches: [string, () => Promise<BenchResult[]>][] = [
  ['latency', () => latencyBench(latency)],
  ['burst', () => burstBench({ clients: Number(process.env.WARDPULSE_BENCH_BURST_CLIENTS ?? 5000), bursts: 10, everyMs: 3000 })],
  ['capacity', () => capacityBench()],
  ['throughput', () => throughputBench()],
  ['trends', () => trendsBench()],
  ['chart', () => chartRenderBench()],
  ['alerts', () => alertsBench()],
  ['ward-update', () => wardUpdateBench()],
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

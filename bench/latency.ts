/**
 * Ingest → delta latency at 1,000, 5,000 and 10,000 concurrent Socket.IO clients on one server
 * process, then the same with two server replicas (clients split between them, events posted to
 * the first, so half the deliveries cross replicas through the Redis change stream). Each run has
 * the 5-second polling baseline beside it (bench/fanout-run.ts).
 *
 * The system under test is a deployment's shape (bench/cluster.ts: server and worker processes,
 * PostgreSQL, a Redis of the benchmark's own); without a PostgreSQL server the single-process runs
 * use the `npm start` shape and the replica runs are skipped, which the results say.
 */
import { startCluster } from './cluster.js';
import { fanoutRun, type FanoutTarget } from './fanout-run.js';
import { startServerProcess, type BenchResult } from './server-process.js';

export interface LatencyBenchOptions {
  clientCounts: number[];
  replicaClientCounts: number[];
  eventsPerSecond: number;
  seconds: number;
}

async function onCluster(
  servers: number,
  run: (target: FanoutTarget) => Promise<BenchResult[]>,
): Promise<BenchResult[] | undefined> {
  const cluster = await startCluster({ servers });
  if (!cluster) return undefined;
  try {
    return await run({
      urls: cluster.servers.map((server) => server.url),
      key: cluster.key,
      serverPids: cluster.servers.map((server) => server.child.pid!),
      shape: `${servers} server + 1 worker process, PostgreSQL`,
    });
  } finally {
    await cluster.stop();
  }
}

export async function latencyBench(options: LatencyBenchOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const run = { eventsPerSecond: options.eventsPerSecond, seconds: options.seconds };
  for (const clients of options.clientCounts) {
    console.warn(`[latency] ${clients} clients, one server process`);
    const measured = await onCluster(1, (target) => fanoutRun(target, { ...run, clients }));
    if (measured) {
      results.push(...measured);
      continue;
    }
    const server = await startServerProcess({ WARDPULSE_DEMO_HISTORY: 'off' });
    try {
      const target = {
        urls: [server.url],
        key: server.key,
        serverPids: [server.child.pid!],
        shape: 'npm start (role all, PGlite)',
      };
      results.push(...(await fanoutRun(target, { ...run, clients })));
    } finally {
      await server.stop();
    }
  }
  for (const clients of options.replicaClientCounts) {
    console.warn(`[latency] ${clients} clients, two server replicas`);
    const measured = await onCluster(2, (target) => fanoutRun(target, { ...run, clients }));
    results.push(
      ...(measured ?? [
        { name: 'replicas_skipped', value: clients, unit: 'clients', params: { reason: 'no PostgreSQL server reachable' } },
      ]),
    );
  }
  return results;
}

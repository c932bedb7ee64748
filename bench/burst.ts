/**
 * Bursts: how feeds really send. A trust's bed management system sends its whole extract at once
 * (every ward's state in one request, every 15 minutes or on change), so changes arrive in bursts,
 * not at a steady rate. Here trust RX4's 28 wards are posted in one request every few seconds to N
 * clients subscribed to RX4, and every delivery is timed from the POST; a burst is complete when
 * the last client has the last of its 28 changes. This is what coalescing per scope is for.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startCluster } from './cluster.js';
import { benchBedState, postBedState, wallNow } from './feed.js';
import { percentile, rssMb, type BenchResult } from './server-process.js';
import { Swarm, type SwarmReport } from './swarm.js';

/** Every ward of RX4 in the demo organisation. */
const RX4_ALL_WARDS = Array.from({ length: 28 }, (_, i) => `RX4-W${String(i + 1).padStart(2, '0')}`);

export interface BurstBenchOptions {
  clients: number;
  bursts: number;
  everyMs: number;
}

const round = (value: number) => Number(value.toFixed(2));

/** Bytes a process has written (to sockets, mostly: the server logs little at info level). */
const bytesWritten = (pid: number) => Number(/^wchar:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);

export async function burstBench(options: BurstBenchOptions): Promise<BenchResult[]> {
  const cluster = await startCluster({ servers: 1 });
  if (!cluster) return [{ name: 'burst_skipped', value: 0, unit: 'count', params: { reason: 'no PostgreSQL server reachable' } }];
  const url = cluster.servers[0]!.url;
  const prefix = `burst-${randomBytes(3).toString('hex')}`;
  const swarm = new Swarm({ urls: [url], token: cluster.key, scope: 'trust:RX4', prefix });
  try {
    const connecting = await swarm.add(options.clients);
    if (connecting.connected < options.clients)
      throw new Error(`only ${connecting.connected} of ${options.clients} clients connected: ${swarm.firstError}`);
    await swarm.report(); // counts from here on
    const serverPid = cluster.servers[0]!.child.pid!;
    const writtenBefore = bytesWritten(serverPid);
    const bursts: { at: number; eventIds: string[] }[] = [];
    for (let b = 0; b < options.bursts; b++) {
      const eventIds = RX4_ALL_WARDS.map((_, w) => `${prefix}-${b}-${w}`);
      const events = RX4_ALL_WARDS.map((wardId, w) => benchBedState(eventIds[w]!, wardId, b + w));
      const at = wallNow();
      const status = await postBedState(url, cluster.key, `{"events":[${events.join(',')}]}`);
      if (status !== 202) throw new Error(`ingest answered ${status}`);
      bursts.push({ at, eventIds });
      await new Promise((wait) => setTimeout(wait, options.everyMs));
    }
    // Wait (bounded) until every client has every change.
    const expected = options.bursts * RX4_ALL_WARDS.length * options.clients;
    const deliveries = (report: SwarmReport) => [...report.received.values()].reduce((sum, times) => sum + times.length, 0);
    const { received, deltas, changes } = await swarm.collect((sofar) => deliveries(sofar) >= expected, 60_000);
    const written = bytesWritten(serverPid) - writtenBefore;
    const latencies: number[] = [];
    const completes: number[] = [];
    for (const burst of bursts) {
      let last = 0;
      for (const eventId of burst.eventIds) {
        for (const time of received.get(eventId) ?? []) {
          latencies.push(time - burst.at);
          last = Math.max(last, time);
        }
      }
      completes.push(last - burst.at);
    }
    latencies.sort((a, b) => a - b);
    completes.sort((a, b) => a - b);
    const params = {
      clients: options.clients,
      bursts: options.bursts,
      changesPerBurst: RX4_ALL_WARDS.length,
      everyMs: options.everyMs,
      shape: '1 server + 1 worker process, PostgreSQL',
    };
    return [
      ...[50, 99].map((p) => ({
        name: `burst_delivery_p${p}`,
        value: round(percentile(latencies, p)),
        unit: 'ms',
        params,
      })),
      ...[50, 100].map((p) => ({
        name: p === 100 ? 'burst_complete_max' : `burst_complete_p${p}`,
        value: round(percentile(completes, p)),
        unit: 'ms',
        params: { ...params, meaning: 'POST of a burst → its last change at the last client' },
      })),
      { name: 'burst_deliveries_lost', value: expected - latencies.length, unit: 'count', params },
      { name: 'burst_changes_per_delta', value: round(changes / Math.max(1, deltas)), unit: 'count', params },
      {
        name: 'burst_server_bytes_per_change',
        value: round(written / Math.max(1, latencies.length)),
        unit: 'B',
        params: { ...params, meaning: 'bytes the server process wrote during the bursts / changes delivered' },
      },
      { name: 'burst_server_rss', value: round(rssMb(cluster.servers[0]!.child.pid!)), unit: 'MB', params },
    ];
  } finally {
    await swarm.close();
    await cluster.stop();
  }
}

/**
 * Sustained end-to-end ingest throughput: bed states posted as fast as the server accepts them (a
 * fixed number in flight) for a while, each accepted (202: validated and in the event log), applied
 * by the worker and fanned out to 100 clients of trust RX4. Reports events/s accepted and events/s
 * that reached the clients over the same run, and how far delivery lagged behind at the end.
 */
import { randomBytes } from 'node:crypto';
import { startCluster } from './cluster.js';
import { benchBedState, postBedState, RX4_WARDS, wallNow } from './feed.js';
import { percentile, type BenchResult } from './server-process.js';
import { Swarm } from './swarm.js';

export async function throughputBench(seconds = 30, inFlight = 32, clients = 100): Promise<BenchResult[]> {
  // The per-key ingest limit (50/s by default) would be what is measured otherwise.
  const cluster = await startCluster({ servers: 1, env: { WARDPULSE_INGEST_RATE_PER_MINUTE: '100000000' } });
  if (!cluster)
    return [{ name: 'throughput_skipped', value: 0, unit: 'count', params: { reason: 'no PostgreSQL server reachable' } }];
  const url = cluster.servers[0]!.url;
  const prefix = `tp-${randomBytes(3).toString('hex')}`;
  const swarm = new Swarm({ urls: [url], token: cluster.key, scope: 'trust:RX4', prefix });
  try {
    await swarm.add(clients);
    const sentAt = new Map<string, number>();
    let accepted = 0;
    let refused = 0;
    let next = 0;
    const started = wallNow();
    const endAt = started + seconds * 1000;
    const feed = async () => {
      while (wallNow() < endAt) {
        const i = next++;
        const eventId = `${prefix}-${i}`;
        sentAt.set(eventId, wallNow());
        const status = await postBedState(url, cluster.key, benchBedState(eventId, RX4_WARDS[i % RX4_WARDS.length]!, i));
        if (status === 202) accepted++;
        else refused++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, feed));
    const feedEnded = wallNow();
    // Let delivery catch up (bounded), counting what reached the clients.
    const { received } = await swarm.collect((sofar) => sofar.received.size >= accepted, 120_000);
    let lastDelivery = feedEnded;
    const latencies: number[] = [];
    for (const [eventId, times] of received) {
      for (const time of times) {
        lastDelivery = Math.max(lastDelivery, time);
        latencies.push(time - sentAt.get(eventId)!);
      }
    }
    latencies.sort((a, b) => a - b);
    const params = {
      seconds,
      inFlight,
      clients,
      accepted,
      refused,
      delivered: received.size,
      shape: '1 server + 1 worker process, PostgreSQL',
    };
    return [
      {
        name: 'ingest_accepted_per_s',
        value: Number((accepted / ((feedEnded - started) / 1000)).toFixed(1)),
        unit: 'ev/s',
        params,
      },
      {
        name: 'end_to_end_per_s',
        value: Number((received.size / ((lastDelivery - started) / 1000)).toFixed(1)),
        unit: 'ev/s',
        params,
      },
      { name: 'delivery_lag_at_end', value: Number(((lastDelivery - feedEnded) / 1000).toFixed(2)), unit: 's', params },
      { name: 'throughput_latency_p50', value: Number(percentile(latencies, 50).toFixed(1)), unit: 'ms', params },
      { name: 'throughput_latency_p99', value: Number(percentile(latencies, 99).toFixed(1)), unit: 'ms', params },
    ];
  } finally {
    await swarm.close();
    await cluster.stop();
  }
}

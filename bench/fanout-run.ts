/**
 * One measured run of ingest → delta: N Socket.IO clients (bench/swarm.ts) subscribed to trust RX4,
 * bed states posted at a steady rate, every delivery timed from the moment its POST was sent (an
 * upper bound of "accepted → on screen": the 202 may arrive after the delta).
 *
 * Beside the sockets, a baseline client polls the live REST API every 5 seconds, the shortest
 * refresh common dashboard tools offer. For each event it counts the time until a poll first shows
 * that ward at that observation or a newer one: the staleness a polling dashboard lives with. Both
 * figures come from the same events in the same run, so their ratio is fair.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { LiveResponse } from '@wardpulse/shared';
import { benchBedState, postBedState, RX4_WARDS, wallNow } from './feed.js';
import { percentile, rssMb, type BenchResult } from './server-process.js';
import { Swarm } from './swarm.js';

export interface FanoutTarget {
  /** Where clients connect, round-robin; events are posted to the first. */
  urls: string[];
  key: string;
  /** Server processes whose RSS is reported. */
  serverPids: number[];
  /** How the system under test runs, for the results' params. */
  shape: string;
}

export interface FanoutRunOptions {
  clients: number;
  eventsPerSecond: number;
  seconds: number;
  pollEverySeconds?: number;
}

function round(value: number): number {
  return Number(value.toFixed(2));
}

/** Polls the live REST API; per ward, the event ids it saw and when. */
function startPoller(target: FanoutTarget, everyMs: number) {
  const seen: { at: number; eventIds: Map<string, string> }[] = [];
  let stopped = false;
  const loop = (async () => {
    // A random phase: a real poller's clock has nothing to do with when facts arrive.
    await new Promise((wait) => setTimeout(wait, Math.random() * everyMs));
    while (!stopped) {
      const due = Date.now() + everyMs;
      const response = await fetch(`${target.urls[0]}/api/v1/live?scope=trust:RX4`, {
        headers: { authorization: `Bearer ${target.key}` },
      });
      if (!response.ok) throw new Error(`the polled live API answered ${response.status}`);
      const { snapshot } = (await response.json()) as LiveResponse;
      const at = wallNow();
      seen.push({ at, eventIds: new Map(snapshot.wards.map((ward) => [ward.ward.id, ward.state?.eventId ?? ''])) });
      await new Promise((wait) => setTimeout(wait, Math.max(0, due - Date.now())));
    }
  })();
  // Held until stop(): a failed poll ends the run there, not as an unhandled rejection.
  const ended = loop.then(
    () => undefined,
    (error: unknown) => error,
  );
  return {
    seen,
    stop: async () => {
      stopped = true;
      const error = await ended;
      if (error) throw error;
    },
  };
}

export async function fanoutRun(target: FanoutTarget, options: FanoutRunOptions): Promise<BenchResult[]> {
  const runId = `bench-${randomBytes(3).toString('hex')}`;
  const swarm = new Swarm({ urls: target.urls, token: target.key, scope: 'trust:RX4', prefix: runId });
  try {
    const connecting = await swarm.add(options.clients);
    if (connecting.connected < options.clients) {
      throw new Error(`only ${connecting.connected} of ${options.clients} clients connected: ${swarm.firstError}`);
    }
    const rssBefore = target.serverPids.map(rssMb);
    const pollMs = (options.pollEverySeconds ?? 5) * 1000;
    const poller = startPoller(target, pollMs);

    const total = options.eventsPerSecond * options.seconds;
    const sent = new Map<string, { at: number; index: number; wardId: string }>();
    const acceptMs: number[] = [];
    const posts: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / options.eventsPerSecond - performance.now();
      if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
      const eventId = `${runId}-${i}`;
      const wardId = RX4_WARDS[i % RX4_WARDS.length]!;
      const at = wallNow();
      sent.set(eventId, { at, index: i, wardId });
      posts.push(
        postBedState(target.urls[0]!, target.key, benchBedState(eventId, wardId, i)).then((status) => {
          if (status !== 202) throw new Error(`ingest answered ${status}`);
          acceptMs.push(wallNow() - at);
        }),
      );
    }
    await Promise.all(posts);
    // Two more polls, so the poller has certainly seen the last events too.
    await new Promise((wait) => setTimeout(wait, 2 * pollMs + 500));
    await poller.stop();
    const report = await swarm.report();
    const rssAfter = target.serverPids.map(rssMb);

    const latencies: number[] = [];
    for (const [eventId, times] of report.received) {
      const at = sent.get(eventId)?.at;
      if (at !== undefined) for (const time of times) latencies.push(time - at);
    }
    latencies.sort((a, b) => a - b);
    acceptMs.sort((a, b) => a - b);

    // The polling baseline: per event, the first poll showing its ward at that event or a later one.
    const indexOf = new Map([...sent].map(([eventId, event]) => [eventId, event.index]));
    const staleness: number[] = [];
    for (const event of sent.values()) {
      const poll = poller.seen.find(
        (candidate) => candidate.at >= event.at && (indexOf.get(candidate.eventIds.get(event.wardId) ?? '') ?? -1) >= event.index,
      );
      if (poll) staleness.push(poll.at - event.at);
    }
    staleness.sort((a, b) => a - b);

    const expected = total * options.clients;
    const params = {
      clients: options.clients,
      servers: target.urls.length,
      shape: target.shape,
      eventsPerSecond: options.eventsPerSecond,
      events: total,
      deliveries: latencies.length,
      expectedDeliveries: expected,
      connectSeconds: round(connecting.seconds),
    };
    const results: BenchResult[] = [];
    for (const p of [50, 95, 99]) {
      results.push({ name: `ingest_to_delta_p${p}`, value: round(percentile(latencies, p)), unit: 'ms', params });
    }
    results.push({ name: 'ingest_accept_p50', value: round(percentile(acceptMs, 50)), unit: 'ms', params });
    results.push({ name: 'ingest_accept_p99', value: round(percentile(acceptMs, 99)), unit: 'ms', params });
    results.push({ name: 'deliveries_lost', value: expected - latencies.length, unit: 'count', params });
    // What went over the sockets: how many changes each delta carried (coalescing) and their size.
    results.push({ name: 'changes_per_delta', value: round(report.changes / Math.max(1, report.deltas)), unit: 'count', params });
    results.push({
      name: 'delta_bytes_per_change',
      value: round(report.sample.bytes / Math.max(1, report.sample.changes)),
      unit: 'B',
      params: {
        ...params,
        sampledDeltas: report.sample.deltas,
        bytesPerDelta: round(report.sample.bytes / Math.max(1, report.sample.deltas)),
      },
    });
    for (const [i, pid] of target.serverPids.entries()) {
      results.push({
        name: 'server_rss',
        value: round(rssAfter[i]!),
        unit: 'MB',
        params: { ...params, process: i + 1, pid, rssBeforeLoadMb: round(rssBefore[i]!) },
      });
    }
    const pollParams = { ...params, pollEverySeconds: pollMs / 1000, eventsSeen: staleness.length };
    for (const p of [50, 95, 99]) {
      results.push({ name: `poll_staleness_p${p}`, value: round(percentile(staleness, p)), unit: 'ms', params: pollParams });
    }
    results.push({
      name: 'freshness_gain_p50',
      value: round(percentile(staleness, 50) / percentile(latencies, 50)),
      unit: 'x',
      params: { ...pollParams, meaning: 'polling staleness p50 / socket latency p50' },
    });
    return results;
  } finally {
    await swarm.close();
  }
}

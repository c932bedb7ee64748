/**
 * First benchmark (issue #2): ingest → delta latency with 100 and 1,000 Socket.IO clients on one
 * server process. The server runs as its own process (`node server/dist/main.js`, as npm start
 * runs it: managed redis-server, embedded PGlite, simulator off); the clients and the feed run
 * in this process. Each event is timed from the moment its POST is sent (an upper bound of
 * accepted → received, since the 202 may arrive after the delta) to its arrival at every client.
 */
import { performance } from 'node:perf_hooks';
import type { ClientToServerEvents, ServerToClientEvents } from '@wardpulse/shared';
import { io, type Socket } from 'socket.io-client';

import { percentile, rssMb, startServerProcess, type BenchResult } from './server-process.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function connectClients(url: string, key: string, count: number, onDelta: (eventId: string) => void): Promise<Client[]> {
  const clients: Client[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, async () => {
      const client: Client = io(url, { transports: ['websocket'], auth: { token: key }, reconnection: false, forceNew: true });
      await new Promise<void>((ok, fail) => {
        client.once('connect', () => ok());
        client.once('connect_error', fail);
      });
      const ack = await client.timeout(30_000).emitWithAck('subscribe', { scope: 'trust:RX4' });
      if (!ack.ok) throw new Error(`subscribe failed: ${JSON.stringify(ack)}`);
      client.on('delta', (delta) => {
        for (const change of delta.changes) if (change.kind === 'wardState') onDelta(change.state.eventId);
      });
      clients.push(client);
    });
    await Promise.all(batch);
  }
  return clients;
}

export async function latencyBench(clientCounts = [100, 1000], rate = 20, seconds = 10): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const clientCount of clientCounts) {
    // No demo history: the backfill would compete with the measurement.
    const server = await startServerProcess({ WARDPULSE_DEMO_HISTORY: 'off' });
    const { child, url } = server;
    try {
      const key = server.key;
      const sentAt = new Map<string, number>();
      const latencies: number[] = [];
      const acceptLatencies: number[] = [];
      const clients = await connectClients(url, key, clientCount, (eventId) => {
        const sent = sentAt.get(eventId);
        if (sent !== undefined) latencies.push(performance.now() - sent);
      });
      const rssBefore = rssMb(child.pid!);
      const total = rate * seconds;
      const started = performance.now();
      const posts: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
        const eventId = `bench-${clientCount}-${i}-${Date.now()}`;
        const occupied = 10 + (i % 8);
        const body = JSON.stringify({
          eventId,
          wardId: `RX4-W${String((i % 10) + 1).padStart(2, '0')}`,
          observedAt: new Date().toISOString(),
          commissioned: 20,
          closed: 0,
          occupied,
          onLeave: 1,
          pendingAdmissions: 0,
          clinicallyReadyForDischarge: 0,
        });
        const sent = performance.now();
        sentAt.set(eventId, sent);
        posts.push(
          fetch(`${url}/api/v1/bed-states`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body,
          }).then(async (response) => {
            await response.arrayBuffer();
            if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
            acceptLatencies.push(performance.now() - sent);
          }),
        );
      }
      await Promise.all(posts);
      const expected = total * clientCount;
      const deadline = Date.now() + 30_000;
      while (latencies.length < expected && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
      const rssAfter = rssMb(child.pid!);
      for (const client of clients) client.disconnect();
      latencies.sort((a, b) => a - b);
      acceptLatencies.sort((a, b) => a - b);
      const params = {
        clients: clientCount,
        eventsPerSecond: rate,
        events: total,
        deliveries: latencies.length,
        expectedDeliveries: expected,
      };
      for (const p of [50, 95, 99]) {
        results.push({ name: `ingest_to_delta_p${p}`, value: Number(percentile(latencies, p).toFixed(2)), unit: 'ms', params });
      }
      results.push({ name: 'ingest_accept_p50', value: Number(percentile(acceptLatencies, 50).toFixed(2)), unit: 'ms', params });
      results.push({ name: 'ingest_accept_p99', value: Number(percentile(acceptLatencies, 99).toFixed(2)), unit: 'ms', params });
      results.push({ name: 'deliveries_lost', value: expected - latencies.length, unit: 'count', params });
      results.push({
        name: 'server_rss',
        value: Number(rssAfter.toFixed(1)),
        unit: 'MB',
        params: { ...params, rssBeforeLoadMb: Number(rssBefore.toFixed(1)) },
      });
    } finally {
      await server.stop();
    }
  }
  return results;
}

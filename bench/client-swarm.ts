/**
 * A child process holding many Socket.IO clients for the benchmarks (bench/swarm.ts drives it over
 * IPC). Clients are spread over child processes so that 10,000 of them do not all parse their deltas
 * on one event loop, and each child connects from its own loopback source address so that more than
 * the ~28,000 ephemeral ports of one address pair are available.
 *
 * It records, for each event id it is told to watch (by prefix), the wall-clock time each client
 * received it: `performance.timeOrigin + performance.now()` is comparable across processes on one
 * machine, to well under a millisecond.
 */
import type { ClientToServerEvents, ServerToClientEvents } from '@wardpulse/shared';
import { io, type Socket } from 'socket.io-client';
import { wallNow as now } from './feed.js';
import type { SwarmReply, SwarmRequest } from './swarm.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const clients: Client[] = [];
/** Receive times per event id, one entry per client that received it. */
const received = new Map<string, number[]>();
let sampling = false;
let deltas = 0;
let changes = 0;
/** Payload size, sampled on this process's first client: JSON bytes of the deltas it received, and their changes. */
const sample = { bytes: 0, deltas: 0, changes: 0 };
let disconnects = 0;

function send(reply: SwarmReply): void {
  process.send!(reply);
}

async function connectOne(url: string, token: string, scope: string, localAddress: string, prefix: string): Promise<void> {
  const client: Client = io(url, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
    // Passed through engine.io-client to the WebSocket: one source address per child process.
    localAddress,
  } as Parameters<typeof io>[1]);
  const sampled = !sampling;
  sampling = true;
  client.on('delta', (delta) => {
    const at = now();
    deltas++;
    changes += delta.changes.length;
    if (sampled) {
      sample.bytes += Buffer.byteLength(JSON.stringify(delta));
      sample.deltas++;
      sample.changes += delta.changes.length;
    }
    for (const change of delta.changes) {
      if (change.kind !== 'wardState' || !change.state.eventId.startsWith(prefix)) continue;
      let times = received.get(change.state.eventId);
      if (!times) received.set(change.state.eventId, (times = []));
      times.push(at);
    }
  });
  client.on('disconnect', () => disconnects++);
  await new Promise<void>((ok, fail) => {
    client.once('connect', () => ok());
    client.once('connect_error', (error) => {
      client.close();
      fail(error);
    });
  });
  const ack = await client.timeout(60_000).emitWithAck('subscribe', { scope });
  if (!ack.ok) {
    client.close();
    throw new Error(`subscribe refused: ${ack.error.code}`);
  }
  clients.push(client);
}

async function connectMany(request: Extract<SwarmRequest, { type: 'connect' }>): Promise<void> {
  let failed = 0;
  let firstError: string | undefined;
  const started = now();
  for (let start = 0; start < request.count; start += request.concurrency) {
    const batch = Array.from({ length: Math.min(request.concurrency, request.count - start) }, (_, i) =>
      connectOne(
        request.urls[(start + i) % request.urls.length]!,
        request.token,
        request.scope,
        request.localAddress,
        request.prefix,
      ).catch((error: unknown) => {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }),
    );
    await Promise.all(batch);
  }
  send({ type: 'connected', connected: clients.length, failed, firstError, ms: now() - started });
}

process.on('message', (request: SwarmRequest) => {
  switch (request.type) {
    case 'connect':
      void connectMany(request);
      break;
    case 'report':
      send({
        type: 'report',
        received,
        deltas,
        changes,
        sample,
        disconnects,
        open: clients.filter((client) => client.connected).length,
      });
      // Each report covers what arrived since the last one.
      received.clear();
      deltas = changes = 0;
      sample.bytes = sample.deltas = sample.changes = 0;
      break;
    case 'close':
      for (const client of clients) client.close();
      process.exit(0);
  }
});
// The benchmark process went away (finished or killed): so do its clients.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

/**
 * Fault tolerance with real processes (issue #8), against one real Redis and one real PostgreSQL:
 *
 * - graceful shutdown: a worker told SIGTERM in the middle of a burst finishes the jobs it holds
 *   and exits 0, leaving none active; the rest wait in the queue for the next worker, none lost;
 * - a server replica killed: its Socket.IO clients reconnect (here through a TCP proxy standing in
 *   for the load balancer) to another replica and resume from their last `seq` without a gap.
 *
 * Needs the build (`npm test` builds first) and PostgreSQL (embedded PGlite has one owner process).
 */
import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveDelta, ServerToClientEvents, SubscribeAck } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../server/src/infra/managed-redis.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import {
  bedState,
  eventually,
  postJson,
  startRoleProcess,
  startTestApp,
  type RoleProcess,
  type TestApp,
} from '../support/test-app.js';

describe.skipIf(!inject('postgresAdminUrl'))('several processes (needs PostgreSQL)', () => {
  let app: TestApp;
  const children: ChildProcess[] = [];

  function startProcess(role: 'jobs' | 'server', extra: Record<string, string> = {}): RoleProcess {
    const started = startRoleProcess(app, role, extra);
    children.push(started.child);
    return started;
  }
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

  beforeAll(async () => {
    // This process serves HTTP only; the processes under test do the rest.
    app = await startTestApp({ engine: 'postgres', role: 'server' });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await app?.close();
  });

  it('drains the jobs a worker holds when it is told SIGTERM, and loses none of the rest', async () => {
    const key = await app.createKey(['RX4', 'RX3']);
    const worker = startProcess('jobs');
    await eventually(() => (worker.output().includes('jobs role started') ? true : undefined), 60_000);
    const events = Array.from({ length: 3000 }, (_, index) =>
      bedState(index % 2 ? 'RX4-W01' : 'RX3-W01', { observedAt: new Date(Date.now() - 3_600_000 + index * 1000).toISOString() }),
    );
    for (let offset = 0; offset < events.length; offset += 1000) {
      expect((await postJson(`${app.url}/api/v1/bed-states`, { events: events.slice(offset, offset + 1000) }, key)).status).toBe(
        202,
      );
    }
    worker.child.kill('SIGTERM');
    expect(await exited(worker.child)).toBe(0);

    const queueConnection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    const ingest = new Queue('ingest', { connection: queueConnection, prefix: `${app.keyPrefix}:bull` });
    try {
      // Nothing left half-done: no job is still marked active by the worker that went away.
      expect((await ingest.getJobCounts('active')).active).toBe(0);
      const next = startProcess('jobs');
      const database = new pg.Client({ connectionString: app.databaseUrl });
      await database.connect();
      try {
        await eventually(async () => {
          const { rows } = await database.query<{ pending: number }>(
            'select count(*)::int as pending from event_log where event_id = any($1) and applied_at is null',
            [events.map((event) => event.eventId)],
          );
          return rows[0]!.pending === 0 ? true : undefined;
        }, 120_000);
      } finally {
        await database.end();
      }
      next.child.kill('SIGTERM');
      expect(await exited(next.child)).toBe(0);
    } finally {
      await ingest.close();
      queueConnection.disconnect();
    }
  }, 180_000);

  it('moves the clients of a killed replica to another, which resumes them without a gap', async () => {
    const key = await app.createKey(['RX4']);
    const worker = startProcess('jobs');
    const [portA, portB] = [await freePort(), await freePort()];
    const replicaA = startProcess('server', { PORT: String(portA) });
    const replicaB = startProcess('server', { PORT: String(portB) });
    await Promise.all(
      [worker, replicaA, replicaB].map((started) =>
        eventually(() => (/jobs role started|Open http/.test(started.output()) ? true : undefined), 60_000),
      ),
    );
    // The load balancer: clients reach replica A until it dies, then replica B.
    const balancer = await startTcpProxy({ host: '127.0.0.1', port: portA });
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`http://127.0.0.1:${balancer.port}`, {
      transports: ['websocket'],
      auth: { token: key },
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    try {
      const received: string[] = [];
      let seq: string | undefined;
      // As a board does: (re)subscribe on every connect, from the last seq, retrying until answered.
      // A replica still starting answers "unavailable, retry shortly": wait before asking again, as the
      // board's back-off does, rather than spend every attempt in the same instant.
      const subscribeNow = async () => {
        for (let attempt = 0; attempt < 60 && socket.connected; attempt++) {
          if (attempt > 0) await new Promise((wait) => setTimeout(wait, 500));
          const ack: SubscribeAck | undefined = await socket
            .timeout(10_000)
            .emitWithAck('subscribe', seq ? { scope: 'ward:RX4-W02', since: seq } : { scope: 'ward:RX4-W02' })
            .catch(() => undefined);
          if (!ack?.ok) continue;
          // The client of docs/api.md: a resume's missed changes came as deltas before this answer.
          if ('deltas' in ack) for (const delta of ack.deltas) take(delta);
          if ('snapshot' in ack) seq = ack.seq;
          return;
        }
      };
      const take = (delta: LiveDelta) => {
        seq = delta.seq;
        for (const change of delta.changes) if (change.kind === 'wardState') received.push(change.state.eventId);
      };
      socket.on('delta', take);
      socket.on('connect', () => void subscribeNow());
      await eventually(() => (seq ? true : undefined), 20_000);

      const posted: string[] = [];
      const post = async (index: number) => {
        const event = bedState('RX4-W02', { observedAt: new Date(Date.now() - 600_000 + index * 1000).toISOString() });
        expect((await postJson(`${app.url}/api/v1/bed-states`, event, key)).status).toBe(202);
        posted.push(event.eventId);
      };
      for (let index = 0; index < 5; index++) await post(index);
      await eventually(() => (received.length === 5 ? true : undefined), 30_000);

      // Replica A dies; changes keep coming while the client is away.
      replicaA.child.kill('SIGKILL');
      await exited(replicaA.child);
      await balancer.cut();
      for (let index = 5; index < 10; index++) await post(index);
      await balancer.retarget(portB);
      for (let index = 10; index < 15; index++) await post(index);

      await eventually(() => (received.length >= 15 ? true : undefined), 60_000);
      expect(received).toEqual(posted);
    } finally {
      socket.disconnect();
      await balancer.close();
    }
  }, 120_000);
});

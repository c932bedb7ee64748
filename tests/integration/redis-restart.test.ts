/**
 * Fault tolerance (issue #8): Redis stopped and restarted (AOF on) in the middle of a stream of
 * facts. Facts sent while it is down are still accepted (they are kept in the event log), the
 * server and its workers reconnect by themselves, the outbox sweep enqueues what could not be
 * enqueued, and a board that stayed connected receives every one of them — nothing accepted is
 * lost. The test runs a redis-server of its own (the shared one is never stopped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveDelta } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagedRedis, type ManagedRedis } from '../../server/src/infra/managed-redis.js';
import { connectLive, connected, subscribe, type LiveSocket } from '../support/live-client.js';
import { bedState, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

describe('Redis stopped and restarted mid-stream', () => {
  let redisDir: string;
  let redis: ManagedRedis;
  let app: TestApp;
  let socket: LiveSocket | undefined;

  beforeAll(async () => {
    redisDir = mkdtempSync(join(tmpdir(), 'wardpulse-redis-restart-'));
    redis = await startManagedRedis({ dir: redisDir });
    app = await startTestApp({ redisUrl: redis.url, outboxSweepMs: 1000 });
  });
  afterAll(async () => {
    socket?.disconnect();
    // Closing queues and workers needs Redis: bring it back if a failure left it stopped.
    if (redis && redis.child.exitCode !== null) redis = await startManagedRedis({ dir: redisDir, port: redis.port });
    await app?.close();
    await redis?.stop();
    rmSync(redisDir, { recursive: true, force: true });
  });

  it('loses nothing it accepted, and the board that stayed open sees all of it', async () => {
    const key = await app.createKey(['RX4']);
    socket = connectLive(app.url, key, { reconnection: true });
    await connected(socket);
    const received = new Set<string>();
    const take = (delta: LiveDelta) => {
      for (const change of delta.changes) if (change.kind === 'wardState') received.add(change.state.eventId);
    };
    socket.on('delta', take);
    socket.on('resync', () => {
      void subscribe(socket!, 'trust:RX4').then((ack) => {
        if (ack.ok && 'snapshot' in ack) for (const ward of ack.snapshot.wards) if (ward.state) received.add(ward.state.eventId);
      });
    });
    expect((await subscribe(socket, 'trust:RX4')).ok).toBe(true);

    // One fact per ward, so every one of them changes what the board shows.
    const wards = Array.from({ length: 18 }, (_, index) => `RX4-W${String(index + 1).padStart(2, '0')}`);
    const sent: string[] = [];
    const send = async (ward: string) => {
      const event = bedState(ward);
      const response = await postJson(`${app.url}/api/v1/bed-states`, event, key);
      expect(response.status, `${ward} while Redis was ${redis.child.exitCode === null ? 'up' : 'down'}`).toBe(202);
      sent.push(event.eventId);
    };
    for (const ward of wards.slice(0, 6)) await send(ward);
    await eventually(() => (sent.every((id) => received.has(id)) ? true : undefined));

    await redis.stop();
    // Accepted while Redis is down: logged durably, enqueued later by the outbox sweep.
    for (const ward of wards.slice(6, 12)) await send(ward);

    redis = await startManagedRedis({ dir: redisDir, port: redis.port });
    for (const ward of wards.slice(12)) await send(ward);

    // The board resumes by itself (AOF kept the stream); had Redis lost it, a resync's fresh snapshot would carry the facts.
    await eventually(() => (sent.every((id) => received.has(id)) ? true : undefined), 60_000);
    expect(sent.filter((id) => !received.has(id))).toEqual([]);
  }, 120_000);

  it('tells an open board to start afresh when Redis comes back without its data', async () => {
    const key = await app.createKey(['RX4']);
    const board = connectLive(app.url, key, { reconnection: true });
    try {
      await connected(board);
      const resyncs: string[] = [];
      board.on('resync', ({ scope }) => resyncs.push(scope));
      expect((await subscribe(board, 'trust:RX4')).ok).toBe(true);
      const event = bedState('RX4-W20');
      const seen = new Promise<void>((resolve) =>
        board.on('delta', (delta) => {
          if (delta.changes.some((change) => change.kind === 'wardState' && change.state.eventId === event.eventId)) resolve();
        }),
      );
      expect((await postJson(`${app.url}/api/v1/bed-states`, event, key)).status).toBe(202);
      await seen;

      // Redis restarts empty (its files lost): what the board holds is no longer what Redis has.
      await redis.stop();
      rmSync(join(redisDir, 'appendonlydir'), { recursive: true, force: true });
      rmSync(join(redisDir, 'dump.rdb'), { force: true });
      redis = await startManagedRedis({ dir: redisDir, port: redis.port });

      await eventually(() => (resyncs.includes('trust:RX4') ? true : undefined), 30_000);
      const fresh = await subscribe(board, 'trust:RX4');
      expect(fresh.ok && 'snapshot' in fresh).toBe(true);
      if (fresh.ok && 'snapshot' in fresh) {
        expect(fresh.snapshot.wards.find((ward) => ward.ward.id === 'RX4-W20')?.state).toBeNull();
      }
    } finally {
      board.disconnect();
    }
  }, 120_000);
});

/**
 * Shutdown after a Redis blip (issue #8, graceful shutdown): a worker whose blocking connection is
 * still waiting out its reconnect backoff when it is closed. ioredis never reports such a
 * connection as ended, and BullMQ's close waited for that for good, so a SIGTERM shortly after
 * Redis came back hung the process. Runs a redis-server of its own, stopped and started here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeWorkers, createRedis, reconnected } from '@wardpulse/jobs';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagedRedis, type ManagedRedis } from '../../server/src/infra/managed-redis.js';
import { Redis } from 'ioredis';
import { eventually, startTestApp } from '../support/test-app.js';

type WithBlockingClient = { backend?: { blockingConnection?: { _client?: { status: string } } } };
const blockingStatus = (worker: Worker) => (worker as unknown as WithBlockingClient).backend?.blockingConnection?._client?.status;

describe('closing workers right after Redis comes back', () => {
  let dir: string;
  let redis: ManagedRedis;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wardpulse-worker-shutdown-'));
    redis = await startManagedRedis({ dir });
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for a reconnecting connection, then closes every worker without hanging', async () => {
    const connections = ['a', 'b', 'c'].map((name) =>
      createRedis({ url: redis.url, name: `test-worker-${name}`, blocking: true }),
    );
    const workers = connections.map(
      (connection, index) =>
        new Worker(`shutdown-${'abc'[index]}`, async () => 'done', { connection, prefix: `wp-shutdown-${process.pid}` }),
    );
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    await eventually(() => (workers.every((worker) => blockingStatus(worker) === 'ready') ? true : undefined));

    // Redis goes away long enough for the connections to back off, then comes back.
    await redis.stop();
    await eventually(() => (workers.every((worker) => blockingStatus(worker) === 'reconnecting') ? true : undefined));
    await new Promise((wait) => setTimeout(wait, 1500));
    redis = await startManagedRedis({ dir, port: redis.port });

    // At once, while they may still be waiting to retry: what a SIGTERM right then does.
    const abandoned: string[] = [];
    const closed: string[] = [];
    for (const worker of workers) worker.on('closed', () => closed.push(worker.name));
    await closeWorkers(workers, { graceMs: 60_000, onAbandoned: (queue) => abandoned.push(queue) });
    expect(abandoned).toEqual([]);
    expect(closed.sort()).toEqual(['shutdown-a', 'shutdown-b', 'shutdown-c']);
    for (const connection of connections) connection.disconnect();
  });

  it('gives up waiting for a connection to a Redis that stays down', async () => {
    const client = createRedis({ url: redis.url, name: 'test-reconnecting' });
    client.on('error', () => undefined);
    await eventually(() => (client.status === 'ready' ? true : undefined));
    await redis.stop();
    await eventually(() => (client.status === 'reconnecting' ? true : undefined));
    await reconnected(client, 300);
    // It returned by giving up, not because the connection came back.
    expect(client.status).toBe('reconnecting');
    client.disconnect();
    redis = await startManagedRedis({ dir, port: redis.port });
  });

  it('leaves no Redis connection open once the whole app has closed', async () => {
    const app = await startTestApp({ redisUrl: redis.url });
    const names = async () => {
      const observer = new Redis(redis.url);
      try {
        const list = (await observer.client('LIST')) as string;
        return list
          .split('\n')
          .map((line) => /\bname=(\S*)/.exec(line)?.[1] ?? '')
          .filter((name) => name.startsWith('wardpulse'));
      } finally {
        observer.disconnect();
      }
    };
    // The workers' own connections among them: BullMQ never closes a connection it is given.
    expect(await names()).toEqual(expect.arrayContaining(['wardpulse-worker-ingest']));
    await app.close();
    // A client left open would also reconnect, and log, for as long as the process lives.
    expect(await eventually(async () => ((await names()).length === 0 ? true : undefined))).toBe(true);
  });
});

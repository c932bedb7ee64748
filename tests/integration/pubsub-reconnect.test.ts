/**
 * Pub/sub listeners (revocations, in-app notifications, display control) across a Redis restart.
 * A fresh-clone run once failed on an unhandled "Connection is closed." from ioredis: its own
 * resubscription after a reconnection has no handler, so a listener closed while that SUBSCRIBE
 * was in flight (a server shutting down just as Redis came back) rejected into nothing.
 * `listenOn` now renews the subscription itself, with a handler, and ioredis's is off
 * (`subscriber: true`): this test holds it to still hearing messages after Redis comes back. (The
 * race itself — a SUBSCRIBE reply not yet read when the connection closes — did not reproduce in
 * dozens of tries over loopback, so no test pretends to show it.)
 * The test runs a redis-server of its own (the shared one is never stopped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, listenOn } from '../../jobs/src/index.js';
import { startManagedRedis, type ManagedRedis } from '../../server/src/infra/managed-redis.js';
import { eventually } from '../support/test-app.js';

describe('a pub/sub listener across a Redis restart', () => {
  let dir: string;
  let redis: ManagedRedis;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wardpulse-pubsub-'));
    redis = await startManagedRedis({ dir });
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function restart(): Promise<void> {
    await redis.stop();
    redis = await startManagedRedis({ dir, port: redis.port });
  }

  it('hears messages published after Redis came back', async () => {
    const listener = createRedis({ url: redis.url, name: 'test-listener', subscriber: true });
    listener.on('error', () => undefined);
    const publisher = createRedis({ url: redis.url, name: 'test-publisher' });
    publisher.on('error', () => undefined);
    const heard: string[] = [];
    try {
      await listenOn(listener, 'test-channel', (message) => heard.push(message));
      await publisher.publish('test-channel', 'before');
      await publisher.publish('other-channel', 'not ours');
      await eventually(() => (heard.includes('before') ? true : undefined));

      await restart();
      // Published until the listener has subscribed again: pub/sub keeps nothing for the absent.
      await eventually(async () => {
        await publisher.publish('test-channel', 'after');
        return heard.includes('after') ? true : undefined;
      }, 30_000);
      expect(heard).not.toContain('not ours');
    } finally {
      listener.disconnect();
      publisher.disconnect();
    }
  }, 60_000);
});

/**
 * Security review #16 item 3: the managed redis-server listens on loopback, where every local user
 * can connect, so without a password anyone on the machine could write a session key and become
 * admin. It must refuse commands without the folder's password, keep that password owner-only,
 * keep it off the command line, and reuse it across restarts of the same data folder.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagedRedis, type ManagedRedis } from '../../server/src/infra/managed-redis.js';

async function answer(url: string, password?: string): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    if (password !== undefined) await client.call('AUTH', password);
    return await client.set('wardpulse:probe', 'x');
  } catch (error) {
    return (error as Error).message;
  } finally {
    client.disconnect();
  }
}

describe('the managed Redis', () => {
  let dir: string;
  let redis: ManagedRedis;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wardpulse-managed-redis-'));
    redis = await startManagedRedis({ dir });
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a local user without the password and serves one with it', async () => {
    expect(await answer(`redis://127.0.0.1:${redis.port}`)).toMatch(/NOAUTH/);
    expect(await answer(`redis://127.0.0.1:${redis.port}`, 'wrong-password')).toMatch(/WRONGPASS|invalid/i);
    expect(await answer(redis.url)).toBe('OK');
  });

  it('keeps the password owner-only in the data folder and off the command line', () => {
    const file = join(dir, 'redis.password');
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(redis.url).toContain(password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'redis-auth.conf')).mode & 0o777).toBe(0o600);
    const commandLine = readFileSync(`/proc/${redis.child.pid}/cmdline`, 'utf8');
    expect(commandLine).not.toContain(password);
  });

  it('starts again on the same folder with the same password, so kept data stays reachable', async () => {
    const before = redis.url;
    await redis.stop();
    redis = await startManagedRedis({ dir, port: redis.port });
    expect(redis.url).toBe(before);
    expect(await answer(redis.url)).toBe('OK');
  });
});

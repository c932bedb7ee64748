/**
 * Finds the real servers the integration and end-to-end tests use, once per run:
 * - Redis: 127.0.0.1:6379 when it answers (each test app uses its own key prefix), otherwise a
 *   redis-server started here on a free port;
 * - PostgreSQL: WARDPULSE_TEST_DATABASE_URL, or 127.0.0.1:5432 when it answers (each test app
 *   creates its own database). When none is reachable, storage tests run on PGlite only;
 * - PGlite: one freshly initialised, empty data directory that each test app on PGlite starts
 *   from a copy of. Initialising a cluster (initdb in WebAssembly) takes about 5 s and opening a
 *   copy under one; what the app then does to it (migrations, demo seeding) is unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { startManagedRedis, type ManagedRedis } from '../../server/src/infra/managed-redis.js';
import { postgresAnswers } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** Admin URL of a PostgreSQL server tests may create databases on; '' when none. */
    postgresAdminUrl: string;
    /** An initialised, empty PGlite data directory to copy (never to open in place). */
    pgliteTemplateDir: string;
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export default async function setup(project: TestProject) {
  let managed: ManagedRedis | undefined;
  let managedDir: string | undefined;
  let redisUrl = process.env.WARDPULSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await redisAnswers(redisUrl))) {
    managedDir = mkdtempSync(join(tmpdir(), 'wardpulse-test-redis-'));
    managed = await startManagedRedis({ dir: managedDir });
    redisUrl = managed.url;
  }
  const postgresCandidate = process.env.WARDPULSE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const postgresAdminUrl = (await postgresAnswers(postgresCandidate)) ? postgresCandidate : '';
  if (!postgresAdminUrl) console.warn('[tests] no PostgreSQL server reachable: storage tests run on PGlite only');
  const pgliteTemplateDir = mkdtempSync(join(tmpdir(), 'wardpulse-test-pglite-'));
  await (await PGlite.create({ dataDir: pgliteTemplateDir })).close();
  project.provide('pgliteTemplateDir', pgliteTemplateDir);
  project.provide('redisUrl', redisUrl);
  project.provide('postgresAdminUrl', postgresAdminUrl);
  return async () => {
    await managed?.stop();
    if (managedDir) rmSync(managedDir, { recursive: true, force: true });
    rmSync(pgliteTemplateDir, { recursive: true, force: true });
  };
}

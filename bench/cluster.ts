/**
 * WardPulse deployed as a trust would run it, for the scale benchmarks: a redis-server of the
 * benchmark's own (AOF on, as managed), a PostgreSQL database of its own on the PostgreSQL server
 * (WARDPULSE_BENCH_DATABASE_URL, by default the local one), one `--role=jobs` worker process and N
 * `--role=server` processes. Measuring a server-role process alone keeps the socket figures free of
 * the workers' and the embedded database's memory (embedded PGlite alone takes ~600–800 MB).
 *
 * Where no PostgreSQL server answers, `startCluster` returns undefined and the caller falls back to
 * the `npm start` shape (one process, role all, embedded PGlite), saying so in its results.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManagedRedis } from '../server/src/infra/managed-redis.js';
import { createDatabaseOn, postgresAnswers } from '../tests/support/postgres-server.js';
import { root } from './server-process.js';

const MAIN_JS = join(root, 'server/dist/main.js');
const CLI_JS = join(root, 'server/dist/cli/main.js');
const DEMO_TRUSTS = 'RW4,RV5,RPG,RQY,RX3,RX4,RXY,R1L,RWX,TAD,RW5';

export interface ClusterProcess {
  child: ChildProcess;
  role: 'server' | 'jobs';
  /** The server's URL; empty for a worker. */
  url: string;
}

export interface BenchCluster {
  servers: ClusterProcess[];
  workers: ClusterProcess[];
  /** An API key that may ingest and read every demo trust. */
  key: string;
  redisUrl: string;
  stop(): Promise<void>;
}

function startProcess(role: 'server' | 'jobs', env: NodeJS.ProcessEnv): Promise<ClusterProcess> {
  const child = spawn(process.execPath, [MAIN_JS, `--role=${role}`], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  // A benchmark stopped with Ctrl-C or by an error leaves no server behind.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`${role} process did not start: ${output}`)), 90_000);
    child.once('exit', (code) => reject(new Error(`${role} process exited with ${code}: ${output}`)));
    const check = setInterval(() => {
      if (!output.includes('WardPulse is running')) return;
      clearInterval(check);
      clearTimeout(deadline);
      resolve({ child, role, url: output.match(/Open (http:\/\/\S+)/)?.[1] ?? '' });
    }, 50);
  });
}

async function stopProcess(process: ClusterProcess): Promise<void> {
  if (process.child.exitCode !== null || process.child.signalCode !== null) return;
  const exited = new Promise((resolve) => process.child.once('exit', resolve));
  process.child.kill('SIGTERM');
  await exited;
}

export interface ClusterOptions {
  servers: number;
  workers?: number;
  env?: Record<string, string>;
}

export async function startCluster(options: ClusterOptions): Promise<BenchCluster | undefined> {
  const adminUrl = process.env.WARDPULSE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!(await postgresAnswers(adminUrl))) return undefined;
  const database = await createDatabaseOn(adminUrl, 'wardpulse_bench');
  const dataDir = mkdtempSync(join(tmpdir(), 'wardpulse-bench-cluster-'));
  const redis = await startManagedRedis({ dir: join(dataDir, 'redis') });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARDPULSE_DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    WARDPULSE_SIMULATOR: 'off',
    WARDPULSE_DEMO_HISTORY: 'off',
    WARDPULSE_DEMO_ALERTS: 'off',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const started: ClusterProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map(stopProcess));
    await redis.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The first server migrates and seeds the organisations; the rest start against a ready schema.
    started.push(await startProcess('server', env));
    for (let i = 1; i < options.servers; i++) started.push(await startProcess('server', env));
    for (let i = 0; i < (options.workers ?? 1); i++) started.push(await startProcess('jobs', env));
    const created = spawnSync(
      process.execPath,
      [CLI_JS, 'api-key', 'create', '--trust', DEMO_TRUSTS, '--name', 'bench', '--can', 'ingest,read'],
      { env, encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(created.stderr);
    return {
      servers: started.filter((process) => process.role === 'server'),
      workers: started.filter((process) => process.role === 'jobs'),
      key: created.stdout.trim().split('\n').at(-1)!,
      redisUrl: redis.url,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

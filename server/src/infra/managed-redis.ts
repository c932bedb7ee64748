/**
 * The managed Redis: a `redis-server` child process for the zero-configuration start, configured
 * as BullMQ needs it (AOF on, maxmemory-policy noeviction), with its data under <data dir>/redis.
 * Stopped with SHUTDOWN so the AOF is flushed; a child left behind by a crashed run is stopped
 * on the next start (its pid file says which).
 *
 * It listens on loopback, where any local user could connect, so it requires a password: random,
 * made once and kept in <dir>/redis.password (0600, inside the 0700 folder), so a restart on the
 * same data keeps working and the jobs processes of the same start can reach it. The password goes
 * to redis-server in a 0600 config file, never on its command line (`ps` shows that to everyone).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { makePrivateDir } from './data-folder.js';

export const REDIS_SERVER_PATHS = ['/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server'];

export function findRedisServer(): string | undefined {
  const fromPath = (process.env.PATH ?? '').split(':').map((dir) => join(dir, 'redis-server'));
  return [...fromPath, ...REDIS_SERVER_PATHS].find((candidate) => existsSync(candidate));
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ManagedRedis {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ManagedRedisOptions {
  dir: string;
  port?: number;
  /** Fsync policy for the AOF: `everysec` (default) trades at most a second of writes for speed. */
  appendFsync?: 'always' | 'everysec';
  onLog?: (line: string) => void;
}

function stopLeftover(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('redis-server')) process.kill(pid, 'SIGTERM');
  } catch {
    // Not running: nothing to stop.
  }
}

const PASSWORD_FILE = 'redis.password';

/** The folder's Redis password, created on first use; owner-only like everything in the folder. */
export function managedRedisPassword(dir: string): string {
  const file = join(dir, PASSWORD_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(kept)) return kept;
  }
  const password = randomBytes(32).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** The URL of the managed Redis of `dir` on `port`, password included (for processes beside it). */
export function managedRedisUrl(dir: string, port: number): string {
  return `redis://:${managedRedisPassword(dir)}@127.0.0.1:${port}`;
}

function writeAuthConfig(dir: string, password: string): string {
  const file = join(dir, 'redis-auth.conf');
  writeFileSync(file, `requirepass ${password}\n`, { mode: 0o600 });
  return file;
}

export async function startManagedRedis(options: ManagedRedisOptions): Promise<ManagedRedis> {
  const binary = findRedisServer();
  if (!binary) {
    throw new Error(
      'redis-server is not installed. Install it with `sudo apt-get install -y redis-server` ' +
        '(npm start does this itself when run as root), or set REDIS_URL to use an existing Redis.',
    );
  }
  makePrivateDir(options.dir); // redis-server's AOF and pid file stay owner-only inside it
  const pidFile = join(options.dir, 'redis.pid');
  stopLeftover(pidFile);
  const port = options.port ?? (await freePort());
  const password = managedRedisPassword(options.dir);
  const child = spawn(
    binary,
    [
      writeAuthConfig(options.dir, password),
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      options.dir,
      '--pidfile',
      pidFile,
      '--appendonly',
      'yes',
      '--appendfsync',
      options.appendFsync ?? 'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) options.onLog?.(line.trim());
  };
  child.stdout?.on('data', log);
  child.stderr?.on('data', log);
  const url = managedRedisUrl(options.dir, port);
  await waitForRedis(url, child);
  return {
    url,
    port,
    child,
    stop: () => stopRedisChild(url, child),
  };
}

async function waitForRedis(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error('redis-server exited during start-up (see its log lines above)');
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      // While loading a large AOF, Redis answers LOADING: wait until it serves commands.
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // Not up yet.
    } finally {
      probe.disconnect();
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start within 20 seconds');
}

async function stopRedisChild(url: string, child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    // SHUTDOWN flushes the AOF; the connection closing is the expected answer.
    await client.call('SHUTDOWN').catch(() => undefined);
  } catch {
    child.kill('SIGTERM');
  } finally {
    client.disconnect();
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

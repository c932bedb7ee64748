/**
 * The managed Redis: a `redis-server` child process for the zero-configuration start, configured
 * as BullMQ needs it (AOF on, maxmemory-policy noeviction), with its data under <data dir>/redis.
 * Stopped with SHUTDOWN so the AOF is flushed; a child left behind by a crashed run is stopped
 * on the next start (its pid file says which).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
  const child = spawn(
    binary,
    [
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
  const url = `redis://127.0.0.1:${port}`;
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

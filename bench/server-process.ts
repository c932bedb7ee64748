/**
 * A WardPulse server process for benchmarks, started as `npm start` runs it (`node
 * server/dist/main.js`, role all: managed redis-server, embedded PGlite, simulator off) in a data
 * directory of its own, with an ingest+read key made by the CLI. Clients run in the bench process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  params: Record<string, unknown>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
}

function environment(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARDPULSE_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    WARDPULSE_SIMULATOR: 'off',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  return env;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** An API key that may ingest and read RX4, RX3 and every other demo trust. */
  key: string;
  stop(): Promise<void>;
}

export async function startServerProcess(extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wardpulse-bench-'));
  const env = environment(dataDir, extraEnv);
  const child = spawn(process.execPath, [join(root, 'server/dist/main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    url = output.match(/Open (http:\/\/\S+)/)?.[1];
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error('server did not start');
    if (!url) await new Promise((wait) => setTimeout(wait, 100));
  }
  // The app owns the embedded database: the CLI reaches it through its control socket.
  const trusts = 'RW4,RV5,RPG,RQY,RX3,RX4,RXY,R1L,RWX,TAD,RW5';
  const created = spawnSync(
    process.execPath,
    [join(root, 'server/dist/cli/main.js'), 'api-key', 'create', '--trust', trusts, '--name', 'bench', '--can', 'ingest,read'],
    { env, encoding: 'utf8' },
  );
  if (created.status !== 0) throw new Error(created.stderr);
  return {
    child,
    url,
    key: created.stdout.trim().split('\n').at(-1)!,
    stop: async () => {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

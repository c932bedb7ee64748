/**
 * WardPulse as an operator runs it, for tests that kill and restart things: `node server/dist/main.js`
 * (role all) in a process of its own, on a fixed port and data directory so it can be started again
 * in place, optionally against a Redis the test owns (REDIS_URL). And a redis-server the test owns
 * (AOF on, as the managed one), stopped and started again on the same port and directory.
 * Needs the build (`npm test` builds first). Free of vitest, so benchmarks use it too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { managedRedisUrl, startManagedRedis, type ManagedRedis } from '../../server/src/infra/managed-redis.js';

const projectRoot = resolve(import.meta.dirname, '../..');

export const MAIN_JS = join(projectRoot, 'server/dist/main.js');
const CLI_JS = join(projectRoot, 'server/dist/cli/main.js');

export interface WardPulseProcessOptions {
  dataDir: string;
  port: number;
  /** A Redis of the test's own; without it the process manages one (and restarts it with itself). */
  redisUrl?: string;
  /** The built web app to serve (WARDPULSE_WEB_BUILD); web/build by default. */
  webBuildDir?: string;
  env?: Record<string, string>;
}

/**
 * A copy of the built web app for one long-running test: wall screens reload themselves when the app's
 * version changes (SvelteKit's version poll), so a rebuild of web/build while the test runs must not
 * reach the page it watches.
 */
export function snapshotWebBuild(into: string): string {
  mkdirSync(into, { recursive: true });
  cpSync(join(projectRoot, 'web/build'), into, { recursive: true });
  return into;
}

export interface WardPulseProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Runs the CLI beside the process (it reaches the embedded database through the control socket); its last line. */
  cli(args: string[]): string;
  /** SIGKILL: no graceful shutdown, as a crash or an OOM kill. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Ctrl-C (SIGINT): graceful shutdown. */
  stop(): Promise<void>;
}

function environment(options: WardPulseProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARDPULSE_DATA_DIR: options.dataDir,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    WARDPULSE_SIMULATOR: 'off',
    WARDPULSE_DEMO_HISTORY: 'off',
    WARDPULSE_DEMO_ALERTS: 'off',
    LOG_LEVEL: 'warn',
    ...(options.webBuildDir ? { WARDPULSE_WEB_BUILD: options.webBuildDir } : {}),
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  else delete env.REDIS_URL;
  return env;
}

export async function startWardPulseProcess(options: WardPulseProcessOptions): Promise<WardPulseProcess> {
  const env = environment(options);
  const child = spawn(process.execPath, [MAIN_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 90_000;
  let url: string | undefined;
  while (!url) {
    url = output.match(/Open (http:\/\/\S+)/)?.[1];
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`wardpulse exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`wardpulse did not start within 90 s:\n${output}`);
    }
    if (!url) await new Promise((wait) => setTimeout(wait, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    child,
    url,
    output: () => output,
    cli: (args) => {
      const result = spawnSync(process.execPath, [CLI_JS, ...args], { env, encoding: 'utf8', timeout: 60_000 });
      if (result.status !== 0) throw new Error(`wardpulse ${args.join(' ')} failed: ${result.stderr}`);
      return result.stdout.trim().split('\n').at(-1) ?? '';
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGINT'),
  };
}

/** A redis-server of the test's own (AOF everysec, noeviction), restartable on the same port and data. */
export class RestartableRedis {
  #current: ManagedRedis | undefined;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(dir: string, port: number): Promise<RestartableRedis> {
    const redis = new RestartableRedis(dir, port);
    await redis.start();
    return redis;
  }

  get url(): string {
    return managedRedisUrl(this.dir, this.port);
  }

  async start(): Promise<void> {
    this.#current = await startManagedRedis({ dir: this.dir, port: this.port });
  }

  /** SHUTDOWN: Redis writes its append-only file and exits. */
  async stop(): Promise<void> {
    await this.#current?.stop();
    this.#current = undefined;
  }
}

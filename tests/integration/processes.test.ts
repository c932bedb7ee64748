/**
 * The real processes an operator runs: `node server/dist/main.js` (what `npm start` launches)
 * with its managed redis-server and embedded database, stopped with Ctrl-C (SIGINT) and started
 * again on the same data; and the CLI, both beside the running app (through its control socket)
 * and on its own. Needs the build (`npm test` builds first).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, managedRedisUrl } from '../../server/src/infra/managed-redis.js';
import { bedState, eventually, postJson, projectRoot } from '../support/test-app.js';

const mainJs = join(projectRoot, 'server/dist/main.js');
const cliJs = join(projectRoot, 'server/dist/cli/main.js');

interface Started {
  child: ChildProcess;
  url: string;
  redisPort: number;
  output: () => string;
}

function environment(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARDPULSE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    WARDPULSE_SIMULATOR: 'off',
    // Info, as npm start logs: the request lines are checked for leaked secrets.
    LOG_LEVEL: 'info',
  };
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  return env;
}

async function startMain(dataDir: string, port: number): Promise<Started> {
  const child = spawn(process.execPath, [mainJs], { env: environment(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await eventually(() => output.match(/Open (http:\/\/\S+)/)?.[1], 60_000);
  const redisPort = Number(output.match(/managed redis-server on port (\d+)/)?.[1]);
  return { child, url, redisPort, output: () => output };
}

async function stopWithCtrlC(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGINT');
  return exited;
}

function runCli(dataDir: string, args: string[], input?: string) {
  const result = spawnSync(process.execPath, [cliJs, ...args], {
    env: environment(dataDir, 0),
    encoding: 'utf8',
    timeout: 60_000,
    ...(input === undefined ? {} : { input }),
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    lastLine: result.stdout.trim().split('\n').at(-1) ?? '',
  };
}

describe('the wardpulse process and CLI on embedded defaults', () => {
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    expect(existsSync(mainJs), 'run the build first (npm test does)').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'wardpulse-process-'));
    port = await freePort();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates an API key with the CLI while the app is not running', () => {
    const result = runCli(dataDir, ['api-key', 'create', '--trust', 'RX4', '--name', 'RiO feed']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.lastLine).toMatch(/^wpk_[A-Za-z0-9_-]{43}$/);
    expect(result.stdout).toContain('can: ingest)');
  });

  it('explains a bad CLI call and exits non-zero', () => {
    const unknownTrust = runCli(dataDir, ['api-key', 'create', '--trust', 'ZZ9', '--name', 'x']);
    expect(unknownTrust.status).toBe(2);
    expect(unknownTrust.stderr).toMatch(/unknown trust ZZ9/);
    const missingName = runCli(dataDir, ['api-key', 'create', '--trust', 'RX4']);
    expect(missingName.status).not.toBe(0);
    expect(missingName.stderr).toMatch(/--name/);
  });

  it('manages people, display tokens and key rotation with the CLI', () => {
    const created = runCli(
      dataDir,
      [
        'user',
        'create',
        '--email',
        'Duty.Manager@trust.example',
        '--name',
        'Duty Manager',
        '--role',
        'bed-manager',
        '--scope',
        'trust:RX4',
        '--password',
      ],
      'correct horse battery\n',
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/Created usr_[0-9a-f]{12} duty.manager@trust.example \(bed-manager over trust:RX4\)/);
    const granted = runCli(dataDir, [
      'user',
      'grant',
      'duty.manager@trust.example',
      '--role',
      'viewer',
      '--scope',
      'collaborative:nenc',
    ]);
    expect(granted.stdout).toContain('bed-manager@trust:RX4, viewer@collaborative:nenc');
    expect(runCli(dataDir, ['user', 'list']).stdout).toMatch(
      /duty.manager@trust.example\t"Duty Manager"\tbed-manager@trust:RX4,viewer@collaborative:nenc\tactive/,
    );
    const badScope = runCli(dataDir, [
      'user',
      'create',
      '--email',
      'x@trust.example',
      '--name',
      'X',
      '--role',
      'viewer',
      '--scope',
      'trust:ZZZ',
    ]);
    expect(badScope.status).toBe(2);
    expect(badScope.stderr).toMatch(/--scope/);
    const shortPassword = runCli(
      dataDir,
      ['user', 'create', '--email', 'y@trust.example', '--name', 'Y', '--role', 'viewer', '--password'],
      'short\n',
    );
    expect(shortPassword.status).toBe(2);
    expect(shortPassword.stderr).toMatch(/--password: must be at least 12 characters/);

    const token = runCli(dataDir, ['display-token', 'create', '--scope', 'trust:RX4', '--name', 'Bed bureau wall']);
    expect(token.status).toBe(0);
    expect(token.lastLine).toMatch(/^\/wall\/trust\/RX4\?token=wpd_[A-Za-z0-9_-]{43}$/);
    expect(runCli(dataDir, ['display-token', 'list']).stdout).not.toContain(token.lastLine.split('token=')[1]);

    const key = runCli(dataDir, ['api-key', 'create', '--trust', 'RX4', '--name', 'to rotate', '--can', 'ingest,read']);
    const keyId = key.stdout.match(/Created API key (key_[0-9a-f]{12})/)![1]!;
    const rotated = runCli(dataDir, ['api-key', 'rotate', keyId]);
    expect(rotated.status).toBe(0);
    expect(rotated.lastLine).toMatch(/^wpk_[A-Za-z0-9_-]{43}$/);
    expect(rotated.lastLine).not.toBe(key.lastLine);
    expect(runCli(dataDir, ['api-key', 'list']).stdout).toMatch(new RegExp(`${keyId}\t.*\trevoked `));

    const rebuilt = runCli(dataDir, ['history', 'rebuild', '--from', '2026-01-01', '--to', '2026-01-07', '--grain', 'day']);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.stdout).toMatch(/Rebuilt day roll-ups 2026-01-01 to 2026-01-07: \d+ points\./);
    // Without --from: everything, days before the weeks, months and quarters made from them.
    const everything = runCli(dataDir, ['history', 'rebuild']);
    expect(everything.stderr).toBe('');
    expect(everything.stdout).toMatch(
      /^(Rebuilt every roll-up from \d{4}-\d{2}-\d{2}: \d+ points|Nothing to rebuild: no history yet)\./,
    );
    const quarters = runCli(dataDir, ['history', 'rebuild', '--from', '2026-01-01', '--to', '2026-03-31', '--grain', 'quarter']);
    expect(quarters.stdout).toMatch(/Rebuilt quarter roll-ups 2026-01-01 to 2026-03-31: \d+ points\./);
    const backwards = runCli(dataDir, ['history', 'rebuild', '--from', '2026-02-01', '--to', '2026-01-01']);
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toMatch(/--to is before --from/);
  });

  it('starts with a managed redis-server, ingests with a key made beside it, stops on Ctrl-C and keeps its data', async () => {
    const first = await startMain(dataDir, port);
    let key: string;
    let state: ReturnType<typeof bedState>;
    const redisPid = Number(readFileSync(join(dataDir, 'redis/redis.pid'), 'utf8').trim());
    expect(existsSync(`/proc/${redisPid}`)).toBe(true);
    try {
      expect(first.output()).toContain('Stop with Ctrl-C');
      // Demo accounts are printed; a person added with the CLI signs in.
      expect(first.output()).toMatch(/admin\s+admin@wardpulse\.example/);
      const signIn = await postJson(`${first.url}/api/v1/session`, {
        email: 'duty.manager@trust.example',
        password: 'correct horse battery',
      });
      expect(signIn.status).toBe(200);
      // The managed Redis wants the data folder's password (#16 item 3).
      const redis = new Redis(managedRedisUrl(join(dataDir, 'redis'), first.redisPort));
      try {
        expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
        expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
        expect(await redis.config('GET', 'dir')).toEqual(['dir', join(dataDir, 'redis')]);
      } finally {
        redis.disconnect();
      }
      // The data folder holds password hashes, secrets and sessions: owner-only (#16 item 9).
      for (const folder of ['', 'pg', 'redis', 'control'])
        expect({ folder, mode: statSync(join(dataDir, folder)).mode & 0o777 }).toEqual({ folder, mode: 0o700 });
      expect(statSync(join(dataDir, 'pg.lock')).mode & 0o077).toBe(0);
      // The app owns the embedded database: the CLI goes through its control socket.
      const created = runCli(dataDir, ['api-key', 'create', '--trust', 'RX4', '--name', 'second feed', '--can', 'ingest,read']);
      expect(created.status).toBe(0);
      key = created.lastLine;
      state = bedState('RX4-W01', { occupied: 14 });
      expect((await postJson(`${first.url}/api/v1/bed-states`, state, key)).status).toBe(202);
      await eventually(async () => {
        const response = await fetch(`${first.url}/api/v1/live?scope=ward:RX4-W01`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const body = (await response.json()) as { snapshot: { wards: { state: { eventId: string } | null }[] } };
        return body.snapshot.wards[0]!.state?.eventId === state.eventId ? true : undefined;
      });
      // Secrets never reach the log: not the key in the Authorization header, not a wall token in the URL.
      const displayToken = 'wpd_display_token_that_must_not_be_logged';
      await fetch(`${first.url}/wall/trust/RX4?token=${displayToken}`);
      await eventually(() => (first.output().includes('token=redacted') ? true : undefined));
      expect(first.output()).not.toContain(displayToken);
      expect(first.output()).not.toContain(key);
    } finally {
      expect(await stopWithCtrlC(first)).toBe(0);
    }
    // Redis stopped with it, having written its append-only file.
    expect(existsSync(`/proc/${redisPid}`)).toBe(false);
    expect(existsSync(join(dataDir, 'redis/appendonlydir'))).toBe(true);

    const second = await startMain(dataDir, port);
    try {
      const response = await fetch(`${second.url}/api/v1/live?scope=ward:RX4-W01`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const body = (await response.json()) as { snapshot: { wards: { state: { eventId: string; occupied: number } | null }[] } };
      expect(body.snapshot.wards[0]!.state).toMatchObject({ eventId: state.eventId, occupied: 14 });
    } finally {
      expect(await stopWithCtrlC(second)).toBe(0);
    }
  });

  it('refuses --role=server without shared Redis and PostgreSQL', () => {
    const result = spawnSync(process.execPath, [mainJs, '--role=server'], {
      env: environment(dataDir, port),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--role=server .* needs REDIS_URL and DATABASE_URL/);
  });
});

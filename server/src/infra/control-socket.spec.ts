import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createConnection, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendControlCommand, serveControlSocket } from './control-socket.js';

const servers: Server[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function serve(): Promise<{ path: string; calls: string[][] }> {
  const folder = mkdtempSync(join(tmpdir(), 'wardpulse-control-'));
  folders.push(folder);
  const path = join(folder, 'control', 'control.sock');
  const calls: string[][] = [];
  servers.push(
    await serveControlSocket(path, async (argv) => {
      calls.push(argv);
      // Long enough for the client's second chunk to arrive while the command still runs.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { exitCode: 0, stdout: `ran ${argv.join(' ')}\n`, stderr: '' };
    }),
  );
  return { path, calls };
}

describe('control socket', () => {
  it('runs a command and answers', async () => {
    const { path, calls } = await serve();
    expect(await sendControlCommand(path, ['org', 'list'])).toEqual({ exitCode: 0, stdout: 'ran org list\n', stderr: '' });
    expect(calls).toEqual([['org', 'list']]);
  });

  it('keeps its socket in a folder only the owner can enter, made so before it listens', async () => {
    const { path } = await serve();
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o077).toBe(0);
  });

  it('runs one command per connection: data sent after the command line runs nothing more (#16 item 11)', async () => {
    const { path, calls } = await serve();
    const answer = await new Promise<string>((resolve, reject) => {
      const connection = createConnection(path);
      let received = '';
      connection.setEncoding('utf8');
      connection.on('connect', () => {
        connection.write(`${JSON.stringify({ argv: ['first'] })}\n`);
        // A second chunk on the same connection: before the fix it re-read the whole input and ran
        // the first command again (and once more for every further chunk).
        setTimeout(() => connection.write(`${JSON.stringify({ argv: ['second'] })}\nmore\n`), 20);
      });
      connection.on('data', (chunk: string) => (received += chunk));
      connection.on('end', () => resolve(received));
      connection.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toEqual([['first']]);
    expect(JSON.parse(answer.trim())).toEqual({ exitCode: 0, stdout: 'ran first\n', stderr: '' });
  });
});

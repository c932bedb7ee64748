/**
 * The control socket lets the CLI run its commands inside the running process when that process
 * owns the embedded database (PGlite allows one owner). A Unix socket in a folder of its own that
 * only the owner can enter (made 0700 before the socket exists, so there is no moment between
 * listen and chmod when another local user could connect): the same trust as the data files.
 * Protocol: one JSON line `{ "argv": [...] }` in; zero or more `{ "progress": {...} }` lines (a long
 * command's progress, e.g. an import's) and then one JSON line `{ exitCode, stdout, stderr }` out.
 * One command per connection: anything sent after the command line is ignored.
 */
import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { createConnection, createServer, type Server } from 'node:net';
import type { ImportProgress } from '@wardpulse/jobs';

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What a command may report while it runs (shown by the CLI process, wherever the command runs). */
export interface CommandHooks {
  progress?: (progress: ImportProgress) => void;
  /** Reloads this process's organisation directory after a command changed it (inside the app). */
  orgChanged?: () => Promise<void>;
}

export type CommandRunner = (argv: string[], hooks: CommandHooks) => Promise<CommandOutput>;

export async function serveControlSocket(path: string, run: CommandRunner): Promise<Server> {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700); // mkdir's mode is narrowed by the umask and leaves an existing folder as it was
  if (existsSync(path)) unlinkSync(path);
  const server = createServer((connection) => {
    let input = '';
    connection.setEncoding('utf8');
    const onData = (chunk: string) => {
      input += chunk;
      if (input.length > 64 * 1024) {
        connection.destroy();
        return;
      }
      if (!input.includes('\n')) return;
      connection.off('data', onData);
      let argv: unknown;
      try {
        argv = (JSON.parse(input.slice(0, input.indexOf('\n'))) as { argv?: unknown }).argv;
      } catch {
        argv = undefined;
      }
      const answer =
        Array.isArray(argv) && argv.every((arg) => typeof arg === 'string')
          ? run(argv, {
              progress: (progress) => {
                if (!connection.destroyed) connection.write(`${JSON.stringify({ progress })}\n`);
              },
            })
          : Promise.resolve({ exitCode: 2, stdout: '', stderr: 'malformed control request\n' });
      void answer
        .catch((error: unknown) => ({ exitCode: 1, stdout: '', stderr: `${(error as Error).message}\n` }))
        .then((output) => connection.end(`${JSON.stringify(output)}\n`));
    };
    connection.on('data', onData);
    connection.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return server;
}

/** Sends a command to a running process; undefined when nothing listens on `path`. */
export async function sendControlCommand(
  path: string,
  argv: string[],
  hooks: CommandHooks = {},
): Promise<CommandOutput | undefined> {
  if (!existsSync(path)) return undefined;
  return new Promise((resolve, reject) => {
    const connection = createConnection(path);
    let buffered = '';
    let output: CommandOutput | undefined;
    const read = (line: string) => {
      if (line.trim() === '') return;
      const message = JSON.parse(line) as { progress?: ImportProgress } & Partial<CommandOutput>;
      if (message.progress) hooks.progress?.(message.progress);
      else output = message as CommandOutput;
    };
    connection.setEncoding('utf8');
    connection.on('connect', () => connection.write(`${JSON.stringify({ argv })}\n`));
    connection.on('data', (chunk: string) => {
      buffered += chunk;
      try {
        for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
          read(buffered.slice(0, end));
          buffered = buffered.slice(end + 1);
        }
      } catch (error) {
        connection.destroy();
        reject(error as Error);
      }
    });
    connection.on('end', () => {
      try {
        read(buffered);
        if (output) resolve(output);
        else reject(new Error('the running app closed the control socket without an answer'));
      } catch (error) {
        reject(error as Error);
      }
    });
    connection.on('error', (error: NodeJS.ErrnoException) => {
      // A socket file left by a process that died: nobody is listening.
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(undefined);
      else reject(error);
    });
  });
}

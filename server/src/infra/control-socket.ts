/**
 * The control socket lets the CLI run its commands inside the running process when that process
 * owns the embedded database (PGlite allows one owner). A Unix socket in the data directory,
 * readable only by its owner: the same trust as the data files themselves.
 * Protocol: one JSON line `{ "argv": [...] }` in; one JSON line `{ exitCode, stdout, stderr }` out.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type CommandRunner = (argv: string[]) => Promise<CommandOutput>;

export async function serveControlSocket(path: string, run: CommandRunner): Promise<Server> {
  if (existsSync(path)) unlinkSync(path);
  const server = createServer((connection) => {
    let input = '';
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => {
      input += chunk;
      if (input.length > 64 * 1024) connection.destroy();
      if (!input.includes('\n')) return;
      let argv: unknown;
      try {
        argv = (JSON.parse(input.slice(0, input.indexOf('\n'))) as { argv?: unknown }).argv;
      } catch {
        argv = undefined;
      }
      const answer =
        Array.isArray(argv) && argv.every((arg) => typeof arg === 'string')
          ? run(argv)
          : Promise.resolve({ exitCode: 2, stdout: '', stderr: 'malformed control request\n' });
      void answer
        .catch((error: unknown) => ({ exitCode: 1, stdout: '', stderr: `${(error as Error).message}\n` }))
        .then((output) => connection.end(`${JSON.stringify(output)}\n`));
    });
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
export async function sendControlCommand(path: string, argv: string[]): Promise<CommandOutput | undefined> {
  if (!existsSync(path)) return undefined;
  return new Promise((resolve, reject) => {
    const connection = createConnection(path);
    let output = '';
    connection.setEncoding('utf8');
    connection.on('connect', () => connection.write(`${JSON.stringify({ argv })}\n`));
    connection.on('data', (chunk: string) => (output += chunk));
    connection.on('end', () => {
      try {
        resolve(JSON.parse(output) as CommandOutput);
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

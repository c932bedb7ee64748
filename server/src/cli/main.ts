/**
 * `npm run cli -- <command>`: runs against the same configuration as `npm start`. With an
 * embedded database it asks the running app (which owns it) through the control socket, or opens
 * the database itself when the app is not running.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@wardpulse/jobs';
import { loadConfig } from '../config.js';
import { sendControlCommand, type CommandOutput } from '../infra/control-socket.js';
import { embeddedPaths, openDatabase } from '../infra/database.js';
import { EmbeddedDatabaseBusy } from '../infra/embedded-lock.js';
import { runCommand } from './commands.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function run(argv: string[]): Promise<CommandOutput> {
  const config = loadConfig(process.env, [], projectRoot);
  const logger = createLogger({ level: 'warn' });
  if (!config.databaseUrl) {
    const viaApp = await sendControlCommand(embeddedPaths(config.dataDir).controlSocket, argv);
    if (viaApp) return viaApp;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, demo: config.demo, logger });
  try {
    return await runCommand(argv, database.db);
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (output) => {
    process.stdout.write(output.stdout);
    process.stderr.write(output.stderr);
    process.exitCode = output.exitCode;
  },
  (error: unknown) => {
    process.stderr.write(
      error instanceof EmbeddedDatabaseBusy
        ? `${error.message}, which does not answer on its control socket; stop it and retry.\n`
        : `${(error as Error).message}\n`,
    );
    process.exitCode = 1;
  },
);

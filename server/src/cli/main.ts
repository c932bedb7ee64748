/**
 * `npm run cli -- <command>`: runs against the same configuration as `npm start`. With an
 * embedded database it asks the running app (which owns it) through the control socket, or opens
 * the database itself when the app is not running.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@wardpulse/jobs';
import { loadConfig } from '../config.js';
import { sendControlCommand, type CommandOutput } from '../infra/control-socket.js';
import { secureDataFolder } from '../infra/data-folder.js';
import { embeddedPaths, openDatabase } from '../infra/database.js';
import { EmbeddedDatabaseBusy } from '../infra/embedded-lock.js';
import { runCommand } from './commands.js';
import { importProgressView } from './import-progress.js';
import { withPasswordFromInput } from './password-input.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * `import` names files relative to where the operator is (npm's INIT_CWD under `npm run import`),
 * while the command may run inside the app, elsewhere: send their absolute paths.
 */
function absoluteImportPaths(argv: string[]): string[] {
  if (argv[0] === 'org' && argv[1] === 'import') return ['org', ...absoluteImportPaths(argv.slice(1))];
  if (argv[0] !== 'import') return argv;
  const base = process.env.INIT_CWD ?? process.cwd();
  let optionValue = false;
  let onlyFiles = false;
  return argv.map((arg, index) => {
    if (index === 0) return arg;
    if (optionValue) {
      optionValue = false;
      return arg;
    }
    if (!onlyFiles && arg === '--') onlyFiles = true;
    else if (!onlyFiles && arg.startsWith('-')) optionValue = arg === '--kind';
    else if (!isAbsolute(arg)) return resolve(base, arg);
    return arg;
  });
}

async function run(argv: string[]): Promise<CommandOutput> {
  const config = loadConfig(process.env, [], projectRoot);
  const logger = createLogger({ level: 'warn' });
  const view = importProgressView();
  const hooks = { progress: view.show };
  const withPassword = await withPasswordFromInput(absoluteImportPaths(argv));
  if (!Array.isArray(withPassword)) return withPassword;
  const commandArgv = withPassword;
  try {
    if (!config.databaseUrl) {
      const viaApp = await sendControlCommand(embeddedPaths(config.dataDir).controlSocket, commandArgv, hooks);
      if (viaApp) return viaApp;
      secureDataFolder(config.dataDir);
    }
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, demo: config.demo, logger });
    try {
      return await runCommand(commandArgv, database.db, hooks);
    } finally {
      await database.close();
    }
  } finally {
    view.stop();
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

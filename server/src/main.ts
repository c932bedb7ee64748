/**
 * The WardPulse process: `node server/dist/main.js [--role=all|server|jobs]`.
 * Prints where to open the app, and stops cleanly (managed Redis included) on Ctrl-C or SIGTERM.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { EmbeddedDatabaseBusy } from './infra/embedded-lock.js';
import { DEMO_PASSWORD } from './auth/bootstrap.js';
import { startWardPulse } from './runtime.js';
import type { DemoRetirement } from './auth/demo-retirement.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2), projectRoot);
  const running = await startWardPulse(config);
  const { logger } = running;

  let stoppingSince: number | undefined;
  const stop = (signal: string) => {
    if (stoppingSince !== undefined) {
      // Ctrl-C reaches us both from the terminal and forwarded by `npm start`'s launcher: only a
      // second signal given deliberately (a moment later) skips the clean stop.
      if (Date.now() - stoppingSince < 1000) return;
      logger.warn('second signal: exiting at once');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'stopping: finishing in-flight work');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));

  const lines = [
    '',
    `  WardPulse is running (role: ${config.role}).`,
    ...(running.url
      ? [
          `  Open ${running.url}`,
          ...(config.demo
            ? [
                '  Demo mode (synthetic data): boards open without signing in. Demo accounts, password ' + `"${DEMO_PASSWORD}":`,
                ...(running.people?.demoAccounts ?? []).map((account) => `    ${account.role.padEnd(12)} ${account.email}`),
              ]
            : ['  Sign in to read; feeds and machine readers use API keys.', ...demoRetiredLines(running.people?.retiredDemo)]),
          ...(running.people?.oneTimeSignInPath
            ? [`  First admin: sign in once within 24 hours at ${running.url}${running.people.oneTimeSignInPath}`]
            : []),
          '  Feeds: create an ingest key with  npm run cli -- api-key create --trust RX4 --name "RiO feed"',
          `  API: ${running.url}/api/docs`,
        ]
      : []),
    `  Data: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `${config.dataDir} (embedded)`}; ` +
      `Redis: ${config.redisUrl ? 'REDIS_URL' : `managed redis-server on port ${running.managedRedis?.port}`}` +
      (config.simulator ? '; simulator on' : ''),
    '  Stop with Ctrl-C.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** The banner says that demo accounts from an earlier demo start no longer work, and what ended. */
function demoRetiredLines(retired: DemoRetirement | undefined): string[] {
  if (!retired || retired.accounts + retired.apiKeys + retired.displayTokens === 0) return [];
  return [
    `  Demo mode is off: ${retired.accounts} demo account(s) from an earlier demo start disabled, their sessions ended,` +
      ` ${retired.apiKeys} API key(s) and ${retired.displayTokens} display token(s) they made revoked (see the audit log).`,
  ];
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`Configuration error:\n${error.message}\n`);
  else if (error instanceof EmbeddedDatabaseBusy)
    process.stderr.write(`WardPulse is already running with this data directory (process ${error.pid}).\n`);
  else process.stderr.write(`WardPulse could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

// `npm test`: install what is missing (Chromium included), build, run the static checks, then
// every test tier (unit, integration against real Redis and PostgreSQL/PGlite, end-to-end in
// Chromium). Ends with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, ensureBuilt, ensureChromium, ensureDependencies, ensureRedisServer, root, say } from './lib/setup.mjs';

checkNode();
ensureDependencies();
ensureRedisServer();
ensureChromium();
ensureBuilt();

say('static checks: tsc, svelte-check, eslint, prettier');
const check = spawnSync('npm', ['run', 'check'], { cwd: root, stdio: 'inherit' });
if (check.status !== 0) {
  say('static checks failed');
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

mkdirSync(join(root, 'test-results'), { recursive: true });
const report = join(root, 'test-results/vitest.json');
const vitest = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CI: process.env.CI ?? '' } },
);
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = results.numPendingTests + (results.numTodoTests ?? 0);
  process.stdout.write(
    `\n${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
  );
  // An unhandled error fails the run even when every test passed: say so rather than look green.
  if (vitest.status !== 0 && results.numFailedTests === 0) {
    process.stdout.write('but vitest reported errors outside the tests (see "Errors" above)\n');
  }
}
process.exit(vitest.status ?? 1);

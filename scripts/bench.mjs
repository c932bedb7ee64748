// `npm run bench`: builds what is needed, then runs the benchmarks and writes
// bench/results/latest.json. Figures are measurements of this machine, not assertions.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkNode, ensureBuilt, ensureDependencies, ensureRedisServer, root } from './lib/setup.mjs';

checkNode();
ensureDependencies();
ensureBuilt();
ensureRedisServer();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=wardpulse-source', join(root, 'bench/run.ts')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

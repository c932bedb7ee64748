// `npm run cli -- <command>`: the administration CLI, with the same configuration as npm start.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkNode, ensureDependencies, root } from './lib/setup.mjs';
import { existsSync } from 'node:fs';

checkNode();
ensureDependencies();
if (!existsSync(join(root, 'server/dist/cli/main.js'))) {
  spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
}
const result = spawnSync(process.execPath, [join(root, 'server/dist/cli/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

// `npm run openapi`: writes docs/openapi.yaml from the zod schemas (a test keeps it current).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './lib/setup.mjs';

spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
const { openApiYaml } = await import(join(root, 'server/dist/http/openapi.js'));
writeFileSync(join(root, 'docs/openapi.yaml'), openApiYaml());
process.stderr.write('wrote docs/openapi.yaml\n');

// `npm start`: install what is missing, build, then run WardPulse with embedded defaults
// (managed redis-server, PGlite) and demo data. Arguments pass through (e.g. --role=server).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { checkNode, ensureBuilt, ensureDependencies, ensureRedisServer, root } from './lib/setup.mjs';

checkNode();
ensureDependencies();
ensureBuilt();
if (!process.env.REDIS_URL) ensureRedisServer();

const child = spawn(process.execPath, [join(root, 'server/dist/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// Forward stop signals: a terminal's Ctrl-C reaches the child as well, a process manager's
// signal reaches only this launcher. The server ignores the duplicate that arrives together.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

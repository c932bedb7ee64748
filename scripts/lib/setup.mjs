// Brings a fresh clone up to what `npm start`, `npm test`, the CLI and the bench need:
// dependencies, a build, redis-server and (for tests) Debian's Chromium. Plain Node, no
// dependencies, because it runs before anything is installed. Every step is skipped when
// already done, so a second run costs a second or two.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function say(text) {
  process.stderr.write(`[wardpulse] ${text}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    say(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    say(`Node.js ${process.versions.node} is too old: WardPulse needs Node.js 20.19 or newer (22 or 24 recommended).`);
    process.exit(1);
  }
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'build' || entry === '.svelte-kit') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function ensureDependencies() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

export function ensureBuilt() {
  // tsc -b is incremental: it rebuilds only what changed.
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
  const handler = join(root, 'web/build/handler.js');
  const sources = Math.max(newestMtime(join(root, 'web')), newestMtime(join(root, 'shared/src')));
  if (!existsSync(handler) || statSync(handler).mtimeMs < sources) {
    say('building the web app…');
    run('npm', ['run', 'build', '-w', 'web']);
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

function aptInstall(packages, why) {
  if (!isRoot) {
    say(`${why} is missing. Install it with:  sudo apt-get install -y ${packages.join(' ')}`);
    process.exit(1);
  }
  say(`installing ${packages.join(' ')} with apt (${why} is missing)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}

function onPath(binary, extra = []) {
  const dirs = [...(process.env.PATH ?? '').split(':'), ...extra];
  return dirs.some((dir) => dir && existsSync(join(dir, binary)));
}

export function ensureRedisServer() {
  if (onPath('redis-server', ['/usr/bin', '/usr/sbin', '/usr/local/bin'])) return;
  aptInstall(['redis-server'], 'redis-server');
  // Debian's package may start a system service; WardPulse runs its own child, so leave it be.
}

export function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  aptInstall(['chromium', 'fonts-dejavu-core'], 'Chromium (for the browser tests)');
}

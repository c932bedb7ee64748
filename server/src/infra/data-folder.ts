/**
 * The data folder holds password hashes, webhook secrets and sessions (PGlite, managed Redis), so
 * only its owner may read it: folders 0700, files 0600. Created that way here, and at start every
 * existing entry loses its group and other bits (folders made by older versions, files PGlite or
 * redis-server wrote with their own modes).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Creates `dir` (and missing parents) owner-only, whatever the umask. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates the data folder if missing and removes group/other bits from everything in it. */
export function secureDataFolder(dataDir: string): void {
  makePrivateDir(dataDir);
  const tighten = (path: string) => {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return; // chmod would follow it out of the folder
    if (stat.mode & 0o077) chmodSync(path, stat.mode & 0o7700);
    if (stat.isDirectory()) for (const name of readdirSync(path)) tighten(join(path, name));
  };
  tighten(dataDir);
}

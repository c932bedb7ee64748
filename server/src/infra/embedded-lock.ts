/**
 * Embedded PostgreSQL (PGlite) has exactly one owner process. This lock file says which process
 * owns `<data dir>/pg`; a lock left by a process that has died is taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDir } from './data-folder.js';

export class EmbeddedDatabaseBusy extends Error {
  constructor(readonly pid: number) {
    super(`the embedded database is in use by process ${pid}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(file: string): () => void {
  makePrivateDir(dirname(file));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      // The same process counts as busy too: one owner means one open database, not one process.
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || alive(pid))) throw new EmbeddedDatabaseBusy(pid);
      unlinkSync(file); // stale: its owner died without cleaning up
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

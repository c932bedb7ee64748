import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from './embedded-lock.js';
import { makePrivateDir, secureDataFolder } from './data-folder.js';

const mode = (path: string) => statSync(path).mode & 0o7777;

describe('data folder modes', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wardpulse-data-folder-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('tightens an existing world-readable data folder to 0700 folders and 0600 files', () => {
    const data = join(root, 'data');
    for (const dir of [data, join(data, 'pg'), join(data, 'pg/base'), join(data, 'redis')]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o755);
    }
    const files = [join(data, 'pg.lock'), join(data, 'pg/base/1'), join(data, 'redis/appendonly.aof')];
    for (const file of files) {
      writeFileSync(file, 'x');
      chmodSync(file, 0o644);
    }
    const outside = join(root, 'outside');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(data, 'link'));

    secureDataFolder(data);

    for (const dir of [data, join(data, 'pg'), join(data, 'pg/base'), join(data, 'redis')]) expect(mode(dir)).toBe(0o700);
    for (const file of files) expect(mode(file)).toBe(0o600);
    expect(mode(outside)).toBe(0o644); // a symlink's target is not the data folder's to change
  });

  it('creates a missing data folder 0700 whatever the umask', () => {
    const previous = process.umask(0o000);
    try {
      const data = join(root, 'new/data');
      secureDataFolder(data);
      expect(mode(data)).toBe(0o700);
      makePrivateDir(join(data, 'redis'));
      expect(mode(join(data, 'redis'))).toBe(0o700);
      const release = acquireLock(join(data, 'pg.lock'));
      expect(mode(join(data, 'pg.lock'))).toBe(0o600);
      release();
    } finally {
      process.umask(previous);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { withPasswordFromInput } from './password-input.js';

const typed = (password: string) => () => Promise.resolve(password);
const create = ['user', 'create', '--email', 'a@trust.example', '--name', 'A', '--role', 'viewer'];

describe('user create --password (#16 item 13)', () => {
  it('replaces a bare --password with the password read from the prompt or standard input', async () => {
    expect(await withPasswordFromInput([...create, '--password'], typed('correct horse battery'))).toEqual([
      ...create,
      '--password=correct horse battery',
    ]);
    expect(await withPasswordFromInput(['user', 'create', '--password', '--role', 'viewer'], typed('pw that is long'))).toEqual([
      'user',
      'create',
      '--password=pw that is long',
      '--role',
      'viewer',
    ]);
  });

  it('refuses a password given on the command line, in either form, without reading any', async () => {
    let asked = 0;
    const read = () => {
      asked += 1;
      return Promise.resolve('x');
    };
    for (const argv of [
      [...create, '--password', 'correct horse battery'],
      [...create, '--password=correct horse battery'],
    ]) {
      const refused = await withPasswordFromInput(argv, read);
      expect(refused).toMatchObject({ exitCode: 2, stdout: '' });
      expect((refused as { stderr: string }).stderr).toMatch(/^--password: takes no value on the command line/);
    }
    expect(asked).toBe(0);
  });

  it('refuses an empty password and leaves commands without --password alone', async () => {
    expect(await withPasswordFromInput([...create, '--password'], typed(''))).toMatchObject({ exitCode: 2 });
    expect(await withPasswordFromInput(['org', 'list'], typed('unused'))).toEqual(['org', 'list']);
  });
});

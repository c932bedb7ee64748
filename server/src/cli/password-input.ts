/**
 * `user create --password`: the password is typed at a prompt that does not echo it, or read as
 * one line of standard input (`printf '%s\n' "$PW" | npm run cli -- user create … --password`),
 * never taken from the command line, where every local user can read it (`ps`, shell history).
 * The CLI process reads it and hands it to the command in memory (or over the owner-only control
 * socket), so it never appears in any process's argv.
 */
import type { CommandOutput } from '../infra/control-socket.js';

export type PasswordReader = () => Promise<string>;

/** argv with a bare `--password` replaced by the password read; a refusal when argv carries one. */
export async function withPasswordFromInput(
  argv: readonly string[],
  read: PasswordReader = readPassword,
): Promise<string[] | CommandOutput> {
  const refuse = (why: string): CommandOutput => ({ exitCode: 2, stdout: '', stderr: `--password: ${why}\n` });
  if (argv.some((arg) => arg.startsWith('--password='))) return refuse(PASSWORD_NOT_IN_ARGV);
  const at = argv.indexOf('--password');
  if (at === -1) return [...argv];
  const next = argv[at + 1];
  if (next !== undefined && !next.startsWith('-')) return refuse(PASSWORD_NOT_IN_ARGV);
  const password = await read();
  if (password === '') return refuse('none was typed or piped in');
  return [...argv.slice(0, at), `--password=${password}`, ...argv.slice(at + 1)];
}

const PASSWORD_NOT_IN_ARGV =
  'takes no value on the command line (other users can see it there): give --password alone and type it at the prompt, or pipe it in on standard input';

/** One line: from the terminal without echo, or the first line of piped standard input. */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write('Password: ');
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          resolve(typed);
          return;
        }
        if (character === '\u0003') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        typed = character === '\u007f' || character === '\b' ? typed.slice(0, -1) : typed + character;
      }
    };
    input.on('data', onData);
  });
}

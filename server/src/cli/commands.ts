/**
 * CLI commands (`npm run cli -- …`). They run against a database handed to them, so the same
 * code runs in the CLI process or, through the control socket, inside the running app that
 * owns an embedded database.
 */
import { OrgRepository, type Database } from '@wardpulse/jobs';
import { Command, CommanderError } from 'commander';
import { ApiKeyRepository, KEY_ABILITIES, type KeyAbility } from '../auth/api-keys.js';
import type { CommandOutput } from '../infra/control-socket.js';

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export async function runCommand(argv: string[], db: Database): Promise<CommandOutput> {
  let stdout = '';
  let stderr = '';
  const out = (line: string) => (stdout += `${line}\n`);
  const program = new Command('wardpulse')
    .exitOverride()
    .configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) })
    .description('WardPulse administration');

  const apiKey = program.command('api-key').description('API keys for feeds and machine readers');
  apiKey
    .command('create')
    .description('create a key; it is printed once, alone on the last line')
    .requiredOption('--trust <ods,...>', 'trusts the key is scoped to (ODS codes)', list)
    .requiredOption('--name <name>', 'what the key is for, e.g. "RiO feed"')
    .option('--can <abilities>', `what it may do: ${KEY_ABILITIES.join(', ')}`, list, ['ingest'])
    .action(async (options: { trust: string[]; name: string; can: string[] }) => {
      const unknownAbilities = options.can.filter((ability) => !KEY_ABILITIES.includes(ability as KeyAbility));
      if (unknownAbilities.length > 0)
        throw new UsageError(`--can: unknown ${unknownAbilities.join(', ')} (use ${KEY_ABILITIES.join(', ')})`);
      const trusts = options.trust.map((ods) => ods.toUpperCase());
      const known = new Set((await new OrgRepository(db).loadDirectory()).trusts.map((trust) => trust.ods));
      const unknownTrusts = trusts.filter((ods) => !known.has(ods));
      if (unknownTrusts.length > 0) throw new UsageError(`--trust: unknown trust ${unknownTrusts.join(', ')}`);
      if (options.name.trim() === '') throw new UsageError('--name must not be empty');
      const { record, key } = await new ApiKeyRepository(db).create({
        name: options.name.trim(),
        trusts,
        can: [...new Set(options.can)] as KeyAbility[],
      });
      out(`Created API key ${record.id} "${record.name}" for ${record.trusts.join(', ')} (can: ${record.can.join(', ')}).`);
      out('Store it now: it is not shown again.');
      out(key);
    });
  apiKey
    .command('list')
    .description('list keys (never their secrets)')
    .action(async () => {
      for (const key of await new ApiKeyRepository(db).list()) {
        out(
          [
            key.id,
            key.keyPrefix + '…',
            JSON.stringify(key.name),
            key.trusts.join(','),
            key.can.join(','),
            key.revokedAt ? `revoked ${key.revokedAt}` : `last used ${key.lastUsedAt ?? 'never'}`,
          ].join('\t'),
        );
      }
    });
  apiKey
    .command('revoke <id>')
    .description('revoke a key at once')
    .action(async (id: string) => {
      if (!(await new ApiKeyRepository(db).revoke(id))) throw new UsageError(`no active key ${id}`);
      out(`Revoked ${id}.`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode, stdout, stderr };
    if (error instanceof UsageError) return { exitCode: 2, stdout, stderr: `${stderr}error: ${error.message}\n` };
    throw error;
  }
}

class UsageError extends Error {}

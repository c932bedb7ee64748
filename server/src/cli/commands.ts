/**
 * CLI commands (`npm run cli -- …`). They run against a database handed to them, so the same
 * code runs in the CLI process or, through the control socket, inside the running app that
 * owns an embedded database.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  fileSource,
  HistoryRollups,
  importOrganisation,
  orgImportAuditDetail,
  orgImportFormatOf,
  importAuditDetail,
  importFile,
  IMPORT_KINDS,
  isImportKind,
  OrgRepository,
  type Database,
  type ImportReport,
  type OrgImportOutcome,
} from '@wardpulse/jobs';
import { Command, CommanderError } from 'commander';
import { ApiKeyRepository, KEY_ABILITIES, type KeyAbility } from '../auth/api-keys.js';
import { AuditLog } from '../auth/audit.js';
import { DisplayTokenRepository } from '../auth/display-tokens.js';
import { UserRepository } from '../auth/users.js';
import type { Grant, Role } from '@wardpulse/shared';
import {
  addDays,
  calendarDateSchema,
  createUserRequestSchema,
  daysBetween,
  formatGrantScope,
  londonDateOf,
  MIN_PASSWORD_LENGTH,
  OrgIndex,
  isGrantableScope,
  parseScope,
  ROLES,
  TREND_GRAINS,
  type TrendGrain,
} from '@wardpulse/shared';
import { readFreshnessLimits } from '../freshness-settings.js';
import type { CommandHooks, CommandOutput } from '../infra/control-socket.js';

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export async function runCommand(argv: string[], db: Database, hooks: CommandHooks = {}): Promise<CommandOutput> {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const out = (line: string) => (stdout += `${line}\n`);
  const program = new Command('wardpulse')
    .exitOverride()
    .configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) })
    .description('WardPulse administration');
  const audit = new AuditLog(db);

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
      await audit.record({
        actor: 'cli',
        action: 'api-key-created',
        target: `api-key:${record.id}`,
        detail: { name: record.name, trusts: record.trusts, can: record.can },
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
      await audit.record({ actor: 'cli', action: 'api-key-revoked', target: `api-key:${id}` });
      out(`Revoked ${id}.`);
    });
  apiKey
    .command('rotate <id>')
    .description('replace a key with a new one (printed once, alone on the last line); the old one stops working at once')
    .action(async (id: string) => {
      const rotated = await new ApiKeyRepository(db).rotate(id);
      if (!rotated) throw new UsageError(`no active key ${id}`);
      await audit.record({
        actor: 'cli',
        action: 'api-key-rotated',
        target: `api-key:${id}`,
        detail: { replacedBy: rotated.record.id },
      });
      out(`Rotated ${id}: the new key is ${rotated.record.id}. Store it now: it is not shown again.`);
      out(rotated.key);
    });

  const user = program.command('user').description('people who sign in, and their grants');
  user
    .command('create')
    .description('add a person with one grant; without --password they sign in with OpenID Connect')
    .requiredOption('--email <email>', 'their email (the sign-in name)')
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--scope <scope>', 'all, collaborative:<id> or trust:<ODS>', 'all')
    // Typed as a bare `--password`: the CLI's main (password-input.ts) reads it from a prompt or
    // standard input and passes it here as the option's value, never through any process's argv.
    .option(
      '--password <password>',
      `at least ${MIN_PASSWORD_LENGTH} characters, asked for at a prompt or read from standard input`,
    )
    .action(async (options: { email: string; name: string; role: string; scope: string; password?: string }) => {
      const grant = await parseGrant(options.role, options.scope);
      const body = createUserRequestSchema.safeParse({
        email: options.email,
        name: options.name,
        ...(options.password ? { password: options.password } : {}),
        grants: [grant],
      });
      if (!body.success)
        throw new UsageError(body.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`).join('; '));
      const users = new UserRepository(db);
      if (await users.findByEmail(body.data.email)) throw new UsageError(`--email: ${body.data.email} already has an account`);
      const created = await users.create(body.data);
      await audit.record({
        actor: 'cli',
        action: 'user-created',
        target: `user:${created.id}`,
        detail: { email: created.email, grants: created.grants },
      });
      out(`Created ${created.id} ${created.email} (${options.role} over ${options.scope}).`);
    });
  user
    .command('list')
    .description('list people and their grants')
    .action(async () => {
      for (const person of await new UserRepository(db).list()) {
        const grants = person.grants.map((grant) => `${grant.role}@${formatGrantScope(grant.scope)}`).join(',') || 'no grants';
        out([person.id, person.email, JSON.stringify(person.name), grants, person.disabledAt ? 'disabled' : 'active'].join('\t'));
      }
    });
  user
    .command('grant <email>')
    .description("add a grant to a person's grants")
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--scope <scope>', 'all, collaborative:<id> or trust:<ODS>', 'all')
    .action(async (email: string, options: { role: string; scope: string }) => {
      const users = new UserRepository(db);
      const person = await users.findByEmail(email);
      if (!person) throw new UsageError(`no account ${email}`);
      const grant = await parseGrant(options.role, options.scope);
      const updated = (await users.setGrants(person.id, [...person.grants, grant]))!;
      await audit.record({
        actor: 'cli',
        action: 'grants-changed',
        target: `user:${person.id}`,
        detail: { before: person.grants, after: updated.grants },
      });
      out(`${email} now has ${updated.grants.map((g) => `${g.role}@${formatGrantScope(g.scope)}`).join(', ')}.`);
    });
  user
    .command('disable <email>')
    .description('disable a person (their sessions end when the app next checks them)')
    .action(async (email: string) => {
      const users = new UserRepository(db);
      const person = await users.findByEmail(email);
      if (!person || !(await users.disable(person.id))) throw new UsageError(`no active account ${email}`);
      await audit.record({ actor: 'cli', action: 'user-disabled', target: `user:${person.id}` });
      out(`Disabled ${email}.`);
    });

  user
    .command('unlink-oidc <email>')
    .description(
      "remove a person's single sign-on binding, so their next OpenID Connect sign-in links afresh (e.g. their provider account was recreated)",
    )
    .action(async (email: string) => {
      const users = new UserRepository(db);
      const person = await users.findByEmail(email);
      if (!person) throw new UsageError(`no account ${email}`);
      const removed = await users.unbindOidc(person.id);
      if (!removed) throw new UsageError(`${email} is not linked to single sign-on`);
      await audit.record({ actor: 'cli', action: 'oidc-unlinked', target: `user:${person.id}`, detail: removed });
      out(`Unlinked ${email} from ${removed.issuer} (subject ${removed.subject}).`);
    });

  const history = program.command('history').description('roll-ups of history for the trends');
  history
    .command('rebuild')
    .description(
      'recompute roll-ups from the event log for a range of London days (e.g. after a fix or a bulk import); without --from, everything the event log can give',
    )
    .option('--from <date>', 'first day, YYYY-MM-DD (default: rebuild everything)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default today)')
    .option('--grain <grain>', `${TREND_GRAINS.join(', ')} or all`, 'all')
    .action(async (options: { from?: string; to?: string; grain: string }) => {
      const org = new OrgIndex(await new OrgRepository(db).loadDirectory());
      // The limits the app runs with (the same environment), so a rebuild leaves out the same wards.
      const limits = readFreshnessLimits(process.env, (message) => new UsageError(message));
      const rollups = new HistoryRollups(db, () => org, { freshness: () => limits });
      if (options.from === undefined) {
        if (options.to !== undefined || options.grain !== 'all') throw new UsageError('--to and --grain need --from');
        const { from, points } = await rollups.rebuildAll();
        out(from === null ? 'Nothing to rebuild: no history yet.' : `Rebuilt every roll-up from ${from}: ${points} points.`);
        return;
      }
      const to = options.to ?? londonDateOf(Date.now());
      for (const [flag, value] of [
        ['--from', options.from],
        ['--to', to],
      ] as const) {
        if (!calendarDateSchema.safeParse(value).success) throw new UsageError(`${flag} must be a date as YYYY-MM-DD`);
      }
      if (to < options.from) throw new UsageError('--to is before --from');
      // Days before the weeks, months and quarters made from them.
      const grains = options.grain === 'all' ? TREND_GRAINS : [options.grain];
      if (!grains.every((grain) => (TREND_GRAINS as readonly string[]).includes(grain)))
        throw new UsageError(`--grain must be ${TREND_GRAINS.join(', ')} or all`);
      for (const grain of grains as TrendGrain[]) {
        // Hourly roll-ups are kept for weeks, not years: rebuild only what retention keeps.
        const from = grain === 'hour' && daysBetween(options.from, to) > 93 ? addDays(to, -92) : options.from;
        const points = await rollups.rollUp({ grain, from, to });
        out(`Rebuilt ${grain} roll-ups ${from} to ${to}: ${points} points.`);
      }
    });

  const displayToken = program.command('display-token').description('read-only tokens for wall screens');
  displayToken
    .command('create')
    .description('create a token for one board; the wall path with the token is printed once, alone on the last line')
    .requiredOption('--scope <scope>', 'trust:<ODS>, collaborative:<id> or region:<code>')
    .requiredOption('--name <name>', 'the screen, e.g. "Bed bureau wall"')
    .action(async (options: { scope: string; name: string }) => {
      const parsed = parseScope(options.scope);
      const org = new OrgIndex(await new OrgRepository(db).loadDirectory());
      if (!parsed.ok || !isGrantableScope(parsed.scope) || !org.has(parsed.scope)) {
        throw new UsageError(
          '--scope must name a known trust (trust:RX4), collaborative (collaborative:nenc) or region (region:Y63)',
        );
      }
      if (options.name.trim() === '') throw new UsageError('--name must not be empty');
      const { record, token } = await new DisplayTokenRepository(db).create({ name: options.name.trim(), scope: options.scope });
      await audit.record({
        actor: 'cli',
        action: 'display-token-created',
        target: `display-token:${record.id}`,
        detail: { name: record.name, scope: record.scope },
      });
      out(
        `Created display token ${record.id} "${record.name}" for ${record.scope}. Open this path on the screen (not shown again):`,
      );
      out(`/wall/${parsed.scope.kind}/${parsed.scope.id}?token=${token}`);
    });
  displayToken
    .command('list')
    .description('list display tokens (never their secrets)')
    .action(async () => {
      for (const token of await new DisplayTokenRepository(db).list()) {
        out(
          [
            token.id,
            token.tokenPrefix + '…',
            JSON.stringify(token.name),
            token.scope,
            token.revokedAt ? `revoked ${token.revokedAt}` : `last used ${token.lastUsedAt ?? 'never'}`,
          ].join('\t'),
        );
      }
    });
  displayToken
    .command('revoke <id>')
    .description('revoke a display token (its screens stop on their next reconnect)')
    .action(async (id: string) => {
      if (!(await new DisplayTokenRepository(db).revoke(id))) throw new UsageError(`no active display token ${id}`);
      await audit.record({ actor: 'cli', action: 'display-token-revoked', target: `display-token:${id}` });
      out(`Revoked ${id}.`);
    });

  program
    .command('import')
    .description('import published MHSDS files or own-measure history (docs/import.md); re-importing changes nothing')
    .argument('<files...>', 'CSV files')
    .option('--kind <kind>', `auto (told from the header), ${IMPORT_KINDS.join(', ')}`, 'auto')
    .action(async (files: string[], options: { kind: string }) => {
      if (options.kind !== 'auto' && !isImportKind(options.kind))
        throw new UsageError(`--kind must be auto, ${IMPORT_KINDS.join(', ')}`);
      const paths = files.map((file) => resolve(file));
      const missing = paths.filter((path) => !existsSync(path) || !statSync(path).isFile());
      if (missing.length > 0) throw new UsageError(`no such file: ${missing.join(', ')}`);
      for (const path of paths) {
        const report = await importFile(db, {
          kind: options.kind as Parameters<typeof importFile>[1]['kind'],
          source: await fileSource(path),
          ...(hooks.progress ? { onProgress: hooks.progress } : {}),
        });
        await audit.record({
          actor: 'cli',
          action: 'data-imported',
          target: `import-run:${report.runId}`,
          detail: importAuditDetail(report),
        });
        out(importSummary(report));
        for (const row of report.rejectedRows) out(`  line ${row.line}: ${row.reason}`);
        if (report.rejected > report.rejectedRows.length)
          out(`  … and ${report.rejected - report.rejectedRows.length} more rejected rows`);
        if (report.problem) {
          stderr += `error: ${report.fileName}: ${report.problem}\n`;
          exitCode = 1;
        }
      }
    });

  program
    .command('org')
    .description('the organisation: regions, collaboratives, trusts, sites and wards')
    .command('import')
    .description(
      'import an organisation file, JSON or CSV (docs/org-import.md): validated as a whole, nothing applied on any error; ' +
        'prints the diff; never deletes; re-importing changes nothing',
    )
    .argument('<file>', 'a .json or .csv file')
    .option('--dry-run', 'show the diff only, change nothing')
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const path = resolve(file);
      if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`no such file: ${path}`);
      const text = readFileSync(path, 'utf8');
      const fileName = basename(path);
      const dryRun = options.dryRun === true;
      const outcome = await importOrganisation(
        new OrgRepository(db),
        { format: orgImportFormatOf(fileName, text), text },
        { dryRun },
      );
      if (!outcome.ok) {
        stderr += `error: ${fileName}: ${outcome.problems.length} problem(s); nothing was applied\n`;
        for (const problem of outcome.problems) stderr += `  ${problem.path}: ${problem.message}\n`;
        exitCode = 1;
        return;
      }
      for (const line of orgImportSummary(fileName, outcome)) out(line);
      if (outcome.applied) {
        await audit.record({
          actor: 'cli',
          action: 'org-imported',
          target: `org-import:${fileName}`,
          detail: orgImportAuditDetail(outcome, fileName),
        });
        await hooks.orgChanged?.();
      }
    });

  async function parseGrant(role: string, scopeText: string): Promise<Grant> {
    if (!ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    if (scopeText === 'all') return { role: role as Role, scope: { kind: 'all' } };
    const parsed = parseScope(scopeText);
    const org = new OrgIndex(await new OrgRepository(db).loadDirectory());
    if (!parsed.ok || !isGrantableScope(parsed.scope) || !org.has(parsed.scope)) {
      throw new UsageError('--scope must be all, a known region:<code>, collaborative:<id> or trust:<ODS>');
    }
    return { role: role as Role, scope: parsed.scope };
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return { exitCode, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode, stdout, stderr };
    if (error instanceof UsageError) return { exitCode: 2, stdout, stderr: `${stderr}error: ${error.message}\n` };
    throw error;
  }
}

class UsageError extends Error {}

/** One line per imported file: what became of its rows. */
export function importSummary(report: ImportReport): string {
  return (
    `${report.fileName} (${report.kind}): ${report.rowsRead} rows read: ${report.imported} imported, ${report.updated} updated, ` +
    `${report.unchanged} unchanged, ${report.rejected} rejected in ${(report.durationMs / 1000).toFixed(1)} s (import run ${report.runId}).`
  );
}

/** The diff as lines: the totals, what each kind gains or changes, each change field by field. */
export function orgImportSummary(fileName: string, outcome: Extract<OrgImportOutcome, { ok: true }>): string[] {
  const { totals, entities } = outcome.diff;
  const what = outcome.dryRun ? 'Dry run (nothing changed)' : outcome.applied ? 'Applied' : 'Nothing to change';
  const lines = [
    `${fileName}: ${what}: ${totals.added} added, ${totals.changed} changed, ${totals.unchanged} unchanged, ` +
      `${totals.notInFile} not in file (kept).`,
  ];
  for (const entity of entities) {
    const label = entity.status === 'not-in-file' ? 'not in file' : entity.status;
    lines.push(`  ${label} ${entity.kind} ${entity.id} "${entity.name}"`);
    for (const change of entity.changes)
      lines.push(`    ${change.field}: ${change.before || '(none)'} → ${change.after || '(none)'}`);
  }
  return lines;
}

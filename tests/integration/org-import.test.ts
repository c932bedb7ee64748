/**
 * The organisation import (docs/org-import.md) against PGlite and PostgreSQL: through
 * `POST /api/v1/admin/org/import` (JSON and CSV, dry run, a bad file, who may) and through the
 * built CLI (`node server/dist/cli/main.js org import FILE`, what `npm run cli -- org import` runs),
 * on the example files of docs/. The live organisation index sees what an import adds at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrgRepository } from '@wardpulse/jobs';
import type { OrgDirectory, OrgImportDiff } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../server/src/auth/users.js';
import { signIn, type SignedIn } from '../support/people.js';
import { engines, projectRoot, startTestApp, type TestApp } from '../support/test-app.js';

const exampleCsv = readFileSync(join(projectRoot, 'docs/org-import-example.csv'), 'utf8');
const exampleJson = readFileSync(join(projectRoot, 'docs/org-import-example.json'), 'utf8');
const cliJs = join(projectRoot, 'server/dist/cli/main.js');

type Caller = SignedIn;

async function signInAs(app: TestApp, role: 'admin' | 'viewer', scope: { kind: 'all' } | { kind: 'trust'; id: string }) {
  const email = `${role}.${scope.kind}.${Math.random().toString(36).slice(2)}@org-import.example`;
  const password = 'org import test password';
  await new UserRepository(app.running.database.db).create({ email, name: role, password, grants: [{ role, scope }] });
  return signIn(app.url, email, password);
}

interface ImportAnswer {
  dryRun: boolean;
  applied: boolean;
  diff: OrgImportDiff;
  error?: { message: string; details: { path: string; message: string }[] };
}

async function upload(app: TestApp, caller: Caller, body: string, contentType: string, query = '') {
  const response = await fetch(`${app.url}/api/v1/admin/org/import${query}`, {
    method: 'POST',
    headers: { cookie: caller.cookie, 'x-csrf-token': caller.csrfToken, 'content-type': contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as ImportAnswer };
}

/** The directory the running app serves (its in-memory index), as an admin sees it. */
async function servedDirectory(app: TestApp, caller: Caller): Promise<OrgDirectory> {
  const response = await fetch(`${app.url}/api/v1/org`, { headers: { cookie: caller.cookie } });
  return (await response.json()) as OrgDirectory;
}

/** The rows of the database's directory that the example file names. */
async function exampleRows(app: TestApp) {
  const directory = await new OrgRepository(app.running.database.db).loadDirectory();
  const mine = (ods: string) => ['RX2', 'RXX', 'RW1'].includes(ods);
  return {
    collaboratives: directory.collaboratives.filter((c) => ['sussex-surrey', 'se-secure'].includes(c.id)),
    trusts: directory.trusts.filter((trust) => mine(trust.ods)),
    sites: directory.sites.filter((site) => mine(site.trustOds)),
    wards: directory.wards.filter((ward) => mine(ward.trustOds)),
    s136Suites: directory.s136Suites.filter((suite) => mine(suite.trustOds)),
    crisisServices: directory.crisisServices.filter((service) => mine(service.trustOds)),
  };
}

const orgImports = async (app: TestApp) =>
  Number(
    (
      await app.running.database.db.query<{ count: string }>(
        "select count(*)::text as count from audit_log where action = 'org-imported'",
      )
    ).rows[0]!.count,
  );

describe.each(engines())('organisation import on %s', (engine) => {
  let app: TestApp;
  let admin: Caller;
  let cliDir: string;

  beforeAll(async () => {
    expect(existsSync(cliJs), 'run the build first (npm test does)').toBe(true);
    app = await startTestApp({ engine });
    admin = await signInAs(app, 'admin', { kind: 'all' });
    cliDir = mkdtempSync(join(tmpdir(), 'wardpulse-org-import-'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(cliDir, { recursive: true, force: true });
  });

  it('a dry run shows the diff and changes nothing', async () => {
    const before = await exampleRows(app);
    const { status, body } = await upload(app, admin, exampleJson, 'application/json', '?dryRun=true');
    expect(status).toBe(200);
    expect(body.dryRun).toBe(true);
    expect(body.applied).toBe(false);
    // 3 trusts, 2 collaboratives, 3 sites, 5 wards, 1 suite, 1 crisis house; the region South East is held already.
    expect(body.diff.totals).toMatchObject({ added: 15, changed: 0, unchanged: 1 });
    expect(body.diff.counts.ward).toMatchObject({ added: 5 });
    expect(body.diff.totals.notInFile).toBeGreaterThan(0);
    expect(await exampleRows(app)).toEqual(before);
    expect((await servedDirectory(app, admin)).wards.some((ward) => ward.id === 'RX2-W01')).toBe(false);
  });

  it('imports a small region: the directory then holds the file, and the live index serves it at once', async () => {
    const audited = await orgImports(app);
    const { status, body } = await upload(app, admin, exampleJson, 'application/json');
    expect(status).toBe(200);
    expect(body.applied).toBe(true);
    expect(body.diff.totals).toMatchObject({ added: 15, changed: 0 });
    const rows = await exampleRows(app);
    expect(rows.trusts).toEqual(
      expect.arrayContaining([
        {
          ods: 'RX2',
          name: 'Sussex Partnership NHS FT',
          icbOds: 'QNX',
          regionCode: 'Y59',
          population: 1_700_000,
          populationYear: 2022,
          populationSource: 'ONS mid-2022 estimates',
        },
      ]),
    );
    expect(rows.trusts).toHaveLength(3);
    expect(rows.collaboratives).toEqual(
      expect.arrayContaining([
        {
          id: 'se-secure',
          name: 'South East Adult Secure',
          kind: 'specialised',
          regionCode: 'Y59',
          trustOds: ['RW1', 'RX2'],
          serviceLines: { RX2: ['adult-secure-low'], RW1: ['adult-secure-low', 'adult-secure-medium'] },
        },
        {
          id: 'sussex-surrey',
          name: 'Sussex and Surrey MH Collaborative',
          kind: 'place-based',
          regionCode: 'Y59',
          trustOds: ['RX2', 'RXX'],
          serviceLines: {},
        },
      ]),
    );
    expect(rows.sites.map((site) => site.id).sort()).toEqual(['RW1-S1', 'RX2-S1', 'RXX-S1']);
    expect(rows.wards.find((ward) => ward.id === 'RW1-W01')).toEqual({
      id: 'RW1-W01',
      trustOds: 'RW1',
      siteId: 'RW1-S1',
      name: 'Meon Ward',
      type: 'adult-secure-medium',
      sex: 'male',
      commissionedBeds: 14,
    });
    expect(rows.wards).toHaveLength(5);
    expect(rows.s136Suites).toEqual([
      {
        id: 'RX2-136-1',
        trustOds: 'RX2',
        siteId: 'RX2-S1',
        name: 'Mill View place of safety',
        ageGroup: 'adult',
        commissioned: true,
      },
    ]);
    expect(rows.crisisServices).toEqual([
      {
        id: 'RX2-CR-1',
        trustOds: 'RX2',
        siteId: 'RX2-S1',
        name: 'Mill View crisis house',
        kind: 'crisis-house',
        ageGroup: 'adult',
        commissionedCapacity: 6,
      },
    ]);
    expect(await orgImports(app)).toBe(audited + 1);
    const served = await servedDirectory(app, admin);
    expect(served.wards.filter((ward) => ward.trustOds === 'RX2').map((ward) => ward.id)).toEqual(['RX2-W01', 'RX2-W02']);
  });

  it('re-importing the same organisation as CSV changes nothing', async () => {
    const audited = await orgImports(app);
    const { status, body } = await upload(app, admin, exampleCsv, 'text/csv');
    expect(status).toBe(200);
    expect(body.applied).toBe(false);
    expect(body.diff.totals).toMatchObject({ added: 0, changed: 0, unchanged: 16 });
    expect(await orgImports(app)).toBe(audited);
  });

  it('a file with three bad rows is refused whole, each named by line and column', async () => {
    const bad = exampleCsv
      .replace(
        'ward,RX2-W01,Caburn Ward,,,,,RX2,RX2-S1,adult-acute,mixed,18',
        'ward,RX2-W01,Caburn Ward,,,,,RX2,RX2-S1,adult-acute,mixed,20',
      )
      .replace(
        'ward,RXX-W01,Spenser Ward,,,,,RXX,RXX-S1,adult-acute,female,16',
        'ward,RXX-W01,Spenser Ward,,,,,RXX,RXX-S1,adult-acute,female,-3',
      )
      .replace('RW1-W02,Ashurst Ward,,,,,RW1,RW1-S1,adult-secure-low', 'RW1-W02,Ashurst Ward,,,,,RW1,RW1-S1,low-secure')
      .replace('member,,,,,,sussex-surrey,RXX', 'member,,,,,,sussex-surrey,ZZ9');
    const before = await exampleRows(app);
    const { status, body } = await upload(app, admin, bad, 'text/csv');
    expect(status).toBe(422);
    expect(body.error?.message).toBe('the organisation file has 3 problems; nothing was applied');
    expect(body.error?.details).toEqual([
      { path: 'line 8: trust', message: 'unknown trust "ZZ9"' },
      { path: 'line 17: commissionedBeds', message: 'must not be negative' },
      { path: 'line 19: type', message: expect.stringContaining('adult-acute') },
    ]);
    expect(await exampleRows(app)).toEqual(before);
  });

  it('refuses callers who may not manage the whole organisation, and bodies that are no file', async () => {
    const trustAdmin = await signInAs(app, 'admin', { kind: 'trust', id: 'RX4' });
    expect((await upload(app, trustAdmin, exampleCsv, 'text/csv')).status).toBe(403);
    const viewer = await signInAs(app, 'viewer', { kind: 'all' });
    expect((await upload(app, viewer, exampleCsv, 'text/csv')).status).toBe(403);
    expect((await upload(app, admin, 'x', 'application/octet-stream')).status).toBe(415);
    expect((await upload(app, admin, '{"wards": [', 'application/json')).status).toBe(400);
    expect((await upload(app, admin, exampleCsv, 'text/csv', '?dryRun=maybe')).status).toBe(400);
  });

  function runCli(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, WARDPULSE_DATA_DIR: app.dataDir, INIT_CWD: cliDir };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    if (app.databaseUrl) env.DATABASE_URL = app.databaseUrl;
    // Not spawnSync: with PGlite the app answering the control socket lives in this process.
    const child = spawn(process.execPath, [cliJs, 'org', 'import', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('exit', (status) => resolve({ status, stdout, stderr })),
    );
  }

  it('the CLI prints the diff, applies, and lists every error of a bad file with exit code 1', async () => {
    const changed =
      exampleCsv.replace(',RX2,RX2-S1,adult-acute,mixed,18,', ',RX2,RX2-S1,adult-acute,mixed,21,') +
      'ward,RX2-W03,Bramber Ward,,,,,RX2,RX2-S1,picu,male,10,,,,\n';
    writeFileSync(join(cliDir, 'region.csv'), changed);
    const dry = await runCli(['region.csv', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('region.csv: Dry run (nothing changed): 1 added, 1 changed, 15 unchanged');
    expect(dry.stdout).toContain('  added ward RX2-W03 "Bramber Ward"');
    expect(dry.stdout).toContain('  changed ward RX2-W01 "Caburn Ward"\n    commissionedBeds: 18 → 21\n');
    expect((await exampleRows(app)).wards.some((ward) => ward.id === 'RX2-W03')).toBe(false);

    const applied = await runCli(['region.csv']);
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain('region.csv: Applied: 1 added, 1 changed, 15 unchanged');
    expect((await exampleRows(app)).wards.find((ward) => ward.id === 'RX2-W01')?.commissionedBeds).toBe(21);
    if (engine === 'pglite') {
      // Through the control socket: the app that ran the command reloaded its index.
      expect((await servedDirectory(app, admin)).wards.some((ward) => ward.id === 'RX2-W03')).toBe(true);
    }
    const again = await runCli(['region.csv']);
    expect(again.stdout).toContain('region.csv: Nothing to change: 0 added, 0 changed, 17 unchanged');

    writeFileSync(
      join(cliDir, 'bad.json'),
      JSON.stringify({
        wards: [
          { id: 'RX2-W09', trust: 'RX2', site: 'RX2-S1', name: 'x', type: 'picu', sex: 'male', commissionedBeds: 1.5 },
          { id: 'RX2-W10', trust: 'RX2', site: 'RX2-S7', name: 'y', type: 'picu', sex: 'male', commissionedBeds: 1 },
        ],
      }),
    );
    const bad = await runCli(['bad.json']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'error: bad.json: 2 problem(s); nothing was applied\n' +
        '  wards[0].commissionedBeds: must be a whole number\n' +
        '  wards[1].site: unknown site "RX2-S7"\n',
    );
    expect((await runCli(['missing.csv'])).status).toBe(2);
  });
});

/**
 * Importing published MHSDS files and own-measure history: through the admin HTTP route (against
 * PGlite and PostgreSQL) and through the built CLI (`node server/dist/cli/main.js import`, what
 * `npm run import` runs), on the small fixtures in tests/fixtures/import/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishedMeasureRepository, type ImportReport } from '@wardpulse/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../server/src/auth/users.js';
import { createPostgresDatabase, engines, projectRoot, startTestApp, type TestApp } from '../support/test-app.js';

const fixtures = join(projectRoot, 'tests/fixtures/import');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const cliJs = join(projectRoot, 'server/dist/cli/main.js');

interface Caller {
  cookie: string;
  csrfToken: string;
}

async function signInAs(
  app: TestApp,
  role: 'admin' | 'viewer',
  scope: { kind: 'all' } | { kind: 'trust'; id: string },
): Promise<Caller> {
  const email = `${role}.${scope.kind}.${Math.random().toString(36).slice(2)}@import.example`;
  const password = 'import test password';
  await new UserRepository(app.running.database.db).create({ email, name: role, password, grants: [{ role, scope }] });
  const response = await fetch(`${app.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrfToken };
}

async function upload(app: TestApp, caller: Caller, kind: string, name: string, body: string, contentType = 'text/csv') {
  const response = await fetch(`${app.url}/api/v1/admin/import?kind=${kind}&name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { cookie: caller.cookie, 'x-csrf-token': caller.csrfToken, 'content-type': contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as ImportReport & { error?: { message: string } } };
}

const linesOf = (report: ImportReport) => report.rejectedRows.map((row) => row.line);

describe.each(engines())('import on %s', (engine) => {
  let app: TestApp;
  let admin: Caller;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    admin = await signInAs(app, 'admin', { kind: 'all' });
  });
  afterAll(() => app?.close());

  it('imports an MHSDS file: every breakdown, suppression kept, quoting read, bad rows reported by line', async () => {
    const { status, body: report } = await upload(app, admin, 'mhsds', 'mhsds-small.csv', fixture('mhsds-small.csv'));
    expect(status).toBe(200);
    expect(report).toMatchObject({
      kind: 'mhsds',
      rowsRead: 12,
      imported: 8,
      updated: 0,
      unchanged: 0,
      rejected: 4,
      problem: null,
    });
    expect(report.rejectedRows).toEqual([
      { line: 9, reason: 'has 9 fields; the header has 11' },
      { line: 10, reason: 'REPORTING_PERIOD_START "31/04/2024" is not a date as dd/mm/yyyy' },
      { line: 11, reason: 'MEASURE_VALUE "n/a" is not a number or "*" (suppressed)' },
      { line: 13, reason: 'a quoted field is not closed' },
    ]);
    const db = app.running.database.db;
    const stored = await db.query<{
      breakdown: string;
      primary_level: string;
      primary_description: string;
      value: number | null;
      suppressed: boolean;
    }>(
      `select breakdown, primary_level, primary_description, value, suppressed from published_measure order by breakdown, primary_level, measure_id`,
    );
    expect(new Set(stored.rows.map((row) => row.breakdown))).toEqual(
      new Set(['England', 'ICB of GP Practice or Residence', 'Provider', 'Sub ICB of Residence']),
    );
    expect(stored.rows.find((row) => row.primary_level === 'QHG')?.primary_description).toBe(
      'NHS BEDFORDSHIRE, LUTON AND MILTON KEYNES INTEGRATED CARE BOARD',
    );
    expect(stored.rows.find((row) => row.primary_level === 'RX3')).toMatchObject({ value: null, suppressed: true });

    const benchmarks = new PublishedMeasureRepository(db);
    expect(await benchmarks.benchmarkSeries('MRS01', 'England', 'England', '2024-01-01', '2024-12-31')).toEqual([
      { periodStart: '2024-02-01', periodEnd: '2024-04-30', value: 19727, suppressed: false },
    ]);
    expect(
      await benchmarks.benchmarkSeries('MRS01b', 'ICB of GP Practice or Residence', 'QHM', '2024-01-01', '2024-12-31'),
    ).toEqual([{ periodStart: '2024-02-01', periodEnd: '2024-04-30', value: null, suppressed: true }]);
    expect(await benchmarks.benchmarkSeries('MRS01', 'Provider', 'RX4', '2024-05-01', '2024-12-31')).toEqual([]);

    const runs = await db.query<{
      kind: string;
      rows_read: number;
      rows_imported: number;
      rows_rejected: number;
      rejected: unknown[];
    }>(`select kind, rows_read, rows_imported, rows_rejected, rejected from import_run where id = $1`, [report.runId]);
    expect(runs.rows[0]).toMatchObject({ kind: 'mhsds', rows_read: 12, rows_imported: 8, rows_rejected: 4 });
    expect(runs.rows[0]!.rejected).toHaveLength(4);
    const audit = await db.query<{ action: string; detail: { imported: number } }>(
      `select action, detail from audit_log where target = $1`,
      [`import-run:${report.runId}`],
    );
    expect(audit.rows).toEqual([{ action: 'data-imported', detail: expect.objectContaining({ imported: 8, rejected: 4 }) }]);
  });

  it('changes nothing when the same file is imported again, and counts changed values as updated', async () => {
    const again = await upload(app, admin, 'mhsds', 'mhsds-small.csv', fixture('mhsds-small.csv'));
    expect(again.body).toMatchObject({ imported: 0, updated: 0, unchanged: 8, rejected: 4 });
    const revised = await upload(app, admin, 'mhsds', 'mhsds-small-revised.csv', fixture('mhsds-small-revised.csv'));
    expect(revised.body).toMatchObject({ rowsRead: 4, imported: 1, updated: 2, unchanged: 1, rejected: 0 });
    const series = await new PublishedMeasureRepository(app.running.database.db).benchmarkSeries(
      'MRS01',
      'England',
      'England',
      '2024-01-01',
      '2024-12-31',
    );
    expect(series).toEqual([
      { periodStart: '2024-02-01', periodEnd: '2024-04-30', value: 19800, suppressed: false },
      { periodStart: '2024-03-01', periodEnd: '2024-05-31', value: 20110, suppressed: false },
    ]);
    const revisedAgain = await upload(app, admin, 'mhsds', 'mhsds-small-revised.csv', fixture('mhsds-small-revised.csv'));
    expect(revisedAgain.body).toMatchObject({ imported: 0, updated: 0, unchanged: 4 });
  });

  it('never lets a Provisional figure replace a Performance or Final one, and reads provider codes in any case', async () => {
    const header = fixture('mhsds-small-revised.csv').split('\n')[0];
    const row = (start: string, end: string, status: string, breakdown: string, level: string, measure: string, value: string) =>
      `${start},${end},${status},${breakdown},${level},Somewhere,NONE,NONE,${measure},A measure,${value}`;
    const file = (...rows: string[]) => [header, ...rows].join('\n') + '\n';
    // After the two tests above: England MRS01 Feb–Apr 19800 and Mar–May 20110 (Performance), Provider RX4 MRS01 Feb–Apr 812.
    const provisional = await upload(
      app,
      admin,
      'mhsds',
      'mhsds-provisional.csv',
      file(
        row('01/02/2024', '30/04/2024', 'Provisional', 'England', 'England', 'MRS01', '1'), // kept: Performance stands
        row('01/04/2024', '30/06/2024', 'Provisional', 'England', 'England', 'MRS01', '20500'), // new period: imported
        row('01/03/2024', '31/05/2024', 'Final', 'England', 'England', 'MRS01', '20200'), // more final: replaces
        row('01/02/2024', '30/04/2024', 'Performance', 'Provider', ' rx4 ', 'MRS01', '812'), // the RX4 held, its label changed: updated, not a new provider
      ),
    );
    expect(provisional.body).toMatchObject({ rowsRead: 4, imported: 1, updated: 2, unchanged: 1, rejected: 0 });
    // A Provisional file for the period now Final changes nothing either.
    const late = await upload(
      app,
      admin,
      'mhsds',
      'mhsds-late.csv',
      file(row('01/03/2024', '31/05/2024', 'Provisional', 'England', 'England', 'MRS01', '2')),
    );
    expect(late.body).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
    const repository = new PublishedMeasureRepository(app.running.database.db);
    expect(
      (await repository.benchmarkSeries('MRS01', 'England', 'England', '2024-01-01', '2024-12-31')).map((point) => point.value),
    ).toEqual([19800, 20200, 20500]);
    expect(await repository.benchmarkSeries('MRS01', 'Provider', 'RX4', '2024-01-01', '2024-12-31')).toEqual([
      { periodStart: '2024-02-01', periodEnd: '2024-04-30', value: 812, suppressed: false },
    ]);
  });

  it.each([
    ['bed-states', { rowsRead: 6, imported: 3, rejected: 3 }, [5, 6, 7]],
    ['placements', { rowsRead: 5, imported: 3, rejected: 2 }, [5, 6]],
    ['waiting-lists', { rowsRead: 3, imported: 2, rejected: 1 }, [4]],
    // Line 6: a crisis-service row for a day RX4 reported whole-trust on line 2 (a day is one or the other).
    ['video-consultations', { rowsRead: 5, imported: 3, rejected: 2 }, [5, 6]],
    // Line 4: 30 + 10 + 5 ≠ 50 received; line 5: not a service of the list.
    ['referrals', { rowsRead: 4, imported: 2, rejected: 2 }, [4, 5]],
  ] as const)(
    'back-loads %s history into the event log, applied and never live; re-importing adds nothing',
    async (kind, counts, lines) => {
      const name = `${kind}.csv`;
      const first = await upload(app, admin, kind, name, fixture(name));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ kind, ...counts, unchanged: 0 });
      expect(linesOf(first.body)).toEqual(lines);
      for (const row of first.body.rejectedRows) expect(row.reason).not.toBe('');
      const logged = await app.running.database.db.query<{ outcome: string; applied: boolean }>(
        `select outcome, applied_at is not null as applied from event_log where source = $1`,
        [`import:${name}`],
      );
      expect(logged.rows).toHaveLength(counts.imported);
      expect(logged.rows.every((row) => row.applied && row.outcome === 'imported')).toBe(true);
      const again = await upload(app, admin, kind, name, fixture(name));
      expect(again.body).toMatchObject({ imported: 0, unchanged: counts.imported, rejected: counts.rejected });
    },
  );

  it('explains rejections: the wrong kind, a missing file, no right to import', async () => {
    const wrongKind = await upload(app, admin, 'bed-states', 'mhsds-small.csv', fixture('mhsds-small.csv'));
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.error?.message).toMatch(/not a bed-states file.*unknown column "REPORTING_PERIOD_START"/);
    expect((await upload(app, admin, 'nonsense', 'x.csv', 'a,b\n')).status).toBe(400);
    expect((await upload(app, admin, 'mhsds', 'x.csv', '{"a":1}', 'application/json')).status).toBe(415);
    const trustAdmin = await signInAs(app, 'admin', { kind: 'trust', id: 'RX4' });
    expect((await upload(app, trustAdmin, 'mhsds', 'x.csv', fixture('mhsds-small.csv'))).status).toBe(403);
    const viewer = await signInAs(app, 'viewer', { kind: 'all' });
    expect((await upload(app, viewer, 'mhsds', 'x.csv', fixture('mhsds-small.csv'))).status).toBe(403);
  });
});

describe.each(engines())('npm run import (the built CLI) on %s', (engine) => {
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> } | undefined;

  beforeAll(async () => {
    expect(existsSync(cliJs), 'run the build first (npm test does)').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'wardpulse-import-'));
    database = engine === 'postgres' ? await createPostgresDatabase() : undefined;
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function runCli(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, WARDPULSE_DATA_DIR: dataDir, INIT_CWD: fixtures };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    if (database) env.DATABASE_URL = database.url;
    return spawnSync(process.execPath, [cliJs, 'import', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  }

  it('imports files named relative to where it was run, shows progress, and re-imports as unchanged', () => {
    const first = runCli(['mhsds-small.csv', 'video-consultations.csv']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/importing mhsds-small\.csv: 100% \(12 rows, 4 rejected\)/);
    expect(first.stdout).toMatch(
      /mhsds-small\.csv \(mhsds\): 12 rows read: 8 imported, 0 updated, 0 unchanged, 4 rejected in \d+\.\d s \(import run \d+\)\./,
    );
    expect(first.stdout).toContain('  line 11: MEASURE_VALUE "n/a" is not a number or "*" (suppressed)');
    expect(first.stdout).toMatch(
      /video-consultations\.csv \(video-consultations\): 5 rows read: 3 imported, 0 updated, 0 unchanged, 2 rejected/,
    );
    const again = runCli(['--kind', 'mhsds', join(fixtures, 'mhsds-small.csv')]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/12 rows read: 0 imported, 0 updated, 8 unchanged, 4 rejected/);
  });

  it('fails with a reason for a file of another kind or a missing file', () => {
    const wrong = runCli(['--kind', 'placements', 'bed-states.csv']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/error: bed-states\.csv: not a placements file/);
    const missing = runCli(['no-such-file.csv']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such file: .*no-such-file\.csv/);
  });
});

describe('npm run import beside the running app (embedded database, through its control socket)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ engine: 'pglite' });
  });
  afterAll(() => app?.close());

  it('runs the import inside the app that owns the database', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, WARDPULSE_DATA_DIR: app.dataDir, INIT_CWD: fixtures };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    // Not spawnSync: the app answering the control socket lives in this process.
    const child = spawn(process.execPath, [cliJs, 'import', 'waiting-lists.csv'], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/waiting-lists\.csv \(waiting-lists\): 3 rows read: 2 imported, 0 updated, 0 unchanged, 1 rejected/);
    const logged = await app.running.database.db.query(`select 1 from event_log where source = 'import:waiting-lists.csv'`);
    expect(logged.rows).toHaveLength(2);
  });
});

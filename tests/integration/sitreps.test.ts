/**
 * Sitrep returns end to end against real Redis, real workers and a real database (PGlite, and
 * PostgreSQL where reachable): a return assembled at its due time holds the live figures of that
 * instant; the schedule catches up missed slots once each; edits are audited with a reason;
 * sign-off freezes a return (the database itself refuses changes); an unsigned return alerts 30
 * minutes after its time and resolves when signed; rights (a bed manager of RX4 cannot touch an
 * RX3 return); the CSV download and the collaborative overview.
 */
import { createRedis, LiveStateRepository, liveKeys, OrgRepository, s136SuiteCounts, type SitrepRow } from '@wardpulse/jobs';
import { inject } from 'vitest';
import {
  DEFAULT_SITREP_TIMES,
  londonDateOf,
  OrgIndex,
  previousSitrepSlot,
  SITREP_WARD_TYPES,
  sitrepId,
  sitrepSlot,
  vacantBeds,
  type LiveResponse,
  type SitrepDetail,
  type SitrepFigures,
} from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../server/src/auth/users.js';
import { callAs, signIn, type SignedIn } from '../support/people.js';
import { bedState, engines, eventually, placementEvent, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'sitrep test password';
const redisConnections: ReturnType<typeof createRedis>[] = [];
/** A Redis connection of the test's own onto the app's live state. */
function redisOf(_app: TestApp) {
  const connection = createRedis({ url: inject('redisUrl'), name: 'sitrep-test' });
  redisConnections.push(connection);
  return connection;
}

describe.each(engines())('sitrep returns on %s', (engine) => {
  let app: TestApp;
  let org: OrgIndex;
  let key: string;
  let rx4BedManager: SignedIn;
  let rx4Viewer: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    const db = app.running.database.db;
    org = new OrgIndex(await new OrgRepository(db).loadDirectory());
    key = await app.createKey(['RX4', 'RX3']);
    const users = new UserRepository(db);
    for (const [email, role] of [
      ['bm.rx4@sitrep.example', 'bed-manager'],
      ['viewer.rx4@sitrep.example', 'viewer'],
    ] as const) {
      await users.create({
        email,
        name: `Pat ${role}`,
        password: PASSWORD,
        grants: [{ role, scope: { kind: 'trust', id: 'RX4' } }],
      });
    }
    rx4BedManager = await signIn(app.url, 'bm.rx4@sitrep.example', PASSWORD);
    rx4Viewer = await signIn(app.url, 'viewer.rx4@sitrep.example', PASSWORD);
  });
  afterAll(async () => {
    for (const connection of redisConnections.splice(0)) connection.disconnect();
    await app?.close();
  });

  const scheduler = () => app.running.sitreps.scheduler;
  const hasCamhs = (ods: string) => (org.wardsIn({ kind: 'trust', id: ods }) ?? []).some((ward) => ward.type === 'camhs');
  const store = () => app.running.sitreps.store;
  const adultWards = (ods: string) =>
    (org.wardsIn({ kind: 'trust', id: ods }) ?? []).filter((ward) => SITREP_WARD_TYPES.adult.includes(ward.type));
  const detail = async (id: string, as: SignedIn = rx4BedManager) =>
    (await callAs(app.url, as, 'GET', `/sitreps/${id}`)).body as SitrepDetail;
  /** A slot that fell due `minutesAgo` minutes ago (a London minute, so the scheduler would make it). */
  const slotMinutesAgo = (minutesAgo: number) => {
    const at = Date.now() - minutesAgo * 60_000;
    const london = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    return sitrepSlot('adult', londonDateOf(at), london.format(at));
  };
  /** Completes a return's blanks by hand, as a bed manager would. */
  const fillBlanks = async (id: string, as: SignedIn = rx4BedManager) => {
    const current = await detail(id, as);
    const figures = Object.fromEntries(
      Object.entries(current.figures).flatMap(([field, value]) =>
        value === null ? [[field, field === 'opelLevel' ? 2 : 0]] : [],
      ),
    );
    return callAs(app.url, as, 'PATCH', `/sitreps/${id}`, { figures, reason: 'figures from the 13:45 bed meeting' });
  };

  it('assembles a return whose figures are the live ones at that instant', async () => {
    // Every adult ward of RX4 reports, with a closure of each kind somewhere; one placement, started an hour ago, is active.
    const states = adultWards('RX4').map((ward, index) =>
      bedState(ward.id, {
        commissioned: ward.commissionedBeds,
        closed: index % 4 === 3 ? 0 : 1,
        closedReason: (['staffing', 'estates', 'infection-control', 'other'] as const)[index % 4],
        occupied: Math.max(0, ward.commissionedBeds - 3),
        onLeave: index % 2,
        pendingAdmissions: index % 3,
        clinicallyReadyForDischarge: 1,
      }),
    );
    for (const state of states) expect((await postJson(`${app.url}/api/v1/bed-states`, state, key)).status).toBe(202);
    expect(
      (
        await postJson(
          `${app.url}/api/v1/placements`,
          placementEvent('sitrep-oap-1', 'started', { occurredAt: new Date(Date.now() - 3_600_000).toISOString() }),
          key,
        )
      ).status,
    ).toBe(202);
    const live = await eventually(async () => {
      const response = await fetch(`${app.url}/api/v1/live?scope=trust:RX4`, { headers: { authorization: `Bearer ${key}` } });
      const body = (await response.json()) as LiveResponse;
      const applied = states.every(
        (state) => body.snapshot.wards.find((ward) => ward.ward.id === state.wardId)?.state?.eventId === state.eventId,
      );
      return applied && body.summary.placements.active === 1 ? body : undefined;
    });

    const slot = slotMinutesAgo(1);
    expect(await scheduler().assembleReturn('RX4', slot)).toBe(true);
    const id = sitrepId('RX4', 'adult', slot.date, slot.time);
    const assembled = await detail(id);

    // The same figures read straight off the live snapshot of that moment.
    const adult = live.snapshot.wards.filter((ward) => SITREP_WARD_TYPES.adult.includes(ward.ward.type));
    const sum = (pick: (state: NonNullable<(typeof adult)[number]['state']>) => number) =>
      adult.reduce((total, ward) => total + pick(ward.state!), 0);
    const closedFor = (reason: string) => sum((state) => (state.closedReason === reason ? state.closed : 0));
    expect(assembled.figures).toMatchObject({
      coreBeds: sum((state) => state.commissioned),
      emptyBeds: sum((state) => vacantBeds(state)),
      closedInfectionControl: closedFor('infection-control'),
      closedStaffing: closedFor('staffing'),
      closedEstates: closedFor('estates'),
      closedOther: closedFor('other'),
      fitForDischarge: sum((state) => state.clinicallyReadyForDischarge),
      ownPatientsPlacedOutside: live.summary.trusts[0]!.placements.active,
    } satisfies Partial<SitrepFigures>);
    expect(assembled.figures.opelLevel).toBeGreaterThanOrEqual(1);
    expect(assembled.wardsNotReporting).toEqual([]);
    // Not known without trust figures and suites: blank, and the form says so.
    expect(assembled.figures.completedDischarges).toBeNull();
    expect(assembled.violations.map((violation) => violation.path)).toContain('completedDischarges');
    expect(assembled.status).toBe('unsigned');
    // Assembling the same slot again changes nothing.
    expect(await scheduler().assembleReturn('RX4', slot)).toBe(false);
  });

  it('takes the trust figures and Section 136 suites from live state into the adult return', async () => {
    const report = {
      eventId: `sitrep-tf-${Date.now()}`,
      trustOds: 'RX3',
      observedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
      referralsWaiting: {
        emergencyDepartment: 4,
        communityOrHome: 1,
        section136Suite: 2,
        policeCustody: 1,
        acuteWard: 0,
        other: 3,
      },
      countingSince: new Date(Date.now() - 4 * 3_600_000).toISOString(),
      completedDischarges: 6,
      section136Breaches: 1,
      patientsFromOutside: 5,
    };
    expect((await postJson(`${app.url}/api/v1/trust-figures`, report, key)).status).toBe(202);
    await eventually(async () => {
      const response = await fetch(`${app.url}/api/v1/live?scope=trust:RX3`, { headers: { authorization: `Bearer ${key}` } });
      const body = (await response.json()) as LiveResponse;
      return body.snapshot.trusts[0]?.trustFigures?.eventId === report.eventId ? true : undefined;
    });
    const slot = slotMinutesAgo(1);
    await scheduler().assembleReturn('RX3', slot);
    const assembled = await detail(
      sitrepId('RX3', 'adult', slot.date, slot.time),
      await signIn(app.url, 'admin@wardpulse.example'),
    );
    const suites = await s136SuiteCounts(
      { live: new LiveStateRepository(redisOf(app), liveKeys(app.keyPrefix)), org: () => org },
      'RX3',
      {
        ageGroup: 'adult',
      },
    );
    expect(assembled.figures).toMatchObject({
      referralsEmergencyDepartment: 4,
      referralsCommunityOrHome: 1,
      referralsSection136Suite: 2,
      referralsPoliceCustody: 1,
      referralsAcuteWard: 0,
      referralsOther: 3,
      completedDischarges: 6,
      section136Breaches: 1,
      patientsFromOutside: 5,
      section136CoreSuites: suites.coreBase,
      section136EmptySuites: suites.empty,
    } satisfies Partial<SitrepFigures>);
    expect(suites.coreBase).toBeGreaterThan(0);
    expect(assembled.sources.completedDischarges).toContain(`counted since ${report.countingSince}`);
  });

  it('counts the stays discharged since the previous return where the trust reports no trust figures', async () => {
    // RW4 reports no trust figures. Its ward RW4-W01 sends stays: two discharged since the previous
    // adult return, one discharged before it, one still in.
    const rw4 = await app.createKey(['RW4']);
    const slot = slotMinutesAgo(1);
    const previous = previousSitrepSlot(
      { adult: [...DEFAULT_SITREP_TIMES.adult], camhs: [...DEFAULT_SITREP_TIMES.camhs] },
      'adult',
      slot.dueAt,
    )!.dueAt;
    const iso = (ms: number) => new Date(ms).toISOString();
    const stay = (stayRef: string, admittedAt: number, dischargedAt: number | null) => ({
      eventId: `sitrep-stay-${stayRef}-${Date.now()}`,
      stayRef,
      wardId: 'RW4-W01',
      admittedAt: iso(admittedAt),
      dischargedAt: dischargedAt === null ? null : iso(dischargedAt),
      recordedAt: iso(Math.max(dischargedAt ?? admittedAt, Date.now() - 60_000)),
    });
    const inWindow = (share: number) => previous + (slot.dueAt - previous) * share;
    const events = [
      stay('R1', previous - 20 * 86_400_000, inWindow(0.25)),
      stay('R2', previous - 3 * 86_400_000, inWindow(0.75)),
      stay('R3', previous - 9 * 86_400_000, previous - 60_000),
      stay('R4', previous - 9 * 86_400_000, null),
    ];
    expect((await postJson(`${app.url}/api/v1/stays`, { events }, rw4)).status).toBe(202);
    await eventually(async () => {
      const rows = await app.running.database.db.query<{ n: number }>(
        "select count(*)::int as n from inpatient_stay where ward_id = 'RW4-W01'",
      );
      return rows.rows[0]!.n === 4 ? true : undefined;
    });
    expect(await scheduler().assembleReturn('RW4', slot)).toBe(true);
    const assembled = await detail(
      sitrepId('RW4', 'adult', slot.date, slot.time),
      await signIn(app.url, 'admin@wardpulse.example'),
    );
    expect(assembled.figures.completedDischarges).toBe(2);
    expect(assembled.sources.completedDischarges).toContain(`since the previous return at ${iso(previous)}`);
    // The figures stays cannot give stay blank for the bed manager.
    expect(assembled.figures.patientsFromOutside).toBeNull();
  });

  it('catches up slots missed while down (bounded), once each, across a restart', async () => {
    // The running app's own scheduler, with its cursor set to a Friday evening and the clock on a Sunday afternoon.
    await store().advanceCursor('returns', new Date('2026-01-09T18:30:00Z'));
    const sunday = Date.parse('2026-01-11T14:05:00Z');
    const stored = await scheduler().runDue(sunday);
    // Only the last 24 hours (after 14:05 on Saturday): Saturday 17:00 CAMHS, 18:00 adult; Sunday 10:00 both, 14:00 adult.
    const trustsWith = (kind: 'adult' | 'camhs') =>
      org.directory.trusts.filter((trust) =>
        (org.wardsIn({ kind: 'trust', id: trust.ods }) ?? []).some((ward) => SITREP_WARD_TYPES[kind].includes(ward.type)),
      ).length;
    expect(stored).toBe(3 * trustsWith('adult') + 2 * trustsWith('camhs'));
    const saturday = await store().list({ trusts: ['RX4'], from: '2026-01-10', to: '2026-01-11' }, sunday);
    expect(saturday.map((row: SitrepRow) => `${row.kind}/${row.slot_date}T${row.slot_time}`).sort()).toEqual(
      [
        'adult/2026-01-10T18:00',
        'adult/2026-01-11T10:00',
        'adult/2026-01-11T14:00',
        ...(hasCamhs('RX4') ? ['camhs/2026-01-10T17:00', 'camhs/2026-01-11T10:00'] : []),
      ].sort(),
    );
    // Run again, and from a fresh scheduler (a restarted process): nothing new.
    expect(await scheduler().runDue(sunday + 60_000)).toBe(0);
    await store().advanceCursor('returns', new Date('2026-01-09T18:30:00Z')); // never moves back
    expect(await scheduler().runDue(sunday + 120_000)).toBe(0);
  });

  it('audits every edit with its reason, refuses bad figures naming the field, and signs off by name', async () => {
    const slot = sitrepSlot('adult', '2026-02-02', '10:00');
    await scheduler().assembleReturn('RX4', slot);
    const id = sitrepId('RX4', 'adult', slot.date, slot.time);

    const negative = await callAs(app.url, rx4BedManager, 'PATCH', `/sitreps/${id}`, {
      figures: { closedEstates: -1 },
      reason: 'typo',
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details).toEqual([
      { path: 'figures.closedEstates', message: 'must not be negative: enter 0 where it does not apply' },
    ]);
    const noReason = await callAs(app.url, rx4BedManager, 'PATCH', `/sitreps/${id}`, {
      figures: { closedEstates: 1 },
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('reason');

    // Signing with blanks is refused, each blank named.
    const early = await callAs(app.url, rx4BedManager, 'POST', `/sitreps/${id}/sign`, { name: 'Pat Bed-Manager' });
    expect(early.status).toBe(422);
    expect(early.body.error.details).toContainEqual({
      path: 'completedDischarges',
      message: 'is blank: enter 0 where it does not apply',
    });

    const before = await detail(id);
    const edited = await fillBlanks(id);
    expect(edited.status).toBe(200);
    const after = edited.body as SitrepDetail;
    expect(after.violations).toEqual([]);
    expect(after.edits).toBe(after.editHistory.length);
    const blanks = Object.entries(before.figures)
      .filter(([, value]) => value === null)
      .map(([field]) => field);
    expect(after.editHistory.map((edit) => edit.field).sort()).toEqual(blanks.sort());
    expect(after.editHistory[0]).toMatchObject({
      before: null,
      reason: 'figures from the 13:45 bed meeting',
      actorName: 'Pat bed-manager',
    });
    // The assembled figures stay as they were, beside the edited ones.
    expect(after.assembled).toEqual(before.assembled);
    const audit = await app.running.database.db.query<{ actor: string; detail: { reason: string } }>(
      `select actor, detail from audit_log where action = 'sitrep-edited' and target = $1`,
      [`sitrep:${id}`],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.actor).toBe(`user:${rx4BedManager.user.id}`);
    expect(audit.rows[0]!.detail.reason).toBe('figures from the 13:45 bed meeting');

    const signed = await callAs(app.url, rx4BedManager, 'POST', `/sitreps/${id}/sign`, { name: 'Pat Bed-Manager' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({
      status: 'signed',
      signature: { name: 'Pat Bed-Manager', actor: `user:${rx4BedManager.user.id}` },
    });
  });

  it('freezes a signed return: the API refuses changes and so does the database', async () => {
    const slot = sitrepSlot('adult', '2026-02-03', '10:00');
    await scheduler().assembleReturn('RX4', slot);
    const id = sitrepId('RX4', 'adult', slot.date, slot.time);
    await fillBlanks(id);
    expect((await callAs(app.url, rx4BedManager, 'POST', `/sitreps/${id}/sign`, { name: 'Sam Signer' })).status).toBe(200);

    const edit = await callAs(app.url, rx4BedManager, 'PATCH', `/sitreps/${id}`, {
      figures: { closedEstates: 1 },
      reason: 'late change',
    });
    expect(edit.status).toBe(409);
    expect((await callAs(app.url, rx4BedManager, 'POST', `/sitreps/${id}/sign`, { name: 'Someone Else' })).status).toBe(409);

    const db = app.running.database.db;
    await expect(db.query(`update sitrep_return set figures = '{}' where id = $1`, [id])).rejects.toThrow(/frozen/);
    await expect(
      db.query(`update sitrep_return set signed_at = null, signed_name = null, signed_by = null where id = $1`, [id]),
    ).rejects.toThrow(/frozen/);
    await expect(db.query('delete from sitrep_return where id = $1', [id])).rejects.toThrow(/frozen/);
    await expect(
      db.query(
        `insert into sitrep_edit (return_id, field, after_value, reason, actor, actor_name) values ($1, 'closedEstates', 1, 'x', 'cli', 'x')`,
        [id],
      ),
    ).rejects.toThrow(/frozen/);
    await expect(db.query('delete from sitrep_edit where return_id = $1', [id])).rejects.toThrow(/append-only/);
    expect((await detail(id)).signature?.name).toBe('Sam Signer');
  });

  it('raises an alert for a return unsigned 30 minutes after its time and resolves it when signed', async () => {
    const slot = slotMinutesAgo(31);
    await scheduler().assembleReturn('RX3', slot);
    const id = sitrepId('RX3', 'adult', slot.date, slot.time);
    const alerting = app.running.alerting;
    // The first return of the trust made its rule.
    const rule = (await alerting.rules.list({ scopes: ['trust:RX3'] })).find(
      (candidate) => candidate.condition.kind === 'sitrep-unsigned',
    );
    expect(rule).toBeDefined();
    await alerting.evaluator.evaluateForTrust('RX3');
    const open = await alerting.list({ status: 'open', limit: 100, scopes: ['trust:RX3'] });
    expect(open.filter((alert) => alert.ruleId === rule!.id)).toHaveLength(1);

    const admin = await signIn(app.url, 'admin@wardpulse.example');
    await fillBlanks(id, admin);
    expect((await callAs(app.url, admin, 'POST', `/sitreps/${id}/sign`, { name: 'Alex Admin' })).status).toBe(200);
    // Signing re-assesses the trust's rules at once.
    const stillOpen = await alerting.list({ status: 'open', limit: 100, scopes: ['trust:RX3'] });
    expect(stillOpen.filter((alert) => alert.ruleId === rule!.id)).toEqual([]);
  });

  it('lets a bed manager of RX4 edit and sign RX4 returns only, and a viewer only read', async () => {
    const slot = sitrepSlot('adult', '2026-02-04', '14:00');
    await scheduler().assembleReturn('RX3', slot);
    await scheduler().assembleReturn('RX4', slot);
    const rx3 = sitrepId('RX3', 'adult', slot.date, slot.time);
    const rx4 = sitrepId('RX4', 'adult', slot.date, slot.time);
    const body = { figures: { closedEstates: 0 }, reason: 'checked' };
    expect((await callAs(app.url, rx4BedManager, 'PATCH', `/sitreps/${rx3}`, body)).status).toBe(403);
    expect((await callAs(app.url, rx4BedManager, 'POST', `/sitreps/${rx3}/sign`, { name: 'Pat' })).status).toBe(403);
    expect((await callAs(app.url, rx4BedManager, 'GET', `/sitreps/${rx3}`)).status).toBe(403);
    expect((await callAs(app.url, rx4BedManager, 'PATCH', `/sitreps/${rx4}`, body)).status).toBe(200);
    expect((await callAs(app.url, rx4Viewer, 'GET', `/sitreps/${rx4}`)).status).toBe(200);
    expect((await callAs(app.url, rx4Viewer, 'PATCH', `/sitreps/${rx4}`, body)).status).toBe(403);
    // Lists show only what the caller may read.
    const listed = await callAs(app.url, rx4BedManager, 'GET', '/sitreps?from=2026-02-04&to=2026-02-04');
    expect(listed.body.sitreps.map((row: { trustOds: string }) => row.trustOds)).toEqual(['RX4']);
    expect((await callAs(app.url, rx4BedManager, 'GET', '/sitreps?trust=RX3')).status).toBe(403);
    expect((await callAs(app.url, rx4BedManager, 'GET', '/sitreps?collaborative=nenc')).status).toBe(403);
  });

  it('downloads the list as CSV and shows the collaborative who has not submitted', async () => {
    const response = await fetch(`${app.url}/api/v1/sitreps?trust=RX4&from=2026-02-03&to=2026-02-03&format=csv`, {
      headers: { cookie: rx4BedManager.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('wardpulse-sitreps-RX4-from-2026-02-03-to-2026-02-03.csv');
    const [header, row, end] = (await response.text()).split('\r\n');
    expect(header).toMatch(/^Trust ODS code,Trust,Return,Date,Time,Status,Signed by,Signed at,Core bed base,/);
    expect(row).toMatch(/^RX4,.*,Adult mental health sitrep,2026-02-03,10:00,signed,Sam Signer,/);
    expect(end).toBe('');

    // Each member's latest due slot (the schedule's, today or yesterday): RX3's is not signed (nor assembled).
    const overviewSlot = (await callAs(app.url, rx4BedManager, 'GET', '/sitreps/overview')).body;
    expect(overviewSlot.scope).toBe('region');
    expect(overviewSlot.trusts.map((trust: { ods: string }) => trust.ods)).toEqual(['RX4']);
    const admin = await signIn(app.url, 'admin@wardpulse.example');
    const overview = (await callAs(app.url, admin, 'GET', '/sitreps/overview?collaborative=nenc')).body;
    expect(overview.trusts.map((trust: { ods: string }) => trust.ods).sort()).toEqual(['RX3', 'RX4']);
    const adultEntry = (ods: string) =>
      overview.trusts
        .find((trust: { ods: string }) => trust.ods === ods)
        .returns.find((entry: { kind: string }) => entry.kind === 'adult');
    expect(adultEntry('RX4').due).not.toBeNull();
    expect(overview.notSubmitted).toContainEqual({ ods: 'RX3', name: org.trustsByOds.get('RX3')!.name, kind: 'adult' });
  });
});

describe('the sitrep schedule as a repeatable job', () => {
  let app: TestApp;
  afterAll(() => app?.close());

  it('assembles a slot that has just fallen due, from the maintenance queue, once', async () => {
    // A London minute that has just passed, as the only adult time (no CAMHS returns).
    const at = Date.now() - 60_000;
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
    app = await startTestApp({ sitrepSchedule: { adult: [time], camhs: [] }, sitrepIntervalMs: 300 });
    const id = sitrepId('RX4', 'adult', londonDateOf(at), time);
    const row = await eventually(() => app.running.sitreps.store.get(id));
    expect(row.kind).toBe('adult');
    // Several runs later there is still one return per trust for the slot, and no CAMHS return.
    await new Promise((wait) => setTimeout(wait, 1000));
    const rows = await app.running.sitreps.store.list({ trusts: ['RX4'] }, Date.now());
    expect(rows.map((candidate) => candidate.id)).toEqual([id]);
  });
});

/**
 * Section 136 suites end to end against real Redis, real BullMQ workers and a real database
 * (PGlite, and PostgreSQL where reachable): a feed's state → event log → worker → live state and a
 * Socket.IO delta; the 400/422 rules; duplicates and out-of-order states; a person's update with
 * its rights (a bed manager of RX4 cannot mark an RX3 suite) and audit; suites in the organisation
 * and their admin; the live counts the sitrep return reads; the "no empty suite" alert rule.
 */
import { OrgIndex, type LiveResponse } from '@wardpulse/shared';
import { createRedis, LiveStateRepository, liveKeys, OrgRepository, s136SuiteCounts } from '@wardpulse/jobs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callAs, signIn, signedInWithGrant, type SignedIn } from '../support/people.js';
import { collectDeltas, connectLive, connected, subscribe } from '../support/live-client.js';
import { engines, eventually, postJson, s136SuiteState, startTestApp, type TestApp } from '../support/test-app.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe.each(engines())('Section 136 suites on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let rx4BedManager: SignedIn;
  let rx4Viewer: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4', 'RX3']);
    rx4BedManager = await signedInWithGrant(app, {
      email: 'bm-rx4@s136.example',
      name: 'RX4 bed manager',
      role: 'bed-manager',
      trustOds: 'RX4',
    });
    rx4Viewer = await signedInWithGrant(app, {
      email: 'viewer-rx4@s136.example',
      name: 'RX4 viewer',
      role: 'viewer',
      trustOds: 'RX4',
    });
    admin = await signIn(app.url, 'admin@wardpulse.example');
  });
  afterAll(() => app?.close());

  const post = (body: unknown, apiKey: string | undefined = key) => postJson(`${app.url}/api/v1/s136-suite-states`, body, apiKey);
  const live = async (scope: string): Promise<LiveResponse> => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${scope}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as LiveResponse;
  };
  const suiteIn = async (scope: string, suiteId: string) =>
    (await live(scope)).snapshot.s136Suites.find((suite) => suite.suite.id === suiteId);
  const stateOf = async (suiteId: string, scope = 'trust:RX4') => (await suiteIn(scope, suiteId))?.state ?? null;

  it('has the demo suites in the organisation and in the live snapshot', async () => {
    const org = await fetch(`${app.url}/api/v1/org`, { headers: { authorization: `Bearer ${key}` } });
    const directory = (await org.json()) as { s136Suites: { id: string; trustOds: string; ageGroup: string }[] };
    expect(directory.s136Suites.filter((suite) => suite.trustOds === 'RX4').map((suite) => suite.id)).toContain('RX4-136-1');
    expect(directory.s136Suites.find((suite) => suite.id === 'RX4-136-6')?.ageGroup).toBe('cyp');
    const snapshot = (await live('collaborative:nenc')).snapshot;
    const trusts = new Set(snapshot.s136Suites.map((suite) => suite.suite.trustOds));
    expect(trusts).toEqual(new Set(['RX3', 'RX4']));
    expect((await live('ward:RX4-W01')).snapshot.s136Suites).toEqual([]);
  });

  it('applies a feed’s state: event log, live state, and a delta to the collaborative’s readers', async () => {
    const socket = connectLive(app.url, key);
    try {
      await connected(socket);
      const deltas = collectDeltas(socket);
      const ack = await subscribe(socket, 'collaborative:nenc');
      expect(ack.ok).toBe(true);
      const state = s136SuiteState('RX4-136-1', { since: minutesAgo(90), detentionStartedAt: minutesAgo(200) });
      const response = await post(state);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: 1, duplicates: 0, events: [{ eventId: state.eventId, status: 'accepted' }] });

      const change = await eventually(() =>
        deltas.flatMap((delta) => delta.changes).find((c) => c.kind === 's136Suite' && c.state.eventId === state.eventId),
      );
      expect(change).toMatchObject({ kind: 's136Suite', trustOds: 'RX4', suiteId: 'RX4-136-1', state });
      expect(await stateOf('RX4-136-1')).toEqual(state);
      const logged = await app.running.database.db.query<{ kind: string; trust_ods: string; applied: boolean }>(
        'select kind, trust_ods, applied_at is not null as applied from event_log where event_id = $1',
        [state.eventId],
      );
      expect(logged.rows).toEqual([{ kind: 's136SuiteState', trust_ods: 'RX4', applied: true }]);
    } finally {
      socket.disconnect();
    }
  });

  it('counts a duplicate once and never lets an older state overwrite a newer one', async () => {
    const newer = s136SuiteState('RX4-136-2', { status: 'closed', observedAt: minutesAgo(1), closedReason: 'estates' });
    expect((await post(newer)).status).toBe(202);
    await eventually(async () => ((await stateOf('RX4-136-2'))?.eventId === newer.eventId ? true : undefined));
    const again = await post(newer);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    const older = s136SuiteState('RX4-136-2', { status: 'available', observedAt: minutesAgo(30) });
    expect((await post(older)).status).toBe(202);
    await eventually(async () => {
      const rows = await app.running.database.db.query<{ outcome: string }>(
        'select outcome from event_log where event_id = $1 and applied_at is not null',
        [older.eventId],
      );
      return rows.rows[0]?.outcome;
    }).then((outcome) => expect(outcome).toBe('stale'));
    expect(await stateOf('RX4-136-2')).toEqual(newer);
  });

  it('answers 400 naming fields for malformed states and 422 for impossible ones, applying nothing', async () => {
    const missingSince = await post({ ...s136SuiteState('RX4-136-3'), since: undefined });
    expect(missingSince.status).toBe(400);
    expect(missingSince.body.error.details).toEqual([expect.objectContaining({ path: 'since' })]);
    const wrongField = await post(s136SuiteState('RX4-136-3', { status: 'available', closedReason: 'staffing' }));
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.details).toEqual([{ path: 'closedReason', message: 'is not a recognised field' }]);
    const tooLong = await post({ events: [s136SuiteState('RX4-136-3', { extensionHours: 13 })] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.map((d: { path: string }) => d.path)).toEqual(['events[0].extensionHours']);

    const good = s136SuiteState('RX4-136-3', { status: 'available' });
    const impossible = await post({
      events: [
        good,
        s136SuiteState('RX4-136-3', { since: minutesAgo(10), detentionStartedAt: minutesAgo(5) }),
        s136SuiteState('RX4-136-99'),
        s136SuiteState('RX4-136-3', { observedAt: new Date(Date.now() + 3_600_000).toISOString() }),
      ],
    });
    expect(impossible.status).toBe(422);
    expect(impossible.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'events[1].detentionStartedAt',
      'events[2].suiteId',
      'events[3].observedAt',
    ]);
    const logged = await app.running.database.db.query('select 1 from event_log where event_id = $1', [good.eventId]);
    expect(logged.rows).toEqual([]);
  });

  it('refuses a key not scoped to the suite’s trust, naming the field', async () => {
    const rx3Only = await app.createKey(['RX3']);
    const response = await post(s136SuiteState('RX4-136-1'), rx3Only);
    expect(response.status).toBe(403);
    expect(response.body.error.details[0].path).toBe('suiteId');
  });

  it('lets a bed manager mark a suite of their trust, audited before → after, and not another trust’s', async () => {
    const before = await stateOf('RX4-136-1');
    const marked = await callAs(app.url, rx4BedManager, 'PUT', '/s136-suites/RX4-136-1/state', {
      status: 'closed',
      closedReason: 'infection-control',
    });
    expect(marked.status).toBe(202);
    expect(marked.body.state).toMatchObject({ suiteId: 'RX4-136-1', status: 'closed', closedReason: 'infection-control' });
    await eventually(async () => ((await stateOf('RX4-136-1'))?.eventId === marked.body.eventId ? true : undefined));
    const audit = await app.running.database.db.query<{ actor: string; detail: Record<string, unknown> }>(
      `select actor, detail from audit_log where action = 's136-suite-updated' and target = 's136-suite:RX4-136-1'`,
    );
    expect(audit.rows).toEqual([
      {
        actor: `user:${rx4BedManager.user.id}`,
        detail: { suite: 'RX4-136-1', trust: 'RX4', before, after: marked.body.state },
      },
    ]);
    const logged = await app.running.database.db.query<{ source: string }>('select source from event_log where event_id = $1', [
      marked.body.eventId,
    ]);
    expect(logged.rows[0]?.source).toBe(`user:${rx4BedManager.user.id}`);

    const rx3 = await callAs(app.url, rx4BedManager, 'PUT', '/s136-suites/RX3-136-1/state', { status: 'available' });
    expect(rx3.status).toBe(403);
    const viewer = await callAs(app.url, rx4Viewer, 'PUT', '/s136-suites/RX4-136-1/state', { status: 'available' });
    expect(viewer.status).toBe(403);
    const unknown = await callAs(app.url, rx4BedManager, 'PUT', '/s136-suites/RX4-136-99/state', { status: 'available' });
    expect(unknown.status).toBe(404);
    const malformed = await callAs(app.url, rx4BedManager, 'PUT', '/s136-suites/RX4-136-1/state', { status: 'closed' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual(['closedReason']);
    const impossible = await callAs(app.url, rx4BedManager, 'PUT', '/s136-suites/RX4-136-1/state', {
      status: 'occupied',
      since: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(impossible.status).toBe(422);
    expect(impossible.body.error.details.map((d: { path: string }) => d.path)).toEqual(['since']);
    // Nothing of the refused updates reached the suite.
    expect((await stateOf('RX4-136-1'))?.eventId).toBe(marked.body.eventId);
  });

  it('adds, changes and removes a suite through the admin API; boards follow', async () => {
    const created = await callAs(app.url, admin, 'POST', '/admin/org/s136-suites', {
      id: 'RX4-136-T1',
      trustOds: 'RX4',
      siteId: 'RX4-S2',
      name: 'Test place of safety',
      ageGroup: 'adult',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'RX4-136-T1',
      trustOds: 'RX4',
      siteId: 'RX4-S2',
      name: 'Test place of safety',
      ageGroup: 'adult',
      commissioned: true,
    });
    expect((await suiteIn('trust:RX4', 'RX4-136-T1'))?.state).toBeNull();
    const otherTrustsSite = await callAs(app.url, admin, 'PATCH', '/admin/org/s136-suites/RX4-136-T1', { siteId: 'RX3-S1' });
    expect(otherTrustsSite.status).toBe(422);
    expect(otherTrustsSite.body.error.details[0].path).toBe('siteId');
    const taken = await callAs(app.url, admin, 'POST', '/admin/org/s136-suites', { ...created.body, siteId: 'RX4-S1' });
    expect(taken.status).toBe(409);
    const changed = await callAs(app.url, admin, 'PATCH', '/admin/org/s136-suites/RX4-136-T1', { commissioned: false });
    expect(changed.body.commissioned).toBe(false);
    expect((await suiteIn('trust:RX4', 'RX4-136-T1'))?.suite.commissioned).toBe(false);
    const bedManagerMayNot = await callAs(app.url, rx4BedManager, 'DELETE', '/admin/org/s136-suites/RX4-136-T1');
    expect(bedManagerMayNot.status).toBe(403);
    expect((await callAs(app.url, admin, 'DELETE', '/admin/org/s136-suites/RX4-136-T1')).status).toBe(204);
    expect(await suiteIn('trust:RX4', 'RX4-136-T1')).toBeUndefined();
  });

  it('counts a trust’s core base, empty and breached suites from live state (for the sitrep)', async () => {
    // RX3's adult suites: 1 available, 2 occupied (one 25 hours, over the limit), 1 closed; none reported before.
    const states = [
      s136SuiteState('RX3-136-1', { status: 'available' }),
      s136SuiteState('RX3-136-2', { since: minutesAgo(25 * 60) }),
      s136SuiteState('RX3-136-3', { since: minutesAgo(60) }),
      s136SuiteState('RX3-136-4', { status: 'closed' }),
    ];
    expect((await post({ events: states })).status).toBe(202);
    await eventually(async () => {
      const snapshot = (await live('trust:RX3')).snapshot;
      return snapshot.s136Suites.filter((suite) => suite.state !== null).length === 4 ? true : undefined;
    });
    // The app's live state and organisation, read as a job of the jobs role reads them.
    const redis = createRedis({ url: inject('redisUrl'), name: 'test-s136-counts' });
    try {
      const org = new OrgIndex(await new OrgRepository(app.running.database.db).loadDirectory());
      const deps = { live: new LiveStateRepository(redis, liveKeys(app.keyPrefix)), org: () => org };
      expect(await s136SuiteCounts(deps, 'RX3')).toEqual({ coreBase: 4, empty: 1, breached: 1 });
      expect(await s136SuiteCounts(deps, 'XXX')).toEqual({ coreBase: 0, empty: 0, breached: 0 });
    } finally {
      redis.disconnect();
    }
  });

  it('fires the "no empty Section 136 suite for N minutes" rule, and resolves it when a suite empties', async () => {
    const rule = await callAs(app.url, admin, 'POST', '/alert-rules', {
      name: 'No empty suite at TEWV',
      scope: 'trust:RX3',
      condition: { kind: 'no-empty-s136-suite', minutes: 30, ageGroup: 'adult' },
      severity: 'warning',
      pendingForSeconds: 0,
      keepFiringForSeconds: 0,
      enabled: true,
    });
    expect(rule.status).toBe(201);
    // Every RX3 suite busy; the latest of them stopped being empty 40 minutes ago.
    const states = [
      s136SuiteState('RX3-136-1', { since: minutesAgo(40) }),
      s136SuiteState('RX3-136-2', { since: minutesAgo(25 * 60) }),
      s136SuiteState('RX3-136-3', { since: minutesAgo(60) }),
      s136SuiteState('RX3-136-4', { status: 'closed', since: minutesAgo(120) }),
    ];
    expect((await post({ events: states })).status).toBe(202);
    const alert = await eventually(async () => {
      const { body } = await callAs(app.url, admin, 'GET', '/alerts?status=open&scope=trust:RX3');
      return (body.alerts as { id: string; ruleId: string; value: number | null }[]).find(
        (candidate) => candidate.ruleId === rule.body.id,
      );
    });
    expect(alert.value).toBeGreaterThanOrEqual(40);

    expect((await post(s136SuiteState('RX3-136-1', { status: 'available' }))).status).toBe(202);
    const resolved = await eventually(async () => {
      const summary = (await callAs(app.url, admin, 'GET', `/alerts/${alert.id}`)).body;
      return summary.status === 'resolved' ? summary : undefined;
    });
    expect(resolved.resolvedBy).toBe('system');
  });
});

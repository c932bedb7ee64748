/**
 * Delayed discharges end to end against real Redis, real BullMQ workers and a real database (PGlite,
 * and PostgreSQL where reachable): a feed's list → event log → worker → live state and a Socket.IO
 * delta a board client receives; the board's figures beside the ward's clinically-ready count; the
 * 400/422 rules with nothing applied; no patient identifier stored (an NHS-number-shaped key is
 * refused); last-writer-wins; a bed manager's list with its rights and audit.
 */
import { HistoryRollups, OrgRepository } from '@wardpulse/jobs';
import { OrgIndex, type LiveResponse, type TrendResponse } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, signIn, signedInWithGrant, type SignedIn } from '../support/people.js';
import { collectDeltas, connectLive, connected, subscribe } from '../support/live-client.js';
import { bedState, engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
let counter = 0;
const delays = (wardId: string, list: unknown[], overrides: Record<string, unknown> = {}) => ({
  eventId: `delays-${Date.now()}-${++counter}`,
  wardId,
  observedAt: new Date().toISOString(),
  delays: list,
  ...overrides,
});

describe.each(engines())('delayed discharges on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let rx4BedManager: SignedIn;
  let rx4Viewer: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4', 'RX3']);
    rx4BedManager = await signedInWithGrant(app, {
      email: 'bm-rx4@delays.example',
      name: 'RX4 bed manager',
      role: 'bed-manager',
      trustOds: 'RX4',
    });
    rx4Viewer = await signedInWithGrant(app, {
      email: 'viewer-rx4@delays.example',
      name: 'RX4 viewer',
      role: 'viewer',
      trustOds: 'RX4',
    });
    admin = await signIn(app.url, 'admin@wardpulse.example');
  });
  afterAll(() => app?.close());

  const post = (body: unknown, apiKey: string | undefined = key) => postJson(`${app.url}/api/v1/discharge-delays`, body, apiKey);
  const live = async (scope: string): Promise<LiveResponse> => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${scope}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as LiveResponse;
  };
  const recordOf = async (wardId: string) =>
    (await live(`ward:${wardId}`)).snapshot.dischargeDelays?.find((record) => record.wardId === wardId) ?? null;
  const outcomeOf = (eventId: string) =>
    eventually(async () => {
      const rows = await app.running.database.db.query<{ outcome: string }>(
        'select outcome from event_log where event_id = $1 and applied_at is not null',
        [eventId],
      );
      return rows.rows[0]?.outcome;
    });

  it('applies a feed’s list: event log, live state, a delta to a board client and the board’s figures', async () => {
    // The ward reports 4 clinically ready; its list names 3 of them.
    const beds = bedState('RX4-W01', { clinicallyReadyForDischarge: 4 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, beds, key)).status).toBe(202);
    await eventually(async () =>
      (await live('ward:RX4-W01')).snapshot.wards[0]?.state?.eventId === beds.eventId ? true : undefined,
    );

    const socket = connectLive(app.url, key);
    try {
      await connected(socket);
      const deltas = collectDeltas(socket);
      expect((await subscribe(socket, 'collaborative:nenc')).ok).toBe(true);
      const list = delays('RX4-W01', [
        { ref: 'D1', reason: '18', attributableTo: '05', delayedSince: daysAgo(40) },
        { ref: 'D2', reason: '18', delayedSince: daysAgo(3) },
        { ref: 'D3', reason: '09', attributableTo: '06', delayedSince: daysAgo(10) },
      ]);
      const response = await post(list);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: 1, duplicates: 0, events: [{ eventId: list.eventId, status: 'accepted' }] });

      const change = await eventually(() =>
        deltas
          .flatMap((delta) => delta.changes)
          .find((c) => c.kind === 'dischargeDelays' && c.record.latest.eventId === list.eventId),
      );
      expect(change).toMatchObject({ kind: 'dischargeDelays', wardId: 'RX4-W01', record: { latest: list } });
      // The worker marks the event applied just after publishing the change.
      expect(await outcomeOf(list.eventId)).toBe('applied');
      const logged = await app.running.database.db.query<{ kind: string; trust_ods: string; ward_id: string }>(
        'select kind, trust_ods, ward_id from event_log where event_id = $1',
        [list.eventId],
      );
      expect(logged.rows).toEqual([{ kind: 'dischargeDelays', trust_ods: 'RX4', ward_id: 'RX4-W01' }]);

      const ward = (await live('ward:RX4-W01')).summary.dischargeDelays;
      expect(ward).toMatchObject({
        wardsReporting: 1,
        delayed: 3,
        byReason: [
          { reason: '18', short: 'awaiting supported accommodation', count: 2 },
          { reason: '09', short: 'care package', count: 1 },
        ],
        byBand: { '0-7': 1, '8-14': 1, '15-28': 0, '29-90': 1, '91+': 0 },
        byAttribution: { nhs: 0, socialCare: 1, both: 1, notRecorded: 1 },
        longestDays: 40,
      });
    } finally {
      socket.disconnect();
    }
  });

  it('counts a duplicate once and never lets an older list replace a newer one', async () => {
    const newer = delays('RX4-W02', [{ ref: 'A', reason: '04', delayedSince: daysAgo(1) }], { observedAt: minutesAgo(1) });
    expect((await post(newer)).status).toBe(202);
    await eventually(async () => ((await recordOf('RX4-W02'))?.latest.eventId === newer.eventId ? true : undefined));
    expect((await post(newer)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const older = delays('RX4-W02', [], { observedAt: minutesAgo(2) });
    expect((await post(older)).status).toBe(202);
    // Applied for its night's census only when it is that night's latest; here it is not, so stale.
    expect(await outcomeOf(older.eventId)).toBe('stale');
    expect((await recordOf('RX4-W02'))?.latest).toEqual(newer);
  });

  it('answers 400 and 422 naming fields, refuses an NHS-number-shaped key and stores nothing of either', async () => {
    const malformed = await post(
      delays('RX4-W03', [
        { ref: 'Jane Smith', reason: '18', delayedSince: daysAgo(1) },
        { ref: 'X', reason: '99', delayedSince: '2026-02-30' },
      ]),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'delays[0].ref',
      'delays[1].reason',
      'delays[1].delayedSince',
    ]);
    const good = delays('RX4-W03', []);
    const nhsNumber = delays('RX4-W03', [{ ref: '9434765919', reason: '18', delayedSince: daysAgo(1) }]);
    const impossible = await post({
      events: [
        good,
        nhsNumber,
        delays('RX4-W03', [{ ref: '943-476-5919', reason: '18', delayedSince: daysAgo(1) }]),
        delays('RX4-W03', [
          { ref: 'a', reason: '11', delayedSince: daysAgo(-2) },
          { ref: 'A', reason: '11', delayedSince: daysAgo(2) },
        ]),
        delays('RX4-W99', []),
      ],
    });
    expect(impossible.status).toBe(422);
    expect(impossible.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'events[1].delays[0].ref',
      'events[2].delays[0].ref',
      'events[3].delays[0].delayedSince',
      'events[3].delays[1].ref',
      'events[4].wardId',
    ]);
    expect(impossible.body.error.details[0].message).toMatch(/NHS number/);
    const stored = await app.running.database.db.query(
      `select 1 from event_log where event_id = any($1::text[]) or payload::text like '%9434765919%' or payload::text like '%943-476-5919%'`,
      [[good.eventId, nhsNumber.eventId]],
    );
    expect(stored.rows).toEqual([]);
    expect(await recordOf('RX4-W03')).toBeNull();
  });

  it('refuses a key not scoped to the ward’s trust, naming the field', async () => {
    const rx3Only = await app.createKey(['RX3']);
    const response = await post(delays('RX4-W01', []), rx3Only);
    expect(response.status).toBe(403);
    expect(response.body.error.details[0].path).toBe('wardId');
  });

  it('lets a bed manager save their ward’s list, audited before → after, and not another trust’s', async () => {
    const before = (await recordOf('RX4-W01'))?.latest.delays ?? null;
    const list = [
      { ref: 'D1', reason: '18', attributableTo: '05', delayedSince: daysAgo(40) },
      { ref: 'D4', reason: '25', delayedSince: daysAgo(0) },
    ];
    const saved = await callAs(app.url, rx4BedManager, 'PUT', '/wards/RX4-W01/discharge-delays', { delays: list });
    expect(saved.status).toBe(202);
    expect(saved.body.snapshot).toMatchObject({ wardId: 'RX4-W01', delays: list });
    await eventually(async () => ((await recordOf('RX4-W01'))?.latest.eventId === saved.body.eventId ? true : undefined));
    const audit = await app.running.database.db.query<{ actor: string; detail: Record<string, unknown> }>(
      `select actor, detail from audit_log where action = 'discharge-delays-updated' and target = 'ward:RX4-W01'`,
    );
    expect(audit.rows).toEqual([
      { actor: `user:${rx4BedManager.user.id}`, detail: { ward: 'RX4-W01', trust: 'RX4', before, after: list } },
    ]);

    expect((await callAs(app.url, rx4BedManager, 'PUT', '/wards/RX3-W01/discharge-delays', { delays: [] })).status).toBe(403);
    expect((await callAs(app.url, rx4Viewer, 'PUT', '/wards/RX4-W01/discharge-delays', { delays: [] })).status).toBe(403);
    expect((await callAs(app.url, rx4BedManager, 'PUT', '/wards/RX4-W99/discharge-delays', { delays: [] })).status).toBe(404);
    const malformed = await callAs(app.url, rx4BedManager, 'PUT', '/wards/RX4-W01/discharge-delays', {
      delays: [{ ref: 'D9', reason: '18' }],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual(['delays[0].delayedSince']);
    const nhsNumber = await callAs(app.url, rx4BedManager, 'PUT', '/wards/RX4-W01/discharge-delays', {
      delays: [{ ref: '4010232137', reason: '18', delayedSince: daysAgo(1) }],
    });
    expect(nhsNumber.status).toBe(422);
    expect(nhsNumber.body.error.details.map((d: { path: string }) => d.path)).toEqual(['delays[0].ref']);
    expect((await recordOf('RX4-W01'))?.latest.eventId).toBe(saved.body.eventId);
  });

  it('fires "delayed over N days" when a delay passes N and resolves when it is discharged', async () => {
    // RX3-W01 reports and has one delay of 40 days.
    const beds = bedState('RX3-W01', { clinicallyReadyForDischarge: 1 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, beds, key)).status).toBe(202);
    const rule = await callAs(app.url, admin, 'POST', '/alert-rules', {
      name: 'Delays over four weeks at TEWV',
      scope: 'trust:RX3',
      condition: { kind: 'delayed-over', days: 28 },
      severity: 'warning',
      pendingForSeconds: 0,
      keepFiringForSeconds: 0,
      enabled: true,
    });
    expect(rule.status).toBe(201);
    expect((await post(delays('RX3-W01', [{ ref: 'D1', reason: '07', delayedSince: daysAgo(40) }]))).status).toBe(202);
    const alert = await eventually(async () => {
      const { body } = await callAs(app.url, admin, 'GET', '/alerts?status=open&scope=trust:RX3');
      return (body.alerts as { id: string; ruleId: string; value: number | null }[]).find(
        (candidate) => candidate.ruleId === rule.body.id,
      );
    });
    expect(alert.value).toBe(40);
    expect((await post(delays('RX3-W01', []))).status).toBe(202);
    const resolved = await eventually(async () => {
      const summary = (await callAs(app.url, admin, 'GET', `/alerts/${alert.id}`)).body;
      return summary.status === 'resolved' ? summary : undefined;
    });
    expect(resolved.resolvedBy).toBe('system');
  });

  it('imports a CSV of past lists as history, rejecting an NHS-number key and a bad entry by line, storing neither', async () => {
    const csv = [
      'wardId,observedAt,delays',
      'RX4-W04,2024-01-08T10:00:00Z,D1/18/05/2023-12-01;D2/09//2024-01-02',
      'RX4-W04,2024-01-09T10:00:00Z,',
      'RX4-W04,2024-01-10T10:00:00Z,4010232137/18//2024-01-02',
      'RX4-W04,2024-01-11T10:00:00Z,D1/18/2023-12-01',
      'RX4-W99,2024-01-11T10:00:00Z,',
    ].join('\n');
    const send = () =>
      fetch(`${app.url}/api/v1/admin/import?kind=discharge-delays&name=delays.csv`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'text/csv' },
        body: csv,
      });
    const response = await send();
    expect(response.status).toBe(200);
    const report = (await response.json()) as { imported: number; rejectedRows: { line: number; reason: string }[] };
    expect(report.imported).toBe(2);
    expect(report.rejectedRows.map((row) => row.line)).toEqual([4, 5, 6]);
    expect(report.rejectedRows[0]!.reason).toMatch(/NHS number/);
    const logged = await app.running.database.db.query<{ observed: string; count: number }>(
      `select to_char(observed_at at time zone 'UTC', 'YYYY-MM-DD') as observed, jsonb_array_length(payload -> 'delays') as count
       from event_log where kind = 'dischargeDelays' and ward_id = 'RX4-W04' order by observed_at`,
    );
    expect(logged.rows).toEqual([
      { observed: '2024-01-08', count: 2 },
      { observed: '2024-01-09', count: 0 },
    ]);
    const nhsNumber = await app.running.database.db.query(`select 1 from event_log where payload::text like '%4010232137%'`);
    expect(nhsNumber.rows).toEqual([]);
    // History, not live: the ward's live list is untouched; importing the file again adds nothing.
    expect(await recordOf('RX4-W04')).toBeNull();
    const again = (await (await send()).json()) as { imported: number; unchanged: number };
    expect(again).toMatchObject({ imported: 0, unchanged: 2 });

    // Rolled up into trends: RX4-W04 alone in RX4 on those days (the other tests' lists are from today).
    // Delayed discharges at each day's end: 2 then 0; bed days: the night of 8 Jan ends with 2 open.
    const org = new OrgIndex(await new OrgRepository(app.running.database.db).loadDirectory());
    const rollups = new HistoryRollups(app.running.database.db, () => org);
    await rollups.rollUp({ grain: 'day', from: '2024-01-08', to: '2024-01-09' });
    const trend = async (metric: string) => {
      const response = await fetch(
        `${app.url}/api/v1/trends?metric=${metric}&scope=trust:RX4&from=2024-01-08&to=2024-01-09&grain=day`,
        { headers: { authorization: `Bearer ${key}` } },
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as TrendResponse).series[0]!.points.map((point) => point.v);
    };
    expect(await trend('delayedDischarges')).toEqual([2, 0]);
    expect(await trend('delayedBedDays')).toEqual([2, 0]);
  });
});

/**
 * Trust figures end to end against real Redis, real BullMQ workers and a real database (PGlite,
 * and PostgreSQL where reachable): a feed's report and a bed manager's quick update each go through
 * the event log and a worker to a live delta over Socket.IO; duplicates count once; an older report
 * never replaces a newer one; the collaborative rolls its members up; rights (a bed manager of RX4
 * cannot update RX3); every 4xx names the field; the quick update is audited; trends follow.
 */
import { randomBytes } from 'node:crypto';
import type { LiveDelta, LiveResponse, TrustFiguresRecord } from '@wardpulse/shared';
import { londonDateOf } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, signedInWithGrant, type SignedIn } from '../support/people.js';
import { collectDeltas, connectLive, connected, subscribe } from '../support/live-client.js';
import { engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function report(trustOds: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: `tf-${randomBytes(8).toString('hex')}`,
    trustOds,
    observedAt: minutesAgo(1),
    referralsWaiting: {
      emergencyDepartment: 3,
      communityOrHome: 2,
      section136Suite: 1,
      policeCustody: 0,
      acuteWard: 1,
      other: 0,
    },
    countingSince: minutesAgo(120),
    completedDischarges: 4,
    section136Breaches: 0,
    patientsFromOutside: 2,
    ...overrides,
  };
}

/** The figures alone, as the quick form sends them. */
function entry(overrides: Record<string, unknown> = {}) {
  const { eventId: _id, trustOds: _trust, observedAt: _at, ...figures } = report('RX4', overrides);
  return figures;
}

type FiguresChange = Extract<LiveDelta['changes'][number], { kind: 'trustFigures' }>;
const figuresChanges = (deltas: readonly LiveDelta[]) =>
  deltas.flatMap((delta) => delta.changes.filter((change): change is FiguresChange => change.kind === 'trustFigures'));

describe.each(engines())('trust figures on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let rx4Manager: SignedIn;
  let viewer: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4', 'RX3']);
    rx4Manager = await signedInWithGrant(app, {
      email: 'rx4.manager@figures.example',
      name: 'Rhona Bed-Manager',
      role: 'bed-manager',
      trustOds: 'RX4',
    });
    viewer = await signedInWithGrant(app, {
      email: 'rx4.viewer@figures.example',
      name: 'Viv Viewer',
      role: 'viewer',
      trustOds: 'RX4',
    });
  });
  afterAll(() => app?.close());

  const post = (body: unknown, apiKey: string | undefined = key) => postJson(`${app.url}/api/v1/trust-figures`, body, apiKey);
  const live = async (scope: string): Promise<LiveResponse> => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${scope}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as LiveResponse;
  };
  const figuresOf = async (ods: string): Promise<TrustFiguresRecord | null> =>
    (await live(`trust:${ods}`)).snapshot.trusts.find((trust) => trust.ods === ods)?.trustFigures ?? null;

  it('takes a feed report through the event log and a worker to a live delta, and counts a repeat once', async () => {
    const socket = connectLive(app.url, key);
    try {
      await connected(socket);
      const deltas = collectDeltas(socket);
      expect((await subscribe(socket, 'collaborative:nenc')).ok).toBe(true);
      const sent = report('RX4');
      const first = await post(sent);
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ accepted: 1, duplicates: 0 });
      expect((await post(sent)).body).toMatchObject({ accepted: 0, duplicates: 1 });

      const change = await eventually(() => figuresChanges(deltas).find((c) => c.trustFigures.eventId === sent.eventId));
      expect(change.trustOds).toBe('RX4');
      expect(change.trustFigures).toMatchObject({ completedDischarges: 4, source: { kind: 'feed', name: 'test' } });
      // Marked applied just after the change is published.
      const logged = await eventually(async () => {
        const rows = await app.running.database.db.query<{ kind: string; n: number }>(
          'select kind, count(*)::int as n from event_log where event_id = $1 and applied_at is not null group by kind',
          [sent.eventId],
        );
        return rows.rows.length > 0 ? rows.rows : undefined;
      });
      expect(logged).toEqual([{ kind: 'trustFigures', n: 1 }]);
    } finally {
      socket.disconnect();
    }
  });

  it('keeps the newest report when an older one arrives later', async () => {
    const newer = report('RX3', { observedAt: minutesAgo(2), patientsFromOutside: 7 });
    const older = report('RX3', { observedAt: minutesAgo(30), patientsFromOutside: 1 });
    expect((await post(newer)).status).toBe(202);
    await eventually(async () => ((await figuresOf('RX3'))?.eventId === newer.eventId ? true : undefined));
    expect((await post(older)).status).toBe(202);
    await eventually(async () => {
      const rows = await app.running.database.db.query('select outcome from event_log where event_id = $1', [older.eventId]);
      return rows.rows[0]?.outcome === 'stale' ? true : undefined;
    });
    expect((await figuresOf('RX3'))?.patientsFromOutside).toBe(7);
  });

  it('rolls the members up to the collaborative', async () => {
    const rx4 = report('RX4', {
      referralsWaiting: {
        emergencyDepartment: 2,
        communityOrHome: 0,
        section136Suite: 0,
        policeCustody: 1,
        acuteWard: 0,
        other: 0,
      },
      completedDischarges: 5,
      section136Breaches: 1,
      patientsFromOutside: 3,
    });
    const rx3 = report('RX3', {
      referralsWaiting: {
        emergencyDepartment: 1,
        communityOrHome: 4,
        section136Suite: 0,
        policeCustody: 0,
        acuteWard: 0,
        other: 2,
      },
      completedDischarges: 2,
      section136Breaches: 0,
      patientsFromOutside: 1,
    });
    expect((await post({ events: [rx4, rx3] })).status).toBe(202);
    const body = await eventually(async () => {
      const response = await live('collaborative:nenc');
      const ids = response.snapshot.trusts.map((trust) => trust.trustFigures?.eventId);
      return ids.includes(rx4.eventId) && ids.includes(rx3.eventId) ? response : undefined;
    });
    // 3 + 7 waiting; discharges 5 + 2; breaches 1 + 0; from outside 3 + 1.
    expect(body.summary.trustFigures).toMatchObject({
      trustsReporting: 2,
      referralsWaiting: { emergencyDepartment: 3, communityOrHome: 4, policeCustody: 1, other: 2 },
      referralsWaitingTotal: 10,
      completedDischarges: 7,
      section136Breaches: 1,
      patientsFromOutside: 4,
    });
    expect(body.summary.trusts.find((trust) => trust.ods === 'RX4')?.trustFigures.referralsWaitingTotal).toBe(3);
  });

  it('answers 400 and 422 naming the field, and logs nothing', async () => {
    const malformed = await post(report('RX4', { completedDischarges: 'four' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual(['completedDischarges']);

    const bad = report('RX4', { referralsWaiting: { ...report('RX4').referralsWaiting, policeCustody: -2 } });
    const batch = await post({ events: [report('RX4'), bad] });
    expect(batch.status).toBe(422);
    expect(batch.body.error.details).toEqual([
      { path: 'events[1].referralsWaiting.policeCustody', message: 'must not be negative (got -2)' },
    ]);

    const windowAfter = await post(
      report('RX4', { countingSince: new Date(Date.now() + 60_000).toISOString(), observedAt: minutesAgo(1) }),
    );
    expect(windowAfter.status).toBe(422);
    expect(windowAfter.body.error.details[0].path).toBe('countingSince');

    const unknown = await post(report('ZZ9'));
    expect(unknown.status).toBe(403);
    const rows = await app.running.database.db.query('select 1 from event_log where event_id = $1', [bad.eventId]);
    expect(rows.rows).toEqual([]);
  });

  it('takes a bed manager’s quick update to live state as a manual report, audited before → after', async () => {
    const before = await figuresOf('RX4');
    const socket = connectLive(app.url, key);
    try {
      await connected(socket);
      const deltas = collectDeltas(socket);
      expect((await subscribe(socket, 'trust:RX4')).ok).toBe(true);
      const saved = await callAs(app.url, rx4Manager, 'POST', '/trusts/RX4/figures', entry({ completedDischarges: 9 }));
      expect(saved.status).toBe(202);
      expect(saved.body.trustFigures).toMatchObject({ trustOds: 'RX4', source: { kind: 'manual', name: 'Rhona Bed-Manager' } });
      const change = await eventually(() => figuresChanges(deltas).find((c) => c.trustFigures.eventId === saved.body.eventId));
      expect(change.trustFigures.completedDischarges).toBe(9);
    } finally {
      socket.disconnect();
    }
    const audit = await app.running.database.db.query<{ actor: string; target: string; detail: any }>(
      "select actor, target, detail from audit_log where action = 'trust-figures-updated' order by id desc limit 1",
    );
    expect(audit.rows[0]).toMatchObject({ actor: `user:${rx4Manager.user.id}`, target: 'trust:RX4' });
    expect(audit.rows[0]!.detail.before.completedDischarges).toBe(before?.completedDischarges);
    expect(audit.rows[0]!.detail.after.completedDischarges).toBe(9);
    const source = await app.running.database.db.query(
      'select source from event_log where kind = $1 order by received_at desc limit 1',
      ['trustFigures'],
    );
    expect(source.rows[0]).toEqual({ source: `user:${rx4Manager.user.id}` });
  });

  it('refuses RX3 to a bed manager of RX4, and any update to a viewer; names bad fields', async () => {
    const other = await callAs(app.url, rx4Manager, 'POST', '/trusts/RX3/figures', entry());
    expect(other.status).toBe(403);
    const asViewer = await callAs(app.url, viewer, 'POST', '/trusts/RX4/figures', entry());
    expect(asViewer.status).toBe(403);
    const missing = await callAs(app.url, rx4Manager, 'POST', '/trusts/RX4/figures', {
      ...entry(),
      patientsFromOutside: undefined,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual(['patientsFromOutside']);
    const negative = await callAs(app.url, rx4Manager, 'POST', '/trusts/RX4/figures', entry({ section136Breaches: -1 }));
    expect(negative.status).toBe(422);
    expect(negative.body.error.details).toEqual([{ path: 'section136Breaches', message: 'must not be negative (got -1)' }]);
  });

  it('gives trends of the figures for the trust', async () => {
    const today = londonDateOf(Date.now());
    const body = await eventually(async () => {
      const response = await fetch(
        `${app.url}/api/v1/trends?metric=admissionReferralsWaiting&scope=trust:RX4&from=${today}&to=${today}&grain=day`,
        { headers: { authorization: `Bearer ${key}` } },
      );
      const trend = (await response.json()) as { series: { points: { v: number | null }[] }[] };
      // The roll-up runs every second: wait for the one after the latest report (the quick update: 7 waiting).
      return trend.series[0]?.points[0]?.v === 7 ? trend : undefined;
    }, 30_000);
    expect(body.series[0]!.points).toHaveLength(1);
  });
});

/**
 * The quick ward update (#14 item 1) against real Redis, real BullMQ workers, a real Socket.IO
 * client and a real database (PGlite, and PostgreSQL where reachable): a person's figures → event
 * log → worker → live state and a delta, with where they came from; an override on a fed ward that
 * the feed's next report clears; "confirm unchanged"; rights (a bed manager of RX4 cannot update an
 * RX3 ward); 400/422 naming the field, nothing applied; the audit row before → after.
 */
import type { LiveResponse, WardBedState } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, signedInWithGrant, type SignedIn } from '../support/people.js';
import { collectDeltas, connectLive, connected, subscribe } from '../support/live-client.js';
import { bedState, engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const figures = {
  occupied: 12,
  onLeave: 1,
  closed: 2,
  closedReason: 'staffing',
  pendingAdmissions: 3,
  clinicallyReadyForDischarge: 2,
};

describe.each(engines())('quick ward update on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let bedManager: SignedIn;
  let viewer: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4', 'RX3']);
    bedManager = await signedInWithGrant(app, {
      email: 'bm-rx4@ward-update.example',
      name: 'Morgan Bedley',
      role: 'bed-manager',
      trustOds: 'RX4',
    });
    viewer = await signedInWithGrant(app, {
      email: 'viewer-rx4@ward-update.example',
      name: 'RX4 viewer',
      role: 'viewer',
      trustOds: 'RX4',
    });
  });
  afterAll(() => app?.close());

  const live = async (scope: string): Promise<LiveResponse> => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${scope}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as LiveResponse;
  };
  const wardOf = async (wardId: string) => (await live(`ward:${wardId}`)).snapshot.wards[0]!;
  const stateOnceApplied = (wardId: string, eventId: string) =>
    eventually(async () => {
      const state = (await wardOf(wardId)).state;
      return state?.eventId === eventId ? state : undefined;
    });
  const update = (wardId: string, body: unknown, who = bedManager) =>
    callAs(app.url, who, 'POST', `/wards/${wardId}/bed-state`, body);

  it('logs a person’s figures, applies them and sends a delta naming the person', async () => {
    const socket = connectLive(app.url, key);
    try {
      await connected(socket);
      const deltas = collectDeltas(socket);
      expect((await subscribe(socket, 'trust:RX4')).ok).toBe(true);
      const ward = (await wardOf('RX4-W01')).ward;
      const response = await update('RX4-W01', figures);
      expect(response.status).toBe(202);
      const { eventId, observation } = response.body as { eventId: string; observation: Record<string, unknown> };
      expect(observation).toMatchObject({
        ...figures,
        wardId: 'RX4-W01',
        commissioned: ward.commissionedBeds,
        source: { kind: 'manual', name: 'Morgan Bedley' },
      });
      expect(Math.abs(Date.parse(observation.observedAt as string) - Date.now())).toBeLessThan(60_000);

      const change = await eventually(() =>
        deltas.flatMap((delta) => delta.changes).find((c) => c.kind === 'wardState' && c.state.eventId === eventId),
      );
      expect(change).toMatchObject({
        kind: 'wardState',
        wardId: 'RX4-W01',
        state: { ...figures, source: { kind: 'manual', name: 'Morgan Bedley' }, override: false },
      });
      // The worker marks the event applied just after fanning it out.
      const logged = await eventually(async () => {
        const rows = await app.running.database.db.query<{ kind: string; source: string; applied: boolean }>(
          'select kind, source, applied_at is not null as applied from event_log where event_id = $1',
          [eventId],
        );
        return rows.rows[0]?.applied ? rows.rows : undefined;
      });
      expect(logged).toEqual([{ kind: 'bedState', source: `user:${bedManager.user.id}`, applied: true }]);
    } finally {
      socket.disconnect();
    }
  });

  it('marks a manual value on a fed ward as an override until the feed next reports', async () => {
    const feed = bedState('RX4-W02', { observedAt: new Date(Date.now() - 60_000).toISOString() });
    expect((await postJson(`${app.url}/api/v1/bed-states`, feed, key)).status).toBe(202);
    const fed = await stateOnceApplied('RX4-W02', feed.eventId);
    expect(fed).toMatchObject({ source: { kind: 'feed', name: null }, override: false });

    const manual = await update('RX4-W02', { ...figures, occupied: 10 });
    expect(manual.status).toBe(202);
    const overridden = await stateOnceApplied('RX4-W02', manual.body.eventId);
    expect(overridden).toMatchObject({ occupied: 10, source: { kind: 'manual', name: 'Morgan Bedley' }, override: true });

    const next = bedState('RX4-W02', { occupied: 15 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, next, key)).status).toBe(202);
    const cleared = await stateOnceApplied('RX4-W02', next.eventId);
    expect(cleared).toMatchObject({ occupied: 15, source: { kind: 'feed', name: null }, override: false });
  });

  it('confirms unchanged figures as a fresh observation', async () => {
    const first = await update('RX4-W03', {
      occupied: 2,
      onLeave: 0,
      closed: 1,
      closedReason: 'estates',
      pendingAdmissions: 0,
      clinicallyReadyForDischarge: 1,
    });
    expect(first.status).toBe(202);
    const before = await stateOnceApplied('RX4-W03', first.body.eventId);
    const confirmed = await callAs(app.url, bedManager, 'POST', '/wards/RX4-W03/bed-state/confirm');
    expect(confirmed.status).toBe(202);
    expect(confirmed.body.eventId).not.toBe(first.body.eventId);
    const after: WardBedState = await stateOnceApplied('RX4-W03', confirmed.body.eventId);
    const counts = ({ eventId: _e, observedAt: _o, ...rest }: WardBedState) => rest;
    expect(counts(after)).toEqual(counts(before));
    expect(Date.parse(after.observedAt)).toBeGreaterThanOrEqual(Date.parse(before.observedAt));

    const audit = await app.running.database.db.query<{ action: string }>(
      `select action from audit_log where target = 'ward:RX4-W03' order by at`,
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['ward-updated', 'ward-confirmed']);
    const none = await callAs(app.url, bedManager, 'POST', '/wards/RX4-W99/bed-state/confirm');
    expect(none.status).toBe(404);
  });

  it('refuses another trust’s ward and people who may not update, applying nothing', async () => {
    const rx3 = await update('RX3-W01', figures);
    expect(rx3.status).toBe(403);
    const rx3Confirm = await callAs(app.url, bedManager, 'POST', '/wards/RX3-W01/bed-state/confirm');
    expect(rx3Confirm.status).toBe(403);
    const byViewer = await update('RX4-W01', figures, viewer);
    expect(byViewer.status).toBe(403);
    const anonymous = await postJson(`${app.url}/api/v1/wards/RX4-W01/bed-state`, figures);
    expect([401, 403]).toContain(anonymous.status);
    const logged = await app.running.database.db.query(`select 1 from event_log where ward_id = 'RX3-W01' and source = $1`, [
      `user:${bedManager.user.id}`,
    ]);
    expect(logged.rows).toEqual([]);
  });

  it('answers 400 and 422 naming the field, with nothing logged or applied', async () => {
    const before = (await wardOf('RX4-W01')).state;
    const malformed = await update('RX4-W01', { ...figures, occupied: 'twelve' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual(['occupied']);
    const extra = await update('RX4-W01', { ...figures, commissioned: 40 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details).toEqual([{ path: 'commissioned', message: 'is not a recognised field' }]);

    const noReason = await update('RX4-W01', { ...figures, closedReason: undefined });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details).toEqual([{ path: 'closedReason', message: 'is required when beds are closed' }]);
    const tooMany = await update('RX4-W01', { ...figures, occupied: 500 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.details.map((d: { path: string }) => d.path)).toEqual(['occupied']);
    const negative = await update('RX4-W01', { ...figures, pendingAdmissions: -1 });
    expect(negative.status).toBe(422);
    expect(negative.body.error.details.map((d: { path: string }) => d.path)).toEqual(['pendingAdmissions']);

    expect((await wardOf('RX4-W01')).state).toEqual(before);
    const audit = await app.running.database.db.query(`select 1 from audit_log where target = 'ward:RX4-W01'`);
    expect(audit.rows).toHaveLength(1);
  });

  it('audits who, which ward and the figures before → after', async () => {
    const before = await stateOnceApplied('RX4-W01', (await wardOf('RX4-W01')).state!.eventId);
    const changed = await update('RX4-W01', { ...figures, occupied: 11, closed: 0, closedReason: undefined });
    expect(changed.status).toBe(202);
    const audit = await app.running.database.db.query<{ actor: string; detail: Record<string, unknown> }>(
      `select actor, detail from audit_log where action = 'ward-updated' and target = 'ward:RX4-W01' order by at desc limit 1`,
    );
    expect(audit.rows).toEqual([
      {
        actor: `user:${bedManager.user.id}`,
        detail: {
          ward: 'RX4-W01',
          trust: 'RX4',
          before: {
            commissioned: before.commissioned,
            closed: before.closed,
            closedReason: before.closedReason,
            occupied: before.occupied,
            onLeave: before.onLeave,
            pendingAdmissions: before.pendingAdmissions,
            clinicallyReadyForDischarge: before.clinicallyReadyForDischarge,
          },
          after: {
            commissioned: before.commissioned,
            closed: 0,
            closedReason: null,
            occupied: 11,
            onLeave: figures.onLeave,
            pendingAdmissions: figures.pendingAdmissions,
            clinicallyReadyForDischarge: figures.clinicallyReadyForDischarge,
          },
        },
      },
    ]);
  });
});

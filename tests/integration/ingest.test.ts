/**
 * Ingest of bed states end to end against real Redis, real BullMQ workers and a real database
 * (PGlite, and PostgreSQL where reachable): validation and its error shape, authorisation,
 * idempotency, last-writer-wins, all-or-nothing batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedState, engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(engines())('bed-state ingest on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let rx3Key: string;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4']);
    rx3Key = await app.createKey(['RX3']);
  });
  afterAll(() => app?.close());

  const post = (body: unknown, apiKey: string | undefined = key) => postJson(`${app.url}/api/v1/bed-states`, body, apiKey);
  const liveWard = async (wardId: string) => {
    const response = await fetch(`${app.url}/api/v1/live?scope=ward:${wardId}`, { headers: { authorization: `Bearer ${key}` } });
    return ((await response.json()) as { snapshot: { wards: { state: Record<string, unknown> | null }[] } }).snapshot.wards[0]!
      .state;
  };
  const logged = async (eventId: string) =>
    (await app.running.database.db.query('select 1 from event_log where event_id = $1', [eventId])).rows.length;

  it('accepts a bed state with 202, logs it and applies it to live state', async () => {
    const state = bedState('RX4-W01', { occupied: 15, onLeave: 3 });
    const response = await post(state);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 1, duplicates: 0, events: [{ eventId: state.eventId, status: 'accepted' }] });
    expect(await logged(state.eventId)).toBe(1);
    const live = await eventually(async () => {
      const current = await liveWard('RX4-W01');
      return current?.eventId === state.eventId ? current : undefined;
    });
    expect(live).toMatchObject({ occupied: 15, onLeave: 3, closed: 2, closedReason: 'staffing', observedAt: state.observedAt });
  });

  it('counts the same event twice once', async () => {
    const state = bedState('RX4-W02', { occupied: 10 });
    expect((await post(state)).status).toBe(202);
    // The same id for a different fact is refused (event-ids.test.ts); the same fact is a duplicate.
    const again = await post(state);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, events: [{ status: 'duplicate' }] });
    const live = await eventually(async () => {
      const current = await liveWard('RX4-W02');
      return current?.eventId === state.eventId ? current : undefined;
    });
    expect(live.occupied).toBe(10);
  });

  it('never lets an older observation overwrite a newer one', async () => {
    const newer = bedState('RX4-W03', { occupied: 12, observedAt: new Date(Date.now() - 60_000).toISOString() });
    const older = bedState('RX4-W03', { occupied: 5, observedAt: new Date(Date.now() - 120_000).toISOString() });
    expect((await post(newer)).status).toBe(202);
    await eventually(async () => ((await liveWard('RX4-W03'))?.eventId === newer.eventId ? true : undefined));
    expect((await post(older)).status).toBe(202);
    const outcome = await eventually(async () => {
      const rows = await app.running.database.db.query<{ outcome: string | null }>(
        'select outcome from event_log where event_id = $1',
        [older.eventId],
      );
      return rows.rows[0]?.outcome ?? undefined;
    });
    expect(outcome).toBe('stale');
    expect(await liveWard('RX4-W03')).toMatchObject({ eventId: newer.eventId, occupied: 12 });
  });

  it('accepts occupied + on leave above open beds (leave beds reused)', async () => {
    const state = bedState('RX4-W04', { commissioned: 20, closed: 0, occupied: 20, onLeave: 3, clinicallyReadyForDischarge: 0 });
    expect((await post(state)).status).toBe(202);
  });

  it('rejects without an API key (401) and with an unknown one (401)', async () => {
    const none = await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W01'));
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    const unknown = await post(bedState('RX4-W01'), `wpk_${'x'.repeat(43)}`);
    expect(unknown.status).toBe(401);
  });

  it('rejects a key scoped to another trust with 403 naming the ward', async () => {
    const response = await post({ events: [bedState('RX4-W01'), bedState('RX4-W02')] }, rx3Key);
    expect(response.status).toBe(403);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toEqual([
      'events[0].wardId',
      'events[1].wardId',
    ]);
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await post('{"eventId": ', key);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'malformed', message: 'request body is not valid JSON' });
  });

  it('names each malformed field of a batch, and applies nothing of it', async () => {
    const good = bedState('RX4-W05');
    const response = await post({
      events: [good, bedState('RX4-W05', { occupied: 'many' }), { ...bedState('RX4-W06'), observedAt: 'yesterday', extra: 1 }],
    });
    expect(response.status).toBe(400);
    const paths = response.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['events[1].occupied', 'events[2].observedAt', 'events[2].extra']));
    expect(await logged(good.eventId)).toBe(0);
  });

  it.each([
    ['a negative count', { occupied: -1 }, 'occupied', /negative/],
    [
      'closed beds above commissioned',
      { commissioned: 10, closed: 11, occupied: 0, onLeave: 0, clinicallyReadyForDischarge: 0 },
      'closed',
      /exceed commissioned/,
    ],
    ['patients present above open beds', { commissioned: 20, closed: 5, occupied: 16 }, 'occupied', /exceed open beds/],
    ['an observation from the future', { observedAt: new Date(Date.now() + 10 * 60_000).toISOString() }, 'observedAt', /future/],
    ['an unknown ward', { wardId: 'RX4-NOPE' }, 'wardId', /unknown ward/],
  ])('rejects %s with 422 naming the field', async (_name, overrides, field, reason) => {
    const good = bedState('RX4-W07');
    const response = await post({ events: [good, bedState('RX4-W07', overrides)] });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('invalid');
    expect(response.body.error.details).toEqual([{ path: `events[1].${field}`, message: expect.stringMatching(reason) }]);
    expect(await logged(good.eventId)).toBe(0);
  });

  it('rejects a body over the limit with 413', async () => {
    const events = Array.from({ length: 900 }, () => ({
      ...bedState('RX4-W01'),
      closedReason: 'other',
      padding: 'x'.repeat(1200),
    }));
    const response = await post({ events });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('too_large');
  });

  it('serves live snapshots only for known, well-formed scopes', async () => {
    const get = (scope: string) =>
      fetch(`${app.url}/api/v1/live?scope=${encodeURIComponent(scope)}`, { headers: { authorization: `Bearer ${key}` } });
    expect((await get('trust:RX4')).status).toBe(200);
    expect((await get('trust:XX9')).status).toBe(404);
    expect((await get('county:RX4')).status).toBe(400);
    expect((await get('trust:RX3')).status).toBe(403);
    const snapshot = (await (await get('trust:RX4')).json()) as {
      seq: string;
      snapshot: { wards: unknown[]; totals: { wardsReporting: number } };
    };
    expect(snapshot.seq).toMatch(/^[\w-]+\.\d+-\d+$/);
    expect(snapshot.snapshot.wards.length).toBeGreaterThanOrEqual(10);
  });
});

/**
 * Alternatives to admission's live capacity (#17 item 3) end to end against real Redis, real
 * BullMQ workers and a real database (PGlite, and PostgreSQL where reachable): a feed's report →
 * event log → worker → live state and a Socket.IO `crisisCapacity` change to a region's readers;
 * duplicates and out-of-order reports (last-writer-wins by observedAt then event id); the 400/422
 * rules with nothing logged; a key not scoped to the service's trust refused, naming the field.
 */
import { crisisFigures, snapshotFreshness, type LiveResponse } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDeltas, connectLive, connected, subscribe } from '../support/live-client.js';
import { crisisCapacityReport, engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe.each(engines())('Alternatives to admission capacity on %s', (engine) => {
  let app: TestApp;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4', 'RX3'], ['ingest', 'read']);
  });
  afterAll(() => app?.close());

  const post = (body: unknown, apiKey: string | undefined = key) => postJson(`${app.url}/api/v1/crisis-capacity`, body, apiKey);
  const live = async (scope: string): Promise<LiveResponse> => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${scope}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as LiveResponse;
  };
  const reportOf = async (serviceId: string, scope = 'trust:RX4') =>
    (await live(scope)).snapshot.crisisServices?.find((service) => service.service.id === serviceId)?.report ?? null;
  const outcomeOf = (eventId: string) =>
    eventually(async () => {
      const rows = await app.running.database.db.query<{ outcome: string }>(
        'select outcome from event_log where event_id = $1 and applied_at is not null',
        [eventId],
      );
      return rows.rows[0]?.outcome;
    });

  it('has the demo services in the live snapshot of their trusts, none for a ward', async () => {
    const snapshot = (await live('collaborative:nenc')).snapshot;
    expect(new Set(snapshot.crisisServices?.map((service) => service.service.trustOds))).toEqual(new Set(['RX3', 'RX4']));
    expect(snapshot.crisisServices?.find((service) => service.service.id === 'RX4-CR-1')?.service).toMatchObject({
      kind: 'crisis-house',
      commissionedCapacity: 6,
    });
    expect((await live('ward:RX4-W01')).snapshot.crisisServices).toEqual([]);
  });

  it('applies a feed’s report: event log, live state, and a crisisCapacity change to the collaborative’s readers', async () => {
    const socket = connectLive(app.url, key);
    try {
      await connected(socket);
      const deltas = collectDeltas(socket);
      const ack = await subscribe(socket, 'collaborative:nenc');
      expect(ack.ok).toBe(true);
      const report = crisisCapacityReport('RX4-CR-1', { capacity: 6, inUse: 3, closed: 1, observedAt: minutesAgo(2) });
      const response = await post(report);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: 1, duplicates: 0, events: [{ eventId: report.eventId, status: 'accepted' }] });

      const change = await eventually(() =>
        deltas.flatMap((delta) => delta.changes).find((c) => c.kind === 'crisisCapacity' && c.report.eventId === report.eventId),
      );
      expect(change).toEqual({ kind: 'crisisCapacity', trustOds: 'RX4', serviceId: 'RX4-CR-1', report });
      expect(await reportOf('RX4-CR-1')).toEqual(report);
      const logged = await app.running.database.db.query<{ kind: string; trust_ods: string; applied: boolean }>(
        'select kind, trust_ods, applied_at is not null as applied from event_log where event_id = $1',
        [report.eventId],
      );
      expect(logged.rows).toEqual([{ kind: 'crisisCapacity', trust_ods: 'RX4', applied: true }]);
      // The figures a board shows from the snapshot: 6 places − 1 closed − 3 in use = 2 free.
      const snapshot = (await live('trust:RX4')).snapshot;
      const house = crisisFigures(snapshot.crisisServices ?? [], Date.now(), snapshotFreshness(snapshot)).byKind.find(
        (figures) => figures.kind === 'crisis-house',
      );
      expect(house).toMatchObject({ reporting: 1, capacity: 6, closed: 1, inUse: 3, free: 2 });
    } finally {
      socket.disconnect();
    }
  });

  it('counts a duplicate once and never lets an older report overwrite a newer one', async () => {
    const newer = crisisCapacityReport('RX4-CR-2', { capacity: 25, inUse: 27, closed: 0, observedAt: minutesAgo(1) });
    expect((await post(newer)).status).toBe(202);
    expect(await outcomeOf(newer.eventId)).toBe('applied');
    expect((await post(newer)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const older = crisisCapacityReport('RX4-CR-2', { capacity: 25, inUse: 10, observedAt: minutesAgo(30) });
    expect((await post({ events: [older] })).status).toBe(202);
    expect(await outcomeOf(older.eventId)).toBe('stale');
    expect(await reportOf('RX4-CR-2')).toEqual(newer);
  });

  it('answers 400 naming fields for malformed reports and 422 for impossible ones, logging nothing', async () => {
    const fractional = await post(crisisCapacityReport('RX4-CR-1', { inUse: 1.5 }));
    expect(fractional.status).toBe(400);
    expect(fractional.body.error.details).toEqual([expect.objectContaining({ path: 'inUse' })]);
    const extra = await post({ events: [crisisCapacityReport('RX4-CR-1', { nhsNumber: '9434765919' })] });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details).toEqual([{ path: 'events[0].nhsNumber', message: 'is not a recognised field' }]);

    const good = crisisCapacityReport('RX4-CR-1');
    const impossible = await post({
      events: [
        good,
        crisisCapacityReport('RX4-CR-1', { capacity: 6, closed: 7, inUse: 0 }),
        crisisCapacityReport('RX4-CR-1', { capacity: 6, closed: 2, inUse: 5 }),
        crisisCapacityReport('RX4-CR-99'),
        crisisCapacityReport('RX4-CR-1', { observedAt: new Date(Date.now() + 3_600_000).toISOString() }),
      ],
    });
    expect(impossible.status).toBe(422);
    expect(impossible.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'events[1].closed',
      'events[2].inUse',
      'events[3].serviceId',
      'events[4].observedAt',
    ]);
    const logged = await app.running.database.db.query('select 1 from event_log where event_id = $1', [good.eventId]);
    expect(logged.rows).toEqual([]);
  });

  it('refuses a key not scoped to the service’s trust, naming the field, and one without a key', async () => {
    const rx3Only = await app.createKey(['RX3']);
    const response = await post(crisisCapacityReport('RX4-CR-1'), rx3Only);
    expect(response.status).toBe(403);
    expect(response.body.error.details[0].path).toBe('serviceId');
    expect((await post(crisisCapacityReport('RX4-CR-1'), '')).status).toBe(401);
  });
});

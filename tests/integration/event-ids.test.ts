/**
 * Event ids are each trust's own (issue #16 item 2), end to end against real Redis, BullMQ workers
 * and PGlite/PostgreSQL: two trusts' keys posting one id both get their fact logged and applied;
 * the same fact again is a duplicate counted once; the same id for a different fact is a 409
 * naming `eventId` with nothing applied (single, batch, CSV import); and a database from before
 * migration 16, with rows, migrates to the per-trust uniqueness.
 */
import { randomBytes } from 'node:crypto';
import { EventLog, MIGRATIONS, importFile, migrate, openPglite, openPostgres, textSource, type Database } from '@wardpulse/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bedState,
  createPostgresDatabase,
  engines,
  eventually,
  postJson,
  s136SuiteState,
  startTestApp,
  type Engine,
  type TestApp,
} from '../support/test-app.js';

const newEventId = () => `shared-${randomBytes(6).toString('hex')}`;

describe.each(engines())('event ids per trust on %s', (engine) => {
  let app: TestApp;
  let rx3Key: string;
  let rx4Key: string;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    rx3Key = await app.createKey(['RX3']);
    rx4Key = await app.createKey(['RX4']);
  });
  afterAll(() => app?.close());

  const post = (path: string, body: unknown, key: string) => postJson(`${app.url}/api/v1/${path}`, body, key);
  const liveWard = async (wardId: string, key: string) => {
    const response = await fetch(`${app.url}/api/v1/live?scope=ward:${wardId}`, { headers: { authorization: `Bearer ${key}` } });
    return ((await response.json()) as { snapshot: { wards: { state: Record<string, unknown> | null }[] } }).snapshot.wards[0]!
      .state;
  };
  const liveOnce = (wardId: string, key: string, eventId: string) =>
    eventually(async () => {
      const state = await liveWard(wardId, key);
      return state?.eventId === eventId ? state : undefined;
    });
  const logged = async (eventId: string) =>
    (
      await app.running.database.db.query<{ trust_ods: string; kind: string; occupied: number | null; outcome: string | null }>(
        `select trust_ods, kind, (payload ->> 'occupied')::int as occupied, outcome from event_log
         where event_id = $1 order by trust_ods, kind`,
        [eventId],
      )
    ).rows;

  it("logs and applies two trusts' facts that share an event id, each as its own", async () => {
    const eventId = newEventId();
    const rx3 = await post('bed-states', bedState('RX3-W05', { eventId, occupied: 7 }), rx3Key);
    expect(rx3.status).toBe(202);
    expect(rx3.body).toEqual({ accepted: 1, duplicates: 0, events: [{ eventId, status: 'accepted' }] });
    const rx4 = await post('bed-states', bedState('RX4-W05', { eventId, occupied: 9 }), rx4Key);
    expect(rx4.status).toBe(202);
    expect(rx4.body).toEqual({ accepted: 1, duplicates: 0, events: [{ eventId, status: 'accepted' }] });

    expect(await liveOnce('RX3-W05', rx3Key, eventId)).toMatchObject({ occupied: 7 });
    expect(await liveOnce('RX4-W05', rx4Key, eventId)).toMatchObject({ occupied: 9 });
    // Each row is marked applied by its own job: neither trust's job stands in for the other's.
    expect(
      await eventually(async () => {
        const rows = await logged(eventId);
        return rows.every((row) => row.outcome === 'applied') ? rows : undefined;
      }),
    ).toEqual([
      { trust_ods: 'RX3', kind: 'bedState', occupied: 7, outcome: 'applied' },
      { trust_ods: 'RX4', kind: 'bedState', occupied: 9, outcome: 'applied' },
    ]);
  });

  it('counts the same fact sent again once, as a duplicate', async () => {
    const state = bedState('RX4-W06', { eventId: newEventId(), occupied: 11 });
    expect((await post('bed-states', state, rx4Key)).status).toBe(202);
    const again = await post('bed-states', state, rx4Key);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: 0, duplicates: 1, events: [{ eventId: state.eventId, status: 'duplicate' }] });
    // The same fact with its keys in another order is the same content.
    const reordered = Object.fromEntries(Object.entries(state).reverse());
    expect((await post('bed-states', reordered, rx4Key)).body).toMatchObject({ duplicates: 1 });
    expect(await logged(state.eventId)).toHaveLength(1);
    expect(await liveOnce('RX4-W06', rx4Key, state.eventId)).toMatchObject({ occupied: 11 });
  });

  it('refuses the same event id for a different fact with 409 naming eventId, and applies nothing', async () => {
    const state = bedState('RX4-W07', { eventId: newEventId(), occupied: 12 });
    expect((await post('bed-states', state, rx4Key)).status).toBe(202);
    await liveOnce('RX4-W07', rx4Key, state.eventId);
    await eventually(async () => ((await logged(state.eventId))[0]?.outcome === 'applied' ? true : undefined));

    const changed = await post('bed-states', { ...state, occupied: 13, observedAt: new Date().toISOString() }, rx4Key);
    expect(changed.status).toBe(409);
    expect(changed.body.error).toEqual({
      code: 'conflict',
      message: expect.stringMatching(/eventId/),
      details: [{ path: 'eventId', message: expect.stringMatching(/different fact/) }],
    });

    // In a batch the refusal names the event; nothing of the batch is logged.
    const fresh = bedState('RX4-W08');
    const batch = await post('bed-states', { events: [fresh, { ...state, occupied: 14 }] }, rx4Key);
    expect(batch.status).toBe(409);
    expect(batch.body.error.details).toEqual([{ path: 'events[1].eventId', message: expect.stringMatching(/different fact/) }]);
    expect(await logged(fresh.eventId)).toEqual([]);

    // A batch repeating an id with other content is refused the same way.
    const twice = bedState('RX4-W08', { occupied: 5 });
    const repeated = await post('bed-states', { events: [twice, { ...twice, occupied: 6 }] }, rx4Key);
    expect(repeated.status).toBe(409);
    expect(repeated.body.error.details).toEqual([
      { path: 'events[1].eventId', message: expect.stringMatching(/different fact/) },
    ]);
    expect(await logged(twice.eventId)).toEqual([]);

    expect(await logged(state.eventId)).toEqual([{ trust_ods: 'RX4', kind: 'bedState', occupied: 12, outcome: 'applied' }]);
    expect(await liveWard('RX4-W07', rx4Key)).toMatchObject({ eventId: state.eventId, occupied: 12 });
  });

  it('keeps kinds of fact apart: a Section 136 suite state may reuse a bed state’s id', async () => {
    const eventId = newEventId();
    expect((await post('bed-states', bedState('RX4-W09', { eventId }), rx4Key)).body).toMatchObject({ accepted: 1 });
    const suite = await post('s136-suite-states', s136SuiteState('RX4-136-1', { eventId }), rx4Key);
    expect(suite.status).toBe(202);
    expect(suite.body).toEqual({ accepted: 1, duplicates: 0, events: [{ eventId, status: 'accepted' }] });
    expect((await logged(eventId)).map((row) => row.kind)).toEqual(['bedState', 's136SuiteState']);
  });

  it('rejects a CSV row reusing an id for a different fact by line, and imports the rest', async () => {
    const eventId = newEventId();
    const observedAt = new Date(Date.now() - 3_600_000).toISOString();
    const live = bedState('RX4-W10', { eventId, observedAt, occupied: 10 });
    expect((await post('bed-states', live, rx4Key)).status).toBe(202);
    // Applied (and marked so) before the import, so the log's outcome below is settled.
    await eventually(async () => ((await logged(eventId))[0]?.outcome === 'applied' ? true : undefined));
    const otherId = newEventId();
    const header =
      'eventId,wardId,observedAt,commissioned,closed,closedReason,occupied,onLeave,pendingAdmissions,clinicallyReadyForDischarge';
    const row = (id: string, wardId: string, occupied: number) => `${id},${wardId},${observedAt},20,2,staffing,${occupied},2,1,3`;
    const report = await importFile(app.running.database.db, {
      kind: 'bed-states',
      source: textSource(
        'clash.csv',
        [
          header,
          row(eventId, 'RX4-W10', 10),
          row(eventId, 'RX4-W10', 4),
          row(otherId, 'RX4-W10', 3),
          row(eventId, 'RX3-W10', 4),
        ].join('\n'),
      ),
    });
    // Line 2 is the fact already logged (unchanged), line 3 reuses its id for another, line 5 is RX3's own id.
    expect(report).toMatchObject({ rowsRead: 4, imported: 2, unchanged: 1, rejected: 1 });
    expect(report.rejectedRows).toEqual([{ line: 3, reason: expect.stringMatching(/^eventId .*different fact/) }]);
    expect(await logged(eventId)).toEqual([
      { trust_ods: 'RX3', kind: 'bedState', occupied: 4, outcome: 'imported' },
      { trust_ods: 'RX4', kind: 'bedState', occupied: 10, outcome: 'applied' },
    ]);
  });
});

async function openEngine(engine: Engine): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite();
    return { db, drop: () => db.close() };
  }
  const database = await createPostgresDatabase();
  const db = await openPostgres({ connectionString: database.url, maxConnections: 2 });
  return {
    db,
    drop: async () => {
      await db.close();
      await database.drop();
    },
  };
}

describe.each(engines())('migration 16 (event ids per trust) on %s', (engine) => {
  let opened: { db: Database; drop: () => Promise<void> };
  beforeAll(async () => {
    opened = await openEngine(engine);
  });
  afterAll(() => opened?.drop());

  it('migrates a database at the previous schema, rows kept, to uniqueness per trust and kind', async () => {
    const { db } = opened;
    const previous = MIGRATIONS.filter((migration) => migration.id < 16);
    await migrate(db, previous);
    await db.query(
      `insert into event_log (event_id, kind, trust_ods, ward_id, observed_at, payload, source, applied_at, outcome) values
         ('old-1', 'bedState', 'RX4', 'RX4-W01', now(), '{"eventId":"old-1","wardId":"RX4-W01","occupied":3}', 'key:a', now(), 'applied'),
         ('old-2', 'placement', 'RX3', null, now(), '{"eventId":"old-2","placementId":"p1","event":"updated"}', 'key:b', null, null)`,
    );

    // Migration 16 on its own: later ones (17, history's KH03 parts) have their own tests.
    expect(
      await migrate(
        db,
        MIGRATIONS.filter((migration) => migration.id <= 16),
      ),
    ).toEqual([16]);
    const kept = await db.query<{ event_id: string; trust_ods: string; outcome: string | null }>(
      'select event_id, trust_ods, outcome from event_log order by event_id',
    );
    expect(kept.rows).toEqual([
      { event_id: 'old-1', trust_ods: 'RX4', outcome: 'applied' },
      { event_id: 'old-2', trust_ods: 'RX3', outcome: null },
    ]);

    // Another trust, or another kind, may now use an id; the same trust and kind may not twice.
    await db.query(
      `insert into event_log (event_id, kind, trust_ods, observed_at, payload, source) values
         ('old-1', 'bedState', 'RX3', now(), '{}', 'key:c'), ('old-1', 'placement', 'RX4', now(), '{}', 'key:c')`,
    );
    await expect(
      db.query(
        `insert into event_log (event_id, kind, trust_ods, observed_at, payload, source) values ('old-1', 'bedState', 'RX4', now(), '{}', 'x')`,
      ),
    ).rejects.toMatchObject({ code: '23505' });

    // The event log reads the upgraded rows: the old fact again is a duplicate, a changed one a conflict.
    const log = new EventLog(db);
    const row = (occupied: number) => ({
      eventId: 'old-1',
      trustOds: 'RX4',
      wardId: 'RX4-W01',
      observedAt: new Date().toISOString(),
      payload: { eventId: 'old-1', wardId: 'RX4-W01', occupied } as never,
    });
    expect(await log.append('bedState', [row(3)], 'key:a')).toEqual([{ eventId: 'old-1', duplicate: true }]);
    await expect(log.append('bedState', [row(4)], 'key:a')).rejects.toMatchObject({ indices: [0] });
    // Migration 16 is applied once: a later start applies only what came after it.
    expect(await migrate(db)).toEqual(MIGRATIONS.filter((migration) => migration.id > 16).map((migration) => migration.id));
  });
});

/**
 * Anonymous stays end to end against real Redis, real BullMQ workers and a real database (PGlite,
 * and PostgreSQL where reachable): a feed's stays → event log → worker → the stay table → the
 * month's admissions, discharges and length of stay from GET /api/v1/flow; last-writer-wins on
 * recordedAt in any arrival order (a cancelled discharge); the 400/422 rules with nothing logged;
 * an NHS-number-shaped key refused and never stored; read access per scope; a board's live
 * length of stay and today's flow over the socket as stays arrive.
 */
import type { FlowResponse, LiveResponse, LiveSnapshot } from '@wardpulse/shared';
import { applyLiveChanges, londonDateOf, summariseLive } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDeltas, connectLive, connected, subscribe } from '../support/live-client.js';
import { engines, eventually, londonDaysAgo, postJson, startTestApp, type TestApp } from '../support/test-app.js';

let counter = 0;

describe.each(engines())('stays on %s', (engine) => {
  let app: TestApp;
  let key: string;
  const now = Date.now();
  const month = londonDateOf(now).slice(0, 7);
  const daysAgo = (days: number) => londonDaysAgo(days, now);
  const stay = (
    stayRef: string,
    wardId: string,
    admittedDaysAgo: number,
    dischargedDaysAgo: number | null,
    recordedAt?: string,
  ) => ({
    eventId: `stay-${Date.now()}-${++counter}`,
    stayRef,
    wardId,
    admittedAt: daysAgo(admittedDaysAgo),
    dischargedAt: dischargedDaysAgo === null ? null : daysAgo(dischargedDaysAgo),
    recordedAt: recordedAt ?? new Date(now - 1000 + counter).toISOString(),
  });

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4']);
  });
  afterAll(() => app?.close());

  const post = (body: unknown, apiKey: string | undefined = key) => postJson(`${app.url}/api/v1/stays`, body, apiKey);
  const flow = async (scope: string, query = ''): Promise<FlowResponse> => {
    const response = await fetch(`${app.url}/api/v1/flow?scope=${scope}${query}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as FlowResponse;
  };
  const applied = (eventIds: string[]) =>
    eventually(async () => {
      const rows = await app.running.database.db.query(
        'select 1 from event_log where kind = $1 and event_id = any($2) and applied_at is not null',
        ['stay', eventIds],
      );
      return rows.rows.length === eventIds.length ? true : undefined;
    });

  it("gives a ward's current length of stay, and the trust's, from the stays sent", async () => {
    // RX4-W03: people in for 10 and 70 nights, and one discharged two days ago after 5 nights.
    const events = [stay('A1', 'RX4-W03', 10, null), stay('A2', 'RX4-W03', 70, null), stay('A3', 'RX4-W03', 7, 2)];
    const response = await post({ events });
    expect(response.status).toBe(202);
    await applied(events.map((event) => event.eventId));

    const ward = await flow('ward:RX4-W03');
    expect(ward.month).toBe(month);
    // In now: 10 and 70 nights → mean 40, median 40, one of 60 or more.
    expect(ward.current).toMatchObject({ stays: 2, meanNights: 40, medianNights: 40, nights60Plus: 1, nights90Plus: 0 });
    const trust = await flow('trust:RX4');
    expect(trust.current.stays).toBeGreaterThanOrEqual(2);
  });

  const live = async (scope: string): Promise<LiveResponse> => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${scope}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as LiveResponse;
  };

  it("shows a board the ward's length of stay and today's flow live over the socket as stays arrive", async () => {
    // Before any stay the board has no stays figures (the panel stays hidden).
    expect((await live('ward:RX4-W02')).summary.stays).toBeNull();
    const socket = connectLive(app.url, key);
    try {
      await connected(socket);
      const deltas = collectDeltas(socket);
      const subscribed = await subscribe(socket, 'trust:RX4');
      expect(subscribed.ok).toBe(true);
      const snapshot = (subscribed as { snapshot: LiveSnapshot }).snapshot;
      // RX4-W02: in for 95, 65 and 30 nights and one admitted today (0 nights); one admitted 12
      // nights ago and discharged today.
      const events = [
        stay('E1', 'RX4-W02', 95, null),
        stay('E2', 'RX4-W02', 65, null),
        stay('E3', 'RX4-W02', 30, null),
        stay('E4', 'RX4-W02', 0, null),
        stay('E5', 'RX4-W02', 12, 0),
      ];
      expect((await post({ events })).status).toBe(202);
      await applied(events.map((event) => event.eventId));
      // The deltas the board received, applied to its snapshot, give the figures.
      const figures = await eventually(() => {
        const changes = deltas.flatMap((delta) => delta.changes).filter((change) => change.kind === 'wardStays');
        const board = structuredClone(snapshot);
        applyLiveChanges(board, changes, Date.now());
        const ward = summariseLive(board, Date.now()).trusts[0]?.stays;
        return ward && ward.inpatients >= 4 && ward.dischargesToday === 1 ? ward : undefined;
      });
      // Current nights 0, 30, 65, 95 → median (30 + 65) / 2 = 47.5; 65 and 95 are 60+, 95 is 90+.
      const wardFigures = (await live('ward:RX4-W02')).summary.stays;
      expect(wardFigures).toEqual({
        wardsWithStays: 1,
        inpatients: 4,
        medianNights: 47.5,
        nights60Plus: 2,
        nights90Plus: 1,
        admissionsToday: 1,
        dischargesToday: 1,
      });
      // The trust board counts every ward that sent stays (RX4-W03's from the test above too).
      expect(figures.wardsWithStays).toBeGreaterThanOrEqual(1);
      expect(figures.nights90Plus).toBeGreaterThanOrEqual(1);
      expect((await live('trust:RX4')).summary.stays).toMatchObject({ dischargesToday: figures.dischargesToday });
    } finally {
      socket.disconnect();
    }
  });

  it('takes the latest record of a stay whatever order facts arrive in: a cancelled discharge reopens it', async () => {
    const recorded = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const discharged = stay('B1', 'RX4-W04', 20, 1, recorded(10));
    const cancelled = stay('B1', 'RX4-W04', 20, null, recorded(5));
    // The later record first, then the older one: the older must not win.
    expect((await post(cancelled)).status).toBe(202);
    await applied([cancelled.eventId]);
    expect((await post(discharged)).status).toBe(202);
    await applied([discharged.eventId]);
    const rows = await app.running.database.db.query<{ discharged_at: unknown; event_id: string }>(
      'select discharged_at, event_id from inpatient_stay where trust_ods = $1 and stay_ref = $2',
      ['RX4', 'B1'],
    );
    expect(rows.rows).toEqual([{ discharged_at: null, event_id: cancelled.eventId }]);
    const outcome = await app.running.database.db.query<{ outcome: string }>(
      'select outcome from event_log where event_id = $1',
      [discharged.eventId],
    );
    expect(outcome.rows[0]?.outcome).toBe('stale');
    expect((await flow('ward:RX4-W04')).current).toMatchObject({ stays: 1, meanNights: 20 });
  });

  it('refreshes the live stays of the ward a stay moved off, whatever order the facts arrive in', async () => {
    const recorded = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    // M1 in RX4-W06 for 40 nights, then recorded on RX4-W07 (transferred): W06 must no longer count it.
    const first = stay('M1', 'RX4-W06', 40, null, recorded(10));
    const moved = stay('M1', 'RX4-W07', 40, null, recorded(5));
    expect((await post(first)).status).toBe(202);
    await applied([first.eventId]);
    expect((await live('ward:RX4-W06')).summary.stays).toMatchObject({ inpatients: 1, medianNights: 40 });
    expect((await post(moved)).status).toBe(202);
    await applied([moved.eventId]);
    expect((await live('ward:RX4-W06')).summary.stays).toMatchObject({ inpatients: 0, medianNights: null });
    expect((await live('ward:RX4-W07')).summary.stays).toMatchObject({ inpatients: 1, medianNights: 40 });
    // M2 arrives out of order: its move to W07 first, then the older fact placing it on W06 (stale).
    // W06 is re-read (nothing of M2) and W07, where the stay is, keeps it.
    const older = stay('M2', 'RX4-W06', 8, null, recorded(10));
    const later = stay('M2', 'RX4-W07', 8, null, recorded(5));
    expect((await post(later)).status).toBe(202);
    await applied([later.eventId]);
    expect((await post(older)).status).toBe(202);
    await applied([older.eventId]);
    expect((await live('ward:RX4-W06')).summary.stays).toMatchObject({ inpatients: 0 });
    // W07: 8 and 40 nights → median 24.
    expect((await live('ward:RX4-W07')).summary.stays).toMatchObject({ inpatients: 2, medianNights: 24 });
  });

  it('refuses impossible stays with 422 naming each field, and logs nothing of the batch', async () => {
    const good = stay('C1', 'RX4-W05', 3, null);
    const nhsNumber = stay('943 476 5919'.replace(/ /g, ''), 'RX4-W05', 3, null);
    const backwards = stay('C2', 'RX4-W05', 3, 5);
    const response = await post({ events: [good, nhsNumber, backwards] });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([
      { path: 'events[1].stayRef', message: expect.stringContaining('NHS number') },
      { path: 'events[2].dischargedAt', message: expect.stringContaining('before admittedAt') },
    ]);
    const logged = await app.running.database.db.query('select 1 from event_log where event_id = any($1)', [
      [good.eventId, nhsNumber.eventId, backwards.eventId],
    ]);
    expect(logged.rows).toEqual([]);
    const stored = await app.running.database.db.query('select 1 from inpatient_stay where stay_ref = $1', ['9434765919']);
    expect(stored.rows).toEqual([]);
  });

  it('answers malformed stays with 400 naming the field', async () => {
    const response = await post({ ...stay('D1', 'RX4-W05', 1, null), stayRef: 'Jane Smith' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'stayRef', message: expect.stringContaining('opaque key') }]);
  });

  it('checks the scope and month of a flow query and who may read it', async () => {
    const bad = await fetch(`${app.url}/api/v1/flow?scope=trust:RX4&month=2026-13`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe('month');
    const unknown = await fetch(`${app.url}/api/v1/flow?scope=trust:ZZ9`, { headers: { authorization: `Bearer ${key}` } });
    expect(unknown.status).toBe(404);
    const otherTrust = await fetch(`${app.url}/api/v1/flow?scope=trust:RX3`, { headers: { authorization: `Bearer ${key}` } });
    expect(otherTrust.status).toBe(403);
  });
});

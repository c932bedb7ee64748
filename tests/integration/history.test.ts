/**
 * History and trends against real Redis, BullMQ and PostgreSQL/PGlite: roll-ups computed from the
 * event log agree with an independent recomputation from the raw observations (in SQL), late facts
 * re-roll the days they belong to, the roll-up job keeps today current, and the trends API returns
 * chart-ready series with every period present.
 */
import type { TrendResponse } from '@wardpulse/shared';
import { addDays, londonDateOf, londonMidnight, OrgIndex } from '@wardpulse/shared';
import { fileSource, HistoryRollups, importFile, OrgRepository } from '@wardpulse/jobs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bedState,
  engines,
  eventually,
  placementEvent,
  postJson,
  projectRoot,
  startTestApp,
  type TestApp,
  videoDay,
  waitingListSnapshot,
} from '../support/test-app.js';

const DAY = 86_400_000;

describe.each(engines())('history on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let rollups: HistoryRollups;
  const today = londonDateOf(Date.now());
  const from = addDays(today, -6);
  /** Noon London time, `daysAgo` days back. */
  const noon = (daysAgo: number) => new Date(londonMidnight(addDays(today, -daysAgo)) + 12 * 3_600_000).toISOString();

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX3', 'RX4'], ['ingest', 'read']);
    const org = new OrgIndex(await new OrgRepository(app.running.database.db).loadDirectory());
    rollups = new HistoryRollups(app.running.database.db, () => org);
    const states = [];
    // Six days of two RX4 wards and one RX3 ward, varying day by day.
    for (let daysAgo = 6; daysAgo >= 1; daysAgo--) {
      states.push(
        bedState('RX4-W01', {
          observedAt: noon(daysAgo),
          commissioned: 20,
          closed: 0,
          occupied: 12 + daysAgo,
          onLeave: 1,
          clinicallyReadyForDischarge: 0,
        }),
      );
      states.push(
        bedState('RX4-W02', {
          observedAt: noon(daysAgo),
          commissioned: 18,
          closed: 2,
          occupied: 16,
          onLeave: daysAgo % 3,
          clinicallyReadyForDischarge: 0,
        }),
      );
      if (daysAgo % 2 === 0)
        states.push(
          bedState('RX3-W01', {
            observedAt: noon(daysAgo),
            commissioned: 15,
            closed: 0,
            occupied: 8 + daysAgo,
            onLeave: 0,
            clinicallyReadyForDischarge: 0,
          }),
        );
    }
    const posted = await postJson(`${app.url}/api/v1/bed-states`, { events: states }, key);
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    const placements = [
      placementEvent('hist-1', 'started', { occurredAt: noon(5) }),
      placementEvent('hist-1', 'ended', { occurredAt: noon(2) }),
    ];
    expect((await postJson(`${app.url}/api/v1/placements`, { events: placements }, key)).status).toBe(202);
    const list = waitingListSnapshot('RX4', 'talking-therapies', { asOf: noon(3) });
    expect((await postJson(`${app.url}/api/v1/waiting-lists`, list, key)).status).toBe(202);
    const contacts = videoDay('RX4', { '01': 300, '11': 100 }, { date: addDays(today, -2), observedAt: noon(1) });
    expect((await postJson(`${app.url}/api/v1/video-consultations`, contacts, key)).status).toBe(202);
    const ids = [...states, ...placements, list, contacts].map((event) => event.eventId);
    await eventually(async () => {
      const rows = await app.running.database.db.query(
        'select 1 from event_log where event_id = any($1) and applied_at is not null',
        [ids],
      );
      return rows.rows.length === ids.length ? true : undefined;
    }, 30_000);
  });
  afterAll(() => app?.close());

  const trends = async (query: string) => {
    const response = await fetch(`${app.url}/api/v1/trends?${query}`, { headers: { authorization: `Bearer ${key}` } });
    return {
      status: response.status,
      body: (await response.json()) as TrendResponse & { error?: { details: { path: string }[] } },
    };
  };

  it('agrees with a recomputation from the raw observations for every day and scope', async () => {
    await rollups.rollUp({ grain: 'day', from, to: today });
    const db = app.running.database.db;
    for (let day = from; day <= today; day = addDays(day, 1)) {
      const end = new Date(londonMidnight(addDays(day, 1))).toISOString();
      // The KH03 midnight census, straight from the event log: each ward's last state before midnight.
      const census = await db.query<{ trust_ods: string; open: number; occupied: number; on_leave: number; vacant: number }>(
        `select trust_ods, sum(open)::int as open, sum(occupied)::int as occupied, sum(on_leave)::int as on_leave,
                sum(greatest(0, open - occupied - on_leave))::int as vacant
         from (
           select distinct on (ward_id) trust_ods,
             (payload->>'commissioned')::int - (payload->>'closed')::int as open,
             (payload->>'occupied')::int as occupied, (payload->>'onLeave')::int as on_leave
           from event_log where kind = 'bedState' and trust_ods in ('RX3', 'RX4') and observed_at < $1
           order by ward_id, observed_at desc, event_id desc
         ) latest group by rollup(trust_ods)`,
        [end],
      );
      const points = await db.query<{ metric: string; scope: string; value: number }>(
        `select metric, scope, value from trend_point where grain = 'day' and period_start = $1 and scope in ('trust:RX4', 'trust:RX3', 'collaborative:nenc')`,
        [new Date(londonMidnight(day)).toISOString()],
      );
      const point = (metric: string, scope: string) =>
        points.rows.find((row) => row.metric === metric && row.scope === scope)?.value ?? null;
      for (const row of census.rows) {
        const scope = row.trust_ods ? `trust:${row.trust_ods}` : 'collaborative:nenc';
        expect(point('vacantBeds', scope), `${day} ${scope}`).toBe(row.vacant);
        expect(point('occupancyIncludingLeave', scope), `${day} ${scope}`).toBeCloseTo(
          (row.occupied + row.on_leave) / row.open,
          10,
        );
        expect(point('occupancyExcludingLeave', scope), `${day} ${scope}`).toBeCloseTo(row.occupied / row.open, 10);
      }
      if (census.rows.length === 0) expect(point('vacantBeds', 'trust:RX4')).toBeNull();
    }
  });

  it('counts OAP bed days as nights active at midnight and keeps waiting lists and video by day', async () => {
    await rollups.rollUp({ grain: 'day', from, to: today });
    const bedDays = await trends(`metric=oapBedDays&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    // Started noon 5 days ago, ended noon 2 days ago: the nights of days -5, -4 and -3. Before the
    // trust's first placement there is no OAP data (null, not 0).
    const series = bedDays.body.series[0]!.points;
    expect(series.map((point) => point.v)).toEqual([null, 1, 1, 1, 0, 0, 0]);
    const waiting = await trends(`metric=waitingListSize&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(waiting.body.series[0]!.points.map((point) => point.v)).toEqual([null, null, null, 100, 100, 100, 100]);
    const video = await trends(`metric=videoShare&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(video.body.series[0]!.points[4]).toEqual({ t: addDays(today, -2), v: 0.25 });
  });

  it('re-rolls a past day when a late fact arrives for it', async () => {
    await rollups.rollUp({ grain: 'day', from, to: today });
    const before = await trends(`metric=vacantBeds&scope=ward:RX4-W03&from=${from}&to=${today}&grain=day`);
    expect(before.body.series[0]!.points[2]!.v).toBeNull();
    const late = bedState('RX4-W03', { observedAt: noon(4), commissioned: 10, closed: 0, occupied: 7, onLeave: 1 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, late, key)).status).toBe(202);
    await eventually(async () => {
      const rows = await app.running.database.db.query('select 1 from event_log where event_id = $1 and applied_at is not null', [
        late.eventId,
      ]);
      return rows.rows.length === 1 ? true : undefined;
    });
    await rollups.rollUpLate(new Date(Date.now() - DAY));
    // Its day and, as the census carries forward, every day after it (the app's own roll-up job may
    // overwrite today and yesterday from an older read for a moment, then catches up).
    const after = await eventually(async () => {
      const body = (await trends(`metric=vacantBeds&scope=ward:RX4-W03&from=${from}&to=${today}&grain=day`)).body;
      const values = body.series[0]!.points.slice(2).map((point) => point.v);
      return values.every((value) => value === 2) ? values : undefined;
    });
    expect(after).toEqual([2, 2, 2, 2, 2]);
    expect(before.body.series[0]!.points.slice(0, 2).map((point) => point.v)).toEqual([null, null]);
  });

  it('keeps today current through the roll-up job', async () => {
    const now = bedState('RX4-W04', { commissioned: 12, closed: 0, occupied: 9, onLeave: 0 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, now, key)).status).toBe(202);
    const point = await eventually(async () => {
      const body = (await trends(`metric=vacantBeds&scope=ward:RX4-W04&from=${today}&to=${today}&grain=day`)).body;
      return body.series[0]!.points[0]!.v === 3 ? body.series[0]!.points[0] : undefined;
    }, 20_000);
    expect(point).toEqual({ t: today, v: 3 });
  });

  it('answers with every period, names, the metric and its reference line; refuses bad queries', async () => {
    const { status, body } = await trends(
      `metric=occupancyIncludingLeave&scope=trust:RX4&scope=collaborative:nenc&from=${from}&to=${today}&grain=day`,
    );
    expect(status).toBe(200);
    expect(body.metric).toMatchObject({ id: 'occupancyIncludingLeave', unit: 'percent', reference: { value: 0.85 } });
    expect(body.series.map((series) => [series.scope, series.points.length])).toEqual([
      ['trust:RX4', 7],
      ['collaborative:nenc', 7],
    ]);
    expect(body.series[1]!.name).toBe('North East and North Cumbria');
    const hours = await trends(`metric=vacantBeds&scope=trust:RX4&from=${today}&to=${today}&grain=hour`);
    expect(hours.body.series[0]!.points.length).toBeGreaterThanOrEqual(1);
    const backwards = await trends(`metric=vacantBeds&scope=trust:RX4&from=${today}&to=${from}&grain=day`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error!.details[0]!.path).toBe('to');
    const unknownMetric = await trends(`metric=happiness&scope=trust:RX4&from=${from}&to=${today}`);
    expect(unknownMetric.status).toBe(400);
    expect(unknownMetric.body.error!.details[0]!.path).toBe('metric');
    const tooLong = await trends(`metric=vacantBeds&scope=trust:RX4&from=2020-01-01&to=${today}&grain=hour`);
    expect(tooLong.status).toBe(400);
    const rx3Only = await app.createKey(['RX3'], ['read']);
    const forbidden = await fetch(`${app.url}/api/v1/trends?metric=vacantBeds&scope=trust:RX4&from=${from}&to=${today}`, {
      headers: { authorization: `Bearer ${rx3Only}` },
    });
    expect(forbidden.status).toBe(403);
  });
  it('applies retention: old raw facts go, an active placement keeps its start, hourly roll-ups go before daily ones', async () => {
    const active = placementEvent('hist-active', 'started', { occurredAt: noon(6) });
    expect((await postJson(`${app.url}/api/v1/placements`, active, key)).status).toBe(202);
    await eventually(async () => {
      const rows = await app.running.database.db.query('select 1 from event_log where event_id = $1 and applied_at is not null', [
        active.eventId,
      ]);
      return rows.rows.length === 1 ? true : undefined;
    });
    await rollups.rollUp({ grain: 'hour', from, to: today });
    const db = app.running.database.db;
    const removed = await rollups.applyRetention({ rawDays: 3, hourlyDays: 2, rollupYears: 15 });
    expect(removed.facts).toBeGreaterThan(0);
    const old = await db.query<{ n: number }>(
      "select count(*)::int as n from event_log where kind = 'bedState' and observed_at < now() - interval '3 days'",
    );
    expect(old.rows[0]!.n).toBe(0);
    const kept = await db.query('select 1 from event_log where event_id = $1', [active.eventId]);
    expect(kept.rows).toHaveLength(1);
    const ended = await db.query("select 1 from event_log where payload ->> 'placementId' = 'hist-1'");
    expect(ended.rows).toHaveLength(2); // ended 2 days ago: within the 3 days
    const hours = await db.query<{ n: number }>(
      "select count(*)::int as n from trend_point where grain = 'hour' and period_start < now() - interval '2 days'",
    );
    expect(hours.rows[0]!.n).toBe(0);
    const days = await db.query<{ n: number }>(
      "select count(*)::int as n from trend_point where grain = 'day' and period_start < now() - interval '3 days'",
    );
    expect(days.rows[0]!.n).toBeGreaterThan(0);
  });
});

describe('national benchmarks', () => {
  it('draws imported MHSDS figures beside local ones: England and the trust as published, as fractions', async () => {
    const app = await startTestApp();
    try {
      const report = await importFile(app.running.database.db, {
        kind: 'auto',
        source: await fileSource(join(projectRoot, 'tests/fixtures/import/mhsds-small.csv')),
      });
      expect(report.kind).toBe('mhsds');
      // The revision publishes NENC ICB's (QHM) figure that the first file suppressed.
      await importFile(app.running.database.db, {
        kind: 'auto',
        source: await fileSource(join(projectRoot, 'tests/fixtures/import/mhsds-small-revised.csv')),
      });
      const key = await app.createKey(['RX4'], ['read']);
      const response = await fetch(
        `${app.url}/api/v1/trends?metric=communityMh4WeekShare&scope=trust:RX4&from=2024-02-01&to=2024-05-31&grain=day`,
        { headers: { authorization: `Bearer ${key}` } },
      );
      const body = (await response.json()) as TrendResponse;
      // England's MRS01b for Feb–Apr 2024 is 10.64024%: a fraction at the period's end, labelled as
      // the three-month window it is (01/02–30/04), not April's own figure.
      expect(body.benchmarks[0]).toMatchObject({
        label: 'England (MHSDS MRS01b, rolling 3 months)',
        points: [{ t: '2024-04-30' }],
      });
      expect(body.benchmarks[0]!.points[0]!.v).toBeCloseTo(0.1064024, 9);
      // RX4 sits in NENC ICB (QHM): its published 12.5% beside the trust.
      const icb = body.benchmarks.find((series) => series.label.startsWith('ICB QHM'));
      expect(icb?.points).toEqual([{ t: '2024-04-30', v: 0.125 }]);
      expect(body.series[0]!.points.every((point) => point.v === null)).toBe(true);
      const none = await fetch(`${app.url}/api/v1/trends?metric=vacantBeds&scope=trust:RX4&from=2024-02-01&to=2024-05-31`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(((await none.json()) as TrendResponse).benchmarks).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('demo history', () => {
  it('backfills two years of daily figures on a fresh demo install, collaboratives adding up their trusts', async () => {
    const app = await startTestApp({ demoHistory: true });
    try {
      const key = await app.createKey(['RX3', 'RX4'], ['read']);
      const to = addDays(londonDateOf(Date.now()), -2);
      const from = addDays(to, -729);
      const query = (metric: string) =>
        `${app.url}/api/v1/trends?metric=${metric}&scope=trust:RX3&scope=trust:RX4&scope=collaborative:nenc&from=${from}&to=${to}&grain=day`;
      const body = await eventually(async () => {
        const response = await fetch(query('vacantBeds'), { headers: { authorization: `Bearer ${key}` } });
        const trend = (await response.json()) as TrendResponse;
        return trend.series.every((series) => series.points.every((point) => point.v !== null)) ? trend : undefined;
      }, 60_000);
      const [rx3, rx4, nenc] = body.series.map((series) => series.points);
      expect(rx4!.length).toBe(730);
      for (const index of [0, 100, 400, 729]) expect(nenc![index]!.v).toBe(rx3![index]!.v! + rx4![index]!.v!);
      const occupancy = (await (
        await fetch(query('occupancyIncludingLeave'), { headers: { authorization: `Bearer ${key}` } })
      ).json()) as TrendResponse;
      const values = occupancy.series[1]!.points.map((point) => point.v!);
      // Plausible for mental health wards (domain.md): mostly 85–110%.
      expect(Math.min(...values)).toBeGreaterThan(0.8);
      expect(Math.max(...values)).toBeLessThan(1.12);
      // Trust figures have history too: the collaborative's discharges are its trusts' added up.
      const discharges = (await (
        await fetch(query('completedDischarges'), { headers: { authorization: `Bearer ${key}` } })
      ).json()) as TrendResponse;
      const [rx3Discharges, rx4Discharges, nencDischarges] = discharges.series.map((series) => series.points);
      expect(rx4Discharges!.every((point) => point.v !== null && point.v >= 0)).toBe(true);
      for (const index of [0, 365, 729])
        expect(nencDischarges![index]!.v).toBe(rx3Discharges![index]!.v! + rx4Discharges![index]!.v!);
    } finally {
      await app.close();
    }
  });
});

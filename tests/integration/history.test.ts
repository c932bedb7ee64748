/**
 * History and trends against real Redis, BullMQ and PostgreSQL/PGlite: roll-ups computed from the
 * event log agree with an independent recomputation from the raw observations (in SQL) that leaves
 * out wards past the 12-hour not-reporting limit; weeks, months and quarters are the average of their
 * daily midnight censuses (bed days ÷ days, domain.md and KH03); the day's mean and peak and the KH03
 * sectors are served; late facts re-roll the days they belong to without carrying a ward past its
 * limit; the roll-up job keeps today current, rolling up only the trusts with new facts from each
 * fact's time on and a late day once its fact has settled; a rebuild a migration asks for runs once; and the trends
 * API returns chart-ready series with every period present.
 */
import type { BedStateObservation, TrendResponse } from '@wardpulse/shared';
import { addDays, londonDateOf, londonMidnight, OrgIndex } from '@wardpulse/shared';
import {
  EventLog,
  fileSource,
  HistoryRollups,
  importFile,
  MIGRATIONS,
  migrate,
  openPglite,
  OrgRepository,
} from '@wardpulse/jobs';
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
  referralDay,
  videoDay,
  waitingListSnapshot,
} from '../support/test-app.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe.each(engines())('history on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let rollups: HistoryRollups;
  const today = londonDateOf(Date.now());
  const from = addDays(today, -6);
  /**
   * Noon, `daysAgo` days back: 12 hours before the next London midnight, so that the day's report is
   * exactly at the not-reporting limit at its midnight census, on clock-change days too.
   */
  const noon = (daysAgo: number) => new Date(londonMidnight(addDays(today, -daysAgo + 1)) - 12 * HOUR).toISOString();
  const at = (daysAgo: number, hour: number) => new Date(londonMidnight(addDays(today, -daysAgo)) + hour * HOUR).toISOString();
  /** RX3's learning disability & autism ward (a KH03 sector of its own) and a ward of the mental illness sector. */
  let ldWard: string;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX3', 'RX4'], ['ingest', 'read']);
    const org = new OrgIndex(await new OrgRepository(app.running.database.db).loadDirectory());
    rollups = new HistoryRollups(app.running.database.db, () => org);
    ldWard = org.directory.wards.find((ward) => ward.trustOds === 'RX3' && ward.type === 'learning-disability-autism')!.id;
    expect(org.wardsById.get('RX3-W01')!.type).not.toBe('learning-disability-autism');
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
    // Three days ago RX4-W02 filled its leave beds from 15:00 to 20:00: a peak the midnight census misses.
    states.push(
      bedState('RX4-W02', { observedAt: at(3, 15), commissioned: 18, closed: 2, occupied: 16, onLeave: 3 }),
      bedState('RX4-W02', { observedAt: at(3, 20), commissioned: 18, closed: 2, occupied: 16, onLeave: 0 }),
    );
    // RX3's learning disability ward reports in the evening of the last four days.
    for (let daysAgo = 4; daysAgo >= 1; daysAgo--)
      states.push(
        bedState(ldWard, { observedAt: at(daysAgo, 21), commissioned: 8, closed: 0, occupied: 4 + daysAgo, onLeave: 0 }),
      );
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

  /**
   * The KH03 midnight census straight from the event log: each ward's last state before midnight, if
   * at most 12 hours old then (a ward past its limit is not reporting), per trust and for NENC.
   */
  const midnightCensus = async (day: string, wardFilter = 'true', now = Infinity) => {
    // Today's point is the state now (docs/measures.md, "The midnight census"), not at tonight's midnight.
    const end = new Date(Math.min(londonMidnight(addDays(day, 1)), now)).toISOString();
    const result = await app.running.database.db.query<{
      trust_ods: string | null;
      open: number;
      occupied: number;
      on_leave: number;
      vacant: number;
    }>(
      `select trust_ods, sum(open)::int as open, sum(occupied)::int as occupied, sum(on_leave)::int as on_leave,
              sum(greatest(0, open - occupied - on_leave))::int as vacant
       from (
         select distinct on (ward_id) trust_ods, observed_at, ward_id,
           (payload->>'commissioned')::int - (payload->>'closed')::int as open,
           (payload->>'occupied')::int as occupied, (payload->>'onLeave')::int as on_leave
         from event_log where kind = 'bedState' and trust_ods in ('RX3', 'RX4') and observed_at < $1
         order by ward_id, observed_at desc, event_id desc
       ) latest
       where observed_at >= $1::timestamptz - interval '12 hours' and ${wardFilter}
       group by rollup(trust_ods)`,
      [end],
    );
    return new Map(result.rows.map((row) => [row.trust_ods ? `trust:${row.trust_ods}` : 'collaborative:nenc', row]));
  };

  it('agrees with a recomputation from the raw observations for every day and scope, leaving out wards past their limit', async () => {
    await rollups.rollUp({ grain: 'day', from, to: today });
    const db = app.running.database.db;
    let checked = 0;
    for (let day = from; day < today; day = addDays(day, 1)) {
      const census = await midnightCensus(day);
      const points = await db.query<{ metric: string; scope: string; value: number }>(
        `select metric, scope, value from trend_point where grain = 'day' and sector = 'all' and period_start = $1 and scope in ('trust:RX4', 'trust:RX3', 'collaborative:nenc')`,
        [new Date(londonMidnight(day)).toISOString()],
      );
      const point = (metric: string, scope: string) =>
        points.rows.find((row) => row.metric === metric && row.scope === scope)?.value ?? null;
      for (const scope of ['trust:RX4', 'trust:RX3', 'collaborative:nenc']) {
        const row = census.get(scope);
        // RX3-W01 reports every other noon: on the days between, at midnight its report is 36 hours old.
        expect(point('vacantBeds', scope), `${day} ${scope}`).toBe(row?.vacant ?? null);
        if (!row) continue;
        checked++;
        expect(point('occupancyIncludingLeave', scope), `${day} ${scope}`).toBeCloseTo(
          (row.occupied + row.on_leave) / row.open,
          10,
        );
        expect(point('occupancyExcludingLeave', scope), `${day} ${scope}`).toBeCloseTo(row.occupied / row.open, 10);
      }
    }
    expect(checked).toBeGreaterThan(10);
    // The days between RX3's reports have no RX3 census at all, rather than its last one carried on.
    const quiet = await midnightCensus(addDays(today, -5));
    expect(quiet.get('trust:RX3')?.vacant ?? null).toBe(
      (await midnightCensus(addDays(today, -5), "ward_id <> 'RX3-W01'")).get('trust:RX3')?.vacant ?? null,
    );
  });

  it('serves weeks, months and quarters as the average of their daily midnight censuses (bed days ÷ days)', async () => {
    // One instant for the roll-up and the recomputation: the current week counts today's state now,
    // which in the hours after midnight still holds yesterday evening's reports.
    const now = Date.now();
    await rollups.rollUp({ grain: 'day', from: addDays(from, -7), to: today, now });
    for (const grain of ['week', 'month', 'quarter'] as const) {
      await rollups.rollUp({ grain, from, to: today, now });
      const response = await trends(
        `metric=occupancyIncludingLeave&scope=trust:RX4&scope=collaborative:nenc&from=${from}&to=${today}&grain=${grain}`,
      );
      expect(response.status).toBe(200);
      expect(response.body.grain).toBe(grain);
      const vacant = await trends(`metric=vacantBeds&scope=trust:RX4&from=${from}&to=${today}&grain=${grain}`);
      for (const [index, series] of response.body.series.entries()) {
        for (const [position, point] of series.points.entries()) {
          // The period's days (within the data, which begins at `from`): occupied ÷ available bed days.
          const next = series.points[position + 1]?.t ?? addDays(today, 1);
          let occupied = 0;
          let open = 0;
          let vacantDays = 0;
          let vacantSum = 0;
          for (let day = point.t < from ? from : point.t; day < next && day <= today; day = addDays(day, 1)) {
            const row = (await midnightCensus(day, 'true', now)).get(series.scope);
            if (!row) continue;
            occupied += row.occupied + row.on_leave;
            open += row.open;
            if (index === 0) {
              vacantSum += row.vacant;
              vacantDays++;
            }
          }
          // A period whose days have no census (today, before anything reports within its limit) has none.
          if (open === 0) expect(point.v, `${grain} ${point.t} ${series.scope}`).toBeNull();
          else expect(point.v, `${grain} ${point.t} ${series.scope}`).toBeCloseTo(occupied / open, 10);
          if (index === 0 && vacantDays === 0) expect(vacant.body.series[0]!.points[position]!.v).toBeNull();
          else if (index === 0) expect(vacant.body.series[0]!.points[position]!.v).toBeCloseTo(vacantSum / vacantDays, 10);
        }
      }
    }
  });

  it("serves the day's mean and peak beside its midnight census", async () => {
    await rollups.rollUp({ grain: 'day', from, to: today });
    const day = addDays(today, -3);
    const value = async (statistic: string) =>
      (await trends(`metric=occupancyIncludingLeave&scope=ward:RX4-W02&from=${day}&to=${day}&grain=day&statistic=${statistic}`))
        .body;
    const census = await value('census');
    expect(census.statistic).toBe('census');
    // 16 open beds. Midnight: 16 in (the 20:00 report). The report of the day before went stale at
    // midnight, so the day runs from noon: to 15:00 16 in, to 20:00 16 + 3 on leave, to midnight 16
    // (3, 5 and 4 hours, but for clock changes).
    expect(census.series[0]!.points[0]!.v).toBe(1);
    expect((await value('peak')).series[0]!.points[0]!.v).toBeCloseTo(19 / 16, 12);
    const [first, second, third] = [
      Date.parse(at(3, 15)) - Date.parse(noon(3)),
      Date.parse(at(3, 20)) - Date.parse(at(3, 15)),
      londonMidnight(addDays(day, 1)) - Date.parse(at(3, 20)),
    ];
    expect((await value('mean')).series[0]!.points[0]!.v).toBeCloseTo(
      (first * 16 + second * 19 + third * 16) / ((first + second + third) * 16),
      12,
    );
  });

  it('keeps learning disability & autism wards in their own KH03 sector', async () => {
    await rollups.rollUp({ grain: 'day', from, to: today });
    const day = addDays(today, -2);
    const sector = async (name: string, scope = 'trust:RX3') =>
      (await trends(`metric=occupancyExcludingLeave&scope=${scope}&from=${day}&to=${day}&grain=day&sector=${name}`)).body;
    const ld = await midnightCensus(day, `ward_id = '${ldWard}'`);
    const mi = await midnightCensus(day, `ward_id <> '${ldWard}'`);
    const all = await midnightCensus(day);
    const ratio = (row: { occupied: number; open: number } | undefined) => (row ? row.occupied / row.open : null);
    expect((await sector('learning-disabilities')).series[0]!.points[0]!.v).toBeCloseTo(ratio(ld.get('trust:RX3'))!, 12);
    expect((await sector('mental-illness')).series[0]!.points[0]!.v).toBeCloseTo(ratio(mi.get('trust:RX3'))!, 12);
    expect((await sector('all')).series[0]!.points[0]!.v).toBeCloseTo(ratio(all.get('trust:RX3'))!, 12);
    // A ward asked for its own sector is itself; for the other it has no beds in it.
    // Its 21:00 report two days ago: 6 of 8 beds.
    expect((await sector('learning-disabilities', `ward:${ldWard}`)).series[0]!.points[0]!.v).toBeCloseTo(6 / 8, 12);
    expect((await sector('mental-illness', `ward:${ldWard}`)).series[0]!.points[0]!.v).toBeNull();
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

  it("trends a day's referrals received and the acceptance of those decided, from the day's latest report", async () => {
    const date = addDays(today, -3);
    // The SPA's afternoon report, replaced by its final one the next morning: 60 received, 41
    // accepted, 17 declined, 2 still pending; 41 ÷ (41 + 17) = 41 ÷ 58 = 0.706896…
    const early = referralDay('RX4', { date, observedAt: noon(3) });
    const final = referralDay('RX4', { date, observedAt: noon(2), received: 60, accepted: 41, declined: 17, pending: 2 });
    expect((await postJson(`${app.url}/api/v1/referrals`, { events: [early, final] }, key)).status).toBe(202);
    await eventually(async () => {
      const rows = await app.running.database.db.query(
        'select 1 from event_log where event_id = any($1) and applied_at is not null',
        [[early.eventId, final.eventId]],
      );
      return rows.rows.length === 2 ? true : undefined;
    }, 30_000);
    await rollups.rollUp({ grain: 'day', from, to: today });
    const received = await trends(`metric=referralsReceived&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(received.body.series[0]!.points.map((point) => point.v)).toEqual([null, null, null, 60, null, null, null]);
    const rate = await trends(`metric=referralAcceptanceRate&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(rate.body.series[0]!.points[3]!.v).toBeCloseTo(0.706897, 5);
    // The test organisation's RX4 serves 1,700,000 people (demo populations): 60 ÷ 1,700,000 × 100,000 = 3.529411…
    const per100k = await trends(`metric=referralsPer100k&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(per100k.body.series[0]!.points[3]!.v).toBeCloseTo(3.529412, 5);
  });

  it('trends waiting more than 52 weeks under its new name and the old one, and Talking Therapies at 18 weeks', async () => {
    await rollups.rollUp({ grain: 'day', from, to: today });
    // The list's bands (test-app): 5 over 52 up to 78 weeks, 2 over 78 up to 104, 1 over 104.
    const over52 = await trends(`metric=waitingMoreThan52Weeks&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(over52.status).toBe(200);
    expect(over52.body.metric).toMatchObject({ id: 'waitingMoreThan52Weeks', label: 'Waiting more than 52 weeks' });
    expect(over52.body.series[0]!.points.map((point) => point.v)).toEqual([null, null, null, 8, 8, 8, 8]);
    // A link or client of the previous release still asks by the old id: same series, new name.
    const legacy = await trends(`metric=waiting52WeeksPlus&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(legacy.status).toBe(200);
    expect(legacy.body.metric.id).toBe('waitingMoreThan52Weeks');
    expect(legacy.body.series).toEqual(over52.body.series);
    // The snapshot reports 6 weeks only: the 18-week share has no denominator, so no point (null).
    const eighteen = await trends(`metric=talkingTherapies18WeekShare&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(eighteen.status).toBe(200);
    expect(eighteen.body.metric.reference).toEqual({ value: 0.95, label: 'Standard 95%' });
    expect(eighteen.body.series[0]!.points.every((point) => point.v === null)).toBe(true);
    const six = await trends(`metric=talkingTherapies6WeekShare&scope=trust:RX4&from=${from}&to=${today}&grain=day`);
    expect(six.body.series[0]!.points.at(-1)!.v).toBe(0.8); // 80 of 100 finishing treatment
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
    await rollups.rollUpChanges(new Date(Date.now() - DAY), { everyTrust: false, longGrains: false, settleMs: 0 });
    // Its day, and no further: at the next midnight the report is 36 hours old and the ward is not
    // reporting (the old roll-up carried its 2 vacant beds on to today).
    const after = await eventually(async () => {
      const body = (await trends(`metric=vacantBeds&scope=ward:RX4-W03&from=${from}&to=${today}&grain=day`)).body;
      const values = body.series[0]!.points.slice(2).map((point) => point.v);
      return values[0] === 2 ? values : undefined;
    });
    expect(after).toEqual([2, null, null, null, null]);
    const peak = await trends(`metric=vacantBeds&scope=ward:RX4-W03&from=${from}&to=${today}&grain=day&statistic=peak`);
    expect(peak.body.series[0]!.points.slice(2).map((point) => point.v)).toEqual([2, null, null, null, null]);
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
    // Only daily censuses have a mean and peak, and only bed measures KH03 sectors.
    const noPeak = await trends(`metric=oapBedDays&scope=trust:RX4&from=${from}&to=${today}&statistic=peak`);
    expect(noPeak.status).toBe(400);
    expect(noPeak.body.error!.details[0]!.path).toBe('statistic');
    const noSector = await trends(`metric=waitingListSize&scope=trust:RX4&from=${from}&to=${today}&sector=learning-disabilities`);
    expect(noSector.status).toBe(400);
    expect(noSector.body.error!.details[0]!.path).toBe('sector');
    const badStatistic = await trends(`metric=vacantBeds&scope=trust:RX4&from=${from}&to=${today}&statistic=median`);
    expect(badStatistic.status).toBe(400);
    expect(badStatistic.body.error!.details[0]!.path).toBe('statistic');
    const rx3Only = await app.createKey(['RX3'], ['read']);
    const forbidden = await fetch(`${app.url}/api/v1/trends?metric=vacantBeds&scope=trust:RX4&from=${from}&to=${today}`, {
      headers: { authorization: `Bearer ${rx3Only}` },
    });
    expect(forbidden.status).toBe(403);
  });
  it('re-rolls everything once when a migration asks, and then not again', async () => {
    const db = app.running.database.db;
    await rollups.rollUp({ grain: 'day', from, to: today });
    const day = new Date(londonMidnight(addDays(today, -2))).toISOString();
    const stored = async () =>
      (
        await db.query<{ value: number }>(
          `select value from trend_point where metric = 'vacantBeds' and scope = 'trust:RX4' and sector = 'all' and grain = 'day' and period_start = $1`,
          [day],
        )
      ).rows[0]?.value;
    const right = await stored();
    // As the old roll-ups left it: a figure the rebuild must replace.
    await db.query(
      `update trend_point set value = 999 where metric = 'vacantBeds' and scope = 'trust:RX4' and grain = 'day' and period_start = $1`,
      [day],
    );
    await db.query(`insert into history_rebuild (reason) values ('test')`);
    // The app's own job or this call, whichever claims it first, rebuilds.
    await rollups.runRequestedRebuild();
    await eventually(async () => ((await stored()) === right ? true : undefined), 60_000);
    await eventually(
      async () => ((await db.query(`select 1 from history_rebuild where done_at is null`)).rows.length === 0 ? true : undefined),
      60_000,
    );
    // Done once: nothing is left to claim.
    expect(await rollups.runRequestedRebuild()).toBeNull();
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
    // Its own roll-ups, not those earlier tests left: days and hours of the whole week.
    await rollups.rollUp({ grain: 'day', from, to: today });
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

describe.each(engines())("the roll-up job's passes on %s", (engine) => {
  // The server role only: no jobs role rolls anything up behind the test's back. Facts are logged
  // and marked applied straight in the event log, as an import does.
  let app: TestApp;
  let rollups: HistoryRollups;
  let eventLog: EventLog;
  beforeAll(async () => {
    app = await startTestApp({ engine, role: 'server' });
    const org = new OrgIndex(await new OrgRepository(app.running.database.db).loadDirectory());
    rollups = new HistoryRollups(app.running.database.db, () => org);
    eventLog = new EventLog(app.running.database.db);
  });
  afterAll(() => app?.close());

  const apply = async (fact: ReturnType<typeof bedState>) => {
    const state = fact as BedStateObservation;
    await eventLog.appendBedStates([state], (wardId) => wardId.slice(0, 3), 'test');
    await eventLog.markApplied('bedState', state.wardId.slice(0, 3), state.eventId, 'applied');
  };
  /** When each stored point of a scope at a grain was computed, by period. */
  const computed = async (scope: string, grain: string) => {
    const result = await app.running.database.db.query<{ period_start: Date; computed_at: Date }>(
      `select period_start, max(computed_at) as computed_at from trend_point where scope = $1 and grain = $2
       group by period_start order by period_start`,
      [scope, grain],
    );
    return new Map(result.rows.map((row) => [new Date(row.period_start).getTime(), new Date(row.computed_at).getTime()]));
  };
  const vacant = async (scope: string, grain: string, start: number) => {
    const result = await app.running.database.db.query<{ value: number }>(
      `select value from trend_point where metric = 'vacantBeds' and scope = $1 and grain = $2 and sector = 'all'
       and period_start = $3`,
      [scope, grain, new Date(start).toISOString()],
    );
    return result.rows[0]?.value;
  };

  it('rolls up only the trusts with new facts, from the fact on, and a late day once its fact has settled', async () => {
    const now = Date.now();
    const today = londonDateOf(now);
    // Earlier reports of an RX3 and an RX4 ward, then every trust's recent periods, as the job's first run does.
    for (const wardId of ['RX3-W01', 'RX4-W05'])
      await apply(
        bedState(wardId, { observedAt: new Date(now - 3 * HOUR).toISOString(), commissioned: 12, closed: 0, occupied: 8 }),
      );
    let cursor = await rollups.rollUpChanges(new Date(now - DAY), { everyTrust: true, longGrains: true, now, settleMs: 0 });
    const rx3Before = await computed('trust:RX3', 'hour');
    expect(rx3Before.size).toBeGreaterThan(0);

    // A report for an RX4 ward 10 minutes ago: 12 open, 9 occupied, 1 on leave → 2 vacant.
    const observedAt = now - 10 * 60_000;
    const hourStart = Math.floor(observedAt / HOUR) * HOUR;
    const wardBefore = await computed('ward:RX4-W05', 'hour');
    await apply(
      bedState('RX4-W05', {
        observedAt: new Date(observedAt).toISOString(),
        commissioned: 12,
        closed: 0,
        occupied: 9,
        onLeave: 1,
      }),
    );
    cursor = await rollups.rollUpChanges(cursor, { everyTrust: false, longGrains: false, now, settleMs: 0 });
    expect(await vacant('ward:RX4-W05', 'hour', hourStart)).toBe(2);
    const wardAfter = await computed('ward:RX4-W05', 'hour');
    for (const [start, at] of wardBefore) {
      // Hours before the fact's were left as they were; its hour (and any after) computed again.
      if (start < hourStart) expect(wardAfter.get(start)).toBe(at);
      else expect(wardAfter.get(start)).toBeGreaterThan(at);
    }
    // No RX3 fact: none of RX3's points was touched.
    expect(await computed('trust:RX3', 'hour')).toEqual(rx3Before);

    // A late report, four days ago at noon: 10 open, 7 occupied, 1 on leave → 2 vacant that day.
    const lateDay = addDays(today, -4);
    const lateStart = londonMidnight(lateDay);
    await apply(
      bedState('RX4-W05', {
        observedAt: new Date(lateStart + 12 * HOUR).toISOString(),
        commissioned: 10,
        closed: 0,
        occupied: 7,
        onLeave: 1,
      }),
    );
    // Applied within the last minute: not settled yet, so its day waits (the cursor stays before it).
    const unsettled = await rollups.rollUpChanges(cursor, { everyTrust: false, longGrains: false, now, settleMs: 60_000 });
    expect(await vacant('ward:RX4-W05', 'day', lateStart)).toBeUndefined();
    expect(unsettled.getTime()).toBe(cursor.getTime());
    cursor = await rollups.rollUpChanges(unsettled, { everyTrust: false, longGrains: false, now, settleMs: 0 });
    expect(await vacant('ward:RX4-W05', 'day', lateStart)).toBe(2);
    expect(await vacant('trust:RX4', 'day', lateStart)).toBe(2);
    // Read once: the next run from the new cursor finds nothing and rewrites nothing.
    const settledDays = await computed('ward:RX4-W05', 'day');
    await rollups.rollUpChanges(cursor, { everyTrust: false, longGrains: false, now, settleMs: 0 });
    expect(await computed('ward:RX4-W05', 'day')).toEqual(settledDays);
    expect(await computed('trust:RX3', 'hour')).toEqual(rx3Before);
  });
});

describe('migration 17 (KH03 periods)', () => {
  it('keeps existing roll-ups as the whole scope, adds weeks and quarters, and asks for one rebuild', async () => {
    const db = await openPglite();
    try {
      await migrate(
        db,
        MIGRATIONS.filter((migration) => migration.id < 17),
      );
      await db.query(
        `insert into trend_point (metric, scope, grain, period_start, value) values ('vacantBeds', 'trust:RX4', 'month', '2026-01-01T00:00:00Z', 3)`,
      );
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((migration) => migration.id <= 17),
        ),
      ).toEqual([17]);
      const row = await db.query<{ sector: string; value: number }>('select sector, value from trend_point');
      expect(row.rows).toEqual([{ sector: 'all', value: 3 }]);
      await db.query(
        `insert into trend_point (metric, scope, sector, grain, period_start, value) values ('vacantBeds', 'trust:RX4', 'learning-disabilities', 'quarter', '2026-01-01T00:00:00Z', 1)`,
      );
      const requests = await db.query<{ done_at: Date | null }>('select done_at from history_rebuild');
      expect(requests.rows).toEqual([{ done_at: null }]);
    } finally {
      await db.close();
    }
    const fresh = await openPglite();
    try {
      await migrate(fresh);
      expect((await fresh.query('select 1 from history_rebuild')).rows).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});

describe('migration 19 (waiting more than 52 weeks)', () => {
  it('keeps the stored history of waiting52WeeksPlus under its new name and asks for a rebuild by the new rule', async () => {
    const db = await openPglite();
    try {
      await migrate(
        db,
        MIGRATIONS.filter((migration) => migration.id < 19),
      );
      await db.query('update history_rebuild set done_at = now()');
      await db.query(
        `insert into trend_point (metric, scope, grain, period_start, value) values
           ('waiting52WeeksPlus', 'trust:RX4', 'day', '2026-01-01T00:00:00Z', 12),
           ('waitingListSize', 'trust:RX4', 'day', '2026-01-01T00:00:00Z', 300)`,
      );
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((migration) => migration.id === 19),
        ),
      ).toEqual([19]);
      const rows = await db.query<{ metric: string; value: number }>('select metric, value from trend_point order by metric');
      expect(rows.rows).toEqual([
        { metric: 'waitingListSize', value: 300 },
        { metric: 'waitingMoreThan52Weeks', value: 12 },
      ]);
      const requests = await db.query<{ reason: string }>('select reason from history_rebuild where done_at is null');
      expect(requests.rows).toEqual([{ reason: expect.stringMatching(/more than 52 weeks/) }]);
    } finally {
      await db.close();
    }
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
      // A month of vacant beds is the average of its days, and its peak at least its busiest day's census.
      // A whole month well inside the two years.
      const month = `${addDays(from, 40).slice(0, 8)}01`;
      const monthEnd = addDays(`${addDays(month, 40).slice(0, 8)}01`, -1);
      const perDay = (await (
        await fetch(
          `${app.url}/api/v1/trends?metric=vacantBeds&scope=collaborative:nenc&from=${month}&to=${monthEnd}&grain=day`,
          { headers: { authorization: `Bearer ${key}` } },
        )
      ).json()) as TrendResponse;
      const monthly = async (statistic: string) =>
        (
          (await (
            await fetch(
              `${app.url}/api/v1/trends?metric=vacantBeds&scope=collaborative:nenc&from=${month}&to=${monthEnd}&grain=month&statistic=${statistic}`,
              { headers: { authorization: `Bearer ${key}` } },
            )
          ).json()) as TrendResponse
        ).series[0]!.points[0]!.v!;
      const dayValues = perDay.series[0]!.points.map((point) => point.v!);
      expect(await monthly('census')).toBeCloseTo(dayValues.reduce((sum, v) => sum + v, 0) / dayValues.length, 9);
      expect(await monthly('peak')).toBeGreaterThanOrEqual(Math.max(...dayValues));
    } finally {
      await app.close();
    }
  });
});

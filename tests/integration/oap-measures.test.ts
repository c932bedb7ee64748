/**
 * Out-of-area placements as published (#15 item 3), through the HTTP API against real Redis, BullMQ
 * and PostgreSQL/PGlite: the OAP01a–OAP04a figures, bed days and cost count inappropriate placements
 * only (reason "no bed available", domain.md), the all-OAP figures stay beside them under their own
 * names, "other" is refused as an inappropriate reason, and the cost history prices each bed day at
 * the daily cost in force that day, so a rate change does not rewrite past months.
 */
import type { LiveResponse, TrendResponse } from '@wardpulse/shared';
import { addDays, daysBetween, londonDateOf, londonMidnight, OrgIndex } from '@wardpulse/shared';
import { HistoryRollups, OrgRepository } from '@wardpulse/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, eventually, placementEvent, postJson, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(engines())('out-of-area placements as published on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let rollups: HistoryRollups;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4'], ['ingest', 'read']);
    const org = new OrgIndex(await new OrgRepository(app.running.database.db).loadDirectory());
    rollups = new HistoryRollups(app.running.database.db, () => org);
  });
  afterAll(() => app?.close());

  const post = (body: unknown) => postJson(`${app.url}/api/v1/placements`, body, key);
  const applied = (eventIds: string[]) =>
    eventually(async () => {
      const rows = await app.running.database.db.query(
        'select 1 from event_log where event_id = any($1) and applied_at is not null',
        [eventIds],
      );
      return rows.rows.length === eventIds.length ? true : undefined;
    }, 30_000);
  const trends = async (query: string) => {
    const response = await fetch(`${app.url}/api/v1/trends?${query}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as TrendResponse;
  };

  it("refuses 'other' as the reason of an inappropriate placement, naming the field", async () => {
    const other = placementEvent('oap-other', 'started');
    Object.assign(other.details as object, { appropriate: false, reason: 'other' });
    const refused = await post(other);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([
      { path: 'details.reason', message: expect.stringMatching(/must be no-bed-available; "other" is not inappropriate/) },
    ]);
  });

  it('shows OAP01a and OAP03a over inappropriate placements and the all-OAP figures beside them, live', async () => {
    const thisMonth = `${londonDateOf(Date.now()).slice(0, 8)}01`;
    // A minute ago, but never before this month began (a run just after midnight on the 1st).
    const at = new Date(Math.max(londonMidnight(thisMonth), Date.now() - 60_000)).toISOString();
    const noBed = placementEvent('oap-live-nobed', 'started', { occurredAt: at });
    const choice = placementEvent('oap-live-choice', 'started', { occurredAt: at });
    Object.assign(choice.details as object, { appropriate: true, reason: 'other' });
    expect((await post({ events: [noBed, choice] })).status).toBe(202);
    await applied([noBed.eventId, choice.eventId]);
    const response = await fetch(`${app.url}/api/v1/live?scope=trust:RX4`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await response.json()) as LiveResponse;
    // Two started this month, one of them for want of a bed: OAP01a = 1, OAP03a = 1; all OAPs = 2.
    expect(body.summary.placements).toMatchObject({
      active: 2,
      activeInappropriate: 1,
      startedThisMonth: 2,
      inappropriateStartedThisMonth: 1,
    });
  });

  it('prices each bed day at the daily cost in force that day, so a rate change leaves past months as they were', async () => {
    // Month M is the month before last, N the month after it (last month): both wholly past.
    const today = londonDateOf(Date.now());
    const thisMonth = `${today.slice(0, 8)}01`;
    const n = `${addDays(thisMonth, -1).slice(0, 8)}01`;
    const m = `${addDays(n, -1).slice(0, 8)}01`;
    const days = daysBetween(m, n); // nights in month M
    const at = (date: string, hour: number) => new Date(londonMidnight(date) + hour * 3_600_000).toISOString();
    const withCost = (event: ReturnType<typeof placementEvent>, dailyCost: number, extra: object = {}) => {
      Object.assign(event.details as object, { dailyCost, ...extra });
      return event;
    };
    // Inappropriate: from noon on the 1st of M at £600; £700 from 09:00 on the 16th; £900 from
    // 09:00 on the 3rd of N; ended at noon on the 5th of N.
    const events = [
      withCost(placementEvent('oap-rate', 'started', { occurredAt: at(m, 12) }), 600),
      withCost(placementEvent('oap-rate', 'updated', { occurredAt: at(addDays(m, 15), 9) }), 700),
      withCost(placementEvent('oap-rate', 'updated', { occurredAt: at(addDays(n, 2), 9) }), 900),
      placementEvent('oap-rate', 'ended', { occurredAt: at(addDays(n, 4), 12) }),
      // Appropriate (patient choice), £500: noon on the 10th to noon on the 12th of M = 2 nights.
      withCost(placementEvent('oap-choice', 'started', { occurredAt: at(addDays(m, 9), 12) }), 500, {
        appropriate: true,
        reason: 'patient-choice',
      }),
      placementEvent('oap-choice', 'ended', { occurredAt: at(addDays(m, 11), 12) }),
    ];
    const posted = await post({ events });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    await applied(events.map((event) => event.eventId));

    // Month M: the nights of the 1st to the last day, counted at the midnights of the 2nd to the 1st
    // of N. Midnights of the 2nd–16th come before the 09:00 change: 15 nights at £600, the other
    // (days − 15) at £700. Month N: the nights of the 1st–4th; midnights of the 2nd and 3rd are
    // before 09:00 on the 3rd (£700), those of the 4th and 5th after it (£900): 2 × 700 + 2 × 900.
    const inappropriateM = 15 * 600 + (days - 15) * 700;
    const inappropriateN = 2 * 700 + 2 * 900;
    const range = `scope=trust:RX4&from=${m}&to=${addDays(thisMonth, -1)}&grain=month`;
    const cost = await eventually(async () => {
      // Months are made from their days: the days first.
      await rollups.rollUp({ grain: 'day', from: m, to: addDays(thisMonth, -1), trusts: ['RX4'] });
      await rollups.rollUp({ grain: 'month', from: m, to: addDays(thisMonth, -1), trusts: ['RX4'] });
      const body = await trends(`metric=inappropriateOapCost&${range}`);
      const values = body.series[0]!.points.map((point) => point.v);
      return values[0] === inappropriateM && values[1] === inappropriateN ? body : undefined;
    }, 30_000);
    expect(cost.metric).toMatchObject({ id: 'inappropriateOapCost', label: 'Inappropriate OAP cost', unit: 'gbp' });
    expect(cost.series[0]!.points).toEqual([
      { t: m, v: inappropriateM },
      { t: n, v: inappropriateN },
    ]);

    // All OAPs: the patient-choice placement's 2 nights at £500 are added, under their own name.
    const all = await trends(`metric=oapCost&${range}`);
    expect(all.metric.label).toBe('OAP cost, all reasons');
    expect(all.series[0]!.points.map((point) => point.v)).toEqual([inappropriateM + 2 * 500, inappropriateN]);
    const bedDays = await trends(`metric=inappropriateOapBedDays&${range}`);
    expect(bedDays.metric.label).toBe('Inappropriate OAP bed days (OAP02a)');
    expect(bedDays.series[0]!.points.map((point) => point.v)).toEqual([days, 4]);
    expect((await trends(`metric=oapBedDays&${range}`)).series[0]!.points.map((point) => point.v)).toEqual([days + 2, 4]);
    // OAP01a and OAP04a: the inappropriate one started in M and ended in N; the appropriate one is not counted.
    const started = await trends(`metric=inappropriateOapsStarted&${range}`);
    expect(started.series[0]!.points.map((point) => point.v)).toEqual([1, 0]);
    const ended = await trends(`metric=inappropriateOapsEnded&${range}`);
    expect(ended.series[0]!.points.map((point) => point.v)).toEqual([0, 1]);

    // Rolling M up again once N's dearer rate is known changes nothing in M.
    await rollups.rollUp({ grain: 'day', from: m, to: addDays(n, -1), trusts: ['RX4'] });
    await rollups.rollUp({ grain: 'month', from: m, to: addDays(n, -1), trusts: ['RX4'] });
    expect((await trends(`metric=inappropriateOapCost&${range}`)).series[0]!.points[0]!.v).toBe(inappropriateM);
  });
});

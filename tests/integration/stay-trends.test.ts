/**
 * Length-of-stay trends end to end against real Redis, real BullMQ workers and a real database
 * (PGlite, and PostgreSQL where reachable): a feed's stays → event log → worker → the stay table →
 * GET /api/v1/trends computing each month's admissions, discharges and length of stay from them on
 * request (shared/src/stay-trends.ts), with the values hand-worked in shared/src/stay-trends.spec.ts,
 * for the ward, its trust, its site and its region;
 * the hour grain refused naming the field; another trust's key refused.
 */
import type { TrendResponse } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

// The stays of stay-trends.spec.ts (its comments work the nights out), on one ward.
const STAYS: [string, string | null][] = [
  ['2025-11-01T10:00:00Z', '2026-03-02T10:00:00Z'], // 121 nights
  ['2025-12-01T10:00:00Z', null],
  ['2026-01-05T10:00:00Z', '2026-03-20T10:00:00Z'], // 74 nights
  ['2026-01-20T10:00:00Z', '2026-03-10T10:00:00Z'], // 49 nights
  ['2026-02-05T12:00:00Z', '2026-02-25T12:00:00Z'], // 20 nights
  ['2026-03-28T12:00:00Z', '2026-03-30T11:00:00Z'], // 2 nights across the clocks going forward
  ['2026-03-31T23:30:00Z', null], // 1 April in London
];
const RANGE = 'from=2025-10-01&to=2026-04-30&grain=month';

describe.each(engines())('length-of-stay trends on %s', (engine) => {
  let app: TestApp;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp({ engine });
    key = await app.createKey(['RX4']);
    const events = STAYS.map(([admittedAt, dischargedAt], index) => ({
      eventId: `stay-trend-${index}`,
      stayRef: `T${index}`,
      wardId: 'RX4-W04',
      admittedAt,
      dischargedAt,
      recordedAt: '2026-06-01T12:00:00Z',
    }));
    const response = await postJson(`${app.url}/api/v1/stays`, { events }, key);
    expect(response.status).toBe(202);
    await eventually(async () => {
      const rows = await app.running.database.db.query('select 1 from inpatient_stay where ward_id = $1', ['RX4-W04']);
      return rows.rows.length === STAYS.length ? true : undefined;
    });
  });
  afterAll(() => app?.close());

  const trends = (query: string, apiKey = key) =>
    fetch(`${app.url}/api/v1/trends?${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const values = async (metric: string, scope: string) => {
    const response = await trends(`metric=${metric}&scope=${scope}&${RANGE}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as TrendResponse;
    return body.series[0]!.points.map((point) => point.v);
  };

  it("gives each month's flow and length of stay from the stays, null for October which none touches", async () => {
    expect(await values('stayAdmissions', 'ward:RX4-W04')).toEqual([null, 1, 1, 2, 1, 1, 1]);
    expect(await values('stayDischarges', 'ward:RX4-W04')).toEqual([null, 0, 0, 0, 1, 4, 0]);
    // March's discharges [2, 49, 74, 121]: mean 61.5, median 61.5, p90 106.9; 60+ two, 90+ one.
    expect(await values('meanLengthOfStay', 'ward:RX4-W04')).toEqual([null, null, null, null, 20, 61.5, null]);
    expect(await values('medianLengthOfStay', 'ward:RX4-W04')).toEqual([null, null, null, null, 20, 61.5, null]);
    const p90 = await values('p90LengthOfStay', 'ward:RX4-W04');
    expect(p90[5]).toBeCloseTo(106.9, 10);
    expect(await values('dischargedStays60Plus', 'ward:RX4-W04')).toEqual([null, 0, 0, 0, 0, 2, 0]);
    expect(await values('dischargedStays90Plus', 'ward:RX4-W04')).toEqual([null, 0, 0, 0, 0, 1, 0]);
    expect(await values('currentMedianLengthOfStay', 'ward:RX4-W04')).toEqual([null, 29, 45, 43.5, 71.5, 120, 89.5]);
  });

  it("counts the trust's wards together and says what the series is", async () => {
    const response = await trends(`metric=medianLengthOfStay&scope=trust:RX4&${RANGE}`);
    const body = (await response.json()) as TrendResponse;
    expect(body.metric).toMatchObject({ id: 'medianLengthOfStay', unit: 'days', better: 'lower', reference: null });
    expect(body.series[0]!.points.map((point) => point.v)).toEqual([null, null, null, null, 20, 61.5, null]);
    expect(body.benchmarks).toEqual([]);
  });

  it("reads the ward's site and region (all the wards under them) as it reads the trust", async () => {
    const org = (await (await fetch(`${app.url}/api/v1/org`)).json()) as { wards: { id: string; siteId: string }[] };
    const site = org.wards.find((ward) => ward.id === 'RX4-W04')!.siteId;
    const regionKey = await app.createKey(['RX4', 'RX3', 'TAD']);
    for (const scope of [`site:${site}`, 'region:Y63']) {
      const response = await trends(`metric=currentMedianLengthOfStay&scope=${scope}&${RANGE}`, regionKey);
      expect(response.status).toBe(200);
      const body = (await response.json()) as TrendResponse;
      expect(body.series[0]!.points.map((point) => point.v)).toEqual([null, 29, 45, 43.5, 71.5, 120, 89.5]);
    }
  });

  it('refuses the hour grain, a daily value and a sector for length of stay, naming the field', async () => {
    const field = async (query: string) => {
      const response = await trends(query);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { details: { path: string; message: string }[] } }).error.details[0];
    };
    expect(await field('metric=medianLengthOfStay&scope=trust:RX4&from=2026-03-01&to=2026-03-02&grain=hour')).toEqual({
      path: 'grain',
      message: expect.stringContaining('counted in nights'),
    });
    expect((await field(`metric=medianLengthOfStay&scope=trust:RX4&${RANGE}&statistic=peak`))?.path).toBe('statistic');
    expect((await field(`metric=medianLengthOfStay&scope=trust:RX4&${RANGE}&sector=mental-illness`))?.path).toBe('sector');
  });

  it("refuses another trust's key for the ward and the trust", async () => {
    const rx3Only = await app.createKey(['RX3']);
    for (const scope of ['ward:RX4-W04', 'trust:RX4']) {
      const response = await trends(`metric=medianLengthOfStay&scope=${scope}&${RANGE}`, rx3Only);
      expect(response.status).toBe(403);
    }
    const own = await trends(`metric=medianLengthOfStay&scope=trust:RX3&${RANGE}`, rx3Only);
    expect(own.status).toBe(200);
    expect(((await own.json()) as TrendResponse).series[0]!.points.every((point) => point.v === null)).toBe(true);
  });
});

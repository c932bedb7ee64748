/**
 * Specialised collaboratives, regions and sites as scopes (#15 item 8) against a real server, real
 * workers, real Redis and each database engine: a PROSPECT lead (a grant over the specialised
 * adult-secure collaborative) reads PROSPECT's board and RW4's secure wards, and is refused RW4 as a
 * trust, RW4's other wards and its trust-level returns; the board and the socket scope carry only the
 * secure wards; a region scope covers its trusts whole.
 */
import { HistoryRollups, OrgRepository } from '@wardpulse/jobs';
import { londonDateOf, OrgIndex, type LiveSnapshot, type TrendResponse, type Ward } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../server/src/auth/users.js';
import { collectDeltas, connectLive, connected, subscribe, wardChanges, type LiveSocket } from '../support/live-client.js';
import { bedState, engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'prospect lead password';
const SECURE = new Set<Ward['type']>(['adult-secure-low', 'adult-secure-medium']);

describe.each(engines())('scopes that follow service lines and regions on %s', (engine) => {
  let app: TestApp;
  let org: OrgIndex;
  let cookie: string;
  let key: string;
  let secureWard: Ward;
  let acuteWard: Ward;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    app = await startTestApp({ engine });
    org = new OrgIndex(await new OrgRepository(app.running.database.db).loadDirectory());
    const rw4 = org.wardsIn({ kind: 'trust', id: 'RW4' }) ?? [];
    secureWard = rw4.find((ward) => SECURE.has(ward.type))!;
    acuteWard = rw4.find((ward) => ward.type === 'adult-acute')!;
    await new UserRepository(app.running.database.db).create({
      email: 'prospect.lead@example.nhs.uk',
      name: 'PROSPECT lead',
      password: PASSWORD,
      grants: [{ role: 'bed-manager', scope: { kind: 'collaborative', id: 'prospect' } }],
    });
    const session = await fetch(`${app.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'prospect.lead@example.nhs.uk', password: PASSWORD }),
    });
    expect(session.status).toBe(200);
    cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    key = await app.createKey(['RW4', 'RX3', 'RX4', 'TAD']);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app?.close();
  });

  const asLead = (path: string) => fetch(`${app.url}/api/v1${path}`, { headers: { cookie } });
  const live = async (scope: string, headers: Record<string, string>) => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${encodeURIComponent(scope)}`, { headers });
    const json = (await response.json()) as { snapshot: LiveSnapshot };
    return { status: response.status, body: json.snapshot };
  };

  it('has the demo shape the tests rely on: RW4 has secure and acute wards', () => {
    expect(secureWard).toBeDefined();
    expect(acuteWard).toBeDefined();
  });

  it('lets a PROSPECT lead read PROSPECT and an RW4 secure ward, and nothing else of RW4', async () => {
    expect((await asLead('/live?scope=collaborative:prospect')).status).toBe(200);
    expect((await asLead(`/live?scope=ward:${secureWard.id}`)).status).toBe(200);
    expect((await asLead('/live?scope=trust:RW4')).status).toBe(403);
    expect((await asLead(`/live?scope=ward:${acuteWard.id}`)).status).toBe(403);
    // RW4's trust-level returns: placements as a trend, and its sitreps.
    expect((await asLead('/trends?metric=activeOaps&scope=trust:RW4&from=2026-01-01&to=2026-01-31&grain=day')).status).toBe(403);
    expect((await asLead('/sitreps?trust=RW4')).status).toBe(403);
    // The region above RW4 shows RW4 whole.
    expect((await asLead('/live?scope=region:Y62')).status).toBe(403);
  });

  it('lets the lead update a secure ward but not an acute one (ward-level check)', async () => {
    const update = { occupied: 3, onLeave: 0, closed: 0, pendingAdmissions: 0, clinicallyReadyForDischarge: 0 };
    const session = await fetch(`${app.url}/api/v1/session`, { headers: { cookie } });
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const put = (ward: Ward) =>
      fetch(`${app.url}/api/v1/wards/${ward.id}/bed-state`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(update),
      });
    expect((await put(acuteWard)).status).toBe(403);
    expect((await put(secureWard)).status).toBe(202);
  });

  it("lists only the secure wards on PROSPECT's board, with no trust-level measures", async () => {
    const { status, body } = await live('collaborative:prospect', { cookie });
    expect(status).toBe(200);
    expect(body.wards.length).toBeGreaterThan(0);
    expect(body.wards.every(({ ward }) => ward.trustOds === 'RW4' && SECURE.has(ward.type))).toBe(true);
    const expected = (org.wardsIn({ kind: 'trust', id: 'RW4' }) ?? []).filter((ward) => SECURE.has(ward.type));
    expect(body.wards.map(({ ward }) => ward.id).sort()).toEqual(expected.map((ward) => ward.id).sort());
    expect(body.trusts).toEqual([]);
    expect(body.s136Suites).toEqual([]);
    // Its totals count the secure wards alone.
    expect(body.totals.wardsReporting + body.notReporting.count).toBe(expected.length);
  });

  it("gives the lead a directory of PROSPECT's wards without RW4 as a trust", async () => {
    const response = await asLead('/org');
    const directory = (await response.json()) as { trusts: { ods: string }[]; wards: Ward[]; collaboratives: { id: string }[] };
    expect(directory.trusts).toEqual([]);
    expect(directory.collaboratives.map((collaborative) => collaborative.id)).toEqual(['prospect']);
    expect(directory.wards.length).toBeGreaterThan(0);
    expect(directory.wards.every((ward) => SECURE.has(ward.type))).toBe(true);
  });

  it('sends a PROSPECT socket a secure ward’s bed state and none of an acute ward’s', async () => {
    const socket = connectLive(app.url, undefined, { extraHeaders: { cookie } });
    sockets.push(socket);
    await connected(socket);
    const deltas = collectDeltas(socket);
    const ack = await subscribe(socket, 'collaborative:prospect');
    expect(ack.ok).toBe(true);
    expect((await subscribe(socket, 'trust:RW4')).ok).toBe(false);
    expect((await subscribe(socket, `ward:${acuteWard.id}`)).ok).toBe(false);
    const acute = bedState(acuteWard.id, { occupied: 7 });
    const secure = bedState(secureWard.id, { occupied: 9 });
    // The acute report goes first: the stream is ordered, so had it reached PROSPECT it would arrive first.
    expect((await postJson(`${app.url}/api/v1/bed-states`, acute, key)).status).toBe(202);
    expect((await postJson(`${app.url}/api/v1/bed-states`, secure, key)).status).toBe(202);
    await eventually(() => (wardChanges(deltas).some((change) => change.state.eventId === secure.eventId) ? true : undefined));
    expect(wardChanges(deltas).map((change) => change.wardId)).not.toContain(acuteWard.id);
    expect(deltas.every((delta) => delta.scope === 'collaborative:prospect')).toBe(true);
  });

  it('covers RX3, RX4 and TAD in region:Y63, on the board and over a socket', async () => {
    const { status, body } = await live('region:Y63', { authorization: `Bearer ${key}` });
    expect(status).toBe(200);
    expect(body.name).toBe('North East and Yorkshire');
    expect(body.trusts.map((trust) => trust.ods).sort()).toEqual(['RX3', 'RX4', 'TAD']);
    expect([...new Set(body.wards.map(({ ward }) => ward.trustOds))].sort()).toEqual(['RX3', 'RX4', 'TAD']);
    // A key for RX4 alone may not read the region.
    const narrow = await app.createKey(['RX4'], ['read']);
    expect((await live('region:Y63', { authorization: `Bearer ${narrow}` })).status).toBe(403);

    const socket = connectLive(app.url, key);
    sockets.push(socket);
    await connected(socket);
    const deltas = collectDeltas(socket);
    expect((await subscribe(socket, 'region:Y63')).ok).toBe(true);
    const tadWard = org.wardsIn({ kind: 'trust', id: 'TAD' })![0]!;
    const report = bedState(tadWard.id, { occupied: 5 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, report, key)).status).toBe(202);
    await eventually(() => (wardChanges(deltas).some((change) => change.state.eventId === report.eventId) ? true : undefined));
    expect(deltas.every((delta) => delta.scope === 'region:Y63')).toBe(true);
  });

  it('reads a site scope and refuses an unknown one', async () => {
    const site = org.directory.sites.find((candidate) => candidate.trustOds === 'RX4')!;
    const { status, body } = await live(`site:${site.id}`, { authorization: `Bearer ${key}` });
    expect(status).toBe(200);
    expect(body.name).toBe(site.name);
    expect(body.wards.every(({ ward }) => ward.siteId === site.id)).toBe(true);
    expect(body.trusts).toEqual([]);
    expect((await live('site:RX4-S99', { authorization: `Bearer ${key}` })).status).toBe(404);
  });

  it('rolls up and serves site and specialised collaborative trends, each from its own wards', async () => {
    const rollups = new HistoryRollups(app.running.database.db, () => org);
    const today = londonDateOf(Date.now());
    await rollups.rollUp({ grain: 'day', from: today, to: today });
    const site = org.directory.sites.find((candidate) => candidate.trustOds === 'RX4')!;
    const trends = async (metric: string, scopes: string[], headers: Record<string, string>) => {
      const query = `metric=${metric}&${scopes.map((scope) => `scope=${encodeURIComponent(scope)}`).join('&')}&from=${today}&to=${today}&grain=day`;
      const response = await fetch(`${app.url}/api/v1/trends?${query}`, { headers });
      return { status: response.status, body: (await response.json()) as TrendResponse };
    };
    const bearer = { authorization: `Bearer ${key}` };
    const bySite = await trends('vacantBeds', [`site:${site.id}`, 'trust:RX4'], bearer);
    expect(bySite.status).toBe(200);
    expect(bySite.body.series.map((series) => series.name)).toEqual([site.name, org.nameOf({ kind: 'trust', id: 'RX4' })]);
    expect((await trends('vacantBeds', ['site:RX4-S99'], bearer)).status).toBe(404);

    // PROSPECT counts its secure wards' beds, never RW4's acute ones; it has no trust-level series.
    const prospect = await trends('activeOaps', ['collaborative:prospect'], { cookie });
    expect(prospect.status).toBe(200);
    expect(prospect.body.series[0]!.points.every((point) => point.v === null)).toBe(true);
    // Its secure wards reported today (the tests above), so it has a census of vacant beds.
    const beds = await trends('vacantBeds', ['collaborative:prospect'], { cookie });
    expect(beds.body.series[0]!.points.some((point) => point.v !== null)).toBe(true);
    const rows = await app.running.database.db.query<{ scope: string }>(
      `select distinct scope from trend_point where grain = 'day' and scope in ('collaborative:prospect', $1) and metric = 'activeOaps'`,
      [`site:${site.id}`],
    );
    expect(rows.rows).toEqual([]);
    // A site holding an acute ward of RW4 is refused to the PROSPECT lead; one of secure wards only would not be.
    const acuteSite = `site:${acuteWard.siteId}`;
    expect((await trends('vacantBeds', [acuteSite], { cookie })).status).toBe(403);
  });
});

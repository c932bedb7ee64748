/**
 * A ward going silent (#15 item 1, domain.md "Freshness"), end to end against real Redis, real
 * BullMQ workers and both database engines: with no new fact, the jobs role's timer notices a PICU
 * pass its not-reporting limit, sends `wardNotReporting` down the stream, the ward leaves the
 * collaborative's totals (API and socket), the escalation level is re-assessed without it, and a
 * "no vacant PICU bed" rule fires although the silent PICU's last report had vacant beds. A newer
 * report brings it back.
 *
 * The PICU limit is 40 s here (12 h for the other types, as shipped); the vacant PICU's report is
 * made 20 s old, so it crosses about 20 s after it is sent and the full PICUs, reported fresh, stay
 * in for 20 s more. The test waits for what it checks; it asserts no durations.
 */
import { randomUUID } from 'node:crypto';
import { FreshnessWatch, LiveStateRepository, createRedis, liveKeys } from '@wardpulse/jobs';
import {
  OrgIndex,
  type AlertSummary,
  type LiveChange,
  type LiveDelta,
  type LiveResponse,
  type OrgDirectory,
  type StoredAlertRule,
} from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectDeltas, connectLive, connected, subscribe, type LiveSocket } from '../support/live-client.js';
import { callAs, signIn, type SignedIn } from '../support/people.js';
import { bedState, engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const PICU_LIMIT_MS = 40_000;
const SCOPE = 'collaborative:nenc';

interface OrgWard {
  id: string;
  trustOds: string;
  type: string;
  commissionedBeds: number;
}

describe.each(engines())('a ward going silent on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let admin: SignedIn;
  let socket: LiveSocket;
  let deltas: LiveDelta[];
  let picus: OrgWard[];
  let silent: OrgWard;
  let silentEventId: string;
  let ruleId: string;

  beforeAll(async () => {
    app = await startTestApp({
      engine,
      freshness: { limits: { notReportingAfterMs: 12 * 3_600_000, byWardType: { picu: PICU_LIMIT_MS } } },
      // Occupancy alone decides the level, from any number of wards: the silent PICU's empty beds
      // keep the collaborative below OPEL 4 only while they count.
      escalationRule: {
        indicators: {
          occupancy: { opel2: 80, opel3: 90, opel4: 99 },
          waitingForAdmission: null,
          readyForDischarge: null,
          placedOutOfArea: null,
          bedsClosed: null,
        },
        requiredIndicators: { opel2: 1, opel3: 1, opel4: 1 },
        minimumWardsReporting: 0,
      },
    });
    key = await app.createKey(['RX3', 'RX4']);
    admin = await signIn(app.url, 'admin@wardpulse.example');
    const org = (await (await fetch(`${app.url}/api/v1/org`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      wards: OrgWard[];
    };
    picus = org.wards.filter((ward) => ward.type === 'picu' && ['RX3', 'RX4'].includes(ward.trustOds));
    expect(picus.length).toBeGreaterThan(1);
    silent = picus[0]!;
    socket = connectLive(app.url, key);
    await connected(socket);
    deltas = collectDeltas(socket);
    expect((await subscribe(socket, SCOPE)).ok).toBe(true);
  });
  afterAll(async () => {
    socket?.disconnect();
    await app?.close();
  });

  const live = async (): Promise<LiveResponse> => {
    const response = await fetch(`${app.url}/api/v1/live?scope=${SCOPE}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as LiveResponse;
  };
  const openAlert = async (): Promise<AlertSummary | undefined> => {
    const { body } = await callAs(app.url, admin, 'GET', `/alerts?status=open&scope=${SCOPE}`);
    return (body.alerts as AlertSummary[]).find((alert) => alert.ruleId === ruleId);
  };
  const changes = () => deltas.flatMap((delta) => delta.changes);

  it('drops a PICU that goes silent from the totals, re-assesses the level and lets "no vacant PICU bed" fire', async () => {
    const created = await callAs(app.url, admin, 'POST', '/alert-rules', {
      name: `No vacant PICU bed ${randomUUID().slice(0, 6)}`,
      scope: SCOPE,
      condition: { kind: 'no-vacant-bed', wardType: 'picu' },
      severity: 'critical',
      pendingForSeconds: 0,
      keepFiringForSeconds: 0,
    });
    expect(created.status).toBe(201);
    ruleId = created.body.id as string;

    // Every other PICU full now; the silent one with half its beds vacant, 20 s ago.
    const full = picus.slice(1).map((ward) =>
      bedState(ward.id, {
        commissioned: ward.commissionedBeds,
        closed: 0,
        closedReason: undefined,
        occupied: ward.commissionedBeds,
        onLeave: 0,
        pendingAdmissions: 0,
        clinicallyReadyForDischarge: 0,
      }),
    );
    const vacant = Math.floor(silent.commissionedBeds / 2);
    const last = bedState(silent.id, {
      observedAt: new Date(Date.now() - (PICU_LIMIT_MS - 20_000)).toISOString(),
      commissioned: silent.commissionedBeds,
      closed: 0,
      closedReason: undefined,
      occupied: silent.commissionedBeds - vacant,
      onLeave: 0,
      pendingAdmissions: 0,
      clinicallyReadyForDischarge: 0,
    });
    silentEventId = last.eventId;
    // The vacant one first: every level assessed on the way (after each fact) is then below 4.
    for (const state of [last, ...full]) expect((await postJson(`${app.url}/api/v1/bed-states`, state, key)).status).toBe(202);

    // While it reports: counted, so the rule sees its vacant beds and the level stays below 4.
    const before = await eventually(async () => {
      const body = await live();
      return body.snapshot.totals.wardsReporting === picus.length ? body : undefined;
    });
    expect(before.snapshot.totals.vacant).toBe(vacant);
    expect(before.snapshot.notReporting.wardIds).not.toContain(silent.id);
    expect(before.snapshot.freshness.byWardType).toEqual({ picu: PICU_LIMIT_MS });
    const levelBefore = await eventually(async () => (await live()).snapshot.escalation?.level ?? undefined);
    expect(levelBefore).toBeLessThan(4);
    await eventually(async () => {
      const { body } = await callAs(app.url, admin, 'GET', `/alert-rules?scope=${SCOPE}`);
      const rule = (body.rules as StoredAlertRule[]).find((candidate) => candidate.id === ruleId);
      return rule?.evaluation?.value === vacant ? true : undefined;
    });
    expect(await openAlert()).toBeUndefined();

    // No new fact: the timer announces the silent PICU once its report passes the limit.
    const announced = await eventually(
      () =>
        changes().find(
          (change) => change.kind === 'wardNotReporting' && change.wardId === silent.id && change.eventId === silentEventId,
        ),
      40_000,
    );
    expect(announced).toMatchObject({
      observedAt: last.observedAt,
      since: new Date(Date.parse(last.observedAt) + PICU_LIMIT_MS).toISOString(),
    });

    // Out of the totals, named as not reporting, its figures still shown on its ward.
    const after = await live();
    expect(after.snapshot.notReporting.wardIds).toContain(silent.id);
    expect(after.snapshot.notReporting.count).toBe(after.snapshot.notReporting.wardIds.length);
    expect(after.snapshot.totals).toMatchObject({ wardsReporting: picus.length - 1, vacant: 0 });
    expect(after.snapshot.totals.commissioned).toBe(picus.slice(1).reduce((sum, ward) => sum + ward.commissionedBeds, 0));
    expect(after.snapshot.wards.find((ward) => ward.ward.id === silent.id)?.state?.eventId).toBe(silentEventId);
    const trust = after.summary.trusts.find((candidate) => candidate.ods === silent.trustOds)!;
    expect(trust.notReporting.wardIds).toContain(silent.id);
    expect(after.summary.notReporting.wardIds).toContain(silent.id);

    // The full PICUs alone: 100% occupied, OPEL 4, sent as an escalation change after the announcement.
    await eventually(() => {
      const all = changes();
      const at = all.indexOf(announced);
      return all
        .slice(at)
        .some((change) => change.kind === 'escalation' && change.escalation.scope === SCOPE && change.escalation.level === 4)
        ? true
        : undefined;
    });
    // And nothing vacant that counts: the rule fires, although the silent PICU's report had vacant beds.
    const fired = await eventually(openAlert);
    expect(fired).toMatchObject({ status: 'firing', value: 0, valueText: '0 vacant beds' });
  });

  it('brings the ward back with its next report, and announced it once', async () => {
    const back = bedState(silent.id, {
      commissioned: silent.commissionedBeds,
      closed: 0,
      closedReason: undefined,
      occupied: silent.commissionedBeds - 1,
      onLeave: 0,
      pendingAdmissions: 0,
      clinicallyReadyForDischarge: 0,
    });
    expect((await postJson(`${app.url}/api/v1/bed-states`, back, key)).status).toBe(202);
    const body = await eventually(async () => {
      const response = await live();
      return response.snapshot.notReporting.wardIds.includes(silent.id) ? undefined : response;
    });
    expect(body.snapshot.totals.vacant).toBe(1);
    await eventually(async () => ((await openAlert()) === undefined ? true : undefined));
    // Every timer run since (one a second) saw the same old report: one announcement.
    const announcements = changes().filter((change) => change.kind === 'wardNotReporting' && change.eventId === silentEventId);
    expect(announcements).toHaveLength(1);
  });

  it('announces a report once, however many runs of the timer look at it', async () => {
    // An adult acute ward's report from 13 h ago: past the 12 h limit as it arrives.
    const old = bedState('RX4-W01', { observedAt: new Date(Date.now() - 13 * 3_600_000).toISOString() });
    expect((await postJson(`${app.url}/api/v1/bed-states`, old, key)).status).toBe(202);
    await eventually(() => changes().find((change) => change.kind === 'wardNotReporting' && change.eventId === old.eventId));
    // Two more runs at once (as two workers would), beside the app's own every second: nothing new.
    const redis = createRedis({ url: inject('redisUrl') });
    try {
      const keys = liveKeys(app.keyPrefix);
      const directory = (await (
        await fetch(`${app.url}/api/v1/org`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as OrgDirectory;
      const watch = new FreshnessWatch({
        live: new LiveStateRepository(redis, keys),
        org: () => new OrgIndex(directory),
        freshness: () => app.running.config.freshness.limits,
      });
      const announcements = async () =>
        (await redis.xrange(keys.changes, '-', '+'))
          .map(([, fields]) => JSON.parse(fields[fields.indexOf('change') + 1]!) as LiveChange)
          .filter((change) => change.kind === 'wardNotReporting' && change.eventId === old.eventId);
      let runs = await Promise.all([watch.run(), watch.run()]);
      expect(runs.flatMap((run) => run.wardIds)).not.toContain('RX4-W01');
      expect(await announcements()).toHaveLength(1);
      // Forget that it was announced (as a rebuilt Redis would): the runs race, and one of the three
      // (these two and the app's) announces it again, once.
      await redis.hdel(keys.notReporting, 'RX4-W01');
      runs = await Promise.all([watch.run(), watch.run()]);
      expect(runs.flatMap((run) => run.wardIds).filter((id) => id === 'RX4-W01').length).toBeLessThanOrEqual(1);
      expect(await announcements()).toHaveLength(2);
    } finally {
      redis.disconnect();
    }
  });
});

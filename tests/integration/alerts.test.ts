/**
 * Alerting end to end against real Redis, real BullMQ workers and both database engines: rules
 * over the API (and their 4xx), an alert firing from ingested facts, the alert on the live stream
 * and in snapshots, escalation along an on-call rota when nobody acknowledges (in-app notifications
 * over real Socket.IO clients), acknowledgement stopping it, silences and maintenance windows
 * holding notifications back while evaluation carries on, resolution, history and audit.
 *
 * Escalation waits are minutes long: the test advances the escalation clock itself
 * (`alerting.advanceEscalations(now)`), while firing and delivery run on the real workers.
 */
import { randomUUID } from 'node:crypto';
import type { AlertNotification, AlertSummary, LiveDelta } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLive, connected, subscribe, type LiveSocket } from '../support/live-client.js';
import { callAs, setUpOnCallChain, signIn, type SignedIn } from '../support/people.js';
import {
  bedState,
  engines,
  eventually,
  placementEvent,
  postJson,
  startTestApp,
  waitingListSnapshot,
  type TestApp,
} from '../support/test-app.js';

const MINUTE = 60_000;

describe.each(engines())('alerting on %s', (engine) => {
  let app: TestApp;
  let key: string;
  let admin: SignedIn;
  let onCall: SignedIn;
  let bedManager: SignedIn;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    app = await startTestApp({ engine, publicUrl: 'https://wardpulse.test.example' });
    key = await app.createKey(['RX4', 'RX3', 'RXY']);
    [admin, onCall, bedManager] = await Promise.all([
      signIn(app.url, 'admin@wardpulse.example'),
      signIn(app.url, 'on-call@wardpulse.example'),
      signIn(app.url, 'bed-manager@wardpulse.example'),
    ]);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app?.close();
  });

  const call = (session: SignedIn, method: string, path: string, body?: unknown) => callAs(app.url, session, method, path, body);

  /** A person's socket, collecting their in-app notifications. */
  async function inbox(session: SignedIn): Promise<AlertNotification[]> {
    const socket = connectLive(app.url, undefined, { extraHeaders: { cookie: session.cookie } });
    sockets.push(socket);
    const received: AlertNotification[] = [];
    socket.on('notification', (notification) => received.push(notification));
    await connected(socket);
    return received;
  }

  const waitingRule = (overrides: Record<string, unknown> = {}) => ({
    name: `Patients waiting for a bed ${randomUUID().slice(0, 6)}`,
    scope: 'trust:RX4',
    condition: { kind: 'threshold', figure: 'pendingAdmissions', comparator: '>', value: 5 },
    severity: 'critical',
    pendingForSeconds: 0,
    keepFiringForSeconds: 0,
    labels: { team: 'bed-management' },
    description: 'More than five people are waiting for an admission.',
    ...overrides,
  });

  async function openAlertOf(ruleId: string): Promise<AlertSummary> {
    return eventually(async () => {
      const { body } = await call(admin, 'GET', '/alerts?status=open&scope=trust:RX4');
      return (body.alerts as AlertSummary[]).find((alert) => alert.ruleId === ruleId);
    });
  }

  it('refuses bad rules with the field and the reason, and rules outside the caller’s scope', async () => {
    const bad = await call(admin, 'POST', '/alert-rules', waitingRule({ condition: { kind: 'threshold', figure: 'nope' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { path: string }) => detail.path)).toContain('condition.figure');
    const unknownScope = await call(admin, 'POST', '/alert-rules', waitingRule({ scope: 'trust:ZZZ' }));
    expect(unknownScope.status).toBe(422);
    expect(unknownScope.body.error.details[0]).toMatchObject({ path: 'scope' });
    const ward = await call(admin, 'POST', '/alert-rules', waitingRule({ scope: 'ward:RX4-W01' }));
    expect(ward.status).toBe(400);
    // On-call managers respond to alerts; they do not write rules.
    expect((await call(onCall, 'POST', '/alert-rules', waitingRule())).status).toBe(403);
    const rules = await call(admin, 'GET', '/alert-rules');
    expect(rules.body.rules).toEqual([]);
  });

  it('fires on ingested facts, shows on the live stream and in snapshots, and resolves when the facts clear', async () => {
    const created = await call(admin, 'POST', '/alert-rules', waitingRule());
    expect(created.status).toBe(201);
    const ruleId = created.body.id as string;

    const watcher = connectLive(app.url, key);
    sockets.push(watcher);
    await connected(watcher);
    const deltas: LiveDelta[] = [];
    watcher.on('delta', (delta) => deltas.push(delta));
    expect((await subscribe(watcher, 'trust:RX4')).ok).toBe(true);

    expect((await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W02', { pendingAdmissions: 7 }), key)).status).toBe(202);
    const alert = await openAlertOf(ruleId);
    expect(alert).toMatchObject({
      status: 'firing',
      severity: 'critical',
      scope: 'trust:RX4',
      value: 7,
      labels: { team: 'bed-management' },
    });
    expect(alert.valueText).toContain('7');

    const fired = await eventually(() =>
      deltas.flatMap((delta) => delta.changes).find((change) => change.kind === 'alert' && change.alert.id === alert.id),
    );
    expect(fired).toMatchObject({ kind: 'alert', alert: { status: 'firing', ruleName: alert.ruleName } });
    // A board opened now gets it in its snapshot; the collaborative board too.
    const fresh = connectLive(app.url, key);
    sockets.push(fresh);
    await connected(fresh);
    const ack = await subscribe(fresh, 'trust:RX4');
    expect(ack.ok && 'snapshot' in ack && ack.snapshot.alerts.map((open) => open.id)).toEqual([alert.id]);

    const rule = (await call(admin, 'GET', '/alert-rules?scope=trust:RX4')).body.rules.find(
      (r: { id: string }) => r.id === ruleId,
    );
    expect(rule.evaluation.state).toBe('firing');

    await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W02', { pendingAdmissions: 0 }), key);
    const resolved = await eventually(async () => {
      const summary = (await call(admin, 'GET', `/alerts/${alert.id}`)).body;
      return summary.status === 'resolved' ? summary : undefined;
    });
    expect(resolved.resolvedBy).toBe('system');
    expect(resolved.history.map((event: { kind: string }) => event.kind)).toEqual(expect.arrayContaining(['fired', 'resolved']));
    await eventually(() =>
      deltas.flatMap((delta) => delta.changes).find((change) => change.kind === 'alert' && change.alert.status === 'resolved'),
    );
    const audit = await call(admin, 'GET', `/admin/audit?target=alert:${alert.id}`);
    expect(audit.body.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['alert-fired', 'alert-resolved']),
    );
    await call(admin, 'DELETE', `/alert-rules/${ruleId}`);
  });

  it('pages level 1, escalates to level 2 when nobody acknowledges, and stops when someone does', async () => {
    // Rota: the on-call manager first, the bed manager second, every week from a past Monday.
    await setUpOnCallChain(app.url, admin, [onCall, bedManager], { waitMinutes: 10, repeats: 1 });
    const who = await call(onCall, 'GET', '/on-call?scope=trust:RX4');
    expect(
      who.body.scopes[0].chain.map((link: { level: number; person: { id: string } }) => [link.level, link.person.id]),
    ).toEqual([
      [1, onCall.user.id],
      [2, bedManager.user.id],
    ]);

    // #16 item 4: contact details only for people who may respond to or manage alerts here; a name for
    // other signed-in people; screens a name only where the scope chose it; keys and anonymous nothing.
    expect(who.body.scopes[0].chain[0].person).toEqual({
      id: onCall.user.id,
      name: 'Demo On-call (RX4)',
      email: 'on-call@wardpulse.example',
    });
    const executive = await signIn(app.url, 'executive@wardpulse.example');
    const forExecutive = await call(executive, 'GET', '/on-call?scope=trust:RX4');
    expect(forExecutive.body.scopes[0].chain[0].person).toEqual({ id: onCall.user.id, name: 'Demo On-call (RX4)' });
    const asKey = await fetch(`${app.url}/api/v1/on-call?scope=trust:RX4`, { headers: { authorization: `Bearer ${key}` } });
    const forKey = (await asKey.json()) as { scopes: { chain: { level: number; person: unknown }[] }[] };
    expect(forKey.scopes[0]!.chain.map((link) => [link.level, link.person])).toEqual([
      [1, null],
      [2, null],
    ]);
    const anonymous = (await (await fetch(`${app.url}/api/v1/on-call?scope=trust:RX4`)).json()) as typeof forKey;
    expect(anonymous.scopes[0]!.chain.every((link) => link.person === null)).toBe(true);
    const screen = (await call(admin, 'POST', '/admin/display-tokens', { name: 'RX4 wall', scope: 'trust:RX4' })).body.token;
    const forScreen = async () =>
      (
        (await (
          await fetch(`${app.url}/api/v1/on-call?scope=trust:RX4`, { headers: { authorization: `Bearer ${screen}` } })
        ).json()) as typeof forKey
      ).scopes[0]!.chain[0]!.person;
    expect(await forScreen()).toBeNull();
    expect((await call(onCall, 'PUT', '/on-call-screens/trust%3ARX4', { showNames: true })).status).toBe(403);
    expect((await call(admin, 'PUT', '/on-call-screens/trust%3ARX4', { showNames: 'yes' })).body.error.details[0].path).toBe(
      'showNames',
    );
    expect((await call(admin, 'PUT', '/on-call-screens/trust%3ARX4', { showNames: true })).status).toBe(200);
    expect(await forScreen()).toEqual({ id: onCall.user.id, name: 'Demo On-call (RX4)' });

    for (const person of [onCall, bedManager]) {
      const point = await call(person, 'POST', '/me/contact-points', {
        kind: 'in-app',
        label: 'This browser',
        severities: ['warning', 'critical'],
        settings: { sound: true, browserNotification: true },
      });
      expect(point.status).toBe(201);
      expect(point.body).not.toHaveProperty('settings');
    }
    const onCallInbox = await inbox(onCall);
    const bedManagerInbox = await inbox(bedManager);

    const ruleId = (await call(admin, 'POST', '/alert-rules', waitingRule())).body.id as string;
    await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W03', { pendingAdmissions: 9 }), key);
    const alert = await openAlertOf(ruleId);

    const first = await eventually(() => onCallInbox.find((notification) => notification.alertId === alert.id));
    expect(first).toMatchObject({
      purpose: 'firing',
      severity: 'critical',
      escalationLevel: 1,
      scopeName: alert.scopeName,
      // The person's own choices for this contact point travel with it.
      sound: true,
      browserNotification: true,
    });
    expect(first.url).toBe(`https://wardpulse.test.example/alerts/${alert.id}`);
    expect(bedManagerInbox).toEqual([]);

    // Ten minutes on, nobody has acknowledged: the second level is paged.
    const firedAt = Date.parse(alert.firedAt);
    await app.running.alerting.advanceEscalations(firedAt + 10 * MINUTE + 1000);
    const second = await eventually(() => bedManagerInbox.find((notification) => notification.alertId === alert.id));
    expect(second.escalationLevel).toBe(2);

    // The bed manager acknowledges: nobody else is paged, however long it fires.
    const acknowledged = await call(bedManager, 'POST', `/alerts/${alert.id}/acknowledge`, { note: 'Calling the site managers' });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.acknowledgement).toMatchObject({
      by: `user:${bedManager.user.id}`,
      note: 'Calling the site managers',
    });
    expect(acknowledged.body.escalation.nextStepAt).toBeNull();
    expect((await call(onCall, 'POST', `/alerts/${alert.id}/acknowledge`, { note: 'me too' })).status).toBe(409);
    await app.running.alerting.advanceEscalations(firedAt + 120 * MINUTE);

    const detail = await eventually(async () => {
      const body = (await call(admin, 'GET', `/alerts/${alert.id}`)).body;
      return body.notifications.sent === 2 ? body : undefined;
    });
    expect(
      detail.deliveries.map((delivery: { escalationLevel: number; status: string; personId: string }) => [
        delivery.escalationLevel,
        delivery.personId,
        delivery.status,
      ]),
    ).toEqual([
      [1, onCall.user.id, 'sent'],
      [2, bedManager.user.id, 'sent'],
    ]);
    const kinds = detail.history.map((event: { kind: string }) => event.kind);
    expect(kinds.filter((kind: string) => kind === 'escalated')).toHaveLength(2);
    expect(kinds).toContain('acknowledged');
    expect(onCallInbox.filter((notification) => notification.alertId === alert.id)).toHaveLength(1);
    expect(bedManagerInbox.filter((notification) => notification.alertId === alert.id)).toHaveLength(1);

    // Resolving tells those who were paged.
    await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W03', { pendingAdmissions: 0 }), key);
    await eventually(() =>
      onCallInbox.find((notification) => notification.alertId === alert.id && notification.purpose === 'resolved'),
    );
    await eventually(() =>
      bedManagerInbox.find((notification) => notification.alertId === alert.id && notification.purpose === 'resolved'),
    );
    await call(admin, 'DELETE', `/alert-rules/${ruleId}`);
  });

  it('holds notifications back while silenced or in maintenance, but keeps evaluating', async () => {
    const ruleId = (await call(admin, 'POST', '/alert-rules', waitingRule({ severity: 'warning' }))).body.id as string;
    const window = await call(admin, 'POST', '/maintenance-windows', {
      scope: 'collaborative:nenc',
      from: new Date(Date.now() - MINUTE).toISOString(),
      to: new Date(Date.now() + 60 * MINUTE).toISOString(),
      reason: 'PAS upgrade: bed states unreliable',
    });
    expect(window.status).toBe(201);
    await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W04', { pendingAdmissions: 8 }), key);
    const alert = await openAlertOf(ruleId);
    expect(alert.inMaintenance).toBe(true);
    const held = await eventually(async () => {
      const body = (await call(admin, 'GET', `/alerts/${alert.id}`)).body;
      return body.history.some((event: { kind: string }) => event.kind === 'suppressed') ? body : undefined;
    });
    expect(held.deliveries).toEqual([]);
    // Evaluation carries on: the value follows the facts.
    await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W04', { pendingAdmissions: 12 }), key);
    await eventually(async () => ((await call(admin, 'GET', `/alerts/${alert.id}`)).body.value === 12 ? true : undefined));

    expect((await call(admin, 'DELETE', `/maintenance-windows/${window.body.id}`)).status).toBe(204);
    const silenced = await call(onCall, 'POST', `/alerts/${alert.id}/silence`, {
      untilRecovered: true,
      note: 'known: ward closed',
    });
    expect(silenced.status).toBe(200);
    expect(silenced.body.silence).toMatchObject({ untilRecovered: true, by: `user:${onCall.user.id}` });
    await app.running.alerting.advanceEscalations(Date.parse(alert.firedAt) + 60 * MINUTE);
    const detail = (await call(admin, 'GET', `/alerts/${alert.id}`)).body;
    expect(detail.deliveries).toEqual([]);
    const past = await call(onCall, 'POST', `/alerts/${alert.id}/silence`, { until: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(422);
    expect(past.body.error.details[0].path).toBe('until');

    // A person resolves it; the rule starts again and, the condition still holding, fires anew.
    const resolved = await call(onCall, 'POST', `/alerts/${alert.id}/resolve`, { note: 'handled by phone' });
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.resolvedBy).toBe(`user:${onCall.user.id}`);
    const again = await openAlertOf(ruleId);
    expect(again.id).not.toBe(alert.id);
    await call(admin, 'DELETE', `/alert-rules/${ruleId}`);
    const closed = (await call(admin, 'GET', `/alerts/${again.id}`)).body;
    expect(closed.status).toBe('resolved');
    expect(closed.history.map((event: { kind: string }) => event.kind)).toContain('rule-deleted');
  });

  it('fires each kind of rule from real facts: a new inappropriate OAP, no vacant PICU bed, a long list, a silent feed', async () => {
    const create = async (overrides: Record<string, unknown>) => {
      const created = await call(admin, 'POST', '/alert-rules', waitingRule({ severity: 'info', ...overrides }));
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const firingValue = async (ruleId: string, scope: string) =>
      eventually(async () => {
        const { body } = await call(admin, 'GET', `/alerts?status=open&scope=${scope}`);
        return (body.alerts as AlertSummary[]).find((candidate) => candidate.ruleId === ruleId);
      });

    const oap = await create({ condition: { kind: 'new-inappropriate-oap' } });
    expect((await postJson(`${app.url}/api/v1/placements`, placementEvent(`oap-${randomUUID()}`, 'started'), key)).status).toBe(
      202,
    );
    expect((await firingValue(oap, 'trust:RX4')).valueText).toBe('1 new inappropriate placement');

    const picu = await create({ scope: 'collaborative:nenc', condition: { kind: 'no-vacant-bed', wardType: 'picu' } });
    const org = (await (await fetch(`${app.url}/api/v1/org`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      wards: { id: string; trustOds: string; type: string; commissionedBeds: number }[];
    };
    const picuWards = org.wards.filter((ward) => ward.type === 'picu' && ['RX3', 'RX4'].includes(ward.trustOds));
    expect(picuWards.length).toBeGreaterThan(0);
    for (const ward of picuWards) {
      const full = bedState(ward.id, {
        commissioned: ward.commissionedBeds,
        closed: 0,
        closedReason: undefined,
        occupied: ward.commissionedBeds - 1,
        onLeave: 1,
      });
      expect((await postJson(`${app.url}/api/v1/bed-states`, full, key)).status).toBe(202);
    }
    expect((await firingValue(picu, 'collaborative:nenc')).valueText).toBe('0 vacant beds');

    // RXY has sent nothing else: its one fact, two minutes old, is also the last thing its feed said.
    const list = await create({ scope: 'trust:RXY', condition: { kind: 'waiting-list', service: 'cypmhs', waitingAbove: 80 } });
    const twoMinutesAgo = new Date(Date.now() - 2 * MINUTE).toISOString();
    expect(
      (await postJson(`${app.url}/api/v1/waiting-lists`, waitingListSnapshot('RXY', 'cypmhs', { asOf: twoMinutesAgo }), key))
        .status,
    ).toBe(202);
    expect((await firingValue(list, 'trust:RXY')).valueText).toBe('100 waiting');

    // No new fact needed: the schedule notices the silence.
    const silent = await create({ scope: 'trust:RXY', condition: { kind: 'feed-silent', minutes: 1 } });
    expect((await firingValue(silent, 'trust:RXY')).valueText).toMatch(/^silent for [23] min$/);
    for (const id of [oap, picu, list, silent]) expect((await call(admin, 'DELETE', `/alert-rules/${id}`)).status).toBe(204);
  });

  it('keeps each person’s contact points to themselves and checks their settings', async () => {
    const mine = await call(onCall, 'POST', '/me/contact-points', {
      kind: 'webhook',
      label: 'Team channel',
      severities: ['critical'],
      settings: { url: 'https://example.invalid/hooks/secret-path', format: 'teams', secret: 'a'.repeat(32) },
    });
    expect(mine.status).toBe(201);
    expect(JSON.stringify(mine.body)).not.toContain('secret-path');
    expect(JSON.stringify(mine.body)).not.toContain('a'.repeat(32));
    expect((await call(bedManager, 'PATCH', `/me/contact-points/${mine.body.id}`, { enabled: false })).status).toBe(404);
    const bad = await call(onCall, 'POST', '/me/contact-points', {
      kind: 'webhook',
      label: 'x',
      severities: [],
      settings: { url: 'ftp://example.invalid', format: 'teams', secret: 'short' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      'settings.secret',
      'settings.url',
      'severities',
    ]);
    const key = await call(onCall, 'GET', '/web-push/public-key');
    expect(key.body.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  });
});

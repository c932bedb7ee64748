/**
 * "Send test" is not a port scanner (issue #16 item 5). Anyone signed in can point a webhook at
 * any host and port inside the network and press "Send test"; the far end's answer ("answered
 * HTTP 404", "could not be reached (ECONNREFUSED)") told them what listens there. Against a real
 * app with its real workers, a real webhook receiver on loopback (the probed service) and real
 * Redis for the rate limit: only administrators see why a webhook delivery failed, on the contact
 * point and on an alert, and tests are limited per person.
 */
import { randomUUID } from 'node:crypto';
import type { AlertDetail, AlertSummary, ContactPoint } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_DELIVERED } from '../../server/src/http/delivery-errors.js';
import { callAs, setUpOnCallChain, signIn, type SignedIn } from '../support/people.js';
import { bedState, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';
import { startWebhookReceiver, type HttpReceiver } from '../support/webhook-receiver.js';

describe('what people learn from failed webhook deliveries, and how often they may test', () => {
  let app: TestApp;
  let probed: HttpReceiver;
  let admin: SignedIn;
  let onCall: SignedIn;
  let bedManager: SignedIn;
  /** What the probed service's answer looks like, spelled out. */
  let remoteAnswer: string;

  beforeAll(async () => {
    // An internal service that answers 404 to anything: its answer is what a probe wants.
    probed = await startWebhookReceiver(() => ({ status: 404 }));
    remoteAnswer = `webhook at ${new URL(probed.origin).host} answered HTTP 404`;
    app = await startTestApp({ publicUrl: 'https://wardpulse.test.example' });
    [admin, onCall, bedManager] = await Promise.all([
      signIn(app.url, 'admin@wardpulse.example'),
      signIn(app.url, 'on-call@wardpulse.example'),
      signIn(app.url, 'bed-manager@wardpulse.example'),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await probed?.close();
  });

  const call = (session: SignedIn, method: string, path: string, body?: unknown) => callAs(app.url, session, method, path, body);

  async function webhookPoint(session: SignedIn): Promise<string> {
    const created = await call(session, 'POST', '/me/contact-points', {
      kind: 'webhook',
      label: `Probe ${randomUUID().slice(0, 6)}`,
      severities: ['critical'],
      settings: { url: probed.url(`/probe-${randomUUID()}`), format: 'json', secret: 'a webhook secret of 16+ chars' },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  const lastErrorOf = (session: SignedIn, id: string) =>
    eventually(async () => {
      const { body } = await call(session, 'GET', '/me/contact-points');
      return (body.contactPoints as ContactPoint[]).find((point) => point.id === id)?.lastError ?? undefined;
    });

  /** POST …/test with the raw response, for its status and headers. */
  const sendTest = (session: SignedIn, id: string) =>
    fetch(`${app.url}/api/v1/me/contact-points/${id}/test`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });

  it('tells a person who is not an administrator "not delivered", and an administrator what the far end answered', async () => {
    const theirs = await webhookPoint(onCall);
    expect((await sendTest(onCall, theirs)).status).toBe(202);
    expect(await lastErrorOf(onCall, theirs)).toBe(NOT_DELIVERED);
    const mine = await webhookPoint(admin);
    expect((await sendTest(admin, mine)).status).toBe(202);
    expect(await lastErrorOf(admin, mine)).toBe(remoteAnswer);
    // Both tests did reach the probed service: only the report differs.
    expect(probed.requests.items.filter((request) => request.headers['x-wardpulse-event'] === 'alert.test')).toHaveLength(2);
  });

  it('lets each person send five tests a minute, then answers 429 with Retry-After', async () => {
    const point = await webhookPoint(bedManager);
    for (let sent = 0; sent < 5; sent += 1) expect((await sendTest(bedManager, point)).status).toBe(202);
    const refused = await sendTest(bedManager, point);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Someone else's allowance is their own.
    expect((await sendTest(admin, await webhookPoint(admin))).status).toBe(202);
  });

  it('keeps the far end’s answer out of an alert’s deliveries and history, except for administrators', async () => {
    await setUpOnCallChain(app.url, admin, [onCall], { waitMinutes: 5, repeats: 1 });
    await webhookPoint(onCall);
    const rule = await call(admin, 'POST', '/alert-rules', {
      name: `Waiting for a bed ${randomUUID().slice(0, 6)}`,
      scope: 'trust:RX4',
      condition: { kind: 'threshold', figure: 'pendingAdmissions', comparator: '>', value: 5 },
      severity: 'critical',
      pendingForSeconds: 0,
      keepFiringForSeconds: 0,
      labels: {},
      description: 'More than five people are waiting for an admission.',
    });
    expect(rule.status).toBe(201);
    const key = await app.createKey(['RX4']);
    expect((await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W03', { pendingAdmissions: 9 }), key)).status).toBe(202);

    const alert = await eventually(async () => {
      const { body } = await call(admin, 'GET', '/alerts?status=open&scope=trust:RX4');
      return (body.alerts as AlertSummary[]).find((candidate) => candidate.ruleId === rule.body.id);
    });
    const failedAsAdmin = await eventually(async () => {
      const detail = (await call(admin, 'GET', `/alerts/${alert.id}`)).body as AlertDetail;
      const failed = detail.deliveries.filter((delivery) => delivery.channelKind === 'webhook' && delivery.status === 'failed');
      return failed.length > 0 && detail.history.some((event) => event.kind === 'notification-failed') ? detail : undefined;
    });
    expect(failedAsAdmin.deliveries.find((delivery) => delivery.channelKind === 'webhook')?.lastError).toBe(remoteAnswer);
    expect(failedAsAdmin.history.find((event) => event.kind === 'notification-failed')?.detail.error).toBe(remoteAnswer);

    const asOnCall = (await call(onCall, 'GET', `/alerts/${alert.id}`)).body as AlertDetail;
    expect(asOnCall.deliveries.find((delivery) => delivery.channelKind === 'webhook')).toMatchObject({
      status: 'failed',
      lastError: NOT_DELIVERED,
    });
    expect(asOnCall.history.find((event) => event.kind === 'notification-failed')?.detail).toMatchObject({
      channel: 'webhook',
      error: NOT_DELIVERED,
    });
    expect(JSON.stringify(asOnCall)).not.toContain('HTTP 404');
  });
});

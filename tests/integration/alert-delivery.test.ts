/**
 * Alert delivery end to end with two real worker processes (`node server/dist/main.js --role=jobs`)
 * against one real Redis and one real PostgreSQL, a real SMTP server and a real HTTP webhook
 * receiver on loopback:
 *
 * - level 1 of the on-call rota hears by webhook (Teams format, HMAC-signed: the signature and
 *   the content are checked), level 2 by email when nobody acknowledges;
 * - both workers evaluate the same rule over and over (every 250 ms, plus after each fact, plus
 *   this process evaluating at the same time): one alert, and each person is notified once;
 * - resolving tells both, once.
 *
 * Needs the build (`npm test` builds first) and PostgreSQL (embedded PGlite has one owner
 * process, so several worker processes need the real server).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyWebhookSignature } from '@wardpulse/jobs';
import type { AlertSummary } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callAs, setUpOnCallChain, signIn, type SignedIn } from '../support/people.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import {
  bedState,
  eventually,
  postJson,
  projectRoot,
  startRoleProcess,
  startTestApp,
  type RoleProcess,
  type TestApp,
} from '../support/test-app.js';
import { startWebhookReceiver, type HttpReceiver } from '../support/webhook-receiver.js';

const mainJs = join(projectRoot, 'server/dist/main.js');
const WEBHOOK_SECRET = 'an on-call webhook secret of 32+ chars';
const SMTP = { user: 'wardpulse', pass: 'smtp password 9f3a' };

function startWorker(app: TestApp, smtpUrl: string): RoleProcess {
  return startRoleProcess(app, 'jobs', {
    WARDPULSE_ALERT_INTERVAL_MS: '250',
    WARDPULSE_SMTP_URL: smtpUrl,
    // The webhook receiver is on loopback.
    WARDPULSE_DELIVERY_ALLOW_PRIVATE: 'on',
    WARDPULSE_PUBLIC_URL: 'https://wardpulse.test.example',
  });
}

describe.skipIf(!inject('postgresAdminUrl'))('alert delivery with two worker processes (needs PostgreSQL)', () => {
  let app: TestApp;
  let smtp: SmtpReceiver;
  let webhook: HttpReceiver;
  const workers: { child: ChildProcess; output: () => string }[] = [];
  let admin: SignedIn;
  let onCall: SignedIn;
  let bedManager: SignedIn;
  let key: string;

  beforeAll(async () => {
    expect(existsSync(mainJs), 'run the build first (npm test does)').toBe(true);
    smtp = await startSmtpReceiver(SMTP);
    webhook = await startWebhookReceiver();
    // The server alone here: the two worker processes do all the jobs.
    app = await startTestApp({ engine: 'postgres', role: 'server', publicUrl: 'https://wardpulse.test.example' });
    for (let i = 0; i < 2; i++) workers.push(startWorker(app, smtp.url()));
    await Promise.all(
      workers.map((worker) => eventually(() => (worker.output().includes('jobs role started') ? true : undefined), 60_000)),
    );
    key = await app.createKey(['RX4']);
    [admin, onCall, bedManager] = await Promise.all([
      signIn(app.url, 'admin@wardpulse.example'),
      signIn(app.url, 'on-call@wardpulse.example'),
      signIn(app.url, 'bed-manager@wardpulse.example'),
    ]);
  }, 90_000);
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise((resolve) => (worker.child.exitCode !== null ? resolve(null) : worker.child.once('exit', resolve))),
      ),
    );
    await app?.close();
    await smtp?.close();
    await webhook?.close();
  });

  const call = (session: SignedIn, method: string, path: string, body?: unknown) => callAs(app.url, session, method, path, body);

  it('pages level 1 by signed webhook, level 2 by email, each once, and tells both when it resolves', async () => {
    await setUpOnCallChain(app.url, admin, [onCall, bedManager], { waitMinutes: 5, repeats: 1 });
    expect(
      (
        await call(onCall, 'POST', '/me/contact-points', {
          kind: 'webhook',
          label: 'On-call Teams channel',
          severities: ['critical'],
          settings: { url: webhook.url('/teams/incoming/a-secret-path'), format: 'teams', secret: WEBHOOK_SECRET },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(bedManager, 'POST', '/me/contact-points', {
          kind: 'email',
          label: 'Work email',
          severities: ['warning', 'critical'],
          settings: { address: 'bed.manager@nhs.example' },
        })
      ).status,
    ).toBe(201);

    const rule = await call(admin, 'POST', '/alert-rules', {
      name: 'Too many waiting for a bed',
      scope: 'trust:RX4',
      condition: { kind: 'threshold', figure: 'pendingAdmissions', comparator: '>=', value: 10 },
      severity: 'critical',
      pendingForSeconds: 0,
      keepFiringForSeconds: 0,
      labels: { site: 'St Nicholas' },
      description: 'Ten or more people are waiting for an admission.',
    });
    expect(rule.status).toBe(201);
    const ruleId = rule.body.id as string;

    // A burst of facts keeping the condition true, while this process evaluates the rule too.
    const burst = Array.from({ length: 12 }, (_, i) => bedState(`RX4-W0${(i % 3) + 1}`, { pendingAdmissions: 5 + (i % 3) }));
    const evaluations: Promise<unknown>[] = [];
    for (const fact of burst) {
      expect((await postJson(`${app.url}/api/v1/bed-states`, fact, key)).status).toBe(202);
      evaluations.push(app.running.alerting.evaluator.evaluateRule(ruleId), app.running.alerting.advanceEscalations());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(evaluations);

    const alert = await eventually(async () => {
      const { body } = await call(admin, 'GET', '/alerts?status=all&scope=trust:RX4');
      return (body.alerts as AlertSummary[]).find((candidate) => candidate.ruleId === ruleId);
    });
    const firing = await webhook.requests.waitFor((request) => request.path === '/teams/incoming/a-secret-path', 15_000);

    // Signed over the exact bytes, fresh; the content is a Teams Adaptive Card about this alert.
    const signature = String(firing.headers['x-wardpulse-signature']);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, firing.rawBody, signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature('another secret entirely 1234', firing.rawBody, signature, Math.floor(Date.now() / 1000))).toBe(
      false,
    );
    expect(firing.headers['x-wardpulse-event']).toBe('alert.firing');
    const card = (
      firing.json as {
        attachments: {
          content: { body: { text?: string; facts?: { title: string; value: string }[] }[]; actions: { url: string }[] };
        }[];
      }
    ).attachments[0]!.content;
    expect(card.body[0]!.text).toContain('Too many waiting for a bed');
    expect(JSON.stringify(card.body)).toContain('Cumbria, Northumberland, Tyne and Wear');
    expect(card.actions[0]!.url).toBe(`https://wardpulse.test.example/alerts/${alert.id}`);

    // Five minutes without an acknowledgement: the second level hears by email.
    await app.running.alerting.advanceEscalations(Date.parse(alert.firedAt) + 5 * 60_000 + 1000);
    const mail = await smtp.mails.waitFor(() => true, 15_000);
    expect(mail.envelope.to).toEqual(['bed.manager@nhs.example']);
    expect(mail.login).toMatchObject({ username: SMTP.user, password: SMTP.pass, accepted: true });
    expect(mail.message.subject).toContain('Too many waiting for a bed');
    expect(mail.message.text).toContain(`https://wardpulse.test.example/alerts/${alert.id}`);
    expect(mail.message.text).toContain('St Nicholas');

    // Both workers kept evaluating and ticking meanwhile: still one alert, one page each.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const all = (await call(admin, 'GET', '/alerts?status=all&scope=trust:RX4')).body.alerts as AlertSummary[];
    expect(all.filter((candidate) => candidate.ruleId === ruleId)).toHaveLength(1);
    expect(webhook.requests.items).toHaveLength(1);
    expect(smtp.mails.items).toHaveLength(1);

    // Acknowledged, then the facts clear: both hear it resolved, once.
    expect((await call(bedManager, 'POST', `/alerts/${alert.id}/acknowledge`, { note: 'on it' })).status).toBe(200);
    for (const ward of ['RX4-W01', 'RX4-W02', 'RX4-W03'])
      await postJson(`${app.url}/api/v1/bed-states`, bedState(ward, { pendingAdmissions: 0 }), key);
    const resolvedHook = await webhook.requests.waitFor(
      (request) => request.headers['x-wardpulse-event'] === 'alert.resolved',
      15_000,
    );
    expect(
      verifyWebhookSignature(
        WEBHOOK_SECRET,
        resolvedHook.rawBody,
        String(resolvedHook.headers['x-wardpulse-signature']),
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    await smtp.mails.waitFor((received) => /RESOLVED/.test(received.message.subject ?? ''), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(webhook.requests.items).toHaveLength(2);
    expect(smtp.mails.items).toHaveLength(2);

    const detail = (await call(admin, 'GET', `/alerts/${alert.id}`)).body;
    expect(detail.status).toBe('resolved');
    expect(detail.notifications).toEqual({ queued: 0, sent: 4, failed: 0 });
    // The secret path of the webhook never shows in what people can read.
    expect(JSON.stringify(detail)).not.toContain('a-secret-path');
    const audit = (await call(admin, 'GET', `/admin/audit?target=alert:${alert.id}`)).body as { action: string }[];
    expect(audit.filter((entry) => entry.action === 'alert-notified')).toHaveLength(4);
    expect(audit.filter((entry) => entry.action === 'alert-fired')).toHaveLength(1);
    for (const worker of workers) expect(worker.output()).not.toContain(SMTP.pass);
  }, 120_000);
});

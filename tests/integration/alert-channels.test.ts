/**
 * Notification channels against real receivers on loopback (issue #6): an SMTP server that
 * requires a login, an HTTP webhook receiver, a push service that decrypts and checks VAPID as
 * a browser's would, and the real Redis for in-app pub/sub. Proves what arrives, that it is
 * signed, which failures are worth retrying, and that no error message gives a secret away.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { AlertNotification, ChannelSettings, InAppNotification, WebhookFormat } from '@wardpulse/shared';
import {
  createChannelProviders,
  DeliveryError,
  generateVapidKeys,
  inAppNotificationChannel,
  inAppPublisher,
  jsonWebhookPayload,
  onInAppNotification,
  verifyWebhookSignature,
  webPushPayload,
  type ChannelProviders,
} from '../../jobs/src/alerts/channels/index.js';
import { exampleNotification } from '../../jobs/src/alerts/channels/notification.fixture.js';
import { startPushReceiver, type PushReceiver } from '../support/push-receiver.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { startWebhookReceiver, type HttpReceiver } from '../support/webhook-receiver.js';

const SMTP_USER = 'wardpulse-relay';
const SMTP_PASS = 'smtp-Pa55/word+with:specials';
const FROM = 'WardPulse <alerts@wardpulse.example.nhs.uk>';
/** Teams and Slack webhook URLs carry their secret in the path (and some in the query). */
const SECRET_PATH = '/webhookb2/0f7c1b2e-secret-path-token/IncomingWebhook/9d4e';
const SECRET_QUERY = 'sig=query-secret-value';
const WEBHOOK_SECRET = 'whsec_integration_0123456789';
const recipient = { personId: 'person-ward-manager' };

/** The DeliveryError a send failed with (fails the test when it succeeded or threw something else). */
async function failureOf(sending: Promise<void>): Promise<DeliveryError> {
  const error = await sending.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('alert notification channels', () => {
  let smtp: SmtpReceiver;
  let webhooks: HttpReceiver;
  let pushService: PushReceiver;
  let providers: ChannelProviders;
  const vapid = { ...generateVapidKeys(), subject: 'mailto:alerts@wardpulse.example.nhs.uk' };
  const inAppPrefix = `wp-test-${randomUUID()}`;
  let publisherRedis: Redis;

  beforeAll(async () => {
    [smtp, webhooks, pushService] = await Promise.all([
      startSmtpReceiver({ user: SMTP_USER, pass: SMTP_PASS, refuseRecipient: (address) => address.startsWith('nobody@') }),
      startWebhookReceiver(),
      startPushReceiver(),
    ]);
    publisherRedis = new Redis(inject('redisUrl'));
    providers = createChannelProviders({
      email: { smtpUrl: smtp.url(), from: FROM },
      webPush: vapid,
      inApp: inAppPublisher(publisherRedis, inAppPrefix),
      timeoutMs: 2_000,
      // The receivers are on loopback.
      allowPrivateNetworks: true,
    });
  });

  afterAll(async () => {
    await providers?.close();
    publisherRedis?.disconnect();
    await Promise.all([smtp?.close(), webhooks?.close(), pushService?.close()]);
  });

  describe('email', () => {
    it('arrives at the SMTP server, logged in, with the alert in subject, bodies and headers', async () => {
      const notification = exampleNotification({ deliveryId: `dlv-${randomUUID()}` });
      await providers.send('email', { address: 'ward.manager@example.nhs.uk' }, notification, recipient);

      const mail = await smtp.mails.waitFor(
        (received) => received.message.headers.get('x-wardpulse-delivery-id') === notification.deliveryId,
      );
      expect(mail.login).toMatchObject({ username: SMTP_USER, password: SMTP_PASS, accepted: true });
      expect(['PLAIN', 'LOGIN']).toContain(mail.login.method);
      expect(mail.envelope).toEqual({ from: 'alerts@wardpulse.example.nhs.uk', to: ['ward.manager@example.nhs.uk'] });
      const { message } = mail;
      expect(message.subject).toBe(`[CRITICAL] ${notification.ruleName} — ${notification.scopeName}`);
      expect(message.from?.value).toEqual([{ name: 'WardPulse', address: 'alerts@wardpulse.example.nhs.uk' }]);
      expect(message.messageId).toBe(`<delivery-${notification.deliveryId}@wardpulse.example.nhs.uk>`);
      expect(message.headers.get('x-wardpulse-alert-id')).toBe(notification.alertId);
      for (const body of [message.text, message.html]) {
        expect(body).toContain(notification.scopeName);
        expect(body).toContain('104.2%');
        expect(body).toContain(notification.url);
      }
      expect(message.text).toContain('Fired: 14 Jan 2025, 08:05 GMT');
      expect(message.html).toContain(`<a href="${notification.url}">Open in WardPulse</a>`);
    });

    it('keeps typed text out of the headers and the HTML', async () => {
      const notification = exampleNotification({
        deliveryId: `dlv-${randomUUID()}`,
        ruleName: 'Occupancy\r\nBcc: attacker@evil.example',
        description: '<script>alert("x")</script> & <b>bold</b>',
      });
      await providers.send('email', { address: 'ward.manager@example.nhs.uk' }, notification, recipient);

      const mail = await smtp.mails.waitFor(
        (received) => received.message.headers.get('x-wardpulse-delivery-id') === notification.deliveryId,
      );
      expect(mail.envelope.to).toEqual(['ward.manager@example.nhs.uk']);
      expect(mail.message.bcc).toBeUndefined();
      expect(mail.message.subject).toContain('Occupancy');
      expect(mail.message.html).not.toContain('<script');
      expect(mail.message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
      expect(mail.message.text).toContain('<script>alert("x")</script> & <b>bold</b>');
    });

    it('fails for good on a refused mailbox', async () => {
      const error = await failureOf(
        providers.send('email', { address: 'nobody@example.nhs.uk' }, exampleNotification(), recipient),
      );
      expect(error.permanent).toBe(true);
      expect(error.message).toContain(`email via ${smtp.host}:${smtp.port} failed`);
      expect(error.message).toContain('550');
    });

    it('fails, worth retrying, on a refused login, without repeating the password', async () => {
      const wrongPass = 'Wr0ng/pa55+word';
      const misconfigured = createChannelProviders({
        email: { smtpUrl: smtp.url({ user: SMTP_USER, pass: wrongPass }), from: FROM },
        webPush: vapid,
        inApp: inAppPublisher(publisherRedis, inAppPrefix),
        timeoutMs: 2_000,
        allowPrivateNetworks: true,
      });
      try {
        const error = await failureOf(
          misconfigured.send('email', { address: 'ward.manager@example.nhs.uk' }, exampleNotification(), recipient),
        );
        expect(error.permanent).toBe(false);
        expect(error.message).toMatch(/^email via 127\.0\.0\.1:\d+ failed: /);
        expect(smtp.logins).toContainEqual(expect.objectContaining({ password: wrongPass, accepted: false }));
        for (const secret of [wrongPass, encodeURIComponent(wrongPass), SMTP_PASS]) expect(error.message).not.toContain(secret);
      } finally {
        await misconfigured.close();
      }
    });
  });

  describe('webhooks', () => {
    const settings = (format: WebhookFormat, path = SECRET_PATH): ChannelSettings['webhook'] => ({
      url: `${webhooks.url(path)}?${SECRET_QUERY}`,
      format,
      secret: WEBHOOK_SECRET,
    });

    async function deliver(format: WebhookFormat, notification: AlertNotification) {
      await providers.send('webhook', settings(format), notification, recipient);
      return webhooks.requests.waitFor((request) => request.headers['x-wardpulse-delivery'] === notification.deliveryId);
    }

    /** The failure for a webhook that answers `status`; checks that its message keeps the URL's secrets. */
    async function failureFor(status: number, headers?: Record<string, string>): Promise<DeliveryError> {
      webhooks.answerNext({ status, headers });
      const error = await failureOf(providers.send('webhook', settings('json'), exampleNotification(), recipient));
      expect(error.message).toContain(new URL(webhooks.origin).host);
      for (const secret of [SECRET_PATH, 'secret-path-token', SECRET_QUERY, WEBHOOK_SECRET])
        expect(error.message).not.toContain(secret);
      return error;
    }

    it.each(['json', 'teams', 'slack'] as const)(
      '%s: POSTs JSON signed with the secret, with event and delivery headers',
      async (format) => {
        const notification = exampleNotification({ deliveryId: `dlv-${randomUUID()}` });
        const before = Math.floor(Date.now() / 1000);
        const request = await deliver(format, notification);

        expect(request.method).toBe('POST');
        expect(request.path).toBe(`${SECRET_PATH}?${SECRET_QUERY}`);
        expect(request.headers['content-type']).toBe('application/json');
        expect(request.headers['user-agent']).toBe('WardPulse');
        expect(request.headers['x-wardpulse-event']).toBe('alert.firing');
        const signature = String(request.headers['x-wardpulse-signature']);
        const signedAt = Number(/^t=(\d+),v1=[0-9a-f]{64}$/.exec(signature)?.[1]);
        expect(signedAt).toBeGreaterThanOrEqual(before);
        expect(verifyWebhookSignature(WEBHOOK_SECRET, request.rawBody, signature, Math.floor(Date.now() / 1000))).toBe(true);

        const tampered = Buffer.from(request.rawBody);
        tampered[tampered.length - 2]! ^= 0x01;
        expect(verifyWebhookSignature(WEBHOOK_SECRET, tampered, signature, Math.floor(Date.now() / 1000))).toBe(false);
        expect(verifyWebhookSignature('another-secret-of-16+', request.rawBody, signature, Math.floor(Date.now() / 1000))).toBe(
          false,
        );
      },
    );

    it('json: is our versioned payload', async () => {
      const notification = exampleNotification({
        deliveryId: `dlv-${randomUUID()}`,
        purpose: 'resolved',
        resolvedAt: '2025-01-14T09:35:00Z',
      });
      const request = await deliver('json', notification);
      expect(request.json).toEqual(jsonWebhookPayload(notification));
      expect(request.headers['x-wardpulse-event']).toBe('alert.resolved');
    });

    it('teams: is a message with an Adaptive Card that opens the alert', async () => {
      const notification = exampleNotification({ deliveryId: `dlv-${randomUUID()}` });
      const request = await deliver('teams', notification);
      const message = request.json as any;
      expect(message.type).toBe('message');
      const card = message.attachments[0].content;
      expect(message.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
      expect(card.body[0].text).toBe(`[CRITICAL] ${notification.ruleName} — ${notification.scopeName}`);
      expect(card.body.at(-1).facts).toContainEqual({ title: 'Value', value: '104.2%' });
      expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in WardPulse', url: notification.url }]);
    });

    it('slack: is Block Kit with escaped mrkdwn and a button to the alert', async () => {
      const notification = exampleNotification({ deliveryId: `dlv-${randomUUID()}`, description: 'Tell <!channel> & go' });
      const request = await deliver('slack', notification);
      const message = request.json as any;
      expect(message.text).toBe(`[CRITICAL] ${notification.ruleName} — ${notification.scopeName}`);
      expect(message.blocks.map((block: { type: string }) => block.type)).toEqual([
        'header',
        'section',
        'section',
        'context',
        'actions',
      ]);
      expect(message.blocks[1].text).toEqual({ type: 'mrkdwn', text: 'Tell &lt;!channel&gt; &amp; go' });
      expect(message.blocks[4].elements[0]).toMatchObject({ type: 'button', url: notification.url });
    });

    it('a server error is worth retrying; the next attempt, signed anew, succeeds', async () => {
      const error = await failureFor(500);
      expect(error.permanent).toBe(false);
      expect(error.message).toBe(`webhook at ${new URL(webhooks.origin).host} answered HTTP 500`);
      const notification = exampleNotification({ deliveryId: `dlv-${randomUUID()}` });
      await expect(deliver('json', notification)).resolves.toMatchObject({ json: jsonWebhookPayload(notification) });
    });

    it('408 and 429 are worth retrying, other client errors are not', async () => {
      expect((await failureFor(404)).permanent).toBe(true);
      expect((await failureFor(400)).permanent).toBe(true);
      expect((await failureFor(408)).permanent).toBe(false);
      expect((await failureFor(429)).permanent).toBe(false);
    });

    it('does not follow a redirect', async () => {
      const elsewhere = `/elsewhere-${randomUUID()}`;
      const error = await failureFor(307, { location: webhooks.url(elsewhere) });
      expect(error.permanent).toBe(true);
      expect(error.message).toContain('HTTP 307 (a redirect, which is not followed)');
      expect(webhooks.requests.items.some((request) => request.path.startsWith(elsewhere))).toBe(false);
    });

    it('gives up on a receiver that does not answer in time, worth retrying', async () => {
      webhooks.answerNext({ status: 200, delayMs: 3_000 });
      const error = await failureOf(providers.send('webhook', settings('json'), exampleNotification(), recipient));
      expect(error.permanent).toBe(false);
      expect(error.message).toBe(`webhook at ${new URL(webhooks.origin).host} did not answer within 2000 ms`);
    });

    it('names only the host when nothing listens', async () => {
      const closed = await startWebhookReceiver();
      await closed.close();
      const url = `${closed.url(SECRET_PATH)}?${SECRET_QUERY}`;
      const error = await failureOf(
        providers.send('webhook', { url, format: 'slack', secret: WEBHOOK_SECRET }, exampleNotification(), recipient),
      );
      expect(error.permanent).toBe(false);
      expect(error.message).toBe(`webhook at ${new URL(closed.origin).host} could not be reached (ECONNREFUSED)`);
    });
  });

  describe('web push', () => {
    it('arrives encrypted for the subscription, with a VAPID token for the push service origin', async () => {
      const subscription = pushService.subscribe();
      const notification = exampleNotification({ deliveryId: `dlv-${randomUUID()}` });
      await providers.send('web-push', subscription, notification, recipient);

      const push = await pushService.pushes.waitFor((received) => subscription.endpoint.endsWith(received.request.path));
      expect(push.problems).toEqual([]);
      expect(push.payload).toEqual(webPushPayload(notification));
      expect(push.payload).toMatchObject({
        url: notification.url,
        alertId: notification.alertId,
        tag: notification.alertId,
        purpose: 'firing',
      });
      expect(push.vapid?.publicKey).toBe(vapid.publicKey);
      expect(push.vapid?.claims).toMatchObject({ aud: pushService.origin, sub: vapid.subject });
      expect(push.request.headers.ttl).toBe('3600');
      expect(push.request.headers.urgency).toBe('high');
      // Only the subscription's keys open it: the body is not the JSON in clear.
      expect(push.request.rawBody.toString('utf8')).not.toContain(notification.alertId);
    });

    it('a resolved alert is not urgent', async () => {
      const subscription = pushService.subscribe();
      await providers.send(
        'web-push',
        subscription,
        exampleNotification({ purpose: 'resolved', resolvedAt: '2025-01-14T09:35:00Z' }),
        recipient,
      );
      const push = await pushService.pushes.waitFor((received) => subscription.endpoint.endsWith(received.request.path));
      expect(push.problems).toEqual([]);
      expect(push.request.headers.urgency).toBe('normal');
      expect(push.payload).toMatchObject({ purpose: 'resolved', title: expect.stringMatching(/^\[RESOLVED\] /) });
    });

    it('a gone subscription (410, 404) fails for good without naming the endpoint path', async () => {
      for (const status of [410, 404]) {
        const subscription = pushService.subscribe();
        pushService.answerNext({ status });
        const error = await failureOf(providers.send('web-push', subscription, exampleNotification(), recipient));
        expect(error.permanent).toBe(true);
        expect(error.message).toBe(
          `push service at ${new URL(pushService.origin).host} answered HTTP ${status} (subscription expired)`,
        );
        expect(error.message).not.toContain(new URL(subscription.endpoint).pathname);
      }
    });

    it('a push service in trouble (503) is worth retrying', async () => {
      pushService.answerNext({ status: 503 });
      const error = await failureOf(providers.send('web-push', pushService.subscribe(), exampleNotification(), recipient));
      expect(error.permanent).toBe(false);
    });
  });

  describe('in app', () => {
    it('reaches every listener on the same key prefix through Redis, and nobody on another', async () => {
      const subscriber = new Redis(inject('redisUrl'));
      const otherDeployment = new Redis(inject('redisUrl'));
      const received: { personId: string; notification: InAppNotification }[] = [];
      const overheard: unknown[] = [];
      try {
        await onInAppNotification(subscriber, inAppPrefix, (personId, notification) => received.push({ personId, notification }));
        await onInAppNotification(otherDeployment, `wp-test-${randomUUID()}`, (personId) => overheard.push(personId));

        // Malformed messages on the channel are ignored, not fatal.
        await publisherRedis.publish(inAppNotificationChannel(inAppPrefix), 'not json');
        await publisherRedis.publish(inAppNotificationChannel(inAppPrefix), JSON.stringify({ personId: 7, notification: {} }));
        const notification = exampleNotification({ deliveryId: `dlv-${randomUUID()}` });
        await providers.send('in-app', { sound: false, browserNotification: true }, notification, recipient);

        await expect.poll(() => received.length).toBe(1);
        // With the person's choices for this contact point.
        expect(received[0]).toEqual({
          personId: recipient.personId,
          notification: { ...notification, sound: false, browserNotification: true },
        });
        expect(overheard).toEqual([]);
      } finally {
        subscriber.disconnect();
        otherDeployment.disconnect();
      }
    });

    it('fails, worth retrying, when the Redis connection is down', async () => {
      const gone = new Redis(inject('redisUrl'), { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
      const offline = createChannelProviders({
        email: { smtpUrl: undefined, from: FROM },
        webPush: vapid,
        inApp: inAppPublisher(gone, inAppPrefix),
      });
      const error = await failureOf(
        offline.send('in-app', { sound: false, browserNotification: true }, exampleNotification(), recipient),
      );
      expect(error.permanent).toBe(false);
      expect(error.message).toMatch(/^in-app delivery failed: /);
      gone.disconnect();
    });
  });
});

/**
 * Webhook channel: one signed POST per notification, in the receiver's format — our own JSON,
 * a Microsoft Teams message with an Adaptive Card (Workflows and the older incoming webhooks
 * both take it), or a Slack message with Block Kit.
 *
 * Every request carries `X-WardPulse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` of
 * `${t}.${raw body}` under the contact point's secret (the scheme Stripe and GitHub made
 * familiar), so a receiver can check that it came from WardPulse and is fresh:
 * `verifyWebhookSignature(secret, rawBody, header, nowSeconds)`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  CHANNEL_SETTINGS_SCHEMAS,
  notificationTitle,
  type AlertNotification,
  type PrivateNetworkAllowance,
  type WebhookFormat,
} from '@wardpulse/shared';
import type { ChannelProvider } from './channel-provider.js';
import { postDelivery } from './http-delivery.js';
import type { HostResolver } from './outbound-address.js';
import { labelsText, notificationFacts, truncate, WEBHOOK_EVENTS, type WebhookEvent } from './notification-text.js';

export const WEBHOOK_SIGNATURE_HEADER = 'X-WardPulse-Signature';
export const WEBHOOK_EVENT_HEADER = 'X-WardPulse-Event';
export const WEBHOOK_DELIVERY_HEADER = 'X-WardPulse-Delivery';
const OPEN_LABEL = 'Open in WardPulse';

/** The facts of the alert our JSON format carries beside its id; built field by field, so a field added to AlertNotification fails to compile there instead of changing version 1 unseen. */
type WebhookAlertFacts = Omit<AlertNotification, 'purpose' | 'deliveryId' | 'alertId'>;

/** Our own format (`format: 'json'`), version 1. */
export interface WebhookJsonPayload {
  version: 1;
  event: WebhookEvent;
  deliveryId: string;
  alert: { id: string } & WebhookAlertFacts;
}

export function jsonWebhookPayload(notification: AlertNotification): WebhookJsonPayload {
  return {
    version: 1,
    event: WEBHOOK_EVENTS[notification.purpose],
    deliveryId: notification.deliveryId,
    alert: {
      id: notification.alertId,
      ruleName: notification.ruleName,
      scope: notification.scope,
      scopeName: notification.scopeName,
      severity: notification.severity,
      valueText: notification.valueText,
      description: notification.description,
      labels: notification.labels,
      firedAt: notification.firedAt,
      resolvedAt: notification.resolvedAt,
      escalationLevel: notification.escalationLevel,
      url: notification.url,
    },
  };
}

function cardColour(notification: AlertNotification): string {
  if (notification.purpose === 'test') return 'Default';
  if (notification.purpose === 'resolved') return 'Good';
  return { critical: 'Attention', warning: 'Warning', info: 'Accent' }[notification.severity];
}

/** A Teams message holding one Adaptive Card (schema 1.4, the newest Teams renders everywhere). */
export function teamsWebhookPayload(notification: AlertNotification) {
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: notificationTitle(notification),
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
      color: cardColour(notification),
      wrap: true,
    },
  ];
  if (notification.description) body.push({ type: 'TextBlock', text: notification.description, wrap: true });
  body.push({
    type: 'FactSet',
    facts: notificationFacts(notification).map((fact) => ({ title: fact.name, value: fact.value })),
  });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          actions: [{ type: 'Action.OpenUrl', title: OPEN_LABEL, url: notification.url }],
        },
      },
    ],
  };
}

/** Slack's mrkdwn gives meaning to &, < and > only (links, mentions); these three are escaped. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped mrkdwn within Slack's length limit, never ending in half an entity. */
function slackText(text: string, max: number): string {
  return truncate(escapeSlackText(text), max).replace(/&[a-z]{0,3}…$/, '…');
}

/** A Slack message: `text` for notifications and old clients, Block Kit blocks for the message itself. */
export function slackWebhookPayload(notification: AlertNotification) {
  const title = notificationTitle(notification);
  const facts = notificationFacts(notification).filter((fact) => fact.name !== 'Labels');
  const context = [`WardPulse · ${notification.ruleName}`, labelsText(notification.labels)].filter(Boolean).join(' · ');
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } }];
  if (notification.description) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackText(notification.description, 3000) } });
  }
  blocks.push(
    {
      type: 'section',
      fields: facts.map((fact) => ({ type: 'mrkdwn', text: `*${fact.name}*\n${slackText(fact.value, 1900)}` })),
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: slackText(context, 2000) }] },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: OPEN_LABEL },
          url: notification.url,
          ...(notification.purpose === 'firing' && notification.severity === 'critical' ? { style: 'danger' } : {}),
        },
      ],
    },
  );
  return { text: slackText(title, 3000), blocks };
}

export function webhookPayload(format: WebhookFormat, notification: AlertNotification): unknown {
  switch (format) {
    case 'json':
      return jsonWebhookPayload(notification);
    case 'teams':
      return teamsWebhookPayload(notification);
    case 'slack':
      return slackWebhookPayload(notification);
  }
}

function signatureOf(secret: string, body: string | Uint8Array, timestampSeconds: number): Buffer {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest();
}

/** The `X-WardPulse-Signature` value for a body sent at `timestampSeconds`. */
export function signWebhookBody(secret: string, body: string | Uint8Array, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${signatureOf(secret, body, timestampSeconds).toString('hex')}`;
}

/**
 * Whether `header` signs exactly `body` (the raw bytes received, before any JSON parsing) under
 * `secret`, at a time within `toleranceSeconds` of `nowSeconds` (stale or replayed requests
 * fail). Several `v1=` values are accepted, any one may match.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string | Uint8Array,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const pairs = header.split(',').map((part) => part.trim().split('='));
  const timestampText = pairs.find(([name]) => name === 't')?.[1];
  if (!timestampText || !/^\d{1,15}$/.test(timestampText)) return false;
  const timestamp = Number(timestampText);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = signatureOf(secret, body, timestamp);
  return pairs.some(
    ([name, value]) =>
      name === 'v1' &&
      value !== undefined &&
      /^[0-9a-f]{64}$/i.test(value) &&
      timingSafeEqual(Buffer.from(value, 'hex'), expected),
  );
}

export function webhookProvider(options: {
  timeoutMs: number;
  allowPrivateNetworks: PrivateNetworkAllowance;
  resolve?: HostResolver;
}): ChannelProvider<'webhook'> {
  return {
    kind: 'webhook',
    settingsSchema: CHANNEL_SETTINGS_SCHEMAS.webhook,
    async send(settings, notification) {
      const body = JSON.stringify(webhookPayload(settings.format, notification));
      await postDelivery({
        target: 'webhook',
        url: settings.url,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'WardPulse',
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(settings.secret, body, Math.floor(Date.now() / 1000)),
          [WEBHOOK_EVENT_HEADER]: WEBHOOK_EVENTS[notification.purpose],
          [WEBHOOK_DELIVERY_HEADER]: notification.deliveryId,
        },
        body,
        timeoutMs: options.timeoutMs,
        allowPrivateNetworks: options.allowPrivateNetworks,
        resolve: options.resolve,
      });
    },
  };
}

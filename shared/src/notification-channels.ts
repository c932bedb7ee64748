/**
 * Notification channels (issue #6, item 4): where a person wants to hear about alerts, and for
 * which severities. Each channel kind has its own settings schema; the jobs package has one
 * provider per kind behind one small interface. A person may have several contact points of a
 * kind (a work and a personal phone, say).
 */
import { z } from 'zod';
import { ALERT_SEVERITIES, type AlertSeverity } from './alert-rules.js';

export const CHANNEL_KINDS = ['in-app', 'email', 'webhook', 'web-push'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  'in-app': 'In the app (sound and browser notification)',
  email: 'Email',
  webhook: 'Webhook (Teams, Slack or JSON)',
  'web-push': 'Push to this device',
};

export const WEBHOOK_FORMATS = ['json', 'teams', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
  .max(2000, 'must be at most 2000 characters');

export const inAppSettingsSchema = z.strictObject({
  sound: z.boolean().default(true),
  browserNotification: z.boolean().default(true),
});

export const emailSettingsSchema = z.strictObject({
  address: z.email('must be an email address').max(320),
});

export const webhookSettingsSchema = z.strictObject({
  url: httpUrl,
  format: z.enum(WEBHOOK_FORMATS),
  /** Signs every delivery (HMAC-SHA256); never shown again after it is saved. */
  secret: z.string().min(16, 'must be at least 16 characters').max(256, 'must be at most 256 characters'),
});

/** A browser's PushSubscription as `subscription.toJSON()` gives it. */
export const webPushSettingsSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: z.string().min(1, 'must not be empty').max(200),
    auth: z.string().min(1, 'must not be empty').max(100),
  }),
});

export const CHANNEL_SETTINGS_SCHEMAS = {
  'in-app': inAppSettingsSchema,
  email: emailSettingsSchema,
  webhook: webhookSettingsSchema,
  'web-push': webPushSettingsSchema,
} as const satisfies Record<ChannelKind, z.ZodType>;

export type ChannelSettings = { [Kind in ChannelKind]: z.infer<(typeof CHANNEL_SETTINGS_SCHEMAS)[Kind]> };

const severitiesSchema = z
  .array(z.enum(ALERT_SEVERITIES))
  .min(1, 'must include at least one severity')
  .transform((list) => [...new Set(list)]);

const contactPointBase = {
  label: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  /** Which severities this contact point receives. */
  severities: severitiesSchema,
};

/** POST /api/v1/me/contact-points */
export const contactPointInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('in-app'), ...contactPointBase, settings: inAppSettingsSchema }),
  z.strictObject({ kind: z.literal('email'), ...contactPointBase, settings: emailSettingsSchema }),
  z.strictObject({ kind: z.literal('webhook'), ...contactPointBase, settings: webhookSettingsSchema }),
  z.strictObject({ kind: z.literal('web-push'), ...contactPointBase, settings: webPushSettingsSchema }),
]);
export type ContactPointInput = z.infer<typeof contactPointInputSchema>;

/** PATCH /api/v1/me/contact-points/:id: label, severities and whether it is on. */
export const contactPointUpdateSchema = z.strictObject({
  label: contactPointBase.label.optional(),
  severities: severitiesSchema.optional(),
  enabled: z.boolean().optional(),
});
export type ContactPointUpdate = z.infer<typeof contactPointUpdateSchema>;

/** A contact point as the API shows it: secrets are never returned. */
export const contactPointSchema = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  label: z.string(),
  severities: z.array(z.enum(ALERT_SEVERITIES)),
  enabled: z.boolean(),
  /** Settings without secrets: a webhook's secret becomes `hasSecret`, a push subscription only its host. */
  summary: z.string().describe('Where it goes, for people: an address, a host, "this browser"'),
  createdAt: z.string(),
  lastDeliveredAt: z.string().nullable(),
  lastError: z
    .string()
    .nullable()
    .describe(
      'Why the last delivery failed; null when it succeeded. For webhooks and push only administrators see the far end’s answer, others "not delivered"',
    ),
});
export type ContactPoint = z.infer<typeof contactPointSchema>;

/** Where a contact point sends, for lists: never the secret, never the whole push endpoint. */
export function contactPointSummary(input: Pick<ContactPointInput, 'kind' | 'settings'>): string {
  switch (input.kind) {
    case 'in-app':
      return 'In the app';
    case 'email':
      return (input.settings as ChannelSettings['email']).address;
    case 'webhook': {
      const settings = input.settings as ChannelSettings['webhook'];
      return `${new URL(settings.url).host} (${settings.format})`;
    }
    case 'web-push':
      return `Push via ${new URL((input.settings as ChannelSettings['web-push']).endpoint).host}`;
  }
}

export function receivesSeverity(
  contactPoint: { severities: readonly AlertSeverity[]; enabled: boolean },
  severity: AlertSeverity,
) {
  return contactPoint.enabled && contactPoint.severities.includes(severity);
}

/** What a notification says: the same facts for every channel, each formats it its own way. */
export const NOTIFICATION_PURPOSES = ['firing', 'resolved', 'test'] as const;
export type NotificationPurpose = (typeof NOTIFICATION_PURPOSES)[number];

export interface AlertNotification {
  purpose: NotificationPurpose;
  /** Delivery id: unique per notification, stable across retries (receivers deduplicate on it). */
  deliveryId: string;
  alertId: string;
  ruleName: string;
  scope: string;
  scopeName: string;
  severity: AlertSeverity;
  /** The figure the rule last saw, as people read it ("104%", "0 vacant beds"), or null. */
  valueText: string | null;
  description: string;
  labels: Record<string, string>;
  firedAt: string;
  resolvedAt: string | null;
  /** Escalation level of the person notified (1 = first on call), null outside a chain. */
  escalationLevel: number | null;
  /** Link to the alert in WardPulse. */
  url: string;
}

/** What the in-app channel sends a person's open pages: the notification, and how they asked to hear it. */
export interface InAppNotification extends AlertNotification {
  sound: boolean;
  browserNotification: boolean;
}

/** One line a person reads first: in email subjects, push titles and chat messages. */
export function notificationTitle(notification: AlertNotification): string {
  const severity = notification.severity.toUpperCase();
  if (notification.purpose === 'test') return `Test notification from WardPulse`;
  const prefix = notification.purpose === 'resolved' ? `RESOLVED` : `${severity}`;
  return `[${prefix}] ${notification.ruleName} — ${notification.scopeName}`;
}

/**
 * Which private, loopback or otherwise special addresses webhooks and push may still reach
 * (WARDPULSE_DELIVERY_ALLOW_PRIVATE): none (`false`, the default), any (`true`), or only those in
 * these networks ("10.20.30.40", "10.20.0.0/16", "fd00:1::/64": an on-premises Teams relay, say).
 */
export type PrivateNetworkAllowance = boolean | readonly string[];

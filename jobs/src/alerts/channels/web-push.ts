/**
 * Web Push channel: the browser's push service wakes WardPulse's service worker, which shows
 * the notification even with no WardPulse tab open. The `web-push` package does the hard part
 * (RFC 8291 aes128gcm encryption for the subscription's keys, the VAPID JWT of RFC 8292); the
 * POST itself goes through `postDelivery` like a webhook's, for the same time limit, the same
 * refusal of redirects and the same host-only messages (a push endpoint's path identifies a
 * browser). `web-push`'s own sender speaks https only and follows its own rules.
 */
import {
  CHANNEL_SETTINGS_SCHEMAS,
  notificationTitle,
  type AlertNotification,
  type AlertSeverity,
  type NotificationPurpose,
  type PrivateNetworkAllowance,
} from '@wardpulse/shared';
import webPush from 'web-push';
import { DeliveryError, type ChannelProvider } from './channel-provider.js';
import { postDelivery } from './http-delivery.js';
import { notificationSummary, truncate } from './notification-text.js';
import type { HostResolver } from './outbound-address.js';

/** What the service worker receives (the decrypted push message, as JSON). */
export interface WebPushPayload {
  title: string;
  body: string;
  url: string;
  alertId: string;
  severity: AlertSeverity;
  /** The browser replaces a shown notification with the same tag: one per alert on screen. */
  tag: string;
  purpose: NotificationPurpose;
}

/** Push services keep an undelivered message this long (seconds): an hour-old alert is still news, a stale test is not. */
export const WEB_PUSH_TTL_SECONDS: Record<NotificationPurpose, number> = { firing: 3600, resolved: 3600, test: 600 };

export function webPushPayload(notification: AlertNotification): WebPushPayload {
  return {
    title: truncate(notificationTitle(notification), 200),
    // Push messages hold about 4 KB; the alert page has the rest.
    body: truncate(notificationSummary(notification), 500),
    url: notification.url,
    alertId: notification.alertId,
    severity: notification.severity,
    tag: notification.alertId,
    purpose: notification.purpose,
  };
}

export function webPushUrgency(notification: AlertNotification): 'high' | 'normal' {
  return notification.purpose === 'firing' && notification.severity === 'critical' ? 'high' : 'normal';
}

/** A new VAPID key pair (base64url: the public key is the browser's `applicationServerKey`). */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = webPush.generateVAPIDKeys();
  return { publicKey, privateKey };
}

function explainPushStatus(status: number): string | undefined {
  if (status === 404 || status === 410) return 'subscription expired';
  if (status === 413) return 'message too large';
  return undefined;
}

export function webPushProvider(options: {
  publicKey: string;
  privateKey: string;
  subject: string;
  timeoutMs: number;
  allowPrivateNetworks: PrivateNetworkAllowance;
  resolve?: HostResolver;
}): ChannelProvider<'web-push'> {
  const vapidDetails = { subject: options.subject, publicKey: options.publicKey, privateKey: options.privateKey };
  return {
    kind: 'web-push',
    settingsSchema: CHANNEL_SETTINGS_SCHEMAS['web-push'],
    async send(settings, notification) {
      let request: ReturnType<typeof webPush.generateRequestDetails>;
      try {
        request = webPush.generateRequestDetails(
          { endpoint: settings.endpoint, keys: settings.keys },
          JSON.stringify(webPushPayload(notification)),
          {
            vapidDetails,
            TTL: WEB_PUSH_TTL_SECONDS[notification.purpose],
            urgency: webPushUrgency(notification),
            contentEncoding: 'aes128gcm',
          },
        );
      } catch (error) {
        // Bad subscription keys or VAPID keys: the same again would fail the same way.
        throw new DeliveryError(
          `push message could not be prepared: ${error instanceof Error ? error.message : String(error)}`,
          true,
        );
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        // The request sets Content-Length itself.
        if (name.toLowerCase() !== 'content-length') headers[name] = String(value);
      }
      await postDelivery({
        target: 'push service',
        url: request.endpoint,
        headers,
        body: request.body ?? '',
        timeoutMs: options.timeoutMs,
        allowPrivateNetworks: options.allowPrivateNetworks,
        resolve: options.resolve,
        explainStatus: explainPushStatus,
      });
    },
  };
}

/**
 * In-app channel: the notification reaches the person's open WardPulse tabs over the live
 * socket (`notification` event), with a sound and a browser notification as their settings ask.
 * The jobs worker sends it, but the sockets live on the server replicas, so it travels over
 * Redis pub/sub and every replica emits it to that person's sockets (as revocations do, in
 * server/src/auth/revocations.ts). Pub/sub keeps nothing: a person with no open tab simply gets
 * nothing here, which is what "in the app" means.
 */
import { CHANNEL_SETTINGS_SCHEMAS, NOTIFICATION_PURPOSES, type InAppNotification } from '@wardpulse/shared';
import type { Redis } from 'ioredis';
import { listenOn } from '../../redis/pubsub.js';
import { DeliveryError, type ChannelProvider } from './channel-provider.js';

export interface InAppPublisher {
  publish(personId: string, notification: InAppNotification): Promise<void>;
}

/** The pub/sub message. */
interface InAppMessage {
  personId: string;
  notification: InAppNotification;
}

export function inAppNotificationChannel(keyPrefix: string): string {
  return `${keyPrefix}:notifications`;
}

export function inAppPublisher(redis: Redis, keyPrefix: string): InAppPublisher {
  return {
    async publish(personId, notification) {
      const message: InAppMessage = { personId, notification };
      await redis.publish(inAppNotificationChannel(keyPrefix), JSON.stringify(message));
    },
  };
}

function isInAppMessage(value: unknown): value is InAppMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { personId, notification } = value as Record<string, unknown>;
  if (typeof personId !== 'string' || typeof notification !== 'object' || notification === null) return false;
  const fields = notification as Record<string, unknown>;
  return (
    typeof fields.deliveryId === 'string' &&
    typeof fields.alertId === 'string' &&
    (NOTIFICATION_PURPOSES as readonly unknown[]).includes(fields.purpose)
  );
}

/** Listens on a connection of its own (a subscribed connection can do nothing else); malformed messages are ignored. */
export async function onInAppNotification(
  subscriber: Redis,
  keyPrefix: string,
  handler: (personId: string, notification: InAppNotification) => void,
): Promise<void> {
  const channel = inAppNotificationChannel(keyPrefix);
  await listenOn(subscriber, channel, (text) => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!isInAppMessage(message)) return;
    try {
      handler(message.personId, message.notification);
    } catch (error) {
      // A throw here would reach ioredis's reader and break the connection for every later message.
      console.error('in-app notification handler failed', error);
    }
  });
}

export function inAppProvider(publisher: InAppPublisher): ChannelProvider<'in-app'> {
  return {
    kind: 'in-app',
    settingsSchema: CHANNEL_SETTINGS_SCHEMAS['in-app'],
    async send(settings, notification, recipient) {
      try {
        // The person's own choices travel with it: their pages beep and show a system notification only if asked.
        await publisher.publish(recipient.personId, {
          ...notification,
          sound: settings.sound,
          browserNotification: settings.browserNotification,
        });
      } catch (error) {
        throw new DeliveryError(`in-app delivery failed: ${error instanceof Error ? error.message : String(error)}`, false);
      }
    },
  };
}

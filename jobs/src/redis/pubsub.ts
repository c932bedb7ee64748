/**
 * Listening on a Redis pub/sub channel, on a connection of its own (a subscribed connection can do
 * nothing else; create it with `createRedis({ subscriber: true })`). The subscription is renewed on
 * every reconnection here rather than by ioredis, so that its failure is handled: a listener that
 * is closing, or a Redis that went away again, only means the next 'ready' subscribes again.
 * (Pub/sub drops messages published while a listener is reconnecting: every use of it tolerates
 * that, see each caller.)
 */
import type { Redis } from 'ioredis';

export async function listenOn(subscriber: Redis, channel: string, handle: (message: string) => void): Promise<void> {
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).catch(() => undefined);
  });
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) handle(message);
  });
  await subscriber.subscribe(channel);
}

/**
 * Revocations reach every server replica at once over Redis pub/sub, so a disabled person's, an
 * ended session's, a revoked key's or a revoked display token's live sockets are disconnected
 * wherever they are. A session is named by its id's SHA-256 hash (`hashSecret`), never the id.
 * (Pub/sub may drop a message while a replica is reconnecting; new connections and requests are
 * checked against the database regardless, so a missed message leaves at most an open socket
 * until it reconnects.)
 */
import { listenOn } from '@wardpulse/jobs';
import type { Redis } from 'ioredis';

export interface Revocation {
  kind: 'user' | 'session' | 'api-key' | 'display-token';
  id: string;
}

export function revocationChannel(prefix: string): string {
  return `{${prefix}}:revocations`;
}

export async function publishRevocation(redis: Redis, prefix: string, revocation: Revocation): Promise<void> {
  await redis.publish(revocationChannel(prefix), JSON.stringify(revocation));
}

/** Listens on a connection of its own (a subscribed connection can do nothing else). */
export async function onRevocation(subscriber: Redis, prefix: string, handle: (revocation: Revocation) => void): Promise<void> {
  await listenOn(subscriber, revocationChannel(prefix), (message) => {
    try {
      handle(JSON.parse(message) as Revocation);
    } catch {
      // Not ours to interpret: ignore.
    }
  });
}

/**
 * Socket.IO contract v1 (architecture.md), as one typed event map for server and clients.
 *
 * - client → server `subscribe { scope, since? }`, acknowledged with a fresh snapshot, the
 *   deltas since `since` (gap-free), or an error (`forbidden`, `unknown_scope`, …);
 * - client → server `unsubscribe { scope }`;
 * - server → client `delta { scope, seq, changes }` in seq order per scope;
 * - server → client `resync { scope }`: subscribe again without `since`;
 * - server → client `notification` (additive, people only): an alert notification for the
 *   signed-in person's in-app channel.
 */
import type { LiveDelta, LiveSnapshot } from './live.js';
import type { InAppNotification } from './notification-channels.js';
import type { DisplayCommand } from './display.js';

export interface SubscribeRequest {
  scope: string;
  since?: string;
}

/** `too_many_scopes` and `rate_limited`: the connection's allowance (50 scopes; a burst of 50 then 5 a second). */
export type SubscribeErrorCode = 'forbidden' | 'unknown_scope' | 'invalid' | 'unavailable' | 'too_many_scopes' | 'rate_limited';

export type SubscribeAck =
  | { ok: true; seq: string; snapshot: LiveSnapshot }
  | { ok: true; seq: string; deltas: LiveDelta[] }
  | { ok: false; error: { code: SubscribeErrorCode; message: string } };

export interface UnsubscribeRequest {
  scope: string;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (response: SubscribeAck) => void) => void;
  unsubscribe: (request: UnsubscribeRequest, ack?: (response: { ok: boolean }) => void) => void;
}

export interface ServerToClientEvents {
  delta: (delta: LiveDelta) => void;
  resync: (request: { scope: string }) => void;
  /** A notification for the signed-in person (the in-app channel): sound and browser notification. */
  notification: (notification: InAppNotification) => void;
  /** A command to wall screens (display tokens only): `reload` after a deploy, from an admin. */
  display: (command: DisplayCommand) => void;
}

/** Socket handshake `auth` payload: a read API key or a display token. */
export interface SocketAuth {
  token?: string;
}

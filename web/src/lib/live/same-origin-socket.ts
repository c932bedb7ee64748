/**
 * A Socket.IO connection to this origin, typed by the shared event map: the wall boards' live state
 * and the in-app notifications each own one (`forceNew`), so closing one never affects the other.
 */
import { io } from 'socket.io-client';
import type { SocketAuth } from '@wardpulse/shared';
import { socketIoReconnection } from './retry-delay.js';
import type { LiveSocket } from './scope-subscription.js';

export interface SameOriginSocketOptions {
  /**
   * Who reconnects after a lost connection: `socket.io` (its own back-off, 1 s → 30 s ±50%), or the
   * `owner` — a live board's ScopeSubscription, which also reconnects after a refused handshake or a
   * server-closed socket (Socket.IO does neither) and keeps its jitter at the cap (see retry-delay.ts).
   */
  reconnection?: 'socket.io' | 'owner';
}

/** Not yet connected: the owner adds its listeners, then calls `connect()`. */
export function createSameOriginSocket(auth: SocketAuth = {}, options: SameOriginSocketOptions = {}): LiveSocket {
  return io({
    auth,
    autoConnect: false,
    forceNew: true,
    // WebSocket first works across several server replicas without sticky sessions; long-polling
    // remains as a fallback for networks that block WebSockets.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: (options.reconnection ?? 'socket.io') === 'socket.io',
    // ±50%: after a server restart, a room full of screens does not reconnect in lockstep.
    ...socketIoReconnection(),
  });
}

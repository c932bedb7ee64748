/**
 * A Socket.IO connection to this origin, typed by the shared event map: the wall boards' live state
 * and the in-app notifications each own one (`forceNew`), so closing one never affects the other.
 */
import { io } from 'socket.io-client';
import type { SocketAuth } from '@wardpulse/shared';
import type { LiveSocket } from './scope-subscription.js';

/** Not yet connected: the owner adds its listeners, then calls `connect()`. */
export function createSameOriginSocket(auth: SocketAuth = {}): LiveSocket {
  return io({
    auth,
    autoConnect: false,
    forceNew: true,
    // WebSocket first works across several server replicas without sticky sessions; long-polling
    // remains as a fallback for networks that block WebSockets.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    // ±50%: after a server restart, a room full of screens does not reconnect in lockstep.
    randomizationFactor: 0.5,
  });
}

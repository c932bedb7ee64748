/**
 * The live state of one wall board: owns one Socket.IO connection (typed by the shared event map),
 * subscribes to one scope and keeps the snapshot current as deltas arrive. The protocol itself
 * (when to subscribe, resume or resync) is ScopeSubscription; this class turns what it reports
 * into reactive state for the components.
 *
 * Meant to run for weeks: the snapshot is updated in place, the change marks are keyed by ward id
 * (bounded by the wards in scope), and `start()` returns a stop function that removes every listener
 * and closes the connection.
 */
import { io } from 'socket.io-client';
import { applyLiveChanges, type LiveDelta, type LiveSnapshot, type SocketAuth } from '@wardpulse/shared';
import type { ConnectionStatus } from './connection-status.js';
import { newerChanges } from './newer-changes.js';
import { ScopeSubscription, type LiveSocket } from './scope-subscription.js';

export interface LiveBoardOptions {
  /** Display token or read API key for the handshake; null to rely on the session cookie. */
  token: string | null;
  /** Replaceable for tests; by default a same-origin socket on the default path. */
  createSocket?: (auth: SocketAuth) => LiveSocket;
}

function createSameOriginSocket(auth: SocketAuth): LiveSocket {
  return io({
    auth,
    autoConnect: false,
    // This board owns its connection outright: closing it must not depend on other sockets.
    forceNew: true,
    // WebSocket first works across several server replicas without sticky sessions; long-polling
    // remains as a fallback for networks that block WebSockets.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    // ±50%: after a server restart, a room full of wall screens does not reconnect in lockstep.
    randomizationFactor: 0.5,
  });
}

export class LiveBoard {
  readonly scope: string;

  /** Null until the first snapshot arrives. */
  snapshot = $state<LiveSnapshot | null>(null);
  status = $state<ConnectionStatus>({ state: 'connecting' });
  /**
   * When the server last confirmed the numbers (a snapshot, a delta or a resumed subscription), in
   * ms since epoch; null before the first. Shown while reconnecting, so it errs on the old side.
   */
  lastUpdateAt = $state<number | null>(null);
  /**
   * When each ward (by ward id) or trust (by ODS code) last changed while watched; tiles and member
   * trusts highlight recent changes.
   */
  changedAt = $state<Record<string, number>>({});

  readonly #token: string | null;
  readonly #createSocket: (auth: SocketAuth) => LiveSocket;

  constructor(scope: string, options: LiveBoardOptions) {
    this.scope = scope;
    this.#token = options.token;
    this.#createSocket = options.createSocket ?? createSameOriginSocket;
  }

  /** True while the numbers shown are known to be current. */
  get isLive(): boolean {
    return this.status.state === 'live';
  }

  /** Connects and subscribes; returns the function that disconnects and removes every listener. */
  start(): () => void {
    const socket = this.#createSocket(this.#token === null ? {} : { token: this.#token });
    const subscription = new ScopeSubscription(socket, this.scope, {
      snapshot: (snapshot) => this.#replace(snapshot),
      deltas: (deltas) => this.#apply(deltas),
      status: (status) => {
        this.status = status;
        // Going live means a fresh snapshot or a gap-free resume: the numbers are current now.
        if (status.state === 'live') this.lastUpdateAt = Date.now();
      },
    });
    subscription.start();
    socket.connect();
    return () => {
      subscription.dispose();
      socket.disconnect();
    };
  }

  #replace(snapshot: LiveSnapshot): void {
    // A server from before the trust-level measures sends neither field; the board then shows beds only.
    snapshot.trusts ??= [];
    snapshot.escalation ??= null;
    this.snapshot = snapshot;
    this.changedAt = {};
    this.lastUpdateAt = Date.now();
  }

  #apply(deltas: readonly LiveDelta[]): void {
    const snapshot = this.snapshot;
    if (snapshot === null) return;
    const receivedAt = Date.now();
    for (const delta of deltas) {
      const changedIds = applyLiveChanges(snapshot, newerChanges(snapshot, delta.changes));
      for (const id of changedIds) this.changedAt[id] = receivedAt;
    }
    this.lastUpdateAt = receivedAt;
  }
}

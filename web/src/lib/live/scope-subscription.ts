/**
 * The client side of Socket.IO contract v1 (architecture.md) for one scope, kept free of Svelte so
 * the protocol can be unit-tested with a fake socket. It decides when to subscribe, fresh or resumed,
 * remembers the last `seq`, and hands what arrives to a listener; LiveBoard turns that into state.
 *
 * - On every (re)connect it subscribes; once it holds a snapshot it passes `since` = last seq so the
 *   server can send only what was missed (gap-free). Socket.IO's own connection-state recovery is not
 *   relied on: it does not survive a server restart.
 * - `resync` for the scope means the server cannot resume it: subscribe again without `since`.
 * - Deltas that arrive while a subscribe is in flight are held and handed over after the snapshot, as
 *   they may or may not be in it (the board drops ward states older than those it holds).
 * - It owns reconnection, for a wall screen that must recover alone from anything: a lost transport
 *   (a network drop, a server killed), a server that closed the socket (a graceful restart) and a
 *   handshake the server refused. Socket.IO reconnects by itself only after the first, and its jitter
 *   collapses at the cap; here every retry uses retry-delay.ts. Give it a socket made with Socket.IO's
 *   reconnection off (`createSameOriginSocket(auth, { reconnection: 'owner' })`); with it on, the two
 *   only ever ask for the same connection.
 * - A handshake refused as `revoked` (the screen's display token was revoked) is final: no more retries.
 *   `unauthenticated` is retried slowly (an admin may be fixing the token); `unavailable` (the server
 *   cannot check credentials just now) and transport failures quickly.
 * - `display` commands (to display-token sockets only, e.g. `reload` after a deploy) go to the listener.
 */
import type { Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DisplayCommand,
  LiveDelta,
  LiveSnapshot,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
} from '@wardpulse/shared';
import type { ConnectionStatus } from './connection-status.js';
import { REFUSED_BACKOFF, RETRY_BACKOFF, backoffDelay, type BackoffOptions } from './retry-delay.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The parts of a Socket.IO client socket the protocol uses (a fake implements just these in tests). */
export type LiveSocketLike = Pick<LiveSocket, 'on' | 'off' | 'connect' | 'timeout' | 'connected' | 'active'>;

export interface SubscriptionListener {
  /** A fresh snapshot: replace the board. */
  snapshot(snapshot: LiveSnapshot): void;
  /** Deltas in seq order: apply each one's changes. */
  deltas(deltas: readonly LiveDelta[]): void;
  status(status: ConnectionStatus): void;
  /** The server refused the handshake as `revoked`: the subscription has stopped for good. */
  revoked?(): void;
  /** A command to the screen (display-token sockets only). */
  display?(command: DisplayCommand): void;
}

export interface ScopeSubscriptionOptions {
  /** How long to wait for a subscribe acknowledgement before asking again. */
  ackTimeoutMs?: number;
  /** Back-off for reconnects and retries. */
  retry?: BackoffOptions;
  /** Back-off after the server refused the handshake's credentials (`unauthenticated`). */
  refusedRetry?: BackoffOptions;
  random?: () => number;
}

/** Why the server refused a handshake: the message of its middleware's error (socket-gateway.ts). */
export type HandshakeRefusal = 'revoked' | 'unauthenticated' | 'unavailable' | 'other';

function refusalOf(message: string): HandshakeRefusal {
  return message === 'revoked' || message === 'unauthenticated' || message === 'unavailable' ? message : 'other';
}

export class ScopeSubscription {
  readonly scope: string;
  readonly #socket: LiveSocketLike;
  readonly #listener: SubscriptionListener;
  readonly #ackTimeoutMs: number;
  readonly #retry: BackoffOptions;
  readonly #refusedRetry: BackoffOptions;
  readonly #random: () => number;

  #seq: string | null = null;
  #hasSnapshot = false;
  /** Bumped by every subscribe and disconnect, so a late acknowledgement of an old one is ignored. */
  #generation = 0;
  /** Deltas received while a subscribe is in flight; null when none is. */
  #earlyDeltas: LiveDelta[] | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Retries since the board was last live: the back-off grows with it. */
  #retryAttempt = 0;
  #revoked = false;
  #disposed = false;

  constructor(socket: LiveSocketLike, scope: string, listener: SubscriptionListener, options: ScopeSubscriptionOptions = {}) {
    this.#socket = socket;
    this.scope = scope;
    this.#listener = listener;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.#retry = options.retry ?? RETRY_BACKOFF;
    this.#refusedRetry = options.refusedRetry ?? REFUSED_BACKOFF;
    this.#random = options.random ?? Math.random;
  }

  /** The last seq applied: what a resume hands back as `since`. */
  get seq(): string | null {
    return this.#seq;
  }

  /** True once the server refused the handshake as `revoked`; nothing is retried after that. */
  get revoked(): boolean {
    return this.#revoked;
  }

  /** True while a reconnect or retry is waiting for its back-off to pass (tests and diagnostics). */
  get retryPending(): boolean {
    return this.#retryTimer !== null;
  }

  start(): void {
    this.#socket.on('connect', this.#onConnect);
    this.#socket.on('disconnect', this.#onDisconnect);
    this.#socket.on('connect_error', this.#onConnectError);
    this.#socket.on('delta', this.#onDelta);
    this.#socket.on('resync', this.#onResync);
    this.#socket.on('display', this.#onDisplay);
    if (this.#socket.connected) this.#subscribe(this.#resumeFrom());
  }

  /** Removes every listener and timer; the socket itself belongs to the caller. */
  dispose(): void {
    this.#disposed = true;
    this.#generation += 1;
    this.#earlyDeltas = null;
    this.#clearRetry();
    this.#socket.off('connect', this.#onConnect);
    this.#socket.off('disconnect', this.#onDisconnect);
    this.#socket.off('connect_error', this.#onConnectError);
    this.#socket.off('delta', this.#onDelta);
    this.#socket.off('resync', this.#onResync);
    this.#socket.off('display', this.#onDisplay);
  }

  #resumeFrom(): string | null {
    return this.#hasSnapshot ? this.#seq : null;
  }

  #notConnectedStatus(): ConnectionStatus {
    return this.#hasSnapshot ? { state: 'reconnecting' } : { state: 'connecting' };
  }

  readonly #onConnect = (): void => {
    this.#clearRetry();
    this.#subscribe(this.#resumeFrom());
  };

  readonly #onDisconnect = (reason: string): void => {
    this.#generation += 1;
    this.#earlyDeltas = null;
    this.#clearRetry();
    if (reason === 'io client disconnect') return; // we closed it ourselves
    this.#listener.status(this.#notConnectedStatus());
    // A lost transport, a ping timeout or a server that closed the socket (a graceful shutdown, a
    // revocation): connect again; the handshake then says whether we are still welcome.
    this.#reconnectLater(this.#retry);
  };

  readonly #onConnectError = (error: Error): void => {
    if (this.#socket.active) {
      // The transport failed (server down, network gone): not the server's answer.
      this.#listener.status(this.#notConnectedStatus());
      this.#reconnectLater(this.#retry);
      return;
    }
    // Socket.IO stops a socket whose handshake the server's middleware refused.
    // The status carries the server's own word (`revoked`, `unauthenticated`): the UI words it (connection-status.ts).
    const refusal = refusalOf(error.message);
    const message = error.message || 'the server refused the connection';
    if (refusal === 'revoked') {
      this.#revoked = true;
      this.#clearRetry();
      this.#listener.status({ state: 'error', message, retrying: false });
      this.#listener.revoked?.();
      return;
    }
    if (refusal === 'unavailable') {
      this.#listener.status(this.#notConnectedStatus());
      this.#reconnectLater(this.#retry);
      return;
    }
    this.#listener.status({ state: 'error', message, retrying: true });
    this.#reconnectLater(this.#refusedRetry);
  };

  readonly #onDelta = (delta: LiveDelta): void => {
    if (delta.scope !== this.scope) return;
    if (this.#earlyDeltas !== null) {
      this.#earlyDeltas.push(delta);
      return;
    }
    if (!this.#hasSnapshot) return;
    this.#seq = delta.seq;
    this.#listener.deltas([delta]);
  };

  readonly #onResync = (request: { scope: string }): void => {
    if (request.scope !== this.scope) return;
    this.#subscribe(null);
  };

  readonly #onDisplay = (command: DisplayCommand): void => {
    this.#listener.display?.(command);
  };

  #reconnectLater(backoff: BackoffOptions): void {
    if (this.#revoked) return;
    this.#scheduleRetry(() => {
      if (!this.#socket.connected) this.#socket.connect();
    }, backoff);
  }

  #subscribe(since: string | null): void {
    if (this.#disposed || !this.#socket.connected) return; // the next connect subscribes
    this.#clearRetry();
    this.#generation += 1;
    const generation = this.#generation;
    this.#earlyDeltas = [];
    const request: SubscribeRequest = since === null ? { scope: this.scope } : { scope: this.scope, since };
    this.#socket
      .timeout(this.#ackTimeoutMs)
      .emitWithAck('subscribe', request)
      .then(
        (ack) => {
          if (generation === this.#generation) this.#onAck(ack);
        },
        () => {
          if (generation === this.#generation) this.#onAckTimeout();
        },
      );
  }

  #onAck(ack: SubscribeAck): void {
    const earlyDeltas = this.#earlyDeltas ?? [];
    this.#earlyDeltas = null;
    if (!ack.ok) {
      // Forbidden or unknown scopes will not change by asking again; an unavailable live store may.
      const retrying = ack.error.code === 'unavailable';
      this.#listener.status({ state: 'error', message: ack.error.message, retrying });
      if (retrying) this.#scheduleRetry(() => this.#subscribe(this.#resumeFrom()), this.#retry);
      return;
    }
    if ('snapshot' in ack) {
      this.#hasSnapshot = true;
      this.#seq = ack.seq;
      this.#listener.snapshot(ack.snapshot);
    } else if (this.#hasSnapshot) {
      this.#seq = ack.seq;
      if (ack.deltas.length > 0) this.#listener.deltas(ack.deltas);
    } else {
      // Deltas with nothing to apply them to: only a confused server sends this. Start afresh.
      this.#subscribe(null);
      return;
    }
    // The seq stays at the acknowledgement's: if these were newer, resuming from it repeats them, harmlessly.
    if (earlyDeltas.length > 0) this.#listener.deltas(earlyDeltas);
    this.#retryAttempt = 0;
    this.#listener.status({ state: 'live' });
  }

  #onAckTimeout(): void {
    this.#earlyDeltas = null;
    this.#listener.status({ state: 'error', message: 'the server did not answer the subscription', retrying: true });
    this.#scheduleRetry(() => this.#subscribe(this.#resumeFrom()), this.#retry);
  }

  #scheduleRetry(action: () => void, backoff: BackoffOptions): void {
    this.#clearRetry();
    const delay = backoffDelay(this.#retryAttempt, backoff, this.#random);
    this.#retryAttempt += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#disposed) action();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}

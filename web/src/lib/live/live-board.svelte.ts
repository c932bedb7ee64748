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
import { applyLiveChanges, type AlertSummary, type LiveDelta, type LiveSnapshot, type SocketAuth } from '@wardpulse/shared';
import { AlertWatch } from '../alerts/alert-watch.js';
import type { ConnectionStatus } from './connection-status.js';
import { newerChanges } from './newer-changes.js';
import { createSameOriginSocket } from './same-origin-socket.js';
import { ScopeSubscription, type LiveSocket } from './scope-subscription.js';

export interface LiveBoardOptions {
  /** Display token or read API key for the handshake; null to rely on the session cookie. */
  token: string | null;
  /** Replaceable for tests; by default a same-origin socket on the default path. */
  createSocket?: (auth: SocketAuth) => LiveSocket;
  /**
   * Alerts that started firing while the board was watching (never those of the first snapshot): a
   * wall screen sounds and shows a notification for them.
   */
  onAlertsFired?: (alerts: AlertSummary[]) => void;
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
  readonly #onAlertsFired: ((alerts: AlertSummary[]) => void) | undefined;
  readonly #alertWatch = new AlertWatch();

  constructor(scope: string, options: LiveBoardOptions) {
    this.scope = scope;
    this.#token = options.token;
    this.#createSocket = options.createSocket ?? createSameOriginSocket;
    this.#onAlertsFired = options.onAlertsFired;
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
    snapshot.alerts ??= [];
    this.snapshot = snapshot;
    this.changedAt = {};
    this.lastUpdateAt = Date.now();
    this.#noticeAlerts(snapshot.alerts);
  }

  #apply(deltas: readonly LiveDelta[]): void {
    const snapshot = this.snapshot;
    if (snapshot === null) return;
    const receivedAt = Date.now();
    let alertsChanged = false;
    for (const delta of deltas) {
      const accepted = newerChanges({ ...snapshot, resolvedAlerts: this.#alertWatch.resolved }, delta.changes);
      const changedIds = applyLiveChanges(snapshot, accepted);
      for (const id of changedIds) this.changedAt[id] = receivedAt;
      if (this.#alertWatch.accepted(accepted)) alertsChanged = true;
    }
    this.lastUpdateAt = receivedAt;
    if (alertsChanged) this.#noticeAlerts(snapshot.alerts);
  }

  /** Tells the owner about alerts that began firing since the last look; the first snapshot only sets the baseline. */
  #noticeAlerts(open: readonly AlertSummary[]): void {
    const fired = this.#alertWatch.look(open);
    if (fired.length > 0) this.#onAlertsFired?.(fired);
  }
}

/**
 * The live state of one wall board: owns one Socket.IO connection (typed by the shared event map),
 * subscribes to one scope and keeps the snapshot current as deltas arrive. The protocol itself
 * (when to subscribe, resume or resync, reconnect and back off) is ScopeSubscription; this class turns
 * what it reports into reactive state for the components.
 *
 * Meant to run for weeks (docs/performance.md, "Wall board memory"): the snapshot is updated in place;
 * the change marks are keyed by ward id or ODS code (bounded by the scope); placements that ended in an
 * earlier month and video days before this week or month are dropped as days pass, by the rules the
 * server's snapshot uses (pruneTrustRecords); the resolved-alert memory is bounded (AlertWatch); and
 * `start()` returns a stop function that removes every listener and timer and closes the connection.
 */
import {
  applyLiveChanges,
  DEFAULT_FRESHNESS_LIMITS,
  wardsNotReporting,
  type AlertSummary,
  type DisplayCommand,
  type LiveDelta,
  type LiveSnapshot,
  type SocketAuth,
} from '@wardpulse/shared';
import { AlertWatch } from '../alerts/alert-watch.js';
import type { ConnectionStatus } from './connection-status.js';
import { newerChanges, pruneTrustRecords } from './newer-changes.js';
import { createSameOriginSocket } from './same-origin-socket.js';
import { ScopeSubscription, type LiveSocket } from './scope-subscription.js';

/** How long a screen shows "Reloading…" before a remote reload, when the UI does not take it over. */
export const RELOAD_DELAY_MS = 2000;

/** How often, at most, records no live view needs are dropped (month and week ends need no more). */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export interface LiveBoardOptions {
  /** Display token or read API key for the handshake; null to rely on the session cookie. */
  token: string | null;
  /**
   * Replaceable for tests; by default a same-origin socket on the default path whose reconnection
   * ScopeSubscription owns. A replacement should not reconnect by itself either.
   */
  createSocket?: (auth: SocketAuth) => LiveSocket;
  /**
   * Alerts that started firing while the board was watching (never those of the first snapshot): a
   * wall screen sounds and shows a notification for them.
   */
  onAlertsFired?: (alerts: AlertSummary[]) => void;
  /**
   * An admin asked every screen to reload (`display` { kind: 'reload' }, display-token boards only).
   * When given, the owner reloads (say "Reloading…", then `reload()`); by default the board reloads the
   * page itself RELOAD_DELAY_MS later. `reloadRequestedAt` is set either way.
   */
  onReloadRequested?: (reload: () => void) => void;
  /** Replaceable for tests: what reloading the page means. */
  reloadPage?: () => void;
}

export class LiveBoard {
  readonly scope: string;

  /** Null until the first snapshot arrives. */
  snapshot = $state<LiveSnapshot | null>(null);
  status = $state<ConnectionStatus>({ state: 'connecting' });
  /**
   * When the server last confirmed the numbers (a snapshot, a delta or a resumed subscription), in
   * ms since epoch; null before the first. Shown while reconnecting ("last update 2 min ago"), so it
   * errs on the old side.
   */
  lastUpdateAt = $state<number | null>(null);
  /**
   * When each ward (by ward id) or trust (by ODS code) last changed while watched; tiles and member
   * trusts highlight recent changes.
   */
  changedAt = $state<Record<string, number>>({});
  /**
   * The server refused this board's display token as revoked: the board has stopped retrying (status
   * is an error that is not retrying) and the screen should say that it needs a new link.
   */
  revoked = $state(false);
  /** When a remote reload was asked for (ms since epoch), so the screen can say "Reloading…"; else null. */
  reloadRequestedAt = $state<number | null>(null);

  readonly #token: string | null;
  readonly #createSocket: (auth: SocketAuth) => LiveSocket;
  readonly #onAlertsFired: ((alerts: AlertSummary[]) => void) | undefined;
  readonly #onReloadRequested: ((reload: () => void) => void) | undefined;
  readonly #reloadPage: () => void;
  readonly #alertWatch = new AlertWatch();
  #nextPruneAt = 0;
  #reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(scope: string, options: LiveBoardOptions) {
    this.scope = scope;
    this.#token = options.token;
    this.#createSocket = options.createSocket ?? ((auth) => createSameOriginSocket(auth, { reconnection: 'owner' }));
    this.#onAlertsFired = options.onAlertsFired;
    this.#onReloadRequested = options.onReloadRequested;
    this.#reloadPage = options.reloadPage ?? (() => location.reload());
  }

  /** True while the numbers shown are known to be current. */
  get isLive(): boolean {
    return this.status.state === 'live';
  }

  /** Connects and subscribes; returns the function that disconnects and removes every listener and timer. */
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
      revoked: () => {
        this.revoked = true;
      },
      display: (command) => this.#command(command),
    });
    subscription.start();
    socket.connect();
    return () => {
      subscription.dispose();
      socket.disconnect();
      if (this.#reloadTimer !== null) clearTimeout(this.#reloadTimer);
      this.#reloadTimer = null;
    };
  }

  #replace(snapshot: LiveSnapshot): void {
    // A server from before the trust-level measures sends neither field; the board then shows beds only.
    snapshot.trusts ??= [];
    snapshot.escalation ??= null;
    snapshot.alerts ??= [];
    // Nor these: it applied the default limit.
    snapshot.freshness ??= DEFAULT_FRESHNESS_LIMITS;
    snapshot.notReporting ??= wardsNotReporting(snapshot.wards, Date.now(), snapshot.freshness);
    const receivedAt = Date.now();
    // The server's snapshot holds only what a live view needs: nothing to prune for a while.
    this.#nextPruneAt = receivedAt + PRUNE_INTERVAL_MS;
    this.snapshot = snapshot;
    this.changedAt = {};
    this.lastUpdateAt = receivedAt;
    this.#noticeAlerts(snapshot.alerts);
  }

  #apply(deltas: readonly LiveDelta[]): void {
    const snapshot = this.snapshot;
    if (snapshot === null) return;
    const receivedAt = Date.now();
    let alertsChanged = false;
    for (const delta of deltas) {
      const accepted = newerChanges({ ...snapshot, resolvedAlerts: this.#alertWatch.resolved }, delta.changes);
      const changedIds = applyLiveChanges(snapshot, accepted, receivedAt);
      for (const id of changedIds) this.changedAt[id] = receivedAt;
      if (this.#alertWatch.accepted(accepted)) alertsChanged = true;
    }
    if (receivedAt >= this.#nextPruneAt) {
      // Lazily, on the next change: a board that hears nothing gains nothing to forget.
      this.#nextPruneAt = receivedAt + PRUNE_INTERVAL_MS;
      pruneTrustRecords(snapshot.trusts, receivedAt);
    }
    this.lastUpdateAt = receivedAt;
    if (alertsChanged) this.#noticeAlerts(snapshot.alerts);
  }

  #command(command: DisplayCommand): void {
    // The server sends commands to display-token sockets only; a person's board never reloads on one.
    if (this.#token === null || command.kind !== 'reload' || this.reloadRequestedAt !== null) return;
    this.reloadRequestedAt = Date.now();
    if (this.#onReloadRequested) {
      this.#onReloadRequested(this.#reloadPage);
      return;
    }
    this.#reloadTimer = setTimeout(() => {
      this.#reloadTimer = null;
      this.#reloadPage();
    }, RELOAD_DELAY_MS);
  }

  /** Tells the owner about alerts that began firing since the last look; the first snapshot only sets the baseline. */
  #noticeAlerts(open: readonly AlertSummary[]): void {
    const fired = this.#alertWatch.look(open);
    if (fired.length > 0) this.#onAlertsFired?.(fired);
  }
}

/**
 * Exponential back-off with jitter for every reconnect and retry of a live board (ScopeSubscription
 * owns them: a lost transport, a server that closed the socket or refused the handshake, an
 * unavailable scope), and the same figures for Socket.IO's own reconnection where a socket keeps it
 * (the in-app notification socket). Jitter stops a room of wall screens — or every screen of a trust
 * after a deploy — from all reconnecting in the same second.
 *
 * Unlike Socket.IO's back-off (which clamps the jittered delay to its maximum, so after a minute of
 * outage every client waits exactly the maximum and the spread stops growing), the spread here
 * survives the cap: the centre stops doubling where its upper spread reaches `maxMs`, so delays at the
 * cap are spread evenly over [maxMs·(1−f)/(1+f), maxMs] — 10 s to 30 s with the defaults.
 */

export interface BackoffOptions {
  /** The centre of the first delay. */
  minMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  /** 0.5 spreads each delay over ±50% of its centre. */
  randomizationFactor: number;
}

/** Reconnects and retries: 1 s, 2 s, 4 s … each ±50%, never over 30 s. */
export const RETRY_BACKOFF: BackoffOptions = { minMs: 1000, maxMs: 30_000, randomizationFactor: 0.5 };

/**
 * A handshake the server refused for its credentials (`unauthenticated`: an unknown display token or
 * an expired session). Asking again rarely helps, but a screen must not give up on a token an admin may
 * be about to fix: 30 s, 60 s … ±50%, never over 5 minutes.
 */
export const REFUSED_BACKOFF: BackoffOptions = { minMs: 30_000, maxMs: 300_000, randomizationFactor: 0.5 };

/** Socket.IO's own reconnection options with the same figures (its jitter is clamped at the cap). */
export function socketIoReconnection(options: BackoffOptions = RETRY_BACKOFF) {
  return {
    reconnectionDelay: options.minMs,
    reconnectionDelayMax: options.maxMs,
    randomizationFactor: options.randomizationFactor,
  };
}

/** The delay before retry number `attempt` (0 for the first), in ms; `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const factor = Math.min(1, Math.max(0, options.randomizationFactor));
  const ceiling = options.maxMs / (1 + factor);
  // 2 ** 1075 is Infinity, which Math.min handles; a negative or NaN attempt counts as the first.
  const doubled = options.minMs * 2 ** (attempt > 0 ? attempt : 0);
  const centre = Math.min(ceiling, doubled);
  const delay = centre * (1 - factor + 2 * factor * random());
  return Math.round(Math.min(options.maxMs, Math.max(0, delay)));
}

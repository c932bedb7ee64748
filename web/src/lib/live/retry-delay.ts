/**
 * Exponential back-off with jitter, the same shape as Socket.IO's own reconnection, for the retries
 * Socket.IO does not make by itself (a refused or server-closed connection, an unavailable scope).
 * Jitter stops a room of wall screens from all retrying in the same instant after a server restart.
 */

export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  /** 0.5 spreads each delay over ±50%. */
  randomizationFactor: number;
}

export const RETRY_BACKOFF: BackoffOptions = { minMs: 1000, maxMs: 10_000, randomizationFactor: 0.5 };

export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.minMs * 2 ** Math.max(0, attempt));
  const spread = base * options.randomizationFactor;
  return Math.round(Math.min(options.maxMs, Math.max(0, base - spread + random() * 2 * spread)));
}

/**
 * Freshness decisions for the wall: when a ward's numbers are too old to trust at a glance, and how
 * long a changed tile stays highlighted. Thresholds live here so the board and tests agree.
 */

/** A ward whose latest observation is older than this is marked "Stale". */
export const STALE_AFTER_MS = 15 * 60 * 1000;

/** How long a tile stays highlighted after its numbers change. */
export const CHANGE_HIGHLIGHT_MS = 4000;

/**
 * True when an observation made at `observedAt` (ISO 8601) is older than STALE_AFTER_MS.
 * An unreadable time counts as stale: the board must never present numbers it cannot date as fresh.
 */
export function isStale(observedAt: string, nowMs: number): boolean {
  const observedMs = Date.parse(observedAt);
  if (Number.isNaN(observedMs)) return true;
  return nowMs - observedMs > STALE_AFTER_MS;
}

/**
 * True while a tile changed at `changedAtMs` should stay highlighted. The shared clock ticks once a
 * second, so `nowMs` may lag the change by up to a second: a negative difference is still recent.
 */
export function isRecentlyChanged(changedAtMs: number | undefined, nowMs: number): boolean {
  return changedAtMs !== undefined && nowMs - changedAtMs < CHANGE_HIGHLIGHT_MS;
}

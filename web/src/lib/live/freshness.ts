/**
 * Freshness decisions for the wall: when a ward's numbers are too old to trust at a glance, and how
 * long a changed tile stays marked. Thresholds live here, once, so every board, the bed finder and the
 * tests agree.
 */

/**
 * How often a ward's feed is expected to report: EPR extracts and integration engines send a ward's
 * bed state every few minutes, and a ward updated by hand should be updated at least every quarter
 * hour. A ward that has said nothing for longer than this is quiet beyond its expected interval: its
 * tile is marked "Stale" (and its numbers greyed), since a bed may have been filled or freed since.
 */
export const EXPECTED_REPORT_INTERVAL_MS = 15 * 60 * 1000;

/** How long a tile stays marked ("Changed 0:42 ago") after its numbers change. */
export const CHANGE_MARK_MS = 60 * 1000;

/**
 * True when an observation made at `observedAt` (ISO 8601) is older than the expected report
 * interval. An unreadable time counts as stale: the board must never present numbers it cannot date
 * as fresh.
 */
export function isStale(observedAt: string, nowMs: number): boolean {
  const observedMs = Date.parse(observedAt);
  if (Number.isNaN(observedMs)) return true;
  return nowMs - observedMs > EXPECTED_REPORT_INTERVAL_MS;
}

/**
 * True while a tile changed at `changedAtMs` should stay marked. The shared clock ticks once a
 * second, so `nowMs` may lag the change by up to a second: a negative difference is still recent.
 */
export function isRecentlyChanged(changedAtMs: number | null | undefined, nowMs: number): boolean {
  return changedAtMs !== undefined && changedAtMs !== null && nowMs - changedAtMs < CHANGE_MARK_MS;
}

/** How long ago a change was, as a clock reads it: "0:07", "0:42", "1:05". */
export function changedAgo(changedAtMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - changedAtMs) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The figures a tile shows, as one comparable value. A feed that sends the same numbers again (a
 * heartbeat, a periodic full extract) refreshes the age but changes nothing a bed manager needs to
 * notice, so only a different value here marks the tile as changed.
 */
export function shownFiguresKey(
  state: {
    commissioned: number;
    closed: number;
    occupied: number;
    onLeave: number;
    pendingAdmissions: number;
    clinicallyReadyForDischarge: number;
  } | null,
): string {
  if (state === null) return '';
  return [
    state.commissioned,
    state.closed,
    state.occupied,
    state.onLeave,
    state.pendingAdmissions,
    state.clinicallyReadyForDischarge,
  ].join('/');
}

/**
 * Remembers the figures a tile last showed and when they last changed. `observe` is given the key of
 * the figures now (shownFiguresKey) and when the board received them (LiveBoard.changedAt); it returns
 * when the shown figures last changed, or null if they have not changed while watched. The first
 * figures seen are the baseline: a board that has just opened marks nothing.
 */
export class FiguresChange {
  #key: string | null = null;
  #changedAt: number | null = null;

  observe(key: string, receivedAt: number | undefined, nowMs: number): number | null {
    if (this.#key !== null && key !== this.#key && key !== '') this.#changedAt = receivedAt ?? nowMs;
    this.#key = key;
    return this.#changedAt;
  }
}

/**
 * Change marks for the wall: how long a changed tile stays marked, and which changes count. When a
 * ward's numbers are too old to trust ("Stale") or to count at all ("Not reporting") is defined once in
 * shared (freshness.ts: isStale, isReporting), for the boards, the bed finder, the server and the jobs.
 */

/** How long a tile stays marked ("Changed 0:42 ago") after its numbers change. */
export const CHANGE_MARK_MS = 60 * 1000;

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

/**
 * The kiosk's rotation through a display token's playlist (shared/src/display.ts), free of Svelte and
 * of timers so it can be unit-tested: which view is on, when the next one is due, pausing for
 * maintenance, and views the screen may not read. The page advances it from the board clock's tick.
 *
 * A view the token may not read (the server refuses its scope) is shown once with a message saying so,
 * for REFUSED_VIEW_MS rather than the whole interval, and skipped from then on: refusals come from the
 * token's scopes, which do not change while the page runs (an administrator's fix arrives with a reload).
 */
import type { DisplayPlaylist, DisplayView } from '@wardpulse/shared';

/** How long the "this screen may not show …" message stays before the rotation moves on. */
export const REFUSED_VIEW_MS = 8_000;

export interface RotationState {
  /** The view on screen, an index into the playlist's views. */
  readonly index: number;
  /** When it came on screen (ms since epoch), moved on by the time spent paused. */
  readonly shownAt: number;
  /** When the rotation was paused; null while it runs. */
  readonly pausedAt: number | null;
  /** Indexes of the views the screen may not read, in the order they were refused. */
  readonly refused: readonly number[];
}

export function startRotation(now: number): RotationState {
  return { index: 0, shownAt: now, pausedAt: null, refused: [] };
}

/** The playlist a display shows: its own, or its home board alone. */
export function playlistFor(display: { scope: string; playlist: DisplayPlaylist | null }): DisplayPlaylist {
  if (display.playlist !== null) return display.playlist;
  // A home scope is a trust or a collaborative for display tokens made by the admin page; anything else
  // still opens as a board, and the board says if it cannot.
  return { intervalSeconds: 3600, views: [{ kind: 'board', scope: display.scope }] };
}

/** The view after `index`, skipping refused ones; `index` itself when it is the only one (or all are refused but it). */
export function nextIndex(index: number, count: number, refused: readonly number[]): number {
  for (let step = 1; step <= count; step += 1) {
    const candidate = (index + step) % count;
    if (!refused.includes(candidate)) return candidate;
  }
  // Every view is refused: go round them, so each still says why it cannot be shown.
  return (index + 1) % count;
}

/** How long the current view stays on screen. */
export function dwellMs(state: RotationState, intervalMs: number): number {
  return state.refused.includes(state.index) ? Math.min(REFUSED_VIEW_MS, intervalMs) : intervalMs;
}

/** When the current view gives way (ms since epoch); null while paused or when nothing else can come on. */
export function dueAt(state: RotationState, count: number, intervalMs: number): number | null {
  if (state.pausedAt !== null) return null;
  if (nextIndex(state.index, count, state.refused) === state.index) return null;
  return state.shownAt + dwellMs(state, intervalMs);
}

/** Time left on the current view, in whole seconds (rounded up); while paused, what was left at the pause. */
export function secondsLeft(state: RotationState, count: number, intervalMs: number, now: number): number | null {
  if (nextIndex(state.index, count, state.refused) === state.index) return null;
  const at = state.pausedAt ?? now;
  return Math.max(0, Math.ceil((state.shownAt + dwellMs(state, intervalMs) - at) / 1000));
}

/**
 * The state at `now`: the next view if the current one is due, else the same object (so a caller can
 * skip a reactive update). After a long sleep (a hidden tab, a suspended TV) it moves on by one view,
 * not by every interval missed, and times the new view from now.
 */
export function tick(state: RotationState, count: number, intervalMs: number, now: number): RotationState {
  const due = dueAt(state, count, intervalMs);
  if (due === null || now < due) return state;
  return { ...state, index: nextIndex(state.index, count, state.refused), shownAt: now };
}

/** Moves on now (the → key); a paused rotation stays paused on the new view. */
export function skip(state: RotationState, count: number, now: number): RotationState {
  return {
    ...state,
    index: nextIndex(state.index, count, state.refused),
    shownAt: now,
    pausedAt: state.pausedAt === null ? null : now,
  };
}

/** Pauses, or resumes with the time that was left (the space bar). */
export function togglePause(state: RotationState, now: number): RotationState {
  if (state.pausedAt === null) return { ...state, pausedAt: now };
  return { ...state, shownAt: state.shownAt + (now - state.pausedAt), pausedAt: null };
}

/**
 * Notes that the screen may not read view `index`. When it is on screen, its message stays for
 * REFUSED_VIEW_MS from now; the same refusal reported twice changes nothing.
 */
export function refuse(state: RotationState, index: number, now: number): RotationState {
  if (state.refused.includes(index)) return state;
  const refused = [...state.refused, index];
  return index === state.index && state.pausedAt === null ? { ...state, refused, shownAt: now } : { ...state, refused };
}

/** A view in a few words, for "next: …": "North East and North Cumbria board", "Bed finder", "Alerts". */
export function viewLabel(view: DisplayView, nameOf: (scope: string) => string | undefined): string {
  switch (view.kind) {
    case 'board':
      return `${nameOf(view.scope) ?? view.scope} board`;
    case 'bed-finder':
      return 'Bed finder';
    case 'alerts':
      return 'Alerts';
  }
}

/**
 * The rotation line at the foot of the kiosk: "2 of 4 · next: Bed finder in 12 s", "2 of 4 · paused ·
 * next: Bed finder", or '' for a single view (nothing rotates, nothing to say).
 */
export function rotationSummary(
  state: RotationState,
  views: readonly DisplayView[],
  intervalMs: number,
  now: number,
  nameOf: (scope: string) => string | undefined,
): string {
  const count = views.length;
  if (count <= 1) return '';
  const position = `${state.index + 1} of ${count}`;
  const following = nextIndex(state.index, count, state.refused);
  const nextView = views[following];
  if (following === state.index || nextView === undefined) return position;
  const next = `next: ${viewLabel(nextView, nameOf)}`;
  if (state.pausedAt !== null) return `${position} · paused · ${next}`;
  return `${position} · ${next} in ${secondsLeft(state, count, intervalMs, now) ?? 0} s`;
}

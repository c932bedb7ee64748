/**
 * When a wall screen reloads itself: after a new version of the app is deployed (SvelteKit's
 * `updated`, polled every `kit.version.pollInterval`), or when an administrator asks every screen to.
 * The screen first says "Updating…" for UPDATE_NOTICE_MS, so nobody looking at it thinks it crashed,
 * then waits for a quiet moment — no number flashing and no view sliding in — so the reload never cuts
 * an animation short; a screen that never goes quiet reloads anyway after QUIET_WAIT_MAX_MS.
 */

/** How long "Updating…" shows before the reload. */
export const UPDATE_NOTICE_MS = 5_000;

/** The longest a reload waits for the screen to go quiet, after the notice. */
export const QUIET_WAIT_MAX_MS = 30_000;

/** Why a screen reloads. */
export type ReloadReason = 'new-version' | 'requested';

export const RELOAD_REASON_TEXT: Record<ReloadReason, string> = {
  'new-version': 'A new version of WardPulse is ready — updating…',
  requested: 'An administrator asked this screen to reload — updating…',
};

/** The parts of a Web Animation this looks at (Element.animate, CSS animations and Svelte transitions all are). */
export interface AnimationLike {
  playState: string;
  effect: { getComputedTiming(): { endTime?: unknown } } | null;
}

/**
 * True while a finite animation is running. An endless one (a spinner) never ends, so it does not
 * hold the reload back.
 */
export function animating(animations: readonly AnimationLike[]): boolean {
  return animations.some((animation) => {
    if (animation.playState !== 'running') return false;
    const end = animation.effect?.getComputedTiming().endTime;
    return typeof end === 'number' && Number.isFinite(end);
  });
}

/** True when the screen should reload now: the notice has shown long enough, and it is quiet (or has waited long enough). */
export function reloadDue(requestedAt: number, now: number, busy: boolean): boolean {
  const waited = now - requestedAt;
  if (waited < UPDATE_NOTICE_MS) return false;
  return !busy || waited >= UPDATE_NOTICE_MS + QUIET_WAIT_MAX_MS;
}

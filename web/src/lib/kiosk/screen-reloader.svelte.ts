/**
 * The one place a wall screen reloads itself (screen-reload.ts decides when). Provided through context
 * by the (wall) layout, so whatever hears of a reason — SvelteKit's `updated`, an administrator's
 * `display` reload command — asks here and the screen reloads once, politely.
 */
import { createContext } from 'svelte';
import { animating, reloadDue, type ReloadReason } from './screen-reload.js';

export class ScreenReloader {
  /** Why the screen is about to reload; null while it is not. */
  reason = $state<ReloadReason | null>(null);
  #requestedAt: number | null = null;
  readonly #reload: () => void;

  constructor(reload: () => void = () => location.reload()) {
    this.#reload = reload;
  }

  /** Asks for a reload; a second reason while one is pending changes nothing. */
  request(reason: ReloadReason, now = Date.now()): void {
    if (this.#requestedAt !== null) return;
    this.#requestedAt = now;
    this.reason = reason;
  }

  /** Called on the board clock's tick: reloads once the notice has shown and the screen is quiet. */
  check(now: number, animations: () => readonly Animation[] = () => document.getAnimations()): void {
    if (this.#requestedAt === null) return;
    if (reloadDue(this.#requestedAt, now, animating(animations()))) {
      this.#requestedAt = Number.POSITIVE_INFINITY; // once
      this.#reload();
    }
  }
}

export const [getScreenReloader, setScreenReloader] = createContext<ScreenReloader>();

/**
 * The one clock of a board. Every tile's "updated 12 s ago", the staleness marks and the connection
 * indicator read `now` from here, so a board of sixty tiles runs one timer, not sixty.
 */
import { createContext } from 'svelte';

export const CLOCK_TICK_MS = 1000;

export class BoardClock {
  now = $state(Date.now());

  /** Starts ticking; returns the function that stops it (for onMount). */
  start(): () => void {
    this.now = Date.now();
    const timer = setInterval(() => {
      this.now = Date.now();
    }, CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }
}

export const [getBoardClock, setBoardClock] = createContext<BoardClock>();

/**
 * What the board says about its connection. Wall screens must never show silently frozen numbers
 * (product.md), so every state has words, and the reconnecting state says how old the numbers are.
 */
import { formatAge } from './age.js';

/** The `data-state` values of the connection indicator (end-to-end tests read them). */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'error';

export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'reconnecting' }
  | { state: 'error'; message: string; retrying: boolean };

/**
 * The indicator's text. `lastUpdateAtMs` is when the board last heard a snapshot or delta;
 * null before the first one.
 */
export function connectionLabel(status: ConnectionStatus, lastUpdateAtMs: number | null, nowMs: number): string {
  switch (status.state) {
    case 'live':
      return 'Live';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return lastUpdateAtMs === null ? 'Reconnecting…' : `Reconnecting… — last update ${formatAge(nowMs - lastUpdateAtMs)} ago`;
    case 'error':
      return `Error: ${status.message}${status.retrying ? ' — retrying' : ''}`;
  }
}

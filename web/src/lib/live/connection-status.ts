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
      return lastUpdateAtMs === null ? 'Reconnecting…' : `Reconnecting — last update ${formatAge(nowMs - lastUpdateAtMs)} ago`;
    case 'error': {
      const problem = linkProblemOf(status);
      if (problem !== null) return LINK_PROBLEM_LABELS[problem];
      return `Error: ${status.message}${status.retrying ? ' — retrying' : ''}`;
    }
  }
}

/**
 * Why a screen's credentials stopped working: its display link was revoked by an administrator, or the
 * server does not know it (mistyped, or made on another installation). Neither mends itself by
 * retrying, so the screen says what to do instead of spinning.
 */
export type LinkProblem = 'revoked' | 'unknown';

/** The wall's full sentence for each problem, read from across the room by whoever walks past. */
export const LINK_PROBLEM_MESSAGES: Record<LinkProblem, string> = {
  revoked: "This screen's link was revoked — ask an administrator for a new one",
  unknown: "This screen's link is not recognised — ask an administrator for a new one",
};

const LINK_PROBLEM_LABELS: Record<LinkProblem, string> = { revoked: 'Link revoked', unknown: 'Link not recognised' };

/**
 * The link problem behind a connection status, if any. The server refuses the Socket.IO handshake with
 * the message `revoked` for a revoked display token and `unauthenticated` for a token it does not know.
 */
export function linkProblemOf(status: ConnectionStatus): LinkProblem | null {
  if (status.state !== 'error') return null;
  if (status.message === 'revoked') return 'revoked';
  if (status.message === 'unauthenticated') return 'unknown';
  return null;
}

/**
 * The link problem behind an API refusal: 401 with the code `revoked`, or any other 401 when the screen
 * has a token at all. The HTTP API answers a revoked token as it does an unknown one today ("unknown or
 * revoked"), so over HTTP a revoked link reads as unknown until it says `revoked`; the live connection
 * tells the two apart. Null for every other failure.
 */
export function linkProblemOfResponse(error: { status: number; code: string }, hasToken: boolean): LinkProblem | null {
  if (error.status !== 401 || !hasToken) return null;
  return error.code === 'revoked' ? 'revoked' : 'unknown';
}

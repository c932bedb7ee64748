/**
 * Bounds on what one socket may ask of the gateway (security review #16 item 14). Every subscribe
 * costs a snapshot read and a room, so an unbounded client could hold thousands of scopes or ask
 * for snapshots in a tight loop. The largest honest client is a collaborative wall or the region
 * overview: a few dozen scopes, re-subscribed all at once after a resync.
 */

/** Scopes one socket may hold at once: a region of trusts and their sites with room to spare. */
export const MAX_SCOPES_PER_SOCKET = 50;
/** A burst as large as one socket's scope allowance (a resync re-subscribes every scope). */
export const SUBSCRIBE_BURST = MAX_SCOPES_PER_SOCKET;
/** Sustained subscribes per second once the burst is spent. */
export const SUBSCRIBES_PER_SECOND = 5;

export type SubscribeRefusal = { code: 'too_many_scopes' | 'rate_limited'; message: string };

/** One socket's allowance: a token bucket for the rate and the set of scopes it holds. */
export class SubscribeAllowance {
  readonly #scopes = new Set<string>();
  #tokens = SUBSCRIBE_BURST;
  #refilledAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.#refilledAt = now();
  }

  /** Takes one subscribe from the allowance; a refusal says why. Repeating a held scope is free of the scope cap. */
  take(scope: string): SubscribeRefusal | undefined {
    const at = this.now();
    this.#tokens = Math.min(SUBSCRIBE_BURST, this.#tokens + ((at - this.#refilledAt) / 1000) * SUBSCRIBES_PER_SECOND);
    this.#refilledAt = at;
    if (!this.#scopes.has(scope) && this.#scopes.size >= MAX_SCOPES_PER_SOCKET)
      return {
        code: 'too_many_scopes',
        message: `a connection may hold at most ${MAX_SCOPES_PER_SOCKET} scopes; unsubscribe one first`,
      };
    if (this.#tokens < 1)
      return { code: 'rate_limited', message: `at most ${SUBSCRIBES_PER_SECOND} subscribes a second; retry shortly` };
    this.#tokens -= 1;
    this.#scopes.add(scope);
    return undefined;
  }

  /** The scope is no longer held (unsubscribed, or its subscribe failed). */
  release(scope: string): void {
    this.#scopes.delete(scope);
  }

  get scopes(): number {
    return this.#scopes.size;
  }
}

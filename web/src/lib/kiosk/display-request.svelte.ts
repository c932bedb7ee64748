/**
 * What this screen shows (`GET /api/v1/display`, the display token as bearer), asked until it is
 * answered: a kiosk is switched on before the network or the server is up, and must get there by
 * itself. Failures are retried with the same jittered back-off as the live connection, so a room of
 * screens does not ask in step. A revoked link is final and says what to do; an unknown one says the
 * same kind of thing but is asked about again slowly, in case an administrator is putting it right.
 */
import type { DisplayConfig } from '@wardpulse/shared';
import { ApiError, getJson } from '../api/api-client.js';
import { linkProblemOfResponse, type LinkProblem } from '../live/connection-status.js';
import { RETRY_BACKOFF, backoffDelay } from '../live/retry-delay.js';

export const DISPLAY_CONFIG_PATH = '/api/v1/display';

/** How often an unknown link is asked about again. */
export const UNKNOWN_LINK_RETRY_MS = 60_000;

export class DisplayRequest {
  config = $state.raw<DisplayConfig | null>(null);
  /** Set while the link itself is refused (or there is none); cleared if an unknown link is accepted later. */
  linkProblem = $state<LinkProblem | 'missing' | null>(null);
  /** The last failure while retrying, for the "cannot reach" message. */
  failure = $state<string | null>(null);
  /** When the next attempt is due (ms since epoch), while retrying. */
  retryAt = $state<number | null>(null);

  readonly #fetch: typeof fetch;
  readonly #token: string | null;
  #controller: AbortController | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;
  #recheckedAt = Number.NEGATIVE_INFINITY;

  constructor(fetchImpl: typeof fetch, token: string | null) {
    this.#fetch = fetchImpl;
    this.#token = token;
  }

  /** Asks until answered or refused for good; returns the function that stops asking (for onMount). */
  start(): () => void {
    if (this.#token === null) {
      this.linkProblem = 'missing';
      return () => undefined;
    }
    this.#controller = new AbortController();
    void this.#ask();
    return () => {
      this.#controller?.abort();
      this.#controller = null;
      this.#clearTimer();
    };
  }

  /**
   * Asks again now, dropping what the screen shows meanwhile: a view found the link refused, and the
   * display endpoint says whether that is revoked, unknown, or a hiccup that has passed.
   */
  recheck(now = Date.now()): void {
    if (this.#controller === null || this.linkProblem === 'revoked') return;
    // Views that keep being refused while the endpoint keeps answering must not make the screen flicker.
    if (now - this.#recheckedAt < UNKNOWN_LINK_RETRY_MS) return;
    this.#recheckedAt = now;
    this.config = null;
    this.#clearTimer();
    void this.#ask();
  }

  async #ask(): Promise<void> {
    const controller = this.#controller;
    if (controller === null || this.#token === null) return;
    this.#timer = null;
    this.retryAt = null;
    try {
      this.config = await getJson<DisplayConfig>(this.#fetch, DISPLAY_CONFIG_PATH, this.#token, controller.signal);
      this.linkProblem = null;
      this.failure = null;
      this.#attempt = 0;
    } catch (error) {
      if (controller.signal.aborted) return;
      // A 403 here means a credential that is not a display link (a read API key, say): as good as unknown.
      const problem = error instanceof ApiError ? (error.status === 403 ? 'unknown' : linkProblemOfResponse(error, true)) : null;
      if (problem === 'revoked') {
        this.linkProblem = problem;
        return;
      }
      let delay: number;
      if (problem === 'unknown') {
        this.linkProblem = problem;
        delay = UNKNOWN_LINK_RETRY_MS;
      } else {
        this.failure = error instanceof Error ? error.message : String(error);
        delay = backoffDelay(this.#attempt, RETRY_BACKOFF);
        this.#attempt += 1;
      }
      this.retryAt = Date.now() + delay;
      this.#timer = setTimeout(() => void this.#ask(), delay);
    }
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

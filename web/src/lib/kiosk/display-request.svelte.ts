/**
 * What this screen shows (`GET /api/v1/display`, the display token as bearer), asked until it is
 * answered: a kiosk is switched on before the network or the server is up, and must get there by
 * itself. A refused link (revoked or unknown) is final and says what to do; anything else is retried
 * with the same jittered back-off as the live connection, so a room of screens does not ask in step.
 */
import type { DisplayConfig } from '@wardpulse/shared';
import { ApiError, getJson } from '../api/api-client.js';
import { linkProblemOfResponse, type LinkProblem } from '../live/connection-status.js';
import { RETRY_BACKOFF, backoffDelay } from '../live/retry-delay.js';

export const DISPLAY_CONFIG_PATH = '/api/v1/display';

export class DisplayRequest {
  config = $state.raw<DisplayConfig | null>(null);
  /** Set when the link itself is refused; the request stops. */
  linkProblem = $state<LinkProblem | 'missing' | null>(null);
  /** The last failure while retrying, for the "cannot reach" message. */
  failure = $state<string | null>(null);
  /** When the next attempt is due (ms since epoch), while retrying. */
  retryAt = $state<number | null>(null);

  readonly #fetch: typeof fetch;
  readonly #token: string | null;

  constructor(fetchImpl: typeof fetch, token: string | null) {
    this.#fetch = fetchImpl;
    this.#token = token;
  }

  /** Asks until answered or refused; returns the function that stops asking (for onMount). */
  start(): () => void {
    if (this.#token === null) {
      this.linkProblem = 'missing';
      return () => undefined;
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    const ask = async () => {
      timer = null;
      this.retryAt = null;
      try {
        this.config = await getJson<DisplayConfig>(this.#fetch, DISPLAY_CONFIG_PATH, this.#token, controller.signal);
        this.failure = null;
      } catch (error) {
        if (controller.signal.aborted) return;
        // A 403 here means a credential that is not a display link (a read API key, say): as final as a 401.
        const problem =
          error instanceof ApiError ? (error.status === 403 ? 'unknown' : linkProblemOfResponse(error, true)) : null;
        if (problem !== null) {
          this.linkProblem = problem;
          return;
        }
        this.failure = error instanceof Error ? error.message : String(error);
        const delay = backoffDelay(attempt, RETRY_BACKOFF);
        attempt += 1;
        this.retryAt = Date.now() + delay;
        timer = setTimeout(() => void ask(), delay);
      }
    };
    void ask();
    return () => {
      controller.abort();
      if (timer !== null) clearTimeout(timer);
    };
  }
}

/**
 * Loads one trends response at a time: a new request cancels the one in flight, so a quick run of
 * changes to the view never shows an older answer last. The answer is checked against the shared
 * contract (trendResponseSchema), so a server that drifts from it fails loudly, not as a blank chart.
 */
import { trendResponseSchema, type TrendResponse } from '@wardpulse/shared';
import { getJson } from '../api/api-client.js';

export class TrendRequest {
  /** Raw: replaced whole, and handed to Chart.js, which must not see Svelte proxies. */
  response = $state.raw<TrendResponse | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  /** The API path of the response shown (or being loaded). */
  path = $state<string | null>(null);

  #controller: AbortController | null = null;

  async load(fetchImpl: typeof fetch, path: string, token: string | null): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.loading = true;
    this.error = null;
    this.path = path;
    try {
      const body = await getJson<unknown>(fetchImpl, path, token, controller.signal);
      const parsed = trendResponseSchema.safeParse(body);
      if (!parsed.success) throw new Error('The server answered in an unexpected shape');
      if (controller.signal.aborted) return;
      this.response = parsed.data;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error instanceof Error ? error.message : String(error);
      this.response = null;
    } finally {
      if (!controller.signal.aborted) this.loading = false;
    }
  }

  /** Stops any request in flight and forgets the answer (no scope chosen, or a bad range). */
  clear(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.loading = false;
    this.error = null;
    this.response = null;
    this.path = null;
  }
}

/**
 * One thing an admin page loads from the API (a list of people, the audit log): its value, or why it
 * could not be had — in the server's words, so a 403 reads as the server's refusal.
 */
import { ApiError } from '../api/api-client.js';

export class Loadable<T> {
  /** Raw: replaced whole after each load or change. */
  value = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  status = $state<number | null>(null);
  /** The failure itself (an ApiError carries the fields at fault). */
  failure = $state.raw<unknown>(null);
  loading = $state(false);

  #generation = 0;

  async load(fetchValue: () => Promise<T>): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const value = await fetchValue();
      if (generation !== this.#generation) return;
      this.value = value;
      this.error = null;
      this.status = null;
      this.failure = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = error instanceof Error ? error.message : String(error);
      this.status = error instanceof ApiError ? error.status : null;
      this.failure = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}

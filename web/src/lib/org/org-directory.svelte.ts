/**
 * Loads the organisation directory (`GET /api/v1/org`): the home page lists it, and wall boards use
 * it for site and trust names (a live snapshot carries ids only).
 */
import type { OrgDirectory } from '@wardpulse/shared';
import { ApiError, getJson } from '../api/api-client.js';

export const ORG_DIRECTORY_PATH = '/api/v1/org';

export class OrgDirectoryRequest {
  /** Raw: replaced whole, never edited, so deep reactivity would only cost memory. */
  directory = $state.raw<OrgDirectory | null>(null);
  error = $state<string | null>(null);
  /** The HTTP status of the failure (401: nobody signed in), 0 when the server was unreachable. */
  errorStatus = $state<number | null>(null);
  loading = $state(false);

  async load(fetchImpl: typeof fetch, token: string | null, signal?: AbortSignal): Promise<void> {
    this.loading = true;
    this.error = null;
    this.errorStatus = null;
    try {
      this.directory = await getJson<OrgDirectory>(fetchImpl, ORG_DIRECTORY_PATH, token, signal);
    } catch (error) {
      if (signal?.aborted) return;
      this.error = error instanceof Error ? error.message : String(error);
      this.errorStatus = error instanceof ApiError ? error.status : null;
    } finally {
      if (!signal?.aborted) this.loading = false;
    }
  }
}

/**
 * A small client for the same-origin HTTP API (`/api/v1/*`). Errors come back in the API's one error
 * shape (`{ error: { code, message, details } }`, shared/src/errors.ts) and are raised as ApiError so
 * pages can show the server's own explanation.
 */
import type { ApiErrorBody } from '@wardpulse/shared';
import { bearerHeaders } from '../auth/display-token.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string';
}

/** Fallback wording when the response is not in the API's error shape (a proxy's 502 page, say). */
function describeStatus(status: number): string {
  if (status === 401) return 'Not signed in, or the display link has expired';
  if (status === 403) return 'This screen is not allowed to see that';
  if (status === 404) return 'Not found';
  if (status >= 500) return `The server is unavailable (HTTP ${status})`;
  return `Request failed (HTTP ${status})`;
}

/**
 * GETs JSON from the API. The response type is the caller's: the server builds it from the same
 * shared types, so it is not validated again here.
 */
export async function getJson<T>(fetchImpl: typeof fetch, path: string, token: string | null, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(path, {
      headers: { Accept: 'application/json', ...bearerHeaders(token) },
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isApiErrorBody(body)) throw new ApiError(response.status, body.error.code, body.error.message);
    throw new ApiError(response.status, 'http', describeStatus(response.status));
  }
  return body as T;
}

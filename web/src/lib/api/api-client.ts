/**
 * A small client for the same-origin HTTP API (`/api/v1/*`). Errors come back in the API's one error
 * shape (`{ error: { code, message, details } }`, shared/src/errors.ts) and are raised as ApiError so
 * pages can show the server's own explanation, field by field.
 *
 * Two ways in: `getJson` for pages a wall screen also opens (a display token as bearer, or the
 * cookie), and `ApiClient` for people signed in with the session cookie, which adds the session's
 * CSRF token to every change (server/src/http/authenticate.ts refuses a change without it).
 */
import type { ApiErrorBody, ErrorDetail } from '@wardpulse/shared';
import { bearerHeaders } from '../auth/display-token.js';

export const CSRF_HEADER = 'X-CSRF-Token';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The fields at fault, in the request body's own terms (`grants[0].scope.id`). */
  readonly details: readonly ErrorDetail[];
  /** From a 429's Retry-After header: how long to wait, in seconds. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: readonly ErrorDetail[] = [],
    retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
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

/** Retry-After in seconds (the server sends seconds; an HTTP date is accepted too). */
export function parseRetryAfter(header: string | null, nowMs = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  /** Display token or API key sent as bearer; null to rely on the session cookie. */
  token?: string | null;
  /** The session's CSRF token: sent with every method but GET. */
  csrfToken?: string | null;
  signal?: AbortSignal;
}

/** The headers of a request: JSON in and out, the bearer if any, and the CSRF token on every change. */
export function requestHeaders(method: HttpMethod, options: Pick<RequestOptions, 'token' | 'csrfToken'> & { hasBody: boolean }) {
  const headers: Record<string, string> = { Accept: 'application/json', ...bearerHeaders(options.token ?? null) };
  if (options.hasBody) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && options.csrfToken) headers[CSRF_HEADER] = options.csrfToken;
  return headers;
}

/** Sends one request and returns its JSON body (undefined for 204); raises ApiError otherwise. */
export async function requestJson<T>(
  fetchImpl: typeof fetch,
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const hasBody = options.body !== undefined;
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method,
      headers: requestHeaders(method, { token: options.token, csrfToken: options.csrfToken, hasBody }),
      body: hasBody ? JSON.stringify(options.body) : undefined,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
    if (isApiErrorBody(body)) {
      throw new ApiError(response.status, body.error.code, body.error.message, body.error.details ?? [], retryAfter);
    }
    throw new ApiError(response.status, 'http', describeStatus(response.status), [], retryAfter);
  }
  return body as T;
}

/**
 * GETs JSON from the API. The response type is the caller's: the server builds it from the same
 * shared types, so it is not validated again here.
 */
export function getJson<T>(fetchImpl: typeof fetch, path: string, token: string | null, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(fetchImpl, 'GET', path, { token, signal });
}

/**
 * The API as a signed-in person uses it: the session cookie authenticates, and every change carries
 * the CSRF token of that session. Never sends a display token: a bearer would take precedence over
 * the cookie on the server and turn an administrator into a wall screen.
 */
export class ApiClient {
  readonly #fetch: typeof fetch;
  readonly #csrfToken: () => string | null;

  constructor(fetchImpl: typeof fetch, csrfToken: () => string | null) {
    this.#fetch = fetchImpl;
    this.#csrfToken = csrfToken;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return requestJson<T>(this.#fetch, 'GET', path, { signal });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.#send<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.#send<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.#send<T>('PATCH', path, body);
  }

  delete<T = void>(path: string): Promise<T> {
    return this.#send<T>('DELETE', path, undefined);
  }

  #send<T>(method: HttpMethod, path: string, body: unknown): Promise<T> {
    return requestJson<T>(this.#fetch, method, path, { body, csrfToken: this.#csrfToken() });
  }
}

/** A query string from the set values only (`?action=sign-in&limit=50`), or '' when none is set. */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

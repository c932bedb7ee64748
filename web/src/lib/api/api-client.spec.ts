import { describe, expect, it } from 'vitest';
import {
  ApiClient,
  ApiError,
  CSRF_HEADER,
  getJson,
  parseRetryAfter,
  queryString,
  requestHeaders,
  requestJson,
} from './api-client.js';

function fakeFetch(respond: (input: RequestInfo | URL, init?: RequestInit) => Response | Promise<Response>) {
  const calls: { input: RequestInfo | URL; init: RequestInit | undefined }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ input, init });
    return respond(input, init);
  }) as typeof fetch;
  return { fetchImpl, calls };
}

describe('getJson', () => {
  it('sends the display token as a bearer token and returns the body', async () => {
    const { fetchImpl, calls } = fakeFetch(() => Response.json({ trusts: [] }));
    await expect(getJson(fetchImpl, '/api/v1/org', 'abc')).resolves.toEqual({ trusts: [] });
    expect(calls[0]?.input).toBe('/api/v1/org');
    expect(calls[0]?.init?.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer abc' });
  });

  it('sends no Authorization header without a token', async () => {
    const { fetchImpl, calls } = fakeFetch(() => Response.json({}));
    await getJson(fetchImpl, '/api/v1/org', null);
    expect(calls[0]?.init?.headers).toEqual({ Accept: 'application/json' });
  });

  it("raises the API's own error message and code", async () => {
    const { fetchImpl } = fakeFetch(() =>
      Response.json({ error: { code: 'forbidden', message: 'Token may not read trust RX4', details: [] } }, { status: 403 }),
    );
    const error = await getJson(fetchImpl, '/api/v1/org', 'abc').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', message: 'Token may not read trust RX4' });
  });

  it('explains a non-API error response by its status', async () => {
    const { fetchImpl } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(getJson(fetchImpl, '/api/v1/org', null)).rejects.toMatchObject({
      status: 502,
      message: 'The server is unavailable (HTTP 502)',
    });
  });

  it('turns a network failure into an ApiError', async () => {
    const { fetchImpl } = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    await expect(getJson(fetchImpl, '/api/v1/org', null)).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('CSRF token on changes', () => {
  it('adds X-CSRF-Token to every method but GET', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      expect(requestHeaders(method, { csrfToken: 'c5rf', hasBody: false })[CSRF_HEADER]).toBe('c5rf');
    }
    expect(requestHeaders('GET', { csrfToken: 'c5rf', hasBody: false })).toEqual({ Accept: 'application/json' });
    expect(requestHeaders('POST', { csrfToken: null, hasBody: true })).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/json',
    });
  });

  it('ApiClient sends the current CSRF token with each change, the cookie always, and never a bearer', async () => {
    const { fetchImpl, calls } = fakeFetch(() => Response.json({ ok: true }));
    let csrf: string | null = 'first';
    const api = new ApiClient(fetchImpl, () => csrf);
    await api.get('/api/v1/admin/users');
    await api.post('/api/v1/admin/users', { name: 'Sam' });
    csrf = 'second';
    await api.put('/api/v1/admin/users/u1/grants', { grants: [] });
    await api.patch('/api/v1/admin/org/wards/W1', { name: 'Oak' });
    await api.delete('/api/v1/admin/api-keys/k1');
    const sent = calls.map((call) => ({
      method: call.init?.method,
      csrf: (call.init?.headers as Record<string, string>)[CSRF_HEADER],
      bearer: (call.init?.headers as Record<string, string>).Authorization,
      credentials: call.init?.credentials,
    }));
    expect(sent).toEqual([
      { method: 'GET', csrf: undefined, bearer: undefined, credentials: 'same-origin' },
      { method: 'POST', csrf: 'first', bearer: undefined, credentials: 'same-origin' },
      { method: 'PUT', csrf: 'second', bearer: undefined, credentials: 'same-origin' },
      { method: 'PATCH', csrf: 'second', bearer: undefined, credentials: 'same-origin' },
      { method: 'DELETE', csrf: 'second', bearer: undefined, credentials: 'same-origin' },
    ]);
    expect(calls[1]?.init?.body).toBe('{"name":"Sam"}');
  });

  it('returns undefined for 204 No Content', async () => {
    const { fetchImpl } = fakeFetch(() => new Response(null, { status: 204 }));
    await expect(new ApiClient(fetchImpl, () => 'x').delete('/api/v1/session')).resolves.toBeUndefined();
  });
});

describe('error details', () => {
  it('keeps the fields at fault and the wait of a 429', async () => {
    const { fetchImpl } = fakeFetch(() =>
      Response.json(
        { error: { code: 'rate_limited', message: 'too many sign-in attempts; try again in 840 s', details: [] } },
        { status: 429, headers: { 'Retry-After': '840' } },
      ),
    );
    await expect(requestJson(fetchImpl, 'POST', '/api/v1/session', { body: {} })).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 840,
    });
    const invalid = fakeFetch(() =>
      Response.json(
        { error: { code: 'malformed', message: 'bad', details: [{ path: 'name', message: 'must not be empty' }] } },
        { status: 400 },
      ),
    );
    await expect(requestJson(invalid.fetchImpl, 'POST', '/x', { body: {} })).rejects.toMatchObject({
      details: [{ path: 'name', message: 'must not be empty' }],
    });
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(60);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('queryString', () => {
  it('leaves out unset values', () => {
    expect(queryString({ action: 'sign-in', actor: '', from: null, limit: 50 })).toBe('?action=sign-in&limit=50');
    expect(queryString({ action: undefined })).toBe('');
  });
});

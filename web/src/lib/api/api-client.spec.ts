import { describe, expect, it } from 'vitest';
import { ApiError, getJson } from './api-client.js';

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

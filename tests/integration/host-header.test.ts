/**
 * Links WardPulse hands out (wall URLs carrying a display token, the OIDC redirect URI) never take
 * a forged Host header: in demo mode the request is served but the link names loopback; with
 * WARDPULSE_ALLOWED_HOSTS a request for an unlisted host is refused (421) before any link is made.
 * Requests go over node:http, which sends the Host it is given (fetch would not).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/people.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FORGED = 'evil.example';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to `app` naming `host` in its Host header. */
function send(
  app: TestApp,
  path: string,
  host: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const target = new URL(app.url);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: init.method ?? 'GET',
        // A connection per request: one the server refused may be closed under a reused one.
        agent: false,
        headers: { host, ...(body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A session as `host` sees it: the cookie and CSRF token of a sign-in sent to that host. */
async function sessionVia(app: TestApp, host: string, path: string, body: unknown) {
  const answer = await send(app, path, host, { method: 'POST', body });
  expect(answer.status).toBe(200);
  const cookie = String(answer.headers['set-cookie']).split(';')[0]!;
  return { cookie, csrfToken: (JSON.parse(answer.body) as { csrfToken: string }).csrfToken };
}

const wallTokenVia = (app: TestApp, host: string, session: { cookie: string; csrfToken: string }) =>
  send(app, '/api/v1/admin/display-tokens', host, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    body: { name: 'Bed bureau wall', scope: 'trust:RX4' },
  });

const redirectUriOf = (answer: Answer) => new URL(String(answer.headers.location)).searchParams.get('redirect_uri');

describe('Host headers and the links built from them', () => {
  let idp: TestOidcProvider;
  let demo: TestApp;
  let locked: TestApp;

  beforeAll(async () => {
    idp = await startOidcProvider();
    [demo, locked] = await Promise.all([
      startTestApp({ oidc: idp.settings('public') }),
      // Demo data (its trusts and admin) with an allow-list: the list is what is under test.
      startTestApp({ allowedHosts: ['wardpulse.test'], oidc: idp.settings('public') }),
    ]);
    // Discovery needs the provider answering; the redirect URIs themselves are what is under test.
    idp.trust(demo.url);
  });
  afterAll(async () => {
    await Promise.all([demo?.close(), locked?.close()]);
    await idp?.close();
  });

  describe('in demo mode, without a public URL or allowed hosts', () => {
    it('serves a request for a forged host, but its wall URL names this server on loopback', async () => {
      const admin = await sessionVia(demo, FORGED, '/api/v1/session', {
        email: 'admin@wardpulse.example',
        password: DEMO_PASSWORD,
      });
      const created = await wallTokenVia(demo, FORGED, admin);
      expect(created.status).toBe(201);
      const { url, token } = JSON.parse(created.body) as { url: string; token: string };
      expect(url).not.toContain(FORGED);
      expect(url).toBe(`${demo.url}/wall/trust/RX4?token=${token}`);
    });

    it('never puts a forged host in the OIDC redirect URI', async () => {
      const login = await send(demo, '/api/v1/auth/oidc/login', FORGED);
      expect(login.status).toBe(302);
      expect(redirectUriOf(login)).toBe(`${demo.url}/api/v1/auth/oidc/callback`);
    });

    it('still builds links from the loopback host the browser used', async () => {
      const host = `localhost:${new URL(demo.url).port}`;
      expect(redirectUriOf(await send(demo, '/api/v1/auth/oidc/login', host))).toBe(`http://${host}/api/v1/auth/oidc/callback`);
    });
  });

  describe('with WARDPULSE_ALLOWED_HOSTS', () => {
    it('refuses a request for an unlisted host with 421 naming Host, and builds no link', async () => {
      for (const path of ['/api/v1/auth/providers', '/api/v1/auth/oidc/login', '/fhir/r4/metadata', '/']) {
        const answer = await send(locked, path, FORGED);
        expect(answer.status, path).toBe(421);
        expect(answer.headers.location, path).toBeUndefined();
        expect(JSON.parse(answer.body), path).toMatchObject({ error: { code: 'misdirected', details: [{ path: 'Host' }] } });
      }
      // Nor a live socket.
      expect((await send(locked, '/socket.io/?EIO=4&transport=polling', FORGED)).status).not.toBe(200);
    });

    it('answers health probes and metrics whatever the Host (load balancers address them by IP)', async () => {
      expect((await send(locked, '/healthz', '10.0.0.5:3000')).status).toBe(200);
      expect((await send(locked, '/readyz', '10.0.0.5:3000')).status).toBe(200);
      expect((await send(locked, '/metrics', '10.0.0.5:3000')).status).toBe(200);
    });

    it('builds links from a listed host', async () => {
      const login = await send(locked, '/api/v1/auth/oidc/login', 'wardpulse.test');
      expect(login.status).toBe(302);
      expect(redirectUriOf(login)).toBe('http://wardpulse.test/api/v1/auth/oidc/callback');

      const admin = await sessionVia(locked, 'wardpulse.test', '/api/v1/session', {
        email: 'admin@wardpulse.example',
        password: DEMO_PASSWORD,
      });
      expect((await wallTokenVia(locked, FORGED, admin)).status).toBe(421);
      const created = await wallTokenVia(locked, 'wardpulse.test', admin);
      expect(created.status).toBe(201);
      expect((JSON.parse(created.body) as { url: string }).url).toMatch(/^http:\/\/wardpulse\.test\/wall\/trust\/RX4\?token=/);
    });
  });
});

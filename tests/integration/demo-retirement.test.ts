/**
 * Security review #16 item 1: demo accounts print their password on every demo start, so a data
 * folder started once in demo mode and then with demo off must not let them in. The demo-off start
 * disables them, ends their sessions, revokes the keys and display tokens their people made, audits
 * each step and says so in its banner; a later demo start brings the accounts back.
 */
import { describe, expect, it } from 'vitest';
import { connectLive, connected } from '../support/live-client.js';
import { engines, postJson, startTestApp } from '../support/test-app.js';

const DEMO_PASSWORD = 'wardpulse-demo';

async function signIn(url: string, email: string) {
  const response = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) return { status: response.status, cookie: '', csrfToken: '' };
  const body = (await response.json()) as { csrfToken: string };
  return { status: 200, cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrfToken: body.csrfToken };
}

async function post(url: string, session: { cookie: string; csrfToken: string }, path: string, body: unknown) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
    body: JSON.stringify(body),
  });
  return (await response.json()) as any;
}

describe.each(engines())('demo accounts after demo mode is switched off (%s)', (engine) => {
  it('are disabled with their sessions, keys and tokens ended, audited, and come back with demo on', async () => {
    const demo = await startTestApp({ engine, demo: true });
    const admin = await signIn(demo.url, 'admin@wardpulse.example');
    expect(admin.status).toBe(200);
    const key = await post(demo.url, admin, '/admin/api-keys', { name: 'demo feed', trusts: ['RX4'], can: ['ingest', 'read'] });
    const token = await post(demo.url, admin, '/admin/display-tokens', { name: 'demo wall', scope: 'trust:RX4' });
    expect(key.key).toMatch(/^wpk_/);
    expect(token.token).toMatch(/^wpd_/);
    await demo.close({ keepData: true });

    const real = await startTestApp({ engine, demo: false, shareWith: demo });
    try {
      expect(real.running.people?.retiredDemo).toEqual({ accounts: 5, apiKeys: 1, displayTokens: 1 });
      expect((await signIn(real.url, 'admin@wardpulse.example')).status).toBe(401);
      const session = await fetch(`${real.url}/api/v1/session`, { headers: { cookie: admin.cookie } });
      expect(session.status).toBe(401);
      const withKey = await fetch(`${real.url}/api/v1/live?scope=trust:RX4`, { headers: { authorization: `Bearer ${key.key}` } });
      expect(withKey.status).toBe(401);
      const screen = connectLive(real.url, token.token);
      await expect(connected(screen)).rejects.toThrow(/revoked|unauthenticated/);
      screen.disconnect();
      // The first admin of a real start is offered, since demo admins do not count.
      expect(real.running.people?.oneTimeSignInPath).toMatch(/^\/sign-in\/once#token=/);
      const once = await postJson(`${real.url}/api/v1/session/one-time`, {
        token: real.running.people!.oneTimeSignInPath!.split('#token=')[1],
      });
      const audit = await fetch(`${real.url}/api/v1/admin/audit?actor=system&limit=100`, {
        headers: { cookie: once.headers.get('set-cookie')!.split(';')[0]! },
      });
      const entries = (await audit.json()) as { action: string; detail: { reason?: string } }[];
      const retired = entries.filter((entry) => entry.detail.reason === 'demo mode is off').map((entry) => entry.action);
      expect(retired.sort()).toEqual(['api-key-revoked', 'display-token-revoked', ...Array(5).fill('user-disabled')].sort());
    } finally {
      await real.close();
    }

    const again = await startTestApp({ engine, demo: true, shareWith: demo });
    try {
      expect((await signIn(again.url, 'admin@wardpulse.example')).status).toBe(200);
      // The revoked key stays revoked: only the accounts come back.
      const withKey = await fetch(`${again.url}/api/v1/live?scope=trust:RX4`, {
        headers: { authorization: `Bearer ${key.key}` },
      });
      expect(withKey.status).toBe(401);
    } finally {
      await again.close();
      await demo.discard();
    }
  });
});

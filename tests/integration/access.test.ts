/**
 * People and access against real Redis and a real database: password sign-in and sessions,
 * CSRF and Origin checks, rate limits, roles and grants over HTTP and Socket.IO, display tokens,
 * API key rotation and revocation (live sockets disconnected), the audit log, the one-time admin
 * sign-in link, and organisation edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../../server/src/http/rate-limits.js';
import { connectLive, connected, subscribe } from '../support/live-client.js';
import { bedState, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const DEMO_PASSWORD = 'wardpulse-demo';

interface SignedIn {
  cookie: string;
  csrfToken: string;
  user: { id: string; email: string };
}

describe('people and access', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      rateLimits: { ...DEFAULT_RATE_LIMITS, signInPerAccount: 4, signInPerAddress: 1000, ingestPerKeyPerMinute: 1_000_000 },
    });
  });
  afterAll(() => app?.close());

  const url = (path: string) => `${app.url}/api/v1${path}`;

  async function signIn(email: string, password = DEMO_PASSWORD): Promise<SignedIn> {
    const response = await fetch(url('/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const body = (await response.json()) as { csrfToken: string; user: { id: string; email: string } };
    return { cookie, csrfToken: body.csrfToken, user: body.user };
  }

  /** A request as a signed-in person; changes carry the CSRF token unless told otherwise. */
  async function as(
    session: SignedIn,
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean; origin?: string } = {},
  ) {
    const response = await fetch(url(path), {
      method,
      headers: {
        cookie: session.cookie,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.csrf === false ? {} : { 'x-csrf-token': session.csrfToken }),
        ...(options.origin ? { origin: options.origin } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, headers: response.headers, body: (await response.json().catch(() => undefined)) as any };
  }

  describe('sign-in and sessions', () => {
    it('signs in with the right password: httpOnly SameSite cookie, the person, a CSRF token', async () => {
      const response = await fetch(url('/session'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'Executive@WardPulse.example', password: DEMO_PASSWORD }),
      });
      expect(response.status).toBe(200);
      const cookie = response.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^wp_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const body = (await response.json()) as { user: { email: string; grants: unknown[] }; csrfToken: string };
      expect(body.user).toMatchObject({
        email: 'executive@wardpulse.example',
        grants: [{ role: 'executive', scope: { kind: 'all' } }],
      });
      expect(JSON.stringify(body)).not.toMatch(/password_?hash|\$argon2|wardpulse-demo/i);
      const me = await fetch(url('/session'), { headers: { cookie: cookie.split(';')[0]! } });
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe('executive@wardpulse.example');
    });

    it('refuses a wrong password with 401 naming the field, and audits the attempt', async () => {
      const wrong = await postJson(url('/session'), { email: 'viewer@wardpulse.example', password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.details).toEqual([{ path: 'password', message: expect.any(String) }]);
      const unknown = await postJson(url('/session'), { email: 'nobody@wardpulse.example', password: 'whatever it is' });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error.message).toBe(wrong.body.error.message);
      const rows = await app.running.database.db.query<{ actor: string }>(
        "select actor from audit_log where action = 'sign-in-failed' and actor = 'viewer@wardpulse.example'",
      );
      expect(rows.rows.length).toBeGreaterThanOrEqual(1);
    });

    it('rate-limits sign-in attempts per account with 429 and Retry-After', async () => {
      const attempt = () => postJson(url('/session'), { email: 'on-call@wardpulse.example', password: 'guessing again' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await attempt()).status);
      expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
      const limited = await attempt();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body.error.code).toBe('rate_limited');
    });

    it('refuses a cookie-authenticated change without the CSRF token or from another origin', async () => {
      const admin = await signIn('admin@wardpulse.example');
      const body = { name: 'csrf test', trusts: ['RX4'], can: ['read'] };
      const noToken = await as(admin, 'POST', '/admin/api-keys', body, { csrf: false });
      expect(noToken.status).toBe(403);
      expect(noToken.body.error.code).toBe('csrf');
      const foreign = await as(admin, 'POST', '/admin/api-keys', body, { origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.code).toBe('csrf');
      const ok = await as(admin, 'POST', '/admin/api-keys', body, { origin: app.url });
      expect(ok.status).toBe(201);
      const loginFromElsewhere = await fetch(url('/session'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ email: 'admin@wardpulse.example', password: DEMO_PASSWORD }),
      });
      expect(loginFromElsewhere.status).toBe(403);
    });

    it('signs out: the cookie stops working', async () => {
      const viewer = await signIn('viewer@wardpulse.example');
      expect((await as(viewer, 'GET', '/session')).status).toBe(200);
      expect((await as(viewer, 'DELETE', '/session')).status).toBe(204);
      expect((await as(viewer, 'GET', '/session')).status).toBe(401);
    });

    it('signs in again over an existing session: the old cookie stops working, the new one works', async () => {
      const first = await signIn('viewer@wardpulse.example');
      const again = await as(first, 'POST', '/session', { email: 'viewer@wardpulse.example', password: DEMO_PASSWORD });
      expect(again.status).toBe(200);
      const cookie = again.headers.get('set-cookie')!.split(';')[0]!;
      expect(cookie).not.toBe(first.cookie);
      const second: SignedIn = { cookie, csrfToken: again.body.csrfToken, user: again.body.user };
      expect((await as(first, 'GET', '/session')).status).toBe(401);
      expect((await as(second, 'GET', '/session')).status).toBe(200);
    });

    it('signs out: the live socket of that session is disconnected and subscribes no more', async () => {
      const viewer = await signIn('viewer@wardpulse.example'); // viewer of RX3
      const other = await signIn('viewer@wardpulse.example'); // the same person in another browser
      const socket = connectLive(app.url, undefined, { extraHeaders: { cookie: viewer.cookie } });
      const otherSocket = connectLive(app.url, undefined, { extraHeaders: { cookie: other.cookie } });
      try {
        await Promise.all([connected(socket), connected(otherSocket)]);
        expect((await subscribe(socket, 'trust:RX3')).ok).toBe(true);
        const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
        expect((await as(viewer, 'DELETE', '/session')).status).toBe(204);
        expect(await disconnected).toBe('io server disconnect');
        // The person's other session, and its socket, carry on.
        expect(otherSocket.connected).toBe(true);
        expect((await subscribe(otherSocket, 'trust:RX3')).ok).toBe(true);
      } finally {
        socket.disconnect();
        otherSocket.disconnect();
      }
    });
  });

  describe('roles and scopes', () => {
    it('lets each person read exactly the trusts their grants cover, over HTTP and Socket.IO', async () => {
      const viewer = await signIn('viewer@wardpulse.example'); // viewer of RX3
      const bedManager = await signIn('bed-manager@wardpulse.example'); // bed manager of nenc (RX3, RX4)
      expect((await as(viewer, 'GET', '/live?scope=trust:RX3')).status).toBe(200);
      expect((await as(viewer, 'GET', '/live?scope=trust:RX4')).status).toBe(403);
      expect((await as(viewer, 'GET', '/live?scope=collaborative:nenc')).status).toBe(403);
      expect((await as(bedManager, 'GET', '/live?scope=collaborative:nenc')).status).toBe(200);
      expect((await as(bedManager, 'GET', '/live?scope=trust:RW4')).status).toBe(403);
      const org = await as(viewer, 'GET', '/org');
      expect(org.body.trusts.map((trust: { ods: string }) => trust.ods)).toEqual(['RX3']);

      const socket = connectLive(app.url, undefined, { extraHeaders: { cookie: viewer.cookie } });
      try {
        await connected(socket);
        expect((await subscribe(socket, 'trust:RX3')).ok).toBe(true);
        expect(await subscribe(socket, 'trust:RX4')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      } finally {
        socket.disconnect();
      }
    });

    it('keeps administration to admins', async () => {
      const executive = await signIn('executive@wardpulse.example');
      expect((await as(executive, 'GET', '/admin/users')).status).toBe(403);
      expect((await as(executive, 'GET', '/admin/audit')).status).toBe(403);
      expect((await as(executive, 'POST', '/admin/api-keys', { name: 'x', trusts: ['RX4'], can: ['read'] })).status).toBe(403);
      expect((await fetch(url('/admin/users'))).status).toBe(401);
    });

    it('disables a person: their session ends and their live socket is disconnected', async () => {
      const admin = await signIn('admin@wardpulse.example');
      const created = await as(admin, 'POST', '/admin/users', {
        email: 'temp.manager@wardpulse.example',
        name: 'Temp Manager',
        password: 'a long enough password',
        grants: [{ role: 'bed-manager', scope: { kind: 'trust', id: 'RX4' } }],
      });
      expect(created.status).toBe(201);
      const temp = await signIn('temp.manager@wardpulse.example', 'a long enough password');
      const socket = connectLive(app.url, undefined, { extraHeaders: { cookie: temp.cookie } });
      try {
        await connected(socket);
        expect((await subscribe(socket, 'trust:RX4')).ok).toBe(true);
        const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
        expect((await as(admin, 'POST', `/admin/users/${created.body.id}/disable`)).status).toBe(200);
        expect(await disconnected).toBe('io server disconnect');
        expect((await as(temp, 'GET', '/session')).status).toBe(401);
        const again = await postJson(url('/session'), {
          email: 'temp.manager@wardpulse.example',
          password: 'a long enough password',
        });
        expect(again.status).toBe(401);
      } finally {
        socket.disconnect();
      }
    });

    it('changes grants and audits the change', async () => {
      const admin = await signIn('admin@wardpulse.example');
      const created = await as(admin, 'POST', '/admin/users', { email: 'grants@wardpulse.example', name: 'Grants', grants: [] });
      const changed = await as(admin, 'PUT', `/admin/users/${created.body.id}/grants`, {
        grants: [{ role: 'viewer', scope: { kind: 'collaborative', id: 'nenc' } }],
      });
      expect(changed.body.grants).toEqual([{ role: 'viewer', scope: { kind: 'collaborative', id: 'nenc' } }]);
      const unknown = await as(admin, 'PUT', `/admin/users/${created.body.id}/grants`, {
        grants: [{ role: 'viewer', scope: { kind: 'trust', id: 'ZZZ' } }],
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.details).toEqual([{ path: 'grants[0].scope.id', message: 'unknown trust "ZZZ"' }]);
      const audit = await as(admin, 'GET', `/admin/audit?action=grants-changed&target=user:${created.body.id}`);
      expect(audit.body).toHaveLength(1);
      expect(audit.body[0]).toMatchObject({ actor: `user:${admin.user.id}`, detail: { before: [], after: changed.body.grants } });
    });
  });

  describe('API keys and display tokens', () => {
    it('rotates a key: the new one works at once, the old one stops, and its socket is disconnected', async () => {
      const admin = await signIn('admin@wardpulse.example');
      const created = await as(admin, 'POST', '/admin/api-keys', { name: 'rotate me', trusts: ['RX4'], can: ['ingest', 'read'] });
      expect(created.status).toBe(201);
      const oldKey = created.body.key as string;
      expect((await postJson(url('/bed-states'), bedState('RX4-W02'), oldKey)).status).toBe(202);
      const socket = connectLive(app.url, oldKey);
      try {
        await connected(socket);
        expect((await subscribe(socket, 'trust:RX4')).ok).toBe(true);
        const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
        const rotated = await as(admin, 'POST', `/admin/api-keys/${created.body.record.id}/rotate`);
        expect(rotated.status).toBe(201);
        expect(await disconnected).toBe('io server disconnect');
        expect((await postJson(url('/bed-states'), bedState('RX4-W02'), oldKey)).status).toBe(401);
        expect((await postJson(url('/bed-states'), bedState('RX4-W02'), rotated.body.key)).status).toBe(202);
        const listed = await as(admin, 'GET', '/admin/api-keys');
        expect(JSON.stringify(listed.body)).not.toContain(rotated.body.key);
        expect(listed.body.find((key: { id: string }) => key.id === created.body.record.id).revokedAt).not.toBeNull();
      } finally {
        socket.disconnect();
      }
    });

    it('opens a board with a display token for its scope only, and revoking it disconnects the screen', async () => {
      const admin = await signIn('admin@wardpulse.example');
      const created = await as(admin, 'POST', '/admin/display-tokens', { name: 'Bed bureau wall', scope: 'trust:RX4' });
      expect(created.status).toBe(201);
      expect(created.body.url).toBe(`${app.url}/wall/trust/RX4?token=${created.body.token}`);
      const token = created.body.token as string;
      const live = await fetch(url('/live?scope=trust:RX4'), { headers: { authorization: `Bearer ${token}` } });
      expect(live.status).toBe(200);
      const other = await fetch(url('/live?scope=trust:RX3'), { headers: { authorization: `Bearer ${token}` } });
      expect(other.status).toBe(403);
      expect((await postJson(url('/bed-states'), bedState('RX4-W03'), token)).status).toBe(403);

      const socket = connectLive(app.url, token);
      try {
        await connected(socket);
        expect((await subscribe(socket, 'trust:RX4')).ok).toBe(true);
        expect(await subscribe(socket, 'collaborative:nenc')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
        expect((await as(admin, 'DELETE', `/admin/display-tokens/${created.body.record.id}`)).status).toBe(204);
        expect(await disconnected).toBe('io server disconnect');
      } finally {
        socket.disconnect();
      }
      const refused = connectLive(app.url, token);
      // The screen is told why, so it can say so instead of retrying for ever.
      await expect(connected(refused)).rejects.toThrow(/revoked/);
      refused.disconnect();
    });

    it('rate-limits ingest per key with 429 and Retry-After', async () => {
      const limited = await startTestApp({
        rateLimits: { ...DEFAULT_RATE_LIMITS, signInPerAccount: 10, signInPerAddress: 100, ingestPerKeyPerMinute: 2 },
      });
      try {
        const key = await limited.createKey(['RX4']);
        const post = () => postJson(`${limited.url}/api/v1/bed-states`, bedState('RX4-W04'), key);
        expect((await post()).status).toBe(202);
        expect((await post()).status).toBe(202);
        const third = await post();
        expect(third.status).toBe(429);
        expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await limited.close();
      }
    });
  });

  describe('audit log', () => {
    it('records sign-ins and key changes without secrets, and refuses to be changed', async () => {
      const admin = await signIn('admin@wardpulse.example');
      const created = await as(admin, 'POST', '/admin/api-keys', { name: 'audited', trusts: ['RX3'], can: ['read'] });
      const entries = await as(admin, 'GET', '/admin/audit?limit=50');
      const actions = entries.body.map((entry: { action: string }) => entry.action);
      expect(actions).toEqual(expect.arrayContaining(['sign-in', 'api-key-created']));
      expect(JSON.stringify(entries.body)).not.toContain(created.body.key);
      const db = app.running.database.db;
      await expect(db.query("update audit_log set actor = 'someone else'")).rejects.toThrow(/append-only/);
      await expect(db.query('delete from audit_log')).rejects.toThrow(/append-only/);
      const bad = await as(admin, 'GET', '/admin/audit?action=drop-table');
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('action');
    });
  });

  describe('organisation administration', () => {
    it('changes a ward’s commissioned beds, visible in the directory at once, and refuses impossible edits', async () => {
      const admin = await signIn('admin@wardpulse.example');
      const changed = await as(admin, 'PATCH', '/admin/org/wards/RX4-W05', { commissionedBeds: 18 });
      expect(changed.status).toBe(200);
      const org = await as(admin, 'GET', '/org');
      expect(org.body.wards.find((ward: { id: string }) => ward.id === 'RX4-W05').commissionedBeds).toBe(18);
      const negative = await as(admin, 'PATCH', '/admin/org/wards/RX4-W05', { commissionedBeds: -1 });
      expect(negative.status).toBe(400);
      expect(negative.body.error.details[0].path).toBe('commissionedBeds');
      const foreignSite = await as(admin, 'PATCH', '/admin/org/wards/RX4-W05', { siteId: 'RX3-S1' });
      expect(foreignSite.status).toBe(422);
      const site = await as(admin, 'POST', '/admin/org/sites', { id: 'RX4-SNEW', trustOds: 'RX4', name: 'New Site' });
      expect(site.status).toBe(201);
      const ward = await as(admin, 'POST', '/admin/org/wards', {
        id: 'RX4-WNEW',
        trustOds: 'RX4',
        siteId: 'RX4-SNEW',
        name: 'New Ward',
        type: 'adult-acute',
        sex: 'female',
        commissionedBeds: 16,
      });
      expect(ward.status).toBe(201);
      // The new ward takes bed states at once.
      const key = await app.createKey(['RX4']);
      expect(
        (await postJson(url('/bed-states'), bedState('RX4-WNEW', { commissioned: 16, closed: 0, occupied: 10 }), key)).status,
      ).toBe(202);
      const viewer = await signIn('viewer@wardpulse.example');
      expect((await as(viewer, 'PATCH', '/admin/org/wards/RX3-W01', { commissionedBeds: 1 })).status).toBe(403);
    });

    it('adds a trust to a collaborative, which widens what that collaborative’s grants cover', async () => {
      const admin = await signIn('admin@wardpulse.example');
      const created = await as(admin, 'POST', '/admin/org/trusts', {
        ods: 'RZZ',
        name: 'Test Partnership NHS Trust',
        collaboratives: ['nenc'],
      });
      expect(created.status).toBe(201);
      expect((await as(admin, 'POST', '/admin/org/trusts', { ods: 'RZZ', name: 'Again', collaboratives: [] })).status).toBe(409);
      const unknown = await as(admin, 'PATCH', '/admin/org/trusts/RZZ', { collaboratives: ['atlantis'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.details).toEqual([{ path: 'collaboratives[0]', message: 'unknown collaborative "atlantis"' }]);
      // The NENC bed manager now covers RZZ too; the RX3 viewer does not.
      const bedManager = await signIn('bed-manager@wardpulse.example');
      expect((await as(bedManager, 'GET', '/live?scope=trust:RZZ')).status).toBe(200);
      const viewer = await signIn('viewer@wardpulse.example');
      expect((await as(viewer, 'GET', '/live?scope=trust:RZZ')).status).toBe(403);
      const renamed = await as(admin, 'PATCH', '/admin/org/trusts/RZZ', {
        name: 'Renamed Partnership NHS Trust',
        collaboratives: [],
      });
      expect(renamed.body).toEqual({ ods: 'RZZ', name: 'Renamed Partnership NHS Trust', icbOds: null, collaboratives: [] });
      expect((await as(bedManager, 'GET', '/live?scope=trust:RZZ')).status).toBe(403);
      const trustAdmin = await as(admin, 'POST', '/admin/users', {
        email: 'rx4.admin@wardpulse.example',
        name: 'RX4 admin',
        password: 'another long password',
        grants: [{ role: 'admin', scope: { kind: 'trust', id: 'RX4' } }],
      });
      expect(trustAdmin.status).toBe(201);
      const rx4Admin = await signIn('rx4.admin@wardpulse.example', 'another long password');
      expect((await as(rx4Admin, 'POST', '/admin/org/trusts', { ods: 'RYY', name: 'Nope', collaboratives: [] })).status).toBe(
        403,
      );
      expect((await as(rx4Admin, 'PATCH', '/admin/org/wards/RX4-W06', { commissionedBeds: 15 })).status).toBe(200);
    });
  });
});

describe('first start without demo data or an admin', () => {
  it('prints a one-time sign-in link that works once', async () => {
    const app = await startTestApp({ demo: false });
    try {
      const path = app.running.people?.oneTimeSignInPath;
      expect(path).toMatch(/^\/sign-in\/once#token=[A-Za-z0-9_-]{43}$/);
      const token = path!.split('#token=')[1]!;
      const first = await postJson(`${app.url}/api/v1/session/one-time`, { token });
      expect(first.status).toBe(200);
      expect(first.body.user.grants).toEqual([{ role: 'admin', scope: { kind: 'all' } }]);
      const second = await postJson(`${app.url}/api/v1/session/one-time`, { token });
      expect(second.status).toBe(401);
      // Outside demo mode, nothing is readable anonymously.
      expect((await fetch(`${app.url}/api/v1/live?scope=trust:RX4`)).status).toBe(401);
      expect((await fetch(`${app.url}/fhir/r4/Location`)).status).toBe(401);
      // The FHIR CapabilityStatement says what the server offers, to anyone.
      expect((await fetch(`${app.url}/fhir/r4/metadata`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

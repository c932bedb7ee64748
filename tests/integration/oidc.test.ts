/**
 * OpenID Connect sign-in against a real provider (oidc-provider on loopback), driven step by
 * step with fetch: the redirect out carries PKCE S256, state and nonce; the callback signs a
 * person in once, and refuses replayed, forged or foreign states, a changed nonce, a code
 * without its verifier, disabled people, missing or unverified emails, and off-site `next`; links an
 * existing account only when it is unbound and its email verified (an administrator only from a
 * session of their own), never re-links one bound to another subject, and can be told not to link.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { UserRepository } from '../../server/src/auth/users.js';
import { AuditLog, type AuditEntry } from '../../server/src/auth/audit.js';
import { runCommand } from '../../server/src/cli/commands.js';
import {
  CONFIDENTIAL_CLIENT,
  FetchBrowser,
  PUBLIC_CLIENT,
  TEST_ACCOUNT_DOMAIN,
  cancelAtProvider,
  signInAtProvider,
  startOidcProvider,
  type TestOidcProvider,
} from '../support/oidc-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const LOGIN = '/api/v1/auth/oidc/login';
const CALLBACK = '/api/v1/auth/oidc/callback';

describe('OpenID Connect sign-in', () => {
  let idp: TestOidcProvider;
  let app: TestApp;
  let publicApp: TestApp;
  let noLinkApp: TestApp;
  let redis: Redis;

  beforeAll(async () => {
    idp = await startOidcProvider();
    [app, publicApp, noLinkApp] = await Promise.all([
      startTestApp({ oidc: idp.settings('confidential') }),
      startTestApp({ oidc: idp.settings('public') }),
      startTestApp({ oidc: idp.settings('public', { linkByEmail: 'off' }) }),
    ]);
    idp.trust(app.url);
    idp.trust(publicApp.url);
    idp.trust(noLinkApp.url);
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([app?.close(), publicApp?.close(), noLinkApp?.close()]);
    await idp?.close();
  });

  const users = (on: TestApp = app) => new UserRepository(on.running.database.db);
  const audit = (on: TestApp = app) => new AuditLog(on.running.database.db);

  /** Starts a sign-in in `browser`; the provider URL it was sent to. */
  async function startSignIn(browser: FetchBrowser, next = '/', on: TestApp = app): Promise<URL> {
    const response = await browser.request(`${on.url}${LOGIN}?next=${encodeURIComponent(next)}`);
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!);
  }

  /** Visits the callback URL; where WardPulse sent the browser. */
  async function finish(browser: FetchBrowser, callback: URL): Promise<string> {
    const response = await browser.request(callback.href);
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return response.headers.get('location')!;
  }

  async function signedInUser(browser: FetchBrowser, on: TestApp = app) {
    const response = await browser.request(`${on.url}/api/v1/session`);
    return response.status === 200
      ? ((await response.json()) as { user: { id: string; email: string; grants: unknown[] } }).user
      : undefined;
  }

  async function lastFailure(on: TestApp = app): Promise<AuditEntry | undefined> {
    return (await audit(on).list({ action: 'sign-in-failed', limit: 1 }))[0];
  }

  it('says which sign-in methods there are', async () => {
    const response = await fetch(`${app.url}/api/v1/auth/providers`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ password: true, oidc: { name: 'Test NHS CIS2', loginUrl: LOGIN } });
  });

  it('sends the browser to the provider with PKCE S256, state and nonce, keeping the secrets in Redis', async () => {
    const browser = new FetchBrowser();
    const response = await browser.request(`${app.url}${LOGIN}?next=/wall/trust/RX4`);
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get('location')!);
    expect(url.origin).toBe(idp.issuer);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      client_id: CONFIDENTIAL_CLIENT,
      response_type: 'code',
      redirect_uri: `${app.url}${CALLBACK}`,
      code_challenge_method: 'S256',
      scope: 'openid profile email',
    });
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.state).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(params.nonce).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    // The cookie only names the state; the verifier and nonce stay on the server, for ten minutes.
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('wp_oidc_state='))!;
    expect(cookie).toContain(`wp_oidc_state=${params.state}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth\/oidc/i);
    expect(cookie).not.toContain(params.nonce!);
    const key = `{${app.keyPrefix}}:oidc:${params.state}`;
    const pending = JSON.parse((await redis.get(key))!) as { codeVerifier: string; nonce: string; next: string };
    expect(pending.nonce).toBe(params.nonce);
    expect(pending.next).toBe('/wall/trust/RX4');
    expect(createHash('sha256').update(pending.codeVerifier).digest('base64url')).toBe(params.code_challenge);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(500);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('signs a new person in with no grants, audits it and returns to the page they started from', async () => {
    const browser = new FetchBrowser();
    const callback = await signInAtProvider(browser, (await startSignIn(browser, '/wall/trust/RX4?view=tiles')).href, 'alice');
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(await finish(browser, callback)).toBe('/wall/trust/RX4?view=tiles');
    expect(browser.hasCookie('wp_oidc_state')).toBe(false);
    const user = await signedInUser(browser);
    expect(user).toMatchObject({ email: `alice@${TEST_ACCOUNT_DOMAIN}`, grants: [] });
    const record = await users().get(user!.id);
    expect(record).toMatchObject({ name: 'Test alice', hasPassword: false, grants: [] });
    const [entry] = await audit().list({ action: 'sign-in', target: `user:${user!.id}` });
    expect(entry?.detail).toEqual({ method: 'oidc' });

    // The same person again (same issuer and subject) is the same user.
    const again = new FetchBrowser();
    await finish(again, await signInAtProvider(again, (await startSignIn(again)).href, 'alice'));
    expect((await signedInUser(again))?.id).toBe(user!.id);
  });

  it('signs in as a public client (PKCE, no secret)', async () => {
    const browser = new FetchBrowser();
    const out = await startSignIn(browser, '/', publicApp);
    expect(out.searchParams.get('client_id')).toBe(PUBLIC_CLIENT);
    expect(await finish(browser, await signInAtProvider(browser, out.href, 'paula'))).toBe('/');
    expect((await signedInUser(browser, publicApp))?.email).toBe(`paula@${TEST_ACCOUNT_DOMAIN}`);
  });

  /** Signs `browser` in with a password, as the sign-in form does. */
  async function passwordSignIn(browser: FetchBrowser, email: string, password: string, on: TestApp = app) {
    const response = await browser.request(`${on.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(200);
  }
  /** Completes a sign-in as `login` at the provider (ending any earlier provider session); where WardPulse sent the browser. */
  const oidcSignIn = async (browser: FetchBrowser, login: string, on: TestApp = app) => {
    browser.forget((name) => name.startsWith('_'));
    return finish(browser, await signInAtProvider(browser, (await startSignIn(browser, '/', on)).href, login));
  };
  /** The identity an account is bound to, straight from its row. */
  const bindingOf = async (email: string, on: TestApp = app) => {
    const { rows } = await on.running.database.db.query<{ issuer: string | null; subject: string | null }>(
      'select oidc_issuer as issuer, oidc_subject as subject from app_user where email = $1',
      [email],
    );
    return rows[0];
  };
  const linksOf = async (userId: string) => audit().list({ action: 'oidc-linked', target: `user:${userId}` });

  it('links an unbound local account with the same verified email, once, keeping its grants', async () => {
    const bob = await users().create({
      email: `bob@${TEST_ACCOUNT_DOMAIN}`,
      name: 'Bob Local',
      grants: [{ role: 'viewer', scope: { kind: 'trust', id: 'RX4' } }],
    });
    const browser = new FetchBrowser();
    await oidcSignIn(browser, 'bob');
    const user = await signedInUser(browser);
    expect(user?.id).toBe(bob.id);
    expect(user?.grants).toEqual(bob.grants);
    expect(await bindingOf(bob.email)).toEqual({ issuer: idp.issuer, subject: 'bob' });
    // Signing in again is by subject: no second link.
    const again = new FetchBrowser();
    await oidcSignIn(again, 'bob');
    expect((await signedInUser(again))?.id).toBe(bob.id);
    const links = await linksOf(bob.id);
    expect(links).toHaveLength(1);
    expect(links[0]!.detail).toEqual({ issuer: idp.issuer, subject: 'bob', by: 'verified-email' });
  });

  it('does not link an account when the provider does not say the email is verified, unless its owner is signed in', async () => {
    const sam = await users().create({
      email: `sam@${TEST_ACCOUNT_DOMAIN}`,
      name: 'Sam Local',
      password: 'sams-own-password',
      grants: [{ role: 'viewer', scope: { kind: 'trust', id: 'RX4' } }],
    });
    const browser = new FetchBrowser();
    // `silent-sam`: sam's email, and no email_verified claim at all.
    expect(await oidcSignIn(browser, 'silent-sam')).toBe('/sign-in?error=oidc_link_needs_password');
    expect(await signedInUser(browser)).toBeUndefined();
    expect(await bindingOf(sam.email)).toEqual({ issuer: null, subject: null });
    expect(await lastFailure()).toMatchObject({
      actor: sam.email,
      target: `user:${sam.id}`,
      detail: { method: 'oidc', reason: 'link_email_unverified' },
    });

    // Sam proves the account with its password, then signs in with the provider in the same browser: linked.
    const owner = new FetchBrowser();
    await passwordSignIn(owner, sam.email, 'sams-own-password');
    expect(await oidcSignIn(owner, 'silent-sam')).toBe('/');
    expect((await signedInUser(owner))?.id).toBe(sam.id);
    expect(await bindingOf(sam.email)).toEqual({ issuer: idp.issuer, subject: 'silent-sam' });
    expect((await linksOf(sam.id))[0]!.detail).toMatchObject({ by: 'signed-in' });
  });

  it('never re-links an account bound to another subject, until an administrator unlinks it', async () => {
    const tara = await users().create({ email: `tara@${TEST_ACCOUNT_DOMAIN}`, name: 'Tara', grants: [] });
    await oidcSignIn(new FetchBrowser(), 'tara');
    expect(await bindingOf(tara.email)).toEqual({ issuer: idp.issuer, subject: 'tara' });

    // Another provider account with tara's (verified) email.
    const other = new FetchBrowser();
    expect(await oidcSignIn(other, 'tara~2')).toBe('/sign-in?error=oidc_account_bound');
    expect(await signedInUser(other)).toBeUndefined();
    expect(await bindingOf(tara.email)).toEqual({ issuer: idp.issuer, subject: 'tara' });
    expect(await lastFailure()).toMatchObject({
      actor: tara.email,
      target: `user:${tara.id}`,
      detail: { method: 'oidc', reason: 'bound_to_another_identity' },
    });
    // Even from a session of tara's own: a binding is only ever removed by an administrator.
    const first = new FetchBrowser();
    await oidcSignIn(first, 'tara');
    expect(await oidcSignIn(first, 'tara~2')).toBe('/sign-in?error=oidc_account_bound');
    expect(await bindingOf(tara.email)).toEqual({ issuer: idp.issuer, subject: 'tara' });

    const unlinked = await runCommand(['user', 'unlink-oidc', tara.email], app.running.database.db);
    expect(unlinked).toMatchObject({ exitCode: 0 });
    expect((await audit().list({ action: 'oidc-unlinked', target: `user:${tara.id}` }))[0]?.detail).toEqual({
      issuer: idp.issuer,
      subject: 'tara',
    });
    const fresh = new FetchBrowser();
    await oidcSignIn(fresh, 'tara~2');
    expect((await signedInUser(fresh))?.id).toBe(tara.id);
    expect(await bindingOf(tara.email)).toEqual({ issuer: idp.issuer, subject: 'tara~2' });
  });

  it('links an administrator in use only from a session of their own; one made for single sign-on on first sign-in', async () => {
    const admin = [{ role: 'admin' as const, scope: { kind: 'all' as const } }];
    const ada = await users().create({
      email: `ada@${TEST_ACCOUNT_DOMAIN}`,
      name: 'Ada',
      password: 'adas-own-password',
      grants: admin,
    });
    const browser = new FetchBrowser();
    expect(await oidcSignIn(browser, 'ada')).toBe('/sign-in?error=oidc_link_needs_password');
    expect(await bindingOf(ada.email)).toEqual({ issuer: null, subject: null });
    expect((await lastFailure())?.detail).toEqual({ method: 'oidc', reason: 'link_admin' });
    await passwordSignIn(browser, ada.email, 'adas-own-password');
    expect(await oidcSignIn(browser, 'ada')).toBe('/');
    expect((await signedInUser(browser))?.id).toBe(ada.id);
    expect(await bindingOf(ada.email)).toEqual({ issuer: idp.issuer, subject: 'ada' });

    // `user create --role admin` without a password, never signed in: waiting for its single sign-on.
    const adam = await users().create({ email: `adam@${TEST_ACCOUNT_DOMAIN}`, name: 'Adam', grants: admin });
    const adams = new FetchBrowser();
    expect(await oidcSignIn(adams, 'adam')).toBe('/');
    expect((await signedInUser(adams))?.id).toBe(adam.id);
  });

  it('links no existing account when linking is off, but still signs new people in', async () => {
    const lena = await users(noLinkApp).create({ email: `lena@${TEST_ACCOUNT_DOMAIN}`, name: 'Lena', grants: [] });
    const browser = new FetchBrowser();
    expect(await oidcSignIn(browser, 'lena', noLinkApp)).toBe('/sign-in?error=oidc_link_off');
    expect(await bindingOf(lena.email, noLinkApp)).toEqual({ issuer: null, subject: null });
    expect((await lastFailure(noLinkApp))?.detail).toEqual({ method: 'oidc', reason: 'link_disabled' });
    const newcomer = new FetchBrowser();
    expect(await oidcSignIn(newcomer, 'newt', noLinkApp)).toBe('/');
    expect((await signedInUser(newcomer, noLinkApp))?.email).toBe(`newt@${TEST_ACCOUNT_DOMAIN}`);
  });

  it('uses a state once: a replayed callback is refused', async () => {
    const browser = new FetchBrowser();
    const callback = await signInAtProvider(browser, (await startSignIn(browser)).href, 'carol');
    const state = callback.searchParams.get('state')!;
    expect(await finish(browser, callback)).toBe('/');
    // The same callback again, with the state cookie put back as an attacker replaying it would.
    const replay = await fetch(callback.href, { redirect: 'manual', headers: { cookie: `wp_oidc_state=${state}` } });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toBe('/sign-in?error=oidc_state');
    expect(replay.headers.getSetCookie().some((line) => line.startsWith('wp_session='))).toBe(false);
    expect((await lastFailure())?.detail).toEqual({ method: 'oidc', reason: 'state_unknown' });
  });

  it('refuses a callback in a browser that did not start the sign-in (login CSRF)', async () => {
    const attacker = new FetchBrowser();
    const callback = await signInAtProvider(attacker, (await startSignIn(attacker)).href, 'mallory');
    const victim = new FetchBrowser();
    expect(await finish(victim, callback)).toBe('/sign-in?error=oidc_state');
    expect(await signedInUser(victim)).toBeUndefined();
    expect((await lastFailure())?.detail).toEqual({ method: 'oidc', reason: 'state_not_from_this_browser' });
  });

  it('refuses a forged state and a missing one', async () => {
    const forged = randomBytes(32).toString('base64url');
    const response = await fetch(`${app.url}${CALLBACK}?code=abc&state=${forged}&iss=${encodeURIComponent(idp.issuer)}`, {
      redirect: 'manual',
      headers: { cookie: `wp_oidc_state=${forged}` },
    });
    expect(response.headers.get('location')).toBe('/sign-in?error=oidc_state');
    expect((await lastFailure())?.detail).toEqual({ method: 'oidc', reason: 'state_unknown' });
    const missing = await fetch(`${app.url}${CALLBACK}?code=abc`, { redirect: 'manual' });
    expect(missing.headers.get('location')).toBe('/sign-in?error=oidc_state');
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const browser = new FetchBrowser();
    const out = await startSignIn(browser);
    out.searchParams.set('nonce', randomBytes(32).toString('base64url'));
    expect(await finish(browser, await signInAtProvider(browser, out.href, 'nina'))).toBe('/sign-in?error=oidc_failed');
    expect(await signedInUser(browser)).toBeUndefined();
    expect((await lastFailure())?.detail).toMatchObject({ method: 'oidc', reason: 'id_token_nonce' });
    expect(await users().findByEmail(`nina@${TEST_ACCOUNT_DOMAIN}`)).toBeUndefined();
  });

  it('refuses a code issued for another PKCE challenge', async () => {
    const browser = new FetchBrowser();
    const out = await startSignIn(browser);
    const otherVerifier = randomBytes(32).toString('base64url');
    out.searchParams.set('code_challenge', createHash('sha256').update(otherVerifier).digest('base64url'));
    expect(await finish(browser, await signInAtProvider(browser, out.href, 'pete'))).toBe('/sign-in?error=oidc_failed');
    expect((await lastFailure())?.detail).toEqual({ method: 'oidc', reason: 'token_error', error: 'invalid_grant' });
    expect(await signedInUser(browser)).toBeUndefined();
  });

  it('refuses a disabled person', async () => {
    const dora = await users().create({ email: `dora@${TEST_ACCOUNT_DOMAIN}`, name: 'Dora', grants: [] });
    await users().disable(dora.id);
    const browser = new FetchBrowser();
    expect(await finish(browser, await signInAtProvider(browser, (await startSignIn(browser)).href, 'dora'))).toBe(
      '/sign-in?error=oidc_disabled',
    );
    expect(await signedInUser(browser)).toBeUndefined();
    const failure = await lastFailure();
    expect(failure).toMatchObject({ actor: `dora@${TEST_ACCOUNT_DOMAIN}`, detail: { method: 'oidc', reason: 'disabled' } });
  });

  it('refuses an identity without an email, or with one the provider has not verified', async () => {
    for (const [login, code, reason] of [
      ['no-email', 'oidc_no_email', 'no_email'],
      ['unverified', 'oidc_email_unverified', 'email_unverified'],
    ] as const) {
      const browser = new FetchBrowser();
      expect(await finish(browser, await signInAtProvider(browser, (await startSignIn(browser)).href, login))).toBe(
        `/sign-in?error=${code}`,
      );
      expect(await signedInUser(browser)).toBeUndefined();
      expect((await lastFailure())?.detail).toEqual({ method: 'oidc', reason });
    }
  });

  it('passes on a sign-in cancelled at the provider', async () => {
    const browser = new FetchBrowser();
    const callback = await cancelAtProvider(browser, (await startSignIn(browser)).href);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(await finish(browser, callback)).toBe('/sign-in?error=oidc_denied');
    expect((await lastFailure())?.detail).toEqual({ method: 'oidc', reason: 'provider_error', error: 'access_denied' });
  });

  it('only ever returns to a path on this site', async () => {
    for (const next of [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/%0d%0aSet-Cookie:x',
    ]) {
      const browser = new FetchBrowser();
      const location = await finish(browser, await signInAtProvider(browser, (await startSignIn(browser, next)).href, 'erin'));
      expect(location.startsWith('/') && !location.startsWith('//')).toBe(true);
      expect(new URL(location, app.url).origin).toBe(app.url);
    }
  });

  it('ends a session the browser already had when someone else signs in', async () => {
    const browser = new FetchBrowser();
    await finish(browser, await signInAtProvider(browser, (await startSignIn(browser)).href, 'fred'));
    const before = browser.cookieHeader();
    // Fred's provider session ends (the provider's own cookies start with `_`); Gina signs in on the same browser.
    browser.forget((name) => name.startsWith('_'));
    await finish(browser, await signInAtProvider(browser, (await startSignIn(browser)).href, 'gina'));
    expect((await signedInUser(browser))?.email).toBe(`gina@${TEST_ACCOUNT_DOMAIN}`);
    const old = await fetch(`${app.url}/api/v1/session`, { headers: { cookie: before } });
    expect(old.status).toBe(401);
  });

  describe('without a reachable provider or without OIDC', () => {
    let unreachable: TestApp;
    let off: TestApp;
    beforeAll(async () => {
      const closed = await startOidcProvider();
      const issuer = closed.issuer;
      await closed.close();
      [unreachable, off] = await Promise.all([startTestApp({ oidc: { ...idp.settings('public'), issuer } }), startTestApp()]);
    });
    afterAll(() => Promise.all([unreachable?.close(), off?.close()]));

    it('sends people back to the sign-in page when the provider cannot be reached', async () => {
      const response = await fetch(`${unreachable.url}${LOGIN}`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/sign-in?error=oidc_unavailable');
    });

    it('offers only passwords, and has no OIDC routes, when OIDC is not configured', async () => {
      expect(await (await fetch(`${off.url}/api/v1/auth/providers`)).json()).toEqual({ password: true, oidc: null });
      const login = await fetch(`${off.url}${LOGIN}`, { redirect: 'manual' });
      expect(login.status).toBe(404);
      expect(((await login.json()) as { error: { code: string } }).error.code).toBe('not_found');
      expect((await fetch(`${off.url}${CALLBACK}?code=a&state=b`, { redirect: 'manual' })).status).toBe(404);
    });
  });
});

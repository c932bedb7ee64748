/**
 * End to end in Chromium: signing in with OpenID Connect against a real provider (oidc-provider
 * on loopback, standing in for NHS CIS2 or Entra ID). The browser goes to WardPulse's login URL,
 * fills in the provider's own sign-in form, and comes back signed in to the page it asked for;
 * the audit log records the sign-in as OIDC. Cancelling at the provider lands on the sign-in
 * page with an error code and no session.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/src/auth/audit.js';
import { launchChromium, openPage } from '../support/browser.js';
import { TEST_ACCOUNT_DOMAIN, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('OpenID Connect sign-in in Chromium', () => {
  let idp: TestOidcProvider;
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    idp = await startOidcProvider();
    app = await startTestApp({ web: true, oidc: idp.settings('public') });
    idp.trust(app.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await idp?.close();
  });

  async function sessionIn(page: Page) {
    return page.evaluate(async () => {
      const response = await fetch('/api/v1/session');
      return {
        status: response.status,
        body: response.ok ? ((await response.json()) as { user: { id: string; email: string } }) : null,
      };
    });
  }

  it('signs in at the provider and comes back signed in to the page asked for', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/api/v1/auth/oidc/login?next=${encodeURIComponent('/wall/trust/RX4')}`, {
        waitUntil: 'domcontentloaded',
      });
      // The provider's own sign-in form, on the provider's origin.
      expect(new URL(page.url()).origin).toBe(idp.issuer);
      await page.locator('input[name="login"]').fill('wendy');
      await page.locator('input[name="password"]').fill('any password at all');
      await Promise.all([
        page.waitForURL(`${app.url}/wall/trust/RX4`, { waitUntil: 'domcontentloaded', timeout: 30_000 }),
        page.locator('button[type="submit"]').click(),
      ]);
      const session = await sessionIn(page);
      expect(session.status).toBe(200);
      expect(session.body?.user.email).toBe(`wendy@${TEST_ACCOUNT_DOMAIN}`);
      // The session cookie is httpOnly: the page cannot read it.
      expect(await page.evaluate(() => document.cookie)).not.toContain('wp_session');
      const signIns = await new AuditLog(app.running.database.db).list({
        action: 'sign-in',
        target: `user:${session.body!.user.id}`,
      });
      expect(signIns.map((entry) => entry.detail)).toContainEqual({ method: 'oidc' });
    } finally {
      await page.context().close();
    }
  });

  it('lands on the sign-in page with an error, not signed in, when cancelled at the provider', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/api/v1/auth/oidc/login?next=/`, { waitUntil: 'domcontentloaded' });
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/sign-in', { waitUntil: 'commit', timeout: 30_000 }),
        page.getByText('[ Cancel ]').click(),
      ]);
      expect(new URL(page.url()).searchParams.get('error')).toBe('oidc_denied');
      expect((await sessionIn(page)).status).toBe(401);
    } finally {
      await page.context().close();
    }
  });
});

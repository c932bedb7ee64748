/**
 * People and access end to end in Chromium against the built app (demo mode: demo accounts exist):
 * signing in through the form, administration visible only to administrators, a display token's
 * wall link opening a live board that stops being live when the token is revoked, an API key made
 * in the UI that a feed can use at once, the audit log, and axe-core (WCAG 2.2 AA) with zero
 * violations on the sign-in and admin pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { bedState, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const DESK = { width: 1280, height: 800 };
const DEMO_PASSWORD = 'wardpulse-demo';

function signIn(page: Page, baseUrl: string, email: string, next = '/admin') {
  return signInThroughForm(page, baseUrl, email, next, DEMO_PASSWORD);
}

describe('people and access in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    browser = await launchChromium();
    admin = await openPage(browser, DESK);
  });
  afterAll(async () => {
    await admin?.context().close();
    await browser?.close();
    await app?.close();
  });

  it('refuses a wrong password beside the field and in the error summary', async () => {
    const page = await openPage(browser, DESK);
    try {
      await page.goto(`${app.url}/sign-in`);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: artefactPath('access-sign-in-1280.png') });

      await page.getByLabel('Email address').fill('admin@wardpulse.example');
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const summary = page.getByTestId('error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toMatch(/There is a problem/);
      expect(await page.locator('#password-error').textContent()).toMatch(/does not match an active account/);
      // Focus moves to the summary so keyboard and screen-reader users hear what went wrong.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.screenshot({ path: artefactPath('access-sign-in-error-1280.png') });
      expect(await axeViolations(page)).toEqual([]);

      // Empty fields are caught before sending, in the same way.
      await page.getByLabel('Email address').fill('');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#email-error').waitFor();
      expect(await page.locator('#email-error').textContent()).toMatch(/Enter your email address/);
    } finally {
      await page.context().close();
    }
  });

  it('signs an administrator in through the form and shows administration', async () => {
    await signIn(admin, app.url, 'admin@wardpulse.example');
    await admin.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    expect(await admin.getByTestId('signed-in-name').textContent()).toBe('Demo Admin');
    expect(await admin.getByTestId('admin-nav').count()).toBe(1);
    for (const section of ['People', 'API keys', 'Display tokens', 'Organisation', 'Audit log']) {
      expect(await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: section }).count()).toBe(
        1,
      );
    }
    await admin.screenshot({ path: artefactPath('access-admin-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);
  });

  it('opens a display token’s wall link live, keeps the token out of the address bar, and stops when revoked', async () => {
    await admin.goto(`${app.url}/admin/display-tokens`);
    await admin.getByTestId('display-tokens-table').waitFor();
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByLabel('Screen name').fill('Bed bureau wall');
    await admin.locator('#token-scope option[value="trust:RX4"]').waitFor({ state: 'attached' });
    await admin.getByLabel('Board', { exact: true }).selectOption('trust:RX4');
    await admin.getByRole('button', { name: 'Create display token' }).click();
    const secret = admin.getByTestId('secret-value');
    await secret.waitFor();
    const wallUrl = await secret.inputValue();
    expect(wallUrl).toMatch(/\/wall\/trust\/RX4\?token=/);
    expect(await admin.getByTestId('secret-reveal').textContent()).toMatch(/Store it now/);
    await admin.locator('tr[data-token-name="Bed bureau wall"]').waitFor();
    await admin.screenshot({ path: artefactPath('access-admin-display-tokens-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);

    // A fresh browser context: nobody signed in, only the link.
    const wall = await openPage(browser);
    try {
      await wall.goto(wallUrl);
      const status = wall.locator('[data-testid="connection-status"]');
      await wall.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
      await wall.locator('[data-ward-id="RX4-W01"]').waitFor();
      expect(new URL(wall.url()).searchParams.has('token')).toBe(false);
      expect(wall.url()).not.toContain('token=');

      await admin
        .locator('tr[data-token-name="Bed bureau wall"]')
        .getByRole('button', { name: /Revoke/ })
        .click();
      await admin.getByRole('dialog').getByRole('button', { name: 'Yes, revoke' }).click();
      await admin.getByTestId('notice').waitFor();
      await admin.locator('tr[data-token-name="Bed bureau wall"] .tag', { hasText: 'Revoked' }).waitFor();

      // The server disconnects the screen's socket; it must not go on claiming to be live.
      await wall.locator('[data-testid="connection-status"]:not([data-state="live"])').waitFor({ timeout: 30_000 });
      expect(await status.getAttribute('data-state')).not.toBe('live');
      expect(await wall.locator('.wall-board').getAttribute('data-live')).toBe('false');
      expect(await status.textContent()).not.toMatch(/^\s*Live\s*$/);
      await wall.screenshot({ path: artefactPath('access-wall-revoked-1080p.png') });
    } finally {
      await wall.context().close();
    }
  });

  it('creates an API key in the UI that a feed can use straight away', async () => {
    await admin.goto(`${app.url}/admin/api-keys`);
    await admin.getByTestId('api-keys-table').waitFor();
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByLabel('Name', { exact: true }).fill('RX4 test feed');
    const rx4 = admin.getByRole('checkbox', { name: /\(RX4\)/ });
    await rx4.waitFor();
    await rx4.check();
    expect(await admin.getByRole('checkbox', { name: /Send data/ }).isChecked()).toBe(true);
    await admin.getByRole('button', { name: 'Create API key' }).click();
    const secret = admin.getByTestId('secret-value');
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key.length).toBeGreaterThan(20);
    await admin.locator('tr[data-key-name="RX4 test feed"]').waitFor();
    await admin.screenshot({ path: artefactPath('access-admin-api-keys-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);

    const accepted = await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W01'), key);
    expect(accepted.status).toBe(202);
    // Scoped to RX4: another trust's ward is refused.
    const refused = await postJson(`${app.url}/api/v1/bed-states`, bedState('RX3-W01'), key);
    expect(refused.status).toBe(403);
  });

  it('lists the sign-in and the token creation in the audit log', async () => {
    await admin.goto(`${app.url}/admin/audit`);
    await admin.getByTestId('audit-table').waitFor();
    await admin.locator('tr[data-action="sign-in"]').first().waitFor();
    await admin.locator('tr[data-action="display-token-created"]').first().waitFor();
    expect(await admin.locator('tr[data-action="display-token-created"]').first().textContent()).toMatch(/Bed bureau wall/);
    expect(await admin.locator('tr[data-action="sign-in"]').first().textContent()).toMatch(/Demo Admin/);
    // Newest first: the revocation came after the creation.
    const actions = await admin.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    expect(actions.indexOf('display-token-revoked')).toBeLessThan(actions.indexOf('display-token-created'));
    await admin.screenshot({ path: artefactPath('access-admin-audit-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);

    // Filtering by action asks the server for those entries only.
    await admin.getByLabel('Action').selectOption('display-token-created');
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin.waitForURL((url) => url.searchParams.get('action') === 'display-token-created');
    await admin.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].every(
        (row) => row.getAttribute('data-action') === 'display-token-created',
      ),
    );
    expect(await admin.locator('tbody tr').count()).toBe(1);
  });

  it('shows people and the organisation to the administrator, accessibly', async () => {
    await admin.goto(`${app.url}/admin/people`);
    await admin.locator('tr[data-person-email="viewer@wardpulse.example"]').waitFor();
    expect(await admin.locator('tr[data-person-email="viewer@wardpulse.example"]').textContent()).toMatch(/Viewer for .*RX3/);
    await admin.screenshot({ path: artefactPath('access-admin-people-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);

    await admin.getByRole('link', { name: 'Add a person' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Add a person' }).waitFor();
    await admin.getByLabel('Full name').fill('Sam Patel');
    await admin.getByLabel('Email address').fill('sam.patel@wardpulse.example');
    await admin.getByLabel('Password (optional)').fill('short');
    await admin.getByRole('button', { name: 'Add person' }).click();
    // The trust is not picked: caught before sending.
    await admin.locator('#grant-0-scope-id-error').waitFor();
    expect(await admin.locator('#grant-0-scope-id-error').textContent()).toMatch(/choose a trust/);
    await admin.getByLabel('Trust', { exact: true }).selectOption('RX3');
    await admin.getByRole('button', { name: 'Add person' }).click();
    // The password is too short: the server says so, beside the field.
    await admin.locator('#person-password-error').waitFor();
    expect(await admin.locator('#person-password-error').textContent()).toMatch(/at least 12 characters/);
    expect(await admin.locator('#grant-0-scope-id-error').count()).toBe(0);
    await admin.screenshot({ path: artefactPath('access-admin-person-new-error-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByLabel('Password (optional)').fill('a-long-enough-password');
    await admin.getByRole('button', { name: 'Add person' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Sam Patel' }).waitFor();
    expect(await admin.getByTestId('notice').textContent()).toMatch(/Sam Patel was added/);
    expect(await admin.locator('dl').textContent()).toMatch(/Viewer for .*RX3/);
    await admin.screenshot({ path: artefactPath('access-admin-person-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);

    await admin.goto(`${app.url}/admin/organisation`);
    await admin.locator('table[data-trust="RX4"] tr[data-ward-id="RX4-W01"]').waitFor();
    await admin.screenshot({ path: artefactPath('access-admin-organisation-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);

    // The server's validation shows beside the field.
    await admin.locator('tr[data-ward-id="RX4-W01"]').getByRole('link', { name: /Edit/ }).click();
    await admin.getByTestId('edit-ward').waitFor();
    await admin.getByLabel('Commissioned beds').fill('-3');
    await admin.getByRole('button', { name: 'Save ward' }).click();
    await admin.locator('#ward-edit-beds-error').waitFor();
    expect(await admin.locator('#ward-edit-beds-error').textContent()).toMatch(/must not be negative/);
    await admin.screenshot({ path: artefactPath('access-admin-ward-edit-error-1280.png') });
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByLabel('Commissioned beds').fill('24');
    await admin.getByRole('button', { name: 'Save ward' }).click();
    await admin.waitForURL((url) => url.pathname === '/admin/organisation');
    await admin.locator('tr[data-ward-id="RX4-W01"] td.numeric', { hasText: '24' }).waitFor();

    // A new trust, placed in a collaborative, appears with its membership.
    const addTrust = admin.getByTestId('add-trust');
    await addTrust.getByLabel('ODS code', { exact: true }).fill('rzx');
    await addTrust.getByLabel('Trust name').fill('Example Partnership NHS Trust');
    await addTrust.getByLabel('North East and North Cumbria').check();
    await addTrust.getByRole('button', { name: 'Add trust' }).click();
    await admin.locator('table[data-trust="RZX"] caption', { hasText: 'North East and North Cumbria' }).waitFor();
    // The server's refusal of a taken code shows beside the field.
    await addTrust.getByLabel('ODS code', { exact: true }).fill('RX4');
    await addTrust.getByLabel('Trust name').fill('Duplicate');
    await addTrust.getByRole('button', { name: 'Add trust' }).click();
    await admin.locator('#trust-ods-error', { hasText: 'is taken' }).waitFor();
    expect(await axeViolations(admin)).toEqual([]);
  });

  it('hides administration from a viewer, and shows the server’s refusal at /admin', async () => {
    const page = await openPage(browser, DESK);
    try {
      await signIn(page, app.url, 'viewer@wardpulse.example', '/');
      await page.getByTestId('signed-in-name').waitFor();
      expect(await page.getByTestId('signed-in-name').textContent()).toBe('Demo Viewer (RX3)');
      expect(await page.getByTestId('admin-nav').count()).toBe(0);

      await page.goto(`${app.url}/admin`);
      const refusal = page.getByTestId('server-refusal');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/none of your roles may manage-access/i);
      expect(await page.getByRole('navigation', { name: 'Administration' }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);

      // Signing out brings the sign-in link back.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByTestId('sign-in-link').waitFor();
    } finally {
      await page.context().close();
    }
  });
});

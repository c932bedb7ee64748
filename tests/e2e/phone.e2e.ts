/**
 * The person on call, on a phone (375×812, touch), end to end in Chromium against the built app: signs
 * in, sees who is on call, opens the firing alert from the menu, acknowledges it in the dialog, reads
 * the trust summary (the same figures the API's summary gives) and finds a vacant bed — and no page
 * scrolls sideways. WardPulse is installable: the manifest is served, valid and complete, its icons are
 * the PNGs it names, and the service worker registers (and caches nothing). Screenshots go to
 * test-results/e2e/phone-*.png.
 */
import type { LiveResponse } from '@wardpulse/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, launchChromium, signInThroughForm } from '../support/browser.js';
import { callAs, setUpOnCallChain, signIn, type SignedIn } from '../support/people.js';
import { bedState, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const PHONE = { width: 375, height: 812 };
const RULE = 'Phone check: ten waiting at CNTW';

interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('the on-call person on a phone', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: SignedIn;
  let onCall: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    browser = await launchChromium();
    const key = await app.createKey(['RX4']);
    let bedManager: SignedIn;
    [admin, onCall, bedManager] = await Promise.all([
      signIn(app.url, 'admin@wardpulse.example'),
      signIn(app.url, 'on-call@wardpulse.example'),
      signIn(app.url, 'bed-manager@wardpulse.example'),
    ]);
    await setUpOnCallChain(app.url, admin, [onCall, bedManager], { waitMinutes: 10, repeats: 1 });
    const rule = await callAs(app.url, admin, 'POST', '/alert-rules', {
      name: RULE,
      scope: 'trust:RX4',
      condition: { kind: 'threshold', figure: 'pendingAdmissions', comparator: '>=', value: 10 },
      severity: 'critical',
      pendingForSeconds: 0,
      keepFiringForSeconds: 0,
      labels: {},
      description: 'Ten or more people are waiting for an admission.',
      enabled: true,
    });
    expect(rule.status).toBe(201);
    // A ward with a vacant bed (the finder finds it) and enough people waiting to fire the rule.
    const facts = [bedState('RX4-W05', { pendingAdmissions: 11 }), bedState('RX4-W01', { occupied: 14, onLeave: 1 })];
    expect((await postJson(`${app.url}/api/v1/bed-states`, { events: facts }, key)).status).toBe(202);
    await eventually(async () => {
      const open = await callAs(app.url, admin, 'GET', '/alerts?status=open&scope=trust:RX4');
      return (open.body.alerts as { ruleName: string }[]).some((alert) => alert.ruleName === RULE) || undefined;
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function onPhone<T>(work: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      return await work(await context.newPage());
    } finally {
      await context.close();
    }
  }

  /** Fails with the page's name when it scrolls sideways on the phone. */
  async function expectNoSidewaysScroll(page: Page, name: string) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
  }

  it('signs in, sees who is on call, acknowledges the alert, reads the trust summary and finds a bed', async () => {
    await onPhone(async (page) => {
      await signInThroughForm(page, app.url, 'on-call@wardpulse.example', '/on-call');
      const now = page.getByRole('list', { name: /On call now for Cumbria, Northumberland, Tyne and Wear/ });
      await now.waitFor();
      expect(await now.locator(`li[data-person-id="${onCall.user.id}"]`).getAttribute('data-level')).toBe('1');
      await expectNoSidewaysScroll(page, 'on call');
      await page.screenshot({ path: artefactPath('phone-on-call.png'), fullPage: true });

      // The header's links sit behind the menu button on a phone.
      const menu = page.getByRole('button', { name: 'Menu' });
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.screenshot({ path: artefactPath('phone-menu.png') });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
      await page.waitForURL((url) => url.pathname === '/alerts');
      const alertLink = page.getByRole('link', { name: RULE });
      await alertLink.waitFor();
      await expectNoSidewaysScroll(page, 'alerts');
      await page.screenshot({ path: artefactPath('phone-alerts.png'), fullPage: true });

      await alertLink.click();
      await page.getByRole('heading', { level: 1, name: RULE }).waitFor();
      await page.getByTestId('alert-history').waitFor();
      await expectNoSidewaysScroll(page, 'alert');
      await page.screenshot({ path: artefactPath('phone-alert-detail.png'), fullPage: true });

      await page.getByRole('button', { name: `Acknowledge ${RULE}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Note').fill('On my way in');
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
      await page.screenshot({ path: artefactPath('phone-acknowledge-dialog.png') });
      await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
      await page
        .getByTestId('notice')
        .getByText(/You acknowledged/)
        .waitFor();
      await page
        .getByTestId('alert-summary')
        .getByText(/Acknowledged by Demo On-call/)
        .waitFor();
      const open = (await callAs(app.url, admin, 'GET', '/alerts?status=open&scope=trust:RX4')).body.alerts as {
        ruleName: string;
        acknowledgement: { by: string; note: string } | null;
      }[];
      expect(open.find((alert) => alert.ruleName === RULE)?.acknowledgement).toMatchObject({
        by: `user:${onCall.user.id}`,
        note: 'On my way in',
      });

      // The trust summary: the API's figures (shared summariseLive), and the acknowledged alert.
      await page.goto(`${app.url}/summary/trust/RX4`);
      await page.getByTestId('summary-alerts').waitFor();
      const live = (await callAs(app.url, onCall, 'GET', '/live?scope=trust:RX4')).body as LiveResponse;
      const vacant = page.getByTestId('summary-beds').locator('[data-figure="vacant"] dd');
      expect((await vacant.textContent())?.trim()).toBe(String(live.summary.beds.vacant));
      expect(await page.getByTestId('summary-alert-count').textContent()).toBe('1 open alert: 1 critical; all acknowledged.');
      expect(await page.getByTestId('summary-escalation').textContent()).toMatch(/OPEL/);
      await expectNoSidewaysScroll(page, 'trust summary');
      await page.screenshot({ path: artefactPath('phone-trust-summary.png'), fullPage: true });

      await page.getByRole('link', { name: 'Find a vacant bed in this trust' }).click();
      await page.waitForURL((url) => url.pathname === '/bed-finder' && url.searchParams.get('scope') === 'trust:RX4');
      await page.locator('[data-testid="bed-finder-row"][data-ward-id="RX4-W01"]').waitFor();
      await expectNoSidewaysScroll(page, 'bed finder');
      await page.screenshot({ path: artefactPath('phone-bed-finder.png'), fullPage: true });
    });
  }, 90_000);

  it('is installable: a complete manifest with its icons, and a service worker that caches nothing', async () => {
    const response = await fetch(`${app.url}/manifest.webmanifest`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/(manifest\+)?json/);
    const manifest = JSON.parse(await response.text()) as Manifest;
    expect(manifest).toMatchObject({ name: 'WardPulse', short_name: 'WardPulse', display: 'standalone' });
    expect(['/', '/alerts']).toContain(manifest.start_url);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const wanted of [
      { sizes: '192x192', purpose: 'any' },
      { sizes: '512x512', purpose: 'any' },
      { sizes: '512x512', purpose: 'maskable' },
    ]) {
      expect(manifest.icons).toContainEqual(expect.objectContaining({ type: 'image/png', ...wanted }));
    }
    for (const icon of manifest.icons) {
      const image = await fetch(new URL(icon.src, app.url));
      expect(image.status).toBe(200);
      const [width, height] = icon.sizes.split('x').map(Number);
      expect(pngSize(new Uint8Array(await image.arrayBuffer()))).toEqual({ width, height });
    }

    await onPhone(async (page) => {
      await signInThroughForm(page, app.url, 'on-call@wardpulse.example', '/alerts');
      expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toMatch(/\/manifest\.webmanifest$/);
      const worker = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return { script: registration.active?.scriptURL ?? null, scope: registration.scope };
      });
      expect(worker.script).toBe(`${app.url}/service-worker.js`);
      expect(worker.scope).toBe(`${app.url}/`);
      // Nothing is cached: every number on screen comes from the network.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
      expect(await page.evaluate(() => caches.keys())).toEqual([]);
    });
  }, 60_000);
});

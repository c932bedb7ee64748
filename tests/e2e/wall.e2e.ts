/**
 * End to end in Chromium against the built app: a bed state posted through the API changes the
 * ward's tile on the wall board live (no reload), the board shows totals and honest connection
 * state, and the pages pass axe-core (WCAG 2.2 AA rules) with zero violations.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { bedState, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

describe('wall board in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    key = await app.createKey(['RX4', 'RX3']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('updates a ward tile live when a bed state is posted', async () => {
    const page = await openPage(browser);
    // The app runs under its strict CSP (nonce scripts, no inline styles): nothing may be refused.
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`));
    // The trust's other wards report first: a board with wards not reporting names them above the
    // tiles, and the line it takes can make every tile one detail denser (no occupancy excl. leave).
    const org = (await (await fetch(`${app.url}/api/v1/org`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      wards: { id: string; trustOds: string; commissionedBeds: number }[];
    };
    const others = org.wards
      .filter((ward) => ward.trustOds === 'RX4' && ward.id !== 'RX4-W01')
      .map((ward) =>
        bedState(ward.id, { commissioned: ward.commissionedBeds, closed: 0, occupied: ward.commissionedBeds - 2, onLeave: 0 }),
      );
    expect((await postJson(`${app.url}/api/v1/bed-states`, { events: others }, key)).status).toBe(202);
    await page.goto(`${app.url}/wall/trust/RX4`);
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    const tile = '[data-ward-id="RX4-W01"]';
    await page.locator(tile).waitFor();
    const navigations = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    await page.evaluate(() => ((window as unknown as { wardpulseMarker: number }).wardpulseMarker = 42));

    // 20 commissioned, none closed, 13 present, 2 on leave: 5 vacant, 65% / 75% (domain.md).
    const first = bedState('RX4-W01', { commissioned: 20, closed: 0, occupied: 13, onLeave: 2, clinicallyReadyForDischarge: 1 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, first, key)).status).toBe(202);
    await eventually(async () => ((await text(page, `${tile} [data-testid="vacant"]`)) === '5' ? true : undefined));
    expect(await text(page, `${tile} [data-testid="occupancy-excluding-leave"]`)).toContain('65%');
    expect(await text(page, `${tile} [data-testid="occupancy-including-leave"]`)).toContain('75%');

    // Full ward with leave beds reused: 0 vacant, 110% including leave.
    const second = bedState('RX4-W01', { commissioned: 20, closed: 0, occupied: 20, onLeave: 2, clinicallyReadyForDischarge: 0 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, second, key)).status).toBe(202);
    await eventually(async () => ((await text(page, `${tile} [data-testid="vacant"]`)) === '0' ? true : undefined));
    expect(await text(page, `${tile} [data-testid="occupancy-including-leave"]`)).toContain('110%');

    // Same document throughout: the tile changed without a reload.
    expect(await page.evaluate(() => (window as unknown as { wardpulseMarker?: number }).wardpulseMarker)).toBe(42);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(navigations);
    await page.screenshot({ path: artefactPath('wall-trust-RX4-1080p.png') });
    expect(cspViolations).toEqual([]);
    const csp = (await page.request.get(`${app.url}/wall/trust/RX4`)).headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a collaborative board with every member trust', async () => {
    const page = await openPage(browser);
    await page.goto(`${app.url}/wall/collaborative/nenc`);
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-ward-id="RX3-W01"]').waitFor();
    await page.locator('[data-ward-id="RX4-W01"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lists collaboratives and trusts on the home page, linking to their boards', async () => {
    const page = await openPage(browser);
    await page.goto(app.url);
    await page.locator('a[href="/wall/trust/RX4"]').first().waitFor();
    await page.locator('a[href="/wall/collaborative/nenc"]').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('says so when the server goes away instead of looking live', async () => {
    const doomed = await startTestApp({ web: true });
    const page = await openPage(browser);
    try {
      await page.goto(`${doomed.url}/wall/trust/RX4`);
      await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
      await doomed.close();
      await page.locator('[data-testid="connection-status"][data-state="reconnecting"]').waitFor({ timeout: 30_000 });
      expect(await text(page, '[data-testid="connection-status"]')).toMatch(/reconnecting/i);
    } finally {
      await page.context().close();
    }
  });
});

/**
 * Alternatives to admission in Chromium against the built app (#17 item 3b): a crisis house's
 * capacity report from a feed changes an open trust board live — its "Alternatives to admission"
 * panel goes from not reporting to "2/6" free places, and the house leaves the services named as not
 * reporting — while the board still fits 1080p; the bed finder, with no adult acute bed free, names
 * the house ("No adult acute bed free — 2 crisis house places free at …"). axe-core finds no WCAG 2.2
 * AA violation on either. Screenshots go to test-results/e2e.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { crisisCapacityReport, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const HOUSE = 'RX4-CR-1';

async function waitForLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

describe('alternatives to admission in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let key: string;
  let houseName: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ web: true }), launchChromium()]);
    key = await app.createKey(['RX4']);
    const org = (await (await fetch(`${app.url}/api/v1/org`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      crisisServices: { id: string; name: string }[];
    };
    houseName = org.crisisServices.find((service) => service.id === HOUSE)!.name;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a crisis house report changes a trust board live, and the board still fits 1080p', async () => {
    const wall = await openPage(browser);
    try {
      await wall.goto(`${app.url}/wall/trust/RX4`);
      await waitForLive(wall);
      const panel = wall.locator('[data-panel="crisis-capacity"]');
      await panel.waitFor();
      // Nothing reported yet: no free count, and every service named as not reporting.
      expect(await text(wall, '[data-testid="crisis-free-crisis-house"]')).toBe('—');
      expect(await text(wall, '[data-testid="crisis-not-reporting"]')).toContain(houseName);

      const report = crisisCapacityReport(HOUSE, { capacity: 6, inUse: 4, closed: 0 });
      expect((await postJson(`${app.url}/api/v1/crisis-capacity`, report, key)).status).toBe(202);
      // 6 places − 0 closed − 4 in use = 2 free, of 6.
      await expect.poll(() => text(wall, '[data-testid="crisis-free-crisis-house"]'), { timeout: 15_000 }).toBe('2/6 free');
      expect(await text(wall, '[data-testid="crisis-not-reporting"]')).not.toContain(houseName);

      await wall.screenshot({ path: artefactPath('crisis-capacity-trust-RX4-1080p.png') });
      // One line beside the Section 136 suites: no taller than their panel, inside the screen.
      const box = (await panel.boundingBox())!;
      const suites = (await wall.locator('[data-panel="s136"]').boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1920);
      expect(box.height).toBeLessThanOrEqual(suites.height + 1);
      const overflow = await wall.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(wall)).toEqual([]);
    } finally {
      await wall.context().close();
    }
  });

  it('the bed finder names the free crisis house places when no adult acute bed is free', async () => {
    const page = await openPage(browser);
    try {
      // The house's report, whatever the test before did: 6 places − 0 closed − 4 in use = 2 free.
      const report = crisisCapacityReport(HOUSE, { capacity: 6, inUse: 4, closed: 0 });
      expect((await postJson(`${app.url}/api/v1/crisis-capacity`, report, key)).status).toBe(202);
      // No adult acute ward of RX4 has reported a vacant bed (none has reported at all): the beds give way to the alternatives.
      await page.goto(`${app.url}/bed-finder?scope=trust:RX4&type=adult-acute`);
      await page.locator('[data-testid="bed-finder-connection"][data-live="true"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="bed-finder-none"]').waitFor();
      await expect
        .poll(() => text(page, '[data-testid="bed-finder-alternatives"]'), { timeout: 15_000 })
        .toBe(`No adult acute bed free — 2 crisis house places free at ${houseName}.`);
      await page.screenshot({ path: artefactPath('bed-finder-crisis-alternatives.png') });
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

/**
 * Alternatives to admission in Chromium against the built app (#17 item 3b): a crisis house's
 * capacity report from a feed reaches the live bed finder, which, with no adult acute bed free,
 * names the house ("No adult acute bed free — 2 crisis house places free at …"). axe-core finds no
 * WCAG 2.2 AA violation. Screenshots go to test-results/e2e.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { crisisCapacityReport, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const HOUSE = 'RX4-CR-1';

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

  it('the bed finder names the free crisis house places when no adult acute bed is free', async () => {
    const page = await openPage(browser);
    try {
      // The house's report: 6 places − 0 closed − 4 in use = 2 free.
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

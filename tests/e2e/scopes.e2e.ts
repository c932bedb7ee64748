/**
 * Region and specialised collaborative boards end to end in Chromium against the built app: the
 * region board names its region and lists its trusts' wards; PROSPECT's board says it covers only
 * its secure wards and that trust-wide figures are on each trust's board. Both pass axe-core (WCAG
 * 2.2 AA rules) with zero violations.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('region and specialised collaborative boards in Chromium', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders the North East and Yorkshire region board', async () => {
    const page = await openPage(browser);
    await page.goto(`${app.url}/wall/region/Y63`);
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('North East and Yorkshire');
    await expect(page.locator('.subtitle').first().textContent()).resolves.toContain('NHS England region');
    await page.screenshot({ path: artefactPath('region-board.png') });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("says on PROSPECT's board which wards it covers", async () => {
    const page = await openPage(browser);
    await page.goto(`${app.url}/wall/collaborative/prospect`);
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    const note = page.locator('[data-testid="coverage-note"]');
    await note.waitFor();
    expect((await note.textContent())?.trim()).toBe(
      "Covers Low secure and Medium secure wards of 1 trust; trust-wide figures are on each trust's board.",
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

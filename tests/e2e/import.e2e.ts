/**
 * Importing a published MHSDS file on the admin page, end to end in Chromium against the built app:
 * the admin (demo account, admin over everything) finds the page in the admin navigation, picks
 * a small fixture, and sees the report with the rejected rows' lines and reasons. axe-core (WCAG
 * 2.2 AA) finds no violations on the page before or after.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { projectRoot, startTestApp, type TestApp } from '../support/test-app.js';

describe('data import in Chromium', () => {
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

  it('lets an admin upload an MHSDS file and shows what became of every row', async () => {
    const page = await openPage(browser, { width: 1280, height: 800 });
    try {
      await signInThroughForm(page, app.url, 'admin@wardpulse.example', '/admin');
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Import data' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/import');
      await page.getByRole('heading', { name: 'Import data' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // Submitting without a file is caught on the page, beside the field and in the summary.
      await page.getByRole('button', { name: 'Import' }).click();
      await page.locator('#import-file-error').waitFor();
      expect(await page.locator('#import-file-error').textContent()).toMatch(/Choose a CSV file/);

      await page.getByLabel('Kind of file').selectOption('mhsds');
      await page.getByLabel('CSV file').setInputFiles(join(projectRoot, 'tests/fixtures/import/mhsds-small.csv'));
      await page.getByRole('button', { name: 'Import' }).click();
      const report = page.getByTestId('import-report');
      await report.waitFor();
      expect(await page.getByTestId('rows-read').textContent()).toBe('12');
      expect(await page.getByTestId('rows-imported').textContent()).toBe('8');
      expect(await page.getByTestId('rows-rejected').textContent()).toBe('4');
      const rejected = await page.getByTestId('rejected-rows').locator('tbody tr').allTextContents();
      expect(rejected).toHaveLength(4);
      expect(rejected[2]).toMatch(/^11\s*MEASURE_VALUE "n\/a" is not a number/);
      // Focus moves to the result so screen-reader users hear it.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-report-heading');
      await page.screenshot({ path: artefactPath('import-report-1280.png'), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);

      // The same file again: nothing changes.
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByTestId('rows-unchanged').filter({ hasText: '8' }).waitFor();
      expect(await page.getByTestId('rows-imported').textContent()).toBe('0');
    } finally {
      await page.context().close();
    }
  });
});

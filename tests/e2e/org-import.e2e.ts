/**
 * Importing an organisation file on the admin Import page, end to end in Chromium against the
 * built app: the admin picks "Organisation", uploads the example CSV of docs/, sees the dry-run
 * diff (counts, then each added entity), applies it, and finds a new ward on the organisation
 * admin page. A bad file's problems are listed beside the file with line and column. axe-core
 * (WCAG 2.2 AA) finds no violations on the diff, the result and the problem list.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { projectRoot, startTestApp, type TestApp } from '../support/test-app.js';

describe('organisation import in Chromium', () => {
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

  it('lets an admin check an organisation CSV, see its diff, apply it and find the new ward', async () => {
    const page = await openPage(browser, { width: 1280, height: 800 });
    try {
      await signInThroughForm(page, app.url, 'admin@wardpulse.example', '/admin/import');
      await page.getByRole('heading', { name: 'Import data' }).waitFor();
      await page.getByLabel('Kind of file').selectOption('organisation');

      // A bad file: every problem named beside the file, with its line and column; nothing applied.
      const bad = readFileSync(join(projectRoot, 'docs/org-import-example.csv'), 'utf8')
        .replace(',RX2,RX2-S1,adult-acute,mixed,18,', ',RX2,RX2-S1,adult-acute,mixed,-2,')
        .replace('member,,,,,,sussex-surrey,RXX', 'member,,,,,,sussex-surrey,ZZ9');
      const badPath = artefactPath('org-import-bad.csv');
      writeFileSync(badPath, bad);
      await page.getByLabel('Organisation file (JSON or CSV)').setInputFiles(badPath);
      await page.getByRole('button', { name: 'Check the file' }).click();
      const problems = page.getByTestId('org-import-problems');
      await problems.waitFor();
      expect(await problems.locator('li').allTextContents()).toEqual([
        'line 8: trust: unknown trust "ZZ9"',
        'line 15: commissionedBeds: must not be negative',
      ]);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel('Organisation file (JSON or CSV)').setInputFiles(join(projectRoot, 'docs/org-import-example.csv'));
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByRole('heading', { name: 'What the file would change' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('org-import-heading');
      expect(await page.getByTestId('org-import-added').textContent()).toBe('15');
      const changes = await page.getByTestId('org-import-changes').locator('tbody tr').allTextContents();
      expect(changes.some((row) => /Wards\s*RX2-W01\s*Caburn Ward\s*Added/.test(row))).toBe(true);
      await page.screenshot({ path: artefactPath('org-import-diff-1280.png'), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);

      await page.getByTestId('org-import-apply').click();
      await page.getByRole('heading', { name: 'The organisation was updated' }).waitFor();
      expect(await page.getByRole('status').filter({ hasText: 'Applied' }).textContent()).toMatch(/15 added and 0 changed/);
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${app.url}/admin/organisation`);
      await page.locator('tr[data-ward-id="RX2-W01"]').waitFor();
      expect(await page.locator('tr[data-ward-id="RX2-W01"] th').textContent()).toBe('Caburn Ward');
    } finally {
      await page.context().close();
    }
  });
});

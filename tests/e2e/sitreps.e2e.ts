/**
 * Sitrep returns end to end in Chromium against the built app: a bed manager finds the return
 * WardPulse assembled, sees each of the regional form's objections explained, fills the blanks and
 * edits a figure with a reason (the change listed with their name), signs it off by name, and the
 * return turns read-only; the overview then counts it as submitted. Every new page passes
 * axe-core (WCAG 2.2 AA) at 1920 px and at 375 px with no sideways scroll on the phone.
 */
import type { Browser, Page } from 'playwright-core';
import { londonDateOf, sitrepId, sitrepSlot } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PHONE = { width: 375, height: 812 };

function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('sitrep returns in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let id: string;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    browser = await launchChromium();
    // A return that fell due five minutes ago (a London minute), assembled as the schedule would.
    const at = Date.now() - 5 * 60_000;
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
    const slot = sitrepSlot('adult', londonDateOf(at), time);
    await app.running.sitreps.scheduler.assembleReturn('RX4', slot);
    id = sitrepId('RX4', 'adult', slot.date, slot.time);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('is reviewed, edited with a reason and signed off by name, then read-only', async () => {
    const page = await openPage(browser);
    try {
      await signInThroughForm(page, app.url, 'bed-manager@wardpulse.example', '/sitreps');
      const row = page.locator(`[data-sitrep-id="${id}"]`);
      await row.waitFor();
      expect(await row.getByTestId('sitrep-status').getAttribute('data-status')).toBe('unsigned');
      await row.getByRole('link').click();

      // No ward has reported in this test app: its bed figures and the trust figures are blank, each explained.
      const problems = page.getByTestId('sitrep-violations');
      await problems.waitFor();
      await problems.getByRole('link', { name: 'Empty beds' }).waitFor();
      expect(await problems.textContent()).toContain('is blank: enter 0 where it does not apply');
      const unsigned = await axeViolations(page);

      // Fill every blank (0, an OPEL level of 2) and give a reason.
      const form = page.getByTestId('sitrep-edit-form');
      for (const input of await form.locator('input[inputmode="numeric"]').all()) {
        if ((await input.inputValue()) === '')
          await input.fill((await input.getAttribute('id')) === 'sitrep-opelLevel' ? '2' : '0');
      }
      // A figure out of the form's rules is refused beside it, nothing saved.
      await page.locator('#sitrep-closedEstates').fill('-1');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Beds closed to admission: estates must not be negative').first().waitFor();
      await page.locator('#sitrep-closedEstates').fill('1');
      await page.locator('#sitrep-reason').fill('ward 3 rang: estates closure');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await page.getByTestId('notice').filter({ hasText: 'recorded with your reason' }).waitFor();
      await page.getByTestId('sitrep-ready').waitFor();
      const edits = page.getByTestId('sitrep-edits');
      expect(await edits.textContent()).toContain('ward 3 rang: estates closure');
      expect(await edits.textContent()).toContain('Demo Bed Manager (NENC)');

      // Sign off by name: the return is frozen and shown read-only.
      await page.locator('#sitrep-sign-name').fill('Jo Duty');
      await page.getByTestId('sitrep-sign-form').getByRole('button', { name: 'Sign off return' }).click();
      await page.getByTestId('sitrep-signature').filter({ hasText: 'Jo Duty' }).waitFor();
      expect(await page.getByTestId('sitrep-edit-form').count()).toBe(0);
      await page.getByTestId('sitrep-figures').waitFor();
      const signed = await axeViolations(page);
      await page.screenshot({ path: artefactPath('sitrep-signed.png'), fullPage: true });
      expect({ unsigned, signed }).toEqual({ unsigned: [], signed: [] });
    } finally {
      await page.context().close();
    }
  });

  it('lists returns with a CSV download and shows who has submitted, passing axe at 1920 px and 375 px', async () => {
    const page = await openPage(browser);
    try {
      await signInThroughForm(page, app.url, 'bed-manager@wardpulse.example', '/sitreps');
      await page.goto(`${app.url}/sitreps?scope=trust:RX4`);
      await page.locator(`[data-sitrep-id="${id}"]`).waitFor();
      expect(await page.getByTestId('sitrep-csv').getAttribute('href')).toBe('/api/v1/sitreps?trust=RX4&format=csv');
      const list = await axeViolations(page);
      await page.setViewportSize(PHONE);
      const listPhone = await axeViolations(page);
      const listSideways = await sidewaysScroll(page);

      await page.goto(`${app.url}/sitreps/${id}`);
      await page.getByTestId('sitrep-signature').waitFor();
      const detailPhone = await axeViolations(page);
      const detailSideways = await sidewaysScroll(page);

      await page.goto(`${app.url}/sitreps/overview?collaborative=nenc`);
      const rx4 = page.locator('[data-trust="RX4"][data-kind="adult"]');
      await rx4.waitFor();
      expect(await page.getByTestId('not-submitted').textContent()).toContain('Tees, Esk and Wear Valleys');
      const overviewPhone = await axeViolations(page);
      const overviewSideways = await sidewaysScroll(page);
      await page.screenshot({ path: artefactPath('sitrep-overview-phone.png'), fullPage: true });
      await page.setViewportSize({ width: 1920, height: 1080 });
      const overview = await axeViolations(page);
      expect({ list, listPhone, listSideways, detailPhone, detailSideways, overview, overviewPhone, overviewSideways }).toEqual({
        list: [],
        listPhone: [],
        listSideways: 0,
        detailPhone: [],
        detailSideways: 0,
        overview: [],
        overviewPhone: [],
        overviewSideways: 0,
      });
    } finally {
      await page.context().close();
    }
  });
});

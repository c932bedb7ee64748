/**
 * Trust figures end to end in Chromium against the built app (issue #14 item 3): a demo bed manager
 * opens the quick update from the trust board, steps and types figures, saves, and another open board
 * changes live (no reload); a wrong figure is named beside its field; a save that cannot reach the
 * server keeps the draft, says it was not saved, and the draft survives a reload of the page; the new
 * page passes axe-core (WCAG 2.2 AA) at a desk and at 375 px, without sideways scroll, and can be
 * used with the keyboard alone. Screenshots go to test-results/e2e.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const BED_MANAGER = 'bed-manager@wardpulse.example';
const DESK = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

async function waitForLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
}

async function figure(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** The quick form, loaded and ready to take figures. */
async function formReady(page: Page): Promise<void> {
  await page.getByTestId('trust-figures-form').waitFor({ timeout: 20_000 });
}

function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('trust figures in the browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ web: true }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('updates the figures from the board and another open board changes live', async () => {
    const watcher = await openPage(browser);
    const manager = await openPage(browser);
    try {
      await watcher.goto(`${app.url}/wall/trust/RX4`);
      await waitForLive(watcher);
      await expect.poll(() => watcher.locator('[data-panel="trust-figures"]').textContent()).toContain('No trust figures');

      await signInThroughForm(manager, app.url, BED_MANAGER, '/wall/trust/RX4');
      await waitForLive(manager);
      await manager.getByTestId('update-trust-figures').click();
      await manager.waitForURL((url) => url.pathname === '/trusts/RX4/update');
      await formReady(manager);

      // Three A&E referrals by stepper, two at home typed, five discharges typed over the 0.
      const increaseAe = manager.getByRole('button', { name: 'One more: A&E' });
      for (let step = 0; step < 3; step++) await increaseAe.click();
      await manager.getByLabel('Community / home', { exact: true }).fill('2');
      await manager.getByLabel('Completed discharges', { exact: true }).fill('5');
      await manager.getByRole('button', { name: 'Save figures' }).click();
      await expect.poll(() => manager.getByTestId('notice').textContent()).toContain('figures saved');

      // The other board, still open, shows them without a reload.
      await expect.poll(() => figure(watcher, 'referrals-waiting'), { timeout: 15_000 }).toBe('5');
      expect(await figure(watcher, 'referrals-emergencyDepartment')).toBe('3');
      expect(await figure(watcher, 'completed-discharges')).toBe('5');
      expect(await figure(watcher, 'figures-reported-by')).toBe('Demo Bed Manager (NENC), by hand');
      await watcher.screenshot({ path: artefactPath('trust-figures-board.png') });
    } finally {
      await watcher.context().close();
      await manager.context().close();
    }
  });

  it('names a wrong figure beside it, keeps the draft when the server cannot be reached, and restores it', async () => {
    const page = await openPage(browser, PHONE);
    try {
      await signInThroughForm(page, app.url, BED_MANAGER, '/trusts/RX4/update');
      await formReady(page);
      await page.getByLabel('Police custody', { exact: true }).fill('two');
      await page.getByRole('button', { name: 'Save figures' }).click();
      await page.getByTestId('error-summary').waitFor();
      expect(await page.locator('#figure-policeCustody-error').textContent()).toContain(
        'Referrals waiting in police custody must be a whole number of 0 or more',
      );
      expect(await page.getByLabel('Police custody', { exact: true }).getAttribute('aria-invalid')).toBe('true');

      // The connection drops as the figures are sent: nothing saved, nothing lost.
      await page.getByLabel('Police custody', { exact: true }).fill('4');
      await page.route('**/api/v1/trusts/RX4/figures', (route) => route.abort('internetdisconnected'));
      await page.getByRole('button', { name: 'Save figures' }).click();
      await expect.poll(() => page.getByTestId('error-summary').textContent()).toContain('Not saved');
      expect(await page.getByLabel('Police custody', { exact: true }).inputValue()).toBe('4');
      await page.screenshot({ path: artefactPath('trust-figures-not-saved-375.png'), fullPage: true });

      await page.unroute('**/api/v1/trusts/RX4/figures');
      await page.reload();
      await formReady(page);
      expect(await page.getByLabel('Police custody', { exact: true }).inputValue()).toBe('4');
      await expect.poll(() => page.locator('main').textContent()).toContain('you had not saved yet');
      await page.getByRole('button', { name: 'Save figures' }).click();
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain('figures saved');
    } finally {
      await page.context().close();
    }
  });

  it('works with the keyboard alone: Tab to a stepper, step with Enter and Space, type, save with Enter', async () => {
    const page = await openPage(browser, DESK);
    try {
      await signInThroughForm(page, app.url, BED_MANAGER, '/trusts/RX4/update');
      await formReady(page);
      const before = Number(await page.getByLabel('Section 136 suite', { exact: true }).inputValue());
      await page.getByRole('button', { name: 'One fewer: Section 136 suite' }).focus();
      // From "−" to the field and on to "+": the tab order follows the screen.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('figure-section136Suite');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Space');
      expect(Number(await page.getByLabel('Section 136 suite', { exact: true }).inputValue())).toBe(before + 2);
      await page.getByLabel('Section 136 breaches', { exact: true }).focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('1');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain('figures saved');
      // The focus ring is the NHS yellow on the focused stepper button.
      await page.getByRole('button', { name: 'One more: Other' }).focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).backgroundColor);
      expect(ring).toBe('rgb(255, 235, 59)');
    } finally {
      await page.context().close();
    }
  });

  it('has no axe violations and no sideways scroll on the quick update, at a desk and at 375 px', async () => {
    const page = await openPage(browser, DESK);
    try {
      await signInThroughForm(page, app.url, BED_MANAGER, '/trusts/RX4/update');
      await formReady(page);
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize(PHONE);
      expect(await axeViolations(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBe(0);
      // With errors showing too.
      await page.getByLabel('Other', { exact: true }).fill('');
      await page.getByRole('button', { name: 'Save figures' }).click();
      await page.getByTestId('error-summary').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBe(0);
      await page.screenshot({ path: artefactPath('trust-figures-update-375.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });
});

/**
 * The quick ward update end to end in Chromium against the built app (issue #14 item 1). A ward fed
 * electronically is updated by the demo bed manager from the trust board in three actions (the tile's
 * Update link, a stepper, Save) at 1080p; another open board changes live and marks the ward
 * "Override" until the feed next reports. At 375 px: a wrong figure is named beside its field, a save
 * that cannot reach the server keeps the draft and says so (also across a reload), and "Confirm
 * unchanged" refreshes a quiet ward. People without update-wards get no Update link. axe-core finds
 * no WCAG 2.2 AA violation at either size. Screenshots go to test-results/e2e.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { bedState, postJson, startTestApp, type TestApp } from '../support/test-app.js';
import { routineWardUpdate, wardUpdateReady } from '../support/ward-update-flow.js';

const BED_MANAGER = 'bed-manager@wardpulse.example';
const PHONE = { width: 375, height: 812 };
const FED_WARD = 'RX4-W06'; // Chestnut Ward, 20 commissioned beds in the demo organisation
const QUIET_WARD = 'RX4-W08'; // Aspen Ward, 20 too

async function waitForLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
}

function tile(page: Page, wardId: string) {
  return page.locator(`[data-ward-id="${wardId}"]`);
}

async function vacantOn(page: Page, wardId: string): Promise<string> {
  return ((await tile(page, wardId).getByTestId('vacant').textContent()) ?? '').trim();
}

function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the quick ward update in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let feedKey: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ web: true }), launchChromium()]);
    feedKey = await app.createKey(['RX4']);
    // The feed reports both wards as the organisation has them: 20 commissioned, 2 closed (staffing), 16 in, 2 on leave → 0 vacant.
    for (const wardId of [FED_WARD, QUIET_WARD]) {
      const state = bedState(wardId, { commissioned: 20, closed: 2, occupied: 14, onLeave: 2 });
      expect((await postJson(`${app.url}/api/v1/bed-states`, state, feedKey)).status).toBe(202);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('updates a fed ward from the board in three actions; another board changes live and shows the override until the feed reports', async () => {
    const watcher = await openPage(browser);
    const manager = await openPage(browser);
    try {
      await watcher.goto(`${app.url}/wall/trust/RX4`);
      await waitForLive(watcher);
      // 20 − 2 closed − 14 occupied − 2 on leave = 2 vacant (domain.md: leave keeps the bed).
      await expect.poll(() => vacantOn(watcher, FED_WARD), { timeout: 15_000 }).toBe('2');
      expect(await tile(watcher, FED_WARD).locator('a.update-link').count()).toBe(0);

      await signInThroughForm(manager, app.url, BED_MANAGER, '/wall/trust/RX4');
      await waitForLive(manager);
      const update = await routineWardUpdate(manager, FED_WARD);
      expect(update.actions).toBe(3);
      expect(update.occupied).toBe(15);
      expect(manager.url()).toContain(`/wards/${FED_WARD}/update`);
      await expect
        .poll(() => manager.getByTestId('feed-note').textContent())
        .toContain('override the electronic feed until it next reports');
      await manager.screenshot({ path: artefactPath('ward-update-saved-1080.png'), fullPage: true });

      // The other board: one fewer vacant bed, marked as a person's override of the feed.
      await expect.poll(() => vacantOn(watcher, FED_WARD), { timeout: 15_000 }).toBe('1');
      await tile(watcher, FED_WARD).getByTestId('override-badge').waitFor({ timeout: 15_000 });
      await watcher.screenshot({ path: artefactPath('ward-update-board-override.png') });
      // The update page names who keyed the figures now on WardPulse.
      await expect.poll(() => manager.getByTestId('ward-source').textContent()).toContain('Keyed by Demo Bed Manager (NENC)');

      // The feed reports again: its figures stand and the override mark goes.
      const fed = bedState(FED_WARD, { commissioned: 20, closed: 2, occupied: 13, onLeave: 2 });
      expect((await postJson(`${app.url}/api/v1/bed-states`, fed, feedKey)).status).toBe(202);
      await expect.poll(() => vacantOn(watcher, FED_WARD), { timeout: 15_000 }).toBe('3');
      await expect.poll(() => tile(watcher, FED_WARD).getByTestId('override-badge').count()).toBe(0);

      // Back to the board it came from.
      await manager.getByRole('link', { name: 'Back to the board' }).click();
      await manager.waitForURL((url) => url.pathname === '/wall/trust/RX4');
    } finally {
      await watcher.context().close();
      await manager.context().close();
    }
  });

  it('at 375 px names a wrong figure beside it, keeps the draft when the connection is lost, and confirms a quiet ward unchanged', async () => {
    const page = await openPage(browser, PHONE);
    const path = `/wards/${QUIET_WARD}/update`;
    try {
      await signInThroughForm(page, app.url, BED_MANAGER, path);
      await wardUpdateReady(page);
      expect(await sidewaysScroll(page)).toBe(0);

      await page.getByLabel('On leave', { exact: true }).fill('two');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByTestId('error-summary').waitFor();
      expect(await page.locator('#ward-update-onLeave-error').textContent()).toContain('On leave must be a whole number');
      expect(await page.getByLabel('On leave', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await axeViolations(page)).toEqual([]);

      // Nothing half-saved: the server's figures are as the feed left them.
      const live = await fetch(`${app.url}/api/v1/live?scope=ward:${QUIET_WARD}`, {
        headers: { authorization: `Bearer ${feedKey}` },
      });
      const before = ((await live.json()) as { snapshot: { wards: { state: { onLeave: number } }[] } }).snapshot.wards[0]!.state;
      expect(before.onLeave).toBe(2);

      // The connection drops as the figures are sent: nothing saved, nothing lost, said plainly.
      await page.getByLabel('On leave', { exact: true }).fill('3');
      await page.route('**/api/v1/wards/*/bed-state', (route) => route.abort('internetdisconnected'));
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => page.getByTestId('ward-update-outcome').textContent()).toContain('Not saved');
      expect(await page.getByLabel('On leave', { exact: true }).inputValue()).toBe('3');
      await page.screenshot({ path: artefactPath('ward-update-not-saved-375.png'), fullPage: true });
      await page.unroute('**/api/v1/wards/*/bed-state');
      await page.reload();
      await wardUpdateReady(page);
      expect(await page.getByLabel('On leave', { exact: true }).inputValue()).toBe('3');
      expect(await page.getByTestId('ward-update-outcome').textContent()).toContain('were not saved');

      // A quiet ward: the figures are right, so confirm them as seen now.
      const observedBefore = (await (
        await fetch(`${app.url}/api/v1/live?scope=ward:${QUIET_WARD}`, {
          headers: { authorization: `Bearer ${feedKey}` },
        })
      ).json()) as { snapshot: { wards: { state: { observedAt: string } }[] } };
      await page.getByRole('button', { name: 'Confirm unchanged' }).click();
      await expect.poll(() => page.getByTestId('ward-update-outcome').textContent()).toContain('Confirmed unchanged');
      expect(await page.getByLabel('On leave', { exact: true }).inputValue()).toBe('2');
      await expect
        .poll(
          async () => {
            const response = await fetch(`${app.url}/api/v1/live?scope=ward:${QUIET_WARD}`, {
              headers: { authorization: `Bearer ${feedKey}` },
            });
            const body = (await response.json()) as { snapshot: { wards: { state: { observedAt: string; onLeave: number } }[] } };
            return body.snapshot.wards[0]!.state.observedAt > observedBefore.snapshot.wards[0]!.state.observedAt;
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('works with the keyboard alone, has no axe violations at 1080p, and offers no Update link to a viewer', async () => {
    const page = await openPage(browser);
    try {
      await signInThroughForm(page, app.url, BED_MANAGER, `/wards/${QUIET_WARD}/update`);
      await wardUpdateReady(page);
      expect(await axeViolations(page)).toEqual([]);
      const before = Number(await page.getByLabel('Pending admissions', { exact: true }).inputValue());
      await page.getByRole('button', { name: 'One more: Pending admissions' }).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Space');
      expect(Number(await page.getByLabel('Pending admissions', { exact: true }).inputValue())).toBe(before + 2);
      await page.getByLabel('Clinically ready for discharge', { exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('ward-update-outcome').textContent()).toContain('Saved at');
    } finally {
      await page.context().close();
    }

    const viewer = await openPage(browser);
    try {
      await signInThroughForm(viewer, app.url, 'executive@wardpulse.example', '/wall/trust/RX4');
      await waitForLive(viewer);
      await tile(viewer, FED_WARD).getByTestId('vacant').waitFor();
      expect(await viewer.locator('a.update-link').count()).toBe(0);
      await viewer.goto(`${app.url}/wards/${FED_WARD}/update`);
      await expect
        .poll(() => viewer.locator('main').textContent(), { timeout: 15_000 })
        .toContain('You may not update this ward');
    } finally {
      await viewer.context().close();
    }
  });
});

/**
 * Delayed discharges in Chromium against the built app (#17 item 1): the demo bed manager opens a
 * ward's update page, adds a delay with its reason and saves; another open board (a wall screen
 * with no form) changes live — its delayed-discharges line and the ward's tile name the reason. A
 * ten-digit key is refused beside its field before anything is sent. axe-core finds no WCAG 2.2 AA
 * violation on the form or the board. Screenshots go to test-results/e2e.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { bedState, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const BED_MANAGER = 'bed-manager@wardpulse.example';
const WARD = 'RX4-W05';

async function waitForLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

describe('delayed discharges in the browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ web: true }), launchChromium()]);
    const feedKey = await app.createKey(['RX4']);
    // Three patients on the ward are clinically ready for discharge; no list of delays yet.
    const state = bedState(WARD, { commissioned: 20, closed: 0, occupied: 18, onLeave: 0, clinicallyReadyForDischarge: 3 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, state, feedKey)).status).toBe(202);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a bed manager records a delay reason and another board changes live', async () => {
    const wall = await openPage(browser);
    const manager = await openPage(browser);
    try {
      await wall.goto(`${app.url}/wall/trust/RX4`);
      await waitForLive(wall);
      // No ward has sent delays yet: the panel would only repeat the header's ready count, so it waits.
      await wall.locator('[data-ward-id]').first().waitFor();
      expect(await wall.getByTestId('delay-line').count()).toBe(0);
      // The wall never gets the form.
      expect(await wall.getByTestId('discharge-delays-form').count()).toBe(0);

      await signInThroughForm(manager, app.url, BED_MANAGER, `/wards/${WARD}/update`);
      const form = manager.getByTestId('discharge-delays-form');
      await form.getByTestId('no-delays').waitFor({ timeout: 15_000 });

      // An NHS number as the key is refused beside the field, and nothing is added.
      await manager.fill('#delay-ref', '9434765919');
      await manager.selectOption('#delay-reason', '18');
      await form.getByRole('button', { name: 'Add delay' }).click();
      await expect.poll(() => manager.locator('#delay-ref-error').textContent()).toMatch(/NHS number/);
      expect(await form.getByTestId('delay-list').count()).toBe(0);

      await manager.fill('#delay-ref', 'D1');
      await manager.fill('#delay-since', new Date(Date.now() - 12 * 86_400_000).toISOString().slice(0, 10));
      await form.getByRole('button', { name: 'Add delay' }).click();
      await form.getByTestId('delay-list').waitFor();
      expect(await form.locator('tr[data-ref="D1"]').textContent()).toContain('Housing - Awaiting supported accommodation');
      expect(await axeViolations(manager)).toEqual([]);
      await form.getByTestId('save-delays').click();
      await expect.poll(() => text(manager, '[data-testid="delays-outcome"]')).toContain('Saved at');
      await manager.screenshot({ path: artefactPath('discharge-delays-form.png'), fullPage: true });

      // The other board: its line and the ward's tile name the reason, live.
      await expect
        .poll(() => text(wall, '[data-testid="delay-line"]'), { timeout: 15_000 })
        .toBe('3 ready — 1 awaiting supported accommodation, 2 reason not recorded');
      expect(await text(wall, '[data-testid="delay-band-8-14"]')).toBe('1');
      const tile = wall.locator(`[data-ward-id="${WARD}"]`);
      if (['full', 'standard'].includes((await tile.getAttribute('data-detail')) ?? '')) {
        await expect
          .poll(() => tile.getByTestId('ward-delays').textContent())
          .toBe('3 ready — 1 awaiting supported accommodation, 2 reason not recorded');
      }
      await wall.screenshot({ path: artefactPath('discharge-delays-board.png') });
      expect(await axeViolations(wall)).toEqual([]);
    } finally {
      await wall.close();
      await manager.close();
    }
  });
});

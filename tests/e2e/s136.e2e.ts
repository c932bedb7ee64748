/**
 * Section 136 suites end to end in Chromium against the built app: a bed manager on a phone
 * (375 px), with the keyboard only, marks a suite occupied on /s136, and the collaborative board
 * open in another browser drops its empty-suite count live (no reload) and lists the suite with its
 * detention clock; the bed finder's empty suites follow; the new page and the boards' Section 136
 * panel pass axe-core (WCAG 2.2 AA) with no sideways scroll on the phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { eventually, postJson, s136SuiteState, startTestApp, type TestApp } from '../support/test-app.js';

const PHONE = { width: 375, height: 812 };
const DESK = { width: 1280, height: 800 };
/** The demo's NENC suites: RX3 has four sites, RX4 five and a CYP suite. */
const NENC_SUITES = ['RX3-136-1', 'RX3-136-2', 'RX3-136-3', 'RX3-136-4', 'RX4-136-1', 'RX4-136-2', 'RX4-136-3', 'RX4-136-4'];

async function waitForLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="live"]').first().waitFor({ timeout: 30_000 });
}

/** The board's empty-suite figure, e.g. "8/10" → 8. */
async function emptySuites(page: Page): Promise<number> {
  const text = (await page.getByTestId('s136-empty').textContent()) ?? '';
  return Number(/^\s*(\d+)/.exec(text)?.[1] ?? Number.NaN);
}

function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('Section 136 suites in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    browser = await launchChromium();
    key = await app.createKey(['RX3', 'RX4']);
    // Every adult suite of NENC available, RX4's fifth adult suite and its CYP suite occupied and closed.
    const states = [
      ...NENC_SUITES.map((suiteId) => s136SuiteState(suiteId, { status: 'available' })),
      s136SuiteState('RX4-136-5', { since: new Date(Date.now() - 23 * 3_600_000).toISOString() }),
      s136SuiteState('RX4-136-6', { status: 'closed' }),
    ];
    expect((await postJson(`${app.url}/api/v1/s136-suite-states`, { events: states }, key)).status).toBe(202);
    await eventually(async () => {
      const response = await fetch(`${app.url}/api/v1/live?scope=collaborative:nenc`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const body = (await response.json()) as { snapshot: { s136Suites: { state: unknown }[] } };
      return body.snapshot.s136Suites.every((suite) => suite.state !== null) ? true : undefined;
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('marks a suite occupied on a phone with the keyboard; the collaborative board’s empty count drops live', async () => {
    const board = await openPage(browser);
    const phone = await openPage(browser, PHONE);
    try {
      await board.goto(`${app.url}/wall/collaborative/nenc`);
      await waitForLive(board);
      await board.getByTestId('s136-empty').waitFor();
      expect(await emptySuites(board)).toBe(8);
      // RX4-136-5 has been occupied 23 hours: due soon, listed first on the collaborative board.
      const first = board.getByTestId('s136-suite').first();
      expect(await first.getAttribute('data-suite-id')).toBe('RX4-136-5');
      expect(await first.getAttribute('data-tone')).toBe('due-soon');

      await signInThroughForm(phone, app.url, 'bed-manager@wardpulse.example', '/s136');
      await phone.goto(`${app.url}/s136?trust=RX4`);
      const card = phone.locator('[data-testid="s136-suite-card"][data-suite-id="RX4-136-1"]');
      await card.getByTestId('s136-suite-now').filter({ hasText: 'Empty' }).waitFor();
      await waitForLive(phone);
      expect(await sidewaysScroll(phone)).toBe(0);

      // Keyboard only: the state radios are one tab stop; the arrow moves Available → Occupied.
      await phone.locator('#suite-RX4-136-1-status').focus();
      await phone.keyboard.press('ArrowRight');
      expect(await phone.locator('#suite-RX4-136-1-status-occupied').isChecked()).toBe(true);
      // On through arrival (empty = now), an earlier start of detention (each date-time field has a
      // tab stop per part) and the extension, to Save.
      const focused = () => phone.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      for (let tab = 0; tab < 30 && (await focused()) !== 'Save St Nicholas Hospital place of safety'; tab++) {
        await phone.keyboard.press('Tab');
      }
      expect(await focused()).toBe('Save St Nicholas Hospital place of safety');
      await phone.keyboard.press('Enter');
      await card.getByRole('status').filter({ hasText: 'Saved: St Nicholas Hospital place of safety is occupied.' }).waitFor();
      await card.getByTestId('s136-suite-now').filter({ hasText: 'Occupied, 23 h 59 min left' }).waitFor({ timeout: 10_000 });

      // The other browser, untouched: one empty suite fewer, and the newly occupied suite listed.
      await eventually(async () => ((await emptySuites(board)) === 7 ? true : undefined));
      await board.locator('[data-testid="s136-suite"][data-suite-id="RX4-136-1"][data-tone="occupied"]').waitFor();
      await board.screenshot({ path: artefactPath('s136-collaborative-board.png') });
      await phone.screenshot({ path: artefactPath('s136-page-phone.png'), fullPage: true });
    } finally {
      await board.context().close();
      await phone.context().close();
    }
  });

  it('lists the empty suites in the bed finder, live, passing axe', async () => {
    const page = await openPage(browser, DESK);
    try {
      await page.goto(`${app.url}/bed-finder?scope=collaborative:nenc`);
      const count = page.getByTestId('s136-empty-count');
      await count.waitFor();
      const empty = async () => Number(await count.getAttribute('data-empty'));
      const before = await empty();
      expect(await page.locator('[data-testid="s136-empty-suite"][data-suite-id="RX3-136-2"]').count()).toBe(1);
      const occupied = s136SuiteState('RX3-136-2');
      expect((await postJson(`${app.url}/api/v1/s136-suite-states`, occupied, key)).status).toBe(202);
      await eventually(async () => ((await empty()) === before - 1 ? true : undefined));
      expect(await page.locator('[data-testid="s136-empty-suite"][data-suite-id="RX3-136-2"]').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('passes axe on /s136 at 1280 px and 375 px, and on the boards with their Section 136 panel', async () => {
    const page = await openPage(browser, DESK);
    try {
      await signInThroughForm(page, app.url, 'bed-manager@wardpulse.example', '/s136');
      await page.goto(`${app.url}/s136?trust=RX4`);
      await page.getByTestId('s136-suite-card').first().waitFor();
      // A closed suite's form shows its reason field; an error shows the summary and the field message.
      const closedCard = page.locator('[data-testid="s136-suite-card"][data-suite-id="RX4-136-2"]');
      await closedCard.getByLabel('Closed').check();
      await closedCard.getByTestId('s136-save').click();
      await closedCard.getByText('Choose why the suite is closed').first().waitFor();
      const desk = await axeViolations(page);
      await page.setViewportSize(PHONE);
      const phone = await axeViolations(page);
      const sideways = await sidewaysScroll(page);
      await page.setViewportSize(DESK);
      await page.goto(`${app.url}/wall/trust/RX4`);
      await page.getByTestId('s136-empty').waitFor();
      const trustBoard = await axeViolations(page);
      await page.screenshot({ path: artefactPath('s136-trust-board.png') });
      expect({ desk, phone, sideways, trustBoard }).toEqual({ desk: [], phone: [], sideways: 0, trustBoard: [] });
    } finally {
      await page.context().close();
    }
  });
});

/**
 * End to end in Chromium against the built app, for length of stay on the trends page (issue #17
 * item 2): two years of anonymous stays posted through the API for one ward, whose discharges'
 * median length of stay falls from about 45 to about 25 days at an intervention a year ago; the SPC
 * view with that date as a change point (`change=` in the URL) shows two stretches with their own
 * means and limits, and a link asking for hourly length of stay says why it cannot. axe-core finds
 * no violations. Screenshots at 1920×1080 go to test-results/e2e.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, historyPeriods, londonDateOf, periodStartDate } from '@wardpulse/shared';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const MONTHS = 24;

describe('length-of-stay trends in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const thisMonth = `${londonDateOf(Date.now()).slice(0, 7)}-01`;
  // The first of the month `n` months before this one: n months average 30.44n days (within two of
  // it), so two weeks short of that is inside that month.
  const monthsBefore = (n: number) => periodStartDate('month', addDays(thisMonth, -(Math.round(30.44 * n) - 14)));
  const from = monthsBefore(MONTHS);
  const to = addDays(thisMonth, -1);
  // The intervention: the first of the month a year ago.
  const change = monthsBefore(12);
  const query = `metric=medianLengthOfStay&scope=ward:RX4-W04&from=${from}&to=${to}&grain=month`;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    const key = await app.createKey(['RX4']);
    // Each past month, three stays discharged at 12:00 UTC on the 10th (the same London date, so
    // the nights are the day counts): 40 + k, 44 + k and 50 + k nights before the intervention,
    // 20 + k, 24 + k and 30 + k after (k = month mod 3), so the median is 44–46 then 24–26.
    const months = historyPeriods('month', from, to).map((period) => period.label);
    expect(months).toHaveLength(MONTHS);
    const events = months.flatMap((month, index) => {
      const k = index % 3;
      const lengths = (month < change ? [40, 44, 50] : [20, 24, 30]).map((nights) => nights + k);
      const discharged = addDays(month, 9);
      return lengths.map((nights, n) => ({
        eventId: `los-${index}-${n}`,
        stayRef: `LOS-${index}-${n}`,
        wardId: 'RX4-W04',
        admittedAt: `${addDays(discharged, -nights)}T12:00:00Z`,
        dischargedAt: `${discharged}T12:00:00Z`,
        recordedAt: new Date(Date.now() - 60_000).toISOString(),
      }));
    });
    expect((await postJson(`${app.url}/api/v1/stays`, { events }, key)).status).toBe(202);
    await eventually(async () => {
      const body = (await (await fetch(`${app.url}/api/v1/trends?${query}`)).json()) as {
        series: { points: { v: number | null }[] }[];
      };
      return body.series[0]?.points.every((point) => point.v !== null) ? true : undefined;
    }, 60_000);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows median length of stay as an SPC chart split at the intervention, kept in the URL, axe clean', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/trends?${query}&view=spc&change=${change}`);
      await page.locator('[data-testid="spc-view"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('#trend-title').textContent()).toBe('Median length of stay of discharges');
      const stretches = page.locator('[data-testid="spc-stretch"]');
      await eventually(async () => ((await stretches.count()) === 2 ? true : undefined));
      const text = async (n: number) => ((await stretches.nth(n).textContent()) ?? '').replace(/\s+/g, ' ');
      // Twelve months of 44, 45, 46 → mean 45; then twelve of 24, 25, 26 → mean 25.
      expect(await text(0)).toMatch(/: mean 45 days; process limits .* days to .* days\./);
      expect(await text(1)).toMatch(/: mean 25 days; process limits .* days to .* days\./);
      expect(await page.locator('[data-testid="spc-change-point"]').getAttribute('data-date')).toBe(change);
      expect(await page.locator('[data-testid="trend-chart"]').getAttribute('aria-label')).toContain(
        'Limits are recalculated at 1 change points.',
      );
      // No hourly choice for a measure counted in nights.
      expect(await page.locator('#grain-hour').count()).toBe(0);
      await page.screenshot({ path: artefactPath('trends-length-of-stay-intervention-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);

      const link = page.url();
      await page.reload();
      await page.locator('[data-testid="spc-view"]').waitFor({ timeout: 30_000 });
      expect(page.url()).toBe(link);
      await eventually(async () => ((await stretches.count()) === 2 ? true : undefined));
    } finally {
      await page.context().close();
    }
  });

  it('explains that length of stay has no hourly figures when a link asks for them', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/trends?metric=medianLengthOfStay&scope=ward:RX4-W04&from=${to}&to=${to}&grain=hour`);
      await page.locator('[data-testid="grain-error"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid="grain-error"]').textContent()).toMatch(/counted in nights/);
      expect(await page.locator('[data-testid="trend-chart"]').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);

      // Choosing a day fixes the view.
      await page.locator('label[for="grain-day"]').click();
      await eventually(() => (new URL(page.url()).searchParams.get('grain') === 'day' ? true : undefined));
      await page.locator('[data-testid="grain-error"]').waitFor({ state: 'detached' });
    } finally {
      await page.context().close();
    }
  });
});

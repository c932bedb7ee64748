/**
 * End to end in Chromium against the built app, for the trends page: bed states posted for two trusts
 * make today's point; a link comparing the two trusts draws both (data table), the CSV export holds
 * the metric, both trusts as columns and numbers for today, the PNG export is a PNG, the SPC view of one
 * trust shows its icons, the day's peak or mean, weeks (averages of midnight censuses) and a KH03 sector
 * are chosen and kept in the URL, the URL reproduces the view on reload, and axe-core (WCAG 2.2 AA
 * rules) finds no violations. Screenshots at 1920×1080 go to test-results/e2e.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDateOf, londonMidnight, SPC_MIN_POINTS } from '@wardpulse/shared';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { bedState, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const HISTORY_DAYS = 20;

interface TrendBody {
  series: { scope: string; name: string; points: { t: string; v: number | null }[] }[];
}

describe('trends in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const today = londonDateOf(Date.now());
  const from = addDays(today, -30);
  const query = `metric=occupancyIncludingLeave&scope=trust:RX4&scope=trust:RX3&from=${from}&to=${today}&grain=day`;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    const key = await app.createKey(['RX4', 'RX3']);
    const org = (await (await fetch(`${app.url}/api/v1/org`)).json()) as {
      wards: { id: string; trustOds: string; commissionedBeds: number }[];
    };
    const wards = org.wards.filter((ward) => ward.trustOds === 'RX4' || ward.trustOds === 'RX3');
    // Three weeks of history, oldest first: a steady fortnight, then a fuller last week (a shift the
    // SPC view should call special cause), and today's state now. A day's figure is its midnight census,
    // so each day reports 12 hours before midnight (within the not-reporting limit, clock changes too).
    for (let daysAgo = HISTORY_DAYS; daysAgo >= 0; daysAgo--) {
      const date = addDays(today, -daysAgo);
      const observedAt =
        daysAgo === 0 ? new Date(Date.now() - 60_000) : new Date(londonMidnight(addDays(date, 1)) - 12 * 3_600_000);
      const states = wards.map((ward, index) =>
        bedState(ward.id, {
          observedAt: observedAt.toISOString(),
          commissioned: ward.commissionedBeds,
          closed: 0,
          closedReason: undefined,
          occupied: ward.commissionedBeds - (daysAgo <= 7 ? 1 : 3) - ((index + daysAgo) % 2),
          onLeave: index % 2,
        }),
      );
      expect((await postJson(`${app.url}/api/v1/bed-states`, { events: states }, key)).status).toBe(202);
    }
    // Wait until the roll-ups show the whole shift — the last 8 days (today included) fuller — and enough
    // earlier days for SPC limits, for both trusts. Late facts are rolled up in the background, and
    // while they are, later days can briefly show older figures.
    await eventually(async () => {
      const body = (await (await fetch(`${app.url}/api/v1/trends?${query}`)).json()) as TrendBody;
      const settled = (series: TrendBody['series'][number]) => {
        const recent = series.points.slice(-8);
        const earlier = series.points.slice(0, -8).filter((point) => point.v !== null);
        return (
          recent.every((point) => (point.v ?? 0) > 0.9) &&
          earlier.length >= SPC_MIN_POINTS - 8 &&
          earlier.every((point) => point.v! < 0.9)
        );
      };
      return body.series.length === 2 && body.series.every(settled) ? true : undefined;
    }, 90_000);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('compares two trusts, exports their data as CSV and the chart as PNG, and passes axe', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/trends?${query}`);
      await page.locator('[data-testid="trend-chart"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('#trend-metric').inputValue()).toBe('occupancyIncludingLeave');
      expect(await page.locator('#trend-from').inputValue()).toBe(from);
      expect(await page.locator('#trend-to').inputValue()).toBe(today);
      expect(await page.locator('#grain-day').isChecked()).toBe(true);

      // Two series: both trusts head a column of the data table, which has a row per day.
      const headers = await page.locator('[data-testid="trend-table-header"]').allTextContents();
      expect(headers).toHaveLength(3);
      expect(headers[1]).toContain('Cumbria, Northumberland, Tyne and Wear');
      expect(headers[2]).toContain('Tees, Esk and Wear Valleys');
      expect(await page.locator('[data-testid="trend-table-row"]').count()).toBe(31);
      const chartLabel = await page.locator('[data-testid="trend-chart"]').getAttribute('aria-label');
      expect(chartLabel).toMatch(/^Line chart of Bed occupancy including leave/);
      await page.screenshot({ path: artefactPath('trends-compare-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);

      const [csvDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-testid="export-csv"]').click(),
      ]);
      expect(csvDownload.suggestedFilename()).toBe(`wardpulse-occupancyIncludingLeave-${from}-to-${today}-day.csv`);
      const csv = (await readFile((await csvDownload.path())!, 'utf8')).replace(/^\uFEFF/, '');
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toBe('Bed occupancy including leave (%),,');
      expect(lines[1]).toMatch(/^period,".*\(trust:RX4\)",".*\(trust:RX3\)"$/);
      expect(lines).toHaveLength(2 + 31);
      const [period, rx4, rx3] = lines.at(-1)!.split(',');
      expect(period).toBe(today);
      for (const value of [rx4, rx3]) {
        expect(value).toMatch(/^\d+(\.\d+)?$/);
        expect(Number(value)).toBeGreaterThan(50);
        expect(Number(value)).toBeLessThanOrEqual(100);
      }

      const [pngDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-testid="export-png"]').click(),
      ]);
      expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
      const png = await readFile((await pngDownload.path())!);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await page.context().close();
    }
  });

  it('shows one trust as an SPC chart with its icons, kept in the URL across a reload', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/trends?${query}`);
      await page.locator('[data-testid="trend-chart"]').waitFor({ timeout: 30_000 });
      await page.locator('label[for="view-spc"]').click();
      await page.locator('[data-testid="spc-view"]').waitFor();
      await eventually(() => (new URL(page.url()).searchParams.get('view') === 'spc' ? true : undefined));
      await page.locator('#spc-scope').selectOption('trust:RX3');
      await eventually(() => (new URL(page.url()).searchParams.get('focus') === 'trust:RX3' ? true : undefined));
      await page.locator('[data-testid="spc-variation"]').waitFor();
      expect(await page.locator('[data-testid="spc-variation"] svg').getAttribute('aria-label')).toMatch(/^Variation icon: /);
      expect(await page.locator('[data-testid="spc-assurance"] svg').getAttribute('aria-label')).toMatch(/^Assurance icon: /);
      expect(await page.locator('[data-testid="trend-chart"]').getAttribute('aria-label')).toMatch(
        /^Statistical process control chart of Bed occupancy including leave, .* for Tees, Esk and Wear Valleys/,
      );
      await page.screenshot({ path: artefactPath('trends-spc-1080p.png') });
      await page.locator('[data-testid="trend-data-table"] summary').click();
      expect(await page.locator('[data-testid="trend-table-header"]').allTextContents()).toEqual([
        'Period',
        expect.stringContaining('Tees, Esk and Wear Valleys'),
        'Variation',
      ]);
      expect(await axeViolations(page)).toEqual([]);

      // The link reproduces the view.
      const link = page.url();
      await page.reload();
      await page.locator('[data-testid="spc-view"]').waitFor({ timeout: 30_000 });
      expect(page.url()).toBe(link);
      expect(await page.locator('#view-spc').isChecked()).toBe(true);
      expect(await page.locator('#spc-scope').inputValue()).toBe('trust:RX3');
    } finally {
      await page.context().close();
    }
  });

  it('recalculates SPC limits after a change point and fixes them on a baseline, kept in the URL and axe clean', async () => {
    // The fuller last week starts 7 days ago: a change point there gives it limits of its own.
    const change = addDays(today, -7);
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/trends?${query}&view=spc&focus=trust:RX4`);
      await page.locator('[data-testid="spc-view"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid="spc-figures"]').textContent()).toMatch(/^\s*Mean /);

      await page.locator('#spc-change-date').fill(change);
      await page.locator('[data-testid="spc-add-change"]').click();
      await eventually(() => (new URL(page.url()).searchParams.getAll('change').join() === change ? true : undefined));
      await page.locator('#spc-baseline-kind').selectOption('points');
      await eventually(() => (new URL(page.url()).searchParams.get('baseline') === '12' ? true : undefined));

      // Two stretches, each with its own mean and limits; the first (13 days) fixed on its first 12.
      const stretches = page.locator('[data-testid="spc-stretch"]');
      await eventually(async () => ((await stretches.count()) === 2 ? true : undefined));
      const text = async (n: number) => ((await stretches.nth(n).textContent()) ?? '').replace(/\s+/g, ' ');
      expect(await text(0)).toMatch(/mean .*; process limits .* to .*, fixed on 12 points, /);
      expect(await text(1)).not.toContain('fixed');
      expect(await page.locator('[data-testid="trend-chart"]').getAttribute('aria-label')).toContain(
        'Limits are recalculated at 1 change points.',
      );
      await page.screenshot({ path: artefactPath('trends-spc-change-point-1080p.png') });
      await page.locator('[data-testid="trend-data-table"] summary').click();
      const notes = await page.locator('[data-testid="trend-table-row"] > :last-child').allTextContents();
      expect(notes.filter((note) => note.startsWith('Change point: limits recalculated from here.'))).toHaveLength(1);
      expect(await axeViolations(page)).toEqual([]);

      // A baseline under NHSRplotthedots' 12 points is refused with a message, and the URL keeps 12.
      await page.locator('#spc-baseline-points').fill('5');
      await page.locator('#spc-baseline-points').press('Enter');
      await page.locator('#spc-baseline-points').blur();
      await page.locator('[data-testid="spc-baseline-error"]').waitFor();
      expect(new URL(page.url()).searchParams.get('baseline')).toBe('12');
      expect(await axeViolations(page)).toEqual([]);

      // The link reproduces the rebased chart.
      const link = page.url();
      await page.reload();
      await page.locator('[data-testid="spc-view"]').waitFor({ timeout: 30_000 });
      expect(page.url()).toBe(link);
      expect(await page.locator('[data-testid="spc-change-point"]').getAttribute('data-date')).toBe(change);
      expect(await page.locator('#spc-baseline-kind').inputValue()).toBe('points');
      await eventually(async () => ((await stretches.count()) === 2 ? true : undefined));

      // Removing the change point goes back to one set of limits.
      await page.locator('[data-testid="spc-change-point"] button').click();
      await eventually(() => (new URL(page.url()).searchParams.has('change') ? undefined : true));
      await page.locator('[data-testid="spc-figures"]').waitFor();
    } finally {
      await page.context().close();
    }
  });

  it("shows the day's peak, weeks and the learning disabilities sector, kept in the URL, and passes axe", async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/trends?${query}`);
      await page.locator('[data-testid="trend-chart"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('#statistic-census').isChecked()).toBe(true);
      expect(await page.locator('#sector-all').isChecked()).toBe(true);

      await page.locator('label[for="statistic-peak"]').click();
      await eventually(() => (new URL(page.url()).searchParams.get('statistic') === 'peak' ? true : undefined));
      await page.locator('.range-text', { hasText: 'peak of the day' }).waitFor();
      // The peaks served are at least the midnight censuses, and the table shows them.
      const served = async (extra: string) =>
        ((await (await fetch(`${app.url}/api/v1/trends?${query}${extra}`)).json()) as TrendBody).series[0]!.points;
      const [peaks, censuses] = [await served('&statistic=peak'), await served('')];
      expect(peaks.filter((point) => point.v !== null).length).toBeGreaterThan(HISTORY_DAYS - 2);
      peaks.forEach((point, index) => {
        if (point.v !== null && censuses[index]!.v !== null) expect(point.v).toBeGreaterThanOrEqual(censuses[index]!.v!);
      });
      const lastPeak = peaks.at(-1)!.v!;
      await page
        .locator('[data-testid="trend-table-row"]')
        .last()
        .filter({ hasText: `${(Math.round(lastPeak * 1000) / 10).toFixed(1)}%` })
        .waitFor({ state: 'attached' }); // in the collapsed data table

      // Weeks: the average of their midnight censuses.
      await page.locator('label[for="grain-week"]').click();
      await eventually(() => (new URL(page.url()).searchParams.get('grain') === 'week' ? true : undefined));
      await page.locator('#statistic-hint', { hasText: 'average of its midnight censuses' }).waitFor();
      await page
        .locator('[data-testid="trend-table-row"]')
        .first()
        .filter({ hasText: /Week of / })
        .waitFor({ state: 'attached' });

      // The learning disabilities sector (KH03): learning disability & autism wards alone.
      await page.locator('label[for="sector-learning-disabilities"]').click();
      await eventually(() => (new URL(page.url()).searchParams.get('sector') === 'learning-disabilities' ? true : undefined));
      await page.locator('.range-text', { hasText: 'Learning disabilities (KH03)' }).waitFor();
      await page.screenshot({ path: artefactPath('trends-week-peak-sector-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);

      // The link reproduces the choices.
      const link = page.url();
      await page.reload();
      await page.locator('[data-testid="trend-chart"]').waitFor({ timeout: 30_000 });
      expect(page.url()).toBe(link);
      expect(await page.locator('#statistic-peak').isChecked()).toBe(true);
      expect(await page.locator('#grain-week').isChecked()).toBe(true);
      expect(await page.locator('#sector-learning-disabilities').isChecked()).toBe(true);

      // A sum has no daily value or sector: the choices go, and so do they from the link.
      await page.locator('#trend-metric').selectOption('oapBedDays');
      await eventually(() => {
        const params = new URL(page.url()).searchParams;
        return params.get('metric') === 'oapBedDays' && params.get('statistic') === 'census' && params.get('sector') === 'all'
          ? true
          : undefined;
      });
      expect(await page.locator('#statistic-peak').count()).toBe(0);
      expect(await page.locator('#sector-all').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('is operated from the keyboard: quick ranges and the metric change the URL, and long ranges draw', async () => {
    const page = await openPage(browser);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${app.url}/trends?${query}`);
      await page.locator('[data-testid="trend-chart"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="quick-range-3m"]').focus();
      await page.keyboard.press('Enter');
      await eventually(() => (new URL(page.url()).searchParams.get('from') !== from ? true : undefined));
      expect(await page.locator('[data-testid="quick-range-3m"]').getAttribute('aria-pressed')).toBe('true');
      await page.locator('#trend-metric').focus();
      await page.locator('#trend-metric').selectOption('occupancyExcludingLeave');
      await eventually(() => (new URL(page.url()).searchParams.get('metric') === 'occupancyExcludingLeave' ? true : undefined));
      await page.locator('#trend-title', { hasText: 'Bed occupancy excluding leave' }).waitFor();
      expect(new URL(page.url()).searchParams.getAll('scope')).toEqual(['trust:RX4', 'trust:RX3']);

      // Three years by day: over a thousand points a line, drawn decimated, without errors.
      await page.locator('[data-testid="quick-range-3y"]').focus();
      await page.keyboard.press('Enter');
      await page
        .locator('[data-testid="trend-data-table"] summary', { hasText: /\(1\d{3} periods\)/ })
        .waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).searchParams.get('grain')).toBe('day');
      await page.screenshot({ path: artefactPath('trends-3-years-1080p.png') });
      expect(pageErrors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('explains a link it cannot show: an unknown scope, and a range that ends before it starts', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/trends?metric=vacantBeds&scope=trust:ZZ9&from=${from}&to=${today}&grain=day`);
      await page.locator('[data-testid="trend-error"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid="trend-error"]').textContent()).toMatch(/no such scope: trust:ZZ9/);
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${app.url}/trends?metric=vacantBeds&scope=trust:RX4&from=${today}&to=${from}&grain=day`);
      await page.locator('[data-testid="range-error"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('#trend-from').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('[data-testid="trend-chart"]').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

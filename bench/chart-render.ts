/**
 * Chart render in Chromium (issue #5): the trends page drawing ten trusts × 1,000 days (10,000
 * points) of demo history. Times are from the page's own marks (`trend-chart-rendered`): first
 * render after navigation (including fetching the data) and re-render after choosing another
 * metric (fetch + in-place update), with the JS heap after the runs.
 */
import { addDays, londonDateOf } from '@wardpulse/shared';
import { launchChromium } from '../tests/support/chromium.js';
import { percentile, startServerProcess, type BenchResult } from './server-process.js';

const TRUSTS = ['RW4', 'RV5', 'RPG', 'RQY', 'RX3', 'RX4', 'RXY', 'R1L', 'RWX', 'TAD'];

export async function chartRenderBench(runs = 5): Promise<BenchResult[]> {
  const server = await startServerProcess({ WARDPULSE_DEMO_HISTORY_DAYS: '1096' });
  const browser = await launchChromium();
  try {
    const to = addDays(londonDateOf(Date.now()), -2);
    const from = addDays(to, -999);
    const scopes = TRUSTS.map((ods) => `scope=trust:${ods}`).join('&');
    const url = (metric: string) =>
      `${server.url}/trends?metric=${metric}&${scopes}&from=${from}&to=${to}&grain=day&view=compare`;
    // Wait for the demo history to be written (in the background after start).
    for (const deadline = Date.now() + 120_000; ;) {
      const response = await fetch(
        `${server.url}/api/v1/trends?metric=vacantBeds&scope=trust:TAD&from=${from}&to=${from}&grain=day`,
      );
      const body = (await response.json()) as { series: { points: { v: number | null }[] }[] };
      if (body.series[0]?.points[0]?.v != null) break;
      if (Date.now() > deadline) throw new Error('demo history did not appear');
      await new Promise((wait) => setTimeout(wait, 500));
    }
    const first: number[] = [];
    const again: number[] = [];
    let points = 0;
    let heapMb = 0;
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(url('occupancyIncludingLeave'));
      await page.waitForFunction(
        () =>
          performance
            .getEntriesByName('trend-chart-rendered')
            .some((mark) => ((mark as PerformanceMark).detail as { points: number }).points >= 10_000),
        undefined,
        { timeout: 60_000 },
      );
      const firstMark = await page.evaluate(() => {
        const mark = performance
          .getEntriesByName('trend-chart-rendered')
          .find((entry) => ((entry as PerformanceMark).detail as { points: number }).points >= 10_000) as PerformanceMark;
        return { at: mark.startTime, points: (mark.detail as { points: number }).points };
      });
      first.push(firstMark.at);
      points = firstMark.points;
      const before = await page.evaluate(() => performance.getEntriesByName('trend-chart-rendered').length);
      const started = await page.evaluate(() => performance.now());
      await page.getByLabel('Measure').selectOption('vacantBeds');
      await page.waitForFunction((count) => performance.getEntriesByName('trend-chart-rendered').length > count, before, {
        timeout: 60_000,
      });
      const end = await page.evaluate(() => performance.getEntriesByName('trend-chart-rendered').at(-1)!.startTime);
      again.push(end - started);
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      heapMb =
        ((await page.evaluate(
          () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
        )) as number) /
        2 ** 20;
      await context.close();
    }
    first.sort((a, b) => a - b);
    again.sort((a, b) => a - b);
    const params = { points, series: TRUSTS.length, days: 1000, runs };
    return [
      {
        name: 'chart_first_render_p50',
        value: Number(percentile(first, 50).toFixed(1)),
        unit: 'ms',
        params: { ...params, includes: 'navigation, app start, data fetch, draw' },
      },
      {
        name: 'chart_rerender_p50',
        value: Number(percentile(again, 50).toFixed(1)),
        unit: 'ms',
        params: { ...params, includes: 'data fetch and in-place update' },
      },
      { name: 'chart_page_js_heap', value: Number(heapMb.toFixed(1)), unit: 'MB', params },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}

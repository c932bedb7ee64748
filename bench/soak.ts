/**
 * Wall board soak (issue #7, "weeks without growth"): one trust board (RX4, 28 wards) open in headless
 * Chromium while 100,000 bed states are posted in batches of 500 across its wards as fast as the server
 * takes them, every one a real delta through the real server (event log, worker, change stream,
 * fan-out, socket). The page's JS heap is read after garbage collection (DevTools protocol) after a
 * warm-up, at every fifth of the run and at the end; the figures are heap start, end and growth, the
 * DOM nodes and listeners, and the updates per second the whole path sustained (first POST to the last
 * update shown on every tile). Then the network is dropped and restored 30 times (a screen on a flaky
 * network for weeks: every reconnect resumes its subscription) and the heap is read again. The server
 * runs as `npm start` runs it, on a copy of the web build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { BedStateFeed, MB, boardMemoryAfterGc, waitForTiles, wardIdsOf, type BoardMemory } from '../tests/support/board-soak.js';
import { snapshotWebBuild } from '../tests/support/wardpulse-process.js';
import { startServerProcess, type BenchResult } from './server-process.js';

const SCOPE = 'trust:RX4';
const RECONNECTS = 30;
const status = (state: string) => `[data-testid="connection-status"][data-state="${state}"]`;

export async function soakBench(updates = Number(process.env.WARDPULSE_BENCH_SOAK_UPDATES ?? 100_000)): Promise<BenchResult[]> {
  const warmUp = 2000;
  const samples = 5;
  const buildDir = mkdtempSync(join(tmpdir(), 'wardpulse-soak-web-'));
  const server = await startServerProcess({
    WARDPULSE_DEMO_HISTORY: 'off',
    WARDPULSE_DEMO_ALERTS: 'off',
    WARDPULSE_INGEST_RATE_PER_MINUTE: '1000000',
    WARDPULSE_WEB_BUILD: snapshotWebBuild(buildDir),
  });
  const browser = await chromium.launch({
    executablePath: process.env.WARDPULSE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const feed = new BedStateFeed(server.url, server.key, await wardIdsOf(server.url, server.key, SCOPE));
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/wall/trust/RX4`);
    await page.locator(status('live')).waitFor({ timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    await feed.post(warmUp);
    await waitForTiles(page, feed.expectedTiles(), 600_000);
    const start = await boardMemoryAfterGc(cdp);

    const heapSamplesMb: number[] = [];
    let end: BoardMemory = start;
    // Time from each fifth's first POST to its last update on every tile; the forced collections between
    // fifths are not counted.
    let runningMs = 0;
    for (let sample = 1; sample <= samples; sample += 1) {
      const count = Math.round((updates * sample) / samples) - Math.round((updates * (sample - 1)) / samples);
      const fifthStarted = performance.now();
      await feed.post(count, { finalRound: sample === samples });
      await waitForTiles(page, feed.expectedTiles(), 1_800_000);
      runningMs += performance.now() - fifthStarted;
      end = await boardMemoryAfterGc(cdp);
      heapSamplesMb.push(Number((end.heapUsedBytes / MB).toFixed(2)));
    }
    const seconds = runningMs / 1000;

    for (let cycle = 0; cycle < RECONNECTS; cycle += 1) {
      await context.setOffline(true);
      await page.locator(status('reconnecting')).waitFor({ timeout: 60_000 });
      await context.setOffline(false);
      await page.locator(status('live')).waitFor({ timeout: 120_000 });
    }
    await waitForTiles(page, feed.expectedTiles(), 60_000);
    const afterReconnects = await boardMemoryAfterGc(cdp);
    const params = {
      scope: SCOPE,
      wards: feed.expectedTiles().length,
      updates,
      warmUpUpdates: warmUp,
      batchSize: 500,
      heapSamplesMb,
      domNodes: `${start.domNodes} → ${end.domNodes}`,
      jsEventListeners: `${start.jsEventListeners} → ${end.jsEventListeners}`,
    };
    return [
      { name: 'soak_heap_start', value: Number((start.heapUsedBytes / MB).toFixed(2)), unit: 'MB', params },
      { name: 'soak_heap_end', value: Number((end.heapUsedBytes / MB).toFixed(2)), unit: 'MB', params },
      {
        name: 'soak_heap_growth',
        value: Number(((end.heapUsedBytes - start.heapUsedBytes) / MB).toFixed(2)),
        unit: 'MB',
        params,
      },
      { name: 'soak_updates_per_second', value: Number((updates / seconds).toFixed(1)), unit: '/s', params },
      {
        name: 'soak_heap_after_reconnects',
        value: Number((afterReconnects.heapUsedBytes / MB).toFixed(2)),
        unit: 'MB',
        params: {
          reconnects: RECONNECTS,
          domNodes: afterReconnects.domNodes,
          jsEventListeners: afterReconnects.jsEventListeners,
        },
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
    rmSync(buildDir, { recursive: true, force: true });
  }
}

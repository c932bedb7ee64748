/**
 * Weeks without growth (issue #7), in short: an open trust board in Chromium takes 8,000 real updates
 * (bed states posted in batches through the API, each a delta through the real server) and must show
 * the last of them on every tile, with its JS heap after garbage collection no more than 20 MB above
 * where it was after a warm-up. A bound on memory, not on time, so a slow machine cannot make it flaky.
 * The server runs as `npm start` runs it (its own process, managed Redis, embedded PGlite) on a copy of
 * the web build. bench/soak.ts runs the long version (100,000 updates) and records the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/src/infra/managed-redis.js';
import { BedStateFeed, MB, boardMemoryAfterGc, waitForTiles, wardIdsOf } from '../support/board-soak.js';
import { artefactPath, launchChromium, openPage } from '../support/browser.js';
import { snapshotWebBuild, startWardPulseProcess, type WardPulseProcess } from '../support/wardpulse-process.js';

const SCOPE = 'trust:RX4';
const WARM_UP_UPDATES = 1000;
const UPDATES = 8_000;
const HEAP_GROWTH_LIMIT_MB = 20;

describe('a wall board under continuous updates', () => {
  let dataDir: string;
  let app: WardPulseProcess;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let feed: BedStateFeed;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wardpulse-soak-'));
    app = await startWardPulseProcess({
      dataDir,
      port: await freePort(),
      webBuildDir: snapshotWebBuild(join(dataDir, 'web-build')),
      env: { WARDPULSE_INGEST_RATE_PER_MINUTE: '1000000' },
    });
    const key = app.cli(['api-key', 'create', '--trust', 'RX4', '--name', 'soak feed', '--can', 'ingest,read']);
    const wallPath = app.cli(['display-token', 'create', '--scope', SCOPE, '--name', 'Soak wall']);
    feed = new BedStateFeed(app.url, key, await wardIdsOf(app.url, key, SCOPE));
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(`${app.url}${wallPath}`);
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    cdp = await page.context().newCDPSession(page);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`applies ${UPDATES.toLocaleString('en-GB')} updates and its heap stays flat`, { timeout: 600_000 }, async () => {
    // Warm-up: code compiled, every tile drawn with figures, caches filled.
    await feed.post(WARM_UP_UPDATES);
    await waitForTiles(page, feed.expectedTiles(), 120_000);
    const start = await boardMemoryAfterGc(cdp);

    await feed.post(UPDATES, { finalRound: true });
    await waitForTiles(page, feed.expectedTiles(), 480_000);
    const end = await boardMemoryAfterGc(cdp);
    await page.screenshot({ path: artefactPath('wall-soak-after-updates.png') });

    const growthMb = (end.heapUsedBytes - start.heapUsedBytes) / MB;
    console.warn(
      `[soak] ${UPDATES} updates: heap ${(start.heapUsedBytes / MB).toFixed(1)} → ${(end.heapUsedBytes / MB).toFixed(1)} MB, ` +
        `DOM nodes ${start.domNodes} → ${end.domNodes}, listeners ${start.jsEventListeners} → ${end.jsEventListeners}`,
    );
    expect(await page.locator('[data-testid="connection-status"][data-state="live"]').count()).toBe(1);
    expect(growthMb).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  });
});

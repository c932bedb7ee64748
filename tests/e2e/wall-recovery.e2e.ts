/**
 * A wall screen heals itself (issue #7): one trust board open in Chromium on a display token, never
 * reloaded, while the test kills the WardPulse process (SIGKILL) and starts it again on the same port,
 * stops and restarts redis-server (AOF, same data), and takes the browser's network away. After each,
 * the board must be live again by itself, in the same document, showing a bed state posted after the
 * fault, and every tile must agree with the server's own snapshot. Screenshots of every stage go to
 * test-results/e2e. Needs the build (`npm test` builds first).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/src/infra/managed-redis.js';
import { BedStateFeed, waitForTiles, wardIdsOf } from '../support/board-soak.js';
import { artefactPath, launchChromium, openPage } from '../support/browser.js';
import { bedState, eventually, postJson } from '../support/test-app.js';
import {
  MAIN_JS,
  RestartableRedis,
  snapshotWebBuild,
  startWardPulseProcess,
  type WardPulseProcess,
} from '../support/wardpulse-process.js';

const SCOPE = 'trust:RX4';
const WARD = 'RX4-W01';
const status = (state: string) => `[data-testid="connection-status"][data-state="${state}"]`;

interface LiveWard {
  ward: { id: string };
  state: { eventId: string } | null;
  figures: { vacant: number } | null;
}

describe('a wall board recovers by itself', () => {
  let dataDir: string;
  let port: number;
  let webBuildDir: string;
  let redis: RestartableRedis;
  let app: WardPulseProcess;
  let browser: Browser;
  let page: Page;
  let key: string;
  /** The document the board was first loaded in: no stage may replace it. */
  let document: { timeOrigin: number; marker: string };

  const startApp = () => startWardPulseProcess({ dataDir, port, redisUrl: redis.url, webBuildDir });

  async function serverWards(): Promise<LiveWard[]> {
    const response = await fetch(`${app.url}/api/v1/live?scope=${SCOPE}`, { headers: { authorization: `Bearer ${key}` } });
    return ((await response.json()) as { snapshot: { wards: LiveWard[] } }).snapshot.wards;
  }

  /** Waits until the server says Redis, PostgreSQL and the queues answer (/readyz). */
  async function ready(): Promise<void> {
    await eventually(async () => ((await fetch(`${app.url}/readyz`)).ok ? true : undefined), 30_000);
  }

  /** Posts a bed state for WARD and waits until the server has applied it; returns the vacant beds it means. */
  async function postApplied(occupied: number): Promise<string> {
    const state = bedState(WARD, { commissioned: 20, closed: 0, occupied, onLeave: 1, clinicallyReadyForDischarge: 0 });
    expect((await postJson(`${app.url}/api/v1/bed-states`, state, key)).status).toBe(202);
    await eventually(async () =>
      (await serverWards()).find((ward) => ward.ward.id === WARD)?.state?.eventId === state.eventId ? true : undefined,
    );
    return String(20 - occupied - 1);
  }

  /** Posts one update to every ward of the board and waits until the server has applied them all. */
  async function updateEveryWard(): Promise<{ wardId: string; vacant: string }[]> {
    const feed = new BedStateFeed(app.url, key, await wardIdsOf(app.url, key, SCOPE));
    await feed.post((await wardIdsOf(app.url, key, SCOPE)).length);
    const last = feed.lastEventIds();
    await eventually(async () =>
      (await serverWards()).every((ward) => ward.state?.eventId === last.get(ward.ward.id)) ? true : undefined,
    );
    return feed.expectedTiles();
  }

  /** Every tile shows what the server's snapshot says, and the document is the one first loaded. */
  async function expectCorrectNumbersWithoutReload(): Promise<void> {
    const expected = (await serverWards()).map((ward) => ({
      wardId: ward.ward.id,
      vacant: ward.figures ? String(ward.figures.vacant) : '—',
    }));
    await waitForTiles(page, expected, 30_000);
    expect(await page.evaluate(() => ({ timeOrigin: performance.timeOrigin, marker: (window as any).wardpulseMarker }))).toEqual(
      document,
    );
  }

  beforeAll(async () => {
    expect(existsSync(MAIN_JS), 'run the build first (npm test does)').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'wardpulse-recovery-'));
    webBuildDir = snapshotWebBuild(join(dataDir, 'web-build'));
    redis = await RestartableRedis.start(join(dataDir, 'own-redis'), await freePort());
    port = await freePort();
    app = await startApp();
    key = app.cli(['api-key', 'create', '--trust', 'RX4', '--name', 'recovery feed', '--can', 'ingest,read']);
    const wallPath = app.cli(['display-token', 'create', '--scope', SCOPE, '--name', 'Bed bureau wall']);
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(`${app.url}${wallPath}`);
    await page.locator(status('live')).waitFor({ timeout: 30_000 });
    const marker = `board-${Date.now()}`;
    await page.evaluate((value) => ((window as any).wardpulseMarker = value), marker);
    document = { timeOrigin: await page.evaluate(() => performance.timeOrigin), marker };
    await waitForTiles(page, await updateEveryWard(), 30_000);
    await page.screenshot({ path: artefactPath('wall-recovery-1-live.png') });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('after the server process is killed and started again on the same port', async () => {
    await app.kill();
    await page.locator(status('reconnecting')).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artefactPath('wall-recovery-2-server-killed.png') });
    app = await startApp();
    await ready();
    const vacant = await postApplied(12);
    await page.locator(status('live')).waitFor({ timeout: 60_000 });
    await waitForTiles(page, [{ wardId: WARD, vacant }], 30_000);
    await expectCorrectNumbersWithoutReload();
    await page.screenshot({ path: artefactPath('wall-recovery-3-after-server-restart.png') });
  });

  it('after redis-server is stopped and started again on its append-only file', async () => {
    await redis.stop();
    await redis.start();
    await ready();
    const vacant = await postApplied(14);
    await waitForTiles(page, [{ wardId: WARD, vacant }], 60_000);
    await page.locator(status('live')).waitFor({ timeout: 60_000 });
    await expectCorrectNumbersWithoutReload();
    await page.screenshot({ path: artefactPath('wall-recovery-4-after-redis-restart.png') });
  });

  it('after a network drop, with what changed while it was offline', async () => {
    await page.context().setOffline(true);
    await page.locator(status('reconnecting')).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="connection-status"]').textContent()).toMatch(/reconnecting/i);
    // Every ward changes while the screen cannot hear: only a gap-free resume (or a fresh snapshot) shows it.
    const expected = await updateEveryWard();
    await page.screenshot({ path: artefactPath('wall-recovery-5-offline.png') });
    await page.context().setOffline(false);
    await page.locator(status('live')).waitFor({ timeout: 60_000 });
    await waitForTiles(page, expected, 30_000);
    await expectCorrectNumbersWithoutReload();
    await page.screenshot({ path: artefactPath('wall-recovery-6-after-network-drop.png') });
  });
});

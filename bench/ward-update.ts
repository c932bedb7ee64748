/**
 * The quick ward update (issue #14 item 1: "a routine update in under 15 s and 3 actions from the
 * board"), timed in Chromium against an `npm start`-like server process. Each run: the feed reports
 * the ward, the demo bed manager is on the trust board, and does the routine update (tests/support/
 * ward-update-flow.ts: Update link, one more occupied, Save) while a second board watches. Timed: the
 * Update click to the form filled, Save to "Saved at", Save to the other board's tile changing, and the
 * whole machine part (open + save). A person's own reading and clicking comes on top; the actions
 * count is theirs.
 */
import type { Page } from 'playwright-core';
import { launchChromium, signInThroughForm } from '../tests/support/chromium.js';
import { routineWardUpdate } from '../tests/support/ward-update-flow.js';
import { percentile, startServerProcess, type BenchResult } from './server-process.js';

const WARD = 'RX4-W06'; // Chestnut Ward: 20 commissioned beds in the demo organisation
const BOARD = '/wall/trust/RX4';

const epochNow = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());

async function waitForLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
}

async function vacantIs(page: Page, vacant: number): Promise<void> {
  await page.waitForFunction(
    ([ward, expected]) =>
      document.querySelector(`[data-ward-id="${ward}"] [data-testid="vacant"]`)?.textContent?.trim() === expected,
    [WARD, String(vacant)] as const,
    { timeout: 30_000, polling: 'raf' },
  );
}

export async function wardUpdateBench(runs = 20): Promise<BenchResult[]> {
  const server = await startServerProcess();
  const browser = await launchChromium();
  try {
    const watcher = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const manager = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await watcher.goto(`${server.url}${BOARD}`);
    await waitForLive(watcher);
    await signInThroughForm(manager, server.url, 'bed-manager@wardpulse.example', BOARD);

    const open: number[] = [];
    const save: number[] = [];
    const board: number[] = [];
    const total: number[] = [];
    let actions = 0;
    for (let run = 0; run < runs; run++) {
      // The feed reports 10 in, none on leave or closed: 10 vacant. The update makes it 9.
      const response = await fetch(`${server.url}/api/v1/bed-states`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.key}` },
        body: JSON.stringify({
          eventId: `bench-ward-update-${run}-${Date.now()}`,
          wardId: WARD,
          observedAt: new Date().toISOString(),
          commissioned: 20,
          closed: 0,
          occupied: 10,
          onLeave: 0,
          pendingAdmissions: 0,
          clinicallyReadyForDischarge: 0,
        }),
      });
      if (response.status !== 202) throw new Error(`feed refused: ${response.status} ${await response.text()}`);
      await vacantIs(watcher, 10);
      if (run > 0) await manager.goto(`${server.url}${BOARD}`);
      await waitForLive(manager);
      await vacantIs(manager, 10);

      const update = await routineWardUpdate(manager, WARD);
      const savedAt = await epochNow(manager);
      await vacantIs(watcher, 9);
      const seenAt = await epochNow(watcher);
      actions = update.actions;
      open.push(update.openMs);
      save.push(update.saveMs);
      // Save click → other board: the save's own time plus what came after "Saved at".
      board.push(update.saveMs + Math.max(0, seenAt - savedAt));
      total.push(update.openMs + update.saveMs);
    }
    const params = { runs, ward: WARD, viewport: '1920x1080', browser: 'chromium headless' };
    const figures = (name: string, values: number[]): BenchResult[] => {
      const sorted = [...values].sort((a, b) => a - b);
      return [
        { name: `${name}.p50`, value: Math.round(percentile(sorted, 50)), unit: 'ms', params },
        { name: `${name}.p99`, value: Math.round(percentile(sorted, 99)), unit: 'ms', params },
      ];
    };
    return [
      { name: 'wardUpdate.actions', value: actions, unit: 'count', params },
      ...figures('wardUpdate.open', open),
      ...figures('wardUpdate.save', save),
      ...figures('wardUpdate.toOtherBoard', board),
      ...figures('wardUpdate.machineTotal', total),
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}

/**
 * Kiosk mode end to end in Chromium against the built app (issue #7): a display token with a playlist
 * opens `/kiosk?token=…`, the token leaves the address bar, and the screen rotates through its views
 * (collaborative board, bed finder, open alerts, trust board) every 10 s, pausing and skipping by
 * keyboard; a view the token may not read says so and is skipped. On the board, a bed state posted
 * through the API changes a tile live and marks it changed; a ward whose last report ages past the
 * expected interval turns stale with nothing new arriving. The 54-ward collaborative board and a trust
 * board fit 1920×1080 and 3840×2160 without scrolling, every vacant number on screen (screenshots in
 * test-results/e2e). A revoked link says so; an administrator's reload command reloads the screen.
 * axe-core finds no WCAG 2.2 AA violation on any view.
 */
import { STALE_AFTER_MS, type DisplayPlaylist } from '@wardpulse/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisplayTokenRepository } from '../../server/src/auth/display-tokens.js';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { callAs, signIn } from '../support/people.js';
import { bedState, eventually, postJson, startTestApp, stayEvent, type TestApp } from '../support/test-app.js';

const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };
/** The expected report interval (shared freshness.ts): a ward quiet for longer is stale. */
const EXPECTED_REPORT_INTERVAL_MS = STALE_AFTER_MS;

interface OrgWard {
  id: string;
  trustOds: string;
  commissionedBeds: number;
}

/** Bed states for every ward given, varied, so the screenshots show a fully reporting board. */
function wardStatesFor(wards: OrgWard[]) {
  return wards.map((ward, index) =>
    bedState(ward.id, {
      commissioned: ward.commissionedBeds,
      closed: index % 7 === 0 ? 2 : 0,
      closedReason: index % 7 === 0 ? 'staffing' : undefined,
      occupied: ward.commissionedBeds - 5 + (index % 4),
      onLeave: index % 3,
      pendingAdmissions: index % 2,
      clinicallyReadyForDischarge: index % 3,
    }),
  );
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The document scrolls in neither direction. */
async function scrollOverflow(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { vertical: root.scrollHeight - innerHeight, horizontal: root.scrollWidth - innerWidth };
  });
}

/**
 * Every ward tile's vacant number: on screen, inside its tile, and its font size in CSS pixels — the
 * number a bed manager reads from across the room.
 */
async function vacantNumbers(page: Page) {
  return page.locator('[data-ward-id]').evaluateAll((tiles) =>
    tiles.map((tile) => {
      const number = tile.querySelector('[data-testid="vacant"]')!;
      const box = number.getBoundingClientRect();
      const cell = tile.getBoundingClientRect();
      return {
        ward: tile.getAttribute('data-ward-id'),
        text: number.textContent?.trim() ?? '',
        fontPx: parseFloat(getComputedStyle(number).fontSize),
        onScreen: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
        insideTile: box.top >= cell.top && box.bottom <= cell.bottom + 0.5 && box.right <= cell.right + 0.5,
      };
    }),
  );
}

describe('kiosk mode in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let key: string;
  let displayTokens: DisplayTokenRepository;
  let nencWards: OrgWard[];
  /** The bed state each NENC ward (but RX3-W05) was given at the start, by ward id. */
  const initialStates = new Map<string, ReturnType<typeof bedState>>();
  let appVersion: string;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    key = await app.createKey(['RX4', 'RX3']);
    displayTokens = new DisplayTokenRepository(app.running.database.db);
    browser = await launchChromium();
    const org = (await (await fetch(`${app.url}/api/v1/org`)).json()) as { wards: OrgWard[] };
    nencWards = org.wards.filter((ward) => ward.trustOds === 'RX3' || ward.trustOds === 'RX4');
    expect(nencWards).toHaveLength(54);
    // Every ward reports, except RX3-W05, which the stale test starts reporting later.
    const states = wardStatesFor(nencWards.filter((ward) => ward.id !== 'RX3-W05'));
    for (const state of states) initialStates.set(state.wardId, state);
    expect((await postJson(`${app.url}/api/v1/bed-states`, { events: states }, key)).status).toBe(202);
    // A few wards of each trust send stays, so the boards carry their length-of-stay panel at every size.
    const stays = ['RX3-W01', 'RX3-W02', 'RX4-W01', 'RX4-W02'].flatMap((wardId, index) => [
      stayEvent(wardId, `K${index}a`, 120, null),
      stayEvent(wardId, `K${index}b`, 33, null),
      stayEvent(wardId, `K${index}c`, 40, 0),
    ]);
    expect((await postJson(`${app.url}/api/v1/stays`, { events: stays }, key)).status).toBe(202);
    appVersion = await (await fetch(`${app.url}/_app/version.json`)).text();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function createDisplay(name: string, scope: string, playlist: DisplayPlaylist | null = null) {
    return displayTokens.create({ name, scope, playlist });
  }

  /**
   * A kiosk page on a display token. The app version it polls for is pinned to the one it loaded: wall
   * screens reload themselves when the version changes, and a rebuild of web/build by anyone while this
   * runs must not reload the page under test.
   */
  async function openKiosk(token: string, viewport = HD): Promise<Page> {
    const page = await openPage(browser, viewport);
    await page.route('**/_app/version.json', (route) => route.fulfill({ contentType: 'application/json', body: appVersion }));
    await page.goto(`${app.url}/kiosk?token=${encodeURIComponent(token)}`);
    return page;
  }

  async function waitForBoard(page: Page, wardId: string): Promise<void> {
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    await page.locator(`[data-ward-id="${wardId}"] [data-testid="vacant"]`).waitFor();
  }

  async function waitForView(page: Page, index: number, kind: string): Promise<void> {
    // 10 s per view, and the clock ticks once a second: well within 20 s.
    await page
      .locator(`[data-testid="kiosk"][data-view-index="${index}"][data-view-kind="${kind}"]`)
      .waitFor({ timeout: 20_000 });
  }

  it('rotates through the playlist every 10 s, pauses and skips by keyboard, with the token out of the address bar', async () => {
    const playlist: DisplayPlaylist = {
      intervalSeconds: 10,
      views: [
        { kind: 'board', scope: 'collaborative:nenc' },
        { kind: 'bed-finder', scope: 'collaborative:nenc', wardType: 'adult-acute' },
        { kind: 'alerts', scope: 'collaborative:nenc' },
        { kind: 'board', scope: 'trust:RX4' },
      ],
    };
    const { token } = await createDisplay('Bed bureau wall', 'collaborative:nenc', playlist);
    const page = await openKiosk(token);
    try {
      await waitForView(page, 0, 'board');
      await waitForBoard(page, 'RX4-W01');
      expect(new URL(page.url()).searchParams.has('token')).toBe(false);
      expect(page.url()).not.toContain(token);
      expect(await page.evaluate(() => sessionStorage.getItem('wardpulse.displayToken'))).toBe(token);
      expect(await text(page, '[data-testid="kiosk-rotation"]')).toMatch(/Bed bureau wall 1 of 4 · next: Bed finder in \d+ s/);
      await page.screenshot({ path: artefactPath('kiosk-rotation-1-board-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);

      await waitForView(page, 1, 'bed-finder');
      await page.locator('[data-testid="bed-finder-connection"][data-live="true"]').waitFor({ timeout: 30_000 });
      expect(await text(page, '[data-testid="kiosk-bed-finder"] h1')).toMatch(
        /adult acute bed .* in North East and North Cumbria/,
      );
      expect(await text(page, '[data-testid="kiosk-rotation"]')).toMatch(/2 of 4 · next: Alerts in \d+ s/);
      // Only the view on screen keeps a live connection: the board's goes with it once its
      // 250 ms fade-out ends (the bed finder can be live before that on a quick machine).
      await page.locator('[data-testid="connection-status"]').waitFor({ state: 'detached', timeout: 5_000 });
      await page.screenshot({ path: artefactPath('kiosk-rotation-2-bed-finder-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);

      // One turn by the clock is enough to prove the interval (the rotation arithmetic, wrap-around
      // included, is unit-tested in playlist.spec.ts); the rest of the round goes by keyboard, as a
      // maintainer would step through it, rather than wait 10 s a view.
      await page.keyboard.press('ArrowRight');
      await waitForView(page, 2, 'alerts');
      await page.locator('[data-testid="kiosk-alerts"][data-live="true"]').waitFor({ timeout: 20_000 });
      expect(await text(page, '[data-testid="kiosk-alerts"] h1')).toBe('Open alerts — North East and North Cumbria');
      await page.screenshot({ path: artefactPath('kiosk-rotation-3-alerts-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);

      await page.keyboard.press('ArrowRight');
      await waitForView(page, 3, 'board');
      await waitForBoard(page, 'RX4-W02');
      expect(await text(page, '[data-testid="kiosk-rotation"]')).toMatch(
        /4 of 4 · next: North East and North Cumbria board in \d+ s/,
      );
      await page.keyboard.press('ArrowRight');
      await waitForView(page, 0, 'board');

      // Maintenance: space pauses (and stays paused past the interval), → moves on at once, space resumes.
      await page.keyboard.press('Space');
      await page.locator('[data-testid="kiosk"][data-paused="true"]').waitFor();
      expect(await text(page, '[data-testid="kiosk-rotation"]')).toMatch(/1 of 4 · paused · next: Bed finder/);
      await page.keyboard.press('ArrowRight');
      await waitForView(page, 1, 'bed-finder');
      expect(await page.locator('[data-testid="kiosk"]').getAttribute('data-paused')).toBe('true');
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.locator('[data-testid="kiosk"][data-paused="false"]').waitFor();
      expect(await text(page, '[data-testid="kiosk-rotation"]')).toMatch(/2 of 4 · next: Alerts in \d+ s/);
    } finally {
      await page.context().close();
    }
  });

  it('says so when a view may not be shown, and moves on', async () => {
    const playlist: DisplayPlaylist = {
      intervalSeconds: 30,
      views: [
        { kind: 'board', scope: 'trust:RX4' },
        { kind: 'board', scope: 'collaborative:nenc' },
      ],
    };
    const { token } = await createDisplay('Refused view wall', 'trust:RX4', playlist);
    const page = await openPage(browser, HD);
    try {
      await page.route('**/_app/version.json', (route) => route.fulfill({ contentType: 'application/json', body: appVersion }));
      // The display's answer names a board its token was never given (as a server whose playlist and
      // grants disagree would): the live connection refuses that scope.
      await page.route('**/api/v1/display', async (route) => {
        const response = await route.fetch();
        const display = (await response.json()) as { playlist: DisplayPlaylist };
        display.playlist.views.splice(1, 0, { kind: 'board', scope: 'trust:RV5' });
        await route.fulfill({ response, json: display });
      });
      await page.goto(`${app.url}/kiosk?token=${encodeURIComponent(token)}`);
      await waitForBoard(page, 'RX4-W01');
      await page.keyboard.press('ArrowRight');
      const refused = page.locator('[data-testid="kiosk-refused"]');
      await refused.waitFor({ timeout: 20_000 });
      expect(await refused.locator('h1').textContent()).toMatch(/This screen may not show the .*board/);
      expect(await text(page, '[data-testid="kiosk-refused"]')).toMatch(/Moving on to the North East and North Cumbria board/);
      expect(await axeViolations(page)).toEqual([]);
      // A few seconds, not the 30 s interval, then the next view; and never again.
      await waitForView(page, 2, 'board');
      await waitForBoard(page, 'RX3-W01');
      expect(await text(page, '[data-testid="kiosk-rotation"]')).toMatch(
        /3 of 3 · next: .* board in \d+ s · 1 skipped: not allowed/,
      );
      await page.keyboard.press('ArrowRight');
      await waitForView(page, 0, 'board');
      await page.keyboard.press('ArrowRight');
      await waitForView(page, 2, 'board');
    } finally {
      await page.context().close();
    }
  });

  it('changes a tile live and marks it changed; a ward quiet past its expected interval turns stale by itself', async () => {
    const { token } = await createDisplay('NENC wall', 'collaborative:nenc');
    const page = await openKiosk(token);
    try {
      await waitForBoard(page, 'RX4-W01');
      // One view: nothing rotates, so the foot line is not there.
      expect(await page.locator('[data-testid="kiosk-rotation"]').count()).toBe(0);
      await page.evaluate(() => ((window as unknown as { kioskMarker: number }).kioskMarker = 11));
      const tile = page.locator('[data-ward-id="RX4-W01"]');
      expect(await tile.getAttribute('data-changed')).toBe('false');

      // 20 commissioned, 1 closed, 2 on leave: 17 occupied leaves none vacant, 14 leaves 3 (domain.md).
      const before = await text(page, '[data-ward-id="RX4-W01"] [data-testid="vacant"]');
      const after = before === '3' ? '0' : '3';
      const changed = bedState('RX4-W01', { commissioned: 20, closed: 1, occupied: after === '3' ? 14 : 17, onLeave: 2 });
      expect((await postJson(`${app.url}/api/v1/bed-states`, changed, key)).status).toBe(202);
      await eventually(async () =>
        (await text(page, '[data-ward-id="RX4-W01"] [data-testid="vacant"]')) === after ? true : undefined,
      );
      await page.locator('[data-ward-id="RX4-W01"][data-changed="true"]').waitFor();
      expect(await text(page, '[data-ward-id="RX4-W01"] [data-testid="change-mark"]')).toMatch(/^Changed 0:0\d/);
      await page.screenshot({ path: artefactPath('kiosk-tile-changed-1080p.png') });

      // The same figures again (a heartbeat): the age is refreshed, nothing new is marked.
      const quietWard = 'RX4-W02';
      expect(await page.locator(`[data-ward-id="${quietWard}"]`).getAttribute('data-changed')).toBe('false');
      const first = initialStates.get(quietWard)!;
      const repeat = { ...first, eventId: `${first.eventId}-again`, observedAt: new Date().toISOString() };
      expect((await postJson(`${app.url}/api/v1/bed-states`, repeat, key)).status).toBe(202);
      await eventually(async () =>
        /^\d s ago/.test(await text(page, `[data-ward-id="${quietWard}"] [data-testid="tile-age"]`)) ? true : undefined,
      );

      // A ward whose last report is a few seconds short of the expected interval: fresh now, stale
      // soon after, with no new event at all.
      const quiet = bedState('RX3-W05', {
        commissioned: 16,
        closed: 0,
        occupied: 14,
        onLeave: 1,
        observedAt: new Date(Date.now() - EXPECTED_REPORT_INTERVAL_MS + 5_000).toISOString(),
      });
      expect((await postJson(`${app.url}/api/v1/bed-states`, quiet, key)).status).toBe(202);
      // 16 open, 14 occupied, 1 on leave: 1 vacant.
      await eventually(async () =>
        (await text(page, '[data-ward-id="RX3-W05"] [data-testid="vacant"]')) === '1' ? true : undefined,
      );
      expect(await page.locator('[data-ward-id="RX3-W05"]').getAttribute('data-stale')).toBe('false');
      await page.locator('[data-ward-id="RX3-W05"][data-stale="true"]').waitFor({ timeout: 20_000 });
      expect(await text(page, '[data-ward-id="RX3-W05"] [data-testid="tile-age"]')).toMatch(/^Stale 15 min old/);
      expect(await text(page, 'header')).toMatch(/1 stale/);
      expect(await page.locator(`[data-ward-id="${quietWard}"]`).getAttribute('data-changed')).toBe('false');
      await page.screenshot({ path: artefactPath('kiosk-tile-stale-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);
      // All of it in the document first loaded.
      expect(await page.evaluate(() => (window as unknown as { kioskMarker?: number }).kioskMarker)).toBe(11);
    } finally {
      await page.context().close();
    }
  });

  for (const [label, viewport] of [
    ['1080p', HD],
    ['4k', UHD],
  ] as const) {
    it(`fits the 54-ward collaborative board and a trust board on a ${label} screen without scrolling`, async () => {
      const collaborative = await createDisplay(`NENC ${label}`, 'collaborative:nenc');
      const page = await openKiosk(collaborative.token, viewport);
      try {
        await waitForBoard(page, 'RX3-W01');
        await eventually(async () => ((await page.locator('[data-ward-id]').count()) === 54 ? true : undefined));
        const overflow = await scrollOverflow(page);
        await page.screenshot({ path: artefactPath(`kiosk-collaborative-nenc-${label}.png`) });
        expect(overflow.vertical).toBeLessThanOrEqual(0);
        expect(overflow.horizontal).toBeLessThanOrEqual(0);
        const numbers = await vacantNumbers(page);
        expect(numbers).toHaveLength(54);
        // Each ward's vacant number on screen, whole, and at least 1.8 rem (34 px at 1080p, 69 px at 4K).
        const remPx = viewport.width / 100;
        for (const number of numbers) {
          expect(number, number.ward ?? '').toMatchObject({ onScreen: true, insideTile: true });
          expect(number.text, number.ward ?? '').toMatch(/^\d+$|^—$/);
          expect(number.fontPx, number.ward ?? '').toBeGreaterThanOrEqual(1.8 * remPx);
        }
        expect(await axeViolations(page)).toEqual([]);
      } finally {
        await page.context().close();
      }

      const trust = await createDisplay(`RX4 ${label}`, 'trust:RX4');
      const trustPage = await openKiosk(trust.token, viewport);
      try {
        await waitForBoard(trustPage, 'RX4-W01');
        await eventually(async () => ((await trustPage.locator('[data-ward-id]').count()) === 28 ? true : undefined));
        const overflow = await scrollOverflow(trustPage);
        await trustPage.screenshot({ path: artefactPath(`kiosk-trust-RX4-${label}.png`) });
        expect(overflow).toEqual({ vertical: 0, horizontal: 0 });
        // A trust board keeps every figure on its tiles.
        expect(await trustPage.locator('.wall-board').getAttribute('data-detail')).toMatch(/^(full|standard)$/);
        for (const number of await vacantNumbers(trustPage)) {
          expect(number, number.ward ?? '').toMatchObject({ onScreen: true, insideTile: true });
        }
      } finally {
        await trustPage.context().close();
      }
    });
  }

  it('reloads itself at a quiet moment, after saying so, when a new version of the app is deployed', async () => {
    const { token } = await createDisplay('New version wall', 'trust:RX4');
    const page = await openPage(browser, HD);
    try {
      // The deployed version as the page polls for it (every minute: the page's clock is moved on).
      let deployed = appVersion;
      await page.route('**/_app/version.json', (route) => route.fulfill({ contentType: 'application/json', body: deployed }));
      await page.clock.install();
      await page.goto(`${app.url}/kiosk?token=${encodeURIComponent(token)}`);
      await waitForBoard(page, 'RX4-W01');
      await page.evaluate(() => ((window as unknown as { kioskMarker: number }).kioskMarker = 3));

      deployed = JSON.stringify({ version: `${JSON.parse(appVersion).version}-next` });
      await page.clock.fastForward(61_000);
      await page.getByTestId('update-notice').waitFor({ timeout: 15_000 });
      expect(await text(page, '[data-testid="update-notice"]')).toBe('A new version of WardPulse is ready — updating…');
      expect(await axeViolations(page)).toEqual([]);
      await page.clock.fastForward(6_000);
      await eventually(
        async () =>
          (await page.evaluate(() => (window as unknown as { kioskMarker?: number }).kioskMarker).catch(() => 3)) === undefined
            ? true
            : undefined,
        30_000,
      );
      await waitForBoard(page, 'RX4-W01');
      expect(await page.getByTestId('update-notice').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it("reloads itself when an administrator asks, and says so when the screen's link is revoked", async () => {
    const { record, token } = await createDisplay('Reload and revoke wall', 'trust:RX4');
    const page = await openKiosk(token);
    try {
      await waitForBoard(page, 'RX4-W01');
      await page.evaluate(() => ((window as unknown as { kioskMarker: number }).kioskMarker = 5));
      const admin = await signIn(app.url, 'admin@wardpulse.example');

      const reload = await callAs(app.url, admin, 'POST', '/admin/display-tokens/reload', { tokenIds: [record.id] });
      expect(reload.status).toBe(202);
      await page.getByTestId('update-notice').waitFor({ timeout: 15_000 });
      expect(await text(page, '[data-testid="update-notice"]')).toMatch(
        /An administrator asked this screen to reload — updating…/,
      );
      // A new document, on the same screen, live again without anyone touching it.
      await eventually(
        async () =>
          (await page.evaluate(() => (window as unknown as { kioskMarker?: number }).kioskMarker).catch(() => 5)) === undefined
            ? true
            : undefined,
        30_000,
      );
      await waitForBoard(page, 'RX4-W01');

      expect((await callAs(app.url, admin, 'DELETE', `/admin/display-tokens/${record.id}`)).status).toBeLessThan(300);
      const notice = page.getByTestId('kiosk-link-problem');
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.locator('h1').textContent()).toBe(
        "This screen's link was revoked — ask an administrator for a new one",
      );
      // No numbers left on screen to be mistaken for live ones.
      expect(await page.locator('[data-ward-id]').count()).toBe(0);
      await page.screenshot({ path: artefactPath('kiosk-revoked-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

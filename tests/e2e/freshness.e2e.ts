/**
 * Wards not reporting on a board, in Chromium against the built app (#15 item 1, domain.md
 * "Freshness"): a trust board says "N wards not reporting" and names them, leaves them out of its
 * totals and shows their tiles as not reporting; a PICU whose limit passes while the board watches
 * joins them with no new fact. Axe-clean in both states.
 *
 * Every RX4 ward reports fresh figures except two: an adult acute ward whose report is 13 h old
 * (past the shipped 12 h limit as it arrives) and a PICU (limit 30 s here) whose report is 15 s old
 * when sent, so it passes its limit about 15 s later.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { bedState, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const PICU_LIMIT_MS = 30_000;

interface OrgWard {
  id: string;
  name: string;
  trustOds: string;
  type: string;
  commissionedBeds: number;
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('wards not reporting on a board in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp({
      web: true,
      freshness: { limits: { notReportingAfterMs: 12 * 3_600_000, byWardType: { picu: PICU_LIMIT_MS } } },
    });
    key = await app.createKey(['RX4']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('names the wards not reporting, leaves them out of the totals, and adds a PICU as it passes its limit', async () => {
    const org = (await (await fetch(`${app.url}/api/v1/org`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      wards: OrgWard[];
    };
    const wards = org.wards.filter((ward) => ward.trustOds === 'RX4');
    const old = wards.find((ward) => ward.type === 'adult-acute')!;
    const picu = wards.find((ward) => ward.type === 'picu')!;
    expect(old && picu).toBeTruthy();
    // Every ward three beds vacant: 3 × (wards − 1) while only the old one is out, 3 × (wards − 2) after.
    const states = wards.map((ward) =>
      bedState(ward.id, {
        commissioned: ward.commissionedBeds,
        closed: 0,
        closedReason: undefined,
        occupied: ward.commissionedBeds - 3,
        onLeave: 0,
        ...(ward.id === old.id ? { observedAt: new Date(Date.now() - 13 * 3_600_000).toISOString() } : {}),
        ...(ward.id === picu.id ? { observedAt: new Date(Date.now() - (PICU_LIMIT_MS - 15_000)).toISOString() } : {}),
      }),
    );
    expect((await postJson(`${app.url}/api/v1/bed-states`, { events: states }, key)).status).toBe(202);

    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/wall/trust/RX4`);
      await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
      // The old report: out of the totals from the start, named, its tile without figures.
      await eventually(async () =>
        (await text(page, '[data-testid="not-reporting-count"]')) === '1 ward not reporting' ? true : undefined,
      );
      expect(await text(page, '[data-testid="not-reporting-names"]')).toBe(old.name);
      expect(await text(page, '[data-testid="not-reporting"]')).toContain(
        'no report within their limits; left out of the totals',
      );
      const oldTile = `[data-ward-id="${old.id}"]`;
      expect(await page.locator(oldTile).getAttribute('data-reporting')).toBe('false');
      expect(await text(page, `${oldTile} [data-testid="not-reporting-badge"]`)).toBe('Not reporting');
      expect(await text(page, `${oldTile} [data-testid="tile-age"]`)).toMatch(/last report 13 h( \d+ min)? ago/);
      expect(await text(page, `${oldTile} [data-testid="vacant"]`)).toBe('—');
      await eventually(async () =>
        (await text(page, '[data-total="vacant"] dd')) === String(3 * (wards.length - 1)) ? true : undefined,
      );
      expect(await text(page, 'header')).toContain(`${wards.length - 1} reporting`);
      expect(await page.locator(`[data-ward-id="${picu.id}"]`).getAttribute('data-reporting')).toBe('true');
      expect(await axeViolations(page)).toEqual([]);

      // No new fact: the PICU passes its limit and the board follows.
      await page.locator(`[data-ward-id="${picu.id}"][data-reporting="false"]`).waitFor({ timeout: 30_000 });
      await eventually(async () =>
        (await text(page, '[data-testid="not-reporting-count"]')) === '2 wards not reporting' ? true : undefined,
      );
      // In board order (the wards' order in the organisation).
      const inOrder = wards.filter((ward) => ward.id === old.id || ward.id === picu.id).map((ward) => ward.name);
      expect(await text(page, '[data-testid="not-reporting-names"]')).toBe(inOrder.join(', '));
      expect(await text(page, '[data-total="vacant"] dd')).toBe(String(3 * (wards.length - 2)));
      expect(await text(page, 'header')).toContain(`${wards.length - 2} reporting`);
      await page.screenshot({ path: artefactPath('wall-not-reporting-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

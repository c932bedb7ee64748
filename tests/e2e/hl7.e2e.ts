/**
 * HL7 end to end in Chromium against the built app: an admission sent over a real MLLP connection
 * to a location no mapping covers is reported on the admin page, an administrator maps it to a ward
 * with the form, and from then on an A01 over MLLP changes that ward's tile on the open wall board
 * live. The admin page passes axe-core.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, artefactPath, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { adt, patient } from '../support/hl7-messages.js';
import { MllpClient } from '../support/mllp-client.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

const FEED = {
  id: 'rx4-pas',
  trustOds: 'RX4',
  secret: 'e2e-feed-secret-0123456789abcdef0123456',
  mllpPort: 0,
  allowFrom: ['127.0.0.1'],
};

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

describe('HL7 feed in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let client: MllpClient;

  beforeAll(async () => {
    app = await startTestApp({
      web: true,
      hl7: { feeds: [FEED], mllpPort: undefined, maxMessageBytes: 1024 * 1024, idleTimeoutMs: 15 * 60_000 },
    });
    client = await MllpClient.open(app.running.hl7Ports().get(FEED.id)!);
    browser = await launchChromium();
  });
  afterAll(async () => {
    client?.close();
    await browser?.close();
    await app?.close();
  });

  it('reports an unmapped location, maps it with the admin form, then an A01 over MLLP changes the tile live', async () => {
    const first = await client.send(adt({ event: 'A01', patient: patient(), location: 'ASHWD^R1^B1', at: Date.now() - 120_000 }));
    expect(first.code).toBe('AA');

    const admin = await openPage(browser, { width: 1280, height: 800 });
    await signInThroughForm(admin, app.url, 'admin@wardpulse.example', '/admin/hl7');
    // Reported, not guessed: the location waits on the admin page with its patient.
    const unmapped = admin.getByTestId('hl7-unmapped');
    await eventually(async () => {
      await admin.reload();
      await admin.getByRole('heading', { level: 1, name: 'HL7 feeds' }).waitFor();
      return (await unmapped.count()) > 0 ? true : undefined;
    });
    expect(await unmapped.locator('tbody tr').first().textContent()).toMatch(/ASHWD/);

    const wall = await openPage(browser);
    await wall.goto(`${app.url}/wall/trust/RX4`);
    await wall.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    const tile = '[data-ward-id="RX4-W05"]';
    await wall.locator(tile).waitFor();

    await unmapped.getByRole('button', { name: /Map to a ward/ }).click();
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('mapping-ward');
    await admin.getByLabel('Ward', { exact: true }).selectOption('RX4-W05');
    await admin.getByRole('button', { name: 'Map location' }).click();
    await admin.getByTestId('hl7-mappings').getByRole('rowheader', { name: 'ASHWD' }).waitFor();
    expect(await admin.getByText('Every location this feed has sent is mapped.').count()).toBe(1);
    await admin.screenshot({ path: artefactPath('hl7-admin-1280.png'), fullPage: true });
    expect(await axeViolations(admin)).toEqual([]);

    // The mapped patient now counts on the ward; then a new admission over MLLP changes the tile.
    const vacantNow = async () => Number(await text(wall, `${tile} [data-testid="vacant"]`));
    const before = await eventually(async () => {
      const vacant = await vacantNow();
      return Number.isFinite(vacant) && (await text(wall, `${tile} [data-testid="vacant"]`)) !== '' ? vacant : undefined;
    });
    const second = await client.send(adt({ event: 'A01', patient: patient(), location: 'ASHWD^R2^B4', at: Date.now() - 60_000 }));
    expect(second.code).toBe('AA');
    await eventually(async () => ((await vacantNow()) === before - 1 ? true : undefined));
    await wall.screenshot({ path: artefactPath('hl7-wall-after-a01.png') });
    await wall.context().close();
    await admin.context().close();
  });
});

/**
 * End to end in Chromium against the built app, for the trust-level measures and the bed finder:
 * an out-of-area placement posted through the API moves the collaborative board's active count live
 * (no reload), the bed finder shows and drops a ward as its vacancy comes and goes, the trust board
 * shows its escalation level, a trust with learning disability & autism wards shows its totals by KH03
 * sector, and the new pages pass axe-core (WCAG 2.2 AA rules) with zero violations.
 * Screenshots at 1920×1080 go to test-results/e2e for people to look at.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage } from '../support/browser.js';
import { bedState, eventually, postJson, startTestApp, stayEvent, type TestApp } from '../support/test-app.js';

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function waitForLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
}

const unique = () => randomBytes(6).toString('hex');

function placementEvent(
  placementId: string,
  event: 'started' | 'ended',
  occurredAt: Date,
  sendingTrust = 'RX3',
  why: { appropriate: boolean; reason: string } = { appropriate: false, reason: 'no-bed-available' },
) {
  return {
    eventId: `oap-${event}-${placementId}`,
    placementId,
    sendingTrust,
    event,
    occurredAt: occurredAt.toISOString(),
    ...(event === 'started'
      ? {
          details: {
            bedType: 'adult-acute',
            ...why,
            receivingProvider: { name: 'Priory Hospital Middleton St George', sector: 'independent' },
            distanceKm: 140,
            dailyCost: 650,
          },
        }
      : {}),
  };
}

function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}

function waitingList(
  service: string,
  standards: { standard: string; started: number; startedWithin: number }[],
  waiting: number,
) {
  const bands = { under2: 0, from2to4: 0, from4to6: 0, from6to18: 0, from18to52: 0, from52to78: 0, from78to104: 0, over104: 0 };
  bands.under2 = Math.floor(waiting * 0.3);
  bands.from2to4 = Math.floor(waiting * 0.3);
  bands.from6to18 = Math.floor(waiting * 0.2);
  bands.from52to78 = waiting - bands.under2 - bands.from2to4 - bands.from6to18;
  return {
    eventId: `wl-${unique()}`,
    trustOds: 'RX4',
    service,
    asOf: new Date(Date.now() - 60_000).toISOString(),
    periodStart: '2025-01-01',
    periodEnd: '2025-01-31',
    waiting,
    bands,
    medianWeeks: 3,
    p90Weeks: 40,
    referralsReceived: 120,
    referralsClosed: 100,
    standards,
  };
}

/** Bed states for every ward of a trust, so the screenshots show a fully reporting board. */
function wardStatesFor(wards: { id: string; commissionedBeds: number }[]) {
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

describe('measures and bed finder in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    key = await app.createKey(['RX4', 'RX3']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('counts a placement posted for a member trust on the collaborative board, live', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/wall/collaborative/nenc`);
      await waitForLive(page);
      await page.locator('[data-testid="oap-active"]').waitFor();
      await page.locator('[data-testid="member-trust"][data-ods="RX3"]').waitFor();
      await page.locator('[data-testid="member-trust"][data-ods="RX4"]').waitFor();
      await page.evaluate(() => ((window as unknown as { wardpulseMarker: number }).wardpulseMarker = 7));
      const before = Number(await text(page, '[data-testid="oap-active"]'));
      const inappropriateBefore = Number(await text(page, '[data-testid="oap-inappropriate"]'));

      const placementId = `e2e-${unique()}`;
      const started = placementEvent(placementId, 'started', new Date(Date.now() - 60_000));
      expect((await postJson(`${app.url}/api/v1/placements`, started, key)).status).toBe(202);
      await eventually(async () => (Number(await text(page, '[data-testid="oap-active"]')) === before + 1 ? true : undefined));
      expect(Number(await text(page, '[data-testid="oap-inappropriate"]'))).toBe(inappropriateBefore + 1);
      expect(await text(page, '[data-testid="member-trust"][data-ods="RX3"] [data-testid="member-oap-active"]')).not.toBe('0');

      const ended = placementEvent(placementId, 'ended', new Date());
      expect((await postJson(`${app.url}/api/v1/placements`, { events: [ended] }, key)).status).toBe(202);
      await eventually(async () => (Number(await text(page, '[data-testid="oap-active"]')) === before ? true : undefined));
      expect(Number(await text(page, '[data-testid="oap-ended"]'))).toBeGreaterThanOrEqual(1);
      expect(Number(await text(page, '[data-testid="oap-inappropriate-ended"]'))).toBeGreaterThanOrEqual(1);

      // Same document throughout: the counts changed without a reload.
      expect(await page.evaluate(() => (window as unknown as { wardpulseMarker?: number }).wardpulseMarker)).toBe(7);
    } finally {
      await page.context().close();
    }
  });

  it('labels the inappropriate (OAP01a–OAP04a) and all-OAP rows, and counts an appropriate placement in all OAPs only', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/wall/trust/RX3`);
      await waitForLive(page);
      const row = (kind: string) => page.locator(`[data-testid="oap-row"][data-kind="${kind}"]`);
      await row('inappropriate').waitFor();
      // Visible labels, and what a screen reader hears for each row.
      expect(await row('inappropriate').locator('th [aria-hidden="true"]').textContent()).toBe('Inappropriate');
      expect(await row('all').locator('th [aria-hidden="true"]').textContent()).toBe('All OAPs');
      expect(await row('inappropriate').locator('th .visually-hidden').textContent()).toMatch(
        /no local bed was available \(published measures OAP01a to OAP04a\)/,
      );
      expect(await row('all').locator('th .visually-hidden').textContent()).toMatch(/whatever the reason/);
      const number = async (testId: string) => Number(await text(page, `[data-testid="${testId}"]`));
      const before = { all: await number('oap-started'), inappropriate: await number('oap-inappropriate-started') };

      // Patient choice: an out-of-area placement, but not an inappropriate one.
      const choice = placementEvent(`e2e-${unique()}`, 'started', new Date(Date.now() - 60_000), 'RX3', {
        appropriate: true,
        reason: 'patient-choice',
      });
      expect((await postJson(`${app.url}/api/v1/placements`, choice, key)).status).toBe(202);
      await eventually(async () => ((await number('oap-started')) === before.all + 1 ? true : undefined));
      expect(await number('oap-inappropriate-started')).toBe(before.inappropriate);
      await page.screenshot({ path: artefactPath('measures-oap-labels-RX3-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows a ward on the bed finder while it has a vacant bed, live', async () => {
    const page = await openPage(browser);
    try {
      // Female PICU beds in the NENC collaborative: RX3-W03 and RX4-W03 are the female PICUs (demo organisation).
      const full = (wardId: string) => bedState(wardId, { commissioned: 10, closed: 0, occupied: 10, onLeave: 0 });
      expect((await postJson(`${app.url}/api/v1/bed-states`, { events: [full('RX3-W03'), full('RX4-W03')] }, key)).status).toBe(
        202,
      );

      await page.goto(`${app.url}/bed-finder?scope=collaborative:nenc&type=picu&sex=female`);
      await page.locator('[data-testid="bed-finder-connection"][data-live="true"]').waitFor({ timeout: 30_000 });
      await eventually(async () => ((await page.locator('[data-testid="bed-finder-none"]').count()) === 1 ? true : undefined));
      expect(await page.locator('#finder-type').inputValue()).toBe('picu');
      expect(await page.locator('#finder-sex').inputValue()).toBe('female');
      expect(await page.locator('#finder-area').inputValue()).toBe('collaborative:nenc');
      expect(await text(page, '[data-testid="bed-finder-coverage"]')).toMatch(
        /2 wards in North East and North Cumbria match; 2 of them have reported/,
      );

      const vacant = bedState('RX4-W03', { commissioned: 10, closed: 0, occupied: 7, onLeave: 1 });
      expect((await postJson(`${app.url}/api/v1/bed-states`, vacant, key)).status).toBe(202);
      const row = '[data-testid="bed-finder-row"][data-ward-id="RX4-W03"]';
      await page.locator(row).waitFor();
      expect(await text(page, `${row} [data-testid="bed-finder-vacant"]`)).toBe('2');
      expect(await text(page, '[data-testid="bed-finder-count"]')).toMatch(/^1 ward with a vacant PICU bed for a female patient/);
      expect(await page.locator('[data-testid="bed-finder-row"]').count()).toBe(1);
      await page.screenshot({ path: artefactPath('bed-finder-nenc-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);

      const fullAgain = bedState('RX4-W03', { commissioned: 10, closed: 0, occupied: 9, onLeave: 1 });
      expect((await postJson(`${app.url}/api/v1/bed-states`, fullAgain, key)).status).toBe(202);
      await page.locator(row).waitFor({ state: 'detached' });
      await page.locator('[data-testid="bed-finder-none"]').waitFor();
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('keeps the search in the URL when a control changes', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/bed-finder?scope=trust:RX4`);
      await page.locator('[data-testid="bed-finder-connection"][data-live="true"]').waitFor({ timeout: 30_000 });
      await page.locator('#finder-sex').selectOption('male');
      await eventually(() => (new URL(page.url()).searchParams.get('sex') === 'male' ? true : undefined));
      expect(new URL(page.url()).searchParams.get('scope')).toBe('trust:RX4');
    } finally {
      await page.context().close();
    }
  });

  it('shows the escalation level and the measures on a fully reporting trust board that fits 1080p', async () => {
    const org = (await (await fetch(`${app.url}/api/v1/org`)).json()) as {
      wards: { id: string; trustOds: string; commissionedBeds: number }[];
    };
    const rx4Wards = org.wards.filter((ward) => ward.trustOds === 'RX4');
    expect((await postJson(`${app.url}/api/v1/bed-states`, { events: wardStatesFor(rx4Wards) }, key)).status).toBe(202);
    const placementId = `e2e-${unique()}`;
    const started = placementEvent(placementId, 'started', new Date(Date.now() - 3 * 86_400_000), 'RX4');
    expect((await postJson(`${app.url}/api/v1/placements`, started, key)).status).toBe(202);
    const lists = [
      waitingList(
        'talking-therapies',
        [
          { standard: '6-weeks', started: 200, startedWithin: 142 },
          { standard: '18-weeks', started: 200, startedWithin: 193 },
        ],
        1240,
      ),
      waitingList('early-intervention-psychosis', [{ standard: '2-weeks', started: 40, startedWithin: 27 }], 85),
      waitingList('community-mental-health', [{ standard: '4-weeks', started: 300, startedWithin: 160 }], 2300),
    ];
    expect((await postJson(`${app.url}/api/v1/waiting-lists`, { events: lists }, key)).status).toBe(202);
    const videoDay = {
      eventId: `video-${unique()}`,
      trustOds: 'RX4',
      date: londonToday(),
      observedAt: new Date(Date.now() - 60_000).toISOString(),
      counts: { '01': 420, '02': 130, '11': 95 },
    };
    expect((await postJson(`${app.url}/api/v1/video-consultations`, videoDay, key)).status).toBe(202);
    // The single point of access so far today: 52 received, 30 accepted, 12 declined, 10 pending.
    const referrals = {
      eventId: `referrals-${unique()}`,
      trustOds: 'RX4',
      date: londonToday(),
      service: 'single-point-of-access',
      observedAt: new Date(Date.now() - 60_000).toISOString(),
      received: 52,
      accepted: 30,
      declined: 12,
      pending: 10,
    };
    expect((await postJson(`${app.url}/api/v1/referrals`, referrals, key)).status).toBe(202);

    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/wall/trust/RX4`);
      await waitForLive(page);
      await page.locator('[data-testid="escalation-level"]').waitFor();
      expect(await page.locator('[data-testid="escalation-level"]').getAttribute('data-level')).toMatch(/^(1|2|3|4|none)$/);
      await eventually(async () => ((await text(page, '[data-testid="oap-active"]')) === '1' ? true : undefined));
      await eventually(async () => ((await text(page, '[data-testid="video-today"]')) === '95' ? true : undefined));
      expect(await text(page, '[data-testid="contacts-today"]')).toBe('645');
      // Face to face (01) and telephone (02) beside video (11).
      expect(await text(page, '[data-testid="face-to-face-today"]')).toBe('420');
      expect(await text(page, '[data-testid="telephone-today"]')).toBe('130');
      // In one line, labelled: each label precedes its figure in the document (shown after it).
      expect(await text(page, '[data-panel="video"] .today')).toMatch(/^video\s*95\s*face to face\s*420\s*telephone\s*130$/);
      // Referrals today: 30 of the 42 decided accepted, 71%.
      await eventually(async () => ((await text(page, '[data-testid="referrals-today-received"]')) === '52' ? true : undefined));
      expect(await text(page, '[data-testid="referrals-today-accepted"]')).toBe('30');
      expect(await text(page, '[data-testid="referrals-today-acceptance"]')).toBe('71%');
      await page.locator('[data-testid="waiting-list-service"][data-service="talking-therapies"]').waitFor();
      // Worst first: Talking Therapies misses its 6-week target (71% of 75%) by the most.
      expect(await page.locator('[data-testid="waiting-list-service"]').first().getAttribute('data-service')).toBe(
        'talking-therapies',
      );
      expect(await text(page, '[data-service="talking-therapies"] [data-verdict="not-met"]')).toContain('Not met');
      // Median, 90th percentile, wait bands and referrals, as the trust reported them (not estimated).
      const tt = '[data-testid="waiting-list-service"][data-service="talking-therapies"]';
      expect(await text(page, `${tt} [data-testid="waiting-median"]`)).toBe('3 wk');
      expect(await text(page, `${tt} [data-testid="waiting-p90"]`)).toBe('40 wk');
      expect(await page.locator(`${tt} [data-testid="percentiles-estimated"]`).count()).toBe(0);
      expect(await text(page, `${tt} [data-testid="referrals-received"]`)).toBe('120');
      expect(await text(page, `${tt} [data-testid="referrals-closed"]`)).toBe('100');
      // 1,240 waiting: 372 up to 2 weeks, 372 over 2 up to 4, 248 over 6 up to 18, 248 over 52 up to 78.
      const bars = page.locator(`${tt} [data-testid="wait-band"]`);
      expect(await bars.count()).toBe(8);
      expect(await bars.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-count')))).toEqual([
        '372',
        '372',
        '0',
        '248',
        '0',
        '248',
        '0',
        '0',
      ]);
      expect(await text(page, `${tt} [data-testid="waiting-more-than-52-weeks"]`)).toBe('248');
      expect(await text(page, `${tt} [data-testid="wait-bands-text"]`)).toContain('Over 52, up to 78 weeks 248');
      // Each standard's share with its denominator: 142 of the 200 referrals finishing treatment.
      expect(await text(page, `${tt} [data-standard="6-weeks"] [data-testid="standard-denominator"]`)).toBe(
        '142 of 200 finishing treatment',
      );
      expect(await text(page, `${tt} [data-standard="6-weeks"] .visually-hidden`)).toMatch(
        /^First treatment within 6 weeks of referral: 142 of 200 referrals that finished a course of treatment in the period, 71%, against a target of 75%, not met$/,
      );
      await page.screenshot({ path: artefactPath('measures-trust-RX4-1080p.png') });
      // The "Not met" badge is drawn whole: inside its panel, not cut by its edge.
      const badge = await page.locator(`${tt} [data-verdict="not-met"] .verdict`).boundingBox();
      const panel = await page.locator('[data-panel="waiting-lists"]').boundingBox();
      expect(badge!.y).toBeGreaterThanOrEqual(panel!.y);
      expect(badge!.y + badge!.height).toBeLessThanOrEqual(panel!.y + panel!.height);
      expect(badge!.x + badge!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
      // Every ward reports: the whole board must fit the screen without scrolling.
      const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      await page.screenshot({ path: artefactPath('measures-trust-RX4-1080p.png') });
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows length of stay once a ward sends stays, live, and the trust board still fits 1080p', async () => {
    // The test above has every RX4 ward reporting: the board is as full as a trust board gets.
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/wall/trust/RX4`);
      await waitForLive(page);
      await page.locator('[data-ward-id]').first().waitFor();
      // No ward has sent stays yet: no panel.
      expect(await page.locator('[data-panel="stays"]').count()).toBe(0);
      // RX4-W01: in for 95, 65 and 30 nights and one admitted today; one discharged today after 12 nights.
      const stay = (stayRef: string, admitted: number, discharged: number | null) =>
        stayEvent('RX4-W01', stayRef, admitted, discharged);
      const events = [stay('S1', 95, null), stay('S2', 65, null), stay('S3', 30, null), stay('S4', 0, null), stay('S5', 12, 0)];
      expect((await postJson(`${app.url}/api/v1/stays`, { events }, key)).status).toBe(202);
      // Nights now 0, 30, 65, 95 → median (30 + 65) / 2 = 47.5; 65 and 95 are 60+, 95 is 90+.
      await expect.poll(() => text(page, '[data-testid="stays-median"]'), { timeout: 15_000 }).toBe('47.5 nights');
      expect(await text(page, '[data-testid="stays-60-plus"]')).toBe('2');
      expect(await text(page, '[data-testid="stays-90-plus"]')).toBe('1');
      expect(await text(page, '[data-testid="stays-admitted-today"]')).toBe('1');
      expect(await text(page, '[data-testid="stays-discharged-today"]')).toBe('1');
      // Screen readers hear the label as a phrase (the short one on the wall is hidden from them).
      expect(await text(page, '[data-panel="stays"] dt .visually-hidden')).toBe(
        'Median current length of stay of the 4 people in now, on the 1 ward sending stays',
      );
      expect(await page.locator('[data-panel="stays"] dt [aria-hidden="true"]').first().textContent()).toBe('median stay');
      // Every figure inside its panel (wrapped, not cut), and the whole board on the screen.
      const panel = (await page.locator('[data-panel="stays"]').boundingBox())!;
      for (const figure of await page.locator('[data-panel="stays"] dd').all()) {
        const box = (await figure.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
        expect(box.y + box.height).toBeLessThanOrEqual(panel.y + panel.height);
      }
      await page.screenshot({ path: artefactPath('measures-trust-RX4-stays-1080p.png') });
      const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('shows the totals of a trust with learning disability & autism wards by KH03 sector, and still fits 1080p', async () => {
    const org = (await (await fetch(`${app.url}/api/v1/org`)).json()) as {
      wards: { id: string; trustOds: string; type: string; commissionedBeds: number }[];
    };
    const rx3Wards = org.wards.filter((ward) => ward.trustOds === 'RX3');
    const states = wardStatesFor(rx3Wards);
    expect((await postJson(`${app.url}/api/v1/bed-states`, { events: states }, key)).status).toBe(202);
    const sector = (ld: boolean) => {
      const inSector = states.filter((_, index) => (rx3Wards[index]!.type === 'learning-disability-autism') === ld);
      const open = inSector.reduce((sum, state) => sum + state.commissioned - state.closed, 0);
      const inBeds = inSector.reduce((sum, state) => sum + state.occupied + state.onLeave, 0);
      return `${Math.round((inBeds / open) * 100)}%`;
    };
    expect(rx3Wards.some((ward) => ward.type === 'learning-disability-autism')).toBe(true);

    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/wall/trust/RX3`);
      await waitForLive(page);
      const occupancy = (name: string) =>
        text(page, `[data-testid="kh03-sector"][data-sector="${name}"] [data-testid="kh03-sector-occupancy"]`);
      await eventually(async () => ((await occupancy('learning-disabilities')) === sector(true) ? true : undefined));
      expect(await occupancy('mental-illness')).toBe(sector(false));
      const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      await page.screenshot({ path: artefactPath('measures-trust-RX3-kh03-sectors-1080p.png') });
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('passes axe on the collaborative board with its member trusts, percentiles estimated from the summed bands', async () => {
    // Talking Therapies lists of RX3 and RX4: the collaborative's median and p90 are estimates.
    const rx3 = {
      ...waitingList('talking-therapies', [{ standard: '6-weeks', started: 100, startedWithin: 80 }], 400),
      trustOds: 'RX3',
    };
    const rx4 = waitingList('talking-therapies', [{ standard: '6-weeks', started: 200, startedWithin: 142 }], 1240);
    expect((await postJson(`${app.url}/api/v1/waiting-lists`, { events: [rx3, rx4] }, key)).status).toBe(202);
    const page = await openPage(browser);
    try {
      await page.goto(`${app.url}/wall/collaborative/nenc`);
      await waitForLive(page);
      await page.locator('[data-testid="member-trust"][data-ods="RX3"]').waitFor();
      await page.locator('[data-testid="escalation-level"]').first().waitFor();
      const tt = '[data-testid="waiting-list-service"][data-service="talking-therapies"]';
      await page.locator(`${tt} [data-testid="percentiles-estimated"]`).waitFor();
      expect(await text(page, `${tt} [data-testid="percentiles-estimated"]`)).toBe('est. from bands');
      expect(await text(page, `${tt} [data-testid="waiting-median"] + .visually-hidden`)).toMatch(
        /weeks?, estimated from the wait bands$/,
      );
      await page.screenshot({ path: artefactPath('measures-collaborative-nenc-1080p.png') });
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

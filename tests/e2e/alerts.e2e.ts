/**
 * Alerting end to end in Chromium against the built app: an alert fires from ingested facts; the
 * person on call hears it in the app (toast) while the wall board shows a banner; they acknowledge
 * it in the browser, and the escalation stops — the second level is never paged, however long it
 * fires. A rule created through the form fires too. axe-core finds no WCAG 2.2 AA violations on the
 * alerting pages, and screenshots of each are kept as artefacts.
 */
import type { AlertSummary } from '@wardpulse/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { callAs, setUpOnCallChain, signIn, type SignedIn } from '../support/people.js';
import { bedState, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const DESK = { width: 1280, height: 800 };
const RULE = 'Ten waiting for a bed at CNTW';

describe('alerting in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let key: string;
  let admin: SignedIn;
  let onCall: SignedIn;
  let bedManager: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    browser = await launchChromium();
    key = await app.createKey(['RX4']);
    [admin, onCall, bedManager] = await Promise.all([
      signIn(app.url, 'admin@wardpulse.example'),
      signIn(app.url, 'on-call@wardpulse.example'),
      signIn(app.url, 'bed-manager@wardpulse.example'),
    ]);
    await setUpOnCallChain(app.url, admin, [onCall, bedManager], { waitMinutes: 10, repeats: 2 });
    for (const person of [onCall, bedManager]) {
      const point = await callAs(app.url, person, 'POST', '/me/contact-points', {
        kind: 'in-app',
        label: 'WardPulse',
        severities: ['warning', 'critical'],
        settings: { sound: true, browserNotification: false },
      });
      expect(point.status).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function withPage<T>(viewport: { width: number; height: number }, work: (page: Page) => Promise<T>): Promise<T> {
    const page = await openPage(browser, viewport);
    try {
      return await work(page);
    } finally {
      await page.context().close();
    }
  }

  it('creates a rule in the form; it fires, pages the person on call, shows on the wall; acknowledging in the browser stops the escalation', async () => {
    // The admin writes the rule through the form.
    await withPage(DESK, async (page) => {
      await signInThroughForm(page, app.url, 'admin@wardpulse.example', '/alerts/rules');
      await page.getByLabel('Name', { exact: true }).fill(RULE);
      await page.getByLabel('Watches').selectOption('trust:RX4');
      await page.getByRole('radio', { name: /^Critical/ }).check();
      await page.getByRole('radio', { name: 'A live figure crosses a threshold' }).check();
      await page.getByLabel('Figure', { exact: true }).selectOption('pendingAdmissions');
      await page.getByLabel('Comparison').selectOption('>=');
      await page.getByLabel('Threshold', { exact: true }).fill('10');
      await page.getByLabel('Pending period (minutes)').fill('0');
      await page.getByLabel('Keep-firing period (minutes)').fill('0');
      await page.getByLabel('Description', { exact: true }).fill('Ten or more people are waiting for an admission.');
      await page.getByRole('button', { name: 'Create rule' }).click();
      await page.getByRole('button', { name: `Edit ${RULE}` }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: artefactPath('alerts-rules-1280.png'), fullPage: true });
    });
    const rules = (await callAs(app.url, admin, 'GET', '/alert-rules?scope=trust:RX4')).body.rules as {
      name: string;
      condition: unknown;
    }[];
    expect(rules.find((rule) => rule.name === RULE)?.condition).toEqual({
      kind: 'threshold',
      figure: 'pendingAdmissions',
      comparator: '>=',
      value: 10,
    });

    const person = await openPage(browser, DESK);
    const wall = await openPage(browser, { width: 1920, height: 1080 });
    try {
      await signInThroughForm(person, app.url, 'on-call@wardpulse.example', '/alerts');
      await person.getByRole('heading', { level: 1 }).waitFor();
      await wall.goto(`${app.url}/wall/trust/RX4`);
      await wall.getByTestId('board').or(wall.locator('main')).first().waitFor();

      expect((await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W05', { pendingAdmissions: 11 }), key)).status).toBe(
        202,
      );

      // The wall screen shows the banner; the person on call gets an in-app notification.
      const banner = wall.getByRole('region', { name: 'Open alerts' });
      await banner.getByText(RULE).waitFor({ timeout: 15_000 });
      expect(await banner.locator('li[data-severity="critical"]').count()).toBe(1);
      await wall.screenshot({ path: artefactPath('alerts-wall-banner-1080p.png') });
      expect(await axeViolations(wall)).toEqual([]);
      const toasts = person.getByRole('region', { name: 'Alert notifications' });
      await toasts.getByText(RULE).first().waitFor({ timeout: 15_000 });

      // The alerts page lists it (it polls); acknowledge with a note.
      await person.getByRole('button', { name: `Acknowledge ${RULE}` }).click({ timeout: 20_000 });
      const dialog = person.getByRole('dialog');
      await dialog.getByLabel('Note').fill('Phoning the site managers now');
      await person.screenshot({ path: artefactPath('alerts-acknowledge-dialog-1280.png') });
      await dialog.getByRole('button', { name: 'Acknowledge alert' }).click();
      await person
        .getByTestId('notice')
        .getByText(/acknowledged/i)
        .waitFor();
      expect(await axeViolations(person)).toEqual([]);
      await person.screenshot({ path: artefactPath('alerts-list-1280.png'), fullPage: true });

      const alert = (
        (await callAs(app.url, admin, 'GET', '/alerts?status=open&scope=trust:RX4')).body.alerts as AlertSummary[]
      ).find((candidate) => candidate.ruleName === RULE)!;
      expect(alert.acknowledgement).toMatchObject({ by: `user:${onCall.user.id}`, note: 'Phoning the site managers now' });
      // Hours on, still firing: nobody else is paged.
      await app.running.alerting.advanceEscalations(Date.parse(alert.firedAt) + 3 * 60 * 60_000);
      const detail = (await callAs(app.url, admin, 'GET', `/alerts/${alert.id}`)).body;
      expect(detail.status).toBe('firing');
      expect(detail.escalation.nextStepAt).toBeNull();
      expect(
        detail.deliveries.map((delivery: { personId: string; escalationLevel: number }) => [
          delivery.personId,
          delivery.escalationLevel,
        ]),
      ).toEqual([[onCall.user.id, 1]]);
      // The wall shows who acknowledged.
      await banner.locator('li[data-acknowledged="true"]').waitFor({ timeout: 15_000 });

      // The history in the browser.
      await person.goto(`${app.url}/alerts/${alert.id}`);
      await person.getByText('Phoning the site managers now').first().waitFor();
      expect(await axeViolations(person)).toEqual([]);
      await person.screenshot({ path: artefactPath('alerts-detail-1280.png'), fullPage: true });
    } finally {
      await person.context().close();
      await wall.context().close();
    }
  }, 120_000);

  it('shows who is on call and the person’s notification settings, accessibly', async () => {
    await withPage(DESK, async (page) => {
      await signInThroughForm(page, app.url, 'admin@wardpulse.example', '/on-call');
      const now = page.getByRole('list', { name: /On call now for Cumbria, Northumberland, Tyne and Wear/ });
      await now.waitFor();
      expect(await now.locator(`li[data-person-id="${onCall.user.id}"]`).getAttribute('data-level')).toBe('1');
      expect(await now.locator(`li[data-person-id="${bedManager.user.id}"]`).getAttribute('data-level')).toBe('2');
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: artefactPath('alerts-on-call-1280.png'), fullPage: true });

      await page.goto(`${app.url}/alerts/maintenance`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${app.url}/account/notifications`);
      await page.getByRole('radio', { name: 'Email', exact: true }).check();
      await page.getByLabel('Email address').fill('duty.manager@nhs.example');
      await page.getByRole('button', { name: 'Add contact point' }).click();
      await page.getByText('duty.manager@nhs.example').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: artefactPath('alerts-my-notifications-1280.png'), fullPage: true });
    });
    const points = (await callAs(app.url, admin, 'GET', '/me/contact-points')).body.contactPoints as {
      kind: string;
      summary: string;
    }[];
    expect(points).toContainEqual(expect.objectContaining({ kind: 'email', summary: 'duty.manager@nhs.example' }));
  }, 60_000);
});

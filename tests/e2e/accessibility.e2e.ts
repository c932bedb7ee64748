/**
 * WCAG 2.2 AA on every desk page, end to end in Chromium against the built app: each page, opened by
 * the demo person who uses it, has zero axe-core violations at a desk (1280×800) and on a phone
 * (375×812), and never scrolls sideways on the phone. Then a keyboard walk: the skip link, the header
 * navigation (and its menu button on a phone) and an alert's action dialog, with Tab, Shift+Tab and
 * Escape — focus visible, never trapped outside a dialog, given back when the dialog closes.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactPath, axeViolations, launchChromium, openPage, signInThroughForm } from '../support/browser.js';
import { callAs, setUpOnCallChain, signIn, type SignedIn } from '../support/people.js';
import { bedState, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const DESK = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const RULE = 'Accessibility check: ten waiting at CNTW';
/** The NHS focus colour (app.css --nhs-yellow) as the browser reports it. */
const FOCUS_YELLOW = 'rgb(255, 235, 59)';

/** Waits until a page has stopped saying it is loading (every page says so in a status message). */
async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForFunction(
    () =>
      !/Loading|Checking who is signed in|Asking the server|Connecting to live/.test(
        document.querySelector('main')?.textContent ?? '',
      ),
    undefined,
    { timeout: 20_000 },
  );
}

/** How far the page scrolls sideways (0 when it fits the screen). */
function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The innermost elements that stick out past the right edge, to say in a failure what overflows. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${[...element.classList]
        .filter((name) => !name.startsWith('svelte-'))
        .map((name) => `.${name}`)
        .join('')}`;
    // Inside a region that scrolls (or clips) sideways, only the region itself can push the page wider.
    // An absolutely positioned element is clipped only from its containing block (positioned) outwards.
    const clipped = (element: Element) => {
      let start = element.parentElement;
      if (getComputedStyle(element).position === 'absolute') {
        while (start && start !== document.body && getComputedStyle(start).position === 'static') start = start.parentElement;
      }
      for (let parent = start; parent && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
      }
      return false;
    };
    return [...document.querySelectorAll('main *, header *')]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5 && !clipped(element))
      .filter(
        (element) =>
          getComputedStyle(element).overflowX !== 'visible' ||
          ![...element.children].some((child) => child.getBoundingClientRect().right > width + 0.5),
      )
      .slice(0, 5)
      .map((element) => `${describe(element.parentElement!)} > ${describe(element)}`);
  });
}

interface Check {
  path: string;
  violations: Record<string, Awaited<ReturnType<typeof axeViolations>>>;
  /** What sticks out past the phone's right edge (nothing when the page fits). */
  overflow: string[];
}

/** axe at the desk and on the phone, and the phone's sideways scroll, for one page. */
async function checkPage(page: Page, path: string, ready?: (page: Page) => Promise<unknown>): Promise<Check> {
  await page.setViewportSize(DESK);
  await page.goto(path);
  await settled(page);
  await ready?.(page);
  const desk = await axeViolations(page);
  await page.setViewportSize(PHONE);
  const phone = await axeViolations(page);
  const overflow = (await sidewaysScroll(page)) > 0 ? await overflowing(page) : [];
  return { path: new URL(path).pathname, violations: { desk, phone }, overflow };
}

describe('accessibility of the desk pages in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: SignedIn;
  let alertId: string;
  let viewerId: string;

  beforeAll(async () => {
    app = await startTestApp({ web: true });
    browser = await launchChromium();
    const key = await app.createKey(['RX4']);
    const [onCall, bedManager] = await Promise.all([
      signIn(app.url, 'on-call@wardpulse.example'),
      signIn(app.url, 'bed-manager@wardpulse.example'),
    ]);
    admin = await signIn(app.url, 'admin@wardpulse.example');
    await setUpOnCallChain(app.url, admin, [onCall, bedManager], { waitMinutes: 10, repeats: 1 });
    const rule = await callAs(app.url, admin, 'POST', '/alert-rules', {
      name: RULE,
      scope: 'trust:RX4',
      condition: { kind: 'threshold', figure: 'pendingAdmissions', comparator: '>=', value: 10 },
      severity: 'critical',
      pendingForSeconds: 0,
      keepFiringForSeconds: 0,
      labels: { check: 'accessibility' },
      description: 'Ten or more people are waiting for an admission.',
      enabled: true,
    });
    expect(rule.status).toBe(201);
    expect((await postJson(`${app.url}/api/v1/bed-states`, bedState('RX4-W05', { pendingAdmissions: 12 }), key)).status).toBe(
      202,
    );
    alertId = await eventually(async () => {
      const open = await callAs(app.url, admin, 'GET', '/alerts?status=open&scope=trust:RX4');
      return (open.body.alerts as { id: string; ruleName: string }[]).find((alert) => alert.ruleName === RULE)?.id;
    });
    const people = (await callAs(app.url, admin, 'GET', '/admin/users')).body as { id: string; email: string }[];
    viewerId = people.find((person) => person.email === 'viewer@wardpulse.example')!.id;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function asPerson<T>(email: string | null, first: string, work: (page: Page) => Promise<T>): Promise<T> {
    const page = await openPage(browser, DESK);
    try {
      if (email) await signInThroughForm(page, app.url, email, first);
      return await work(page);
    } finally {
      await page.context().close();
    }
  }

  it('has an axe check that does find violations (so that "none" above means something)', async () => {
    const page = await openPage(browser, DESK);
    try {
      await page.setContent(
        '<!doctype html><html lang="en"><head><title>Broken on purpose</title></head><body><main><h1>Broken</h1>' +
          '<img src="tile.png"><p style="color:#bbb;background:#fff">Faint text</p><button></button></main></body></html>',
      );
      expect((await axeViolations(page)).map((violation) => violation.id).sort()).toEqual([
        'button-name',
        'color-contrast',
        'image-alt',
      ]);
    } finally {
      await page.context().close();
    }
  });

  it('finds no axe violations and no sideways scroll on any desk page, at 1280 px and 375 px', async () => {
    const checks: Check[] = [];
    const url = (path: string) => `${app.url}${path}`;
    const visit = async (page: Page, path: string, ready?: (page: Page) => Promise<unknown>) => {
      checks.push(await checkPage(page, url(path), ready));
    };

    // Two lanes at once (axe is CPU-bound in each page's renderer; the machine has two cores): the
    // administrator's pages, and everyone else's.
    const administration = () =>
      asPerson('admin@wardpulse.example', '/admin', async (page) => {
        for (const path of [
          '/admin/organisation',
          '/admin',
          '/admin/people',
          '/admin/people/new',
          `/admin/people/${viewerId}`,
          '/admin/api-keys',
          '/admin/display-tokens',
          '/admin/organisation/wards/RX4-W01',
          '/admin/hl7',
          '/admin/audit',
          '/admin/import',
        ]) {
          await visit(page, path);
        }
      });
    const everyoneElse = async () => {
      await asPerson(null, '/sign-in', (page) => visit(page, '/sign-in'));
      await asPerson('on-call@wardpulse.example', '/alerts', async (page) => {
        await visit(page, '/alerts', (p) => p.getByRole('button', { name: `Acknowledge ${RULE}` }).waitFor());
        await visit(page, `/alerts/${alertId}`, (p) => p.getByTestId('alert-history').waitFor());
        await visit(page, '/on-call', (p) => p.getByTestId('on-call-now').waitFor());
        await visit(page, '/summary/trust/RX4', (p) => p.getByTestId('summary-alerts').waitFor());
        await visit(page, '/account/notifications');
      });
      await asPerson('bed-manager@wardpulse.example', '/', async (page) => {
        await visit(page, '/', (p) => p.getByRole('heading', { name: 'Trusts' }).waitFor());
        await visit(page, '/bed-finder?scope=trust:RX4', (p) =>
          p.getByTestId('bed-finder-results').or(p.getByTestId('bed-finder-none')).waitFor(),
        );
        await visit(page, '/trusts/RX4/update', (p) => p.getByTestId('trust-figures-form').waitFor());
      });
      await asPerson('executive@wardpulse.example', '/trends', (page) =>
        visit(page, '/trends?metric=occupancyIncludingLeave&scope=trust:RX4&grain=day', (p) =>
          p.getByTestId('trend-chart').waitFor(),
        ),
      );
      // Alerting as someone who manages it: the rule and window forms, rotas and escalation.
      await asPerson('admin@wardpulse.example', '/alerts/rules', async (page) => {
        await visit(page, '/alerts/rules', (p) => p.getByRole('button', { name: `Edit ${RULE}` }).waitFor());
        await visit(page, '/alerts/maintenance');
        await visit(page, '/on-call', (p) => p.getByTestId('rotas-table').waitFor());
      });
    };
    await Promise.all([administration(), everyoneElse()]);

    const failures = checks.filter(
      (check) => check.overflow.length > 0 || check.violations.desk!.length > 0 || check.violations.phone!.length > 0,
    );
    expect(failures).toEqual([]);
    expect(checks.length).toBe(24);
  }, 180_000);

  it('walks the header with the keyboard: skip link, navigation, the phone menu button', async () => {
    await asPerson('on-call@wardpulse.example', '/alerts', async (page) => {
      await settled(page);
      const focused = () =>
        page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          const box = element?.getBoundingClientRect();
          return {
            text: element?.textContent?.trim().replace(/\s+/g, ' ') ?? '',
            id: element?.id ?? '',
            background: element ? getComputedStyle(element).backgroundColor : '',
            visible: box !== undefined && box.bottom > 0 && box.top < innerHeight && box.width > 0,
          };
        });

      // The first Tab reaches the skip link, shown while it has focus; Enter moves focus to the page's main content.
      await page.keyboard.press('Tab');
      expect(await focused()).toMatchObject({ text: 'Skip to main content', visible: true, background: FOCUS_YELLOW });
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main-content');
      await page.keyboard.press('Tab');
      expect((await focused()).text).toBe('Alerts');
      expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);

      // From the top again: forwards through the header, each stop with the yellow focus state, then back with Shift+Tab.
      await page.goto(`${app.url}/alerts`);
      await settled(page);
      const forwards: Awaited<ReturnType<typeof focused>>[] = [];
      for (let step = 0; step < 10; step++) {
        await page.keyboard.press('Tab');
        forwards.push(await focused());
      }
      expect(forwards.every((stop) => stop.visible && stop.background === FOCUS_YELLOW)).toBe(true);
      expect(forwards.map((stop) => stop.text)).toEqual([
        'Skip to main content',
        'WardPulse',
        'Wall boards',
        'Bed finder',
        'Trends',
        'Alerts',
        'On call',
        'Sitreps',
        'My notifications',
        'Sign out',
      ]);
      await page.keyboard.press('Shift+Tab');
      expect((await focused()).text).toBe('My notifications');
      await page.keyboard.press('Shift+Tab');
      expect((await focused()).text).toBe('Sitreps');
      await page.keyboard.press('Shift+Tab');
      expect((await focused()).text).toBe('On call');

      // On a phone the links sit behind the menu button: closed, open with Enter, Escape closes and keeps focus on it.
      await page.setViewportSize(PHONE);
      await page.goto(`${app.url}/alerts`);
      await settled(page);
      const menu = page.getByRole('button', { name: 'Menu' });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect((await focused()).text).toBe('Menu');
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Tab');
      expect(await focused()).toMatchObject({ text: 'Wall boards', visible: true, background: FOCUS_YELLOW });
      await page.keyboard.press('Tab');
      expect((await focused()).text).toBe('Bed finder');
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect((await focused()).text).toBe('Menu');
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      // Opened again, a link navigates and the menu closes behind it.
      await page.keyboard.press('Enter');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'On call' }).click();
      await page.waitForURL((url) => url.pathname === '/on-call');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
    });
  }, 60_000);

  it('keeps focus inside an alert’s action dialog, closes it with Escape and gives focus back', async () => {
    await asPerson('on-call@wardpulse.example', '/alerts', async (page) => {
      await page.setViewportSize(PHONE);
      const acknowledge = page.getByRole('button', { name: `Acknowledge ${RULE}` });
      await acknowledge.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      // It fits the phone's screen.
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(await sidewaysScroll(page)).toBe(0);

      // Where focus is: in the dialog, on the page behind it (never allowed), or out in the browser's own
      // controls (the native modal dialog lets Tab leave to them, and the next Tab comes back to the dialog).
      const focusPlace = () =>
        page.evaluate(() => {
          const element = document.activeElement;
          if (element === null || element === document.body) return 'browser';
          return element.closest('dialog[open]') ? 'dialog' : 'page';
        });
      expect(await focusPlace()).toBe('dialog');
      const places: string[] = [];
      for (const key of [
        'Tab',
        'Tab',
        'Tab',
        'Tab',
        'Tab',
        'Tab',
        'Shift+Tab',
        'Shift+Tab',
        'Shift+Tab',
        'Shift+Tab',
        'Shift+Tab',
      ]) {
        await page.keyboard.press(key);
        places.push(await focusPlace());
      }
      expect(places).not.toContain('page');
      expect(places.filter((place) => place === 'dialog').length).toBeGreaterThanOrEqual(8);
      // From the browser's controls, the next Tab comes back into the dialog.
      if (places.at(-1) === 'browser') await page.keyboard.press('Tab');
      expect(await focusPlace()).toBe('dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await acknowledge.evaluate((button) => button === document.activeElement)).toBe(true);
    });
  }, 60_000);
  it('builds a kiosk playlist with the keyboard alone, lists it, reloads screens and keeps focus when a token is revoked', async () => {
    await asPerson('admin@wardpulse.example', '/admin/display-tokens', async (page) => {
      await page.getByTestId('display-tokens-table').waitFor();
      const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
      await page.getByLabel('Screen name').fill('Bed bureau kiosk');
      await page.locator('#token-scope option[value="collaborative:nenc"]').waitFor({ state: 'attached' });
      await page.getByLabel('Board', { exact: true }).selectOption('collaborative:nenc');

      // Three views, each added with Enter on “Add a view”, which puts focus in the new view.
      const add = page.getByRole('button', { name: 'Add a view' });
      for (const [index, view] of [
        { kind: 'board' },
        { kind: 'bed-finder', scope: 'trust:RX4', wardType: 'picu' },
        { kind: 'alerts', scope: 'trust:RX4' },
      ].entries()) {
        await add.focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction((id) => document.activeElement?.id === id, `playlist-view-${index}-kind`);
        await page.keyboard.press('Tab');
        await page.locator(`#playlist-view-${index}-kind`).selectOption(view.kind);
        if (view.scope) await page.locator(`#playlist-view-${index}-scope`).selectOption(view.scope);
        if (view.wardType) await page.locator(`#playlist-view-${index}-ward-type`).selectOption(view.wardType);
      }
      // A new view starts on the token's board.
      expect(await page.locator('#playlist-view-0-scope').inputValue()).toBe('collaborative:nenc');

      // The alerts view moves up with Enter; focus stays on its Move up button, and the change is announced.
      await page.locator('#playlist-view-2-up').focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'playlist-view-1-up');
      expect(await page.locator('#playlist-view-1-kind').inputValue()).toBe('alerts');
      await page
        .getByTestId('playlist-editor')
        .getByRole('status')
        .getByText('View 3 moved up: it is now view 2 of 3.')
        .waitFor();

      // Too short an interval is caught before sending, beside the field and in the summary; axe-clean at both widths.
      await page.getByLabel('Seconds on each view').fill('5');
      await page.getByRole('button', { name: 'Create display token' }).press('Enter');
      await page.locator('#playlist-interval-error', { hasText: 'must be at least 10 seconds' }).waitFor();
      expect(await page.getByTestId('error-summary').textContent()).toMatch(/Seconds on each view must be at least 10 seconds/);
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize(PHONE);
      expect(await axeViolations(page)).toEqual([]);
      expect((await sidewaysScroll(page)) > 0 ? await overflowing(page) : []).toEqual([]);
      await page.screenshot({ path: artefactPath('phone-display-token-playlist-error.png'), fullPage: true });
      await page.setViewportSize(DESK);

      await page.getByLabel('Seconds on each view').fill('20');
      await page.getByRole('button', { name: 'Create display token' }).press('Enter');
      const link = await page.getByTestId('secret-value').inputValue();
      expect(link).toMatch(/\/kiosk\?token=/);
      const row = page.locator('tr[data-token-name="Bed bureau kiosk"]');
      await row.waitFor();
      expect(await row.getByTestId('token-playlist').textContent()).toMatch(/Rotates every 20 s/);
      expect(await row.getByTestId('token-playlist').locator('li').allTextContents()).toEqual([
        'Wall board: North East and North Cumbria (collaborative)',
        'Open alerts: Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust (RX4)',
        'Bed finder: Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust (RX4) · PICU',
      ]);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: artefactPath('accessibility-display-tokens-playlist-1280.png'), fullPage: true });

      // Reload every screen, then this one.
      await page.getByRole('button', { name: 'Reload all screens' }).press('Enter');
      await page
        .getByTestId('notice')
        .getByText(/1 screen was told to reload/)
        .waitFor();
      await row.getByRole('button', { name: /Reload this screen/ }).press('Enter');
      await page
        .getByTestId('notice')
        .getByText(/“Bed bureau kiosk” was told to reload/)
        .waitFor();
      const reloads = (await callAs(app.url, admin, 'GET', '/admin/audit?action=displays-reloaded')).body as {
        detail: { all: boolean };
      }[];
      expect(reloads.map((entry) => entry.detail.all).sort()).toEqual([false, true]);

      // Revoking takes its button away with it: focus goes to the main content, not to the document.
      await row.getByRole('button', { name: /Revoke/ }).press('Enter');
      await page.getByRole('dialog').getByRole('button', { name: 'Yes, revoke' }).press('Enter');
      await row.locator('.tag', { hasText: 'Revoked' }).waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'main-content');
      expect(await focusedId()).toBe('main-content');
    });
  }, 60_000);
});

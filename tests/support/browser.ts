/** The browser tests' helpers: Chromium (chromium.ts), pages, screenshots and axe-core. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from './test-app.js';

export { CHROMIUM_PATH, launchChromium, signInThroughForm } from './chromium.js';

/** Where screenshots and other artefacts of the browser tests go. */
export function artefactPath(name: string): string {
  const dir = join(projectRoot, 'test-results/e2e');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * A page in its own browser context: axe-core's Playwright runner needs one, and a fresh
 * context keeps session storage (display tokens) from leaking between tests.
 */
export async function openPage(browser: Browser, viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  // Callers close it with `page.context().close()`, awaited, so nothing rejects after the browser is gone.
  return context.newPage();
}

/** The axe-core rule tags of WCAG 2.2 A and AA (the project's accessibility standard). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's WCAG 2.2 AA violations on the page, compact enough to read in a failed assertion. */
export async function axeViolations(page: Page) {
  // Only violations are read: asking axe for nothing else spares it collecting every passing node.
  // Legacy mode runs axe in the page itself; the default assembles results from every frame in an
  // extra blank page, about a second a call here, for frames WardPulse pages do not have (measured on
  // 2 cores: 2.0 s a call by default, 1.1 s so; the 46-check walk 131 s before, 67 s after).
  const results = await new AxeBuilder({ page })
    .withTags(WCAG_TAGS)
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true)
    .analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
  }));
}

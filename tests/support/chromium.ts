/**
 * Debian's Chromium driven by playwright-core (test tools cannot download their own browser
 * here), and signing a demo person in through the form: what the browser tests and the browser
 * benchmarks (`npm run bench`) share. No vitest here, so bench/ can import it outside a test run.
 * Flags keep Chromium from reaching for the network this machine does not have.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.WARDPULSE_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Signs a demo person in through the sign-in form, landing on `next`. */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, next: string, password = 'wardpulse-demo') {
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next);
}

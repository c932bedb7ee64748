/**
 * Debian's Chromium driven by playwright-core (test tools cannot download their own browser
 * here). Flags keep it from reaching for the network this machine does not have.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from './test-app.js';

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

/** Where screenshots and other artefacts of the browser tests go. */
export function artefactPath(name: string): string {
  const dir = join(projectRoot, 'test-results/e2e');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

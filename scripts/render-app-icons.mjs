// `node scripts/render-app-icons.mjs`: renders the installable app's icons (web/static/icons/*.png)
// from web/static/favicon.svg, so the PNGs never drift from the one drawing. ImageMagick and rsvg are
// not on every machine; the Chromium the browser tests use is, and it draws SVG exactly as browsers do.
// Run it again after changing the favicon, and commit the PNGs (the build serves web/static as is).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { root } from './lib/setup.mjs';

const favicon = readFileSync(join(root, 'web/static/favicon.svg'), 'utf8');
const NHS_BLUE = '#005eb8';

// A maskable icon is cropped to a circle or squircle by the launcher: fill the whole square with the
// tile's blue and keep the drawing inside the central 80% "safe zone" (here scaled to 70%).
const maskable = favicon
  .replace(
    /^<svg[^>]*>/,
    `$&<rect width="32" height="32" fill="${NHS_BLUE}"/><g transform="translate(16 16) scale(0.7) translate(-16 -16)">`,
  )
  .replace(/<\/svg>\s*$/, '</g></svg>');

const ICONS = [
  { file: 'icon-192.png', size: 192, svg: favicon },
  { file: 'icon-512.png', size: 512, svg: favicon },
  { file: 'icon-maskable-192.png', size: 192, svg: maskable },
  { file: 'icon-maskable-512.png', size: 512, svg: maskable },
  { file: 'apple-touch-icon.png', size: 180, svg: maskable },
];

const browser = await chromium.launch({
  executablePath: process.env.WARDPULSE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const icon of ICONS) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    const source = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${source}" width="${icon.size}" height="${icon.size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((image) => image.decode());
    await page.screenshot({ path: join(root, 'web/static/icons', icon.file), omitBackground: true });
    process.stderr.write(`wrote web/static/icons/${icon.file}\n`);
  }
} finally {
  await browser.close();
}

// SvelteKit configuration for the WardPulse dashboard.
// The app is built with adapter-node into web/build; the Express server mounts build/handler.js
// as middleware on the same origin as /api/v1 and Socket.IO, so no CORS or base path is needed.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  vitePlugin: {
    // Runes everywhere in our own code; library components keep whatever mode they were written in.
    dynamicCompileOptions: ({ filename }) => (filename.includes('node_modules') ? undefined : { runes: true }),
  },
  kit: {
    adapter: adapter({ out: 'build' }),
    // Wall screens run for weeks: every minute the app asks for /_app/version.json, and a screen that
    // finds a new version reloads itself at a quiet moment (routes/(wall)/+layout.svelte).
    version: { pollInterval: 60_000 },
    csp: {
      // 'auto': nonces for pages rendered per request (all of ours: ssr is off, see +layout.ts),
      // hashes if a page is ever prerendered.
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        // No 'unsafe-inline' for styles: component CSS is emitted as files, Svelte 5 transitions use
        // the Web Animations API and `style:` directives use the CSSOM, none of which CSP blocks.
        'style-src': ['self'],
        // The one inline style attribute is SvelteKit's own route announcer (rendered after a client-side
        // navigation); allow exactly that attribute by hash. app.css hides the announcer as well, so a
        // SvelteKit upgrade that changes the attribute costs a console warning, not a visible glitch.
        'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        // Same-origin fetches to /api/v1 and the Socket.IO connection (ws/wss to the same host match 'self').
        'connect-src': ['self'],
        // The service worker (src/service-worker.ts, for web push) is served from this origin; SvelteKit's
        // registration script runs inside its nonce-bearing boot script.
        'worker-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;

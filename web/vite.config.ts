// Vite configuration for the WardPulse dashboard.
import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';

// @wardpulse/shared exports its TypeScript source under this condition, so the dashboard compiles the
// one definition of types and formulas directly instead of depending on a prior `tsc -b shared`.
const SHARED_SOURCE_CONDITION = 'wardpulse-source';

// Where `npm start` (the Express API + Socket.IO gateway) listens during development.
const API_ORIGIN = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  resolve: {
    conditions: [SHARED_SOURCE_CONDITION, ...defaultClientConditions],
  },
  ssr: {
    resolve: {
      conditions: [SHARED_SOURCE_CONDITION, ...defaultServerConditions],
    },
  },
  server: {
    // In production the same Express process serves the app, the API and Socket.IO from one origin;
    // the proxy recreates that single origin in development.
    proxy: {
      '/api': { target: API_ORIGIN },
      '/socket.io': { target: API_ORIGIN, ws: true },
    },
  },
});

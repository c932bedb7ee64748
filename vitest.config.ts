/**
 * Test tiers (style.md): unit `*.spec.ts` beside the source; integration tests against real
 * Redis and PostgreSQL/PGlite; end-to-end tests in Chromium against the built app.
 * Tests import workspace packages from their TypeScript source (`wardpulse-source` condition).
 */
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Vite's default server conditions, with the workspace source condition first.
const conditions = ['wardpulse-source', 'module', 'node', 'development|production'];

// Vitest's default is one worker fewer than the cores, which is one on a 2-core CI machine: every
// file then waits for the one before, though integration files spend much of their time waiting
// on Redis, PostgreSQL and child processes. Two at least (measured on 2 cores: the integration
// tier 378 s with one, 327 s with two). End-to-end files still go one at a time, after these.
// Integration and end-to-end files share their worker's modules (isolate: false) rather than
// import the whole server afresh for each file (~3 s each); every file starts and closes its own
// apps, so what they share is code, not state. The whole run: 940 s isolated, 740 s shared.
const maxWorkers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          maxWorkers,
          // Beside integration files on 2 cores the longest simulator specs (2–4 s alone) can pass 5 s.
          testTimeout: 20_000,
          include: ['shared/src/**/*.spec.ts', 'jobs/src/**/*.spec.ts', 'server/src/**/*.spec.ts', 'web/src/**/*.spec.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          maxWorkers,
          isolate: false,
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: two cores are shared with the app under test.
          fileParallelism: false,
          maxWorkers: 1,
          // After the unit and integration files, never beside them.
          sequence: { groupOrder: 1 },
          isolate: false,
        },
      },
    ],
  },
});

/**
 * Test tiers (style.md): unit `*.spec.ts` beside the source; integration tests against real
 * Redis and PostgreSQL/PGlite; end-to-end tests in Chromium against the built app.
 * Tests import workspace packages from their TypeScript source (`wardpulse-source` condition).
 */
import { defineConfig } from 'vitest/config';

// Vite's default server conditions, with the workspace source condition first.
const conditions = ['wardpulse-source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/src/**/*.spec.ts', 'jobs/src/**/*.spec.ts', 'server/src/**/*.spec.ts', 'web/src/**/*.spec.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
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
        },
      },
    ],
  },
});

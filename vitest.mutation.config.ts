import { defineConfig } from 'vitest/config';

/**
 * The pure domain's tests alone, for mutation testing (`npm run test:mutation`, stryker.config.mjs).
 * No globalSetup and no database: a mutation run never opens PGlite or PostgreSQL.
 *
 * Stryker's Vitest runner forces `pool: 'threads'`, but the slot engine's tests switch the process
 * time zone (src/domain/scheduling/test-helpers.ts), which only takes effect in a process of its
 * own; the plugin below puts the pool back to forks. If it ever stops working, those tests' own
 * check of the zone switch fails Stryker's initial run instead of passing in the wrong zone.
 */
export default defineConfig({
  plugins: [
    {
      name: 'stillpoint:domain-tests-in-forks',
      configureVitest({ vitest, project }) {
        vitest.config.pool = 'forks';
        project.config.pool = 'forks';
      },
    },
  ],
  test: {
    include: ['src/domain/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});

import { defineConfig } from 'vitest/config';

/**
 * The scheduling routes must answer the same whatever TZ the server process runs under (issue 4,
 * checklist D6). The "unit" project runs everything under the machine's zone (UTC on CI); these
 * files run again under each zone below, on PGlite only (an empty TEST_DATABASE_URL), to keep the
 * extra time small. tz.test.ts checks that each run really is in its zone. The pure slot engine's
 * tests switch zones themselves (src/domain/scheduling/test-helpers.ts).
 */
const TZ_MATRIX = [
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kathmandu',
  'Europe/Berlin',
  'Australia/Lord_Howe',
];
const TZ_FILES = [
  'src/server/features/scheduling/scheduling.test.ts',
  'src/server/features/scheduling/tz.test.ts',
];

// Unit (pure domain) and integration (real database) tests. Integration tests open PGlite
// (~0.5 GB each), so the worker count stays small on the 2-core machines.
export default defineConfig({
  test: {
    globalSetup: ['src/server/testing/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] } },
      ...TZ_MATRIX.map((zone) => ({
        extends: true as const,
        test: {
          name: `TZ=${zone}`,
          include: TZ_FILES,
          env: { TZ: zone, STILLPOINT_TEST_TZ: zone, TEST_DATABASE_URL: '' },
        },
      })),
    ],
  },
});

import { defineConfig } from 'vitest/config';
import LongestFirst from './src/server/testing/sequencer.ts';

/**
 * The scheduling routes must answer the same whatever TZ the server process runs under (issue 4,
 * checklist D6). The other projects run under the machine's zone (UTC on CI);
 * tz.test.ts runs again under each zone below, on PGlite only (an empty TEST_DATABASE_URL), and
 * checks that each run really is in its zone. It is the file whose answers depend on the process
 * zone: the routes across both DST transitions, slots and bookings read back as instants. The rest
 * of scheduling.test.ts (idempotency, buffers, hoarding, races) goes through the same slot engine,
 * whose own tests switch zones themselves (src/domain/scheduling/test-helpers.ts), so repeating it
 * per zone only repeated the work.
 */
const TZ_MATRIX = [
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kathmandu',
  'Europe/Berlin',
  'Australia/Lord_Howe',
];
const TZ_FILES = ['src/server/features/scheduling/tz.test.ts'];

/** Pure tests (no database, no server): one module graph shared by the files of a thread. */
const PURE = [
  'src/domain/**/*.test.ts',
  'src/web/**/*.test.ts',
  'src/web/**/*.test.tsx',
  'src/contracts/**/*.test.ts',
];
/**
 * Pure tests that set process.env.TZ (underProcessTimeZone): a worker thread cannot change the
 * zone of its Date, and a shared module graph must not see another file's zone, so they fork.
 */
const SWITCH_ZONES = [
  'src/domain/scheduling/dst.test.ts',
  'src/domain/scheduling/helpers.test.ts',
  'src/domain/scheduling/slots.property.test.ts',
];

// Integration tests open PGlite (~0.5 GB each) from the template global-setup.ts migrates once, so
// the worker count stays small on the 2-core machines.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    // Longest files first, from the kept durations on a clean checkout (src/server/testing/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'pure', include: PURE, exclude: SWITCH_ZONES, pool: 'threads', isolate: false },
      },
      { extends: true, test: { name: 'pure-tz', include: SWITCH_ZONES } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          exclude: PURE,
          // No test here mocks or stubs a module: the files of a fork share one module graph (each
          // still starts its own app and database) instead of importing the server again per file.
          isolate: false,
          globalSetup: ['src/server/testing/global-setup.ts'],
        },
      },
      ...TZ_MATRIX.map((zone) => ({
        extends: true as const,
        test: {
          name: `TZ=${zone}`,
          include: TZ_FILES,
          globalSetup: ['src/server/testing/global-setup.ts'],
          env: { TZ: zone, STILLPOINT_TEST_TZ: zone, TEST_DATABASE_URL: '' },
        },
      })),
    ],
  },
});

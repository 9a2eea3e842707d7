import { defineConfig } from 'vitest/config';
import LongestFirst from './src/server/testing/sequencer.ts';

// End-to-end tests: the built app served by the real server, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // Seeds the demo clinic once; each file's server starts on a copy (e2e/support.ts, startServer).
    globalSetup: ['e2e/global-setup.ts'],
    // Two files at a time, each with its own server, data folder and browser: a file spends much of
    // its time waiting on the browser or its server, so two share the 2-core CI machine well.
    pool: 'forks',
    maxWorkers: 2,
    // Longest files first, from the kept durations on a clean checkout (src/server/testing/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    fileParallelism: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/e2e.json' }]] : ['default'],
  },
});

import { defineConfig } from 'vitest/config';

// Unit (pure domain) and integration (real database) tests. Integration tests open PGlite
// (~0.5 GB each), so the worker count stays small on the 2-core machines.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    globalSetup: ['src/server/testing/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
  },
});

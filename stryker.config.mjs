// @ts-check
/**
 * Mutation testing of the pure domain: `npm run test:mutation` (not part of `npm test`, too slow
 * for every run). Mutates src/domain (not its tests or test helpers) and runs only the domain's
 * tests (vitest.mutation.config.ts: no database). Incremental: the last run's results are kept in
 * reports/mutation/ (gitignored) so a rerun only tests mutants in changed code or changed tests.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/domain/**/*.ts', '!src/domain/**/*.test.ts', '!src/domain/**/test-helpers.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (the rule tables and catalogues, built once at import) cannot be traced to the
  // tests that read them: each would re-run the whole domain suite in a fresh process. There are
  // ~1,650 of them (~40 s each, 18 h a run), so they are left out; the tables have their own tests.
  ignoreStatic: true,
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 85, low: 70, break: null },
  timeoutMS: 10_000,
};

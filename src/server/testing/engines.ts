/** Engine blocks of the integration tests that never hide a PostgreSQL run (issue 13). */
import { describe } from 'vitest';

/**
 * Why a PostgreSQL block did not run, in its title: `.ci/run` fails when a skipped test's name
 * carries this text, so PostgreSQL-only tests cannot silently stop running in CI.
 */
export const NEEDS_POSTGRES = 'skipped: needs TEST_DATABASE_URL';

/**
 * One `describe` per engine, `%s` in the title naming it (like `describe.each(ENGINES)`), except that
 * the PostgreSQL block is always registered: without TEST_DATABASE_URL it shows as skipped with the
 * reason instead of vanishing. The time-zone projects (vitest.config.ts) run PGlite only on purpose;
 * there the reason says so, and CI does not count it as a missing PostgreSQL run.
 */
export function describeEngines(
  title: string,
  fn: (engine: 'pglite' | 'postgres') => void,
  engines: readonly ('pglite' | 'postgres')[] = ['pglite', 'postgres'],
): void {
  for (const engine of engines) {
    const missing = engine === 'postgres' && !process.env.TEST_DATABASE_URL;
    const why = process.env.STILLPOINT_TEST_TZ
      ? 'skipped: PostgreSQL runs in the integration project, not the time-zone ones'
      : NEEDS_POSTGRES;
    describe.skipIf(missing)(`${title.replace('%s', engine)}${missing ? ` (${why})` : ''}`, () => fn(engine));
  }
}

/** A `describe` for PostgreSQL only (real concurrency, server features), skipped with the reason without it. */
export function describePostgres(title: string, fn: (engine: 'postgres') => void): void {
  describeEngines(title, (engine) => fn(engine as 'postgres'), ['postgres']);
}

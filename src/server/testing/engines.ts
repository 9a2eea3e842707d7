/** Engine blocks of the integration tests that never hide a PostgreSQL run (issue 13). */
import { describe } from 'vitest';

/**
 * Why a PostgreSQL block did not run, in its title: `.ci/run` fails when a skipped test's name
 * carries this text, so PostgreSQL-only tests cannot silently stop running in CI.
 */
export const NEEDS_POSTGRES = 'skipped: needs TEST_DATABASE_URL';

/**
 * One `describe` per engine, `%s` in the title naming it. The PostgreSQL block is always registered:
 * without TEST_DATABASE_URL it shows as skipped with the reason instead of vanishing. The time-zone projects (vitest.config.ts) run PGlite only on purpose
 * and register no PostgreSQL block.
 */
export function describeEngines(
  title: string,
  fn: (engine: 'pglite' | 'postgres') => void,
  engines: readonly ('pglite' | 'postgres')[] = ['pglite', 'postgres'],
): void {
  for (const engine of engines) {
    // The time-zone projects repeat files on PGlite only, by design (PostgreSQL runs in the
    // integration project): nothing is hidden there, so nothing is listed as skipped.
    if (engine === 'postgres' && process.env.STILLPOINT_TEST_TZ) continue;
    const missing = engine === 'postgres' && !process.env.TEST_DATABASE_URL;
    describe.skipIf(missing)(`${title.replace('%s', engine)}${missing ? ` (${NEEDS_POSTGRES})` : ''}`, () =>
      fn(engine),
    );
  }
}

/** A `describe` for PostgreSQL only (real concurrency, server features), skipped with the reason without it. */
export function describePostgres(title: string, fn: (engine: 'postgres') => void): void {
  describeEngines(title, (engine) => fn(engine as 'postgres'), ['postgres']);
}

import { expect } from 'vitest';

/** SQLSTATE the lock and append-only triggers raise (insufficient_privilege), migrations 0002–0016. */
export const LOCKED = '42501';

/**
 * The statement must be refused by the database with this SQLSTATE and a message matching `message`
 * (the trigger's own words), not by any other error: a missing column, a foreign key or a lock
 * timeout would also "throw", and would let a dropped trigger pass unnoticed. Drizzle wraps the
 * driver's error; the SQLSTATE and the trigger's message are on its cause (node-postgres and PGlite
 * alike).
 */
export async function expectRefused(
  statement: Promise<unknown>,
  code: string,
  message: RegExp,
): Promise<void> {
  const err = await statement.then(
    () => {
      throw new Error(`the database accepted a statement it must refuse with ${code} (${message.source})`);
    },
    (e: unknown) => e,
  );
  const driver = ((err as { cause?: unknown }).cause ?? err) as { code?: unknown; message?: unknown };
  expect(driver.code, `SQLSTATE of: ${String(driver.message)}`).toBe(code);
  expect(String(driver.message)).toMatch(message);
}

import type { Db, Tx } from '../db/connect.ts';
import type { Deps } from './deps.ts';

/** SQLSTATE of a driver error (node-postgres puts it on the error, drizzle wraps it in `cause`). */
export const sqlStateOf = (err: unknown): string | undefined =>
  (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;

/** Serialization failure and deadlock: the work itself was fine, another transaction met it. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface UnitOptions {
  /** Attempts before giving up on serialization failures and deadlocks (default 4). */
  attempts?: number;
  /** SQLSTATEs the feature turns into its own answer (e.g. 23P01, an exclusion constraint, → 409). */
  onSqlState?: Record<string, () => Error>;
  /** The error once retries are exhausted (default: the database's own error). */
  exhausted?: () => Error;
  /** Names the unit in the log lines of retries (`booking transaction retried`). */
  name?: string;
}

/**
 * The platform's unit of work: one transaction, retried a bounded number of times when the
 * database reports a serialization failure or deadlock (with a random pause so rival retries do
 * not meet again in lockstep). Features do not open transactions with their own retry loops.
 * The audited form a route uses is `ctx.work` (see `route.ts`), which adds the audit entry.
 */
export async function unitOfWork<T>(
  deps: { db: Db; log?: Pick<Deps['log'], 'warn'> },
  fn: (tx: Tx) => Promise<T>,
  opts: UnitOptions = {},
): Promise<T> {
  const attempts = opts.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction(fn);
    } catch (err) {
      const code = sqlStateOf(err);
      const mapped = code ? opts.onSqlState?.[code] : undefined;
      if (mapped) throw mapped();
      if (code && RETRYABLE.has(code)) {
        const last = attempt >= attempts;
        const label = opts.name ? `${opts.name} transaction` : 'transaction';
        deps.log?.warn({ code, attempt, unit: opts.name }, last ? `${label} gave up` : `${label} retried`);
        if (last) throw opts.exhausted ? opts.exhausted() : err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      throw err;
    }
  }
}

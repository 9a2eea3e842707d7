import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { rateLimits } from '../db/schema.ts';
import type { Db } from '../db/connect.ts';

/**
 * Fixed-window counters kept in the database (shared by every app instance). A window ends on
 * its own, so a limit slows an attacker down but can never lock a user out for good.
 */
export interface Limit {
  key: string;
  max: number;
}

export function windowStart(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Seconds until the window of the first exceeded limit ends, or null when none is exceeded. */
export async function exceeded(db: Db, limits: Limit[], now: Date, windowMs: number): Promise<number | null> {
  const start = windowStart(now, windowMs);
  const rows = await db
    .select({ key: rateLimits.key, count: rateLimits.count })
    .from(rateLimits)
    .where(
      and(
        inArray(
          rateLimits.key,
          limits.map((l) => l.key),
        ),
        eq(rateLimits.windowStart, start),
      ),
    );
  for (const l of limits) {
    const row = rows.find((r) => r.key === l.key);
    if (row && row.count >= l.max) {
      return Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
    }
  }
  return null;
}

export async function hit(db: Db, keys: string[], now: Date, windowMs: number): Promise<void> {
  const start = windowStart(now, windowMs);
  for (const key of keys) {
    await db
      .insert(rateLimits)
      .values({ key, windowStart: start, count: 1 })
      .onConflictDoUpdate({
        target: [rateLimits.key, rateLimits.windowStart],
        set: { count: sql`${rateLimits.count} + 1` },
      });
  }
  // Old windows are useless: prune them now and then.
  if (Math.random() < 0.05) {
    await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(start.getTime() - windowMs)));
  }
}

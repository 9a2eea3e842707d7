import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { rateLimits } from '../db/schema.ts';
import type { Db } from '../db/connect.ts';

/**
 * Counters kept in the database (shared by every app instance). Two kinds:
 * - a fixed window counts hits from the start of its window to its end (then it is a new row);
 * - a streak counts hits until it is forgotten, `ms` after its latest hit, or reset by `settle`.
 * Every row carries when it stops meaning anything (`expires_at`), which is all pruning needs.
 */
export interface Limit {
  key: string;
  max: number;
}

export interface Counter {
  key: string;
  kind: 'window' | 'streak';
  ms: number;
}

/** Streak rows have no window: they share this start, so (key, window_start) stays their key. */
const STREAK_START = new Date(0);

export function windowStart(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

function rowOf(c: Counter, now: Date) {
  if (c.kind === 'streak') {
    return {
      key: c.key,
      windowStart: STREAK_START,
      count: 1,
      lastAt: now,
      expiresAt: new Date(now.getTime() + c.ms),
    };
  }
  const start = windowStart(now, c.ms);
  return {
    key: c.key,
    windowStart: start,
    count: 1,
    lastAt: now,
    expiresAt: new Date(start.getTime() + c.ms),
  };
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
  await count(
    db,
    keys.map((key) => ({ key, kind: 'window', ms: windowMs })),
    now,
  );
}

export interface CounterState {
  count: number;
  lastAt: Date;
}

/** The live counters among `keys` (the current window of a window key), in one statement. */
export async function readCounters(db: Db, keys: string[], now: Date): Promise<Map<string, CounterState>> {
  const rows = await db
    .select({ key: rateLimits.key, count: rateLimits.count, lastAt: rateLimits.lastAt })
    .from(rateLimits)
    .where(and(inArray(rateLimits.key, keys), gt(rateLimits.expiresAt, now)));
  return new Map(rows.map((r) => [r.key, { count: r.count, lastAt: r.lastAt }]));
}

/** One hit on each counter, in one statement; a forgotten streak starts again at 1. */
export async function count(db: Db, counters: Counter[], now: Date): Promise<void> {
  if (counters.length === 0) return;
  await db
    .insert(rateLimits)
    .values(counters.map((c) => rowOf(c, now)))
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: {
        count: sql`case when ${rateLimits.expiresAt} <= excluded.last_at then 1 else ${rateLimits.count} + 1 end`,
        lastAt: sql`excluded.last_at`,
        expiresAt: sql`excluded.expires_at`,
      },
    });
  await prune(db, now);
}

/** Ends the streaks `forget` and counts one hit on `mark`, in one statement. */
export async function settle(db: Db, forget: string[], mark: Counter, now: Date): Promise<void> {
  const r = rowOf(mark, now);
  await db.execute(sql`
    with forgotten as (
      delete from rate_limits where key in (${sql.join(
        forget.map((k) => sql`${k}`),
        sql`, `,
      )}) and window_start = ${STREAK_START.toISOString()}::timestamptz
    )
    insert into rate_limits (key, window_start, count, last_at, expires_at)
    values (${r.key}, ${r.windowStart.toISOString()}::timestamptz, 1, ${now.toISOString()}::timestamptz,
            ${r.expiresAt.toISOString()}::timestamptz)
    on conflict (key, window_start) do update
      set count = case when rate_limits.expires_at <= excluded.last_at then 1 else rate_limits.count + 1 end,
          last_at = excluded.last_at, expires_at = excluded.expires_at`);
  await prune(db, now);
}

/**
 * Rows that mean nothing any more are deleted now and then: those expired by the request's clock
 * and by the database's. In production the two agree; a test app whose injected clock runs days
 * ahead must not delete the live counters of other apps sharing its database (a throttle test's
 * pair streak vanished so, and its paused sign-in answered 200).
 */
async function prune(db: Db, now: Date) {
  if (Math.random() < 0.05)
    await db
      .delete(rateLimits)
      .where(lt(rateLimits.expiresAt, sql`least(now(), ${now.toISOString()}::timestamptz)`));
}

import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../db/connect.ts';
import { describePostgres, makeClinic, startTestApp, type TestApp } from '../testing/harness.ts';
import { unitOfWork } from './unit.ts';

/** Polls `check` (a query, not a guess at how long the other side takes) until it holds. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const backendPid = async (tx: Tx) =>
  (await rawRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`))[0]!.pid;

/** Whether the backend `waiter` is waiting for a lock that `holder` holds. */
const blockedBy = async (db: Db, waiter: number, holder: number) =>
  (
    await rawRows<{ blocked: boolean }>(
      db,
      sql`select ${holder}::int = any(pg_blocking_pids(${waiter}::int)) as blocked`,
    )
  )[0]!.blocked;

/**
 * The unit of work against a real PostgreSQL server: serialization failures the server itself
 * raises (not a stubbed transaction, see concurrency.test.ts for those) are retried and succeed.
 * PGlite runs one transaction at a time and cannot produce one.
 */
describePostgres('the unit of work on a real %s server', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, [], { poolSize: 4 });
  });
  afterAll(() => t.close());

  it.each(['repeatable read', 'serializable'])(
    'retries a genuine serialization failure (SQLSTATE 40001) under %s, then commits both writes',
    async (level) => {
      const k = await makeClinic(t);
      const db = t.database.db;
      const nameOf = async (tx: Db | Tx) =>
        (await rawRows<{ name: string }>(tx, sql`select name from clinics where id = ${k.clinicId}`))[0]!
          .name;
      const original = await nameOf(db);
      const isolate = (tx: Tx) => tx.execute(sql.raw(`set transaction isolation level ${level}`));
      const append = (tx: Tx, s: string) =>
        tx.execute(sql`update clinics set name = name || ${s} where id = ${k.clinicId}`);

      let firstPid = 0;
      let firstHolds = () => {};
      const holding = new Promise<void>((resolve) => (firstHolds = resolve));
      let secondPid = 0;
      let secondRead = () => {};
      const read = new Promise<void>((resolve) => (secondRead = resolve));
      const seenBySecond: string[] = [];
      t.logs.length = 0;

      // The first updates the row and commits only once the second, whose snapshot still shows the
      // old name, is waiting for that row: the second's update then fails with 40001.
      const first = unitOfWork(t.app.deps, async (tx) => {
        await isolate(tx);
        firstPid = await backendPid(tx);
        await append(tx, ' A');
        firstHolds();
        await read;
        await waitFor('the second transaction waits for the row', () => blockedBy(db, secondPid, firstPid));
        return 'first';
      });
      await holding;
      const second = unitOfWork(
        t.app.deps,
        async (tx) => {
          await isolate(tx);
          secondPid = await backendPid(tx);
          seenBySecond.push(await nameOf(tx));
          secondRead();
          await append(tx, ' B');
          return 'second';
        },
        { name: 'probe' },
      );

      expect(await Promise.all([first, second])).toEqual(['first', 'second']);
      // The first attempt read the name before the first committed; the retry read its write.
      expect(seenBySecond).toEqual([original, `${original} A`]);
      expect(await nameOf(db)).toBe(`${original} A B`);
      const retries = t.logs
        .map((line) => JSON.parse(line) as { msg: string; code?: string; attempt?: number; unit?: string })
        .filter((l) => l.unit === 'probe');
      expect(retries).toEqual([
        expect.objectContaining({ msg: 'probe transaction retried', code: '40001', attempt: 1 }),
      ]);
    },
  );
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig, ConfigError } from '../platform/config.ts';
import {
  client,
  describePostgres,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';
import { addPractitioner, list, randomSpot } from '../features/directory/test-helpers.ts';
import { createCluster, createReplica, findPgBin, type Cluster } from './pg-cluster.testing.ts';

/**
 * `DATABASE_REPLICA_URL`: the public directory search reads from a real streaming replica (a hot
 * standby this test makes with pg_basebackup from a primary cluster of its own, never the machine's
 * server), while a read that follows the caller's own write (an admin's listing) reads the primary.
 * Replay on the standby is paused to tell the two apart: what the primary has and the standby has
 * not replayed yet is invisible to the search and visible to the admin.
 */

async function one<T>(url: string, text: string): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows[0] as T;
  } finally {
    await c.end();
  }
}

/** Waits until the standby has replayed everything the primary has written so far. */
async function caughtUp(primary: Cluster, replica: Cluster) {
  const { lsn } = await one<{ lsn: string }>(primary.url, 'select pg_current_wal_lsn()::text as lsn');
  const until = Date.now() + 30_000;
  for (;;) {
    const { done } = await one<{ done: boolean }>(
      replica.url,
      `select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as done`,
    );
    if (done) return;
    if (Date.now() > until) throw new Error(`the standby did not replay up to ${lsn} within 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describePostgres('a streaming read replica on %s', () => {
  let primary: Cluster | null = null;
  let replica: Cluster | null = null;
  let t: TestApp;
  beforeAll(async () => {
    const bin = findPgBin();
    // CI sets TEST_DATABASE_URL: there a missing PostgreSQL installation fails the test, never skips it.
    if (!bin)
      throw new Error(
        'initdb, pg_ctl and pg_basebackup were not found under /usr/lib/postgresql/*/bin (or PG_BIN): install PostgreSQL’s server package to run this test.',
      );
    primary = await createCluster(bin);
    replica = await createReplica(bin, primary);
    t = await startTestApp('postgres', [], { databaseUrl: primary.url, replicaUrl: replica.url });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  it('is a hot standby of the primary the app writes to, and the replica pool cannot write', async () => {
    const standby = await one<{ r: boolean }>(replica!.url, 'select pg_is_in_recovery() as r');
    expect(standby.r).toBe(true);
    const main = await one<{ r: boolean }>(primary!.url, 'select pg_is_in_recovery() as r');
    expect(main.r).toBe(false);
    expect(t.database.replica).not.toBeNull();
    await expect(t.database.replica!.execute(sql`create table nope (id int)`)).rejects.toMatchObject({
      cause: { code: '25006' },
    });
  });

  it('the public search reads the replica; the admin reading their own write reads the primary', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const spot = randomSpot();
    const first = await addPractitioner(t, k, 'Dr. Replicated Ashdown', null);
    await list(admin, first, spot);
    await caughtUp(primary!, replica!);
    const search = async (q: string) => {
      const res = await client(t).req('GET', `/api/v1/directory/practitioners?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ results: { name: string }[] }>().results.map((r) => r.name);
    };
    expect(await search('Replicated Ashdown')).toContain('Dr. Replicated Ashdown');

    await one(replica!.url, 'select pg_wal_replay_pause()');
    try {
      const second = await addPractitioner(t, k, 'Dr. Unreplayed Birchwood', null);
      await list(admin, second, spot);
      // The admin's own listing, read right after their write: from the primary.
      const own = await admin.req('GET', '/api/v1/directory/profiles');
      expect(own.statusCode, own.body).toBe(200);
      expect(own.body).toContain('Dr. Unreplayed Birchwood');
      // The public search: from the standby, which has not replayed the listing yet.
      expect(await search('Unreplayed Birchwood')).not.toContain('Dr. Unreplayed Birchwood');
    } finally {
      await one(replica!.url, 'select pg_wal_replay_resume()');
    }
    await caughtUp(primary!, replica!);
    expect(await search('Unreplayed Birchwood')).toContain('Dr. Unreplayed Birchwood');
  });
});

it('DATABASE_REPLICA_URL needs DATABASE_URL and a postgres:// address', () => {
  expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://127.0.0.1:5433/x' })).toThrow(ConfigError);
  expect(() =>
    loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/x', DATABASE_REPLICA_URL: 'mysql://h/x' }),
  ).toThrow(/DATABASE_REPLICA_URL must start with postgres/);
  const c = loadConfig({
    DATABASE_URL: 'postgres://127.0.0.1:5432/x',
    DATABASE_REPLICA_URL: 'postgres://127.0.0.1:5433/x',
  });
  expect(c.databaseReplicaUrl).toBe('postgres://127.0.0.1:5433/x');
  expect(loadConfig({}).databaseReplicaUrl).toBeNull();
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { boolean, doublePrecision, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { randomUUID } from 'node:crypto';
import { users } from './schema.ts';
import { builtOnce, jsonRowsInsert, keepPrepared, rawRows } from './connect.ts';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../testing/harness.ts';

/**
 * The embedded engine's hot statements run prepared (`keepPrepared`): `EXECUTE` of a statement
 * planned once, each value written as a quoted literal. The answers must be exactly those of the
 * ordinary query, whatever the text holds (quotes, backslashes, SQL), and the statements must
 * really be prepared.
 */
describeEngines(
  'statements kept prepared on %s',
  () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('pglite');
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers as the ordinary query does, for every kind of value, and runs as EXECUTE', async () => {
      const db = t.database.db;
      // The same five-column select, once kept prepared and once as an ordinary prepared query.
      const select = (limit: number) =>
        db
          .select({
            t: sql<string>`${sql.placeholder('t')}::text`,
            i: sql<number>`${sql.placeholder('i')}::int`,
            b: sql<boolean>`${sql.placeholder('b')}::boolean`,
            d: sql<string>`${sql.placeholder('d')}::timestamptz`,
            n: sql<string | null>`${sql.placeholder('n')}::text`,
          })
          .from(users)
          .limit(limit);
      const query = select(1);
      const plain = select(2).prepare('not_kept');
      await makeClinic(t);
      keepPrepared(db, 'test_kept', query.toSQL().sql);
      const kept = query.prepare('test_kept');
      const hostile = [
        "O'Brien",
        "it''s \\' x",
        "'); drop table users; --",
        'back\\slash\\',
        'üñí — 😀',
        '$1 $$ $q$',
      ];
      for (const text of hostile) {
        const values = { t: text, i: 42, b: true, d: new Date('2027-03-10T15:00:00.123Z'), n: null };
        expect(await kept.execute(values)).toEqual((await plain.execute(values)).slice(0, 1));
        expect((await kept.execute(values))[0]!.t).toBe(text);
      }
      const prepared = await rawRows<{ name: string }>(
        db,
        sql`select name from pg_prepared_statements order by name`,
      );
      expect(prepared.map((p) => p.name)).toContain('test_kept');
      expect(prepared.map((p) => p.name)).not.toContain('not_kept');
      expect(await rawRows(db, sql`select count(*)::int as n from users`)).not.toEqual([{ n: 0 }]);
    });

    it('the audited read and the session lookup run prepared, also for a user whose name has quotes', async () => {
      const k = await makeClinic(t);
      await t.database.db
        .update(users)
        .set({ name: "Dr O'Brien'); --", email: `o'brien.${k.clinicId.slice(0, 8)}@test.example` })
        .where(sql`${users.id} = ${k.users.clinician.id}`);
      const c = await login(t, `o'brien.${k.clinicId.slice(0, 8)}@test.example`);
      for (let i = 0; i < 3; i++) {
        const res = await c.req('GET', `/api/v1/patients/${k.patients[0]}`);
        expect(res.statusCode, res.body).toBe(200);
        const [entry] = await rawRows<{ user_email: string; outcome: string }>(
          t.database.db,
          sql`select user_email, outcome from audit_events where request_id = ${String(res.headers['x-request-id'])}`,
        );
        expect(entry).toEqual({
          user_email: `o'brien.${k.clinicId.slice(0, 8)}@test.example`,
          outcome: 'success',
        });
      }
      const prepared = await rawRows<{ name: string }>(
        t.database.db,
        sql`select name from pg_prepared_statements`,
      );
      expect(prepared.map((p) => p.name)).toEqual(
        expect.arrayContaining(['stillpoint_session_lookup', 'stillpoint_patient_open_1']),
      );
    });
  },
  ['pglite'],
);

/**
 * Hot statements built once (`builtOnce`): the SQL is built on the first call only, and every call
 * answers as the same statement built and sent for that call would, in a transaction or not.
 */
describeEngines('statements built once on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('builds once and answers as the statement built per call, whatever the values hold', async () => {
    const db = t.database.db;
    const statement = (v: (name: string) => unknown) =>
      sql`select ${v('t')}::text as t, ${v('i')}::int as i, ${v('d')}::timestamptz as d,
        ${v('j')}::jsonb as j, (select count(*)::int from ${users} where ${users.email} = ${v('t')}::text) as n,
        coalesce(nullif(current_setting('stillpoint.probe', true), ''), 'none') as probe`;
    let builds = 0;
    const query = builtOnce<Record<string, unknown>>('test_built_once', () => {
      builds += 1;
      return statement((name) => sql.placeholder(name));
    });
    const hostile = ["O'Brien", "'); drop table users; --", 'back\\slash\\', '$1 $$ $q$', 'üñí — 😀'];
    for (const [n, text] of hostile.entries()) {
      const values = { t: text, i: n, d: '2027-03-10T15:00:00.123Z', j: JSON.stringify({ text, n }) };
      const once = await query(db, values);
      const perCall = await rawRows(
        db,
        statement((name) => sql`${values[name as keyof typeof values]}`),
      );
      expect(once).toEqual(perCall);
      expect(once[0]).toMatchObject({ t: text, i: n, j: { text, n }, probe: 'none' });
      // In the caller's transaction: it sees what the transaction set.
      await expect(
        db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('stillpoint.probe', 'in the transaction', true)`);
          const [row] = await query(tx, values);
          expect(row).toEqual({ ...once[0], probe: 'in the transaction' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
    }
    expect(builds).toBe(1);
  });

  it('writes rows sent as one JSON array as Drizzle’s values() writes them, defaults included', async () => {
    const db = t.database.db;
    const probe = pgTable('json_rows_probe', {
      id: uuid('id').primaryKey().defaultRandom(),
      owner: uuid('owner').notNull(),
      name: text('name').notNull(),
      position: integer('position').notNull(),
      score: doublePrecision('score'),
      tags: jsonb('tags').$type<string[]>().notNull().default([]),
      flag: boolean('flag').notNull().default(false),
    });
    await db.execute(sql`create table if not exists json_rows_probe (id uuid primary key default gen_random_uuid(),
      owner uuid not null, name text not null, position int not null, score double precision,
      tags jsonb not null default '[]', flag boolean not null default false)`);
    const insert = builtOnce('test_json_rows', () =>
      jsonRowsInsert(probe, 'rows', { fixed: { owner: sql`${sql.placeholder('owner')}::uuid` } }),
    );
    const rows = [
      { name: "O'Brien \\ 😀", position: 0 },
      { name: '$1 $$', position: 1, score: 2.5, tags: ['a', "'b'"], flag: true },
      { name: 'explicit nulls', position: 2, score: null },
      { id: randomUUID(), name: 'own id', position: 3, tags: [] },
    ];
    const viaJson = randomUUID();
    const viaDrizzle = randomUUID();
    await insert(db, { owner: viaJson, rows: JSON.stringify(rows) });
    // The row that brings its own id keeps it; Drizzle's copy gets another (the key is unique).
    await db.insert(probe).values(rows.map((r) => ({ ...r, id: r.id && randomUUID(), owner: viaDrizzle })));
    const read = async (owner: string) =>
      (await db.select().from(probe).where(eq(probe.owner, owner)).orderBy(asc(probe.position))).map((r) => ({
        name: r.name,
        position: r.position,
        score: r.score,
        tags: r.tags,
        flag: r.flag,
      }));
    const written = await read(viaJson);
    expect(written).toEqual(await read(viaDrizzle));
    expect(written).toEqual([
      { name: "O'Brien \\ 😀", position: 0, score: null, tags: [], flag: false },
      { name: '$1 $$', position: 1, score: 2.5, tags: ['a', "'b'"], flag: true },
      { name: 'explicit nulls', position: 2, score: null, tags: [], flag: false },
      { name: 'own id', position: 3, score: null, tags: [], flag: false },
    ]);
    expect((await db.select().from(probe).where(eq(probe.id, rows[3]!.id!))).map((r) => r.owner)).toEqual([
      viaJson,
    ]);
    await db.execute(sql`delete from json_rows_probe where owner in (${viaJson}, ${viaDrizzle})`);
  });
});

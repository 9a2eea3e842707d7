import { sql } from 'drizzle-orm';
import { rawRows, type Db } from '../db/connect.ts';

/**
 * What a database holds, computed by the test itself, independently of any command's report: for
 * every table of every schema but the system ones, its row count and an MD5 over the MD5 of each
 * row's text in primary-key order (row text where a table has no key); and the state of every
 * sequence. Two databases with equal results hold the same rows.
 */
export interface Contents {
  tables: Record<string, { rows: number; md5: string }>;
  sequences: Record<string, { lastValue: string | null }>;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function contentsOf(db: Db): Promise<Contents> {
  // Row text renders timestamps in the session's zone: the same zone on both sides.
  await db.execute(sql`set timezone = 'UTC'`);
  const tables = await rawRows<{ schema: string; name: string }>(
    db,
    sql`select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
        order by 1, 2`,
  );
  const out: Contents = { tables: {}, sequences: {} };
  for (const t of tables) {
    const qualified = `${ident(t.schema)}.${ident(t.name)}`;
    const keys = await rawRows<{ col: string }>(
      db,
      sql`select a.attname as col
          from pg_index i
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = ${qualified}::regclass and i.indisprimary
          order by array_position(i.indkey::int2[], a.attnum)`,
    );
    const order = keys.length ? keys.map((k) => `t.${ident(k.col)}`).join(', ') : 't::text';
    const [r] = await rawRows<{ rows: number; md5: string }>(
      db,
      sql.raw(
        `select count(*)::int as rows, coalesce(md5(string_agg(md5(t::text), '' order by ${order})), '') as md5 from ${qualified} t`,
      ),
    );
    out.tables[`${t.schema}.${t.name}`] = r!;
  }
  const seqs = await rawRows<{ schema: string; name: string; last: string | null }>(
    db,
    sql`select schemaname as schema, sequencename as name, last_value::text as last from pg_sequences order by 1, 2`,
  );
  for (const s of seqs) out.sequences[`${s.schema}.${s.name}`] = { lastValue: s.last };
  return out;
}

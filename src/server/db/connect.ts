import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { projectRoot } from '../paths.ts';
import { getTableColumns, is, sql, SQL, type Query, type Table } from 'drizzle-orm';
import * as schema from './schema.ts';
import { acquireDataDirLock } from './lock.ts';

/** One type for both drivers: they share the `{ rows }` result shape at run time. */
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  /**
   * A streaming replica for reads that may be a moment stale (`DATABASE_REPLICA_URL`), or null.
   * Nothing writes through it; a read that follows the caller's own write uses `db`.
   */
  replica: Db | null;
  /** The embedded engine, when embedded (for backups). */
  pglite: PGlite | null;
  close: () => Promise<void>;
}

export const migrationsFolder = path.join(projectRoot, 'src/server/db/migrations');

const extensions = { btree_gist, pg_trgm, cube, earthdistance };

export interface OpenOptions {
  /** `postgres://…`; when absent the embedded database is used. */
  databaseUrl?: string | null;
  /** PGlite data directory; `memory://` for an in-memory database (tests). */
  dataDir?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** `postgres://…` of a streaming replica of `databaseUrl` (read-only pool of its own). */
  replicaUrl?: string | null;
  /** Connections of the PostgreSQL pool (default 10). */
  poolSize?: number;
  /**
   * Tests: a `dumpDataDir()` tarball of an already migrated embedded database to start from (with
   * `migrate: false`), instead of creating the cluster and applying every migration again.
   */
  template?: Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      options: '-c TimeZone=UTC',
    });
    // A pool error (a server restart) must not crash the process; queries report it instead.
    pool.on('error', () => undefined);
    // Nor an error on a connection checked out between two statements (the server killed mid-
    // transaction): pg emits it on the client, where no listener waits; the next query reports it.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzlePg(pool, { schema });
    // Instances started together migrate one after the other: the first applies the pending
    // migrations, the others find nothing left to do (racing, they failed on `create extension`).
    if (opts.migrate !== false)
      await withStartupLock(opts.databaseUrl, MIGRATION_LOCK, () => migratePg(db, { migrationsFolder }));
    const replicaPool = opts.replicaUrl ? replicaPoolFor(opts.replicaUrl, opts.poolSize ?? 10) : null;
    return {
      db,
      kind: 'postgres',
      replica: replicaPool ? drizzlePg(replicaPool, { schema }) : null,
      pglite: null,
      close: async () => {
        await Promise.all([pool.end(), replicaPool?.end()]);
      },
    };
  }
  const dataDir = opts.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => undefined : acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create(inMemory ? dataDir : path.join(dataDir, 'pgdata'), {
      extensions,
      ...(opts.template ? { loadDataDir: opts.template } : {}),
    });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    if (opts.migrate !== false) await migratePglite(db as never, { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      replica: null,
      pglite: client,
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * The replica's pool: read-only sessions (a write sent there by mistake fails with 25006 instead of
 * waiting on a hot standby's refusal), the same error handling as the primary's.
 */
function replicaPoolFor(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    options: '-c TimeZone=UTC -c default_transaction_read_only=on',
  });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** The advisory lock that lets one app instance at a time migrate a PostgreSQL database. */
const MIGRATION_LOCK = 0x5354_4d47; // "STMG"

/**
 * Runs `fn` while a transaction on a connection of its own holds an advisory lock: work that app
 * instances started together would race on (migrations, creating pg-boss's queue) runs in one
 * instance after the other. `fn` does its work on other connections. A transaction-level lock, not
 * a session one: through PgBouncer in transaction mode an open transaction keeps its server
 * connection, a session lock would stay behind on a pooled one. The lock ends with the transaction,
 * also when `fn` failed or this process died.
 */
export async function withStartupLock<T>(databaseUrl: string, key: number, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, options: '-c TimeZone=UTC' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [key]);
    const result = await fn();
    await client.query('commit');
    return result;
  } finally {
    await client.end();
  }
}

/**
 * A row of `table` from a raw result or `row_to_json` (keys are column names, `fryette_type`), each
 * column mapped as drizzle's typed select maps it (`fryetteType`; timestamps to Date, jsonb parsed).
 */
export function rowOf<T extends Table>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const v = raw[col.name];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out;
}

/**
 * A JSON value of a raw row as the driver returned it: node-postgres and PGlite parse `json` and
 * `jsonb` columns, but a value built in SQL can also arrive as its text. Null stays null.
 */
export function parsedJson<T>(v: unknown): T | null {
  if (v === null || v === undefined) return null;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/**
 * Statements the embedded engine keeps prepared, by their text, per PGlite instance. PGlite parses
 * and plans every query again (it has no protocol-level named statements), and for the hottest
 * statements the planning costs more than the execution (the audited patient read: about 1.4 ms
 * planned each time against 0.5 ms prepared). On PostgreSQL the same statements are named
 * protocol-level prepared statements (drizzle's `.prepare(name)`, `builtOnce`): this is PGlite only.
 */
interface HotStatement {
  name: string;
  /** The PREPARE, sent once: true when it succeeded. */
  ready?: Promise<boolean>;
  /** Set once `ready` settled true: a transaction may then EXECUTE it (it never waits for it). */
  prepared?: boolean;
}
type Hot = Map<string, HotStatement>;
const embeddedHot = new WeakMap<PGlite, Hot>();
/** The PGlite instance of each open transaction object (`runPreparedWhenHot` wraps `transaction`). */
const transactionOwner = new WeakMap<object, PGlite>();

/** The embedded instance behind a database or transaction handle; null on PostgreSQL. */
function embeddedOf(db: Db | Tx): PGlite | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PGlite) return client;
  const session = (db as unknown as { session?: { client?: object } }).session;
  return (session?.client && transactionOwner.get(session.client)) ?? null;
}

/**
 * Keeps a hot statement prepared on the embedded engine: its queries with that exact text run as
 * `EXECUTE name('…', …)` of a statement `PREPARE`d once, with each value written as a quoted literal
 * (typed by the prepared statement, as a bound parameter would be), in a transaction or not. The
 * PREPARE itself is sent outside any transaction (inside one, PGlite runs it once the transaction
 * has ended; until then the statement runs as an ordinary query). A statement PGlite cannot
 * prepare (a parameter's type cannot be inferred), or a call with a value that is not a string,
 * number, boolean, date or null, runs as an ordinary query. No-op on PostgreSQL.
 */
export function keepPrepared(db: Db | Tx, name: string, text: string): void {
  const client = embeddedOf(db);
  if (!client) return;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a statement name: ${name}`);
  const byText = hotOf(client);
  if (!byText.has(text)) byText.set(text, { name });
}

function hotOf(client: PGlite): Hot {
  let byText = embeddedHot.get(client);
  if (!byText) {
    embeddedHot.set(client, (byText = new Map() as Hot));
    runPreparedWhenHot(client, byText);
  }
  return byText;
}

/** A value as an SQL literal of unknown type (the prepared statement gives it its type), or undefined. */
function literal(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'NULL';
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else if (typeof v === 'boolean') text = v ? 'true' : 'false';
  else if (v instanceof Date && !Number.isNaN(v.getTime())) text = v.toISOString();
  else return undefined;
  // standard_conforming_strings is on: inside '…' only the quote itself needs doubling.
  return `'${text.replace(/'/g, "''")}'`;
}

type PgliteQuery = PGlite['query'];

/**
 * Routes the instance's queries, and those of every transaction it opens from now on, through its
 * hot statements. The PREPAREs go to the instance's own `exec` as it was here, outside any count
 * a test puts on the instance later.
 */
function runPreparedWhenHot(client: PGlite, byText: Hot) {
  const exec = client.exec.bind(client);
  const prepare = (hot: HotStatement, text: string) =>
    (hot.ready ??= exec(`prepare ${hot.name} as ${text}`).then(
      () => (hot.prepared = true),
      () => false,
    ));
  const executing = (query: PgliteQuery, inTransaction: boolean): PgliteQuery =>
    (async (text: string, params?: unknown[], opts?: Parameters<PgliteQuery>[2]) => {
      const hot = byText.get(text);
      const values = hot ? (params ?? []).map(literal) : [];
      if (!hot || values.includes(undefined)) return query(text, params, opts);
      if (inTransaction) {
        // Never wait for the PREPARE here: PGlite queues it behind this very transaction.
        if (!hot.prepared) {
          void prepare(hot, text);
          return query(text, params, opts);
        }
      } else if (!(await prepare(hot, text))) return query(text, params, opts);
      try {
        return await query(`execute ${hot.name}${values.length ? `(${values.join(', ')})` : ''}`, [], opts);
      } catch (err) {
        // The error reads as the statement's own: its text and parameters, not the literals.
        if (err && typeof err === 'object') Object.assign(err, { query: text, params });
        throw err;
      }
    }) as PgliteQuery;
  client.query = executing(client.query.bind(client), false);
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: Parameters<PGlite['transaction']>[0]) =>
    transaction((tx) => {
      transactionOwner.set(tx, client);
      tx.query = executing(tx.query.bind(tx), true);
      return fn(tx);
    })) as PGlite['transaction'];
}

/**
 * A hot statement whose SQL is built once per process: `build` writes it with `sql.placeholder(…)`
 * for every value, and each run only fills the placeholders. Building a statement from Drizzle's
 * chunks costs more app CPU than sending it when the statement is large (the booking's one read of
 * its facts: 0.45 ms a build, about 6 % of a booking's CPU). On PostgreSQL the statement is also
 * named, so each pooled connection parses and plans it once, and on the embedded engine kept
 * prepared (`keepPrepared`); it runs in the caller's transaction when given one. The rows are as
 * `rawRows` returns them (column names, the drivers' own parsing).
 */
export function builtOnce<T>(name: string, build: () => SQL) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a statement name: ${name}`);
  let query: Query | undefined;
  return async (db: Db | Tx, values: Record<string, unknown>): Promise<T[]> => {
    const { session, dialect } = db as unknown as {
      session: {
        prepareQuery(
          q: Query,
          fields: undefined,
          name: string | undefined,
          arrayMode: boolean,
        ): {
          execute(values: Record<string, unknown>): Promise<{ rows: T[] }>;
        };
      };
      dialect: { sqlToQuery(s: SQL): Query };
    };
    query ??= dialect.sqlToQuery(build());
    // node-postgres names the statement on each connection; the embedded driver ignores the name,
    // so there it is kept prepared by its text (in transactions too).
    keepPrepared(db, name, query.sql);
    return (await session.prepareQuery(query, undefined, name, false).execute(values)).rows;
  };
}

/**
 * An INSERT of a table's rows that travel as one JSON array in the placeholder `param` (for a
 * statement built once, `builtOnce`): the rows are the table's typed insert objects, keyed by
 * property name as Drizzle's `values()` takes them; a property left out takes the column's
 * default as Drizzle's insert would (or NULL where it has none). `fixed` gives columns (by their
 * database name) the same value for every row (SQL, e.g. a placeholder), which the rows then do not
 * carry; `only` limits the columns written to these properties. Only for tables whose values travel
 * in JSON as they are (text, numbers, booleans, jsonb, uuids, ISO timestamps).
 */
export function jsonRowsInsert(
  table: Table,
  param: string,
  opts: { fixed?: Record<string, SQL>; only?: readonly string[] } = {},
): SQL {
  const fixed = opts.fixed ?? {};
  const cols = Object.entries(getTableColumns(table)).filter(
    ([key, c]) => !(c.name in fixed) && (!opts.only || opts.only.includes(key)),
  );
  const defaultOf = (c: (typeof cols)[number][1]): SQL | null => {
    if (c.default === undefined) return null;
    if (is(c.default, SQL)) return c.default;
    return sql`${c.mapToDriverValue(c.default)}::${sql.raw(c.getSQLType())}`;
  };
  const names = [...Object.keys(fixed), ...cols.map(([, c]) => c.name)];
  const values = [
    ...Object.values(fixed),
    ...cols.map(([key, c]) => {
      const d = defaultOf(c);
      return d ? sql`coalesce(x.${sql.identifier(key)}, ${d})` : sql`x.${sql.identifier(key)}`;
    }),
  ];
  return sql`insert into ${table} (${sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  )}) select ${sql.join(values, sql`, `)} from jsonb_to_recordset(${sql.placeholder(param)}::jsonb) as x(${sql.join(
    cols.map(([key, c]) => sql`${sql.identifier(key)} ${sql.raw(c.getSQLType())}`),
    sql`, `,
  )})`;
}

/** Rows of a raw query, whatever the driver. */
export async function rawRows<T>(db: Db | Tx, query: Parameters<Db['execute']>[0]): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/**
 * PostgreSQL settings that trade acknowledged writes for speed. Each returned line names one that is
 * weakened; `fsync=off` can also corrupt the cluster after an OS crash.
 */
export function durabilityProblems(settings: Record<string, string>): string[] {
  const problems: string[] = [];
  if (settings.fsync === 'off') problems.push('fsync is off: an OS crash can corrupt the database.');
  if (settings.synchronous_commit === 'off') {
    problems.push('synchronous_commit is off: a crash can lose recently acknowledged writes.');
  }
  if (settings.full_page_writes === 'off')
    problems.push('full_page_writes is off: a crash can leave torn pages.');
  return problems;
}

export async function readDurabilitySettings(db: Db): Promise<Record<string, string>> {
  const rows = await rawRows<{ name: string; setting: string }>(
    db,
    sql`select name, setting from pg_settings where name in ('fsync','synchronous_commit','full_page_writes')`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

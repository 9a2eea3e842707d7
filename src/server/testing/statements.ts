import pg from 'pg';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../db/connect.ts';
import { startTestApp, type TestApp } from './harness.ts';

/**
 * Counts the statements one database of a test app receives, at the driver (every round trip the
 * app's code makes: Drizzle's queries, prepared lookups, and a transaction's BEGIN and COMMIT).
 * PostgreSQL: every `query` of a client of the app's pool. PGlite: every `query`/`exec` of the
 * instance or of a transaction, and the BEGIN and COMMIT (or ROLLBACK) PGlite sends itself.
 */
export interface StatementCounter {
  /** Statements since the last reset, their SQL as sent. */
  readonly statements: string[];
  reset: () => void;
  stop: () => void;
}

type PoolWithClients = pg.Pool & { _clients: pg.PoolClient[] };

export function countStatements(database: Database): StatementCounter {
  const statements: string[] = [];
  const text = (q: unknown) =>
    typeof q === 'string'
      ? q
      : String((q as { text?: string; name?: string }).text ?? (q as { name?: string }).name);
  let stop: () => void;
  if (database.kind === 'postgres') {
    const pool = (database.db as unknown as { $client: PoolWithClients }).$client;
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: pg.PoolClient, ...args: unknown[]) {
      if (pool._clients.includes(this)) statements.push(text(args[0]));
      return original.apply(this, args);
    };
    stop = () => {
      proto.query = original;
    };
  } else {
    const client = database.pglite as PGlite;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called back on the instance below
    const { query, exec, transaction } = client;
    client.query = ((q: string, ...rest: unknown[]) => {
      statements.push(q);
      return (query as (...a: unknown[]) => unknown).call(client, q, ...rest);
    }) as PGlite['query'];
    client.exec = ((q: string, ...rest: unknown[]) => {
      statements.push(q);
      return (exec as (...a: unknown[]) => unknown).call(client, q, ...rest);
    }) as PGlite['exec'];
    client.transaction = (<T>(fn: (tx: Transaction) => Promise<T>) => {
      statements.push('BEGIN');
      return transaction
        .call(client, (tx) => {
          const inner = Object.create(tx) as Transaction;
          inner.query = ((q: string, ...rest: unknown[]) => {
            statements.push(q);
            return (tx.query as (...a: unknown[]) => unknown)(q, ...rest);
          }) as Transaction['query'];
          inner.exec = ((q: string, ...rest: unknown[]) => {
            statements.push(q);
            return (tx.exec as (...a: unknown[]) => unknown)(q, ...rest);
          }) as Transaction['exec'];
          return fn(inner);
        })
        .finally(() => statements.push('COMMIT or ROLLBACK'));
    }) as PGlite['transaction'];
    stop = () => {
      client.query = query;
      client.exec = exec;
      client.transaction = transaction;
    };
  }
  return {
    statements,
    reset: () => {
      statements.length = 0;
    },
    stop,
  };
}

/** Waits for the audit sealer's pass after the previous request, so only what follows is counted. */
export const afterSealerPass = () => new Promise((r) => setTimeout(r, 300));

/**
 * A test app on `engine` whose statements are counted: started before the block's tests, closed
 * after them. Read `app.t` and `app.counter` inside the tests.
 */
export function countedApp(engine: 'pglite' | 'postgres'): { t: TestApp; counter: StatementCounter } {
  const app = {} as { t: TestApp; counter: StatementCounter };
  beforeAll(async () => {
    app.t = await startTestApp(engine);
    app.counter = countStatements(app.t.database);
  });
  afterAll(async () => {
    app.counter.stop();
    await app.t.close();
  });
  return app;
}

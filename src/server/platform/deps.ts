import type { Config } from './config.ts';
import type { Database } from '../db/connect.ts';
import type { SecretBox } from './secrets.ts';
import type { Logger } from 'pino';

/** What services need from the outside world; built once in buildApp. */
export interface Deps {
  config: Config;
  database: Database;
  db: Database['db'];
  /**
   * For reads that may be a moment stale and never follow the caller's own write (public
   * directory search): the streaming replica when `DATABASE_REPLICA_URL` is set, else `db`.
   */
  replica: Database['db'];
  secrets: SecretBox;
  log: Logger;
  /** Registers work to stop when the app closes (after the server, before the database). */
  atClose: (stop: () => Promise<void>) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
  }
}

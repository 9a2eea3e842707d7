import PgBoss from 'pg-boss';
import type { Db } from '../../db/connect.ts';
import type { Logger } from 'pino';
import { runJobsOnce, type JobsResult } from './runner.ts';
import type { Transport } from './transport.ts';

/** The pg-boss queue whose jobs are passes of the background work (expire holds, send due messages). */
export const JOBS_QUEUE = 'stillpoint-jobs';
/** pg-boss keeps its tables in their own schema, apart from ours. */
export const BOSS_SCHEMA = 'pgboss';

interface BossRunnerOptions {
  connectionString: string;
  db: Db;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now: () => Date;
  transport: Transport;
  intervalMs: number;
  /** Only this clinic's work (tests sharing one database). */
  clinicId?: string;
  /** Called with each finished pass (tests wait on it). */
  onPass?: (result: JobsResult) => void;
}

/**
 * The background jobs on PostgreSQL, run by pg-boss. Every app instance asks for a pass each
 * interval; the queue's `stately` policy keeps at most one pass waiting and one running across all
 * instances, pg-boss retries a failed pass (with back-off) and keeps a record of each in its
 * `job`/`archive` tables. What a pass does is the same as on the embedded database: the messages
 * themselves are rows of the outbox, written in the booking's transaction, and each is claimed
 * with `FOR UPDATE SKIP LOCKED`, so a pass that runs twice never sends twice.
 */
export class BossRunner {
  private boss: PgBoss | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: BossRunnerOptions) {}

  async start(): Promise<this> {
    const { log } = this.opts;
    const boss = new PgBoss({
      connectionString: this.opts.connectionString,
      schema: BOSS_SCHEMA,
      max: 2,
      application_name: 'stillpoint-jobs',
    });
    boss.on('error', (err: Error) => log.error({ err: err.message }, 'background jobs: pg-boss error'));
    await boss.start();
    this.boss = boss;
    if (!(await boss.getQueue(JOBS_QUEUE))) {
      try {
        await boss.createQueue(JOBS_QUEUE, {
          name: JOBS_QUEUE,
          policy: 'stately',
          retryLimit: 3,
          retryDelay: 5,
          retryBackoff: true,
          expireInSeconds: 300,
        });
      } catch (err) {
        // Another instance created it at the same moment.
        if (!(await boss.getQueue(JOBS_QUEUE))) throw err;
      }
    }
    await boss.work(JOBS_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
      const result = await runJobsOnce(
        { db: this.opts.db, log },
        { now: this.opts.now(), transport: this.opts.transport, clinicId: this.opts.clinicId },
      );
      if (result.sent || result.failed || result.holdsExpired)
        log.info({ ...result }, 'background jobs: pass done');
      this.opts.onPass?.(result);
    });
    this.timer = setInterval(() => void this.requestPass(), this.opts.intervalMs);
    this.timer.unref();
    await this.requestPass();
    return this;
  }

  /** Queues a pass unless one is already waiting (then pg-boss refuses the duplicate: null). */
  async requestPass(): Promise<string | null> {
    if (!this.boss) return null;
    try {
      return await this.boss.send(JOBS_QUEUE, {});
    } catch (err) {
      this.opts.log.error({ err: (err as Error).message }, 'background jobs: could not queue a pass');
      return null;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.opts.transport.close?.();
  }
}

import PgBoss from 'pg-boss';
import type { Db } from '../../db/connect.ts';
import type { Logger } from 'pino';
import { runJobsOnce } from './runner.ts';
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
}

/**
 * The background jobs on PostgreSQL, run by pg-boss. Every app instance asks for a pass each
 * interval; pg-boss's throttle (one job per singleton key and time slot) turns the requests of all
 * instances into one pass per interval, retries a failed pass with back-off and keeps a record of
 * each in its `job`/`archive` tables. No policy blocks a pass while another is active: a pass left
 * "active" by a crashed instance must not hold up everyone's messages until it expires, and two
 * passes at once are safe. What a pass does is the same as on the embedded database: the messages
 * are rows of the outbox, written in the booking's transaction, each claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, so nothing is sent twice.
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
    const queue = {
      name: JOBS_QUEUE,
      policy: 'standard' as const,
      retryLimit: 3,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 120,
    };
    if (await boss.getQueue(JOBS_QUEUE)) {
      // The settings above are the truth: an older install's queue is brought in line.
      await boss.updateQueue(JOBS_QUEUE, queue);
    } else {
      try {
        await boss.createQueue(JOBS_QUEUE, queue);
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
    });
    this.timer = setInterval(() => void this.requestPass(), this.opts.intervalMs);
    this.timer.unref();
    await this.requestPass();
    return this;
  }

  /** Queues a pass unless this interval's pass is already queued (then pg-boss answers null). */
  async requestPass(): Promise<string | null> {
    if (!this.boss) return null;
    try {
      return await this.boss.send(
        JOBS_QUEUE,
        {},
        { singletonKey: 'pass', singletonSeconds: Math.max(1, Math.round(this.opts.intervalMs / 1000)) },
      );
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

import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { withStartupLock, type Db } from '../db/connect.ts';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';

/**
 * What a job is handed on each run. Log ids, kinds and counts; an error goes under `err`, where
 * the logger keeps its class and codes and drops its message (platform/logging.ts).
 */
export interface JobContext {
  db: Db;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  config: Config;
  /** The time of this run (tests pass a fixed one). */
  now: Date;
  /** Only this clinic's work (tests sharing one database). */
  clinicId?: string;
}

/** Counts of what a run did (`{ sent: 2 }`); the counts of all jobs of a pass are reported together. */
export type JobResult = Record<string, number>;
export type JobHandler = (ctx: JobContext) => Promise<JobResult | void>;

export interface Schedule {
  /**
   * At most this often (checked on each pass). Omitted: every pass of the runner, which runs every
   * `STILLPOINT_JOBS_INTERVAL_MS` (15 s by default).
   */
  everyMs?: number;
}

interface Job {
  name: string;
  handler: JobHandler;
  everyMs: number | null;
}

/** A pass runs its jobs in the order they were registered: a feature's jobs after those of the features it imports. */
const registry: Job[] = [];

/** Registers a background job (once, when the feature that owns it is loaded). */
function register(name: string, handler: JobHandler, schedule: Schedule = {}): void {
  if (registry.some((j) => j.name === name)) throw new Error(`jobs: "${name}" is registered twice`);
  registry.push({ name, handler, everyMs: schedule.everyMs ?? null });
}

export const jobs = { register, names: () => registry.map((j) => j.name) };

/** Jobs with the same cadence run together, as one pass ("pass" = every pass). */
const groupOf = (j: Job) => (j.everyMs === null ? 'pass' : `every-${j.everyMs}ms`);

type RunnerDeps = Pick<Deps, 'db' | 'config'> & { log: JobContext['log'] };

/**
 * Runs the jobs in order. A job that fails is logged and the others still run; the pass then
 * fails (pg-boss retries it; every job is safe to run again).
 */
async function runJobs(list: Job[], ctx: JobContext): Promise<JobResult> {
  const result: JobResult = {};
  const failed: string[] = [];
  for (const job of list) {
    try {
      Object.assign(result, await job.handler(ctx));
    } catch (err) {
      failed.push(job.name);
      ctx.log.error({ job: job.name, err }, 'background job failed');
    }
  }
  if (failed.length) throw new Error(`background jobs failed: ${failed.join(', ')}`);
  return result;
}

/** One pass of every registered job; tests call this directly with an injected clock. */
export async function runJobsOnce(
  deps: RunnerDeps,
  opts: { now: Date; clinicId?: string },
): Promise<JobResult> {
  return runJobs(registry, { db: deps.db, log: deps.log, config: deps.config, ...opts });
}

function logPass(log: JobContext['log'], result: JobResult) {
  if (Object.values(result).some((n) => n > 0)) log.info({ ...result }, 'background jobs: pass done');
}

interface RunnerOptions {
  intervalMs: number;
  clinicId?: string;
}

/** The in-process runner (the embedded database): a pass every `intervalMs`, never two at once. */
class InProcessRunner {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private lastRun = new Map<string, number>();

  constructor(
    private readonly deps: RunnerDeps,
    private readonly opts: RunnerOptions,
  ) {}

  start(): this {
    if (this.timer) return this;
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
    this.timer.unref();
    void this.tick();
    return this;
  }

  /** Runs one pass unless one is already running (then waits for that one). */
  async tick(): Promise<void> {
    if (this.current) {
      await this.current;
      return;
    }
    const at = Date.now();
    const due = registry.filter((j) => {
      const last = this.lastRun.get(groupOf(j));
      return j.everyMs === null || last === undefined || at - last >= j.everyMs;
    });
    for (const j of due) this.lastRun.set(groupOf(j), at);
    const ctx = { ...this.deps, now: this.deps.config.now(), clinicId: this.opts.clinicId };
    this.current = runJobs(due, ctx)
      .then((r) => logPass(this.deps.log, r))
      .catch((err: unknown) => this.deps.log.error({ err }, 'background jobs: pass failed'))
      .finally(() => {
        this.current = null;
      });
    await this.current;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.current) await this.current;
  }
}

/** The pg-boss queue whose jobs are passes of the background jobs. */
export const JOBS_QUEUE = 'stillpoint-jobs';
/** pg-boss keeps its tables in their own schema, apart from ours. */
export const BOSS_SCHEMA = 'pgboss';
/** The advisory lock held while an instance creates or updates the queue. */
const QUEUE_LOCK = 0x5354_4a51; // "STJQ"

/**
 * The background jobs on PostgreSQL, run by pg-boss. Every app instance asks for a pass of each
 * cadence each interval; pg-boss's throttle (one job per singleton key and time slot) turns the
 * requests of all instances into one pass per interval, retries a failed pass with back-off and
 * keeps a record of each in its `job`/`archive` tables. No policy blocks a pass while another is
 * active: a pass left "active" by a crashed instance must not hold up everyone's work until it
 * expires, and two passes at once are safe (each job claims its rows with `FOR UPDATE SKIP LOCKED`).
 */
class BossRunner {
  private boss: PgBoss | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly opts: RunnerOptions & { connectionString: string },
  ) {}

  async start(): Promise<this> {
    const { log } = this.deps;
    const boss = new PgBoss({
      connectionString: this.opts.connectionString,
      schema: BOSS_SCHEMA,
      max: 2,
      application_name: 'stillpoint-jobs',
    });
    boss.on('error', (err: Error) => log.error({ err }, 'background jobs: pg-boss error'));
    const queue = {
      name: JOBS_QUEUE,
      policy: 'standard' as const,
      retryLimit: 3,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 120,
    };
    // One instance at a time: createQueue attaches a partition to pg-boss's job table, which
    // deadlocked with a second instance's createQueue or with its just-started maintenance. A
    // deadlock left (with pg-boss's own maintenance) is retried: PostgreSQL rolled the victim back.
    await withStartupLock(this.opts.connectionString, QUEUE_LOCK, async () => {
      await boss.start();
      for (let attempt = 1; ; attempt++) {
        try {
          // The settings above are the truth: an older install's queue is brought in line.
          if (await boss.getQueue(JOBS_QUEUE)) await boss.updateQueue(JOBS_QUEUE, queue);
          else await boss.createQueue(JOBS_QUEUE, queue);
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
          log.warn({ err, attempt }, 'background jobs: creating the queue deadlocked; retrying');
        }
      }
    });
    this.boss = boss;
    await boss.work<{ group?: string }>(JOBS_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
      // A pass queued by an older version carries no group: it is the every-pass one.
      const group = job?.data?.group ?? 'pass';
      const ctx = { ...this.deps, now: this.deps.config.now(), clinicId: this.opts.clinicId };
      logPass(
        log,
        await runJobs(
          registry.filter((j) => groupOf(j) === group),
          ctx,
        ),
      );
    });
    this.timer = setInterval(() => void this.requestPasses(), this.opts.intervalMs);
    this.timer.unref();
    await this.requestPasses();
    return this;
  }

  /** Queues a pass of each cadence unless its pass for this time slot is queued already. */
  async requestPasses(): Promise<void> {
    const groups = new Map(registry.map((j) => [groupOf(j), j.everyMs ?? this.opts.intervalMs]));
    for (const [group, everyMs] of groups) {
      if (!this.boss) return;
      try {
        await this.boss.send(
          JOBS_QUEUE,
          { group },
          { singletonKey: group, singletonSeconds: Math.max(1, Math.round(everyMs / 1000)) },
        );
      } catch (err) {
        this.deps.log.error({ err }, 'background jobs: could not queue a pass');
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/**
 * Starts the registered background jobs beside the server (`stillpoint start`): on PostgreSQL
 * through pg-boss, on the embedded database with the in-process runner (pg-boss needs a PostgreSQL
 * server). The app's shutdown (app.close()) stops them before the database closes.
 */
export async function startJobs(
  deps: Deps,
  /** Tests: a shorter interval, and only one clinic's work (tests sharing one database). */
  opts: { intervalMs?: number; clinicId?: string } = {},
): Promise<{ stop: () => Promise<void> }> {
  const runnerOpts = { intervalMs: opts.intervalMs ?? deps.config.jobsIntervalMs, clinicId: opts.clinicId };
  const url = deps.database.kind === 'postgres' ? deps.config.databaseUrl : null;
  const runner = url
    ? await new BossRunner(deps, { ...runnerOpts, connectionString: url }).start()
    : new InProcessRunner(deps, runnerOpts).start();
  deps.atClose(() => runner.stop());
  deps.log.info(
    { jobs: jobs.names(), intervalMs: runnerOpts.intervalMs, queue: url ? 'pg-boss' : 'in-process' },
    'background jobs started',
  );
  return runner;
}

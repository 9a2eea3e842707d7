import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { rawRows } from '../../db/connect.ts';
import { clinics } from '../../db/schema.ts';
import { appointments, waitlistOffers } from '../scheduling/tables.ts';
import { expireHolds } from '../scheduling/waitlist.ts';
import { outboxMessages } from '../../db/schema.ts';
import { fromHeader, transportFromEnv, type Transport } from './transport.ts';
import { BossRunner } from './boss.ts';

/** Attempts before a message is given up as `failed`; the wait between attempts grows. */
export const MAX_ATTEMPTS = 5;
const BACKOFF_MINUTES = [1, 5, 30, 120];
/** A claimed message is someone's for this long; a crashed sender's claim runs out and it is retried. */
const LEASE_MS = 5 * 60_000;

type MessageRow = typeof outboxMessages.$inferSelect;

export interface DeliveryResult {
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
}

interface RunnerDeps {
  db: Db;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * Claims up to `batch` due messages. `FOR UPDATE SKIP LOCKED` makes concurrent claimers (other app
 * instances, an overlapping tick) take disjoint rows; the lease then keeps them out of other claims
 * after this short transaction commits, so the network send happens outside any transaction.
 */
async function claim(db: Db, now: Date, batch: number, clinicId?: string): Promise<MessageRow[]> {
  const until = new Date(now.getTime() + LEASE_MS);
  const rows = await rawRows<{ id: string }>(
    db,
    sql`update ${outboxMessages} set claimed_until = ${until}, attempts = attempts + 1
        where id in (
          select id from ${outboxMessages}
          where status = 'pending' and send_after <= ${now}
            and (claimed_until is null or claimed_until <= ${now})
            ${clinicId ? sql`and clinic_id = ${clinicId}` : sql``}
          order by send_after, id
          limit ${batch}
          for update skip locked)
        returning id`,
  );
  if (!rows.length) return [];
  return db
    .select()
    .from(outboxMessages)
    .where(
      inArray(
        outboxMessages.id,
        rows.map((r) => r.id),
      ),
    );
}

/** Why a due message should not go out any more, or null. Checked at send time, not at writing time. */
async function staleReason(db: Db, m: MessageRow, now: Date): Promise<string | null> {
  if (!m.toAddress) return 'No email address on file for this patient';
  if (m.kind === 'reminder' && m.appointmentId) {
    const [a] = await db
      .select({ status: appointments.status, startsAt: appointments.startsAt })
      .from(appointments)
      .where(eq(appointments.id, m.appointmentId));
    if (!a || !['booked', 'checked-in'].includes(a.status)) return `Appointment ${a?.status ?? 'gone'}`;
    if (m.appointmentStart && a.startsAt.getTime() !== m.appointmentStart.getTime())
      return 'Appointment moved (a reminder for the new time was written)';
    if (a.startsAt <= now) return 'Appointment already started';
  }
  if (m.kind === 'waitlist-offer' && m.waitlistOfferId) {
    const [o] = await db
      .select({ status: waitlistOffers.status, expiresAt: waitlistOffers.expiresAt })
      .from(waitlistOffers)
      .where(eq(waitlistOffers.id, m.waitlistOfferId));
    if (!o || o.status !== 'pending' || o.expiresAt <= now) return 'Offer no longer open';
  }
  return null;
}

/** The error as recorded: never the message text or the recipient (SMTP errors may echo them). */
function shortError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const parts = [e.code, e.responseCode ? `SMTP ${e.responseCode}` : null].filter(Boolean);
  return (
    parts.length ? parts.join(' ') : (e.message ?? 'send failed').replace(/\S+@\S+/g, '<address>')
  ).slice(0, 200);
}

async function finish(db: Db, id: string, set: Partial<MessageRow>) {
  await db
    .update(outboxMessages)
    .set({ ...set, claimedUntil: null })
    .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, 'pending')));
}

/**
 * Delivers due messages: claim, re-check, send, record. At-least-once: a crash between the send and
 * the record re-sends after the lease; two runners never send the same message concurrently.
 */
export async function deliverDue(
  deps: RunnerDeps,
  opts: { now: Date; transport: Transport; clinicId?: string; batchSize?: number; maxMessages?: number },
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, skipped: 0, retried: 0, failed: 0 };
  const batchSize = opts.batchSize ?? 20;
  const max = opts.maxMessages ?? 500;
  const clinicNames = new Map<string, string>();
  let handled = 0;
  while (handled < max) {
    const batch = await claim(deps.db, opts.now, Math.min(batchSize, max - handled), opts.clinicId);
    if (!batch.length) break;
    handled += batch.length;
    for (const m of batch) {
      const stale = await staleReason(deps.db, m, opts.now);
      if (stale) {
        await finish(deps.db, m.id, { status: 'skipped', lastError: stale });
        result.skipped++;
        deps.log.info({ messageId: m.id, kind: m.kind, status: 'skipped' }, 'outbox message skipped');
        continue;
      }
      if (!clinicNames.has(m.clinicId)) {
        const [c] = await deps.db
          .select({ name: clinics.name })
          .from(clinics)
          .where(eq(clinics.id, m.clinicId));
        clinicNames.set(m.clinicId, c?.name ?? 'Stillpoint');
      }
      try {
        await opts.transport.send({
          messageId: m.id,
          from: fromHeader(clinicNames.get(m.clinicId)!),
          to: m.toAddress!,
          subject: m.subject,
          text: m.text,
          ics: m.ics,
        });
        await finish(deps.db, m.id, {
          status: 'sent',
          sentAt: opts.now,
          transport: opts.transport.name,
          lastError: null,
        });
        result.sent++;
        // Ids and kinds only: message text and addresses never reach the logs.
        deps.log.info(
          { messageId: m.id, kind: m.kind, transport: opts.transport.name },
          'outbox message sent',
        );
      } catch (err) {
        const error = shortError(err);
        if (m.attempts >= MAX_ATTEMPTS) {
          await finish(deps.db, m.id, { status: 'failed', lastError: error });
          result.failed++;
          deps.log.error({ messageId: m.id, kind: m.kind, error }, 'outbox message failed for good');
        } else {
          const wait = BACKOFF_MINUTES[Math.min(m.attempts - 1, BACKOFF_MINUTES.length - 1)]!;
          await finish(deps.db, m.id, {
            lastError: error,
            sendAfter: new Date(opts.now.getTime() + wait * 60_000),
          });
          result.retried++;
          deps.log.warn(
            { messageId: m.id, kind: m.kind, error, attempt: m.attempts },
            'outbox send failed; retrying',
          );
        }
      }
    }
  }
  return result;
}

export interface JobsResult extends DeliveryResult {
  holdsExpired: number;
}

/** One pass of every background job; tests call this directly with an injected clock. */
export async function runJobsOnce(
  deps: RunnerDeps,
  opts: { now: Date; transport: Transport; clinicId?: string },
): Promise<JobsResult> {
  // Expired holds first: their release writes new offers, which this same pass then delivers.
  const holdsExpired = await expireHolds(deps, { now: opts.now, clinicId: opts.clinicId });
  const delivery = await deliverDue(deps, opts);
  return { holdsExpired, ...delivery };
}

/** The in-process runner: one pass every `intervalMs`, never two at once, stoppable. */
export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly opts: { now: () => Date; transport: Transport; intervalMs: number; clinicId?: string },
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
    this.current = runJobsOnce(this.deps, {
      now: this.opts.now(),
      transport: this.opts.transport,
      clinicId: this.opts.clinicId,
    })
      .then((r) => {
        if (r.sent || r.failed || r.holdsExpired) this.deps.log.info({ ...r }, 'background jobs: pass done');
      })
      .catch((err: Error) => this.deps.log.error({ err: err.message }, 'background jobs: pass failed'))
      .finally(() => {
        this.current = null;
      });
    await this.current;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.current) await this.current;
    this.opts.transport.close?.();
  }
}

/**
 * Starts the background jobs beside the server (`stillpoint start`): on PostgreSQL through pg-boss
 * (see boss.ts), on the embedded database with the in-process runner (pg-boss needs a PostgreSQL
 * server). The server's shutdown (app.close()) stops them before the database closes. SMTP_URL
 * selects SMTP, otherwise the dev mailbox.
 */
export async function startJobRunner(
  app: FastifyInstance,
  env: NodeJS.ProcessEnv = process.env,
  /** Only this clinic's work (tests sharing one database). */
  scope: { clinicId?: string } = {},
): Promise<{ stop: () => Promise<void> }> {
  const deps = app.deps;
  const intervalMs = Math.max(1000, Number(env.STILLPOINT_JOBS_INTERVAL_MS ?? 15_000) || 15_000);
  const transport = transportFromEnv(env);
  const common = { db: deps.db, log: deps.log, now: deps.config.now, transport, intervalMs, ...scope };
  const runner =
    deps.database.kind === 'postgres' && deps.config.databaseUrl
      ? await new BossRunner({ ...common, connectionString: deps.config.databaseUrl }).start()
      : new JobRunner({ db: deps.db, log: deps.log }, common).start();
  deps.atClose(() => runner.stop());
  deps.log.info(
    { transport: transport.name, intervalMs, queue: runner instanceof BossRunner ? 'pg-boss' : 'in-process' },
    'background jobs started',
  );
  return runner;
}

import type { Logger } from 'pino';
import type { Db } from '../../db/connect.ts';
import { mailSettings } from '../../platform/config.ts';
import type { JobContext, JobResult } from '../../platform/jobs.ts';
import { offerNow, visitNow } from '../scheduling/index.ts';
import { claimDue, clinicName, settle, type MessageRow } from './store.ts';
import { fromHeader, transportFor, type Transport } from './transport.ts';

/** Attempts before a message is given up as `failed`; the wait between attempts grows. */
export const MAX_ATTEMPTS = 5;
const BACKOFF_MINUTES = [1, 5, 30, 120];

export type DeliveryResult = {
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
};

interface DeliveryDeps {
  db: Db;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** Why a due message should not go out any more, or null. Checked at send time, not at writing time. */
async function staleReason(db: Db, m: MessageRow, now: Date): Promise<string | null> {
  if (!m.toAddress) return 'No email address on file for this patient';
  if (m.kind === 'reminder' && m.appointmentId) {
    const a = await visitNow(db, m.appointmentId);
    if (!a || !['booked', 'checked-in'].includes(a.status)) return `Appointment ${a?.status ?? 'gone'}`;
    if (m.appointmentStart && a.startsAt.getTime() !== m.appointmentStart.getTime())
      return 'Appointment moved (a reminder for the new time was written)';
    if (a.startsAt <= now) return 'Appointment already started';
  }
  if (m.kind === 'waitlist-offer' && m.waitlistOfferId) {
    const o = await offerNow(db, m.waitlistOfferId);
    if (!o || o.status !== 'pending' || o.expiresAt <= now) return 'Offer no longer open';
  }
  return null;
}

/**
 * The error as recorded on the message (staff see it in the outbox): never the message text or the
 * recipient (SMTP errors may echo them). The log gets the error itself, reduced by the logger to its
 * class and codes.
 */
function shortError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const parts = [e.code, e.responseCode ? `SMTP ${e.responseCode}` : null].filter(Boolean);
  return (
    parts.length ? parts.join(' ') : (e.message ?? 'send failed').replace(/\S+@\S+/g, '<address>')
  ).slice(0, 200);
}

/**
 * Delivers due messages: claim, re-check, send, record. At-least-once: a crash between the send and
 * the record re-sends after the lease; two runners never send the same message concurrently.
 */
export async function deliverDue(
  deps: DeliveryDeps,
  opts: {
    now: Date;
    transport: Transport;
    clinicId?: string;
    batchSize?: number;
    maxMessages?: number;
    /** `SMTP_FROM`. */
    from?: string | null;
  },
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, skipped: 0, retried: 0, failed: 0 };
  const batchSize = opts.batchSize ?? 20;
  const max = opts.maxMessages ?? 500;
  const from = opts.from === undefined ? mailSettings().from : opts.from;
  const clinicNames = new Map<string, string>();
  let handled = 0;
  while (handled < max) {
    const batch = await claimDue(deps.db, opts.now, Math.min(batchSize, max - handled), opts.clinicId);
    if (!batch.length) break;
    handled += batch.length;
    for (const m of batch) {
      const stale = await staleReason(deps.db, m, opts.now);
      if (stale) {
        await settle(deps.db, m.id, { status: 'skipped', lastError: stale });
        result.skipped++;
        deps.log.info({ messageId: m.id, kind: m.kind, status: 'skipped' }, 'outbox message skipped');
        continue;
      }
      if (!clinicNames.has(m.clinicId)) {
        clinicNames.set(m.clinicId, (await clinicName(deps.db, m.clinicId)) ?? 'Stillpoint');
      }
      try {
        await opts.transport.send({
          messageId: m.id,
          from: fromHeader(clinicNames.get(m.clinicId)!, from),
          to: m.toAddress!,
          subject: m.subject,
          text: m.text,
          ics: m.ics,
        });
        await settle(deps.db, m.id, {
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
          await settle(deps.db, m.id, { status: 'failed', lastError: error });
          result.failed++;
          deps.log.error({ messageId: m.id, kind: m.kind, err }, 'outbox message failed for good');
        } else {
          const wait = BACKOFF_MINUTES[Math.min(m.attempts - 1, BACKOFF_MINUTES.length - 1)]!;
          await settle(deps.db, m.id, {
            lastError: error,
            sendAfter: new Date(opts.now.getTime() + wait * 60_000),
          });
          result.retried++;
          deps.log.warn(
            { messageId: m.id, kind: m.kind, err, attempt: m.attempts },
            'outbox send failed; retrying',
          );
        }
      }
    }
  }
  return result;
}

/**
 * The delivery job (registered in index.ts; reminders are pending messages whose time has come):
 * SMTP when `SMTP_URL` is set, otherwise the development mailbox.
 */
export async function deliveryJob(ctx: JobContext): Promise<JobResult> {
  const transport = transportFor(ctx.config.mail);
  try {
    return await deliverDue(ctx, {
      now: ctx.now,
      transport,
      clinicId: ctx.clinicId,
      from: ctx.config.mail.from,
    });
  } finally {
    transport.close?.();
  }
}

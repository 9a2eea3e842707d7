import { and, desc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { rawRows } from '../../db/connect.ts';
import { clinics, outboxMessages, patients } from '../../db/schema.ts';

export type MessageRow = typeof outboxMessages.$inferSelect;

/** A claimed message is someone's for this long; a crashed sender's claim runs out and it is retried. */
const LEASE_MS = 5 * 60_000;

/**
 * Reminders not sent yet of a visit that was cancelled or moved are marked `skipped` with the
 * reason at once, in the caller's transaction, so the messages screen never shows them as still
 * to come. A reminder the delivery job has claimed this instant is left to it: it checks again
 * before sending. On a move only the reminders of the old time are skipped.
 */
export async function skipUnsentReminders(
  tx: Tx,
  a: { id: string; clinicId: string; startsAt: Date },
  now: Date,
  reason: string,
  opts: { allTimes?: boolean } = {},
): Promise<void> {
  await tx
    .update(outboxMessages)
    .set({ status: 'skipped', lastError: reason })
    .where(
      and(
        eq(outboxMessages.clinicId, a.clinicId),
        eq(outboxMessages.appointmentId, a.id),
        eq(outboxMessages.kind, 'reminder'),
        eq(outboxMessages.status, 'pending'),
        or(isNull(outboxMessages.claimedUntil), lte(outboxMessages.claimedUntil, now)),
        opts.allTimes
          ? undefined
          : or(isNull(outboxMessages.appointmentStart), ne(outboxMessages.appointmentStart, a.startsAt)),
      ),
    );
}

/**
 * Claims up to `batch` due messages. `FOR UPDATE SKIP LOCKED` makes concurrent claimers (other app
 * instances, an overlapping pass) take disjoint rows; the lease then keeps them out of other claims
 * after this short transaction commits, so the network send happens outside any transaction.
 */
export async function claimDue(db: Db, now: Date, batch: number, clinicId?: string): Promise<MessageRow[]> {
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

/** Records the outcome of a claimed message and releases the claim (unless someone settled it meanwhile). */
export async function settle(db: Db, id: string, set: Partial<MessageRow>): Promise<void> {
  await db
    .update(outboxMessages)
    .set({ ...set, claimedUntil: null })
    .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, 'pending')));
}

export async function clinicName(db: Db, clinicId: string): Promise<string | null> {
  const [c] = await db.select({ name: clinics.name }).from(clinics).where(eq(clinics.id, clinicId));
  return c?.name ?? null;
}

/** Staff's list. Restricted patients' messages only for admins and the care team. */
export async function listMessages(
  tx: Tx,
  user: { id: string; clinicId: string; role: string },
  q: { status?: string; patientId?: string; kind?: string; limit: number },
): Promise<MessageRow[]> {
  const rows = await tx
    .select({ m: outboxMessages })
    .from(outboxMessages)
    .leftJoin(patients, eq(patients.id, outboxMessages.patientId))
    .where(
      and(
        eq(outboxMessages.clinicId, user.clinicId),
        q.status ? eq(outboxMessages.status, q.status) : undefined,
        q.kind ? eq(outboxMessages.kind, q.kind) : undefined,
        q.patientId ? eq(outboxMessages.patientId, q.patientId) : undefined,
        user.role === 'admin'
          ? undefined
          : sql`(${patients.id} is null or not ${patients.restricted} or ${patients.careTeam} @> ${JSON.stringify([user.id])}::jsonb)`,
      ),
    )
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.sendAfter))
    .limit(q.limit);
  return rows.map((r) => r.m);
}

export async function findMessage(tx: Tx, clinicId: string, id: string): Promise<MessageRow | null> {
  const [m] = await tx
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.clinicId, clinicId), eq(outboxMessages.id, id)));
  return m ?? null;
}

import { and, desc, eq, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
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

/** A message of staff's list, with its patient and whether the caller sees that patient in full. */
export interface ListedMessage {
  m: MessageRow;
  patient: Pick<
    typeof patients.$inferSelect,
    'id' | 'givenName' | 'familyName' | 'birthDate' | 'restricted'
  > | null;
  whole: boolean;
}

/**
 * Staff's list, newest first. `visible` is the caller's restricted-record rule as SQL over
 * `patients` (platform/access.ts `visibleInFull`; undefined: every record in full): it decides
 * `whole`, and the service shows the others limited. Messages about nobody's record are whole.
 */
export async function listMessages(
  tx: Tx,
  clinicId: string,
  q: { status?: string; patientId?: string; kind?: string; limit: number },
  visible: SQL<boolean> | undefined,
): Promise<ListedMessage[]> {
  const rows = await tx
    .select({
      m: outboxMessages,
      patientId: patients.id,
      givenName: patients.givenName,
      familyName: patients.familyName,
      birthDate: patients.birthDate,
      restricted: patients.restricted,
      whole: visible ? sql<boolean>`(${patients.id} is null or ${visible})` : sql<boolean>`true`,
    })
    .from(outboxMessages)
    .leftJoin(
      patients,
      and(eq(patients.clinicId, outboxMessages.clinicId), eq(patients.id, outboxMessages.patientId)),
    )
    .where(
      and(
        eq(outboxMessages.clinicId, clinicId),
        q.status ? eq(outboxMessages.status, q.status) : undefined,
        q.kind ? eq(outboxMessages.kind, q.kind) : undefined,
        q.patientId ? eq(outboxMessages.patientId, q.patientId) : undefined,
      ),
    )
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.sendAfter))
    .limit(q.limit);
  return rows.map((r) => ({
    m: r.m,
    patient:
      r.patientId === null
        ? null
        : {
            id: r.patientId,
            givenName: r.givenName!,
            familyName: r.familyName!,
            birthDate: r.birthDate!,
            restricted: r.restricted!,
          },
    whole: r.whole,
  }));
}

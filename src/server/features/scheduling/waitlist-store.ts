import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { patients } from '../../db/schema.ts';
import { appointments, appointmentTypes, waitlistEntries, waitlistOffers } from './tables.ts';

type Q = Db | Tx;
export type EntryRow = typeof waitlistEntries.$inferSelect;
export type OfferRow = typeof waitlistOffers.$inferSelect;

// Entries ----------------------------------------------------------------------------------------

/**
 * Waiting entries that a freed time [start, end) with this practitioner can serve, oldest first,
 * locked. SKIP LOCKED: two frees at once offer to two different entries instead of waiting on
 * each other.
 */
export async function entriesWaitingFor(
  tx: Tx,
  freed: { clinicId: string; practitionerId: string; start: Date; end: Date; excludePatientId?: string },
  limit: number,
): Promise<EntryRow[]> {
  return tx
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.clinicId, freed.clinicId),
        eq(waitlistEntries.status, 'waiting'),
        or(isNull(waitlistEntries.practitionerId), eq(waitlistEntries.practitionerId, freed.practitionerId)),
        lt(waitlistEntries.windowStart, freed.end),
        gt(waitlistEntries.windowEnd, freed.start),
        freed.excludePatientId ? ne(waitlistEntries.patientId, freed.excludePatientId) : undefined,
      ),
    )
    .orderBy(asc(waitlistEntries.seq))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** How many entries the patient has waiting or offered whose window is not over yet. */
export async function countActiveEntries(q: Q, clinicId: string, patientId: string, now: Date) {
  const rows = await q
    .select({ id: waitlistEntries.id })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.clinicId, clinicId),
        eq(waitlistEntries.patientId, patientId),
        inArray(waitlistEntries.status, ['waiting', 'offered']),
        gt(waitlistEntries.windowEnd, now),
      ),
    );
  return rows.length;
}

export async function insertEntry(tx: Tx, values: typeof waitlistEntries.$inferInsert): Promise<EntryRow> {
  const [row] = await tx.insert(waitlistEntries).values(values).returning();
  return row!;
}

export async function setEntryStatus(
  tx: Tx,
  id: string,
  status: 'waiting' | 'offered' | 'booked' | 'cancelled',
  at: Date,
): Promise<EntryRow | undefined> {
  const [row] = await tx
    .update(waitlistEntries)
    .set({ status, updatedAt: at })
    .where(eq(waitlistEntries.id, id))
    .returning();
  return row;
}

/** An entry of this clinic, locked for the change that follows. */
export async function entryForUpdate(tx: Tx, clinicId: string, id: string): Promise<EntryRow | null> {
  const [e] = await tx
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.clinicId, clinicId), eq(waitlistEntries.id, id)))
    .for('update');
  return e ?? null;
}

export interface EntryFilters {
  patientId?: string;
  practitionerId?: string;
  status?: string;
}

/**
 * The clinic's entries with their type code and patient name and birth date, oldest first. An
 * entry for any practitioner matches a practitioner filter. `whole` is the caller's visibility
 * column (`wholeColumn`): false on rows whose patient the caller may see only in the limited form.
 */
export async function listEntries(q: Q, clinicId: string, f: EntryFilters, whole: SQL<boolean>) {
  return q
    .select({
      e: waitlistEntries,
      code: appointmentTypes.code,
      given: patients.givenName,
      family: patients.familyName,
      birthDate: patients.birthDate,
      whole,
    })
    .from(waitlistEntries)
    .innerJoin(appointmentTypes, eq(appointmentTypes.id, waitlistEntries.appointmentTypeId))
    .innerJoin(patients, eq(patients.id, waitlistEntries.patientId))
    .where(
      and(
        eq(waitlistEntries.clinicId, clinicId),
        f.patientId ? eq(waitlistEntries.patientId, f.patientId) : undefined,
        f.practitionerId
          ? or(eq(waitlistEntries.practitionerId, f.practitionerId), isNull(waitlistEntries.practitionerId))
          : undefined,
        f.status ? eq(waitlistEntries.status, f.status) : undefined,
      ),
    )
    .orderBy(asc(waitlistEntries.seq))
    .limit(500);
}

// Offers -----------------------------------------------------------------------------------------

/** Start times this entry was already offered with this practitioner within [start, end). */
export async function offeredStarts(
  q: Q,
  entryId: string,
  practitionerId: string,
  start: Date,
  end: Date,
): Promise<Date[]> {
  const rows = await q
    .select({ start: waitlistOffers.slotStart })
    .from(waitlistOffers)
    .where(
      and(
        eq(waitlistOffers.entryId, entryId),
        eq(waitlistOffers.practitionerId, practitionerId),
        gte(waitlistOffers.slotStart, start),
        lt(waitlistOffers.slotStart, end),
      ),
    );
  return rows.map((r) => r.start);
}

export async function insertOffer(tx: Tx, values: typeof waitlistOffers.$inferInsert): Promise<OfferRow> {
  const [o] = await tx.insert(waitlistOffers).values(values).returning();
  return o!;
}

export async function updateOffer(
  tx: Tx,
  id: string,
  set: Partial<typeof waitlistOffers.$inferInsert>,
): Promise<OfferRow | undefined> {
  const [row] = await tx.update(waitlistOffers).set(set).where(eq(waitlistOffers.id, id)).returning();
  return row;
}

export async function findOffer(q: Q, id: string): Promise<OfferRow | undefined> {
  const [row] = await q.select().from(waitlistOffers).where(eq(waitlistOffers.id, id));
  return row;
}

/** The entry's open offer, locked. */
export async function pendingOfferOfEntry(tx: Tx, entryId: string): Promise<OfferRow | undefined> {
  const [open] = await tx
    .select()
    .from(waitlistOffers)
    .where(and(eq(waitlistOffers.entryId, entryId), eq(waitlistOffers.status, 'pending')))
    .for('update');
  return open;
}

/** The open offers of these entries with the held time. */
export async function pendingOffersOfEntries(q: Q, entryIds: string[]) {
  if (!entryIds.length) return [];
  return q
    .select({ o: waitlistOffers, startsAt: appointments.startsAt, endsAt: appointments.endsAt })
    .from(waitlistOffers)
    .innerJoin(appointments, eq(appointments.id, waitlistOffers.appointmentId))
    .where(and(inArray(waitlistOffers.entryId, entryIds), eq(waitlistOffers.status, 'pending')));
}

/**
 * The open offer whose hold ran out first (of one clinic, if given), claimed with SKIP LOCKED so
 * app instances share the work.
 */
export async function claimExpiredOffer(tx: Tx, now: Date, clinicId?: string): Promise<OfferRow | undefined> {
  const [offer] = await tx
    .select()
    .from(waitlistOffers)
    .where(
      and(
        eq(waitlistOffers.status, 'pending'),
        lte(waitlistOffers.expiresAt, now),
        clinicId ? eq(waitlistOffers.clinicId, clinicId) : undefined,
      ),
    )
    .orderBy(asc(waitlistOffers.expiresAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return offer;
}

/** An offer of this clinic with its held appointment, locked for the answer that follows. */
export async function offerForUpdate(tx: Tx, clinicId: string, id: string) {
  const [row] = await tx
    .select({ o: waitlistOffers, a: appointments })
    .from(waitlistOffers)
    .innerJoin(appointments, eq(appointments.id, waitlistOffers.appointmentId))
    .where(and(eq(waitlistOffers.clinicId, clinicId), eq(waitlistOffers.id, id)))
    .for('update');
  return row ?? null;
}

/**
 * The clinic's offers with the held time and the patient's name and birth date, newest first.
 * `whole` is the caller's visibility column, as for {@link listEntries}.
 */
export async function listOffers(
  q: Q,
  clinicId: string,
  f: { patientId?: string; status?: string },
  whole: SQL<boolean>,
) {
  return q
    .select({
      o: waitlistOffers,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      patientId: appointments.patientId,
      given: patients.givenName,
      family: patients.familyName,
      birthDate: patients.birthDate,
      whole,
    })
    .from(waitlistOffers)
    .innerJoin(appointments, eq(appointments.id, waitlistOffers.appointmentId))
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(
      and(
        eq(waitlistOffers.clinicId, clinicId),
        f.patientId ? eq(appointments.patientId, f.patientId) : undefined,
        f.status ? eq(waitlistOffers.status, f.status) : undefined,
      ),
    )
    .orderBy(desc(waitlistOffers.offeredAt))
    .limit(500);
}

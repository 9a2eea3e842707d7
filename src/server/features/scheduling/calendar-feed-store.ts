import { and, asc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { clinics, patients, practitioners } from '../../db/schema.ts';
import { ACTIVE_STATUSES, appointments, calendarFeeds } from './tables.ts';

type Q = Db | Tx;

/** The practitioner's feed that is still open, if any. */
export async function activeFeed(q: Q, practitionerId: string) {
  const [feed] = await q
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.practitionerId, practitionerId), isNull(calendarFeeds.revokedAt)));
  return feed ?? null;
}

/** Closes the practitioner's open feeds; returns how many were open. */
export async function revokeFeeds(tx: Tx, practitionerId: string, at: Date): Promise<number> {
  const revoked = await tx
    .update(calendarFeeds)
    .set({ revokedAt: at })
    .where(and(eq(calendarFeeds.practitionerId, practitionerId), isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  return revoked.length;
}

export async function insertFeed(tx: Tx, values: typeof calendarFeeds.$inferInsert) {
  await tx.insert(calendarFeeds).values(values);
}

/** An open feed by the hash of its token, with its practitioner and the clinic's name. */
export async function feedByTokenHash(q: Q, tokenHash: string) {
  const [feed] = await q
    .select({ f: calendarFeeds, p: practitioners, clinicName: clinics.name })
    .from(calendarFeeds)
    .innerJoin(practitioners, eq(practitioners.id, calendarFeeds.practitionerId))
    .innerJoin(clinics, eq(clinics.id, calendarFeeds.clinicId))
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)));
  return feed ?? null;
}

/** The practitioner's active appointments touching [from, to), with the patient's name, by start. */
export async function feedAppointments(q: Q, practitionerId: string, from: Date, to: Date, limit: number) {
  return q
    .select({ a: appointments, given: patients.givenName, family: patients.familyName })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(
      and(
        eq(appointments.practitionerId, practitionerId),
        inArray(appointments.status, [...ACTIVE_STATUSES]),
        lt(appointments.startsAt, to),
        gt(appointments.endsAt, from),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(limit);
}

export async function touchFeed(tx: Tx, id: string, at: Date) {
  await tx.update(calendarFeeds).set({ lastUsedAt: at }).where(eq(calendarFeeds.id, id));
}

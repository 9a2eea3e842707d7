import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { clinics, patients, practitioners, type ClinicAddress } from '../../db/schema.ts';
import { appointmentEvents, appointments, clinicSchedulingSettings, waitlistOffers } from './tables.ts';

/** What a message about a visit may draw on (see VisitNotice in notices.ts). */
export interface VisitFacts {
  firstName: string;
  email: string | null;
  clinicName: string;
  clinicAddress: ClinicAddress | null;
  practitionerName: string;
  timeZone: string;
  reminderLeadMinutes: number[];
  sequence: number;
}

/** One query, in the transaction of the change. */
export async function visitFacts(
  tx: Tx,
  a: { id: string; clinicId: string; patientId: string; practitionerId: string },
): Promise<VisitFacts> {
  const [row] = await tx
    .select({
      firstName: patients.givenName,
      email: patients.email,
      clinicName: clinics.name,
      clinicAddress: clinics.address,
      practitionerName: practitioners.name,
      timeZone: practitioners.timeZone,
      leads: clinicSchedulingSettings.reminderLeadMinutes,
      events: sql<string>`(select count(*) from ${appointmentEvents} where ${appointmentEvents.appointmentId} = ${a.id})`,
    })
    .from(patients)
    .innerJoin(clinics, eq(clinics.id, patients.clinicId))
    .innerJoin(practitioners, eq(practitioners.id, a.practitionerId))
    .leftJoin(clinicSchedulingSettings, eq(clinicSchedulingSettings.clinicId, clinics.id))
    .where(and(eq(patients.id, a.patientId), eq(patients.clinicId, a.clinicId)));
  if (!row) throw new Error('outbox: appointment facts not found');
  return {
    firstName: row.firstName,
    email: row.email?.trim() || null,
    clinicName: row.clinicName,
    clinicAddress: row.clinicAddress,
    practitionerName: row.practitionerName,
    timeZone: row.timeZone,
    reminderLeadMinutes: row.leads ?? [2880, 120],
    // One event per change (booked, rescheduled, cancelled…): a monotonic SEQUENCE for calendars.
    sequence: Math.max(0, Number(row.events) - 1),
  };
}

/** A visit's status and start now (a due reminder is checked against them), or null. */
export async function visitNow(db: Db, appointmentId: string) {
  const [a] = await db
    .select({ status: appointments.status, startsAt: appointments.startsAt })
    .from(appointments)
    .where(eq(appointments.id, appointmentId));
  return a ?? null;
}

/** A waiting-list offer's status and expiry now (a due offer email is checked against them), or null. */
export async function offerNow(db: Db, offerId: string) {
  const [o] = await db
    .select({ status: waitlistOffers.status, expiresAt: waitlistOffers.expiresAt })
    .from(waitlistOffers)
    .where(eq(waitlistOffers.id, offerId));
  return o ?? null;
}

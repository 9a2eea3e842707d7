import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { appointments, appointmentTypes, waitlistOffers } from './tables.ts';

export type OfferRow = typeof waitlistOffers.$inferSelect;
export type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;

/** An offer of the clinic and the patient it is for (through the held appointment). */
export async function findOfferSubject(q: Db | Tx, clinicId: string, id: string) {
  const [row] = await q
    .select({ o: waitlistOffers, patientId: appointments.patientId })
    .from(waitlistOffers)
    .innerJoin(appointments, eq(appointments.id, waitlistOffers.appointmentId))
    .where(and(eq(waitlistOffers.clinicId, clinicId), eq(waitlistOffers.id, id)));
  return row ? { record: row.o, patientId: row.patientId } : null;
}

/** An appointment type of the clinic by its code (retired ones too: they can be changed back). */
export async function findTypeSubject(q: Db | Tx, clinicId: string, code: string) {
  const [row] = await q
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.clinicId, clinicId), eq(appointmentTypes.code, code)));
  return row ?? null;
}

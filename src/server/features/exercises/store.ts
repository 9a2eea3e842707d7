import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { users } from '../../db/schema.ts';
import { carePlans } from '../outcomes/tables.ts';
import { clinicExercises, exercisePrescriptions, exerciseSessions } from './tables.ts';

/** The SQL of the exercise library, prescriptions and their sessions. Every query is scoped by clinic. */

type Q = Db | Tx;
export type ClinicExerciseRow = typeof clinicExercises.$inferSelect;
export type PrescriptionRow = typeof exercisePrescriptions.$inferSelect;

export async function clinicLibrary(q: Q, clinicId: string): Promise<ClinicExerciseRow[]> {
  return q.select().from(clinicExercises).where(eq(clinicExercises.clinicId, clinicId));
}

export async function clinicExercise(q: Q, clinicId: string, id: string): Promise<ClinicExerciseRow | null> {
  const [r] = await q
    .select()
    .from(clinicExercises)
    .where(and(eq(clinicExercises.clinicId, clinicId), eq(clinicExercises.id, id)));
  return r ?? null;
}

export async function clinicExercisesById(q: Q, clinicId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, ClinicExerciseRow>();
  const rows = await q
    .select()
    .from(clinicExercises)
    .where(and(eq(clinicExercises.clinicId, clinicId), inArray(clinicExercises.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertExercise(tx: Tx, row: typeof clinicExercises.$inferInsert) {
  const [r] = await tx.insert(clinicExercises).values(row).returning();
  return r!;
}

export async function updateExercise(
  tx: Tx,
  clinicId: string,
  id: string,
  set: Partial<typeof clinicExercises.$inferInsert>,
) {
  const [r] = await tx
    .update(clinicExercises)
    .set(set)
    .where(and(eq(clinicExercises.clinicId, clinicId), eq(clinicExercises.id, id)))
    .returning();
  return r!;
}

/** The patient a plan of care belongs to (null: no such plan in the clinic). */
export async function planPatient(q: Q, clinicId: string, planId: string): Promise<string | null> {
  const [r] = await q
    .select({ patientId: carePlans.patientId })
    .from(carePlans)
    .where(and(eq(carePlans.clinicId, clinicId), eq(carePlans.id, planId)));
  return r?.patientId ?? null;
}

export async function insertPrescription(tx: Tx, row: typeof exercisePrescriptions.$inferInsert) {
  const [r] = await tx.insert(exercisePrescriptions).values(row).returning();
  return r!;
}

/** Locks the prescription for the rest of the transaction: two ticks of one exercise cannot interleave. */
export async function lockPrescription(tx: Tx, clinicId: string, id: string): Promise<PrescriptionRow> {
  const [r] = await tx
    .select()
    .from(exercisePrescriptions)
    .where(and(eq(exercisePrescriptions.clinicId, clinicId), eq(exercisePrescriptions.id, id)))
    .for('update');
  return r!;
}

export async function stopPrescription(tx: Tx, clinicId: string, id: string, at: Date, by: string) {
  const [r] = await tx
    .update(exercisePrescriptions)
    .set({ stoppedAt: at, stoppedBy: by })
    .where(and(eq(exercisePrescriptions.clinicId, clinicId), eq(exercisePrescriptions.id, id)))
    .returning();
  return r!;
}

/** A patient's program: current exercises first, then stopped ones; newest first within each. */
export async function prescriptionsOf(q: Q, clinicId: string, patientId: string): Promise<PrescriptionRow[]> {
  return q
    .select()
    .from(exercisePrescriptions)
    .where(and(eq(exercisePrescriptions.clinicId, clinicId), eq(exercisePrescriptions.patientId, patientId)))
    .orderBy(
      sql`${exercisePrescriptions.stoppedAt} is not null`,
      desc(exercisePrescriptions.start),
      desc(exercisePrescriptions.createdAt),
    );
}

/** The dates of the sessions of some prescriptions, one entry per session. */
export async function sessionDates(q: Q, clinicId: string, prescriptionIds: string[]) {
  const out = new Map<string, string[]>();
  if (prescriptionIds.length === 0) return out;
  const rows = await q
    .select({ prescriptionId: exerciseSessions.prescriptionId, date: exerciseSessions.date })
    .from(exerciseSessions)
    .where(
      and(eq(exerciseSessions.clinicId, clinicId), inArray(exerciseSessions.prescriptionId, prescriptionIds)),
    )
    .orderBy(asc(exerciseSessions.date), asc(exerciseSessions.loggedAt));
  for (const r of rows) out.set(r.prescriptionId, [...(out.get(r.prescriptionId) ?? []), r.date]);
  return out;
}

export async function insertSession(tx: Tx, row: typeof exerciseSessions.$inferInsert) {
  await tx.insert(exerciseSessions).values(row);
}

/** Removes the latest session logged on `date`; false when there was none. */
export async function deleteLastSession(tx: Tx, clinicId: string, prescriptionId: string, date: string) {
  const [last] = await tx
    .select({ id: exerciseSessions.id })
    .from(exerciseSessions)
    .where(
      and(
        eq(exerciseSessions.clinicId, clinicId),
        eq(exerciseSessions.prescriptionId, prescriptionId),
        eq(exerciseSessions.date, date),
      ),
    )
    .orderBy(desc(exerciseSessions.loggedAt), desc(exerciseSessions.id))
    .limit(1);
  if (!last) return false;
  await tx.delete(exerciseSessions).where(eq(exerciseSessions.id, last.id));
  return true;
}

export async function userNames(q: Q, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await q
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

import { and, eq } from 'drizzle-orm';
import { BUILTIN_BY_ID, type Exercise } from '../../../domain/exercises/index.ts';
import { defineSubject, tableSubject } from '../../platform/subjects.ts';
import { clinicExercises, exercisePrescriptions } from './tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ExerciseRecord = { builtin: Exercise } | { own: typeof clinicExercises.$inferSelect };

/**
 * An exercise of the library: a built-in by its slug (read-only: the use case answers 409) or one of
 * the caller's clinic's own by id. No patient data.
 */
export const exerciseSubject = defineSubject<ExerciseRecord, false>({
  name: 'exercise',
  resourceType: 'ActivityDefinition',
  patientData: false,
  find: async (q, ctx, id) => {
    const builtin = BUILTIN_BY_ID.get(id);
    if (builtin) return { record: { builtin }, patientId: null };
    if (!UUID.test(id)) return null;
    const [own] = await q
      .select()
      .from(clinicExercises)
      .where(and(eq(clinicExercises.id, id), eq(clinicExercises.clinicId, ctx.user.clinicId)))
      .limit(1);
    return own ? { record: { own }, patientId: null } : null;
  },
});

/** One exercise of a patient's program: opened through its patient's compartment. */
export const prescriptionSubject = tableSubject({
  name: 'exercise prescription',
  resourceType: 'ServiceRequest',
  table: exercisePrescriptions,
  patientData: true,
  patient: exercisePrescriptions.patientId,
});

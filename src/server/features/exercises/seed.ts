import type { Tx } from '../../db/connect.ts';
import { BUILTIN_BY_ID } from '../../../domain/exercises/index.ts';
import { insertPrescription, insertSession } from './store.ts';

/**
 * Writer for the demo seed (src/server/seed/demo-exercises.ts): a built-in exercise prescribed on
 * `start`, with sessions logged on the given dates (clinic-zone dates, one entry per session).
 */
export async function seedPrescription(
  tx: Tx,
  p: {
    clinicId: string;
    patientId: string;
    prescribedBy: string;
    /** The account that ticked the sessions off (the patient's login). */
    loggedBy: string;
    carePlanId: string | null;
    exercise: string;
    sets: number;
    reps: number;
    holdSeconds: number | null;
    timesPerDay: number;
    daysPerWeek: number;
    notes: string | null;
    start: string;
    stoppedAt: Date | null;
    createdAt: Date;
    sessions: { date: string; at: Date }[];
  },
) {
  if (!BUILTIN_BY_ID.has(p.exercise)) throw new Error(`demo exercise ${p.exercise} is not in the library`);
  const row = await insertPrescription(tx, {
    clinicId: p.clinicId,
    patientId: p.patientId,
    builtinExercise: p.exercise,
    clinicExerciseId: null,
    carePlanId: p.carePlanId,
    sets: p.sets,
    reps: p.reps,
    holdSeconds: p.holdSeconds,
    timesPerDay: p.timesPerDay,
    daysPerWeek: p.daysPerWeek,
    notes: p.notes,
    start: p.start,
    stoppedAt: p.stoppedAt,
    stoppedBy: p.stoppedAt ? p.prescribedBy : null,
    prescribedBy: p.prescribedBy,
    createdAt: p.createdAt,
  });
  for (const s of p.sessions)
    await insertSession(tx, {
      clinicId: p.clinicId,
      prescriptionId: row.id,
      date: s.date,
      loggedBy: p.loggedBy,
      loggedAt: s.at,
    });
  return row.id;
}

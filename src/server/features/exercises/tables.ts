import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { clinicRef, id, patients, ts, users } from '../../db/schema.ts';
import { carePlans } from '../outcomes/tables.ts';

/**
 * An exercise a clinic wrote for its own library, beside the built-in ones (`domain/exercises`):
 * the same fields, in the clinic's words. Prescriptions name it by id, so it is never deleted.
 */
export const clinicExercises = pgTable(
  'clinic_exercises',
  {
    id: id(),
    clinicId: clinicRef(),
    name: text('name').notNull(),
    purpose: text('purpose').notNull(),
    steps: jsonb('steps').$type<string[]>().notNull(),
    cautions: jsonb('cautions').$type<string[]>().notNull(),
    regions: jsonb('regions').$type<string[]>().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('clinic_exercises_clinic_idx').on(t.clinicId)],
);

/**
 * One exercise of a patient's home program: a built-in (`builtin_exercise`, its slug) or one of the
 * clinic's (`clinic_exercise_id`), with its dose. `start` is a date in the clinic's zone; stopping
 * sets `stopped_at` and keeps the row and its sessions for the adherence history.
 */
export const exercisePrescriptions = pgTable(
  'exercise_prescriptions',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    builtinExercise: text('builtin_exercise'),
    clinicExerciseId: uuid('clinic_exercise_id').references(() => clinicExercises.id),
    carePlanId: uuid('care_plan_id').references(() => carePlans.id),
    sets: integer('sets').notNull(),
    reps: integer('reps').notNull(),
    holdSeconds: integer('hold_seconds'),
    timesPerDay: integer('times_per_day').notNull(),
    daysPerWeek: integer('days_per_week').notNull(),
    notes: text('notes'),
    start: date('start', { mode: 'string' }).notNull(),
    stoppedAt: ts('stopped_at'),
    stoppedBy: uuid('stopped_by').references(() => users.id),
    prescribedBy: uuid('prescribed_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('exercise_prescriptions_patient_idx').on(t.clinicId, t.patientId),
    check(
      'exercise_prescriptions_one_exercise',
      sql`(${t.builtinExercise} is null) <> (${t.clinicExerciseId} is null)`,
    ),
    check(
      'exercise_prescriptions_dose',
      sql`${t.sets} between 1 and 20 and ${t.reps} between 1 and 100
          and (${t.holdSeconds} is null or ${t.holdSeconds} between 1 and 600)
          and ${t.timesPerDay} between 1 and 6 and ${t.daysPerWeek} between 1 and 7`,
    ),
  ],
);

/** One session of a prescription the patient (or staff on their behalf) ticked off, on a date in the clinic's zone. */
export const exerciseSessions = pgTable(
  'exercise_sessions',
  {
    id: id(),
    clinicId: clinicRef(),
    prescriptionId: uuid('prescription_id')
      .notNull()
      .references(() => exercisePrescriptions.id),
    date: date('date', { mode: 'string' }).notNull(),
    loggedBy: uuid('logged_by')
      .notNull()
      .references(() => users.id),
    loggedAt: ts('logged_at').notNull(),
  },
  (t) => [index('exercise_sessions_prescription_idx').on(t.clinicId, t.prescriptionId, t.date)],
);

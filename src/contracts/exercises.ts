import { z } from 'zod';
import { REGION_IDS } from '../domain/omt/regions.ts';
import { ref } from './references.ts';

/**
 * Home exercise programs: the library (built-ins and the clinic's own), prescriptions with their
 * dose, and sessions the patient ticks off. Built-in exercises are named by slug (`chin-tuck`), a
 * clinic's own by id; the service checks that the name is one of the library's.
 */

const lines = (what: string, max: number) =>
  z.array(z.string().trim().min(1, `A ${what} cannot be empty`).max(400)).max(max);

export const exerciseQuery = z.object({
  q: z.string().max(100).optional(),
});

export const exerciseCreateBody = z
  .object({
    name: z.string().trim().min(2, 'Name the exercise').max(120),
    purpose: z.string().trim().min(2, 'Say in a sentence what it is for').max(400),
    steps: lines('step', 20).min(1, 'Give at least one step'),
    cautions: lines('caution', 10).default([]),
    regions: z
      .array(z.enum(REGION_IDS, { error: 'Not a body region' }))
      .min(1, 'Pick at least one body region')
      .max(REGION_IDS.length),
  })
  .strict();
export type ExerciseCreate = z.infer<typeof exerciseCreateBody>;

export const exercisePatchBody = exerciseCreateBody.partial().strict();
export type ExercisePatch = z.infer<typeof exercisePatchBody>;

export interface ExerciseView {
  id: string;
  name: string;
  purpose: string;
  steps: string[];
  cautions: string[];
  regions: (typeof REGION_IDS)[number][];
  builtin: boolean;
}

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `Give the number of ${what}` })
    .int(`A whole number of ${what}`)
    .min(min, `At least ${min}`)
    .max(max, `At most ${max}`);

export const prescriptionCreateBody = z
  .object({
    /** A built-in exercise's slug or the id of one of the clinic's own. */
    exercise: z.string().trim().min(1, 'Pick an exercise').max(80),
    sets: whole('sets', 1, 20),
    reps: whole('repetitions', 1, 100),
    holdSeconds: whole('seconds', 1, 600).nullish(),
    timesPerDay: whole('times a day', 1, 6),
    daysPerWeek: whole('days a week', 1, 7),
    notes: z.string().trim().max(500).nullish(),
    /** The plan of care this exercise belongs to (one of the same patient's). */
    carePlanId: ref('care-plan', 'Not a valid plan id').nullish(),
    /** First day of the program (default: today in the clinic's zone). */
    start: z.iso.date({ error: 'Use a date YYYY-MM-DD' }).optional(),
  })
  .strict();
export type PrescriptionCreate = z.infer<typeof prescriptionCreateBody>;

export interface WeekAdherenceView {
  weekStart: string;
  activeDays: number;
  prescribed: number;
  done: number;
  percent: number;
}

export interface PrescriptionView {
  id: string;
  patientId: string;
  exercise: ExerciseView;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  timesPerDay: number;
  daysPerWeek: number;
  notes: string | null;
  carePlanId: string | null;
  start: string;
  stoppedAt: string | null;
  prescribedBy: { id: string; name: string };
  /** Sessions logged today (clinic's zone) and how many the dose allows a day. */
  today: { date: string; done: number; allowed: number };
  adherence: {
    weeks: WeekAdherenceView[];
    total: { prescribed: number; done: number; percent: number };
  };
}

export interface ProgramView {
  today: string;
  results: PrescriptionView[];
}

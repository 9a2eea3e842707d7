import type { Db, Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { OpenedContext } from '../../platform/route.ts';
import type { PatientRow } from '../../platform/access.ts';
import { HttpError, problemType, type FieldError } from '../../platform/errors.ts';
import {
  BUILTIN_BY_ID,
  dayNumber,
  dateOf,
  weeklyAdherence,
  type Exercise,
} from '../../../domain/exercises/index.ts';
import type { PrescriptionCreate, PrescriptionView, ProgramView } from '../../../contracts/exercises.ts';
import { clinicTimeZone, todayIn } from '../outcomes/index.ts';
import { exerciseView, ownExercise } from './library.ts';
import * as store from './store.ts';

/**
 * A patient's home exercise program: prescribe an exercise with its dose, stop it, tick off and undo
 * today's sessions, and read the program with each exercise's adherence per week (dates in the
 * clinic's zone; the rules are `domain/exercises/adherence.ts`).
 */

type PatientContext = OpenedContext<PatientRow, true>;
type PrescriptionContext = OpenedContext<store.PrescriptionRow, true>;
type Q = Db | Tx;

const invalid = (errors: FieldError[]) =>
  new HttpError(400, 'Invalid request', 'Some fields of the prescription need correcting.', {
    type: problemType('validation'),
    errors,
  });
const conflict = (slug: string, path: string, message: string, detail: string) =>
  new HttpError(409, 'Conflict', detail, { type: problemType(slug), errors: [{ path, message }] });

/** The exercise a prescription names: a built-in slug or one of the clinic's own ids. */
async function findExercise(q: Q, clinicId: string, name: string): Promise<Exercise | null> {
  const builtin = BUILTIN_BY_ID.get(name);
  if (builtin) return builtin;
  if (!/^[0-9a-f-]{36}$/i.test(name)) return null;
  const own = await store.clinicExercise(q, clinicId, name);
  return own ? ownExercise(own) : null;
}

export async function prescribe(_deps: Deps, ctx: PatientContext, body: PrescriptionCreate) {
  const clinicId = ctx.user.clinicId;
  const patientId = ctx.patient.patient.id;
  return ctx.work(async (tx, entry) => {
    const errors: FieldError[] = [];
    const exercise = await findExercise(tx, clinicId, body.exercise);
    if (!exercise)
      errors.push({ path: 'exercise', message: `No exercise “${body.exercise}” in the clinic’s library` });
    if (body.carePlanId && (await store.planPatient(tx, clinicId, body.carePlanId)) !== patientId)
      errors.push({ path: 'carePlanId', message: 'Not one of this patient’s plans of care' });
    if (errors.length) throw invalid(errors);
    const zone = await clinicTimeZone(tx, clinicId);
    const row = await store.insertPrescription(tx, {
      clinicId,
      patientId,
      builtinExercise: exercise!.builtin ? exercise!.id : null,
      clinicExerciseId: exercise!.builtin ? null : exercise!.id,
      carePlanId: body.carePlanId ?? null,
      sets: body.sets,
      reps: body.reps,
      holdSeconds: body.holdSeconds ?? null,
      timesPerDay: body.timesPerDay,
      daysPerWeek: body.daysPerWeek,
      notes: body.notes || null,
      start: body.start ?? todayIn(zone, ctx.now),
      prescribedBy: ctx.user.id,
      createdAt: ctx.now,
    });
    entry.resourceId = row.id;
    entry.resourceType = 'ServiceRequest';
    entry.details = { exercise: exercise!.id };
    const [view] = await views(tx, ctx.now, zone, [row]);
    return view!;
  });
}

export async function program(_deps: Deps, ctx: PatientContext): Promise<ProgramView> {
  return ctx.work(async (tx) => {
    const clinicId = ctx.user.clinicId;
    const zone = await clinicTimeZone(tx, clinicId);
    const rows = await store.prescriptionsOf(tx, clinicId, ctx.patient.patient.id);
    return { today: todayIn(zone, ctx.now), results: await views(tx, ctx.now, zone, rows) };
  });
}

export async function stop(_deps: Deps, ctx: PrescriptionContext) {
  return ctx.work(async (tx) => {
    const clinicId = ctx.user.clinicId;
    const row = await store.lockPrescription(tx, clinicId, ctx.subject.id);
    if (row.stoppedAt)
      throw conflict(
        'exercise-stopped',
        'stoppedAt',
        'Already stopped',
        'This exercise was already stopped.',
      );
    const stopped = await store.stopPrescription(tx, clinicId, row.id, ctx.now, ctx.user.id);
    const [view] = await views(tx, ctx.now, await clinicTimeZone(tx, clinicId), [stopped]);
    return view!;
  });
}

/** Ticks off one session today: at most `timesPerDay` a day, only while the program runs. */
export async function logSession(_deps: Deps, ctx: PrescriptionContext) {
  return ctx.work(async (tx, entry) => {
    const clinicId = ctx.user.clinicId;
    const zone = await clinicTimeZone(tx, clinicId);
    const today = todayIn(zone, ctx.now);
    const row = await store.lockPrescription(tx, clinicId, ctx.subject.id);
    if (row.stoppedAt)
      throw conflict(
        'exercise-stopped',
        'stoppedAt',
        'This exercise was stopped',
        'Stopped exercises take no more sessions.',
      );
    if (today < row.start)
      throw conflict(
        'exercise-not-started',
        'start',
        `Starts on ${row.start}`,
        'This exercise has not started yet.',
      );
    const done = ((await store.sessionDates(tx, clinicId, [row.id])).get(row.id) ?? []).filter(
      (d) => d === today,
    );
    if (done.length >= row.timesPerDay)
      throw conflict(
        'exercise-done-today',
        'timesPerDay',
        `All ${row.timesPerDay} of today’s sessions are done`,
        'Today’s sessions are all ticked off: well done, and see you tomorrow.',
      );
    await store.insertSession(tx, {
      clinicId,
      prescriptionId: row.id,
      date: today,
      loggedBy: ctx.user.id,
      loggedAt: ctx.now,
    });
    entry.details = { date: today, session: done.length + 1 };
    const [view] = await views(tx, ctx.now, zone, [row]);
    return view!;
  });
}

/** Takes back the last session ticked today (a mis-tap). */
export async function undoSession(_deps: Deps, ctx: PrescriptionContext) {
  return ctx.work(async (tx, entry) => {
    const clinicId = ctx.user.clinicId;
    const zone = await clinicTimeZone(tx, clinicId);
    const today = todayIn(zone, ctx.now);
    const row = await store.lockPrescription(tx, clinicId, ctx.subject.id);
    if (!(await store.deleteLastSession(tx, clinicId, row.id, today)))
      throw conflict(
        'exercise-no-session',
        'date',
        'No session ticked today',
        'There is no session of today to take back.',
      );
    entry.details = { date: today };
    const [view] = await views(tx, ctx.now, zone, [row]);
    return view!;
  });
}

/** Prescriptions as the routes answer them, with today's count and adherence per week. */
async function views(
  q: Q,
  now: Date,
  zone: string,
  rows: store.PrescriptionRow[],
): Promise<PrescriptionView[]> {
  if (rows.length === 0) return [];
  const clinicId = rows[0]!.clinicId;
  const today = todayIn(zone, now);
  const own = await store.clinicExercisesById(
    q,
    clinicId,
    rows.flatMap((r) => (r.clinicExerciseId ? [r.clinicExerciseId] : [])),
  );
  const sessions = await store.sessionDates(
    q,
    clinicId,
    rows.map((r) => r.id),
  );
  const names = await store.userNames(
    q,
    rows.map((r) => r.prescribedBy),
  );
  return rows.map((r) => {
    const exercise = r.builtinExercise ? BUILTIN_BY_ID.get(r.builtinExercise) : undefined;
    const ownRow = r.clinicExerciseId ? own.get(r.clinicExerciseId) : undefined;
    const ex: Exercise = exercise ?? (ownRow ? ownExercise(ownRow) : unknownExercise(r));
    const dates = sessions.get(r.id) ?? [];
    // Runs to today, or to the day it stopped (that day included).
    const stopDay = r.stoppedAt ? todayIn(zone, r.stoppedAt) : today;
    const end = dateOf(Math.min(dayNumber(stopDay), dayNumber(today)));
    return {
      id: r.id,
      patientId: r.patientId,
      exercise: exerciseView(ex),
      sets: r.sets,
      reps: r.reps,
      holdSeconds: r.holdSeconds,
      timesPerDay: r.timesPerDay,
      daysPerWeek: r.daysPerWeek,
      notes: r.notes,
      carePlanId: r.carePlanId,
      start: r.start,
      stoppedAt: r.stoppedAt?.toISOString() ?? null,
      prescribedBy: { id: r.prescribedBy, name: names.get(r.prescribedBy) ?? '' },
      today: { date: today, done: dates.filter((d) => d === today).length, allowed: r.timesPerDay },
      adherence: weeklyAdherence(r, { start: r.start, end }, dates),
    };
  });
}

/** A built-in removed from a later release: the prescription still reads. */
const unknownExercise = (r: store.PrescriptionRow): Exercise => ({
  id: r.builtinExercise ?? '',
  name: r.builtinExercise ?? 'Exercise',
  purpose: '',
  steps: [],
  cautions: [],
  regions: [],
  builtin: true,
});

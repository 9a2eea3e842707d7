import type { Db, Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import { BUILTIN_EXERCISES, searchExercises, type Exercise } from '../../../domain/exercises/index.ts';
import type { RegionId } from '../../../domain/omt/regions.ts';
import type { ExerciseCreate, ExercisePatch, ExerciseView } from '../../../contracts/exercises.ts';
import * as store from './store.ts';
import type { ExerciseRecord } from './subjects.ts';

/**
 * The exercise library of a clinic: the built-ins (read-only, in `domain/exercises`) and the
 * clinic's own, searched together. Clinicians and admins add and change the clinic's own.
 */

type Q = Db | Tx;

export const ownExercise = (r: store.ClinicExerciseRow): Exercise => ({
  id: r.id,
  name: r.name,
  purpose: r.purpose,
  steps: r.steps,
  cautions: r.cautions,
  regions: r.regions as RegionId[],
  builtin: false,
});

export const exerciseView = (e: Exercise): ExerciseView => ({
  ...e,
  steps: [...e.steps],
  cautions: [...e.cautions],
});

export async function libraryOf(q: Q, clinicId: string): Promise<Exercise[]> {
  const own = await store.clinicLibrary(q, clinicId);
  return [...BUILTIN_EXERCISES, ...own.map(ownExercise)];
}

export async function searchLibrary(_deps: Deps, ctx: SignedInContext, query: string | undefined) {
  return ctx.work(async (tx, entry) => {
    const results = searchExercises(await libraryOf(tx, ctx.user.clinicId), query ?? '').map(exerciseView);
    // What was typed stays out of the trail (free text; the hostile-text test keeps it so).
    entry.details = { results: results.length };
    return { results };
  });
}

export async function addExercise(_deps: Deps, ctx: SignedInContext, body: ExerciseCreate) {
  return ctx.work(async (tx, entry) => {
    const row = await store.insertExercise(tx, {
      clinicId: ctx.user.clinicId,
      ...body,
      createdBy: ctx.user.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    entry.resourceId = row.id;
    return exerciseView(ownExercise(row));
  });
}

export async function changeExercise(
  _deps: Deps,
  ctx: OpenedContext<ExerciseRecord, false>,
  body: ExercisePatch,
) {
  const record = ctx.subject.record;
  if ('builtin' in record)
    throw new HttpError(
      409,
      'Conflict',
      'Built-in exercises cannot be changed: add your own version to the clinic’s library instead.',
      {
        type: problemType('exercise-builtin'),
        errors: [{ path: 'id', message: `${record.builtin.name} is a built-in exercise` }],
      },
    );
  return ctx.work(async (tx, entry) => {
    const row = await store.updateExercise(tx, ctx.user.clinicId, record.own.id, {
      ...body,
      updatedAt: ctx.now,
    });
    entry.details = { changed: Object.keys(body) };
    return exerciseView(ownExercise(row));
  });
}

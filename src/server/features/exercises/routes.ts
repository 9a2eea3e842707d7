import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { patientSubject } from '../../platform/subjects.ts';
import {
  exerciseCreateBody,
  exercisePatchBody,
  exerciseQuery,
  prescriptionCreateBody,
} from '../../../contracts/exercises.ts';
import * as library from './library.ts';
import * as programs from './program.ts';
import { exerciseSubject, prescriptionSubject } from './subjects.ts';

/**
 * Home exercise programs. The library is clinical reference data for clinicians and admins (no
 * patient data). A patient's program is clinical data: clinicians and admins prescribe and stop,
 * the patient reads their own and ticks off sessions (staff may too, on their behalf); the front
 * desk sees none.
 */
const patientParams = z.object({ patientId: z.uuid('Not a valid patient id') });
const prescriptionParams = z.object({ id: z.uuid('Not a valid prescription id') });
const exerciseParams = z.object({ id: z.string().min(1).max(80) });
const audit = (action: string) => ({ action, resourceType: 'ServiceRequest' });

const exampleExercise = {
  name: 'Towel squeeze',
  purpose: 'Strengthen the inner thigh muscles with a rolled towel.',
  steps: ['Lie on your back with knees bent.', 'Squeeze a rolled towel between your knees, hold, relax.'],
  cautions: ['Stop if it hurts in the groin.'],
  regions: ['pelvic', 'lower-extremity'],
};

export const exerciseRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/exercises',
    summary: 'The exercise library: built-in exercises and the clinic’s own, searched by words (`q`)',
    tags: ['exercises'],
    access: { roles: ['admin', 'clinician'] },
    query: exerciseQuery,
    subject: 'none',
    audit: { action: 'exercise.search', resourceType: 'ActivityDefinition' },
    handler: async (ctx, { query }, req) => library.searchLibrary(req.server.deps, ctx, query.q),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/exercises',
    summary: 'Add an exercise to the clinic’s own library: name, purpose, steps, cautions and body regions',
    tags: ['exercises'],
    access: { roles: ['admin', 'clinician'] },
    body: exerciseCreateBody,
    example: exampleExercise,
    successStatus: 201,
    subject: 'none',
    audit: { action: 'exercise.create', resourceType: 'ActivityDefinition' },
    handler: async (ctx, { body }, req) => library.addExercise(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/exercises/:id',
    summary: 'Change one of the clinic’s own exercises (built-in ones are read-only: 409)',
    tags: ['exercises'],
    access: { roles: ['admin', 'clinician'] },
    params: exerciseParams,
    body: exercisePatchBody,
    example: { purpose: 'Strengthen the inner thighs; helps steady the pelvis.' },
    subject: { kind: exerciseSubject, param: 'id' },
    audit: { action: 'exercise.update', resourceType: 'ActivityDefinition' },
    handler: async (ctx, { body }, req) => library.changeExercise(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:patientId/exercise-prescriptions',
    summary:
      'Prescribe a home exercise: the exercise (built-in slug or the clinic’s own id), sets, reps, hold, times a day, days a week, notes, optionally its plan of care',
    tags: ['exercises'],
    access: { roles: ['admin', 'clinician'] },
    params: patientParams,
    body: prescriptionCreateBody,
    example: {
      exercise: 'chin-tuck',
      sets: 2,
      reps: 10,
      holdSeconds: 5,
      timesPerDay: 2,
      daysPerWeek: 7,
      notes: 'Keep your eyes level.',
    },
    successStatus: 201,
    audit: audit('exercise-prescription.create'),
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }, req) => programs.prescribe(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:patientId/exercise-prescriptions',
    summary:
      'A patient’s home exercise program: current exercises first, each with today’s sessions and adherence per week',
    tags: ['exercises'],
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: patientParams,
    audit: audit('exercise-prescription.list'),
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, _i, req) => programs.program(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/exercise-prescriptions/:id/stop',
    summary: 'Stop an exercise of the program (its sessions and adherence stay on record)',
    tags: ['exercises'],
    access: { roles: ['admin', 'clinician'] },
    params: prescriptionParams,
    audit: audit('exercise-prescription.stop'),
    subject: { kind: prescriptionSubject, param: 'id' },
    handler: async (ctx, _i, req) => programs.stop(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/exercise-prescriptions/:id/sessions',
    summary: 'Tick off one of today’s sessions (at most the prescribed times a day: 409 after that)',
    tags: ['exercises'],
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: prescriptionParams,
    successStatus: 201,
    audit: audit('exercise-session.create'),
    subject: { kind: prescriptionSubject, param: 'id' },
    handler: async (ctx, _i, req) => programs.logSession(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/exercise-prescriptions/:id/sessions/today',
    summary: 'Take back the last session ticked off today',
    tags: ['exercises'],
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: prescriptionParams,
    audit: audit('exercise-session.delete'),
    subject: { kind: prescriptionSubject, param: 'id' },
    handler: async (ctx, _i, req) => programs.undoSession(req.server.deps, ctx),
  }),
];

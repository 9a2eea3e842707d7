import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { patientSubject } from '../../platform/subjects.ts';
import { carePlanCreateBody, carePlanPatchBody } from '../../../contracts/outcomes.ts';
import * as plans from './care-plans.ts';
import { carePlanSubject } from './subjects.ts';

/**
 * Plans of care. Clinicians (and admins, as for charting) draft, change, sign and move them; a patient reads
 * their own (the plan in plain language); the front desk sees none (goals carry scores).
 */
const patientParams = z.object({ patientId: z.uuid('Not a valid patient id') });
const planParams = z.object({ id: z.uuid('Not a valid plan id') });
const audit = (action: string) => ({ action, resourceType: 'CarePlan' });

export const carePlanRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:patientId/care-plans',
    summary:
      'Draft a plan of care: problems (the patient’s conditions), goals (optionally an instrument and target score), activities with their dose, start and review date',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    params: patientParams,
    body: carePlanCreateBody,
    example: {
      title: 'Low back pain, spring 2027',
      problems: [{ code: 'M54.50' }],
      goals: [
        { text: 'Lift my child without pain', instrument: 'psfs', target: 7 },
        { text: 'Pain at most 3 of 10', instrument: 'nrs', target: 3 },
      ],
      activities: [
        { kind: 'omt', perWeek: 1, weeks: 6 },
        { kind: 'exercise', dose: 'Daily, 10 minutes', notes: 'Home program' },
      ],
      start: '2027-03-01',
      reviewDate: '2027-04-26',
    },
    successStatus: 201,
    audit: audit('care-plan.create'),
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }, req) => plans.createPlan(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:patientId/care-plans',
    summary: 'A patient’s plans of care, newest first, each with its progress and whether a review is due',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: patientParams,
    audit: audit('care-plan.list'),
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, _i, req) => plans.listPlans(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/care-plans/:id',
    summary: 'One plan of care with its progress',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: planParams,
    audit: audit('care-plan.read'),
    subject: { kind: carePlanSubject, param: 'id' },
    handler: async (ctx, _i, req) => plans.readPlan(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/care-plans/:id',
    summary:
      'Change a draft plan, or a signed plan’s status (active, on-hold, completed, revoked) and review date',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    params: planParams,
    body: carePlanPatchBody,
    example: { reviewDate: '2027-05-03' },
    audit: audit('care-plan.update'),
    subject: { kind: carePlanSubject, param: 'id' },
    handler: async (ctx, { body }, req) => plans.changePlan(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/care-plans/:id/sign',
    summary: 'Sign a draft plan: it becomes active, signed by you',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    params: planParams,
    audit: audit('care-plan.sign'),
    subject: { kind: carePlanSubject, param: 'id' },
    handler: async (ctx, _i, req) => plans.signPlan(req.server.deps, ctx),
  }),
];

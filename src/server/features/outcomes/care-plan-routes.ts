import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { patientSubject } from '../../platform/subjects.ts';
import {
  carePlanCreateBody,
  carePlanPatchBody,
  carePlanSafetyCheckBody,
  carePlanSettingsPatch,
  carePlanSignBody,
  bookVisitsBody,
} from '../../../contracts/outcomes.ts';
import { idempotencyKeyOf } from '../../platform/idempotency.ts';
import * as visits from './care-plan-visits.ts';
import * as safety from './care-plan-safety.ts';
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
    summary:
      'Sign a draft plan: it becomes active, signed by you. A blocking modality safety flag needs an acknowledgement with a reason (409 naming the activity otherwise)',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    params: planParams,
    body: carePlanSignBody,
    example: {},
    audit: audit('care-plan.sign'),
    subject: { kind: carePlanSubject, param: 'id' },
    handler: async (ctx, { body }, req) => plans.signPlan(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:patientId/care-plans/safety-check',
    summary:
      'Check dry-needling and shockwave activities against the patient’s record: flags with their source, or “no source — clinic policy”',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    params: patientParams,
    body: carePlanSafetyCheckBody,
    example: { activities: [{ kind: 'shockwave', perWeek: 1, weeks: 4, region: 'lower-extremity' }] },
    audit: audit('care-plan.safety-check'),
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }) => safety.checkActivities(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/care-plan-settings',
    summary:
      'This clinic’s plan-of-care settings: what modality rules without a published source do (warn or block)',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    subject: 'none',
    handler: async (ctx, _i, req) => safety.readSettings(req.server.deps.db, ctx),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/care-plan-settings',
    summary:
      'Change the clinic’s modality policy (admin): warn (default) or block for unsourced modality rules',
    tags: ['outcomes'],
    access: { roles: ['admin'] },
    body: carePlanSettingsPatch,
    example: { modalityPolicy: 'warn' },
    audit: { action: 'clinic.care-plan-settings.update', resourceType: 'Clinic' },
    subject: 'none',
    handler: async (ctx, { body }) => safety.updateSettings(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/care-plans/:id/visit-proposal',
    summary:
      'The plan’s remaining OMT visits (planned − done − booked since its start) and free times for them at its weekly pace, with the same practitioner; each time also in the practitioner’s zone',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    params: planParams,
    audit: audit('care-plan.visit-proposal'),
    subject: { kind: carePlanSubject, param: 'id' },
    handler: async (ctx, _i, req) => visits.visitProposal(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/care-plans/:id/book-visits',
    summary:
      'Book the active plan’s remaining visits in one step (Idempotency-Key header required): each time goes through the booking service; `booked` and `notBooked` (with the reason) come back',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    params: planParams,
    body: bookVisitsBody,
    example: {},
    audit: audit('care-plan.book-visits'),
    subject: { kind: carePlanSubject, param: 'id' },
    handler: async (ctx, { body }, req, reply) => {
      const key = idempotencyKeyOf(req);
      const res = await visits.bookVisits(req.server.deps, ctx, body, key);
      if (res.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(res.status).send(res.body);
    },
  }),
];

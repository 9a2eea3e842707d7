import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { patientSubject } from '../../platform/subjects.ts';
import { questionnaireRequestsQuery, questionnaireScheduleBody } from '../../../contracts/outcomes.ts';
import * as q from './questionnaires.ts';

/**
 * Pre-visit questionnaires: the clinic's schedule (admin), running the job now (admin), and a
 * patient's requests (the patient their own; clinicians and admins on the chart; front desk none).
 */
const patientParams = z.object({ patientId: z.uuid('Not a valid patient id') });

export const questionnaireRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/admin/questionnaire-schedule',
    summary:
      'The clinic’s pre-visit questionnaire schedule: instruments, every visit / every N visits / every N days, lead time, audience, who changed it and when',
    tags: ['outcomes'],
    access: { roles: ['admin'] },
    subject: 'none',
    audit: { action: 'questionnaire-schedule.read', resourceType: 'Questionnaire' },
    handler: async (ctx, _i, req) => q.getSchedule(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/admin/questionnaire-schedule',
    summary:
      'Set which enabled instruments are asked before visits, how often (every visit, every N visits, every N days), how many hours ahead, and for whom',
    tags: ['outcomes'],
    access: { roles: ['admin'] },
    sessionOnly: true,
    subject: 'none',
    audit: { action: 'questionnaire-schedule.change', resourceType: 'Questionnaire' },
    body: questionnaireScheduleBody,
    example: {
      enabled: true,
      instruments: ['nrs', 'peg'],
      rule: 'every-n-visits',
      every: 3,
      leadHours: 24,
      audience: 'care-plan',
    },
    handler: async (ctx, { body }, req) => q.putSchedule(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/admin/questionnaire-requests/run',
    summary:
      'Send the pre-visit questionnaires due now (what the background job does every minute): one request and one message per visit due one',
    tags: ['outcomes'],
    access: { roles: ['admin'] },
    sessionOnly: true,
    subject: 'none',
    audit: { action: 'questionnaire-request.run', resourceType: 'Task' },
    handler: async (ctx, _i, req) => q.runNow(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:patientId/questionnaire-requests',
    summary:
      'A patient’s pre-visit questionnaire requests, newest visit first (open=true: unanswered ones for visits still to come), with what was answered and when',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: patientParams,
    query: questionnaireRequestsQuery,
    audit: { action: 'questionnaire-request.read', resourceType: 'Task' },
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { query }, req) => q.listRequests(req.server.deps, ctx, query.open === 'true'),
  }),
];

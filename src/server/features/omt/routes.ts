import {
  checkSafety,
  codingRequestSchema,
  codingResponseSchema,
  isAfter,
  previewCoding,
  safetyCheckRequestSchema,
  safetyCheckResponseSchema,
} from '../../../domain/omt/index.ts';
import { defineRoute, type RouteDef } from '../../platform/route.ts';

export const omtRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/omt/safety-check',
    summary: 'Check an OMT plan against the patient’s contraindications and red flags',
    tags: ['omt'],
    access: { roles: ['clinician', 'admin'] },
    body: safetyCheckRequestSchema,
    response: safetyCheckResponseSchema,
    matrix: { kind: 'none' },
    handler: async (ctx, { body }, _req, reply) => {
      // The only check the body schema cannot make: it needs "today".
      if (body.patient.birthDate && isAfter(body.patient.birthDate, ctx.now)) {
        return reply
          .code(400)
          .type('application/problem+json')
          .send({
            type: 'about:blank',
            title: 'Invalid request body',
            status: 400,
            detail: 'patient/birthDate is in the future',
            errors: [{ path: 'patient/birthDate', message: 'birthDate must not be in the future' }],
          });
      }
      return checkSafety({ patient: body.patient, plan: body.plan, policy: body.policy, asOf: ctx.now });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/omt/coding',
    summary: 'Preview OMT coding: CPT level by distinct regions, M99.0x codes and modifier 25',
    tags: ['omt'],
    access: { roles: ['clinician', 'admin', 'frontdesk'] },
    body: codingRequestSchema,
    response: codingResponseSchema,
    matrix: { kind: 'none' },
    handler: async (_ctx, { body }) => previewCoding(body),
  }),
];

import { checkSafety, isAfter, previewCoding } from '../../../domain/omt/index.ts';
import {
  codingRequestSchema,
  codingResponseSchema,
  safetyCheckRequestSchema,
  safetyCheckResponseSchema,
} from '../../../contracts/omt.ts';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { badRequest } from '../../platform/errors.ts';

export const omtRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/omt/safety-check',
    summary: 'Check an OMT plan against the patient’s contraindications and red flags',
    tags: ['omt'],
    access: { roles: ['clinician', 'admin'] },
    body: safetyCheckRequestSchema,
    example: {
      patient: {
        birthDate: '1950-10-24',
        conditions: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M81.0' }],
        flags: [{ flag: 'anticoagulated' }],
      },
      plan: [
        { technique: 'hvla', region: 'thoracic' },
        { technique: 'counterstrain', region: 'thoracic' },
      ],
      policy: 'strict',
    },
    response: safetyCheckResponseSchema,
    subject: 'none',
    handler: async (ctx, { body }) => {
      // The only check the body schema cannot make: it needs "today".
      if (body.patient.birthDate && isAfter(body.patient.birthDate, ctx.now)) {
        throw badRequest('patient/birthDate: a birth date cannot be in the future', [
          { path: 'patient/birthDate', message: 'birthDate must not be in the future' },
        ]);
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
    example: { regions: ['cervical', 'thoracic', 'lumbar'], sameDayEm: { significantAndSeparate: true } },
    response: codingResponseSchema,
    subject: 'none',
    handler: async (_ctx, { body }) => previewCoding(body),
  }),
];

import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { ROLES, STAFF_ROLES } from '../../platform/context.ts';
import { patientCreate, patientPatch, patientSearch } from './schemas.ts';
import * as service from './service.ts';

const idParams = z.object({ id: z.uuid('Not a valid patient id') });
const audit = { action: 'patient.read', resourceType: 'Patient' };

export const patientRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients',
    summary: 'Search this clinic’s patients by name or date of birth (YYYY-MM-DD)',
    tags: ['patients'],
    access: { roles: STAFF_ROLES },
    query: patientSearch,
    audit: { action: 'patient.search', resourceType: 'Patient' },
    matrix: { kind: 'none' },
    handler: async (ctx, { query }, req) => ({
      results: await service.searchPatients(req.server.deps, ctx, query.q, query.limit),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients',
    summary: 'Register a patient',
    tags: ['patients'],
    access: { roles: STAFF_ROLES },
    body: patientCreate,
    example: {
      givenName: 'Robert',
      familyName: 'Kowalski',
      birthDate: '1951-12-30',
      sex: 'male',
      conditions: [
        {
          system: 'http://hl7.org/fhir/sid/icd-10-cm',
          code: 'M54.50',
          display: 'Low back pain, unspecified',
        },
      ],
      flags: [{ flag: 'anticoagulated' }],
    },
    successStatus: 201,
    audit: { action: 'patient.create', resourceType: 'Patient' },
    matrix: { kind: 'none' },
    handler: async (ctx, { body }, req) => service.createPatient(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:id',
    summary: 'A patient with coded conditions, flags, medications and allergies',
    tags: ['patients'],
    access: { roles: ROLES },
    params: idParams,
    audit,
    matrix: { kind: 'patient', param: 'id' },
    handler: async (ctx, { params }, req) => service.readPatient(req.server.deps, ctx, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/patients/:id',
    summary: 'Update a patient (lists given replace the whole list)',
    tags: ['patients'],
    access: { roles: STAFF_ROLES },
    params: idParams,
    body: patientPatch,
    example: { phone: '(660) 555-0142' },
    audit: { action: 'patient.update', resourceType: 'Patient' },
    matrix: { kind: 'patient', param: 'id' },
    handler: async (ctx, { params, body }, req) =>
      service.updatePatient(req.server.deps, ctx, params.id, body),
  }),
];

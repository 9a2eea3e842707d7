import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { ROLES, STAFF_ROLES } from '../../platform/context.ts';
import {
  duplicateQuery,
  mergeBody,
  mergePreviewQuery,
  patientCreate,
  patientPatch,
  patientSearch,
} from '../../../contracts/patients.ts';
import * as service from './service.ts';
import * as merge from './merge.ts';
import { patientSubject } from '../../platform/subjects.ts';
import { patientWithLists } from './store.ts';

/** Merging moves clinical records between identities: admins and clinicians, not the front desk. */
const MERGE_ROLES = ['admin', 'clinician'] as const;

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
    subject: 'clinic',
    handler: async (ctx, { query }) => ({
      results: await service.searchPatients(ctx, query.q, query.limit),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients',
    summary:
      'Register a patient (conditions: billable ICD-10-CM codes, recorded by clinicians and admins only)',
    tags: ['patients'],
    access: { roles: STAFF_ROLES },
    body: patientCreate,
    example: {
      givenName: 'Robert',
      familyName: 'Kowalski',
      birthDate: '1951-12-30',
      sex: 'male',
      // No conditions: any staff role may register a patient, but only clinicians and admins diagnose.
      flags: [{ flag: 'anticoagulated' }],
    },
    successStatus: 201,
    audit: { action: 'patient.create', resourceType: 'Patient' },
    subject: 'clinic',
    handler: async (ctx, { body }, req) => service.createPatient(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/duplicates',
    summary:
      'Possible duplicates of a new patient: live records of this clinic with the same date of birth and a similar name (restricted ones the caller may not open show only their name and date of birth, as in search)',
    tags: ['patients'],
    access: { roles: STAFF_ROLES },
    query: duplicateQuery,
    audit: { action: 'patient.duplicate-check', resourceType: 'Patient' },
    subject: 'clinic',
    handler: async (ctx, { query }) => ({
      candidates: await service.checkDuplicates(ctx, query),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/merge-preview',
    summary: 'What merging the duplicate record into the surviving one would move',
    tags: ['patients'],
    access: { roles: MERGE_ROLES },
    query: mergePreviewQuery,
    audit: { action: 'patient.merge-preview', resourceType: 'Patient' },
    subject: 'clinic',
    handler: async (ctx, { query }) => merge.previewMerge(ctx, query.survivorId, query.duplicateId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/merge',
    summary:
      'Merge a duplicate record into the surviving one: its lists, visits, notes, appointments, waitlist entries, messages and portal account move; the duplicate stays as a tombstone',
    tags: ['patients'],
    access: { roles: MERGE_ROLES },
    body: mergeBody,
    example: {
      survivorId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
      duplicateId: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    },
    audit: { action: 'patient.merge', resourceType: 'Patient' },
    subject: 'clinic',
    handler: async (ctx, { body }, req) =>
      merge.mergePatients(req.server.deps, ctx, body.survivorId, body.duplicateId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:id',
    summary: 'A patient with coded conditions, flags, medications and allergies',
    tags: ['patients'],
    access: { roles: ROLES },
    params: idParams,
    audit,
    // The hottest path: one statement checks the session, reads the record and its lists, applies
    // the access rule and writes the entry (platform/opening.ts).
    subject: { kind: patientSubject, param: 'id', load: patientWithLists, auditOnOpen: true },
    handler: async (ctx, _input, req) => service.readPatient(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/patients/:id',
    summary: 'Update a patient (lists given replace the whole list; the front desk cannot change conditions)',
    tags: ['patients'],
    access: { roles: STAFF_ROLES },
    params: idParams,
    body: patientPatch,
    example: { phone: '(660) 555-0142' },
    audit: { action: 'patient.update', resourceType: 'Patient' },
    subject: { kind: patientSubject, param: 'id' },
    handler: async (ctx, { body }) => service.updatePatient(ctx, body),
  }),
];

import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import type { Role } from '../../platform/context.ts';
import {
  allergyCreate,
  allergyPatch,
  allergyStatusBody,
  medicationCreate,
  medicationPatch,
  medicationStatusBody,
} from '../../../contracts/patients.ts';
import { RXNORM_SYSTEM } from '../../../domain/patients/vocabulary.ts';
import * as service from './clinical-lists.ts';
import { patientSubject } from '../../platform/subjects.ts';

/**
 * Who may edit: a medication list is commonly taken at intake, so the front desk records
 * medications (and "takes no medications") as well as clinicians and admins. Allergies, and
 * "no known allergies" in particular, are a clinical safety statement: clinicians and admins only.
 * Everyone who may open the record reads both lists with it (GET /api/v1/patients/:id).
 */
const MEDICATION_EDITORS: readonly Role[] = ['admin', 'clinician', 'frontdesk'];
const ALLERGY_EDITORS: readonly Role[] = ['admin', 'clinician'];

const patientParams = z.object({ patientId: z.uuid('Not a valid patient id') });
const medicationParams = patientParams.extend({ medicationId: z.uuid('Not a valid medication id') });
const allergyParams = patientParams.extend({ allergyId: z.uuid('Not a valid allergy id') });

const medicationAudit = { action: 'medication.write', resourceType: 'MedicationStatement' };
const allergyAudit = { action: 'allergy.write', resourceType: 'AllergyIntolerance' };

// The status routes come before the add routes: the security matrix runs the route table in order
// and records "none" on a patient whose list is still empty, then adds an item to it.
export const clinicalListRoutes: RouteDef[] = [
  defineRoute({
    method: 'PUT',
    url: '/api/v1/patients/:patientId/medication-status',
    summary:
      'Record whether the medication list was taken: `none` (takes no medications), `recorded` (the list is complete) or `unknown` (not asked)',
    tags: ['patients'],
    access: { roles: MEDICATION_EDITORS },
    params: patientParams,
    body: medicationStatusBody,
    example: { status: 'none' },
    audit: medicationAudit,
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }, req) => service.setMedicationStatus(req.server.deps, ctx, body.status),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:patientId/medications',
    summary: 'Add a medication (free text, optionally with its RxNorm code); clears “takes no medications”',
    tags: ['patients'],
    access: { roles: MEDICATION_EDITORS },
    params: patientParams,
    body: medicationCreate,
    example: { name: 'Warfarin 5 mg tablet', system: RXNORM_SYSTEM, code: '11289', frequency: 'once daily' },
    successStatus: 201,
    audit: medicationAudit,
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }, req) => service.addMedication(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/patients/:patientId/medications/:medicationId',
    summary: 'Change a medication (the fields given; `null` clears an optional one)',
    tags: ['patients'],
    access: { roles: MEDICATION_EDITORS },
    params: medicationParams,
    body: medicationPatch,
    example: { dose: '2.5 mg' },
    audit: medicationAudit,
    // The item id is random in the matrix run (404 for every caller allowed); own/other-patient
    // refusals are tested in clinical-lists.test.ts.
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { params, body }, req) =>
      service.changeMedication(req.server.deps, ctx, params.medicationId, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/patients/:patientId/medications/:medicationId',
    summary: 'Remove a medication; removing the last one leaves the list “not recorded”',
    tags: ['patients'],
    access: { roles: MEDICATION_EDITORS },
    params: medicationParams,
    audit: medicationAudit,
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { params }, req) =>
      service.removeMedication(req.server.deps, ctx, params.medicationId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/patients/:patientId/allergy-status',
    summary:
      'Record whether allergies were asked: `none-known` (no known allergies, SNOMED CT 716186003; refused while allergies are listed), `recorded` or `unknown` (not asked)',
    tags: ['patients'],
    access: { roles: ALLERGY_EDITORS },
    params: patientParams,
    body: allergyStatusBody,
    example: { status: 'none-known' },
    audit: allergyAudit,
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }, req) => service.setAllergyStatus(req.server.deps, ctx, body.status),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:patientId/allergies',
    summary: 'Add an allergy (free text; a drug may carry its RxNorm code); replaces “no known allergies”',
    tags: ['patients'],
    access: { roles: ALLERGY_EDITORS },
    params: patientParams,
    body: allergyCreate,
    example: { substance: 'Penicillin', reaction: 'Hives', severity: 'severe' },
    successStatus: 201,
    audit: allergyAudit,
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }, req) => service.addAllergy(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/patients/:patientId/allergies/:allergyId',
    summary: 'Change an allergy (the fields given; `null` clears an optional one)',
    tags: ['patients'],
    access: { roles: ALLERGY_EDITORS },
    params: allergyParams,
    body: allergyPatch,
    example: { severity: 'moderate' },
    audit: allergyAudit,
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { params, body }, req) =>
      service.changeAllergy(req.server.deps, ctx, params.allergyId, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/patients/:patientId/allergies/:allergyId',
    summary: 'Remove an allergy; removing the last one leaves the list “not asked”, not “no known allergies”',
    tags: ['patients'],
    access: { roles: ALLERGY_EDITORS },
    params: allergyParams,
    audit: allergyAudit,
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { params }, req) => service.removeAllergy(req.server.deps, ctx, params.allergyId),
  }),
];

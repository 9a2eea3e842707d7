import {
  amendmentInput,
  appointmentParams,
  discardInput,
  encounterChartSchema,
  encounterListResponse,
  encounterParams,
  latestFindingsResponse,
  patientParams,
  regionHistoryQuery,
  settingsPatch,
} from '../../../contracts/charting.ts';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import type { Role } from '../../platform/context.ts';
import { readSettings, updateSettings } from './use-cases/settings.ts';
import { listEncounters, regionHistory } from './use-cases/patient-reads.ts';
import { latestFindings } from './use-cases/copy-forward.ts';
import { createEncounter, discardEncounter, saveEncounter } from './use-cases/drafts.ts';
import { noteForPrint, readEncounter, readNote, readSummary } from './use-cases/encounter-reads.ts';
import { signEncounter } from './use-cases/sign.ts';
import { addAmendment } from './use-cases/amend.ts';
import { startAppointmentVisit } from './use-cases/start-visit.ts';
import { renderNotePdf } from './pdf.ts';
import { printFacts } from './print-store.ts';
import { appointmentSubject } from '../scheduling/index.ts';
import { encounterSubject } from './subjects.ts';
import { patientSubject } from '../../platform/subjects.ts';

/**
 * Visits (encounters): structured exam, treatment with the safety engine on the write path, derived
 * coding, SOAP note, signing (locked by the database), amendments, printable note and the patient's
 * plain-language summary. Front desk sees visit dates and status only; patients see only their own
 * signed visit summaries.
 */
const CLINICAL: readonly Role[] = ['admin', 'clinician'];
const tags = ['charting'];

/** A visit that passes the safety check for the test clinics' patients (anticoagulated, low back pain). */
const chartExample = {
  chiefComplaint: 'Low back pain after lifting boxes, 5 days',
  historyUpdate: 'No leg pain, numbness or bladder symptoms. Ibuprofen helps a little.',
  painBefore: 6,
  painAfter: 3,
  consent: { omt: 'given', hvla: 'not-asked' },
  exam: [
    {
      region: 'lumbar',
      tart: { tissueTexture: 'moderate', asymmetry: 1, restriction: 2, tenderness: 'severe' },
      segmental: ['L4 FRS(R)'],
      tenderPoints: [{ name: 'Posterior L5 (PL5)', side: 'R', tenderness: 7, tendernessAfter: 2 }],
    },
    {
      region: 'sacral',
      tart: { tissueTexture: 1, asymmetry: 2, restriction: 2, tenderness: 1 },
      otherDiagnoses: ['Left-on-left forward sacral torsion'],
    },
  ],
  rom: [
    { joint: 'lumbar', motion: 'flexion', degrees: 35 },
    { joint: 'lumbar', motion: 'flexion', degrees: 45, phase: 'post' },
  ],
  treatment: [
    {
      region: 'lumbar',
      techniques: [{ technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'PL5' }],
      response: 'improved',
      tolerance: 'good',
    },
    {
      region: 'sacral',
      techniques: [{ technique: 'balanced-ligamentous-tension' }],
      response: 'improved',
      tolerance: 'good',
    },
  ],
  followUp: 'Return in 2 weeks; home walking program.',
};

export const chartingRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:patientId/encounters',
    summary:
      'A patient’s visits, newest first, with each visit’s derived coding for clinicians (front desk: dates, practitioner and status only; patients: their own signed visits)',
    tags,
    access: { roles: ['admin', 'clinician', 'frontdesk', 'patient'] },
    params: patientParams,
    response: encounterListResponse,
    audit: { action: 'encounter.list', resourceType: 'Encounter' },
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx) => listEncounters(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:patientId/encounters',
    summary:
      'Start a visit (optionally with its whole chart); techniques are checked against the patient’s record on save',
    tags,
    access: { roles: CLINICAL },
    params: patientParams,
    body: encounterChartSchema,
    example: chartExample,
    successStatus: 201,
    audit: { action: 'encounter.create', resourceType: 'Encounter' },
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }, req) => createEncounter(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:patientId/encounters/latest-findings',
    summary:
      'Copy-forward: the last signed visit’s structural exam and pre-treatment ROM as `chart`, a body POST /patients/{patientId}/encounters accepts unchanged; `source` says which visit (read-only)',
    tags,
    access: { roles: CLINICAL },
    params: patientParams,
    response: latestFindingsResponse,
    audit: { action: 'encounter.latest-findings.read', resourceType: 'Encounter' },
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx) => latestFindings(ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:patientId/region-history',
    summary:
      'One body region’s findings, range of motion and treatment across visits (?region=; all when absent)',
    tags,
    access: { roles: CLINICAL },
    params: patientParams,
    query: regionHistoryQuery,
    audit: { action: 'encounter.region-history.read', resourceType: 'Encounter' },
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { query }) => regionHistory(ctx, query.region),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/encounters/:id',
    summary:
      'A visit: chart, parsed diagnoses, ROM against norms, derived coding, safety verdicts and the note',
    tags,
    access: { roles: CLINICAL },
    params: encounterParams,
    audit: { action: 'encounter.read', resourceType: 'Encounter' },
    subject: { kind: encounterSubject, param: 'id' },
    handler: async (ctx) => readEncounter(ctx),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/encounters/:id',
    summary:
      'Replace the chart of a draft visit (409 once signed); practitionerId and occurredAt are kept when absent',
    tags,
    access: { roles: CLINICAL },
    params: encounterParams,
    body: encounterChartSchema,
    example: chartExample,
    audit: { action: 'encounter.update', resourceType: 'Encounter' },
    subject: { kind: encounterSubject, param: 'id' },
    handler: async (ctx, { body }, req) => saveEncounter(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/encounters/:id/sign',
    summary: 'Sign the note (the visit’s own practitioner or an admin); the database locks it from then on',
    tags,
    access: { roles: CLINICAL },
    params: encounterParams,
    audit: { action: 'encounter.sign', resourceType: 'Encounter' },
    subject: { kind: encounterSubject, param: 'id' },
    handler: async (ctx, _i, req) => signEncounter(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/encounters/:id/discard',
    summary:
      'Discard an unsigned draft (the visit’s practitioner or an admin): kept as an audited tombstone, gone from the lists; never a signed note (409)',
    tags,
    access: { roles: CLINICAL },
    params: encounterParams,
    body: discardInput,
    example: { reason: 'Opened for the wrong patient' },
    audit: { action: 'encounter.discard', resourceType: 'Encounter' },
    subject: { kind: encounterSubject, param: 'id' },
    handler: async (ctx, { body }) => discardEncounter(ctx, body.reason),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/appointments/:id/encounter',
    summary:
      'Start note: the visit documenting this appointment, opened or created (from the booking’s reason, pain score and intake consent, and the last signed findings); `created` says which. Signing it completes the appointment.',
    tags,
    access: { roles: CLINICAL },
    params: appointmentParams,
    audit: { action: 'encounter.create', resourceType: 'Encounter' },
    subject: { kind: appointmentSubject, param: 'id' },
    handler: async (ctx, _i, req) => startAppointmentVisit(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/encounters/:id/amendments',
    summary: 'Correct a signed note with an amendment (a new row pointing at the note); returns the note',
    tags,
    access: { roles: CLINICAL },
    params: encounterParams,
    body: amendmentInput,
    example: {
      section: 'plan',
      reason: 'Hold time entered wrongly',
      text: 'Counterstrain at PL5 was held 120 s, not 90 s.',
    },
    successStatus: 201,
    audit: { action: 'encounter.amend', resourceType: 'Encounter' },
    subject: { kind: encounterSubject, param: 'id' },
    handler: async (ctx, { body }) => addAmendment(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/encounters/:id/note',
    summary: 'The SOAP note with its amendments (a generated preview while the visit is a draft)',
    tags,
    access: { roles: CLINICAL },
    params: encounterParams,
    audit: { action: 'encounter.note.read', resourceType: 'Encounter' },
    subject: { kind: encounterSubject, param: 'id' },
    handler: async (ctx) => readNote(ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/encounters/:id/note.pdf',
    summary: 'The printable note as a PDF download (audited as a print)',
    tags,
    access: { roles: CLINICAL },
    params: encounterParams,
    audit: { action: 'encounter.print', resourceType: 'Encounter' },
    subject: { kind: encounterSubject, param: 'id' },
    handler: async (ctx, _i, req, reply) => {
      const data = await noteForPrint(ctx);
      const facts = await printFacts(
        req.server.deps.db,
        ctx.user.clinicId,
        data.view.practitioner?.id ?? null,
      );
      const pdf = await renderNotePdf({ ...data, facts, printedAt: ctx.now });
      void reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="visit-note-${data.view.date}.pdf"`);
      return pdf;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/encounters/:id/summary',
    summary: 'Plain-language visit summary with aftercare (patients: their own signed visits only)',
    tags,
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: encounterParams,
    audit: { action: 'encounter.summary.read', resourceType: 'Encounter' },
    subject: { kind: encounterSubject, param: 'id' },
    handler: async (ctx) => readSummary(ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/omt/settings',
    summary: 'This clinic’s OMT safety settings (policy, whether contraindications may be overridden)',
    tags: ['omt'],
    access: { roles: CLINICAL },
    subject: 'none',
    handler: async (ctx, _i, req) => readSettings(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/omt/settings',
    summary: 'Change the clinic’s OMT safety settings (admin)',
    tags: ['omt'],
    access: { roles: ['admin'] },
    body: settingsPatch,
    example: { safetyPolicy: 'strict' },
    audit: { action: 'clinic.omt-settings.update', resourceType: 'Clinic' },
    subject: 'none',
    handler: async (ctx, { body }) => updateSettings(ctx, body),
  }),
];

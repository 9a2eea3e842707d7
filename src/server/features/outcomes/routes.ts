import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { patientSubject } from '../../platform/subjects.ts';
import {
  instrumentSettingsBody,
  outcomeCreateBody,
  outcomeReportQuery,
  outcomeSeriesQuery,
} from '../../../contracts/outcomes.ts';
import * as service from './service.ts';
import { outcomeReport } from './report.ts';

/**
 * Outcome measures (api.md). Scores are clinical data: clinicians and admins (as for charting) read and record them, a patient
 * reads and answers only their own, the front desk sees none.
 */
const patientParams = z.object({ patientId: z.uuid('Not a valid patient id') });

export const outcomeRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/instruments',
    summary:
      'Outcome instruments of this clinic: direction, range, responder threshold (with its source), licence and whether enabled',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician', 'frontdesk', 'patient'] },
    subject: 'none',
    handler: async (ctx, _i, req) => service.listInstruments(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/admin/instruments',
    summary:
      'Enable or disable an instrument (a licensed one needs the clinic’s licence reference) and set the clinic’s responder threshold (who and when are recorded)',
    tags: ['outcomes'],
    access: { roles: ['admin'] },
    sessionOnly: true,
    subject: 'none',
    audit: { action: 'outcome-instrument.settings', resourceType: 'Questionnaire' },
    body: instrumentSettingsBody,
    example: { instrument: 'nrs', threshold: { points: 2, percent: 30 } },
    handler: async (ctx, { body }, req) => service.changeSettings(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:patientId/outcomes',
    summary:
      'Record a questionnaire (NRS, PEG, PSFS, or an enabled licensed instrument’s total): stores the answers (QuestionnaireResponse) and the score (Observation)',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: patientParams,
    body: outcomeCreateBody,
    example: {
      instrument: 'peg',
      takenAt: '2027-03-09T09:00:00-05:00',
      answers: { pain: 6, enjoyment: 5, activity: 7 },
    },
    successStatus: 201,
    audit: { action: 'outcome.create', resourceType: 'Observation' },
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { body }, req) => service.recordOutcome(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:patientId/outcomes',
    summary:
      'A patient’s scores on one instrument, oldest first, with baseline, latest, change, responder and plateau',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician', 'patient'] },
    params: patientParams,
    query: outcomeSeriesQuery,
    audit: { action: 'outcome.read', resourceType: 'Observation' },
    subject: { kind: patientSubject, param: 'patientId' },
    handler: async (ctx, { query }, req) => service.outcomeSeries(req.server.deps, ctx, query.instrument),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/outcomes',
    summary:
      'The clinic’s responder rate on one instrument with its Wilson 95 % interval, its definition, and the published figures beside it',
    tags: ['outcomes'],
    access: { roles: ['admin', 'clinician'] },
    query: outcomeReportQuery,
    audit: { action: 'outcome.report', resourceType: 'MeasureReport' },
    // Counts across the clinic, no patient's data: audited as a report, not a list of patients.
    subject: 'none',
    handler: async (ctx, { query }, req) => outcomeReport(req.server.deps, ctx, query),
  }),
];

import { z } from 'zod';
import {
  consentSchema,
  examEntrySchema,
  noteAdditionsSchema,
  policySchema,
  regionIdSchema,
  romEntrySchema,
} from '../../../domain/omt/index.ts';

export const patientParams = z.object({ patientId: z.uuid('Not a valid patient id') });
export const encounterParams = z.object({ id: z.uuid('Not a valid encounter id') });

export const regionHistoryQuery = z.object({
  /** One region; all regions when absent. */
  region: regionIdSchema.optional(),
});

export const settingsPatch = z
  .object({
    safetyPolicy: policySchema.optional(),
    allowContraindicatedOverride: z.boolean().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatch>;

export const AMENDMENT_SECTIONS = ['subjective', 'objective', 'assessment', 'plan', 'general'] as const;

export const amendmentInput = z
  .object({
    section: z.enum(AMENDMENT_SECTIONS).default('general'),
    reason: z.string().trim().min(3, 'Say why the note is corrected').max(1000),
    text: z.string().trim().min(1, 'Write the correction').max(5000),
  })
  .strict();
export type AmendmentInput = z.infer<typeof amendmentInput>;

export const discardInput = z
  .object({ reason: z.string().trim().min(3, 'Say why the draft is discarded').max(500) })
  .strict();

export const appointmentParams = z.object({ id: z.uuid('Not a valid appointment id') });

/**
 * `GET /patients/{id}/encounters/latest-findings` (copy-forward), for the OpenAPI document: `chart`
 * is exactly a chart body, so what is read can be posted back without removing anything.
 */
export const latestFindingsResponse = z
  .object({
    source: z
      .object({
        encounterId: z.uuid(),
        occurredAt: z.iso.datetime({ offset: true }),
        date: z.iso.date(),
      })
      .nullable()
      .describe(
        'The signed visit the findings come from; null when the patient has none. Read-only: it is not part of the chart body.',
      ),
    chart: z
      .object({
        exam: z.array(examEntrySchema),
        rom: z.array(romEntrySchema),
        chiefComplaint: z.string().optional(),
        consent: consentSchema.optional(),
        followUp: z.string().nullish(),
        notes: noteAdditionsSchema.pick({ plan: true }).optional(),
      })
      .describe(
        'The structural exam and pre-treatment range of motion of that visit (tenderness after treatment left out), its chief complaint, consent (noted as carried forward, to confirm with the patient) and plan (follow-up and the Plan addition), in the shape POST /api/v1/patients/{patientId}/encounters accepts: post it unchanged, or merged with the rest of the new chart.',
      ),
  })
  .describe('Copy-forward: the last signed visit’s findings as a chart body for the next visit.');

/** One visit of `GET /patients/{id}/encounters`; clinical fields and coding for clinicians only. */
export const encounterListResponse = z.object({
  results: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(['draft', 'signed']),
      occurredAt: z.string(),
      date: z.iso.date(),
      practitioner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      signedAt: z.string().nullable(),
      chiefComplaint: z.string().optional(),
      painBefore: z.number().int().nullable().optional(),
      painAfter: z.number().int().nullable().optional(),
      coding: z
        .object({
          cpt: z.string().nullable(),
          regionCount: z.number().int(),
          icd10: z.array(z.string()).describe('M99.0x of each region with documented somatic dysfunction'),
        })
        .optional()
        .describe(
          'Derived from what was documented, as on the visit itself: a region counts toward the CPT level when treated and with a TART finding',
        ),
    }),
  ),
});

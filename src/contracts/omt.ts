import { z } from 'zod';
import { CODING_WARNING_CODES } from '../domain/omt/coding.ts';
import { icd10FormatError, ICD10_CM_SYSTEM, normalizeIcd10 } from '../domain/omt/icd10.ts';
import { REGION_IDS } from '../domain/omt/regions.ts';
import { TECHNIQUE_IDS } from '../domain/omt/techniques.ts';

/**
 * Request and response bodies of the two OMT routes (api.md "OMT safety check", "OMT coding
 * preview"), and the pieces of them charting answers reuse (regions, techniques, reasons, coding).
 */
export const regionIdSchema = z.enum(REGION_IDS);
export const techniqueIdSchema = z.enum(TECHNIQUE_IDS);
export const policySchema = z.enum(['strict', 'lenient']);

export const icd10CodeSchema = z
  .string()
  .superRefine((code, ctx) => {
    const error = icd10FormatError(code);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  })
  .transform(normalizeIcd10);

export const conditionSchema = z.object({
  system: z
    .literal(ICD10_CM_SYSTEM, { error: `Conditions must be ICD-10-CM codes (system ${ICD10_CM_SYSTEM})` })
    .optional(),
  code: icd10CodeSchema,
  /** Where the condition sits, for site-specific rules (e.g. a metastasis in the lumbar spine). */
  region: regionIdSchema.optional(),
});

export const flagSchema = z.discriminatedUnion('flag', [
  z.object({ flag: z.literal('anticoagulated'), levelCheckedRecently: z.boolean().optional() }),
  z.object({ flag: z.literal('recent-surgery'), region: regionIdSchema.optional() }),
  z.object({ flag: z.literal('pregnant') }),
  z.object({ flag: z.literal('no-consent') }),
  z.object({ flag: z.literal('cannot-cooperate') }),
  z.object({ flag: z.literal('unstable') }),
]);

export const patientSchema = z
  .object({
    birthDate: z.iso.date({ error: 'birthDate must be a YYYY-MM-DD date' }).optional(),
    ageYears: z.number().min(0).max(130).optional(),
    conditions: z.array(conditionSchema).max(200).default([]),
    flags: z.array(flagSchema).max(50).default([]),
  })
  .superRefine((p, ctx) => {
    if (p.birthDate !== undefined && p.ageYears !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['ageYears'],
        message: 'Give either birthDate or ageYears, not both',
      });
  });

export const planItemSchema = z.object({ technique: techniqueIdSchema, region: regionIdSchema });

export const safetyCheckRequestSchema = z.object({
  patient: patientSchema,
  plan: z.array(planItemSchema).max(100),
  policy: policySchema.default('strict'),
});
export type SafetyCheckRequest = z.infer<typeof safetyCheckRequestSchema>;

export const codingRequestSchema = z.object({
  regions: z.array(regionIdSchema).max(100),
  sameDayEm: z
    .object({
      significantAndSeparate: z.boolean(),
      standsAlone: z.boolean().optional(),
      documentedSeparately: z.boolean().optional(),
      levelledByTime: z.boolean().optional(),
      omtTimeExcluded: z.boolean().optional(),
    })
    .nullish(),
  findings: z
    .array(
      z.object({
        region: regionIdSchema,
        tart: z.object({
          tissueTexture: z.boolean().optional(),
          asymmetry: z.boolean().optional(),
          restriction: z.boolean().optional(),
          tenderness: z.boolean().optional(),
        }),
      }),
    )
    .max(100)
    .optional(),
  diagnosedRegions: z.array(regionIdSchema).max(100).optional(),
  manualTherapyRegions: z.array(regionIdSchema).max(100).optional(),
});
export type CodingRequest = z.infer<typeof codingRequestSchema>;

export const severitySchema = z.enum(['absolute', 'relative']);
export const verdictSchema = z.enum(['ok', 'caution', 'contraindicated']);

/** Why a technique is cautioned against or contraindicated, with the sources behind the rule. */
export const reasonSchema = z.object({
  rule: z.string(),
  severity: severitySchema,
  message: z.string(),
  source: z.string(),
  sources: z.array(
    z.object({
      title: z.string(),
      url: z.string().nullable(),
      grade: z.enum(['V', 'P', 'U']),
      reading: severitySchema,
      confirmed: z.boolean(),
      note: z.string().optional(),
    }),
  ),
  matched: z.array(z.string()),
  policyNote: z.string().optional(),
  caveat: z.string().optional(),
});

/** A finding on the record that calls for referral rather than treatment. */
export const redFlagSchema = z.object({
  rule: z.string(),
  message: z.string(),
  action: z.literal('refer'),
  source: z.string(),
  matched: z.array(z.string()),
  basis: z.enum(['reference', 'derived']),
});

export const safetyCheckResponseSchema = z.object({
  results: z.array(
    z.object({
      technique: techniqueIdSchema,
      region: regionIdSchema,
      verdict: verdictSchema,
      reasons: z.array(reasonSchema),
      alternatives: z.array(techniqueIdSchema),
      alternativeDetails: z.array(
        z.object({ technique: techniqueIdSchema, verdict: z.enum(['ok', 'caution']) }),
      ),
    }),
  ),
  redFlags: z.array(redFlagSchema),
  policy: policySchema,
  ageYears: z.number().nullable(),
  notes: z.array(z.string()),
});

export const codingResponseSchema = z.object({
  regionCount: z.number().int(),
  cpt: z.enum(['98925', '98926', '98927', '98928', '98929']).nullable(),
  cptLabel: z.string().nullable(),
  icd10: z.array(z.object({ region: regionIdSchema, code: z.string() })),
  em: z.object({ modifier: z.literal('25') }).nullable(),
  warnings: z.array(z.string()),
  warningDetails: z.array(
    z.object({
      code: z.enum(CODING_WARNING_CODES),
      message: z.string(),
      source: z.string(),
      region: regionIdSchema.optional(),
    }),
  ),
  excludedRegions: z.array(regionIdSchema),
});

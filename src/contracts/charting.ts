import { z } from 'zod';
import { ref } from './references.ts';
import {
  AMENDMENT_SECTIONS,
  CONSENT_VALUES,
  ROM_PHASES,
  ROM_SIDES,
  SEVERITY_WORDS,
  TENDER_POINT_SIDES,
  TOLERANCES,
  TREATMENT_RESPONSES,
} from '../domain/omt/charting/chart.ts';
import { chartIssues } from '../domain/omt/charting/checks.ts';
import { JOINTS, MOTIONS } from '../domain/omt/rom.ts';
import {
  codingResponseSchema,
  policySchema,
  reasonSchema,
  redFlagSchema,
  regionIdSchema,
  techniqueIdSchema,
  verdictSchema,
} from './omt.ts';

/**
 * Charting (visits): the chart body of `POST /patients/{id}/encounters` and `PUT /encounters/{id}`
 * (reference §1.6 "minimum OMT procedure-note dataset"), the other request bodies, and the answers
 * the web app reads. Nested objects of the chart drop unknown keys, so an encounter read from the API
 * (which adds derived fields such as `percentOfNormal`) can be sent back as it is; the top level is
 * strict, so a client cannot set status, signature or clinic.
 */

// ---------------------------------------------------------------------------------------------
// The chart body (request)

/** 0–3, or the words none/mild/moderate/severe; null or absent means "not assessed". */
export const tartSeveritySchema = z
  .union([z.number().int().min(0).max(3), z.enum(SEVERITY_WORDS)], {
    error: 'Severity is 0–3 or one of none, mild, moderate, severe',
  })
  .transform((v) => (typeof v === 'number' ? v : SEVERITY_WORDS.indexOf(v)));

export const tartSchema = z
  .object({
    tissueTexture: tartSeveritySchema.nullish(),
    asymmetry: tartSeveritySchema.nullish(),
    restriction: tartSeveritySchema.nullish(),
    tenderness: tartSeveritySchema.nullish(),
  })
  .strict();

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

export const tenderPointSchema = z.object({
  /** The point's name as charted, e.g. "Posterior L5 (PL5)" or "Iliacus". */
  name: text(80).min(1, 'Name the tender point'),
  side: z.enum(TENDER_POINT_SIDES).nullish(),
  /** Tenderness 0–10 before and after treatment (counterstrain aims for ≥70% reduction). */
  tenderness: z.number().int().min(0).max(10).nullish(),
  tendernessAfter: z.number().int().min(0).max(10).nullish(),
});

export const examEntrySchema = z.object({
  region: regionIdSchema,
  tart: tartSchema.prefault({}),
  /** Spinal segmental diagnoses in standard notation, e.g. `T4 ERS(L)`, `T5-T9 NSLRR`. */
  segmental: z.array(z.string().max(40, 'At most 40 characters')).max(20).default([]),
  /** Other somatic-dysfunction diagnoses in words (e.g. sacral torsions, innominate shears). */
  otherDiagnoses: z.array(text(200).min(1, 'Describe the diagnosis')).max(20).default([]),
  tenderPoints: z.array(tenderPointSchema).max(40).default([]),
  note: text(2000).nullish(),
});

export const romEntrySchema = z.object({
  joint: z.enum(JOINTS),
  motion: z.enum(MOTIONS),
  side: z.enum(ROM_SIDES).nullish(),
  /** `pre` at the exam, `post` at the re-check after treatment. */
  phase: z.enum(ROM_PHASES).default('pre'),
  degrees: z.number().min(0, 'Degrees must be 0 or more').max(360, 'Degrees must be at most 360'),
  /** Norm set id (see ROM_NORM_SETS); the joint's default set when absent. */
  normSet: z.string().max(60).nullish(),
});

export const techniqueEntrySchema = z.object({
  technique: techniqueIdSchema,
  holdSeconds: z.number().int().min(0).max(3600).nullish(),
  repetitions: z.number().int().min(0).max(100).nullish(),
  tenderPoint: text(80).nullish(),
  note: text(1000).nullish(),
  /** Why a technique the safety engine cautions against (or, with override, refuses) is used. */
  safetyReason: text(1000).nullish(),
  /** Proceed despite a contraindication; only when the clinic allows overrides, and with a reason. */
  override: z.boolean().default(false),
});

export const treatmentEntrySchema = z.object({
  region: regionIdSchema,
  techniques: z
    .array(techniqueEntrySchema)
    .min(1, 'Chart at least one technique for a treated region')
    .max(12),
  response: z.enum(TREATMENT_RESPONSES).nullish(),
  tolerance: z.enum(TOLERANCES).nullish(),
  adverseEvents: text(2000).nullish(),
});

export const consentSchema = z
  .object({
    omt: z.enum(CONSENT_VALUES).default('not-asked'),
    hvla: z.enum(CONSENT_VALUES).default('not-asked'),
    note: text(1000).nullish(),
  })
  .strict();

export const sameDayEmSchema = z
  .object({
    significantAndSeparate: z.boolean(),
    standsAlone: z.boolean().optional(),
    documentedSeparately: z.boolean().optional(),
    levelledByTime: z.boolean().optional(),
    omtTimeExcluded: z.boolean().optional(),
  })
  .strict();

export const noteAdditionsSchema = z
  .object({
    subjective: text(5000).nullish(),
    objective: text(5000).nullish(),
    assessment: text(5000).nullish(),
    plan: text(5000).nullish(),
  })
  .strict();

const pain = z.number().int('Pain is a whole number 0–10').min(0).max(10).nullish();

const chartShape = {
  /** When the visit took place (ISO 8601 with offset); defaults to now on creation. */
  occurredAt: z.iso.datetime({ offset: true, error: 'Use an ISO 8601 instant with offset' }).optional(),
  /** Defaults to the practitioner record of the signed-in clinician, if any. */
  practitionerId: ref('practitioner', 'Not a valid practitioner id').nullish(),
  chiefComplaint: text(500).default(''),
  historyUpdate: text(5000).default(''),
  painBefore: pain,
  painAfter: pain,
  consent: consentSchema.prefault({}),
  sameDayEm: sameDayEmSchema.nullish(),
  exam: z.array(examEntrySchema).max(10).default([]),
  rom: z.array(romEntrySchema).max(80).default([]),
  treatment: z.array(treatmentEntrySchema).max(10).default([]),
  /** Why treatment proceeds although the patient's record carries a red flag (referral finding). */
  redFlagReason: text(1000).nullish(),
  notes: noteAdditionsSchema.prefault({}),
  followUp: text(500).nullish(),
  /** Optimistic concurrency: when given, the save is refused if someone saved the draft since. */
  version: z.number().int().min(0).optional(),
};

/** The chart body; it parses into the domain's `EncounterChart` (checked in contracts.test.ts). */
export const encounterChartSchema = z
  .object(chartShape)
  .strict()
  .superRefine((chart, ctx) => {
    for (const issue of chartIssues(chart)) ctx.addIssue({ code: 'custom', ...issue });
  });

/** What a client may send (severities as words, defaults left out). */
export type EncounterChartInput = z.input<typeof encounterChartSchema>;

// ---------------------------------------------------------------------------------------------
// Other requests

export const patientParams = z.object({ patientId: z.uuid('Not a valid patient id') });
export const encounterParams = z.object({ id: z.uuid('Not a valid encounter id') });
export const appointmentParams = z.object({ id: z.uuid('Not a valid appointment id') });

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

// ---------------------------------------------------------------------------------------------
// Answers. The chart as the API returns it: every field present, null when not charted.

export const ENCOUNTER_STATUSES = ['draft', 'signed', 'discarded'] as const;
export const encounterStatusSchema = z.enum(ENCOUNTER_STATUSES);
export type EncounterStatus = z.infer<typeof encounterStatusSchema>;

const severity = z.number().int().min(0).max(3).nullable();
export const tartResponse = z.object({
  tissueTexture: severity,
  asymmetry: severity,
  restriction: severity,
  tenderness: severity,
});
export type Tart = z.infer<typeof tartResponse>;

export const tenderPointResponse = z.object({
  name: z.string(),
  side: z.enum(TENDER_POINT_SIDES).nullable(),
  tenderness: z.number().int().nullable(),
  tendernessAfter: z.number().int().nullable(),
});
export type TenderPoint = z.infer<typeof tenderPointResponse>;

export const examEntryResponse = z.object({
  region: regionIdSchema,
  tart: tartResponse,
  segmental: z.array(z.string()),
  otherDiagnoses: z.array(z.string()),
  tenderPoints: z.array(tenderPointResponse),
  note: z.string().nullable(),
});
export type ExamEntry = z.infer<typeof examEntryResponse>;

export const romEntryResponse = z.object({
  joint: z.enum(JOINTS),
  motion: z.enum(MOTIONS),
  side: z.enum(ROM_SIDES).nullable(),
  phase: z.enum(ROM_PHASES),
  degrees: z.number(),
  normSet: z.string().nullable(),
});
export type RomEntry = z.infer<typeof romEntryResponse>;

export const techniqueEntryResponse = z.object({
  technique: techniqueIdSchema,
  holdSeconds: z.number().int().nullable(),
  repetitions: z.number().int().nullable(),
  tenderPoint: z.string().nullable(),
  note: z.string().nullable(),
  safetyReason: z.string().nullable(),
  override: z.boolean(),
});
export type TechniqueEntry = z.infer<typeof techniqueEntryResponse>;

export const treatmentEntryResponse = z.object({
  region: regionIdSchema,
  techniques: z.array(techniqueEntryResponse),
  response: z.enum(TREATMENT_RESPONSES).nullable(),
  tolerance: z.enum(TOLERANCES).nullable(),
  adverseEvents: z.string().nullable(),
});
export type TreatmentEntry = z.infer<typeof treatmentEntryResponse>;

export const consentResponse = z.object({
  omt: z.enum(CONSENT_VALUES),
  hvla: z.enum(CONSENT_VALUES),
  note: z.string().nullable(),
});
export type Consent = z.infer<typeof consentResponse>;
export type SameDayEm = z.infer<typeof sameDayEmSchema>;
export type NoteAdditions = z.infer<typeof noteAdditionsSchema>;

/** The chart part of an encounter as read: also a valid body for PUT /encounters/{id}. */
export const chartBodyResponse = z.object({
  chiefComplaint: z.string(),
  historyUpdate: z.string(),
  painBefore: z.number().int().nullable(),
  painAfter: z.number().int().nullable(),
  consent: consentResponse,
  sameDayEm: sameDayEmSchema.nullable(),
  exam: z.array(examEntryResponse),
  rom: z.array(romEntryResponse),
  treatment: z.array(treatmentEntryResponse),
  redFlagReason: z.string().nullable(),
  notes: noteAdditionsSchema,
  followUp: z.string().nullable(),
  version: z.number().int().optional(),
});
export type ChartBody = z.infer<typeof chartBodyResponse>;

export const personRef = z.object({ id: z.string(), name: z.string() });
export type PersonRef = z.infer<typeof personRef>;

export const amendmentResponse = z.object({
  id: z.uuid(),
  noteId: z.uuid(),
  section: z.enum(AMENDMENT_SECTIONS),
  reason: z.string(),
  text: z.string(),
  author: personRef,
  createdAt: z.string(),
});
export type Amendment = z.infer<typeof amendmentResponse>;

/** The SOAP note: signed (with its hash and amendments) or a draft preview. */
export const noteResponse = z.object({
  id: z.uuid().optional(),
  status: encounterStatusSchema,
  subjective: z.string(),
  objective: z.string(),
  assessment: z.string(),
  plan: z.string(),
  coding: codingResponseSchema.optional(),
  signedAt: z.string().optional(),
  signedBy: personRef.optional(),
  contentHash: z.string().optional(),
  amendments: z.array(amendmentResponse),
});
export type NoteView = z.infer<typeof noteResponse>;

export const parsedDiagnosisResponse = z.looseObject({
  notation: z.string(),
  fryetteType: z.enum(['I', 'II']),
  warnings: z.array(z.string()),
});
export type ParsedDiagnosis = z.infer<typeof parsedDiagnosisResponse>;

export const romNormResponse = z.object({
  low: z.number(),
  high: z.number(),
  atLeast: z.boolean().optional(),
});

export const romViewResponse = romEntryResponse.extend({
  region: regionIdSchema,
  normSetLabel: z.string(),
  normal: romNormResponse,
  percentOfNormal: z.number(),
});
export type RomView = z.infer<typeof romViewResponse>;

export const techniqueViewResponse = techniqueEntryResponse.extend({
  /** The safety verdict the technique was charted under. */
  safety: z.object({ verdict: z.string(), rules: z.array(z.string()), override: z.boolean() }).nullable(),
});
export type TechniqueView = z.infer<typeof techniqueViewResponse>;

export const examViewResponse = examEntryResponse.extend({ diagnoses: z.array(parsedDiagnosisResponse) });
export type ExamView = z.infer<typeof examViewResponse>;

export const treatmentViewResponse = treatmentEntryResponse.extend({
  techniques: z.array(techniqueViewResponse),
});
export type TreatmentView = z.infer<typeof treatmentViewResponse>;

const fieldWarning = z.object({ path: z.string(), message: z.string() });

/** The safety engine's live verdicts on a draft (null once signed). */
export const chartSafetyResponse = z.object({
  policy: policySchema,
  allowContraindicatedOverride: z.boolean(),
  redFlags: z.array(redFlagSchema),
  problems: z.array(fieldWarning.extend({ rules: z.array(z.string()) })),
  items: z.array(
    z.object({
      path: z.string(),
      region: regionIdSchema,
      technique: techniqueIdSchema,
      verdict: verdictSchema,
      decision: z.enum(['ok', 'caution-acknowledged', 'override', 'refused']),
      reasons: z.array(reasonSchema),
      alternatives: z.array(techniqueIdSchema),
    }),
  ),
});

/** `GET /encounters/{id}` and the answer of every write to a visit. */
export const encounterResponse = chartBodyResponse.omit({ exam: true, rom: true, treatment: true }).extend({
  id: z.uuid(),
  patientId: z.uuid(),
  status: encounterStatusSchema,
  version: z.number().int(),
  /** The appointment this visit documents (Start note on the schedule). */
  appointmentId: z.uuid().nullish(),
  /** A discarded draft's tombstone. */
  discarded: z.object({ at: z.string(), by: z.string().nullable(), reason: z.string() }).nullish(),
  /** From Start note: whether the visit was created just now or already existed. */
  created: z.boolean().optional(),
  occurredAt: z.string(),
  date: z.iso.date(),
  practitionerId: z.uuid().nullable(),
  practitioner: personRef.nullable(),
  createdBy: z.uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
  signedAt: z.string().nullable(),
  signedBy: personRef.nullable(),
  exam: z.array(examViewResponse),
  rom: z.array(romViewResponse),
  treatment: z.array(treatmentViewResponse),
  warnings: z.array(fieldWarning),
  coding: codingResponseSchema,
  safety: chartSafetyResponse.nullable(),
  note: noteResponse,
  emergencyAccess: z.object({ expiresAt: z.string() }).optional(),
});
export type EncounterView = z.infer<typeof encounterResponse>;

/** The coding of a visit in the visit list, derived on the server from what was documented. */
export const listCodingResponse = z
  .object({
    cpt: z.string().nullable(),
    regionCount: z.number().int(),
    icd10: z.array(z.string()).describe('M99.0x of each region with documented somatic dysfunction'),
  })
  .describe(
    'Derived from what was documented, as on the visit itself: a region counts toward the CPT level when treated and with a TART finding',
  );
export type ListCoding = z.infer<typeof listCodingResponse>;

/** One visit of `GET /patients/{id}/encounters`; clinical fields and coding for clinicians only. */
export const encounterListItemResponse = z.object({
  id: z.uuid(),
  status: encounterStatusSchema,
  occurredAt: z.string(),
  date: z.iso.date(),
  practitioner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  signedAt: z.string().nullable(),
  chiefComplaint: z.string().optional(),
  painBefore: z.number().int().nullable().optional(),
  painAfter: z.number().int().nullable().optional(),
  coding: listCodingResponse.optional(),
});
export type EncounterListItem = z.infer<typeof encounterListItemResponse>;

export const encounterListResponse = z.object({ results: z.array(encounterListItemResponse) });

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
export type LatestFindings = z.output<typeof latestFindingsResponse>;

export const regionHistoryEntryResponse = z.object({
  encounterId: z.uuid(),
  status: encounterStatusSchema,
  occurredAt: z.string(),
  date: z.iso.date(),
  region: regionIdSchema,
  painBefore: z.number().int().nullable(),
  painAfter: z.number().int().nullable(),
  exam: examViewResponse.nullable(),
  rom: z.array(romViewResponse),
  treatment: treatmentViewResponse.nullable(),
});
export type RegionHistoryEntry = z.infer<typeof regionHistoryEntryResponse>;

export const regionHistoryResponse = z.object({
  region: regionIdSchema.nullable(),
  results: z.array(regionHistoryEntryResponse),
});
export type RegionHistory = z.infer<typeof regionHistoryResponse>;

export const omtSettingsResponse = z.object({
  safetyPolicy: policySchema,
  allowContraindicatedOverride: z.boolean(),
  updatedAt: z.string().nullable().optional(),
});
export type OmtSettings = z.infer<typeof omtSettingsResponse>;

/** The patient's plain-language summary of a signed visit. */
export const visitSummaryResponse = z.object({
  encounterId: z.uuid(),
  status: encounterStatusSchema,
  visitDate: z.iso.date(),
  practitionerName: z.string().nullable(),
  reasonForVisit: z.string().nullable(),
  whatWeFound: z.string(),
  whatWeDid: z.array(z.object({ area: z.string(), techniques: z.array(z.string()) })),
  aboutTechniques: z.array(z.object({ name: z.string(), description: z.string() })),
  pain: z.string().nullable(),
  aftercare: z.array(z.string()),
  whenToCall: z.array(z.string()),
  followUp: z.string().nullable(),
  text: z.string(),
});
export type VisitSummary = z.infer<typeof visitSummaryResponse>;

/** One technique a 422 safety refusal names (the `items` extension member of the problem). */
export const safetyProblemItem = z.object({
  path: z.string(),
  region: regionIdSchema,
  technique: techniqueIdSchema,
  verdict: verdictSchema,
  decision: z.string(),
  reasons: z.array(reasonSchema.pick({ rule: true, severity: true, message: true, source: true })),
  alternatives: z.array(techniqueIdSchema),
});
export type SafetyProblemItem = z.infer<typeof safetyProblemItem>;

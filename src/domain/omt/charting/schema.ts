import { z } from 'zod';
import { parseSegmentalDiagnosis } from '../notation.ts';
import { REGION_BY_ID } from '../regions.ts';
import {
  DEFAULT_NORM_SET,
  JOINTS,
  MOTIONS,
  ROM_NORM_SETS,
  romNeedsSide,
  type Joint,
  type Motion,
} from '../rom.ts';
import { regionIdSchema, techniqueIdSchema } from '../schemas.ts';

/**
 * The structured chart of one OMT visit (reference §1.6 "minimum OMT procedure-note dataset"): the
 * body of `POST /patients/{id}/encounters` and `PUT /encounters/{id}`. Shared by the server and the
 * web app so both validate the same way. Nested objects drop unknown keys, so an encounter read from
 * the API (which adds derived fields such as `percentOfNormal`) can be sent back as it is; the top
 * level is strict, so a client cannot set status, signature or clinic.
 */
export const TART_KEYS = ['tissueTexture', 'asymmetry', 'restriction', 'tenderness'] as const;
export type TartKey = (typeof TART_KEYS)[number];
export const SEVERITY_WORDS = ['none', 'mild', 'moderate', 'severe'] as const;
export type SeverityWord = (typeof SEVERITY_WORDS)[number];

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

export { JOINT_REGION, JOINTS, MOTIONS, romNeedsSide } from '../rom.ts';

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

export const tenderPointSchema = z.object({
  /** The point's name as charted, e.g. "Posterior L5 (PL5)" or "Iliacus". */
  name: text(80).min(1, 'Name the tender point'),
  side: z.enum(['L', 'R', 'midline']).nullish(),
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
  side: z.enum(['L', 'R']).nullish(),
  /** `pre` at the exam, `post` at the re-check after treatment. */
  phase: z.enum(['pre', 'post']).default('pre'),
  degrees: z.number().min(0, 'Degrees must be 0 or more').max(360, 'Degrees must be at most 360'),
  /** Norm set id (see ROM_NORM_SETS); the joint's default set when absent. */
  normSet: z.string().max(60).nullish(),
});

export const TREATMENT_RESPONSES = ['resolved', 'improved', 'unchanged', 'worse'] as const;
export const TOLERANCES = ['good', 'fair', 'poor'] as const;

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

export const CONSENT_VALUES = ['given', 'declined', 'not-asked'] as const;
export type ConsentValue = (typeof CONSENT_VALUES)[number];

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
  practitionerId: z.uuid('Not a valid practitioner id').nullish(),
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

type Issue = { path: (string | number)[]; message: string };

/** Cross-field checks: notation, duplicate regions, ROM norms and sides. */
export function chartIssues(chart: {
  exam: { region: string; segmental: string[] }[];
  rom: { joint: Joint; motion: Motion; side?: 'L' | 'R' | null; phase: string; normSet?: string | null }[];
  treatment: { region: string }[];
}): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  chart.exam.forEach((e, i) => {
    if (seen.has(e.region))
      issues.push({
        path: ['exam', i, 'region'],
        message: `The ${e.region} region is already examined in exam/${seen.get(e.region)}: chart each region once`,
      });
    else seen.set(e.region, i);
    e.segmental.forEach((s, j) => {
      const parsed = parseSegmentalDiagnosis(s);
      if (!parsed.ok) {
        issues.push({ path: ['exam', i, 'segmental', j], message: parsed.errors.join('; ') });
        return;
      }
      if (!(parsed.value.regions as string[]).includes(e.region))
        issues.push({
          path: ['exam', i, 'segmental', j],
          message: `${parsed.value.notation} is in the ${parsed.value.regions.join('/')} region, not ${REGION_BY_ID[e.region as keyof typeof REGION_BY_ID]?.label.toLowerCase() ?? e.region}: chart it under that region`,
        });
    });
  });
  const treated = new Map<string, number>();
  chart.treatment.forEach((t, i) => {
    if (treated.has(t.region))
      issues.push({
        path: ['treatment', i, 'region'],
        message: `The ${t.region} region is already charted in treatment/${treated.get(t.region)}: list its techniques together`,
      });
    else treated.set(t.region, i);
  });
  const measured = new Set<string>();
  chart.rom.forEach((r, i) => {
    const setId = r.normSet ?? DEFAULT_NORM_SET[r.joint];
    const set = ROM_NORM_SETS.find((s) => s.id === setId);
    if (!set) {
      issues.push({
        path: ['rom', i, 'normSet'],
        message: `Unknown norm set "${setId}": use one of ${ROM_NORM_SETS.filter((s) => s.joint === r.joint)
          .map((s) => s.id)
          .join(', ')}`,
      });
    } else if (set.joint !== r.joint) {
      issues.push({
        path: ['rom', i, 'normSet'],
        message: `Norm set "${setId}" is for the ${set.joint}, not the ${r.joint}`,
      });
    } else if (!set.norms[r.motion]) {
      issues.push({
        path: ['rom', i, 'motion'],
        message: `The ${set.label} norms give no value for ${r.joint} ${r.motion}: measured motions are ${Object.keys(
          set.norms,
        ).join(', ')}`,
      });
    }
    const needsSide = romNeedsSide(r.joint, r.motion);
    if (needsSide && !r.side)
      issues.push({ path: ['rom', i, 'side'], message: `Say which side (L or R) ${r.joint} ${r.motion} is` });
    if (!needsSide && r.side)
      issues.push({
        path: ['rom', i, 'side'],
        message: `${r.joint} ${r.motion} has no side: leave side empty`,
      });
    const key = `${r.joint}|${r.motion}|${r.side ?? ''}|${r.phase}`;
    if (measured.has(key))
      issues.push({
        path: ['rom', i],
        message: `${r.joint} ${r.motion}${r.side ? ` (${r.side})` : ''} is already measured for phase ${r.phase}`,
      });
    measured.add(key);
  });
  return issues;
}

export const encounterChartSchema = z
  .object(chartShape)
  .strict()
  .superRefine((chart, ctx) => {
    for (const issue of chartIssues(chart)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type EncounterChartInput = z.input<typeof encounterChartSchema>;
export type EncounterChart = z.output<typeof encounterChartSchema>;
export type ExamEntry = EncounterChart['exam'][number];
export type RomEntry = EncounterChart['rom'][number];
export type TreatmentEntry = EncounterChart['treatment'][number];
export type TechniqueEntry = TreatmentEntry['techniques'][number];
export type Tart = ExamEntry['tart'];

import { z } from 'zod';
import { REGION_IDS, type RegionId } from '../domain/omt/regions.ts';
import {
  MODALITY_POLICIES,
  type ModalityPolicy,
  type ModalityResult,
} from '../domain/omt/safety/modalities.ts';
import { ref } from './references.ts';

/**
 * Outcome measures (api.md, "Outcome measures"). The answers' shape depends on the instrument, so
 * the body takes them as given and the domain checks them (`domain/outcomes/scoring.ts`), naming
 * the field it refuses (`answers/pain`, `answers/activities/5`).
 */

export const outcomeCreateBody = z
  .object({
    instrument: z.string().min(1, 'Name the instrument (nrs, peg, psfs, …)').max(40),
    takenAt: z.iso.datetime({ offset: true, error: 'Use an ISO 8601 instant with offset' }),
    answers: z.unknown(),
    /** The pre-visit questionnaire request these answers reply to (`GET …/questionnaire-requests`). */
    requestId: ref('questionnaire-request', 'Not a valid request id').optional(),
  })
  .strict();
export type OutcomeCreate = z.infer<typeof outcomeCreateBody>;

export const outcomeSeriesQuery = z.object({
  instrument: z.string().max(40).optional(),
});

export const outcomeReportQuery = z.object({
  instrument: z.string().max(40).default('nrs'),
  from: z.iso.date({ error: 'Use a date YYYY-MM-DD' }).optional(),
  to: z.iso.date({ error: 'Use a date YYYY-MM-DD' }).optional(),
});

export const instrumentSettingsBody = z
  .object({
    instrument: z.string().min(1).max(40),
    enabled: z.boolean().optional(),
    /** The clinic's licence for a licensed instrument (agreement number, vendor and date, …). */
    licenceReference: z
      .string()
      .trim()
      .min(3, 'Give the licence reference (at least 3 characters)')
      .max(300)
      .nullish(),
    /** The clinic's responder threshold; null returns to the catalogue's default. */
    threshold: z
      .object({
        points: z.number().positive('Must be more than 0').max(100),
        percent: z.number().positive('Must be more than 0').max(100).nullable(),
      })
      .strict()
      .nullish(),
  })
  .strict();
export type InstrumentSettings = z.infer<typeof instrumentSettingsBody>;

/** One instrument as `GET /api/v1/instruments` lists it. */
export interface InstrumentView {
  id: string;
  name: string;
  version: string;
  direction: 'lower-is-better' | 'higher-is-better';
  min: number;
  max: number;
  threshold: { points: number; percent: number | null; source: string; custom: boolean };
  licence: 'free' | 'licence-required';
  enabled: boolean;
  licenceReference: string | null;
  licenceNote: string;
  items: { id: string; text: string }[];
  entry: 'nrs' | 'peg' | 'psfs' | 'total';
  settingsChangedBy: { id: string; name: string } | null;
  settingsChangedAt: string | null;
}

export interface OutcomePoint {
  id: string;
  takenAt: string;
  score: number;
}

export interface OutcomeSeries {
  instrument: string;
  series: OutcomePoint[];
  baseline: number | null;
  latest: number | null;
  change: { points: number; percent: number | null } | null;
  responder: boolean | null;
  plateau: boolean | null;
  threshold: { points: number; percent: number | null };
  direction: 'lower-is-better' | 'higher-is-better';
  min: number;
  max: number;
}

export interface OutcomeReport {
  instrument: string;
  from: string | null;
  to: string | null;
  patients: number;
  responders: number;
  rate: number | null;
  ci95: [number, number] | null;
  definition: string;
  threshold: { points: number; percent: number | null };
  published: {
    label: string;
    value: string;
    rate: number | null;
    kind: 'response-ratio' | 'trial-rate' | 'marketing-claim';
    source: string | null;
    note: string;
  }[];
}

// --- pre-visit questionnaires ---

export const questionnaireScheduleBody = z
  .object({
    enabled: z.boolean(),
    /** Instrument ids in the order asked; each must be enabled in the clinic. */
    instruments: z.array(z.string().min(1).max(40)).max(7),
    rule: z.enum(['every-visit', 'every-n-visits', 'every-n-days'], {
      error: 'Use every-visit, every-n-visits or every-n-days',
    }),
    /** N for every N visits / days; null for every visit. */
    every: z.number().int('Whole numbers only').min(1, 'At least 1').max(365).nullable(),
    leadHours: z
      .number()
      .int('Whole hours')
      .min(1, 'At least 1 hour')
      .max(336, 'At most 14 days (336 hours)'),
    audience: z.enum(['care-plan', 'all'], { error: 'Use care-plan or all' }),
  })
  .strict();
export type QuestionnaireScheduleBody = z.infer<typeof questionnaireScheduleBody>;

export interface QuestionnaireScheduleView extends QuestionnaireScheduleBody {
  /** True while the clinic has not saved its own (the default applies). */
  isDefault: boolean;
  changedBy: { id: string; name: string } | null;
  changedAt: string | null;
}

export const questionnaireRequestsQuery = z.object({
  open: z.enum(['true', 'false']).optional(),
});

export interface QuestionnaireRequestView {
  id: string;
  appointmentId: string;
  visitStart: string;
  /** The clinic's IANA time zone: visit times are shown in it, as in the message that asked. */
  timeZone: string;
  instruments: string[];
  /** Instruments already answered for this request. */
  answered: string[];
  sentAt: string;
  answeredAt: string | null;
  /** The number of questions asked (NRS 1, PEG 3, …). */
  questions: number;
}

export interface QuestionnaireRunResult {
  requested: number;
}

// --- plan of care ---

const ACTIVITY_KIND = z.enum(['omt', 'exercise', 'education', 'dry-needling', 'shockwave', 'other']);
const PLAN_STATUS = z.enum(['draft', 'active', 'on-hold', 'completed', 'revoked']);

const planGoal = z
  .object({
    text: z.string().trim().min(1, 'Say what the goal is').max(300),
    /** Optionally measured: an instrument the clinic has enabled and the score to reach. */
    instrument: z.string().max(40).nullish(),
    target: z.number().nullish(),
  })
  .strict();

const planActivity = z
  .object({
    kind: ACTIVITY_KIND,
    perWeek: z.number().int('A whole number of sessions').min(1).max(14).nullish(),
    weeks: z.number().int('A whole number of weeks').min(1).max(52).nullish(),
    dose: z.string().trim().max(200).nullish(),
    notes: z.string().trim().max(500).nullish(),
    /** Where a modality is applied (dry needling, shockwave): site-specific conditions elsewhere do not flag. */
    region: z.enum(REGION_IDS).nullish(),
  })
  .strict();

const planContent = {
  title: z.string().trim().min(1, 'Name the episode, e.g. “Low back pain, spring 2027”').max(200),
  /** Codes of the patient's recorded conditions this plan treats. */
  problems: z
    .array(z.object({ code: z.string().trim().min(1).max(10) }).strict())
    .min(1, 'Name at least one of the patient’s conditions')
    .max(10),
  goals: z.array(planGoal).max(10).default([]),
  activities: z.array(planActivity).max(20).default([]),
  start: z.iso.date({ error: 'Use a date YYYY-MM-DD' }),
  reviewDate: z.iso.date({ error: 'Use a date YYYY-MM-DD' }),
};

export const carePlanCreateBody = z.object(planContent).strict();
export type CarePlanCreate = z.infer<typeof carePlanCreateBody>;

export const carePlanPatchBody = z
  .object({
    title: planContent.title.optional(),
    problems: planContent.problems.optional(),
    goals: z.array(planGoal).max(10).optional(),
    activities: z.array(planActivity).max(20).optional(),
    start: planContent.start.optional(),
    reviewDate: planContent.reviewDate.optional(),
    status: PLAN_STATUS.optional(),
  })
  .strict();
export type CarePlanPatch = z.infer<typeof carePlanPatchBody>;

export interface CarePlanView {
  id: string;
  patientId: string;
  title: string;
  status: z.infer<typeof PLAN_STATUS>;
  problems: { system: string; code: string; display: string }[];
  goals: {
    text: string;
    instrument: string | null;
    target: number | null;
    latest: { score: number; takenAt: string } | null;
    met: boolean | null;
  }[];
  activities: {
    kind: z.infer<typeof ACTIVITY_KIND>;
    perWeek: number | null;
    weeks: number | null;
    dose: string | null;
    notes: string | null;
    region?: RegionId | null;
  }[];
  /** Modality safety flags of its dry-needling and shockwave activities (domain/omt/safety/modalities.ts). */
  safety: ModalityResult[];
  /** The clinic's policy for rules the reference does not source. */
  modalityPolicy: ModalityPolicy;
  start: string;
  reviewDate: string;
  createdBy: { id: string; name: string };
  signedBy: { id: string; name: string } | null;
  signedAt: string | null;
  progress: { visitsPlanned: number; visitsCompleted: number; visitsBooked: number };
  reviewDue: boolean;
  reviewReasons: ('review-date' | 'plateau')[];
}

/** Activities to check against the patient's record before they are in a plan (the plan form). */
export const carePlanSafetyCheckBody = z
  .object({ activities: z.array(planActivity).min(1, 'Give at least one activity').max(20) })
  .strict();
export type CarePlanSafetyCheck = z.infer<typeof carePlanSafetyCheckBody>;

/**
 * Signing: a blocking modality flag (one the clinic's policy blocks) needs the clinician's
 * acknowledgement with a reason, per activity; missing consent can never be acknowledged.
 */
export const carePlanSignBody = z
  .object({
    acknowledgements: z
      .array(
        z
          .object({
            activity: z.number().int().min(0).max(19),
            reason: z
              .string()
              .trim()
              .min(10, 'Document why the treatment is appropriate (at least 10 characters)')
              .max(500),
          })
          .strict(),
      )
      .max(20)
      .default([]),
  })
  .strict();
export type CarePlanSign = z.infer<typeof carePlanSignBody>;

export const carePlanSettingsPatch = z.object({ modalityPolicy: z.enum(MODALITY_POLICIES) }).strict();
export type CarePlanSettingsPatch = z.infer<typeof carePlanSettingsPatch>;

/** Book the plan's remaining visits: the proposed times, or the ones the clinician chose from it. */
export const bookVisitsBody = z
  .object({
    starts: z
      .array(z.iso.datetime({ offset: true, error: 'Use an ISO 8601 instant with offset' }))
      .min(1, 'Choose at least one time')
      .max(52)
      .optional(),
  })
  .strict();
export type BookVisitsBody = z.infer<typeof bookVisitsBody>;

import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clinicRef, clinics, id, patients, ts, users } from '../../db/schema.ts';

/**
 * A clinic's pre-visit questionnaire schedule (issue 11): which instruments, how often, how long
 * before the visit, for whom. No row: the default of `domain/outcomes/questionnaire-schedule.ts`.
 */
export const questionnaireSchedules = pgTable(
  'questionnaire_schedules',
  {
    clinicId: uuid('clinic_id')
      .primaryKey()
      .references(() => clinics.id),
    enabled: boolean('enabled').notNull(),
    instruments: jsonb('instruments').$type<string[]>().notNull(),
    rule: text('rule').notNull(),
    every: integer('every'),
    leadHours: integer('lead_hours').notNull(),
    audience: text('audience').notNull(),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    check(
      'questionnaire_schedules_rule_chk',
      sql`${t.rule} in ('every-visit','every-n-visits','every-n-days')`,
    ),
    check('questionnaire_schedules_audience_chk', sql`${t.audience} in ('care-plan','all')`),
    check('questionnaire_schedules_every_chk', sql`(${t.rule} = 'every-visit') = (${t.every} is null)`),
    check('questionnaire_schedules_lead_chk', sql`${t.leadHours} between 1 and 336`),
  ],
);

/**
 * A questionnaire sent to a patient before one visit: at most one per appointment (the unique
 * index makes the job safe to run on several instances at once), answered when every instrument
 * asked has a response linked to it.
 */
export const questionnaireRequests = pgTable(
  'questionnaire_requests',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** The visit (scheduling's appointments table, read by name). */
    appointmentId: uuid('appointment_id').notNull(),
    appointmentStart: ts('appointment_start').notNull(),
    instruments: jsonb('instruments').$type<string[]>().notNull(),
    createdAt: ts('created_at').notNull(),
    answeredAt: ts('answered_at'),
  },
  (t) => [
    uniqueIndex('questionnaire_requests_appointment_uq').on(t.appointmentId),
    index('questionnaire_requests_patient_idx').on(t.clinicId, t.patientId, t.appointmentStart),
  ],
);

/**
 * One completed questionnaire (FHIR QuestionnaireResponse): the raw answers as given, the
 * instrument and its version, who answered (the patient or a clinician on their behalf) and when.
 */
export const questionnaireResponses = pgTable(
  'questionnaire_responses',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** FHIR `questionnaire`: the instrument id of the catalogue (`nrs`, `peg`, …). */
    instrument: text('instrument').notNull(),
    instrumentVersion: text('instrument_version').notNull(),
    /** FHIR `authored`: when the answers were given. */
    authored: ts('authored').notNull(),
    answers: jsonb('answers').$type<unknown>().notNull(),
    /** FHIR `author` / `source`: the account that entered it. */
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    /** Licence reference the clinic recorded for a licensed instrument, at the time of answering. */
    licenceReference: text('licence_reference'),
    /** The pre-visit request it answers, if any. */
    requestId: uuid('request_id').references(() => questionnaireRequests.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('questionnaire_responses_patient_idx').on(t.clinicId, t.patientId, t.instrument)],
);

/**
 * The score of a questionnaire (FHIR Observation, `derivedFrom` the response). `effective` is the
 * response's `authored`; series and the clinic report read this table only.
 */
export const outcomeObservations = pgTable(
  'outcome_observations',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    responseId: uuid('response_id')
      .notNull()
      .references(() => questionnaireResponses.id),
    instrument: text('instrument').notNull(),
    effective: ts('effective').notNull(),
    score: doublePrecision('score').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('outcome_observations_series_idx').on(t.clinicId, t.patientId, t.instrument, t.effective),
    index('outcome_observations_report_idx').on(t.clinicId, t.instrument, t.effective),
  ],
);

/**
 * Per patient and instrument: how many scores, and the first and the latest of them in the report's
 * order (effective, created_at, id). Kept by a trigger on `outcome_observations` (migration 0023) in
 * the same transaction as every score written, moved or removed, so the clinic report over all time
 * reads one row per patient instead of every score. A period-bounded report still reads the scores.
 */
export const outcomeSeriesSummary = pgTable(
  'outcome_series_summary',
  {
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id),
    instrument: text('instrument').notNull(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    scores: integer('scores').notNull(),
    firstScore: doublePrecision('first_score').notNull(),
    firstEffective: ts('first_effective').notNull(),
    firstCreatedAt: ts('first_created_at').notNull(),
    firstId: uuid('first_id').notNull(),
    lastScore: doublePrecision('last_score').notNull(),
    lastEffective: ts('last_effective').notNull(),
    lastCreatedAt: ts('last_created_at').notNull(),
    lastId: uuid('last_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.instrument, t.patientId] })],
);

/**
 * A clinic's choices per instrument: a licensed instrument enabled with its licence reference, and
 * its own responder thresholds (null: the catalogue's). Who changed it and when stay on the row and
 * in the audit trail.
 */
export const outcomeInstrumentSettings = pgTable(
  'outcome_instrument_settings',
  {
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id),
    instrument: text('instrument').notNull(),
    enabled: boolean('enabled').notNull(),
    licenceReference: text('licence_reference'),
    thresholdPoints: doublePrecision('threshold_points'),
    thresholdPercent: doublePrecision('threshold_percent'),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clinicId, t.instrument] }),
    check(
      'outcome_settings_percent_needs_points',
      sql`${t.thresholdPercent} is null or ${t.thresholdPoints} is not null`,
    ),
  ],
);

export interface PlanProblem {
  system: string;
  code: string;
  display: string;
}
export interface PlanGoal {
  text: string;
  instrument: string | null;
  target: number | null;
}
export interface PlanActivity {
  kind: string;
  perWeek: number | null;
  weeks: number | null;
  dose: string | null;
  notes: string | null;
  /** Where a modality is applied (absent on plans written before sites were recorded). */
  region?: string | null;
}

/**
 * A plan of care for one episode (FHIR CarePlan): problems from the patient's coded conditions,
 * goals, activities with their dose, start and review dates, status, and the signing clinician.
 * Content changes only while it is a draft; after signing only its status and review date move.
 */
export const carePlans = pgTable(
  'care_plans',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    title: text('title').notNull(),
    status: text('status').notNull().default('draft'),
    problems: jsonb('problems').$type<PlanProblem[]>().notNull(),
    goals: jsonb('goals').$type<PlanGoal[]>().notNull(),
    activities: jsonb('activities').$type<PlanActivity[]>().notNull(),
    start: date('start', { mode: 'string' }).notNull(),
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    signedBy: uuid('signed_by').references(() => users.id),
    signedAt: ts('signed_at'),
  },
  (t) => [
    index('care_plans_patient_idx').on(t.clinicId, t.patientId),
    check('care_plans_status_chk', sql`${t.status} in ('draft','active','on-hold','completed','revoked')`),
    check('care_plans_review_after_start', sql`${t.reviewDate} >= ${t.start}`),
    check(
      'care_plans_signed_chk',
      sql`${t.status} = 'draft' or ${t.status} = 'revoked' or ${t.signedAt} is not null`,
    ),
  ],
);

/**
 * A clinic's plan-of-care settings. `modalityPolicy` decides what a modality rule without a source
 * in the reference does (domain/omt/safety/modalities.ts): `warn` (the default, also for a clinic
 * without a row) shows the flag; `block` stops signing until the clinician acknowledges it.
 */
export const carePlanSettings = pgTable(
  'care_plan_settings',
  {
    clinicId: uuid('clinic_id')
      .primaryKey()
      .references(() => clinics.id),
    modalityPolicy: text('modality_policy').notNull().default('warn'),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('care_plan_settings_policy_chk', sql`${t.modalityPolicy} in ('warn','block')`)],
);

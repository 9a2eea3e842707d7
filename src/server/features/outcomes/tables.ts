import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { clinicRef, clinics, id, patients, ts, users } from '../../db/schema.ts';

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

import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  doublePrecision,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clinicRef, clinics, id, patients, practitioners, ts, users } from '../../db/schema.ts';
import { appointments } from '../scheduling/tables.ts';
import type { CodingResult } from '../../../domain/omt/index.ts';

/**
 * Clinical charting (FHIR: Encounter, Observation, Procedure, Composition). Every table carries
 * clinic_id. Signed encounters are locked by triggers (migration 0004): the encounter row, its
 * exam/ROM/treatment rows and its note refuse UPDATE and DELETE; corrections are amendment rows.
 */
const encounterRef = () =>
  uuid('encounter_id')
    .notNull()
    .references(() => encounters.id);
const REGION_CHECK = `('head','cervical','thoracic','lumbar','sacral','pelvic','lower-extremity','upper-extremity','rib-cage','abdomen')`;
const CONSENT_CHECK = `('given','declined','not-asked')`;

/** The clinic's OMT safety settings; a clinic without a row uses the defaults (strict, no overrides). */
export const clinicOmtSettings = pgTable(
  'clinic_omt_settings',
  {
    clinicId: uuid('clinic_id')
      .primaryKey()
      .references(() => clinics.id),
    safetyPolicy: text('safety_policy').notNull().default('strict'),
    allowContraindicatedOverride: boolean('allow_contraindicated_override').notNull().default(false),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [check('clinic_omt_settings_policy_chk', sql`${t.safetyPolicy} in ('strict','lenient')`)],
);

export type SameDayEmFacts = {
  significantAndSeparate: boolean;
  standsAlone?: boolean;
  documentedSeparately?: boolean;
  levelledByTime?: boolean;
  omtTimeExcluded?: boolean;
};

export type NoteAdditions = {
  subjective?: string | null;
  objective?: string | null;
  assessment?: string | null;
  plan?: string | null;
};

export const encounters = pgTable(
  'encounters',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    status: text('status').notNull().default('draft'),
    occurredAt: ts('occurred_at').notNull(),
    chiefComplaint: text('chief_complaint').notNull().default(''),
    historyUpdate: text('history_update').notNull().default(''),
    painBefore: smallint('pain_before'),
    painAfter: smallint('pain_after'),
    consentOmt: text('consent_omt').notNull().default('not-asked'),
    consentHvla: text('consent_hvla').notNull().default('not-asked'),
    consentNote: text('consent_note'),
    sameDayEm: jsonb('same_day_em').$type<SameDayEmFacts | null>(),
    redFlagReason: text('red_flag_reason'),
    noteAdditions: jsonb('note_additions').$type<NoteAdditions>().notNull().default({}),
    followUp: text('follow_up'),
    /** The safety policy the last save was checked under. */
    safetyPolicy: text('safety_policy').notNull().default('strict'),
    version: integer('version').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    signedAt: ts('signed_at'),
    signedBy: uuid('signed_by').references(() => users.id),
    /** The appointment this visit documents (Start note on the schedule); at most one live visit each. */
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    /** A discarded draft stays as a tombstone: who discarded it, when and why. Signed notes never. */
    discardedAt: ts('discarded_at'),
    discardedBy: uuid('discarded_by').references(() => users.id),
    discardReason: text('discard_reason'),
  },
  (t) => [
    index('encounters_patient_idx').on(t.clinicId, t.patientId, t.occurredAt),
    uniqueIndex('encounters_appointment_uq')
      .on(t.appointmentId)
      .where(sql`${t.appointmentId} is not null and ${t.status} <> 'discarded'`),
    check('encounters_status_chk', sql`${t.status} in ('draft','signed','discarded')`),
    check('encounters_discarded_chk', sql`(${t.status} = 'discarded') = (${t.discardedAt} is not null)`),
    check('encounters_signed_chk', sql`(${t.status} = 'signed') = (${t.signedAt} is not null)`),
    check('encounters_pain_before_chk', sql`${t.painBefore} between 0 and 10`),
    check('encounters_pain_after_chk', sql`${t.painAfter} between 0 and 10`),
    check('encounters_consent_omt_chk', sql.raw(`consent_omt in ${CONSENT_CHECK}`)),
    check('encounters_consent_hvla_chk', sql.raw(`consent_hvla in ${CONSENT_CHECK}`)),
  ],
);

export type TenderPoint = {
  name: string;
  side?: 'L' | 'R' | 'midline' | null;
  tenderness?: number | null;
  tendernessAfter?: number | null;
};

/** Structural exam of one region (FHIR Observation): TART severities 0–3 (null = not assessed). */
export const encounterFindings = pgTable(
  'encounter_findings',
  {
    id: id(),
    clinicId: clinicRef(),
    encounterId: encounterRef(),
    region: text('region').notNull(),
    position: integer('position').notNull(),
    tissueTexture: smallint('tissue_texture'),
    asymmetry: smallint('asymmetry'),
    restriction: smallint('restriction'),
    tenderness: smallint('tenderness'),
    otherDiagnoses: jsonb('other_diagnoses').$type<string[]>().notNull().default([]),
    tenderPoints: jsonb('tender_points').$type<TenderPoint[]>().notNull().default([]),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('encounter_findings_region_uq').on(t.encounterId, t.region),
    index('encounter_findings_clinic_idx').on(t.clinicId, t.encounterId),
    check('encounter_findings_region_chk', sql.raw(`region in ${REGION_CHECK}`)),
    check(
      'encounter_findings_tart_chk',
      sql`coalesce(${t.tissueTexture}, 0) between 0 and 3 and coalesce(${t.asymmetry}, 0) between 0 and 3 and coalesce(${t.restriction}, 0) between 0 and 3 and coalesce(${t.tenderness}, 0) between 0 and 3`,
    ),
  ],
);

/** Segmental diagnoses in standard notation, parsed into their structured fields. */
export const encounterDiagnoses = pgTable(
  'encounter_diagnoses',
  {
    id: id(),
    clinicId: clinicRef(),
    encounterId: encounterRef(),
    region: text('region').notNull(),
    position: integer('position').notNull(),
    /** As the clinician typed it. */
    input: text('input').notNull(),
    /** Canonical spelling, e.g. `T4 ERS(L)`. */
    notation: text('notation').notNull(),
    fromSegment: text('from_segment').notNull(),
    toSegment: text('to_segment').notNull(),
    sagittal: text('sagittal').notNull(),
    rotation: text('rotation').notNull(),
    sidebend: text('sidebend').notNull(),
    fryetteType: text('fryette_type').notNull(),
    warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
  },
  (t) => [
    index('encounter_diagnoses_idx').on(t.clinicId, t.encounterId),
    check('encounter_diagnoses_region_chk', sql.raw(`region in ${REGION_CHECK}`)),
    check('encounter_diagnoses_sagittal_chk', sql`${t.sagittal} in ('N','F','E')`),
    check('encounter_diagnoses_sides_chk', sql`${t.rotation} in ('L','R') and ${t.sidebend} in ('L','R')`),
  ],
);

/** Goniometer measurements with the norm used and percent of normal (FHIR Observation). */
export const encounterRom = pgTable(
  'encounter_rom',
  {
    id: id(),
    clinicId: clinicRef(),
    encounterId: encounterRef(),
    region: text('region').notNull(),
    position: integer('position').notNull(),
    joint: text('joint').notNull(),
    motion: text('motion').notNull(),
    side: text('side'),
    phase: text('phase').notNull(),
    degrees: doublePrecision('degrees').notNull(),
    normSet: text('norm_set').notNull(),
    normalLow: doublePrecision('normal_low').notNull(),
    normalHigh: doublePrecision('normal_high').notNull(),
    percentOfNormal: doublePrecision('percent_of_normal').notNull(),
  },
  (t) => [
    index('encounter_rom_idx').on(t.clinicId, t.encounterId),
    check('encounter_rom_region_chk', sql.raw(`region in ${REGION_CHECK}`)),
    check('encounter_rom_phase_chk', sql`${t.phase} in ('pre','post')`),
    check('encounter_rom_side_chk', sql`${t.side} is null or ${t.side} in ('L','R')`),
    check('encounter_rom_degrees_chk', sql`${t.degrees} between 0 and 360`),
  ],
);

/** Treatment of one region (FHIR Procedure): response, tolerance, adverse events. */
export const encounterTreatments = pgTable(
  'encounter_treatments',
  {
    id: id(),
    clinicId: clinicRef(),
    encounterId: encounterRef(),
    region: text('region').notNull(),
    position: integer('position').notNull(),
    response: text('response'),
    tolerance: text('tolerance'),
    adverseEvents: text('adverse_events'),
  },
  (t) => [
    uniqueIndex('encounter_treatments_region_uq').on(t.encounterId, t.region),
    index('encounter_treatments_clinic_idx').on(t.clinicId, t.encounterId),
    check('encounter_treatments_region_chk', sql.raw(`region in ${REGION_CHECK}`)),
    check(
      'encounter_treatments_response_chk',
      sql`${t.response} is null or ${t.response} in ('resolved','improved','unchanged','worse')`,
    ),
    check(
      'encounter_treatments_tolerance_chk',
      sql`${t.tolerance} is null or ${t.tolerance} in ('good','fair','poor')`,
    ),
  ],
);

/** One technique applied to a region, with the safety verdict it was charted under. */
export const encounterTechniques = pgTable(
  'encounter_techniques',
  {
    id: id(),
    clinicId: clinicRef(),
    encounterId: encounterRef(),
    treatmentId: uuid('treatment_id')
      .notNull()
      .references(() => encounterTreatments.id),
    region: text('region').notNull(),
    position: integer('position').notNull(),
    technique: text('technique').notNull(),
    holdSeconds: integer('hold_seconds'),
    repetitions: integer('repetitions'),
    tenderPoint: text('tender_point'),
    note: text('note'),
    safetyVerdict: text('safety_verdict').notNull(),
    safetyRules: jsonb('safety_rules').$type<string[]>().notNull().default([]),
    safetyReason: text('safety_reason'),
    override: boolean('override').notNull().default(false),
  },
  (t) => [
    index('encounter_techniques_idx').on(t.clinicId, t.encounterId),
    check('encounter_techniques_verdict_chk', sql`${t.safetyVerdict} in ('ok','caution','contraindicated')`),
    // A cautioned or overridden technique always carries its documented reason.
    check(
      'encounter_techniques_reason_chk',
      sql`(${t.safetyVerdict} = 'ok') or (${t.safetyReason} is not null and length(${t.safetyReason}) > 0)`,
    ),
    check('encounter_techniques_override_chk', sql`(${t.safetyVerdict} = 'contraindicated') = ${t.override}`),
  ],
);

/** The signed SOAP note (FHIR Composition). Written once, at signing; never updated or deleted. */
export const encounterNotes = pgTable(
  'encounter_notes',
  {
    id: id(),
    clinicId: clinicRef(),
    encounterId: encounterRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    subjective: text('subjective').notNull(),
    objective: text('objective').notNull(),
    assessment: text('assessment').notNull(),
    plan: text('plan').notNull(),
    coding: jsonb('coding').$type<CodingResult>().notNull(),
    signedBy: uuid('signed_by')
      .notNull()
      .references(() => users.id),
    signedByName: text('signed_by_name').notNull(),
    signedAt: ts('signed_at').notNull(),
    /** SHA-256 of the note's content at signing. */
    contentHash: text('content_hash').notNull(),
  },
  (t) => [
    uniqueIndex('encounter_notes_encounter_uq').on(t.encounterId),
    index('encounter_notes_patient_idx').on(t.clinicId, t.patientId),
  ],
);

/** Corrections of a signed note: new rows that point at the original, never edits. */
export const noteAmendments = pgTable(
  'note_amendments',
  {
    id: id(),
    clinicId: clinicRef(),
    noteId: uuid('note_id')
      .notNull()
      .references(() => encounterNotes.id),
    encounterId: encounterRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    authorName: text('author_name').notNull(),
    createdAt: ts('created_at').notNull(),
    /** Which part of the note the correction concerns. */
    section: text('section').notNull(),
    reason: text('reason').notNull(),
    text: text('text').notNull(),
  },
  (t) => [
    index('note_amendments_note_idx').on(t.clinicId, t.noteId, t.createdAt),
    check(
      'note_amendments_section_chk',
      sql`${t.section} in ('subjective','objective','assessment','plan','general')`,
    ),
  ],
);

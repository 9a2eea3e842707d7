/**
 * The words a patient record is written in: the API validates against these lists (contracts) and the
 * web app offers them (without downloading the validator).
 */

/** Administrative sex as FHIR R4 `Patient.gender` codes it. */
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** FHIR R4 `Condition.clinicalStatus`. */
export const CLINICAL_STATUSES = [
  'active',
  'recurrence',
  'relapse',
  'inactive',
  'remission',
  'resolved',
] as const;
export type ClinicalStatus = (typeof CLINICAL_STATUSES)[number];

/** Flags a record may carry; the safety engine reads the ones it knows (domain/omt/safety/families.ts). */
export const PATIENT_FLAGS = [
  'anticoagulated',
  'pregnant',
  'no-consent',
  'recent-surgery',
  'fall-risk',
  'implant',
  'latex-allergy',
] as const;
export type PatientFlagId = (typeof PATIENT_FLAGS)[number];

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];

/** "Not asked" (`unknown`) differs from "no known allergies" (`none-known`, SNOMED CT 716186003). */
export const ALLERGY_STATUSES = ['unknown', 'none-known', 'recorded'] as const;
export type AllergyStatus = (typeof ALLERGY_STATUSES)[number];
export const MEDICATION_STATUSES = ['unknown', 'none', 'recorded'] as const;
export type MedicationStatus = (typeof MEDICATION_STATUSES)[number];

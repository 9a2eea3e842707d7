import { z } from 'zod';
import {
  EMAIL_MESSAGE,
  PHONE_MESSAGE,
  birthDateProblem,
  isCalendarDate,
  isEmail,
  isoDay,
  normalisePhone,
} from '../../../domain/patients/demographics.ts';

export const ICD10_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** ICD-10-CM code format: letter, two characters, optional dot and up to four more. */
export const ICD10_CM = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the date format YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'Not a real calendar date',
  );

export const REGION_IDS = [
  'head',
  'cervical',
  'thoracic',
  'lumbar',
  'sacral',
  'pelvic',
  'lower-extremity',
  'upper-extremity',
  'rib-cage',
  'abdomen',
] as const;

export const condition = z.object({
  system: z.literal(ICD10_SYSTEM).default(ICD10_SYSTEM),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(ICD10_CM, 'Not a well-formed ICD-10-CM code (for example M54.50)')
    .describe('A billable code of the ICD-10-CM code set (FY2026); find one with GET /api/v1/codes/icd10'),
  /** The server stores the code set's own description; text sent here is not kept. */
  display: z
    .string()
    .trim()
    .max(200)
    .default('')
    .describe('Optional: the server stores the code set’s official description of the code'),
  clinicalStatus: z
    .enum(['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'])
    .default('active'),
  onsetDate: isoDate.nullish(),
});

export const flag = z.object({
  flag: z.enum([
    'anticoagulated',
    'pregnant',
    'no-consent',
    'recent-surgery',
    'fall-risk',
    'implant',
    'latex-allergy',
  ]),
  region: z.enum(REGION_IDS).nullish(),
  note: z.string().trim().max(500).nullish(),
});

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** An RxNorm concept id (RXCUI): digits only. There is no offline RxNorm list, so it is not looked up. */
const rxcui = z
  .string()
  .trim()
  .regex(/^[0-9]{1,10}$/, 'An RxNorm code (RXCUI) is 1 to 10 digits, for example 11289; or leave it empty');
/** Optional coding: the system may be given for round-tripping, and is RxNorm when it is. */
const rxnormSystem = z
  .literal(RXNORM_SYSTEM, { error: `The only coding system accepted is RxNorm (${RXNORM_SYSTEM})` })
  .nullish();
const optionalText = (max: number, what: string) =>
  z.string().trim().max(max, `${what} is at most ${max} characters`).nullish();

const medicationFields = {
  name: z
    .string({ error: 'Enter the medication name' })
    .trim()
    .min(1, 'Enter the medication name')
    .max(200, 'The medication name is at most 200 characters'),
  system: rxnormSystem,
  code: rxcui.nullish().or(z.literal('')),
  dose: optionalText(100, 'The dose'),
  frequency: optionalText(100, 'The frequency'),
};

/** A medication the patient takes (FHIR MedicationStatement): free text, optionally coded in RxNorm. */
export const medication = z.object(medicationFields);
export const medicationCreate = z.object(medicationFields).strict();
/** A change to one medication: the fields given replace theirs; `null` clears an optional one. */
export const medicationPatch = z
  .object(medicationFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;

const allergyFields = {
  substance: z
    .string({ error: 'Enter the substance' })
    .trim()
    .min(1, 'Enter the substance')
    .max(200, 'The substance is at most 200 characters'),
  system: rxnormSystem,
  code: rxcui.nullish().or(z.literal('')),
  reaction: optionalText(200, 'The reaction'),
  severity: z.enum(ALLERGY_SEVERITIES, { error: 'Choose mild, moderate or severe' }),
};

/** An allergy or intolerance (FHIR AllergyIntolerance); a drug may carry its RxNorm code. */
export const allergy = z.object({ ...allergyFields, severity: allergyFields.severity.default('moderate') });
export const allergyCreate = z
  .object({ ...allergyFields, severity: allergyFields.severity.default('moderate') })
  .strict();
export const allergyPatch = z
  .object(allergyFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

/** "Not asked" (`unknown`) differs from "no known allergies" (`none-known`, SNOMED CT 716186003). */
export const ALLERGY_STATUSES = ['unknown', 'none-known', 'recorded'] as const;
export const MEDICATION_STATUSES = ['unknown', 'none', 'recorded'] as const;
export const allergyStatusBody = z
  .object({
    status: z.enum(ALLERGY_STATUSES, {
      error: 'Choose none-known (no known allergies), recorded (the list is complete) or unknown (not asked)',
    }),
  })
  .strict();
export const medicationStatusBody = z
  .object({
    status: z.enum(MEDICATION_STATUSES, {
      error: 'Choose none (takes no medications), recorded (the list is complete) or unknown (not asked)',
    }),
  })
  .strict();

export type MedicationCreate = z.infer<typeof medicationCreate>;
export type MedicationPatch = z.infer<typeof medicationPatch>;
export type AllergyCreate = z.infer<typeof allergyCreate>;
export type AllergyPatch = z.infer<typeof allergyPatch>;
export type AllergyStatus = (typeof ALLERGY_STATUSES)[number];
export type MedicationStatus = (typeof MEDICATION_STATUSES)[number];

const address = z.object({
  line: z.string().trim().max(200, 'Shorten the address line to 200 characters or fewer').default(''),
  city: z.string().trim().max(100, 'Shorten the city to 100 characters or fewer').default(''),
  postalCode: z.string().trim().max(20, 'Shorten the postal code to 20 characters or fewer').default(''),
});

/**
 * The demographic and contact fields. `today` (YYYY-MM-DD) is read once per validation, so a
 * date of birth is checked against the day the request arrives; tests pass a fixed day.
 */
export function demographicFields(today: () => string) {
  return {
    givenName: z
      .string()
      .trim()
      .min(1, 'Enter the given (first) name')
      .max(100, 'Shorten the given name to 100 characters or fewer'),
    familyName: z
      .string()
      .trim()
      .min(1, 'Enter the family (last) name')
      .max(100, 'Shorten the family name to 100 characters or fewer'),
    birthDate: z.string().superRefine((s, ctx) => {
      const problem = birthDateProblem(s, today());
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    sex: z.enum(['female', 'male', 'other', 'unknown'], {
      error: 'Choose the sex recorded for the patient: female, male, other or unknown',
    }),
    /** Stored in E.164 (`+15552010142`); numbers without a country code are read as US numbers. */
    phone: z
      .string()
      .max(40, PHONE_MESSAGE)
      .transform((s, ctx) => {
        if (!s.trim()) return null;
        const e164 = normalisePhone(s);
        if (!e164) {
          ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
          return z.NEVER;
        }
        return e164;
      })
      .nullish(),
    email: z
      .string()
      .trim()
      .transform((s, ctx) => {
        if (!s) return null;
        if (!isEmail(s)) {
          ctx.addIssue({ code: 'custom', message: EMAIL_MESSAGE });
          return z.NEVER;
        }
        return s;
      })
      .nullish(),
    address: address.nullish(),
  };
}

const base = {
  ...demographicFields(() => isoDay(new Date())),
  conditions: z.array(condition).max(200),
  flags: z.array(flag).max(50),
  medications: z.array(medication).max(200),
  allergies: z.array(allergy).max(100),
  restricted: z.boolean(),
  careTeam: z.array(z.uuid()).max(50),
};

/** Unknown keys are refused: a client cannot set clinic, ids or audit fields (mass assignment). */
export const patientCreate = z
  .object({
    ...base,
    conditions: base.conditions.default([]),
    flags: base.flags.default([]),
    medications: base.medications.default([]),
    allergies: base.allergies.default([]),
    restricted: base.restricted.default(false),
    careTeam: base.careTeam.default([]),
    /** Set after the user has seen the possible duplicates and confirmed this is a different person. */
    confirmNotDuplicate: z.boolean().optional(),
  })
  .strict();

export const patientPatch = z.object(base).partial().strict();

export const patientSearch = z.object({
  q: z.string().trim().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The duplicate check the New patient form runs as the user types a name and date of birth. */
export const duplicateQuery = z.object({
  givenName: z.string().trim().min(1, 'Enter the given (first) name').max(100),
  familyName: z.string().trim().min(1, 'Enter the family (last) name').max(100),
  birthDate: z.string().refine(isCalendarDate, 'Enter the date of birth as YYYY-MM-DD'),
});

export const mergeBody = z
  .object({
    survivorId: z.uuid('Choose the record to keep'),
    duplicateId: z.uuid('Choose the duplicate record to merge into it'),
  })
  .strict();

export const mergePreviewQuery = z.object({
  survivorId: z.uuid('Choose the record to keep'),
  duplicateId: z.uuid('Choose the duplicate record to merge into it'),
});

export type PatientCreate = z.infer<typeof patientCreate>;
export type PatientPatch = z.infer<typeof patientPatch>;

import { z } from 'zod';
import { ref } from './references.ts';
import {
  EMAIL_MESSAGE,
  PHONE_MESSAGE,
  birthDateProblem,
  isCalendarDate,
  isEmail,
  isoDay,
  normalisePhone,
} from '../domain/patients/demographics.ts';
import { ICD10_CM_SYSTEM as ICD10_SYSTEM } from '../domain/omt/icd10.ts';
import { REGION_IDS } from '../domain/omt/regions.ts';
import {
  ALLERGY_SEVERITIES,
  ALLERGY_STATUSES,
  CLINICAL_STATUSES,
  MEDICATION_STATUSES,
  PATIENT_FLAGS,
  RXNORM_SYSTEM,
  SEXES,
} from '../domain/patients/vocabulary.ts';

/**
 * Patient records: the bodies of the patient, medication and allergy routes, and the answers the
 * web app reads. The vocabularies are the domain's (domain/patients/vocabulary.ts).
 */
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
  clinicalStatus: z.enum(CLINICAL_STATUSES).default('active'),
  onsetDate: isoDate.nullish(),
});

export const flag = z.object({
  flag: z.enum(PATIENT_FLAGS),
  region: z.enum(REGION_IDS).nullish(),
  note: z.string().trim().max(500).nullish(),
});

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
    sex: z.enum(SEXES, {
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
  careTeam: z.array(ref('staff-user', 'Not a valid user id')).max(50),
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
    survivorId: ref('patient', 'Choose the record to keep'),
    duplicateId: ref('patient', 'Choose the duplicate record to merge into it'),
  })
  .strict();

export const mergePreviewQuery = z.object({
  survivorId: z.uuid('Choose the record to keep'),
  duplicateId: z.uuid('Choose the duplicate record to merge into it'),
});

export type PatientCreate = z.infer<typeof patientCreate>;
export type PatientPatch = z.infer<typeof patientPatch>;

// ---------------------------------------------------------------------------------------------
// Answers

export const patientFlagResponse = z.object({
  flag: z.enum(PATIENT_FLAGS),
  region: z.enum(REGION_IDS).nullish(),
  note: z.string().nullish(),
});
export type PatientFlag = z.infer<typeof patientFlagResponse>;

export const addressResponse = z.object({ line: z.string(), city: z.string(), postalCode: z.string() });
export type Address = z.infer<typeof addressResponse>;

export const conditionResponse = z.object({
  id: z.uuid().optional(),
  /** Conditions are ICD-10-CM coded (the only system `condition` accepts). */
  system: z.literal(ICD10_SYSTEM),
  code: z.string(),
  display: z.string(),
  clinicalStatus: z.enum(CLINICAL_STATUSES),
  onsetDate: z.string().nullable(),
});
export type Condition = z.infer<typeof conditionResponse>;

export const medicationResponse = z.object({
  id: z.uuid().optional(),
  name: z.string(),
  /** RxNorm concept id (RXCUI) when coded; `system` is then RxNorm. */
  code: z.string().nullish(),
  system: z.string().nullish(),
  dose: z.string().nullable(),
  frequency: z.string().nullable(),
});
export type Medication = z.infer<typeof medicationResponse>;

export const allergyResponse = z.object({
  id: z.uuid().optional(),
  substance: z.string(),
  code: z.string().nullish(),
  system: z.string().nullish(),
  reaction: z.string().nullable(),
  severity: z.enum(ALLERGY_SEVERITIES).nullable(),
});
export type Allergy = z.infer<typeof allergyResponse>;

/** Whether a list was asked about: `unknown` is "not asked", distinct from `none-known`/`none`. */
const listStatusResponse = <S extends readonly [string, ...string[]]>(statuses: S) =>
  z.object({
    status: z.enum(statuses),
    recordedAt: z.string().nullable(),
    recordedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    /** On "no known allergies": SNOMED CT 716186003. */
    code: z.object({ system: z.string(), code: z.string(), display: z.string() }).optional(),
  });
export const medicationStatusResponse = listStatusResponse(MEDICATION_STATUSES);
export const allergyStatusResponse = listStatusResponse(ALLERGY_STATUSES);
export interface ListStatus<S extends string> extends Omit<
  z.infer<typeof medicationStatusResponse>,
  'status'
> {
  status: S;
}

/** Answer of the medication routes: the whole list and its status. */
export const medicationSectionResponse = z.object({
  medications: z.array(medicationResponse),
  medicationStatus: medicationStatusResponse,
});
export type MedicationSection = z.infer<typeof medicationSectionResponse>;

export const allergySectionResponse = z.object({
  allergies: z.array(allergyResponse),
  allergyStatus: allergyStatusResponse,
});
export type AllergySection = z.infer<typeof allergySectionResponse>;

/** A patient as search shows a record the caller sees in full (`GET /patients`). */
export const patientSummaryResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  sex: z.enum(SEXES),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  restricted: z.boolean().optional(),
  flags: z.array(patientFlagResponse.omit({ note: true })),
});
export type PatientSummary = z.infer<typeof patientSummaryResponse>;

/**
 * What staff outside the care team see of a restricted patient in any search, list or export
 * (server: platform/access.ts `limitedPatient`): the name and date of birth, to find and book the
 * person, and that the record is restricted — nothing else.
 */
export const limitedPatientResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string().nullable(),
  restricted: z.literal(true),
  limited: z.literal(true),
});
export type LimitedPatient = z.infer<typeof limitedPatientResponse>;

/** A search hit (`GET /patients`): the summary, or the limited view of a restricted record. */
export const patientSearchResult = z.union([patientSummaryResponse, limitedPatientResponse]);
export type PatientSearchResult = z.infer<typeof patientSearchResult>;

/** `GET /patients/{id}` and the answer of every write to a record. */
export const patientResponse = patientSummaryResponse.extend({
  address: addressResponse.nullable(),
  careTeam: z.array(z.uuid()).optional(),
  conditions: z.array(conditionResponse),
  flags: z.array(patientFlagResponse),
  medications: z.array(medicationResponse),
  allergies: z.array(allergyResponse),
  medicationStatus: medicationStatusResponse.optional(),
  allergyStatus: allergyStatusResponse.optional(),
  /** Set when the record was opened through an emergency ("break-glass") grant. */
  emergencyAccess: z.object({ expiresAt: z.string() }).nullish(),
  updatedAt: z.string().optional(),
});
export type Patient = z.infer<typeof patientResponse>;

/** A condition as sent (no id: arrays replace the whole list). */
export type ConditionInput = z.input<typeof condition>;
/** Body of POST /patients; PATCH takes any subset, `null` clearing an optional field. */
export type PatientInput = z.input<typeof patientCreate>;
export type PatientPatchInput = z.input<typeof patientPatch>;

/** `GET /patients/duplicates` and the `candidates` of a 409 `possible-duplicate`. */
export const duplicateCandidateResponse = z.union([
  z.object({ id: z.uuid(), name: z.string(), birthDate: z.string(), restricted: z.literal(false) }),
  /** A restricted record the caller may not open: the limited view, as in search. */
  limitedPatientResponse,
]);
export type DuplicateCandidate = z.infer<typeof duplicateCandidateResponse>;
export const duplicatesResponse = z.object({ candidates: z.array(duplicateCandidateResponse) });

export const mergeSideResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  birthDate: z.string(),
  restricted: z.boolean(),
});
export type MergeSide = z.infer<typeof mergeSideResponse>;

const count = z.number().int();
export const mergeCountsResponse = z.object({
  conditions: count,
  flags: count,
  medications: count,
  allergies: count,
  appointments: count,
  waitlistEntries: count,
  intakeConsents: count,
  messages: count,
  encounters: count,
  notes: count,
  amendments: count,
  portalAccount: count,
});
export type MergeCounts = z.infer<typeof mergeCountsResponse>;

export const mergePreviewResponse = z.object({
  survivor: mergeSideResponse,
  duplicate: mergeSideResponse,
  moves: mergeCountsResponse,
});
export type MergePreview = z.infer<typeof mergePreviewResponse>;

import { z } from 'zod';

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

export const medication = z.object({
  name: z.string().trim().min(1).max(200),
  dose: z.string().trim().max(100).nullish(),
  frequency: z.string().trim().max(100).nullish(),
});

export const allergy = z.object({
  substance: z.string().trim().min(1).max(200),
  reaction: z.string().trim().max(200).nullish(),
  severity: z.enum(['mild', 'moderate', 'severe']).default('moderate'),
});

const address = z.object({
  line: z.string().trim().max(200).default(''),
  city: z.string().trim().max(100).default(''),
  postalCode: z.string().trim().max(20).default(''),
});

const base = {
  givenName: z.string().trim().min(1, 'Enter the given name').max(100),
  familyName: z.string().trim().min(1, 'Enter the family name').max(100),
  birthDate: isoDate,
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  phone: z.string().trim().max(40).nullish(),
  email: z.string().trim().max(254).email('Enter a valid email address').nullish().or(z.literal('')),
  address: address.nullish(),
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
  })
  .strict();

export const patientPatch = z.object(base).partial().strict();

export const patientSearch = z.object({
  q: z.string().trim().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type PatientCreate = z.infer<typeof patientCreate>;
export type PatientPatch = z.infer<typeof patientPatch>;

import { z } from 'zod';
import { ref } from './references.ts';
import { npiProblem } from '../domain/npi.ts';
import { ROLES } from '../domain/roles.ts';

/** Administration: users, clinic settings and emergency access (bodies and answers). */

/** A practitioner's NPI: 10 digits with a valid check digit (Luhn over the 80840 prefix). */
export const npiSchema = z
  .string()
  .trim()
  .superRefine((v, c) => {
    const problem = npiProblem(v);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  });

/** A new user of the clinic; a patient account is linked to its patient record. */
export const userCreateBody = z
  .object({
    email: z.string().trim().max(254).email('Enter a valid email address'),
    name: z.string().trim().min(1).max(120),
    role: z.enum(ROLES),
    password: z.string().max(1024),
    patientId: ref('patient').nullish(),
  })
  .strict();

/** A change to a user: role (not to patient), name, disabled, emergency access, a practitioner's NPI. */
export const userPatchBody = z
  .object({
    role: z.enum(['admin', 'clinician', 'frontdesk']).optional(),
    name: z.string().trim().min(1).max(120).optional(),
    disabled: z.boolean().optional(),
    breakGlass: z.boolean().optional(),
    npi: npiSchema.nullable().optional(),
  })
  .strict();

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const clinicAddressSchema = z
  .object({
    line: z.string().trim().min(1, 'Enter the street address').max(200),
    city: z.string().trim().min(1, 'Enter the city').max(100),
    state: z.string().trim().max(60).nullish(),
    postalCode: z.string().trim().min(1, 'Enter the postal code').max(20),
  })
  .strict();

const isZone = (z: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: z });
    return true;
  } catch {
    return false;
  }
};

const IDLE_MESSAGE = 'Enter the staff idle timeout as whole minutes between 2 and 480';
const SETTINGS_KEYS =
  'name, address, phone, email, timeZone, mfaRequiredForStaff, staffIdleTimeoutMinutes and selfSignupRequiresApproval';

/** Clinic settings: every message a person can meet here says what to enter, in plain words. */
export const clinicSettingsBody = z.strictObject(
  {
    name: z
      .string({ error: 'Enter the clinic name' })
      .trim()
      .min(1, 'Enter the clinic name')
      .max(200, 'Shorten the clinic name to 200 characters or fewer')
      .optional(),
    timeZone: z
      .string({ error: 'Choose the clinic’s time zone from the list' })
      .refine(isZone, 'Choose the clinic’s time zone from the list (a name such as America/New_York)')
      .optional(),
    mfaRequiredForStaff: z.boolean({ error: 'Turn “Require MFA for staff” on or off' }).optional(),
    staffIdleTimeoutMinutes: z
      .number({ error: IDLE_MESSAGE })
      .int(IDLE_MESSAGE)
      .min(2, IDLE_MESSAGE)
      .max(480, IDLE_MESSAGE)
      .optional(),
    selfSignupRequiresApproval: z
      .boolean({ error: 'Turn “Require staff approval of online sign-ups” on or off' })
      .optional(),
    address: clinicAddressSchema.nullable().optional(),
    phone: optionalText(40).refine(
      (v) => v == null || /^\+?[0-9 ().-]{7,}$/.test(v),
      'Enter the clinic’s phone number with digits, spaces, ( ) - and an optional leading +',
    ),
    email: optionalText(254).refine(
      (v) => v == null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
      'Enter a valid email address for the clinic, or leave it empty',
    ),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Remove ${issue.keys.join(', ')}: clinic settings take only ${SETTINGS_KEYS}`
        : 'Send the clinic settings as a JSON object',
  },
);

// ---------------------------------------------------------------------------------------------
// Answers

export const adminUserResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  patientId: z.uuid().nullable(),
  disabled: z.boolean(),
  mfaEnabled: z.boolean(),
  breakGlass: z.boolean(),
  createdAt: z.string(),
  /** The practitioner record of this account, if it has one (then it has an NPI to edit). */
  practitionerId: z.uuid().nullish(),
  npi: z.string().nullish(),
});
export type AdminUser = z.infer<typeof adminUserResponse>;

export const clinicAddressResponse = z.object({
  line: z.string(),
  city: z.string(),
  state: z.string().nullish(),
  postalCode: z.string(),
});
export type ClinicAddress = z.infer<typeof clinicAddressResponse>;

/** `GET /clinics` (public): a clinic's name and how patients reach it. */
export const publicClinicResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  address: clinicAddressResponse.nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export type PublicClinic = z.infer<typeof publicClinicResponse>;

/** `GET /admin/clinic` and the answer of `PATCH /admin/clinic`. */
export const clinicSettingsResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  mfaRequiredForStaff: z.boolean(),
  staffIdleTimeoutMinutes: z.number().int(),
  /** Every verified online sign-up waits for staff approval. */
  selfSignupRequiresApproval: z.boolean().optional(),
  address: clinicAddressResponse.nullish(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
});
export type ClinicSettings = z.infer<typeof clinicSettingsResponse>;

/** An emergency ("break-glass") grant, as the admin list shows it. */
export const breakGlassGrantResponse = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  patientId: z.uuid(),
  patientName: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  active: z.boolean().optional(),
});
export type BreakGlassGrant = z.infer<typeof breakGlassGrantResponse>;

import type {
  Patient,
  PatientInput,
  PatientPatchInput as PatientPatch,
} from '../../../contracts/patients.ts';
import type { Sex } from '../../../domain/patients/vocabulary.ts';
import {
  EMAIL_MESSAGE,
  PHONE_MESSAGE,
  birthDateProblem,
  formatPhone,
  isEmail,
  isoDay,
  normalisePhone,
} from '../../../domain/patients/demographics.ts';

/** The editable demographics and contact fields of a patient, as text (empty string = not given). */
export interface DemographicsValues {
  givenName: string;
  familyName: string;
  birthDate: string;
  /** Empty until chosen, so a new record never gets a sex by default. */
  sex: Sex | '';
  phone: string;
  email: string;
  line: string;
  city: string;
  postalCode: string;
}

export const EMPTY_DEMOGRAPHICS: DemographicsValues = {
  givenName: '',
  familyName: '',
  birthDate: '',
  sex: '',
  phone: '',
  email: '',
  line: '',
  city: '',
  postalCode: '',
};

export function demographicsFrom(p: Patient): DemographicsValues {
  return {
    givenName: p.givenName ?? '',
    familyName: p.familyName ?? '',
    birthDate: p.birthDate ?? '',
    sex: p.sex ?? 'unknown',
    phone: p.phone ? formatPhone(p.phone) : '',
    email: p.email ?? '',
    line: p.address?.line ?? '',
    city: p.address?.city ?? '',
    postalCode: p.address?.postalCode ?? '',
  };
}

/**
 * The API body for these values. Empty optional fields are left out; the address is sent only
 * when any part of it is filled in.
 */
export function demographicsBody(v: DemographicsValues): PatientInput {
  const body: PatientInput = {
    givenName: v.givenName.trim(),
    familyName: v.familyName.trim(),
    birthDate: v.birthDate,
    sex: v.sex || 'unknown',
  };
  if (v.phone.trim()) body.phone = v.phone.trim();
  if (v.email.trim()) body.email = v.email.trim();
  if (v.line.trim() || v.city.trim() || v.postalCode.trim()) {
    body.address = { line: v.line.trim(), city: v.city.trim(), postalCode: v.postalCode.trim() };
  }
  return body;
}

/**
 * Client-side checks that save a round trip, with the server's own rules and messages
 * (src/domain/patients/demographics.ts); the server stays the authority. `today` is YYYY-MM-DD.
 */
export function validateDemographics(
  v: DemographicsValues,
  today: string = isoDay(new Date()),
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.givenName.trim()) errors.givenName = 'Enter the given (first) name.';
  if (!v.familyName.trim()) errors.familyName = 'Enter the family (last) name.';
  const birth = birthDateProblem(v.birthDate, today);
  if (birth) errors.birthDate = `${birth}.`;
  if (!v.sex) errors.sex = 'Choose the sex recorded for the patient (or Unknown).';
  if (v.phone.trim() && !normalisePhone(v.phone)) errors.phone = `${PHONE_MESSAGE}.`;
  if (v.email.trim() && !isEmail(v.email)) errors.email = `${EMAIL_MESSAGE}.`;
  return errors;
}

/** Paths of the problem `errors[]` that these fields display. */
export const DEMOGRAPHICS_PATHS = [
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'phone',
  'email',
  'address',
  'address/line',
  'address/city',
  'address/postalCode',
];

/**
 * Only what changed, for PATCH. A cleared optional field is sent as `null` so the server removes
 * it (leaving it out would keep the old value).
 */
export function demographicsPatch(before: DemographicsValues, after: DemographicsValues): PatientPatch {
  const full = demographicsBody(after);
  const patch: PatientPatch = {};
  if (before.givenName !== after.givenName) patch.givenName = full.givenName;
  if (before.familyName !== after.familyName) patch.familyName = full.familyName;
  if (before.birthDate !== after.birthDate) patch.birthDate = full.birthDate;
  if (before.sex !== after.sex) patch.sex = full.sex;
  for (const key of ['phone', 'email'] as const) {
    if (before[key].trim() !== after[key].trim()) patch[key] = full[key] ?? null;
  }
  const addressChanged = (['line', 'city', 'postalCode'] as const).some(
    (k) => before[k].trim() !== after[k].trim(),
  );
  if (addressChanged) patch.address = full.address ?? null;
  return patch;
}

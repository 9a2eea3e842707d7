/** Shapes of the Stillpoint HTTP API (see /api/openapi.json); only what the web app reads. */

export type Role = 'admin' | 'clinician' | 'frontdesk' | 'patient';
export const ROLES: readonly Role[] = ['admin', 'clinician', 'frontdesk', 'patient'];
export const STAFF_ROLES: readonly Role[] = ['admin', 'clinician', 'frontdesk'];

export interface ProblemFieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: ProblemFieldError[];
  /** On 403 `mfa-required`: true when the account must first enrol an authenticator. */
  mfaSetupRequired?: boolean;
  /** Extension members (for example `encounterId` on 409 `draft-exists`). */
  [extension: string]: unknown;
}

export interface LoginUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  clinicId: string;
  patientId?: string | null;
}

export interface LoginResponse {
  user: LoginUser;
  mfaRequired?: boolean;
  mfaSetupRequired?: boolean;
}

export interface MeResponse {
  user: LoginUser & {
    patientId: string | null;
    /** Staff who see patients: their own practitioner record. */
    practitionerId?: string | null;
    mfaEnabled: boolean;
    breakGlass: boolean;
  };
  clinic: { id: string; name: string; timeZone: string };
  session: {
    expiresAt?: string;
    idleTimeoutMinutes: number;
    /** The session still waits for its second factor (a code, or an enrolment first). */
    mfaRequired?: boolean;
    mfaSetupRequired?: boolean;
  };
}

export type Sex = 'female' | 'male' | 'other' | 'unknown';
export const SEXES: readonly Sex[] = ['female', 'male', 'other', 'unknown'];

export type ClinicalStatus = 'active' | 'recurrence' | 'relapse' | 'inactive' | 'remission' | 'resolved';
export const CLINICAL_STATUSES: readonly ClinicalStatus[] = [
  'active',
  'recurrence',
  'relapse',
  'inactive',
  'remission',
  'resolved',
];

export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

export interface PatientFlag {
  flag: string;
  region?: string | null;
  note?: string | null;
}

export interface Address {
  line: string;
  city: string;
  postalCode: string;
}

export interface Condition {
  id?: string;
  system: string;
  code: string;
  display: string;
  clinicalStatus: ClinicalStatus;
  onsetDate: string | null;
}

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

export interface Medication {
  id?: string;
  name: string;
  /** RxNorm concept id (RXCUI) when coded; `system` is then RXNORM_SYSTEM. */
  code?: string | null;
  system?: string | null;
  dose: string | null;
  frequency: string | null;
}

export type AllergySeverity = 'mild' | 'moderate' | 'severe';

export interface Allergy {
  id?: string;
  substance: string;
  code?: string | null;
  system?: string | null;
  reaction: string | null;
  severity: AllergySeverity | null;
}

/** Whether a list was asked about: `unknown` is "not asked", distinct from `none-known`/`none`. */
export type AllergyStatus = 'unknown' | 'none-known' | 'recorded';
export type MedicationStatus = 'unknown' | 'none' | 'recorded';

export interface ListStatus<S extends string> {
  status: S;
  recordedAt: string | null;
  recordedBy: { id: string; name: string } | null;
  code?: { system: string; code: string; display: string };
}

/** Answer of the medication routes: the whole list and its status. */
export interface MedicationSection {
  medications: Medication[];
  medicationStatus: ListStatus<MedicationStatus>;
}

export interface AllergySection {
  allergies: Allergy[];
  allergyStatus: ListStatus<AllergyStatus>;
}

export interface PatientSummary {
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex;
  phone: string | null;
  email: string | null;
  flags: PatientFlag[];
}

export interface Patient extends Omit<PatientSummary, 'flags'> {
  address: Address | null;
  conditions: Condition[];
  flags: PatientFlag[];
  medications: Medication[];
  allergies: Allergy[];
  medicationStatus?: ListStatus<MedicationStatus>;
  allergyStatus?: ListStatus<AllergyStatus>;
  emergencyAccess?: { expiresAt: string } | null;
}

/** A condition as sent to the API (no id: arrays replace the whole list). */
export interface ConditionInput {
  system: string;
  code: string;
  display: string;
  clinicalStatus: ClinicalStatus;
  onsetDate?: string;
}

/** Body of POST /api/v1/patients; PATCH takes any subset. */
export interface PatientInput {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex;
  phone?: string;
  email?: string;
  address?: Address;
  conditions?: ConditionInput[];
  flags?: PatientFlag[];
  medications?: Omit<Medication, 'id'>[];
  allergies?: Omit<Allergy, 'id'>[];
}

/** Body of PATCH /api/v1/patients/:id: any subset; `null` clears an optional field. */
export type PatientPatch = Partial<Omit<PatientInput, 'phone' | 'email' | 'address'>> & {
  phone?: string | null;
  email?: string | null;
  address?: Address | null;
};

export type AuditOutcome = 'success' | 'denied' | 'error';

export interface AuditEntry {
  id: string;
  at: string;
  userId: string | null;
  userEmail: string | null;
  role: Role | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  emergency: boolean;
  reason: string | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  problems: { seq: number; message: string }[];
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  patientId: string | null;
  disabled: boolean;
  mfaEnabled: boolean;
  breakGlass: boolean;
  createdAt: string;
  /** The practitioner record of this account, if it has one (then it has an NPI to edit). */
  practitionerId?: string | null;
  npi?: string | null;
}

export interface ClinicSettings {
  id: string;
  name: string;
  timeZone: string;
  mfaRequiredForStaff: boolean;
  staffIdleTimeoutMinutes: number;
  /** Every verified online sign-up waits for staff approval. */
  selfSignupRequiresApproval?: boolean;
  address?: ClinicAddress | null;
  phone?: string | null;
  email?: string | null;
}

export interface ClinicAddress {
  line: string;
  city: string;
  state?: string | null;
  postalCode: string;
}

/** GET /api/v1/clinics (public): a clinic's name and how patients reach it. */
export interface PublicClinic {
  id: string;
  name: string;
  timeZone: string;
  address: ClinicAddress | null;
  phone: string | null;
  email: string | null;
}

export interface BreakGlassGrant {
  id: string;
  userId: string;
  userName: string;
  patientId: string;
  patientName: string;
  reason: string;
  createdAt: string;
  expiresAt: string;
}

export interface MfaSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiToken {
  id: string;
  token: string;
  name: string;
  expiresAt: string;
}

export interface Results<T> {
  results: T[];
}

// --- Scheduling -------------------------------------------------------------------------------

export interface AppointmentType {
  id: string;
  name: string;
  description?: string | null;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  bookableOnline: boolean;
  newPatientOnly?: boolean;
  selfPayPrice?: { amount: number; currency: string } | null;
}

export interface Practitioner {
  id: string;
  name: string;
  timeZone: string;
  credentials?: string[];
  boardCertifications?: string[];
  languages?: string[];
  acceptingNewPatients?: boolean;
}

export interface Slot {
  start: string;
  end: string;
  practitionerId: string;
}

export interface Availability {
  practitionerId: string;
  timeZone: string;
  appointmentType: string;
  durationMinutes: number;
  slots: Slot[];
}

export type AppointmentStatus = 'booked' | 'checked-in' | 'completed' | 'cancelled' | 'no-show';

export interface Appointment {
  id: string;
  status: AppointmentStatus;
  start: string;
  end: string;
  practitionerId: string;
  patientId: string;
  appointmentType?: string;
  appointmentTypeName?: string;
  patientName?: string;
  source?: string;
  createdAt?: string;
  cancelledAt?: string;
  lateCancellation?: boolean;
  /** What brings the patient in and their pain 0–10, as given when booking. */
  reason?: string | null;
  painScore?: number | null;
  /** Staff: the visit note documenting this appointment, if one was started. */
  note?: { encounterId: string; status: 'draft' | 'signed' } | null;
}

export interface AppointmentHistoryEntry {
  at: string;
  byUserId: string | null;
  from: string | null;
  to: string;
  note: string | null;
}

export interface AppointmentDetail extends Appointment {
  history: AppointmentHistoryEntry[];
}

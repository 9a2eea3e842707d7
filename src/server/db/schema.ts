import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { PostalAddress } from '../../domain/address.ts';

/** Column helpers shared by every table file (platform and features). */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const id = () => uuid('id').primaryKey().defaultRandom();
export const clinicRef = () =>
  uuid('clinic_id')
    .notNull()
    .references(() => clinics.id);

/** `state` ("IL") may be missing on older rows. */
export type ClinicAddress = PostalAddress;

export const clinics = pgTable('clinics', {
  id: id(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('America/New_York'),
  mfaRequiredForStaff: boolean('mfa_required_for_staff').notNull().default(false),
  staffIdleTimeoutMinutes: integer('staff_idle_timeout_minutes').notNull().default(15),
  /** Every verified self sign-up waits for staff approval, even an exact match. */
  selfSignupRequiresApproval: boolean('self_signup_requires_approval').notNull().default(false),
  /** The clinic's postal address (on printed notes, invitations and the public pages). */
  address: jsonb('address').$type<ClinicAddress | null>(),
  /** Public contact details for patients (printed notes, the landing page). */
  phone: text('phone'),
  email: text('email'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const patients = pgTable(
  'patients',
  {
    id: id(),
    clinicId: clinicRef(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex').notNull(),
    phone: text('phone'),
    email: text('email'),
    address: jsonb('address').$type<{ line: string; city: string; postalCode: string } | null>(),
    /** A restricted record opens only for its care team and admins; others need emergency access. */
    restricted: boolean('restricted').notNull().default(false),
    careTeam: jsonb('care_team').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Set when this record was a duplicate merged into another: it stays as a tombstone, never deleted. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => patients.id),
    mergedAt: ts('merged_at'),
    mergedBy: uuid('merged_by'),
  },
  (t) => [
    index('patients_clinic_name_idx').on(t.clinicId, t.familyName, t.givenName),
    index('patients_clinic_birth_idx').on(t.clinicId, t.birthDate),
    check('patients_sex_chk', sql`${t.sex} in ('female','male','other','unknown')`),
    check(
      'patients_merged_chk',
      sql`(${t.mergedIntoId} is null) = (${t.mergedAt} is null) and ${t.mergedIntoId} is distinct from ${t.id}`,
    ),
  ],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    clinicId: clinicRef(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    patientId: uuid('patient_id').references(() => patients.id),
    disabled: boolean('disabled').notNull().default(false),
    /** TOTP secret, AES-256-GCM encrypted (never stored in the clear). */
    mfaSecretEnc: text('mfa_secret_enc'),
    mfaEnabled: boolean('mfa_enabled').notNull().default(false),
    /** Last accepted TOTP time step: a code is accepted once. */
    mfaLastStep: bigint('mfa_last_step', { mode: 'number' }),
    breakGlass: boolean('break_glass').notNull().default(false),
    /**
     * The generation of the user's credentials. Every session and API token records the one it was
     * made in; ending a user's access (password change or reset, sign out everywhere, MFA
     * enrolment, role change, disabling) moves it on, so every older credential is refused at once.
     */
    credentialsEpoch: integer('credentials_epoch').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
    uniqueIndex('users_patient_uq').on(t.patientId),
    check('users_role_chk', sql`${t.role} in ('admin','clinician','frontdesk','patient')`),
    check('users_patient_link_chk', sql`(${t.role} = 'patient') = (${t.patientId} is not null)`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session token; the token itself is only in the cookie. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    clinicId: clinicRef(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    idleTimeoutMinutes: integer('idle_timeout_minutes').notNull(),
    mfaVerified: boolean('mfa_verified').notNull(),
    /** The user's credentials generation when the session started (`users.credentials_epoch`). */
    credentialsEpoch: integer('credentials_epoch').notNull().default(0),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    clinicId: clinicRef(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    /** The user's credentials generation when the token was made (`users.credentials_epoch`). */
    credentialsEpoch: integer('credentials_epoch').notNull().default(0),
    /** Made from a session that had given its second factor: needed once MFA applies to the user. */
    mfaVerified: boolean('mfa_verified').notNull().default(false),
    /** What the token may do (`TOKEN_SCOPES`): `read` (GET and HEAD only) or `read-write`. */
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{read-write}'::text[]`),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
    index('api_tokens_user_idx').on(t.userId),
    check(
      'api_tokens_scopes_chk',
      sql`cardinality(${t.scopes}) > 0 and ${t.scopes} <@ array['read','read-write']::text[]`,
    ),
  ],
);

/** Fixed-window counters (login throttling). In the database so several app instances share them. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: ts('window_start').notNull(),
    count: integer('count').notNull(),
    /** The latest hit: the sign-in delays run from it. */
    lastAt: ts('last_at').notNull().defaultNow(),
    /** After this the row means nothing (a window's end, a forgotten streak) and may be pruned. */
    expiresAt: ts('expires_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limits_expires').on(t.expiresAt)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userKey: text('user_key').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    response: jsonb('response'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userKey, t.key] })],
);

export const conditions = pgTable(
  'conditions',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    system: text('system').notNull(),
    code: text('code').notNull(),
    display: text('display').notNull(),
    clinicalStatus: text('clinical_status').notNull(),
    onsetDate: date('onset_date', { mode: 'string' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('conditions_patient_idx').on(t.clinicId, t.patientId)],
);

export const patientFlags = pgTable(
  'patient_flags',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    flag: text('flag').notNull(),
    region: text('region'),
    note: text('note'),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('patient_flags_patient_idx').on(t.clinicId, t.patientId)],
);

export const medications = pgTable(
  'medications',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    name: text('name').notNull(),
    /** RxNorm concept id (RXCUI, digits) when the medication was coded; the name is always kept. */
    code: text('code'),
    dose: text('dose'),
    frequency: text('frequency'),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('medications_patient_idx').on(t.clinicId, t.patientId),
    check('medications_code_chk', sql`${t.code} ~ '^[0-9]{1,10}$'`),
  ],
);

export const allergies = pgTable(
  'allergies',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    substance: text('substance').notNull(),
    /** RxNorm concept id (RXCUI) for a drug allergy; other substances are free text only. */
    code: text('code'),
    reaction: text('reaction'),
    severity: text('severity').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('allergies_patient_idx').on(t.clinicId, t.patientId),
    check('allergies_code_chk', sql`${t.code} ~ '^[0-9]{1,10}$'`),
  ],
);

/**
 * Whether a patient's allergy or medication list was asked about at all: "not asked" (no row, or
 * `unknown`) is a different answer from "no known allergies" (`none-known`, FHIR / SNOMED CT
 * 716186003) or "takes no medications" (`none`). `recorded` says the list itself is the answer.
 * Who recorded the answer, and when, is kept with it.
 */
export const patientListStatuses = pgTable(
  'patient_list_statuses',
  {
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    list: text('list').$type<'allergies' | 'medications'>().notNull(),
    status: text('status').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.patientId, t.list] }),
    index('patient_list_statuses_clinic_idx').on(t.clinicId, t.patientId),
    check(
      'patient_list_statuses_status_chk',
      sql`(${t.list} = 'allergies' and ${t.status} in ('unknown','none-known','recorded'))
        or (${t.list} = 'medications' and ${t.status} in ('unknown','none','recorded'))`,
    ),
  ],
);

export const breakGlassGrants = pgTable(
  'break_glass_grants',
  {
    id: id(),
    clinicId: clinicRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('break_glass_user_idx').on(t.userId, t.patientId)],
);

/**
 * Append-only, hash-chained audit trail (one chain per clinic; `global` for events without a
 * clinic, such as a failed login for an unknown email). UPDATE and DELETE are refused by a trigger.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey(),
    /** Insertion order (the order the sealer chains entries in); not part of the hashed content. */
    n: bigint('n', { mode: 'number' }).generatedAlwaysAsIdentity(),
    chain: text('chain').notNull(),
    /** Position in the chain, with prevHash and hash: set once by the sealer, shortly after commit. */
    seq: bigint('seq', { mode: 'number' }),
    at: ts('at').notNull(),
    clinicId: uuid('clinic_id'),
    userId: uuid('user_id'),
    userEmail: text('user_email'),
    role: text('role'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    patientId: uuid('patient_id'),
    outcome: text('outcome').notNull(),
    requestId: text('request_id'),
    ip: text('ip'),
    emergency: boolean('emergency').notNull().default(false),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_chain_seq_uq').on(t.chain, t.seq),
    index('audit_unsealed_idx')
      .on(t.chain, t.n)
      .where(sql`${t.hash} is null`),
    index('audit_clinic_at_idx').on(t.clinicId, t.at),
    // The report filters by patient or by user and lists newest first: both stay index scans
    // that stop at the page size, however large the clinic's trail grows.
    index('audit_patient_idx').on(t.clinicId, t.patientId, t.at),
    index('audit_user_idx').on(t.clinicId, t.userId, t.at),
    check('audit_outcome_chk', sql`${t.outcome} in ('success','denied','error')`),
  ],
);

export const practitioners = pgTable(
  'practitioners',
  {
    id: id(),
    clinicId: clinicRef(),
    userId: uuid('user_id').references(() => users.id),
    name: text('name').notNull(),
    credentials: jsonb('credentials').$type<string[]>().notNull().default([]),
    boardCertifications: jsonb('board_certifications').$type<string[]>().notNull().default([]),
    techniques: jsonb('techniques').$type<string[]>().notNull().default([]),
    languages: jsonb('languages').$type<string[]>().notNull().default([]),
    timeZone: text('time_zone').notNull(),
    acceptingNewPatients: boolean('accepting_new_patients').notNull().default(true),
    active: boolean('active').notNull().default(true),
    /** National Provider Identifier (10 digits, Luhn check digit checked by the app). */
    npi: text('npi'),
  },
  (t) => [
    index('practitioners_clinic_idx').on(t.clinicId),
    check('practitioners_npi_chk', sql`${t.npi} ~ '^[12][0-9]{9}$'`),
  ],
);

export const availabilityRules = pgTable(
  'availability_rules',
  {
    id: id(),
    clinicId: clinicRef(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    weekday: integer('weekday').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
  },
  (t) => [
    index('availability_practitioner_idx').on(t.practitionerId),
    check('availability_weekday_chk', sql`${t.weekday} between 1 and 7`),
  ],
);

/**
 * Only the name and key of scheduling's `appointments` table, for the outbox's foreign key: the
 * platform names the target without importing the scheduling feature. Not exported, so migrations
 * see the one real definition in features/scheduling/tables.ts.
 */
const appointmentsKey = pgTable('appointments', { id: uuid('id').primaryKey() });

/**
 * The durable outbox (a platform service: features write it with `emit` in platform/outbox.ts).
 * Rows are written in the same transaction as the booking, cancellation, offer or invitation they
 * announce, so a message exists exactly when its cause committed. The delivery job claims due rows
 * with `FOR UPDATE SKIP LOCKED` and a short lease (`claimed_until`), so several app instances never
 * deliver one message twice. `skipped` = deliberately not sent (appointment cancelled or moved
 * since, offer no longer open, no address on file), with the reason in `last_error`.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id').references(() => patients.id),
    appointmentId: uuid('appointment_id').references(() => appointmentsKey.id),
    /** The appointment's start when the message was written: a reminder for a moved visit is skipped. */
    appointmentStart: ts('appointment_start'),
    waitlistOfferId: uuid('waitlist_offer_id'),
    kind: text('kind').notNull(),
    toAddress: text('to_address'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    /** iCalendar attachment (METHOD:REQUEST or CANCEL), when the message carries one. */
    ics: text('ics'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sendAfter: ts('send_after').notNull(),
    claimedUntil: ts('claimed_until'),
    sentAt: ts('sent_at'),
    transport: text('transport'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('outbox_due_idx')
      .on(t.sendAfter)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_clinic_idx').on(t.clinicId, t.createdAt),
    index('outbox_patient_idx').on(t.clinicId, t.patientId),
    index('outbox_appointment_idx').on(t.appointmentId),
    check(
      'outbox_kind_chk',
      sql`${t.kind} in ('confirmation','reminder','cancellation','waitlist-offer','reschedule','portal-invitation','email-verification','account-notice')`,
    ),
    check('outbox_status_chk', sql`${t.status} in ('pending','sent','failed','skipped')`),
  ],
);

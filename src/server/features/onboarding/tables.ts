import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clinicRef, id, patients, ts, users } from '../../db/schema.ts';

/**
 * A portal invitation sent from a patient's record. Only the SHA-256 of the token is kept; a new
 * invitation revokes the open one, so at most one is open per patient (partial unique index).
 */
export const portalInvitations = pgTable(
  'portal_invitations',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    revokedAt: ts('revoked_at'),
    userId: uuid('user_id').references(() => users.id),
  },
  (t) => [
    uniqueIndex('portal_invitations_token_uq').on(t.tokenHash),
    uniqueIndex('portal_invitations_open_uq')
      .on(t.patientId)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('portal_invitations_clinic_idx').on(t.clinicId, t.patientId),
  ],
);

export const SIGNUP_STATUSES = [
  'unverified',
  'review',
  'active',
  'rejected',
  'superseded',
  'expired',
] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/**
 * A self sign-up from the public booking page, in one clinic. `unverified` until the emailed link
 * is opened (after its lifetime it becomes `expired` and its password hash is dropped); then `active` (linked to or created a record), or `review` for staff, who
 * approve (→ `active`) or reject. The password hash waits here until the account exists and is
 * cleared when the sign-up ends without one.
 */
export const selfSignups = pgTable(
  'self_signups',
  {
    id: id(),
    clinicId: clinicRef(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    tokenHash: text('token_hash').notNull(),
    status: text('status').notNull().default('unverified'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    verifiedAt: ts('verified_at'),
    reviewReason: text('review_reason'),
    /** What matching found at verification: [{id, matchedOn, exact, hasAccount}]. */
    candidates: jsonb('candidates').$type<{ id: string; matchedOn: string[]; exact: boolean }[]>(),
    patientId: uuid('patient_id').references(() => patients.id),
    userId: uuid('user_id').references(() => users.id),
    /** `linked` to an existing record or `created` a new one. */
    outcome: text('outcome'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    uniqueIndex('self_signups_token_uq').on(t.tokenHash),
    index('self_signups_clinic_status_idx').on(t.clinicId, t.status, t.createdAt),
    index('self_signups_email_idx').on(sql`lower(${t.email})`),
    check(
      'self_signups_status_chk',
      sql`${t.status} in ('unverified','review','active','rejected','superseded','expired')`,
    ),
    check('self_signups_outcome_chk', sql`${t.outcome} is null or ${t.outcome} in ('linked','created')`),
  ],
);

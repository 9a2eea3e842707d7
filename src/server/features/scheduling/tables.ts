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
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clinicRef, clinics, patients, practitioners, ts, users } from '../../db/schema.ts';

/** Appointment types per clinic: OMT visits are longer than an ordinary slot and need buffers. */
export const appointmentTypes = pgTable(
  'appointment_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    durationMinutes: integer('duration_minutes').notNull(),
    bufferBeforeMinutes: integer('buffer_before_minutes').notNull().default(0),
    bufferAfterMinutes: integer('buffer_after_minutes').notNull().default(0),
    slotIntervalMinutes: integer('slot_interval_minutes').notNull().default(15),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(120),
    horizonDays: integer('horizon_days').notNull().default(60),
    bookableOnline: boolean('bookable_online').notNull().default(true),
    newPatientOnly: boolean('new_patient_only').notNull().default(false),
    selfPayPriceCents: integer('self_pay_price_cents'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    uniqueIndex('appointment_types_code_uq').on(t.clinicId, t.code),
    check('appointment_types_duration_chk', sql`${t.durationMinutes} between 5 and 480`),
    check(
      'appointment_types_buffers_chk',
      sql`${t.bufferBeforeMinutes} >= 0 and ${t.bufferAfterMinutes} >= 0`,
    ),
  ],
);

/** A date whose working hours replace the weekly rules (no intervals = day off). */
export const availabilityOverrides = pgTable(
  'availability_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    date: date('date', { mode: 'string' }).notNull(),
    intervals: jsonb('intervals').$type<{ start: string; end: string }[]>().notNull(),
    note: text('note'),
  },
  (t) => [index('availability_overrides_idx').on(t.practitionerId, t.date)],
);

/** Time off of one practitioner, or (practitioner null) a closure of the whole clinic. */
export const timeOff = pgTable(
  'time_off',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    reason: text('reason'),
  },
  (t) => [
    index('time_off_idx').on(t.clinicId, t.practitionerId, t.startsAt),
    check('time_off_range_chk', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * Statuses that occupy the practitioner's time: the exclusion constraint (migration 0008) covers
 * exactly these, and the slot engine treats them as busy. `held` is a waitlist offer's hold.
 */
export const ACTIVE_STATUSES = ['held', 'booked', 'checked-in', 'completed'] as const;
export { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../../domain/scheduling/appointments.ts';

/**
 * Appointments. `block_start`/`block_end` are the span including buffers; an exclusion constraint
 * (custom migration) guarantees that one practitioner's active blocks never overlap.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    appointmentTypeId: uuid('appointment_type_id')
      .notNull()
      .references(() => appointmentTypes.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    blockStart: ts('block_start').notNull(),
    blockEnd: ts('block_end').notNull(),
    status: text('status').notNull().default('booked'),
    source: text('source').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    lateCancellation: boolean('late_cancellation').notNull().default(false),
    /** What brings the patient in, as given at booking; it starts the visit's chief complaint. */
    reason: text('reason'),
    /** Pain 0–10 as the patient rated it when booking; it starts the visit's pain-before score. */
    painScore: smallint('pain_score'),
  },
  (t) => [
    index('appointments_practitioner_idx').on(t.practitionerId, t.blockStart),
    index('appointments_patient_idx').on(t.clinicId, t.patientId, t.startsAt),
    check(
      'appointments_status_chk',
      sql`${t.status} in ('held','booked','checked-in','completed','cancelled','no-show','released')`,
    ),
    check('appointments_pain_chk', sql`${t.painScore} between 0 and 10`),
    check(
      'appointments_range_chk',
      sql`${t.endsAt} > ${t.startsAt} and ${t.blockStart} <= ${t.startsAt} and ${t.blockEnd} >= ${t.endsAt}`,
    ),
  ],
);

/** Every status change of an appointment, with who made it. */
export const appointmentEvents = pgTable(
  'appointment_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    at: ts('at').notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('appointment_events_idx').on(t.appointmentId, t.at)],
);

/** Clinic scheduling policy. */
export const clinicSchedulingSettings = pgTable('clinic_scheduling_settings', {
  clinicId: uuid('clinic_id')
    .primaryKey()
    .references(() => clinics.id),
  lateCancelHours: integer('late_cancel_hours').notNull().default(24),
  maxFutureBookingsPerPatient: integer('max_future_bookings_per_patient').notNull().default(3),
  /** How long a waitlist offer holds its slot before it goes to the next entry. */
  waitlistHoldMinutes: integer('waitlist_hold_minutes').notNull().default(120),
  /** Reminder emails, minutes before the start (default 48 h and 2 h). */
  reminderLeadMinutes: jsonb('reminder_lead_minutes').$type<number[]>().notNull().default([2880, 120]),
});

/** A patient's acceptance of the new-patient intake consent (one row per consent version). */
export const intakeConsents = pgTable(
  'intake_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    version: text('version').notNull(),
    acceptedAt: ts('accepted_at').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    method: text('method').notNull(),
  },
  (t) => [
    uniqueIndex('intake_consents_uq').on(t.clinicId, t.patientId, t.version),
    check('intake_consents_method_chk', sql`${t.method} in ('portal','in-person','paper')`),
  ],
);

/**
 * A patient waiting for a time: one practitioner (or any, when null), one appointment type, a window.
 * `offered` while a hold is out; back to `waiting` when it is declined or expires.
 */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    appointmentTypeId: uuid('appointment_type_id')
      .notNull()
      .references(() => appointmentTypes.id),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    status: text('status').notNull().default('waiting'),
    note: text('note'),
    /** First come, first offered: a strict order even when two entries share a timestamp. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('waitlist_entries_match_idx').on(t.clinicId, t.status, t.seq),
    index('waitlist_entries_patient_idx').on(t.clinicId, t.patientId),
    check('waitlist_entries_status_chk', sql`${t.status} in ('waiting','offered','booked','cancelled')`),
    check('waitlist_entries_window_chk', sql`${t.windowEnd} > ${t.windowStart}`),
  ],
);

/**
 * A slot offered to a waitlist entry. The slot is really reserved: `appointment_id` is an
 * appointment in status `held`, which the exclusion constraint treats like a booking.
 */
export const waitlistOffers = pgTable(
  'waitlist_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => waitlistEntries.id),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    slotStart: ts('slot_start').notNull(),
    offeredAt: ts('offered_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    status: text('status').notNull().default('pending'),
    respondedAt: ts('responded_at'),
    respondedBy: uuid('responded_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('waitlist_offers_appointment_uq').on(t.appointmentId),
    uniqueIndex('waitlist_offers_one_pending_uq')
      .on(t.entryId)
      .where(sql`${t.status} = 'pending'`),
    index('waitlist_offers_expiry_idx').on(t.status, t.expiresAt),
    index('waitlist_offers_entry_idx').on(t.entryId, t.practitionerId, t.slotStart),
    check(
      'waitlist_offers_status_chk',
      sql`${t.status} in ('pending','accepted','declined','expired','withdrawn')`,
    ),
  ],
);

/** A practitioner's private calendar feed: only the SHA-256 of the URL token is stored. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: clinicRef(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [
    uniqueIndex('calendar_feeds_token_uq').on(t.tokenHash),
    uniqueIndex('calendar_feeds_active_uq')
      .on(t.practitionerId)
      .where(sql`${t.revokedAt} is null`),
  ],
);

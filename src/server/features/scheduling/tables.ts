import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clinics, patients, practitioners, users } from '../../db/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const clinicRef = () =>
  uuid('clinic_id')
    .notNull()
    .references(() => clinics.id);

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

export const ACTIVE_STATUSES = ['booked', 'checked-in', 'completed'] as const;

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
  },
  (t) => [
    index('appointments_practitioner_idx').on(t.practitionerId, t.blockStart),
    index('appointments_patient_idx').on(t.clinicId, t.patientId, t.startsAt),
    check(
      'appointments_status_chk',
      sql`${t.status} in ('booked','checked-in','completed','cancelled','no-show')`,
    ),
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
});

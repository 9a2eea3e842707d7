import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { clinicRef, id, patients, ts } from '../../db/schema.ts';
import { appointments } from '../scheduling/tables.ts';

export {
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  type MessageKind,
  type MessageStatus,
} from '../../../domain/scheduling/messages.ts';

/**
 * The durable outbox. Rows are written in the same transaction as the booking, cancellation or
 * offer they announce, so a message exists exactly when its cause committed. The runner claims due
 * rows with `FOR UPDATE SKIP LOCKED` and a short lease (`claimed_until`), so several app instances
 * never deliver one message twice. `skipped` = deliberately not sent (appointment cancelled or
 * moved since, offer no longer open, no address on file), with the reason in `last_error`.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: id(),
    clinicId: clinicRef(),
    patientId: uuid('patient_id').references(() => patients.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
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

import { and, eq, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/connect.ts';
import { clinics, patients, practitioners } from '../../db/schema.ts';
import { appointmentEvents, clinicSchedulingSettings } from '../scheduling/tables.ts';
import { addressOneLine } from '../../../domain/address.ts';
import { buildIcs, type IcsMethod } from './ics.ts';
import { outboxMessages } from '../../db/schema.ts';
import type { MessageKind } from '../../../domain/scheduling/messages.ts';

/** The sender address (also the ORGANIZER of invitations): `SMTP_FROM`, or a placeholder for development. */
export function mailFromAddress(env: NodeJS.ProcessEnv = process.env): string {
  const from = env.SMTP_FROM?.trim();
  const match = from ? /<([^>]+)>/.exec(from) : null;
  return match?.[1] ?? from ?? 'no-reply@stillpoint.invalid';
}

interface AppointmentLike {
  id: string;
  clinicId: string;
  patientId: string;
  practitionerId: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * What a message may say about a visit: the patient's first name, the time, the clinic and the
 * practitioner. Never the appointment type, a diagnosis or anything clinical.
 */
interface Facts {
  firstName: string;
  email: string | null;
  clinicName: string;
  clinicAddress: string | null;
  practitionerName: string;
  timeZone: string;
  defaultLeads: number[];
  sequence: number;
}

async function loadFacts(tx: Tx, a: AppointmentLike): Promise<Facts> {
  const [row] = await tx
    .select({
      firstName: patients.givenName,
      email: patients.email,
      clinicName: clinics.name,
      clinicAddress: clinics.address,
      practitionerName: practitioners.name,
      timeZone: practitioners.timeZone,
      leads: clinicSchedulingSettings.reminderLeadMinutes,
      events: sql<string>`(select count(*) from ${appointmentEvents} where ${appointmentEvents.appointmentId} = ${a.id})`,
    })
    .from(patients)
    .innerJoin(clinics, eq(clinics.id, patients.clinicId))
    .innerJoin(practitioners, eq(practitioners.id, a.practitionerId))
    .leftJoin(clinicSchedulingSettings, eq(clinicSchedulingSettings.clinicId, clinics.id))
    .where(and(eq(patients.id, a.patientId), eq(patients.clinicId, a.clinicId)));
  if (!row) throw new Error('outbox: appointment facts not found');
  const addr = row.clinicAddress;
  return {
    firstName: row.firstName,
    email: row.email?.trim() || null,
    clinicName: row.clinicName,
    clinicAddress: addr ? addressOneLine(addr) : null,
    practitionerName: row.practitionerName,
    timeZone: row.timeZone,
    defaultLeads: row.leads ?? [2880, 120],
    // One event per change (booked, rescheduled, cancelled…): a monotonic SEQUENCE for calendars.
    sequence: Math.max(0, Number(row.events) - 1),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Monday, March 15, 2027 at 9:00 AM CDT" in the practitioner's zone (one cached formatter per zone). */
export function formatWhen(at: Date, zone: string): string {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZoneName: 'short',
    });
    formatters.set(zone, f);
  }
  const part = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.weekday}, ${part.month} ${part.day}, ${part.year} at ${part.hour}:${part.minute} ${part.dayPeriod} ${part.timeZoneName}`;
}

function ics(method: IcsMethod, a: AppointmentLike, f: Facts, now: Date): string {
  return buildIcs({
    method,
    events: [
      {
        appointmentId: a.id,
        start: a.startsAt,
        end: a.endsAt,
        summary: `Appointment with ${f.practitionerName} (${f.clinicName})`,
        location: f.clinicAddress ?? f.clinicName,
        sequence: f.sequence,
        stamp: now,
        status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
        organizer: { name: f.clinicName, email: mailFromAddress() },
        attendee: f.email ? { name: f.firstName, email: f.email } : null,
      },
    ],
  });
}

type NewMessage = typeof outboxMessages.$inferInsert;

function message(
  a: AppointmentLike,
  f: Facts,
  now: Date,
  m: Pick<NewMessage, 'kind' | 'subject' | 'text' | 'ics' | 'sendAfter' | 'waitlistOfferId'> & {
    kind: MessageKind;
  },
): NewMessage {
  return {
    clinicId: a.clinicId,
    patientId: a.patientId,
    appointmentId: a.id,
    appointmentStart: a.startsAt,
    toAddress: f.email,
    createdAt: now,
    ...m,
    // Without an address nothing can be delivered; the row stays visible to staff with the reason.
    ...(f.email ? {} : { status: 'skipped', lastError: 'No email address on file for this patient' }),
  };
}

const footer = (f: Facts) =>
  `\n\n${f.clinicName}${f.clinicAddress ? `\n${f.clinicAddress}` : ''}\nTo cancel or change this visit, sign in to the patient portal or call the clinic.`;

function remindersFor(
  a: AppointmentLike,
  f: Facts,
  now: Date,
  leads: number[],
  when: string,
  invite: string,
): NewMessage[] {
  return [...new Set(leads)]
    .map((lead) => new Date(a.startsAt.getTime() - lead * 60_000))
    .filter((at) => at > now)
    .map((at) =>
      message(a, f, now, {
        kind: 'reminder',
        subject: `Reminder: your appointment on ${when}`,
        text: `Hello ${f.firstName},\n\nthis is a reminder of your appointment with ${f.practitionerName} at ${f.clinicName} on ${when}.${footer(f)}`,
        // The same invitation as the confirmation (same UID and SEQUENCE): calendars see no change.
        ics: invite,
        sendAfter: at,
      }),
    );
}

/**
 * A booking (or a move): the confirmation now, and reminders at the clinic's lead times. Written in
 * the caller's transaction. Reminders are checked again when they are due (cancelled or moved since → skipped).
 */
export async function enqueueBooked(
  tx: Tx,
  a: AppointmentLike,
  now: Date,
  kind: 'confirmation' | 'reschedule' = 'confirmation',
): Promise<void> {
  const f = await loadFacts(tx, a);
  const when = formatWhen(a.startsAt, f.timeZone);
  const invite = ics('REQUEST', a, f, now);
  const first =
    kind === 'confirmation'
      ? message(a, f, now, {
          kind,
          subject: `Appointment confirmed: ${when}`,
          text: `Hello ${f.firstName},\n\nyour appointment with ${f.practitionerName} at ${f.clinicName} is confirmed for ${when}.\nThe attached invitation adds it to your calendar.${footer(f)}`,
          ics: invite,
          sendAfter: now,
        })
      : message(a, f, now, {
          kind,
          subject: `Appointment moved to ${when}`,
          text: `Hello ${f.firstName},\n\nyour appointment with ${f.practitionerName} at ${f.clinicName} has been moved to ${when}.\nThe attached invitation updates your calendar.${footer(f)}`,
          ics: invite,
          sendAfter: now,
        });
  if (kind === 'reschedule')
    await skipUnsentReminders(
      tx,
      a,
      now,
      `Appointment moved to ${when}; a reminder for the new time was written`,
    );
  await tx.insert(outboxMessages).values([first, ...remindersFor(a, f, now, f.defaultLeads, when, invite)]);
}

/**
 * Reminders not sent yet of a visit that was cancelled or moved are marked `skipped` with the
 * reason at once, in the caller's transaction, so the messages screen never shows them as still
 * to come. A reminder the runner has claimed this instant is left to it: it checks again before
 * sending. On a move only the reminders of the old time are skipped.
 */
async function skipUnsentReminders(
  tx: Tx,
  a: AppointmentLike,
  now: Date,
  reason: string,
  opts: { allTimes?: boolean } = {},
): Promise<void> {
  await tx
    .update(outboxMessages)
    .set({ status: 'skipped', lastError: reason })
    .where(
      and(
        eq(outboxMessages.clinicId, a.clinicId),
        eq(outboxMessages.appointmentId, a.id),
        eq(outboxMessages.kind, 'reminder'),
        eq(outboxMessages.status, 'pending'),
        or(isNull(outboxMessages.claimedUntil), lte(outboxMessages.claimedUntil, now)),
        opts.allTimes
          ? undefined
          : or(isNull(outboxMessages.appointmentStart), ne(outboxMessages.appointmentStart, a.startsAt)),
      ),
    );
}

export async function enqueueCancelled(tx: Tx, a: AppointmentLike, now: Date): Promise<void> {
  const f = await loadFacts(tx, a);
  const when = formatWhen(a.startsAt, f.timeZone);
  await skipUnsentReminders(tx, a, now, `Appointment cancelled on ${formatWhen(now, f.timeZone)}; not sent`, {
    allTimes: true,
  });
  await tx.insert(outboxMessages).values(
    message(a, f, now, {
      kind: 'cancellation',
      subject: `Appointment cancelled: ${when}`,
      text: `Hello ${f.firstName},\n\nyour appointment with ${f.practitionerName} at ${f.clinicName} on ${when} has been cancelled.\nThe attached update removes it from your calendar.${footer(f)}`,
      ics: ics('CANCEL', a, f, now),
      sendAfter: now,
    }),
  );
}

export async function enqueueWaitlistOffer(
  tx: Tx,
  a: AppointmentLike,
  offer: { id: string; expiresAt: Date },
  now: Date,
): Promise<void> {
  const f = await loadFacts(tx, a);
  const when = formatWhen(a.startsAt, f.timeZone);
  const until = formatWhen(offer.expiresAt, f.timeZone);
  await tx.insert(outboxMessages).values(
    message(a, f, now, {
      kind: 'waitlist-offer',
      subject: `A time is free for you: ${when}`,
      text: `Hello ${f.firstName},\n\na time you were waiting for is free: ${when} with ${f.practitionerName} at ${f.clinicName}.\nWe are holding it for you until ${until}. Sign in to the patient portal to accept or decline it; after that it is offered to the next person on the waiting list.${footer(f)}`,
      ics: null,
      sendAfter: now,
      waitlistOfferId: offer.id,
    }),
  );
}

import type { Tx } from '../../db/connect.ts';
import { mailSettings } from '../../platform/config.ts';
import type { Message } from '../../platform/outbox.ts';
import { addressOneLine } from '../../../domain/address.ts';
import type { MessageKind } from '../../../domain/scheduling/messages.ts';
import { buildIcs, type IcsMethod, type VisitNotice } from '../scheduling/index.ts';
import { skipUnsentReminders } from './store.ts';

/** The sender address (also the ORGANIZER of invitations): `SMTP_FROM`, or a placeholder for development. */
export function mailFromAddress(from: string | null = mailSettings().from): string {
  const match = from ? /<([^>]+)>/.exec(from) : null;
  return match?.[1] ?? from ?? 'no-reply@stillpoint.invalid';
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

const clinicPlace = (n: VisitNotice) => (n.clinicAddress ? addressOneLine(n.clinicAddress) : null);

function ics(method: IcsMethod, n: VisitNotice): string {
  const a = n.appointment;
  return buildIcs({
    method,
    events: [
      {
        appointmentId: a.id,
        start: a.startsAt,
        end: a.endsAt,
        summary: `Appointment with ${n.practitionerName} (${n.clinicName})`,
        location: clinicPlace(n) ?? n.clinicName,
        sequence: n.sequence,
        stamp: n.now,
        status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
        organizer: { name: n.clinicName, email: mailFromAddress() },
        attendee: n.email ? { name: n.firstName, email: n.email } : null,
      },
    ],
  });
}

function message(
  n: VisitNotice,
  m: Pick<Message, 'subject' | 'text' | 'ics' | 'sendAfter' | 'waitlistOfferId'> & { kind: MessageKind },
): Message {
  return {
    clinicId: n.appointment.clinicId,
    patientId: n.appointment.patientId,
    appointmentId: n.appointment.id,
    appointmentStart: n.appointment.startsAt,
    to: n.email,
    now: n.now,
    ...m,
    skipped: n.email ? null : 'No email address on file for this patient',
  };
}

const footer = (n: VisitNotice) => {
  const place = clinicPlace(n);
  return `\n\n${n.clinicName}${place ? `\n${place}` : ''}\nTo cancel or change this visit, sign in to the patient portal or call the clinic.`;
};

function reminders(n: VisitNotice, when: string, invite: string): Message[] {
  return [...new Set(n.reminderLeadMinutes)]
    .map((lead) => new Date(n.appointment.startsAt.getTime() - lead * 60_000))
    .filter((at) => at > n.now)
    .map((at) =>
      message(n, {
        kind: 'reminder',
        subject: `Reminder: your appointment on ${when}`,
        text: `Hello ${n.firstName},\n\nthis is a reminder of your appointment with ${n.practitionerName} at ${n.clinicName} on ${when}.${footer(n)}`,
        // The same invitation as the confirmation (same UID and SEQUENCE): calendars see no change.
        ics: invite,
        sendAfter: at,
      }),
    );
}

/**
 * A booking (or a move): the confirmation now, and reminders at the clinic's lead times.
 * Reminders are checked again when they are due (cancelled or moved since → skipped).
 */
async function booked(tx: Tx, n: VisitNotice): Promise<Message[]> {
  const when = formatWhen(n.appointment.startsAt, n.timeZone);
  const invite = ics('REQUEST', n);
  const first =
    n.change === 'booked'
      ? message(n, {
          kind: 'confirmation',
          subject: `Appointment confirmed: ${when}`,
          text: `Hello ${n.firstName},\n\nyour appointment with ${n.practitionerName} at ${n.clinicName} is confirmed for ${when}.\nThe attached invitation adds it to your calendar.${footer(n)}`,
          ics: invite,
          sendAfter: n.now,
        })
      : message(n, {
          kind: 'reschedule',
          subject: `Appointment moved to ${when}`,
          text: `Hello ${n.firstName},\n\nyour appointment with ${n.practitionerName} at ${n.clinicName} has been moved to ${when}.\nThe attached invitation updates your calendar.${footer(n)}`,
          ics: invite,
          sendAfter: n.now,
        });
  if (n.change === 'moved')
    await skipUnsentReminders(
      tx,
      n.appointment,
      n.now,
      `Appointment moved to ${when}; a reminder for the new time was written`,
    );
  return [first, ...reminders(n, when, invite)];
}

async function cancelled(tx: Tx, n: VisitNotice): Promise<Message[]> {
  const when = formatWhen(n.appointment.startsAt, n.timeZone);
  await skipUnsentReminders(
    tx,
    n.appointment,
    n.now,
    `Appointment cancelled on ${formatWhen(n.now, n.timeZone)}; not sent`,
    { allTimes: true },
  );
  return [
    message(n, {
      kind: 'cancellation',
      subject: `Appointment cancelled: ${when}`,
      text: `Hello ${n.firstName},\n\nyour appointment with ${n.practitionerName} at ${n.clinicName} on ${when} has been cancelled.\nThe attached update removes it from your calendar.${footer(n)}`,
      ics: ics('CANCEL', n),
      sendAfter: n.now,
    }),
  ];
}

function offered(n: VisitNotice): Message[] {
  const offer = n.offer;
  if (!offer) throw new Error('outbox: a waiting-list offer notice without its offer');
  const when = formatWhen(n.appointment.startsAt, n.timeZone);
  const until = formatWhen(offer.expiresAt, n.timeZone);
  return [
    message(n, {
      kind: 'waitlist-offer',
      subject: `A time is free for you: ${when}`,
      text: `Hello ${n.firstName},\n\na time you were waiting for is free: ${when} with ${n.practitionerName} at ${n.clinicName}.\nWe are holding it for you until ${until}. Sign in to the patient portal to accept or decline it; after that it is offered to the next person on the waiting list.${footer(n)}`,
      ics: null,
      sendAfter: n.now,
      waitlistOfferId: offer.id,
    }),
  ];
}

/**
 * The words of scheduling's visit notices: a booking, a move, a cancellation or a waiting-list
 * offer. Runs in the transaction of the change (registered in index.ts).
 */
export async function renderVisitNotice(tx: Tx, n: VisitNotice): Promise<Message[]> {
  switch (n.change) {
    case 'booked':
    case 'moved':
      return booked(tx, n);
    case 'cancelled':
      return cancelled(tx, n);
    case 'offered':
      return offered(n);
  }
}

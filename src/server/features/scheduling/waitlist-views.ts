import { HttpError, problemType } from '../../platform/errors.ts';
import type { AppointmentRow } from './store.ts';
import type { EntryRow, OfferRow } from './waitlist-store.ts';

/** How the waiting-list answers show an offer and an entry. */

export function offerView(o: OfferRow, a: Pick<AppointmentRow, 'startsAt' | 'endsAt'>) {
  return {
    id: o.id,
    entryId: o.entryId,
    appointmentId: o.appointmentId,
    practitionerId: o.practitionerId,
    start: a.startsAt.toISOString(),
    end: a.endsAt.toISOString(),
    status: o.status,
    offeredAt: o.offeredAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
    respondedAt: o.respondedAt?.toISOString() ?? null,
  };
}

export function entryView(e: EntryRow, typeCode: string, extra: Record<string, unknown> = {}) {
  return {
    id: e.id,
    patientId: e.patientId,
    practitionerId: e.practitionerId,
    appointmentType: typeCode,
    from: e.windowStart.toISOString(),
    to: e.windowEnd.toISOString(),
    status: e.status,
    note: e.note,
    createdAt: e.createdAt.toISOString(),
    ...extra,
  };
}

/** The answer to a reply to an offer that is no longer open. */
export const offerClosed = (o: OfferRow) =>
  new HttpError(
    409,
    'Offer no longer open',
    o.status === 'expired'
      ? 'This offer has expired and the time went to the next person waiting. You are still on the waiting list.'
      : `This offer was ${o.status}.`,
    { type: problemType('offer-closed'), extra: { offerStatus: o.status } },
  );

import type { Tx } from '../../db/connect.ts';
import { messageTemplate, type Templated } from '../../platform/outbox.ts';
import { visitFacts, type VisitFacts } from './notice-store.ts';

/**
 * A change of a visit the patient is told about, with what scheduling knows of it: the patient's
 * first name and address, the clinic, the practitioner and the time. Never the appointment type, a
 * diagnosis or anything clinical. The words are the notifications feature's (its template).
 */
export interface VisitNotice extends VisitFacts {
  change: 'booked' | 'moved' | 'cancelled' | 'offered';
  appointment: {
    id: string;
    clinicId: string;
    patientId: string;
    practitionerId: string;
    startsAt: Date;
    endsAt: Date;
  };
  /** The waiting-list offer (change `offered`). */
  offer: { id: string; expiresAt: Date } | null;
  now: Date;
}

export const VISIT_NOTICE = messageTemplate<VisitNotice>('scheduling.visit');

/** The notice of a change, to `emit` in the change's transaction. */
export async function visitNotice(
  tx: Tx,
  change: VisitNotice['change'],
  a: VisitNotice['appointment'],
  now: Date,
  offer: { id: string; expiresAt: Date } | null = null,
  /** The facts when the change's transaction has read them already (a booking's one read). */
  facts: VisitFacts | null = null,
): Promise<Templated<VisitNotice>> {
  const { id, clinicId, patientId, practitionerId, startsAt, endsAt } = a;
  const appointment = { id, clinicId, patientId, practitionerId, startsAt, endsAt };
  return {
    template: VISIT_NOTICE,
    data: {
      change,
      appointment,
      offer: offer && { id: offer.id, expiresAt: offer.expiresAt },
      now,
      ...(facts ?? (await visitFacts(tx, a))),
    },
  };
}

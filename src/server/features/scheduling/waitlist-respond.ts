import type { Tx } from '../../db/connect.ts';
import type { AuthedContext } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { OpenedContext } from '../../platform/route.ts';
import { emit } from '../../platform/outbox.ts';
import { visitNotice } from './notices.ts';
import * as store from './store.ts';
import * as waitlistStore from './waitlist-store.ts';
import { hasIntakeConsent, intakeConsentRequired } from './intake.ts';
import { BOOKING_UNIT, appointmentView, audited, noChange } from './common.ts';
import { closeOffer } from './waitlist-offer.ts';
import { entryView, offerClosed, offerView } from './waitlist-views.ts';

/**
 * The patient's (or staff's) answers to the waiting list: accept or decline an offer, or leave.
 * The route opened the entry or offer (and its patient); each answer locks its row again inside
 * its unit of work, since a racing answer or the expiry job may change it meanwhile.
 */

type EntryContext = OpenedContext<waitlistStore.EntryRow, true>;
type OfferContext = OpenedContext<waitlistStore.OfferRow, true>;

export async function leaveWaitlist(ctx: EntryContext) {
  return audited(
    ctx,
    async (tx, entry) => {
      const e = await waitlistStore.entryForUpdate(tx, ctx.user.clinicId, ctx.subject.record.id);
      if (!e) throw notFound('waiting-list entry');
      const type = await store.typeById(tx, e.appointmentTypeId);
      if (e.status === 'cancelled' || e.status === 'booked')
        noChange(entryView(e, type!.code, { offer: null }));
      const open = await waitlistStore.pendingOfferOfEntry(tx, e.id);
      if (open) await closeOffer(tx, ctx, open, 'withdrawn', 'cancelled');
      const row = await waitlistStore.setEntryStatus(tx, e.id, 'cancelled', ctx.now);
      entry.resourceId = e.id;
      entry.patientId = e.patientId;
      return entryView(row!, type!.code, { offer: null });
    },
    BOOKING_UNIT,
  );
}

/** The opened offer with its held appointment, locked for the answer that follows. */
async function lockOffer(tx: Tx, ctx: AuthedContext, id: string) {
  const row = await waitlistStore.offerForUpdate(tx, ctx.user.clinicId, id);
  if (!row) throw notFound('offer');
  return row;
}

/** Accepting turns the hold into a booking (same row, same time: nothing can have taken it). */
export async function acceptOffer(ctx: OfferContext) {
  return audited(
    ctx,
    async (tx, entry) => {
      const { o, a } = await lockOffer(tx, ctx, ctx.subject.record.id);
      const type = await store.typeById(tx, a.appointmentTypeId);
      if (o.status === 'accepted')
        noChange({ offer: offerView(o, a), appointment: appointmentView(a, type) });
      if (o.status !== 'pending') throw offerClosed(o);
      if (o.expiresAt <= ctx.now) throw offerClosed({ ...o, status: 'expired' });
      if (type!.newPatientOnly) {
        if (await store.hasAnyVisit(tx, ctx.user.clinicId, a.patientId, a.id)) {
          throw conflict(
            `“${type!.name}” is for new patients; decline this offer and book a follow-up.`,
            'new-patient-only',
          );
        }
        if (ctx.user.role === 'patient' && !(await hasIntakeConsent(tx, ctx.user.clinicId, a.patientId))) {
          throw intakeConsentRequired(a.patientId);
        }
      }
      if (ctx.user.role === 'patient') {
        const settings = await store.settingsOf(tx, ctx.user.clinicId);
        if (
          (await store.countFutureBookings(tx, ctx.user.clinicId, a.patientId, ctx.now)) >=
          settings.maxFutureBookingsPerPatient
        ) {
          throw conflict(
            `You already have ${settings.maxFutureBookingsPerPatient} upcoming appointments, the most that can be booked online. Cancel one or call the clinic.`,
            'booking-limit',
          );
        }
      }
      const booked = await store.updateAppointmentIf(tx, a.id, 'held', {
        status: 'booked',
        createdBy: ctx.user.id,
      });
      if (!booked) throw offerClosed({ ...o, status: 'withdrawn' });
      const offer = await waitlistStore.updateOffer(tx, o.id, {
        status: 'accepted',
        respondedAt: ctx.now,
        respondedBy: ctx.user.id,
      });
      await waitlistStore.setEntryStatus(tx, o.entryId, 'booked', ctx.now);
      await store.addEvent(
        tx,
        booked,
        ctx.now,
        ctx.user.id,
        'held',
        'booked',
        'waiting-list offer accepted',
        {
          offerId: o.id,
        },
      );
      await emit(tx, await visitNotice(tx, 'booked', booked, ctx.now));
      entry.resourceId = o.id;
      entry.patientId = a.patientId;
      entry.details = { appointmentId: a.id };
      return { offer: offerView(offer!, booked), appointment: appointmentView(booked, type) };
    },
    BOOKING_UNIT,
  );
}

/** Declining releases the hold and passes the time on; the patient stays on the list. */
export async function declineOffer(ctx: OfferContext) {
  return audited(
    ctx,
    async (tx, entry) => {
      const { o, a } = await lockOffer(tx, ctx, ctx.subject.record.id);
      if (o.status === 'declined') noChange({ offer: offerView(o, a) });
      if (o.status !== 'pending') throw offerClosed(o);
      await closeOffer(tx, ctx, o, 'declined', 'waiting', entry);
      const after = await waitlistStore.findOffer(tx, o.id);
      return { offer: offerView(after!, a) };
    },
    BOOKING_UNIT,
  );
}

import type { Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { accessPatient } from '../patients/service.ts';
import { emit } from '../../platform/outbox.ts';
import { visitNotice } from './notices.ts';
import * as store from './store.ts';
import * as waitlistStore from './waitlist-store.ts';
import { hasIntakeConsent, intakeConsentRequired } from './intake.ts';
import { appointmentView, bookingTx } from './common.ts';
import { closeOffer } from './waitlist-offer.ts';
import { entryView, offerClosed, offerView } from './waitlist-views.ts';

/** The patient's (or staff's) answers to the waiting list: accept or decline an offer, or leave. */

async function loadEntry(tx: Tx, ctx: AuthedContext, id: string): Promise<waitlistStore.EntryRow> {
  const e = await waitlistStore.entryForUpdate(tx, ctx.user.clinicId, id);
  if (!e) throw notFound('waiting-list entry');
  try {
    await accessPatient(tx, ctx, e.patientId);
  } catch {
    throw notFound('waiting-list entry');
  }
  return e;
}

export async function leaveWaitlist(deps: Deps, rctx: RequestContext, id: string) {
  const ctx = rctx as AuthedContext;
  return bookingTx(deps, async (tx) => {
    const e = await loadEntry(tx, ctx, id);
    const type = await store.typeById(tx, e.appointmentTypeId);
    if (e.status === 'cancelled' || e.status === 'booked') return entryView(e, type!.code, { offer: null });
    const open = await waitlistStore.pendingOfferOfEntry(tx, e.id);
    if (open) await closeOffer(tx, ctx, open, 'withdrawn', 'cancelled');
    const row = await waitlistStore.setEntryStatus(tx, e.id, 'cancelled', ctx.now);
    await writeAudit(tx, ctx, {
      action: 'waitlist.leave',
      resourceType: 'WaitlistEntry',
      resourceId: e.id,
      patientId: e.patientId,
      outcome: 'success',
    });
    return entryView(row!, type!.code, { offer: null });
  });
}

async function loadOffer(tx: Tx, ctx: AuthedContext, id: string) {
  const row = await waitlistStore.offerForUpdate(tx, ctx.user.clinicId, id);
  if (!row) throw notFound('offer');
  try {
    await accessPatient(tx, ctx, row.a.patientId);
  } catch {
    throw notFound('offer');
  }
  return row;
}

/** Accepting turns the hold into a booking (same row, same time: nothing can have taken it). */
export async function acceptOffer(deps: Deps, rctx: RequestContext, id: string) {
  const ctx = rctx as AuthedContext;
  return bookingTx(deps, async (tx) => {
    const { o, a } = await loadOffer(tx, ctx, id);
    const type = await store.typeById(tx, a.appointmentTypeId);
    if (o.status === 'accepted') return { offer: offerView(o, a), appointment: appointmentView(a, type) };
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
    await store.addEvent(tx, booked, ctx.now, ctx.user.id, 'held', 'booked', 'waiting-list offer accepted', {
      offerId: o.id,
    });
    await emit(tx, await visitNotice(tx, 'booked', booked, ctx.now));
    await writeAudit(tx, ctx, {
      action: 'waitlist.offer.accepted',
      resourceType: 'WaitlistOffer',
      resourceId: o.id,
      patientId: a.patientId,
      outcome: 'success',
      details: { appointmentId: a.id },
    });
    return { offer: offerView(offer!, booked), appointment: appointmentView(booked, type) };
  });
}

export async function declineOffer(deps: Deps, rctx: RequestContext, id: string) {
  const ctx = rctx as AuthedContext;
  return bookingTx(deps, async (tx) => {
    const { o, a } = await loadOffer(tx, ctx, id);
    if (o.status === 'declined') return { offer: offerView(o, a) };
    if (o.status !== 'pending') throw offerClosed(o);
    await closeOffer(tx, ctx, o, 'declined', 'waiting');
    const after = await waitlistStore.findOffer(tx, o.id);
    return { offer: offerView(after!, a) };
  });
}

import type { Tx } from '../../db/connect.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { EntryNote } from '../../platform/route.ts';
import { writeAudit } from '../../platform/audit.ts';
import { generateSlots } from '../../../domain/scheduling/index.ts';
import { emit } from '../../platform/outbox.ts';
import { visitNotice } from './notices.ts';
import * as store from './store.ts';
import * as waitlistStore from './waitlist-store.ts';
import type { OfferRow } from './waitlist-store.ts';
import { sqlStateOf } from './common.ts';

/**
 * The waiting list's engine: a freed time is held and offered to the first matching entry, and an
 * offer that ends (declined, expired, withdrawn) releases its hold and passes the time on.
 */

const isUniqueOrExclusion = (err: unknown) => ['23P01', '23505'].includes(sqlStateOf(err) ?? '');

/**
 * A time became free (cancel, move, declined or expired hold): offer it to the first matching
 * waiting-list entry, oldest first. The offer really reserves the time: an appointment in status
 * `held`, which the exclusion constraint treats like a booking. Runs in the caller's transaction,
 * so the cancellation, the hold and the offer's email commit together. Returns the offer id.
 */
export async function offerFreedSlot(
  tx: Tx,
  ctx: RequestContext,
  freed: { clinicId: string; practitionerId: string; start: Date; end: Date; excludePatientId?: string },
): Promise<string | null> {
  const now = ctx.now;
  // Nothing in the past is offered: a no-show or a visit already under way frees nothing.
  if (freed.start <= now) return null;
  const p = await store.findPractitioner(tx, freed.practitionerId, freed.clinicId);
  if (!p) return null;
  await store.lockSchedule(tx, p.id);
  const candidates = await waitlistStore.entriesWaitingFor(tx, { ...freed, practitionerId: p.id }, 25);
  if (candidates.length === 0) return null;
  const settings = await store.settingsOf(tx, freed.clinicId);
  for (const entry of candidates) {
    const type = await store.activeTypeById(tx, entry.appointmentTypeId);
    if (!type) continue;
    // An entry is offered a given time once: after a decline or expiry that time goes to the next entry.
    const before = await waitlistStore.offeredStarts(tx, entry.id, p.id, freed.start, freed.end);
    const offeredBefore = new Set(before.map((start) => start.getTime()));
    const schedule = await store.loadSchedule(tx, p, type, { start: freed.start, end: freed.end }, now);
    const from = new Date(Math.max(freed.start.getTime(), entry.windowStart.getTime()));
    const to = new Date(Math.min(freed.end.getTime(), entry.windowEnd.getTime()));
    const slot = generateSlots({ ...schedule, from, to }).find((s) => !offeredBefore.has(s.start.getTime()));
    if (!slot) continue;
    const expiresAt = new Date(
      Math.min(now.getTime() + settings.waitlistHoldMinutes * 60_000, slot.start.getTime()),
    );
    let held: store.AppointmentRow;
    let offer: OfferRow;
    try {
      // A savepoint: if a racing booking took the time meanwhile, the caller's transaction survives.
      ({ held, offer } = await tx.transaction(async (sp) => {
        const h = await store.insertAppointment(sp, {
          clinicId: freed.clinicId,
          practitionerId: p.id,
          patientId: entry.patientId,
          appointmentTypeId: type.id,
          startsAt: slot.start,
          endsAt: slot.end,
          blockStart: new Date(slot.start.getTime() - type.bufferBeforeMinutes * 60_000),
          blockEnd: new Date(slot.end.getTime() + type.bufferAfterMinutes * 60_000),
          status: 'held',
          source: 'waitlist',
          createdAt: now,
          createdBy: ctx.user?.id ?? null,
        });
        const o = await waitlistStore.insertOffer(sp, {
          clinicId: freed.clinicId,
          entryId: entry.id,
          appointmentId: h!.id,
          practitionerId: p.id,
          slotStart: slot.start,
          offeredAt: now,
          expiresAt,
          status: 'pending',
        });
        return { held: h!, offer: o };
      }));
    } catch (err) {
      if (isUniqueOrExclusion(err)) continue;
      throw err;
    }
    await waitlistStore.setEntryStatus(tx, entry.id, 'offered', now);
    await store.addEvent(tx, held, now, ctx.user?.id ?? null, null, 'held', 'waiting-list offer', {
      offerId: offer.id,
      expiresAt: expiresAt.toISOString(),
    });
    await emit(tx, await visitNotice(tx, 'offered', held, now, offer));
    await writeAudit(tx, ctx, {
      clinicId: freed.clinicId,
      action: 'waitlist.offer',
      resourceType: 'WaitlistOffer',
      resourceId: offer.id,
      patientId: entry.patientId,
      outcome: 'success',
      details: { appointmentId: held.id, expiresAt: expiresAt.toISOString() },
    });
    return offer.id;
  }
  return null;
}

/**
 * Ends an open offer: the hold is released and the time goes to the next matching entry. The
 * offer's end is audited as `waitlist.offer.<outcome>`; when that is the route's own entry (a
 * decline), pass the route's `entry` and its unit of work records it.
 */
export async function closeOffer(
  tx: Tx,
  ctx: RequestContext,
  offer: OfferRow,
  outcome: 'declined' | 'expired' | 'withdrawn',
  entryStatus: 'waiting' | 'cancelled',
  entry?: EntryNote,
) {
  const now = ctx.now;
  // The hold is released and re-offered: the schedule lock comes before any write (see lockSchedule).
  await store.lockSchedule(tx, offer.practitionerId);
  await waitlistStore.updateOffer(tx, offer.id, {
    status: outcome,
    respondedAt: now,
    respondedBy: ctx.user?.id ?? null,
  });
  const released = await store.updateAppointmentIf(tx, offer.appointmentId, 'held', {
    status: 'released',
    cancelledAt: now,
    cancelReason: `waiting-list offer ${outcome}`,
  });
  await waitlistStore.setEntryStatus(tx, offer.entryId, entryStatus, now);
  if (released) {
    await store.addEvent(tx, released, now, ctx.user?.id ?? null, 'held', 'released', `offer ${outcome}`, {
      offerId: offer.id,
    });
  }
  if (entry) {
    entry.resourceId = offer.id;
    entry.patientId = released?.patientId ?? null;
  } else {
    await writeAudit(tx, ctx, {
      clinicId: offer.clinicId,
      action: `waitlist.offer.${outcome}`,
      resourceType: 'WaitlistOffer',
      resourceId: offer.id,
      patientId: released?.patientId ?? null,
      outcome: 'success',
    });
  }
  if (released) {
    await offerFreedSlot(tx, ctx, {
      clinicId: offer.clinicId,
      practitionerId: released.practitionerId,
      start: released.startsAt,
      end: released.endsAt,
    });
  }
}

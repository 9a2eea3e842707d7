import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, or } from 'drizzle-orm';
import type { Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { HttpError, badRequest, conflict, notFound, problemType } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { clinics, patients } from '../../db/schema.ts';
import { generateSlots } from '../../../domain/scheduling/index.ts';
import { accessPatient, listPatientScope, visiblePatients } from '../patients/service.ts';
import { emit } from '../../platform/outbox.ts';
import { visitNotice } from './notices.ts';
import { appointments, appointmentTypes, waitlistEntries, waitlistOffers } from './tables.ts';
import * as store from './store.ts';
import { hasIntakeConsent, intakeConsentRequired } from './intake.ts';
import { appointmentView, bookingTx, parseWindow, sqlStateOf } from './common.ts';

/** A patient may wait for at most this many things at once (anti-hoarding). */
export const MAX_ACTIVE_ENTRIES_PER_PATIENT = 5;
const MAX_WINDOW_DAYS = 92;

type EntryRow = typeof waitlistEntries.$inferSelect;
type OfferRow = typeof waitlistOffers.$inferSelect;

const isUniqueOrExclusion = (err: unknown) => ['23P01', '23505'].includes(sqlStateOf(err) ?? '');

/** The job runner's identity in audit entries: no user, the clinic given explicitly. */
export function systemContext(now: Date, label = 'jobs'): RequestContext {
  return {
    requestId: `${label}:${randomUUID()}`,
    user: null,
    via: 'anonymous',
    ip: '127.0.0.1',
    userAgent: `stillpoint ${label}`,
    now,
  };
}

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
  // SKIP LOCKED: two frees at once offer to two different entries instead of waiting on each other.
  const candidates = await tx
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.clinicId, freed.clinicId),
        eq(waitlistEntries.status, 'waiting'),
        or(isNull(waitlistEntries.practitionerId), eq(waitlistEntries.practitionerId, p.id)),
        lt(waitlistEntries.windowStart, freed.end),
        gt(waitlistEntries.windowEnd, freed.start),
        freed.excludePatientId ? ne(waitlistEntries.patientId, freed.excludePatientId) : undefined,
      ),
    )
    .orderBy(asc(waitlistEntries.seq))
    .limit(25)
    .for('update', { skipLocked: true });
  if (candidates.length === 0) return null;
  const settings = await store.settingsOf(tx, freed.clinicId);
  for (const entry of candidates) {
    const [type] = await tx
      .select()
      .from(appointmentTypes)
      .where(and(eq(appointmentTypes.id, entry.appointmentTypeId), eq(appointmentTypes.active, true)));
    if (!type) continue;
    // An entry is offered a given time once: after a decline or expiry that time goes to the next entry.
    const before = await tx
      .select({ start: waitlistOffers.slotStart })
      .from(waitlistOffers)
      .where(
        and(
          eq(waitlistOffers.entryId, entry.id),
          eq(waitlistOffers.practitionerId, p.id),
          gte(waitlistOffers.slotStart, freed.start),
          lt(waitlistOffers.slotStart, freed.end),
        ),
      );
    const offeredBefore = new Set(before.map((b) => b.start.getTime()));
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
        const [h] = await sp
          .insert(appointments)
          .values({
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
          })
          .returning();
        const [o] = await sp
          .insert(waitlistOffers)
          .values({
            clinicId: freed.clinicId,
            entryId: entry.id,
            appointmentId: h!.id,
            practitionerId: p.id,
            slotStart: slot.start,
            offeredAt: now,
            expiresAt,
            status: 'pending',
          })
          .returning();
        return { held: h!, offer: o! };
      }));
    } catch (err) {
      if (isUniqueOrExclusion(err)) continue;
      throw err;
    }
    await tx
      .update(waitlistEntries)
      .set({ status: 'offered', updatedAt: now })
      .where(eq(waitlistEntries.id, entry.id));
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

/** Ends an open offer: the hold is released and the time goes to the next matching entry. */
async function closeOffer(
  tx: Tx,
  ctx: RequestContext,
  offer: OfferRow,
  outcome: 'declined' | 'expired' | 'withdrawn',
  entryStatus: 'waiting' | 'cancelled',
) {
  const now = ctx.now;
  // The hold is released and re-offered: the schedule lock comes before any write (see lockSchedule).
  await store.lockSchedule(tx, offer.practitionerId);
  await tx
    .update(waitlistOffers)
    .set({ status: outcome, respondedAt: now, respondedBy: ctx.user?.id ?? null })
    .where(eq(waitlistOffers.id, offer.id));
  const [released] = await tx
    .update(appointments)
    .set({ status: 'released', cancelledAt: now, cancelReason: `waiting-list offer ${outcome}` })
    .where(and(eq(appointments.id, offer.appointmentId), eq(appointments.status, 'held')))
    .returning();
  await tx
    .update(waitlistEntries)
    .set({ status: entryStatus, updatedAt: now })
    .where(eq(waitlistEntries.id, offer.entryId));
  if (released) {
    await store.addEvent(tx, released, now, ctx.user?.id ?? null, 'held', 'released', `offer ${outcome}`, {
      offerId: offer.id,
    });
  }
  await writeAudit(tx, ctx, {
    clinicId: offer.clinicId,
    action: `waitlist.offer.${outcome}`,
    resourceType: 'WaitlistOffer',
    resourceId: offer.id,
    patientId: released?.patientId ?? null,
    outcome: 'success',
  });
  if (released) {
    await offerFreedSlot(tx, ctx, {
      clinicId: offer.clinicId,
      practitionerId: released.practitionerId,
      start: released.startsAt,
      end: released.endsAt,
    });
  }
}

/**
 * The job runner's part: offers whose hold has run out are released and passed on. Each offer is
 * handled in its own short transaction, claimed with SKIP LOCKED so app instances share the work.
 */
export async function expireHolds(
  deps: Pick<Deps, 'db'> & { log: Pick<Deps['log'], 'warn'> },
  opts: { now: Date; clinicId?: string; limit?: number },
): Promise<number> {
  let done = 0;
  const limit = opts.limit ?? 100;
  while (done < limit) {
    // bookingTx: releasing a hold re-offers the time under the schedule lock; a deadlock or
    // serialization failure is retried, never a failed pass.
    const handled = await bookingTx(deps, async (tx) => {
      const [offer] = await tx
        .select()
        .from(waitlistOffers)
        .where(
          and(
            eq(waitlistOffers.status, 'pending'),
            lte(waitlistOffers.expiresAt, opts.now),
            opts.clinicId ? eq(waitlistOffers.clinicId, opts.clinicId) : undefined,
          ),
        )
        .orderBy(asc(waitlistOffers.expiresAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!offer) return false;
      await closeOffer(tx, systemContext(opts.now), offer, 'expired', 'waiting');
      return true;
    });
    if (!handled) break;
    done++;
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// Routes' use cases

export interface JoinInput {
  patientId?: string | null;
  practitionerId?: string | null;
  appointmentType: string;
  from: string;
  to: string;
  note?: string | null;
}

function offerView(o: OfferRow, a: Pick<store.AppointmentRow, 'startsAt' | 'endsAt'>) {
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

function entryView(e: EntryRow, typeCode: string, extra: Record<string, unknown> = {}) {
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

export async function joinWaitlist(deps: Deps, rctx: RequestContext, input: JoinInput) {
  const ctx = rctx as AuthedContext;
  const { user } = ctx;
  if (user.role === 'patient' && input.patientId && input.patientId !== user.patientId)
    throw notFound('patient');
  const patientId = user.role === 'patient' ? user.patientId : input.patientId;
  if (!patientId) {
    throw badRequest('Say which patient is waiting (patientId).', [
      { path: 'patientId', message: 'Required for staff' },
    ]);
  }
  return deps.db.transaction(async (tx) => {
    await accessPatient(tx, ctx, patientId);
    const type = await store.findType(tx, user.clinicId, input.appointmentType);
    if (!type || (user.role === 'patient' && !type.bookableOnline)) throw notFound('appointment type');
    let zone: string;
    if (input.practitionerId) {
      const p = await store.findPractitioner(tx, input.practitionerId, user.clinicId);
      if (!p) throw notFound('practitioner');
      zone = p.timeZone;
    } else {
      const [c] = await tx.select().from(clinics).where(eq(clinics.id, user.clinicId));
      zone = c!.timeZone;
    }
    const w = parseWindow(input.from, input.to, zone);
    if (!(w.end > w.start))
      throw badRequest('`to` must be after `from`.', [{ path: 'to', message: 'Must be after from' }]);
    if (w.end <= ctx.now)
      throw badRequest('The window is already over; choose dates in the future.', [
        { path: 'to', message: 'Must be in the future' },
      ]);
    if (w.end.getTime() - w.start.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
      throw badRequest(`Wait for at most ${MAX_WINDOW_DAYS} days at a time.`, [
        { path: 'to', message: `At most ${MAX_WINDOW_DAYS} days after from` },
      ]);
    }
    if (type.newPatientOnly && (await store.hasAnyVisit(tx, user.clinicId, patientId))) {
      throw conflict(
        `“${type.name}” is for new patients; wait for a follow-up type instead.`,
        'new-patient-only',
      );
    }
    if (
      type.newPatientOnly &&
      user.role === 'patient' &&
      !(await hasIntakeConsent(tx, user.clinicId, patientId))
    ) {
      throw intakeConsentRequired(patientId);
    }
    const active = await tx
      .select({ id: waitlistEntries.id })
      .from(waitlistEntries)
      .where(
        and(
          eq(waitlistEntries.clinicId, user.clinicId),
          eq(waitlistEntries.patientId, patientId),
          inArray(waitlistEntries.status, ['waiting', 'offered']),
          gt(waitlistEntries.windowEnd, ctx.now),
        ),
      );
    if (active.length >= MAX_ACTIVE_ENTRIES_PER_PATIENT) {
      throw conflict(
        `This patient is already on the waiting list ${MAX_ACTIVE_ENTRIES_PER_PATIENT} times, the most at once. Leave an entry first.`,
        'waitlist-limit',
      );
    }
    const [row] = await tx
      .insert(waitlistEntries)
      .values({
        clinicId: user.clinicId,
        patientId,
        practitionerId: input.practitionerId ?? null,
        appointmentTypeId: type.id,
        windowStart: w.start,
        windowEnd: w.end,
        status: 'waiting',
        note: input.note ?? null,
        createdAt: ctx.now,
        createdBy: user.id,
        updatedAt: ctx.now,
      })
      .returning();
    await writeAudit(tx, ctx, {
      action: 'waitlist.join',
      resourceType: 'WaitlistEntry',
      resourceId: row!.id,
      patientId,
      outcome: 'success',
    });
    return entryView(row!, type.code, { offer: null });
  });
}

/** Restricted records stay out of staff lists unless the caller is an admin or on the care team. */
export async function listWaitlist(
  deps: Deps,
  rctx: RequestContext,
  q: { status?: string; patientId?: string; practitionerId?: string },
) {
  const ctx = rctx as AuthedContext;
  const patientId = listPatientScope(ctx, q.patientId);
  return deps.db.transaction(async (tx) => {
    if (patientId) await accessPatient(tx, ctx, patientId);
    const rows = await tx
      .select({
        e: waitlistEntries,
        code: appointmentTypes.code,
        given: patients.givenName,
        family: patients.familyName,
      })
      .from(waitlistEntries)
      .innerJoin(appointmentTypes, eq(appointmentTypes.id, waitlistEntries.appointmentTypeId))
      .innerJoin(patients, eq(patients.id, waitlistEntries.patientId))
      .where(
        and(
          eq(waitlistEntries.clinicId, ctx.user.clinicId),
          patientId ? eq(waitlistEntries.patientId, patientId) : undefined,
          q.practitionerId
            ? or(eq(waitlistEntries.practitionerId, q.practitionerId), isNull(waitlistEntries.practitionerId))
            : undefined,
          q.status ? eq(waitlistEntries.status, q.status) : undefined,
          visiblePatients(ctx),
        ),
      )
      .orderBy(asc(waitlistEntries.seq))
      .limit(500);
    const ids = rows.map((r) => r.e.id);
    const offers = ids.length
      ? await tx
          .select({ o: waitlistOffers, startsAt: appointments.startsAt, endsAt: appointments.endsAt })
          .from(waitlistOffers)
          .innerJoin(appointments, eq(appointments.id, waitlistOffers.appointmentId))
          .where(and(inArray(waitlistOffers.entryId, ids), eq(waitlistOffers.status, 'pending')))
      : [];
    await writeAudit(tx, ctx, {
      action: 'waitlist.search',
      resourceType: 'WaitlistEntry',
      patientId: patientId ?? null,
      outcome: 'success',
      details: { resultCount: rows.length },
    });
    return rows.map((r) => {
      const o = offers.find((x) => x.o.entryId === r.e.id);
      return entryView(r.e, r.code, {
        patientName: `${r.given} ${r.family}`,
        offer: o ? offerView(o.o, o) : null,
      });
    });
  });
}

async function loadEntry(tx: Tx, ctx: AuthedContext, id: string): Promise<EntryRow> {
  const [e] = await tx
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.clinicId, ctx.user.clinicId), eq(waitlistEntries.id, id)))
    .for('update');
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
    const [type] = await tx
      .select()
      .from(appointmentTypes)
      .where(eq(appointmentTypes.id, e.appointmentTypeId));
    if (e.status === 'cancelled' || e.status === 'booked') return entryView(e, type!.code, { offer: null });
    const [open] = await tx
      .select()
      .from(waitlistOffers)
      .where(and(eq(waitlistOffers.entryId, e.id), eq(waitlistOffers.status, 'pending')))
      .for('update');
    if (open) await closeOffer(tx, ctx, open, 'withdrawn', 'cancelled');
    const [row] = await tx
      .update(waitlistEntries)
      .set({ status: 'cancelled', updatedAt: ctx.now })
      .where(eq(waitlistEntries.id, e.id))
      .returning();
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

export async function listOffers(
  deps: Deps,
  rctx: RequestContext,
  q: { status?: string; patientId?: string },
) {
  const ctx = rctx as AuthedContext;
  const patientId = listPatientScope(ctx, q.patientId);
  return deps.db.transaction(async (tx) => {
    if (patientId) await accessPatient(tx, ctx, patientId);
    const rows = await tx
      .select({
        o: waitlistOffers,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        patientId: appointments.patientId,
        given: patients.givenName,
        family: patients.familyName,
      })
      .from(waitlistOffers)
      .innerJoin(appointments, eq(appointments.id, waitlistOffers.appointmentId))
      .innerJoin(patients, eq(patients.id, appointments.patientId))
      .where(
        and(
          eq(waitlistOffers.clinicId, ctx.user.clinicId),
          patientId ? eq(appointments.patientId, patientId) : undefined,
          q.status ? eq(waitlistOffers.status, q.status) : undefined,
          visiblePatients(ctx),
        ),
      )
      .orderBy(desc(waitlistOffers.offeredAt))
      .limit(500);
    await writeAudit(tx, ctx, {
      action: 'waitlist.offers.search',
      resourceType: 'WaitlistOffer',
      patientId: patientId ?? null,
      outcome: 'success',
      details: { resultCount: rows.length },
    });
    return rows.map((r) => ({
      ...offerView(r.o, r),
      patientId: r.patientId,
      patientName: `${r.given} ${r.family}`,
    }));
  });
}

async function loadOffer(tx: Tx, ctx: AuthedContext, id: string) {
  const [row] = await tx
    .select({ o: waitlistOffers, a: appointments })
    .from(waitlistOffers)
    .innerJoin(appointments, eq(appointments.id, waitlistOffers.appointmentId))
    .where(and(eq(waitlistOffers.clinicId, ctx.user.clinicId), eq(waitlistOffers.id, id)))
    .for('update');
  if (!row) throw notFound('offer');
  try {
    await accessPatient(tx, ctx, row.a.patientId);
  } catch {
    throw notFound('offer');
  }
  return row;
}

const offerClosed = (o: OfferRow) =>
  new HttpError(
    409,
    'Offer no longer open',
    o.status === 'expired'
      ? 'This offer has expired and the time went to the next person waiting. You are still on the waiting list.'
      : `This offer was ${o.status}.`,
    { type: problemType('offer-closed'), extra: { offerStatus: o.status } },
  );

/** Accepting turns the hold into a booking (same row, same time: nothing can have taken it). */
export async function acceptOffer(deps: Deps, rctx: RequestContext, id: string) {
  const ctx = rctx as AuthedContext;
  return bookingTx(deps, async (tx) => {
    const { o, a } = await loadOffer(tx, ctx, id);
    const [type] = await tx
      .select()
      .from(appointmentTypes)
      .where(eq(appointmentTypes.id, a.appointmentTypeId));
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
    const [booked] = await tx
      .update(appointments)
      .set({ status: 'booked', createdBy: ctx.user.id })
      .where(and(eq(appointments.id, a.id), eq(appointments.status, 'held')))
      .returning();
    if (!booked) throw offerClosed({ ...o, status: 'withdrawn' });
    const [offer] = await tx
      .update(waitlistOffers)
      .set({ status: 'accepted', respondedAt: ctx.now, respondedBy: ctx.user.id })
      .where(eq(waitlistOffers.id, o.id))
      .returning();
    await tx
      .update(waitlistEntries)
      .set({ status: 'booked', updatedAt: ctx.now })
      .where(eq(waitlistEntries.id, o.entryId));
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
    const [after] = await tx.select().from(waitlistOffers).where(eq(waitlistOffers.id, o.id));
    return { offer: offerView(after!, a) };
  });
}

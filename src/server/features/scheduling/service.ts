import { randomUUID } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { HttpError, conflict, notFound, problemType } from '../../platform/errors.ts';
import { withIdempotency } from '../../platform/idempotency.ts';
import {
  limitedPatient,
  listPatientScope,
  openFoundPatient,
  openPatient,
  wholeColumn,
  type PatientRow,
} from '../../platform/access.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import { generateSlots, isSlotAvailable } from '../../../domain/scheduling/index.ts';
import type { AppointmentStatus } from './tables.ts';
import {
  BOOKING_UNIT,
  appointmentView,
  audited,
  noChange,
  outsideRoute,
  parseWindow,
  slotTaken,
} from './common.ts';
import * as store from './store.ts';
import { emit, outboxRows } from '../../platform/outbox.ts';
import { visitNotice } from './notices.ts';
import { hasIntakeConsent, intakeConsentRequired } from './intake.ts';
import { offerFreedSlot } from './waitlist.ts';

export { appointmentView, bookingTx, outsideRoute, parseWindow } from './common.ts';

/** The context of a route that opened an appointment (`ctx.subject.record` is its row). */
export type AppointmentContext = OpenedContext<store.AppointmentRow, true>;

/** What a booking is audited as (the route declares it; callers outside a route get the same). */
export const BOOK_AUDIT = { action: 'appointment.book', resourceType: 'Appointment' };

const MAX_WINDOW_DAYS = 31;

export async function availability(
  deps: Deps,
  ctx: RequestContext,
  q: { practitionerId: string; appointmentType: string; from: string; to?: string },
) {
  const p = await store.findPractitioner(deps.db, q.practitionerId, ctx.user?.clinicId);
  if (!p) throw notFound('practitioner');
  const type = await store.findType(deps.db, p.clinicId, q.appointmentType);
  const staff = ctx.user && ctx.user.role !== 'patient';
  if (!type || (!type.bookableOnline && !staff)) throw notFound('appointment type bookable online');
  const window = parseWindow(q.from, q.to, p.timeZone);
  if (!(window.end > window.start))
    throw new HttpError(400, 'Invalid request', '`to` must be after `from`.', {
      type: problemType('validation'),
      errors: [{ path: 'query/to', message: 'Must be after from' }],
    });
  if (window.end.getTime() - window.start.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw new HttpError(400, 'Invalid request', `Ask for at most ${MAX_WINDOW_DAYS} days at a time.`, {
      type: problemType('validation'),
      errors: [{ path: 'query/to', message: `At most ${MAX_WINDOW_DAYS} days after from` }],
    });
  }
  const schedule = await store.loadSchedule(deps.db, p, type, window, ctx.now);
  // Staff may book inside the online minimum notice (a patient on the phone); the horizon still applies.
  if (staff) schedule.type = { ...schedule.type, minNoticeMinutes: 0 };
  const slots = generateSlots({ ...schedule, from: window.start, to: window.end });
  return {
    practitionerId: p.id,
    timeZone: p.timeZone,
    appointmentType: type.code,
    durationMinutes: type.durationMinutes,
    slots: slots.map((s) => ({
      start: s.start.toISOString(),
      end: s.end.toISOString(),
      practitionerId: p.id,
    })),
  };
}

export interface BookInput {
  practitionerId: string;
  appointmentType: string;
  start: string;
  patientId?: string | null;
  reason?: string | null;
  painScore?: number | null;
}

/**
 * Books an appointment for `input.patientId` (staff) or the patient themself, once per idempotency
 * key. The route's context books in its audited unit of work; the demo seed and tests may pass a
 * plain signed-in context and get the same transaction and entry.
 */
export async function book(
  deps: Deps,
  caller: SignedInContext | RequestContext,
  input: BookInput,
  idemKey: string,
) {
  const ctx = 'work' in caller ? caller : outsideRoute(deps, caller, BOOK_AUDIT);
  const { user } = ctx;
  const patientId = user.role === 'patient' ? user.patientId : input.patientId;
  if (user.role === 'patient' && input.patientId && input.patientId !== user.patientId)
    throw notFound('patient');
  if (!patientId) {
    throw new HttpError(400, 'Invalid request', 'Say which patient the appointment is for (patientId).', {
      type: problemType('validation'),
      errors: [{ path: 'patientId', message: 'Required for staff bookings' }],
    });
  }
  const start = new Date(input.start);
  return audited(
    ctx,
    async (tx, entry, success) => {
      let named: PatientRow | null = null;
      const res = await withIdempotency(
        tx,
        ctx,
        idemKey,
        { ...input, patientId },
        201,
        async () => {
          // The patient is named by the body, not the route: it opens here, under the same rule.
          await openFoundPatient(tx, ctx, named);
          // The claim took the schedule lock; everything the booking checks is read now, in one
          // statement that sees every clash committed before the lock was granted.
          const facts = await store.loadBookingFacts(tx, {
            clinicId: user.clinicId,
            practitionerId: input.practitionerId,
            typeCode: input.appointmentType,
            patientId,
            start,
            now: ctx.now,
          });
          const { practitioner: p, type, settings } = facts;
          if (!p) throw notFound('practitioner');
          if (!type || (user.role === 'patient' && !type.bookableOnline)) throw notFound('appointment type');
          if (user.role === 'patient' && facts.futureBookings >= settings.maxFutureBookingsPerPatient) {
            throw conflict(
              `You already have ${settings.maxFutureBookingsPerPatient} upcoming appointments, the most that can be booked online. Cancel one or call the clinic.`,
              'booking-limit',
            );
          }
          if (type.newPatientOnly && facts.hasVisit) {
            throw conflict(
              `“${type.name}” is for new patients; book a follow-up type instead.`,
              'new-patient-only',
            );
          }
          // A patient booking a first visit online accepts the intake consent first (staff collect it in person).
          if (
            type.newPatientOnly &&
            user.role === 'patient' &&
            !(await hasIntakeConsent(tx, user.clinicId, patientId))
          ) {
            throw intakeConsentRequired(patientId);
          }
          const schedule = store.scheduleOf(facts.parts, p.timeZone, type, ctx.now);
          if (user.role !== 'patient') schedule.type = { ...schedule.type, minNoticeMinutes: 0 };
          const check = isSlotAvailable(schedule, start);
          if (!check.ok) throw slotTaken(check.reason);
          const values = {
            id: randomUUID(),
            clinicId: user.clinicId,
            practitionerId: p.id,
            patientId,
            appointmentTypeId: type.id,
            startsAt: check.slot.start,
            endsAt: check.slot.end,
            blockStart: new Date(check.slot.start.getTime() - type.bufferBeforeMinutes * 60_000),
            blockEnd: new Date(check.slot.end.getTime() + type.bufferAfterMinutes * 60_000),
            status: 'booked',
            source: user.role === 'patient' ? 'online' : 'staff',
            createdAt: ctx.now,
            createdBy: user.id,
            reason: input.reason || null,
            painScore: input.painScore ?? null,
          };
          // Confirmation and reminders are queued by the booking's own insert: they commit (or
          // roll back, or fail on a clash) with it.
          const messages = await outboxRows(
            tx,
            await visitNotice(tx, 'booked', values, ctx.now, null, facts.notice),
          );
          const row = await store.insertAppointmentWithEvent(
            tx,
            values,
            { at: ctx.now, byUserId: user.id },
            messages,
          );
          entry.resourceId = row.id;
          entry.patientId = patientId;
          return appointmentView(row, type);
        },
        // The booking's entry is stored with its kept answer, in one statement.
        success,
        // The key's claim, the schedule lock (on the id as the database spells it, as every other
        // holder takes it) and the named patient's row are one statement (store.claimAndOpen).
        async (q, claim) => {
          const found = await store.claimAndOpen(q, {
            ...claim,
            clinicId: user.clinicId,
            patientId,
            practitionerId: input.practitionerId.toLowerCase(),
          });
          named = found.patient;
          return found.claimed;
        },
      );
      // A replay answers what the first request answered; it booked nothing.
      if (res.replayed) noChange(res);
      return res;
    },
    BOOKING_UNIT,
  );
}

/**
 * Cancels the opened appointment; the freed time goes to the waiting list in the same transaction.
 * Cancelling again is harmless (nothing is recorded as changed).
 */
export async function cancel(ctx: AppointmentContext, reason: string | null) {
  const seen = ctx.subject.record;
  return audited(
    ctx,
    async (tx, entry) => {
      await store.lockSchedule(tx, seen.practitionerId);
      // Read again under the lock: a racing cancel or move may have changed it meanwhile.
      const a = (await store.findAppointment(tx, ctx.user.clinicId, seen.id)) ?? seen;
      const type = await store.typeById(tx, a.appointmentTypeId);
      if (a.status === 'cancelled') noChange(appointmentView(a, type));
      if (a.status === 'held')
        throw conflict('This time is held for a waiting-list offer: accept or decline the offer instead.');
      if (a.status !== 'booked') throw conflict(`An appointment that is ${a.status} cannot be cancelled.`);
      const settings = await store.settingsOf(tx, ctx.user.clinicId);
      const late = a.startsAt.getTime() - ctx.now.getTime() < settings.lateCancelHours * 3600_000;
      const row = await store.updateAppointmentIf(tx, a.id, a.status, {
        status: 'cancelled',
        cancelledAt: ctx.now,
        cancelReason: reason,
        lateCancellation: late,
      });
      if (!row) throw conflict('The appointment changed meanwhile; reload it and try again.');
      await store.addEvent(tx, a, ctx.now, ctx.user.id, a.status, 'cancelled', reason, {
        lateCancellation: late,
      });
      await emit(tx, await visitNotice(tx, 'cancelled', row, ctx.now));
      // The freed time goes to the first matching waiting-list entry, in this same transaction.
      await offerFreedSlot(tx, ctx, {
        clinicId: a.clinicId,
        practitionerId: a.practitionerId,
        start: a.startsAt,
        end: a.endsAt,
        excludePatientId: a.patientId,
      });
      entry.resourceId = a.id;
      entry.details = { lateCancellation: late };
      return appointmentView(row, type);
    },
    BOOKING_UNIT,
  );
}

/** Moves an appointment in one transaction: the new time is validated and taken while the old one is released. */
export async function reschedule(ctx: AppointmentContext, startIso: string) {
  const seen = ctx.subject.record;
  const start = new Date(startIso);
  return audited(
    ctx,
    async (tx, entry) => {
      await store.lockSchedule(tx, seen.practitionerId);
      // Read again under the lock: a racing cancel or move may have changed it meanwhile.
      const a = (await store.findAppointment(tx, ctx.user.clinicId, seen.id)) ?? seen;
      if (a.status !== 'booked') throw conflict(`An appointment that is ${a.status} cannot be moved.`);
      const type = await store.typeById(tx, a.appointmentTypeId);
      const p = await store.findPractitioner(tx, a.practitionerId, ctx.user.clinicId);
      if (!p || !type) throw notFound('appointment');
      const schedule = await store.loadSchedule(tx, p, type, { start, end: start }, ctx.now, a.id);
      if (ctx.user.role !== 'patient') schedule.type = { ...schedule.type, minNoticeMinutes: 0 };
      const check = isSlotAvailable(schedule, start);
      if (!check.ok) throw slotTaken(check.reason);
      const row = await store.updateAppointmentIf(tx, a.id, a.status, {
        startsAt: check.slot.start,
        endsAt: check.slot.end,
        blockStart: new Date(check.slot.start.getTime() - type.bufferBeforeMinutes * 60_000),
        blockEnd: new Date(check.slot.end.getTime() + type.bufferAfterMinutes * 60_000),
      });
      if (!row) throw conflict('The appointment changed meanwhile; reload it and try again.');
      await store.addEvent(tx, a, ctx.now, ctx.user.id, 'booked', 'booked', 'rescheduled', {
        from: a.startsAt.toISOString(),
        to: check.slot.start.toISOString(),
      });
      await emit(tx, await visitNotice(tx, 'moved', row, ctx.now));
      await offerFreedSlot(tx, ctx, {
        clinicId: a.clinicId,
        practitionerId: a.practitionerId,
        start: a.startsAt,
        end: a.endsAt,
        excludePatientId: a.patientId,
      });
      entry.resourceId = a.id;
      return appointmentView(row, type);
    },
    BOOKING_UNIT,
  );
}

export async function getAppointment(ctx: AppointmentContext) {
  const a = ctx.subject.record;
  return ctx.work(async (tx, entry) => {
    const type = await store.typeById(tx, a.appointmentTypeId);
    const events = await store.listEvents(tx, ctx.user.clinicId, a.id);
    const visit =
      ctx.user.role === 'patient' ? null : await store.noteOfAppointment(tx, ctx.user.clinicId, a.id);
    const note = visit ? { encounterId: visit.id, status: visit.status } : null;
    entry.resourceId = a.id;
    return {
      ...appointmentView(a, type),
      ...(ctx.user.role === 'patient' ? {} : { note }),
      history: events.map((e) => ({
        at: e.at.toISOString(),
        byUserId: e.byUserId,
        from: e.fromStatus,
        to: e.toStatus,
        note: e.note,
      })),
    };
  });
}

/**
 * The clinic's appointments (a patient: their own). Staff outside a restricted patient's care team
 * see that patient's appointments too — the schedule shows the time as taken — but of the patient
 * only the limited view (name, date of birth, restricted): no reason for the visit, pain score or
 * visit note. Filtering by one patient opens that patient's record first (the same rule as opening
 * it), and then shows their appointments in full.
 */
export async function listAppointments(
  ctx: SignedInContext,
  q: { from?: Date; to?: Date; practitionerId?: string; patientId?: string; status?: string },
) {
  const patientId = listPatientScope(ctx, q.patientId);
  return ctx.work(async (tx, entry) => {
    if (patientId) await openPatient(tx, ctx, patientId);
    const rows = await store.listAppointments(
      tx,
      ctx.user.clinicId,
      { patientId, practitionerId: q.practitionerId, status: q.status, from: q.from, to: q.to },
      wholeColumn(ctx, !!patientId),
    );
    entry.patientId = patientId ?? null;
    entry.details = { resultCount: rows.length };
    const staff = ctx.user.role !== 'patient';
    return rows.map((r) => {
      const view = {
        ...appointmentView(r.a, { code: r.code, name: r.typeName }),
        patientName: `${r.given} ${r.family}`,
        // Staff see whether the visit still needs a signed note.
        ...(staff
          ? {
              note: r.noteId ? { encounterId: r.noteId, status: r.noteStatus as 'draft' | 'signed' } : null,
            }
          : {}),
      };
      if (r.whole) return view;
      const patient = limitedPatient({
        id: r.a.patientId,
        givenName: r.given,
        familyName: r.family,
        birthDate: r.birthDate,
      });
      return { ...view, reason: null, painScore: null, note: null, patient };
    });
  });
}

export type StaffStatus = 'checked-in' | 'completed' | 'no-show';

/** Which statuses may move to which, and from when (relative to the appointment's start). */
const TRANSITIONS: Record<
  StaffStatus,
  { from: AppointmentStatus[]; check: (a: store.AppointmentRow, now: Date) => string | null }
> = {
  'checked-in': {
    from: ['booked'],
    check: (a, now) =>
      now.getTime() < a.startsAt.getTime() - 2 * 3600_000
        ? 'Check-in opens 2 hours before the appointment.'
        : now >= a.endsAt
          ? 'The appointment is over: mark it completed or a no-show instead.'
          : null,
  },
  completed: {
    from: ['booked', 'checked-in'],
    check: (a, now) => (now < a.startsAt ? 'An appointment can be completed once it has started.' : null),
  },
  'no-show': {
    from: ['booked'],
    check: (a, now) =>
      now < a.startsAt ? 'A no-show can be recorded once the appointment time has come.' : null,
  },
};

/**
 * Front-desk status changes: check-in, completed, no-show. Every change is an appointment event.
 * A no-show keeps its history and offers nothing to the waiting list: its time has already begun.
 */
export async function setStatus(ctx: AppointmentContext, status: StaffStatus, note: string | null) {
  const a = ctx.subject.record;
  return audited(
    ctx,
    async (tx, entry) => {
      const type = await store.typeById(tx, a.appointmentTypeId);
      if (a.status === status) noChange(appointmentView(a, type));
      const rule = TRANSITIONS[status];
      if (!rule.from.includes(a.status as AppointmentStatus)) {
        throw conflict(`An appointment that is ${a.status} cannot be marked ${status}.`, 'status-transition');
      }
      const why = rule.check(a, ctx.now);
      if (why) throw conflict(why, 'status-transition');
      const row = await store.updateAppointmentIf(tx, a.id, a.status, { status });
      if (!row) throw conflict('The appointment changed meanwhile; reload it and try again.');
      await store.addEvent(tx, a, ctx.now, ctx.user.id, a.status, status, note);
      entry.resourceId = a.id;
      entry.details = { from: a.status, to: status };
      return appointmentView(row, type);
    },
    BOOKING_UNIT,
  );
}

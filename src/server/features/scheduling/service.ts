import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/deps.ts';
import type { Tx } from '../../db/connect.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { HttpError, conflict, notFound, problemType } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { withIdempotency } from '../../platform/idempotency.ts';
import { accessPatient } from '../patients/service.ts';
import { patients } from '../../db/schema.ts';
import { generateSlots, isSlotAvailable, type UnavailableReason } from '../../../domain/scheduling/index.ts';
import { appointments, appointmentTypes } from './tables.ts';
import * as store from './store.ts';

const MAX_WINDOW_DAYS = 31;

const REASONS: Record<UnavailableReason, string> = {
  'outside-hours': 'That time is outside the practitioner’s working hours.',
  misaligned: 'Appointments of this type start on the schedule’s grid; pick one of the offered times.',
  conflict: 'That time is no longer free.',
  'time-off': 'The practitioner is away or the clinic is closed then.',
  'too-soon': 'That time is too soon to book online; call the clinic.',
  'beyond-horizon': 'That time is beyond how far ahead this appointment type can be booked.',
};

const slotTaken = (reason: UnavailableReason | 'overlap') =>
  new HttpError(409, 'Slot not available', reason === 'overlap' ? REASONS.conflict : REASONS[reason], {
    type: problemType('slot-unavailable'),
    extra: { reason },
  });

/** Runs a booking transaction; an exclusion violation (a racing booking won) becomes a 409, and
 * serialization failures or deadlocks are retried a bounded number of times. */
async function bookingTx<T>(deps: Deps, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction(fn);
    } catch (err) {
      const code =
        (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
      if (code === '23P01') throw slotTaken('overlap');
      if ((code === '40001' || code === '40P01') && attempt < 4) {
        deps.log.warn({ code, attempt }, 'booking transaction retried');
        continue;
      }
      throw err;
    }
  }
}

export function parseWindow(from: string, to: string | undefined, zone: string): { start: Date; end: Date } {
  const dayStart = (d: string) => zonedMidnight(d, zone);
  const start = /^\d{4}-\d{2}-\d{2}$/.test(from) ? dayStart(from) : new Date(from);
  let end: Date;
  if (!to) end = new Date(start.getTime() + 7 * 86_400_000);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(to)) end = dayStart(nextDay(to));
  else end = new Date(to);
  return { start, end };
}

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** Midnight of a local date in a zone, as an instant (via Intl: no hand-rolled offsets). */
function zonedMidnight(date: string, zone: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offset = asUtc - guess.getTime();
  return new Date(guess.getTime() - offset);
}

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

export function appointmentView(
  a: store.AppointmentRow,
  type?: Pick<store.AppointmentTypeRow, 'code' | 'name'>,
) {
  return {
    id: a.id,
    status: a.status,
    start: a.startsAt.toISOString(),
    end: a.endsAt.toISOString(),
    practitionerId: a.practitionerId,
    patientId: a.patientId,
    ...(type ? { appointmentType: type.code, appointmentTypeName: type.name } : {}),
    clinicId: a.clinicId,
    source: a.source,
    createdAt: a.createdAt.toISOString(),
    ...(a.cancelledAt
      ? { cancelledAt: a.cancelledAt.toISOString(), lateCancellation: a.lateCancellation }
      : {}),
  };
}

export interface BookInput {
  practitionerId: string;
  appointmentType: string;
  start: string;
  patientId?: string | null;
}

export async function book(deps: Deps, rctx: RequestContext, input: BookInput, idemKey: string) {
  const ctx = rctx as AuthedContext;
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
  return bookingTx(deps, async (tx) =>
    withIdempotency(tx, ctx, idemKey, { ...input, patientId }, 201, async () => {
      await accessPatient(tx, ctx, patientId);
      const p = await store.findPractitioner(tx, input.practitionerId, user.clinicId);
      if (!p) throw notFound('practitioner');
      const type = await store.findType(tx, user.clinicId, input.appointmentType);
      if (!type || (user.role === 'patient' && !type.bookableOnline)) throw notFound('appointment type');
      if (user.role === 'patient') {
        const settings = await store.settingsOf(tx, user.clinicId);
        if (
          (await store.countFutureBookings(tx, user.clinicId, patientId, ctx.now)) >=
          settings.maxFutureBookingsPerPatient
        ) {
          throw conflict(
            `You already have ${settings.maxFutureBookingsPerPatient} upcoming appointments, the most that can be booked online. Cancel one or call the clinic.`,
            'booking-limit',
          );
        }
      }
      if (type.newPatientOnly && (await store.hasAnyVisit(tx, user.clinicId, patientId))) {
        throw conflict(
          `“${type.name}” is for new patients; book a follow-up type instead.`,
          'new-patient-only',
        );
      }
      const schedule = await store.loadSchedule(tx, p, type, { start, end: start }, ctx.now);
      if (user.role !== 'patient') schedule.type = { ...schedule.type, minNoticeMinutes: 0 };
      const check = isSlotAvailable(schedule, start);
      if (!check.ok) throw slotTaken(check.reason);
      const [row] = await tx
        .insert(appointments)
        .values({
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
        })
        .returning();
      await store.addEvent(tx, row!, ctx.now, user.id, null, 'booked');
      await writeAudit(tx, ctx, {
        action: 'appointment.book',
        resourceType: 'Appointment',
        resourceId: row!.id,
        patientId,
        outcome: 'success',
      });
      return appointmentView(row!, type);
    }),
  );
}

async function loadOwned(tx: Tx, ctx: AuthedContext, id: string) {
  const a = await store.findAppointment(tx, ctx.user.clinicId, id);
  if (!a) throw notFound('appointment');
  try {
    await accessPatient(tx, ctx, a.patientId);
  } catch {
    throw notFound('appointment');
  }
  return a;
}

export async function cancel(deps: Deps, rctx: RequestContext, id: string, reason: string | null) {
  const ctx = rctx as AuthedContext;
  return bookingTx(deps, async (tx) => {
    const a = await loadOwned(tx, ctx, id);
    const [type] = await tx
      .select()
      .from(appointmentTypes)
      .where(eq(appointmentTypes.id, a.appointmentTypeId));
    if (a.status === 'cancelled') return appointmentView(a, type);
    if (a.status !== 'booked') throw conflict(`An appointment that is ${a.status} cannot be cancelled.`);
    const settings = await store.settingsOf(tx, ctx.user.clinicId);
    const late = a.startsAt.getTime() - ctx.now.getTime() < settings.lateCancelHours * 3600_000;
    const [row] = await tx
      .update(appointments)
      .set({ status: 'cancelled', cancelledAt: ctx.now, cancelReason: reason, lateCancellation: late })
      .where(eq(appointments.id, a.id))
      .returning();
    await store.addEvent(tx, a, ctx.now, ctx.user.id, a.status, 'cancelled', reason, {
      lateCancellation: late,
    });
    await writeAudit(tx, ctx, {
      action: 'appointment.cancel',
      resourceType: 'Appointment',
      resourceId: a.id,
      patientId: a.patientId,
      outcome: 'success',
      details: { lateCancellation: late },
    });
    return appointmentView(row!, type);
  });
}

/** Moves an appointment in one transaction: the new time is validated and taken while the old one is released. */
export async function reschedule(deps: Deps, rctx: RequestContext, id: string, startIso: string) {
  const ctx = rctx as AuthedContext;
  const start = new Date(startIso);
  return bookingTx(deps, async (tx) => {
    const a = await loadOwned(tx, ctx, id);
    if (a.status !== 'booked') throw conflict(`An appointment that is ${a.status} cannot be moved.`);
    const [type] = await tx
      .select()
      .from(appointmentTypes)
      .where(eq(appointmentTypes.id, a.appointmentTypeId));
    const p = await store.findPractitioner(tx, a.practitionerId, ctx.user.clinicId);
    if (!p || !type) throw notFound('appointment');
    const schedule = await store.loadSchedule(tx, p, type, { start, end: start }, ctx.now, a.id);
    if (ctx.user.role !== 'patient') schedule.type = { ...schedule.type, minNoticeMinutes: 0 };
    const check = isSlotAvailable(schedule, start);
    if (!check.ok) throw slotTaken(check.reason);
    const [row] = await tx
      .update(appointments)
      .set({
        startsAt: check.slot.start,
        endsAt: check.slot.end,
        blockStart: new Date(check.slot.start.getTime() - type.bufferBeforeMinutes * 60_000),
        blockEnd: new Date(check.slot.end.getTime() + type.bufferAfterMinutes * 60_000),
      })
      .where(eq(appointments.id, a.id))
      .returning();
    await store.addEvent(tx, a, ctx.now, ctx.user.id, 'booked', 'booked', 'rescheduled', {
      from: a.startsAt.toISOString(),
      to: check.slot.start.toISOString(),
    });
    await writeAudit(tx, ctx, {
      action: 'appointment.reschedule',
      resourceType: 'Appointment',
      resourceId: a.id,
      patientId: a.patientId,
      outcome: 'success',
    });
    return appointmentView(row!, type);
  });
}

export async function getAppointment(deps: Deps, rctx: RequestContext, id: string) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const a = await loadOwned(tx, ctx, id);
    const [type] = await tx
      .select()
      .from(appointmentTypes)
      .where(eq(appointmentTypes.id, a.appointmentTypeId));
    const events = await store.listEvents(tx, ctx.user.clinicId, a.id);
    await writeAudit(tx, ctx, {
      action: 'appointment.read',
      resourceType: 'Appointment',
      resourceId: a.id,
      patientId: a.patientId,
      outcome: 'success',
    });
    return {
      ...appointmentView(a, type),
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

export async function listAppointments(
  deps: Deps,
  rctx: RequestContext,
  q: { from?: Date; to?: Date; practitionerId?: string; patientId?: string; status?: string },
) {
  const ctx = rctx as AuthedContext;
  if (ctx.user.role === 'patient' && q.patientId && q.patientId !== ctx.user.patientId)
    throw notFound('patient');
  const patientId = ctx.user.role === 'patient' ? ctx.user.patientId! : q.patientId;
  return deps.db.transaction(async (tx) => {
    if (patientId) await accessPatient(tx, ctx, patientId);
    const rows = await tx
      .select({
        a: appointments,
        code: appointmentTypes.code,
        typeName: appointmentTypes.name,
        given: patients.givenName,
        family: patients.familyName,
      })
      .from(appointments)
      .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.appointmentTypeId))
      .innerJoin(patients, eq(patients.id, appointments.patientId))
      .where(
        and(
          eq(appointments.clinicId, ctx.user.clinicId),
          patientId ? eq(appointments.patientId, patientId) : undefined,
          q.practitionerId ? eq(appointments.practitionerId, q.practitionerId) : undefined,
          q.status ? eq(appointments.status, q.status) : undefined,
          q.from ? gte(appointments.startsAt, q.from) : undefined,
          q.to ? lt(appointments.startsAt, q.to) : undefined,
          // Restricted records stay out of lists for staff outside their care team.
          ctx.user.role === 'admin' || ctx.user.role === 'patient'
            ? undefined
            : sql`(not ${patients.restricted} or ${patients.careTeam} @> ${JSON.stringify([ctx.user.id])}::jsonb)`,
        ),
      )
      .orderBy(asc(appointments.startsAt))
      .limit(1000);
    await writeAudit(tx, ctx, {
      action: 'appointment.search',
      resourceType: 'Appointment',
      patientId: patientId ?? null,
      outcome: 'success',
      details: { resultCount: rows.length },
    });
    return rows.map((r) => ({
      ...appointmentView(r.a, { code: r.code, name: r.typeName }),
      patientName: `${r.given} ${r.family}`,
    }));
  });
}

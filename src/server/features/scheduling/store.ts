import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { availabilityRules, practitioners } from '../../db/schema.ts';
import type { Busy, DateOverride, Interval, Schedule, Weekday } from '../../../domain/scheduling/index.ts';
import {
  ACTIVE_STATUSES,
  appointmentEvents,
  appointmentTypes,
  appointments,
  availabilityOverrides,
  clinicSchedulingSettings,
  timeOff,
} from './tables.ts';

type Q = Db | Tx;
export type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
export type PractitionerRow = typeof practitioners.$inferSelect;

export async function findPractitioner(q: Q, id: string, clinicId?: string): Promise<PractitionerRow | null> {
  const [row] = await q
    .select()
    .from(practitioners)
    .where(
      and(
        eq(practitioners.id, id),
        eq(practitioners.active, true),
        clinicId ? eq(practitioners.clinicId, clinicId) : undefined,
      ),
    );
  return row ?? null;
}

export async function listPractitioners(q: Q, clinicId?: string) {
  return q
    .select()
    .from(practitioners)
    .where(and(eq(practitioners.active, true), clinicId ? eq(practitioners.clinicId, clinicId) : undefined))
    .orderBy(asc(practitioners.name));
}

export async function findType(q: Q, clinicId: string, code: string): Promise<AppointmentTypeRow | null> {
  const [row] = await q
    .select()
    .from(appointmentTypes)
    .where(
      and(
        eq(appointmentTypes.clinicId, clinicId),
        eq(appointmentTypes.code, code),
        eq(appointmentTypes.active, true),
      ),
    );
  return row ?? null;
}

export async function listTypes(q: Q, opts: { clinicId?: string; onlineOnly: boolean }) {
  return q
    .select()
    .from(appointmentTypes)
    .where(
      and(
        eq(appointmentTypes.active, true),
        opts.clinicId ? eq(appointmentTypes.clinicId, opts.clinicId) : undefined,
        opts.onlineOnly ? eq(appointmentTypes.bookableOnline, true) : undefined,
      ),
    )
    .orderBy(asc(appointmentTypes.durationMinutes), asc(appointmentTypes.code));
}

export async function settingsOf(q: Q, clinicId: string) {
  const [row] = await q
    .select()
    .from(clinicSchedulingSettings)
    .where(eq(clinicSchedulingSettings.clinicId, clinicId));
  return row ?? { clinicId, lateCancelHours: 24, maxFutureBookingsPerPatient: 3 };
}

/**
 * Everything the slot engine needs for one practitioner around [from, to): weekly rules, overrides,
 * time off, clinic closures, and the active appointments (with their buffers) that can touch the window.
 */
export async function loadSchedule(
  q: Q,
  p: PractitionerRow,
  type: AppointmentTypeRow,
  window: Interval,
  now: Date,
  excludeAppointmentId?: string,
): Promise<Schedule> {
  const pad = 2 * 86_400_000;
  const from = new Date(window.start.getTime() - pad);
  const to = new Date(window.end.getTime() + pad);
  const rules = await q.select().from(availabilityRules).where(eq(availabilityRules.practitionerId, p.id));
  const overrides = await q
    .select()
    .from(availabilityOverrides)
    .where(
      and(
        eq(availabilityOverrides.practitionerId, p.id),
        sql`${availabilityOverrides.date} between ${from.toISOString().slice(0, 10)} and ${to.toISOString().slice(0, 10)}`,
      ),
    );
  const off = await q
    .select()
    .from(timeOff)
    .where(
      and(
        eq(timeOff.clinicId, p.clinicId),
        or(eq(timeOff.practitionerId, p.id), isNull(timeOff.practitionerId)),
        lt(timeOff.startsAt, to),
        gt(timeOff.endsAt, from),
      ),
    );
  const busyRows = await q
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      blockStart: appointments.blockStart,
      blockEnd: appointments.blockEnd,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.practitionerId, p.id),
        inArray(appointments.status, [...ACTIVE_STATUSES]),
        lt(appointments.blockStart, to),
        gt(appointments.blockEnd, from),
      ),
    );
  const busy: Busy[] = busyRows
    .filter((b) => b.id !== excludeAppointmentId)
    .map((b) => ({
      start: b.startsAt,
      end: b.endsAt,
      bufferBeforeMinutes: Math.round((b.startsAt.getTime() - b.blockStart.getTime()) / 60_000),
      bufferAfterMinutes: Math.round((b.blockEnd.getTime() - b.endsAt.getTime()) / 60_000),
    }));
  const overridesByDate = new Map<string, DateOverride>();
  for (const o of overrides) {
    const prev = overridesByDate.get(o.date);
    overridesByDate.set(o.date, { date: o.date, intervals: [...(prev?.intervals ?? []), ...o.intervals] });
  }
  return {
    timeZone: p.timeZone,
    rules: rules.map((r) => ({ weekday: r.weekday as Weekday, start: r.startTime, end: r.endTime })),
    overrides: [...overridesByDate.values()],
    timeOff: off.filter((o) => o.practitionerId).map((o) => ({ start: o.startsAt, end: o.endsAt })),
    closures: off.filter((o) => !o.practitionerId).map((o) => ({ start: o.startsAt, end: o.endsAt })),
    busy,
    type: {
      durationMinutes: type.durationMinutes,
      bufferBeforeMinutes: type.bufferBeforeMinutes,
      bufferAfterMinutes: type.bufferAfterMinutes,
      slotIntervalMinutes: type.slotIntervalMinutes,
      minNoticeMinutes: type.minNoticeMinutes,
      horizonDays: type.horizonDays,
    },
    now,
  };
}

export async function countFutureBookings(
  q: Q,
  clinicId: string,
  patientId: string,
  now: Date,
): Promise<number> {
  const rows = await q
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, clinicId),
        eq(appointments.patientId, patientId),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
      ),
    );
  return rows.length;
}

export async function hasAnyVisit(q: Q, clinicId: string, patientId: string): Promise<boolean> {
  const rows = await q
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, clinicId),
        eq(appointments.patientId, patientId),
        sql`${appointments.status} <> 'cancelled'`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function findAppointment(q: Q, clinicId: string, id: string): Promise<AppointmentRow | null> {
  const [row] = await q
    .select()
    .from(appointments)
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)));
  return row ?? null;
}

export async function addEvent(
  tx: Tx,
  a: Pick<AppointmentRow, 'id' | 'clinicId'>,
  at: Date,
  byUserId: string | null,
  fromStatus: string | null,
  toStatus: string,
  note?: string | null,
  details?: Record<string, unknown>,
) {
  await tx.insert(appointmentEvents).values({
    clinicId: a.clinicId,
    appointmentId: a.id,
    at,
    byUserId,
    fromStatus,
    toStatus,
    note: note ?? null,
    details: details ?? null,
  });
}

export async function listEvents(q: Q, clinicId: string, appointmentId: string) {
  return q
    .select()
    .from(appointmentEvents)
    .where(and(eq(appointmentEvents.clinicId, clinicId), eq(appointmentEvents.appointmentId, appointmentId)))
    .orderBy(asc(appointmentEvents.at));
}

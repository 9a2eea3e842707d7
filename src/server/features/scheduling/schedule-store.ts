import { and, asc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { availabilityRules, practitioners } from '../../db/schema.ts';
import {
  ACTIVE_STATUSES,
  appointmentTypes,
  appointments,
  availabilityOverrides,
  clinicSchedulingSettings,
  timeOff,
} from './tables.ts';
import type { SettingsRow } from './store.ts';

type Q = Db | Tx;

export async function weeklyRules(q: Q, practitionerId: string) {
  return q
    .select()
    .from(availabilityRules)
    .where(eq(availabilityRules.practitionerId, practitionerId))
    .orderBy(asc(availabilityRules.weekday), asc(availabilityRules.startTime));
}

export async function replaceWeeklyRules(
  tx: Tx,
  clinicId: string,
  practitionerId: string,
  hours: { weekday: number; start: string; end: string }[],
) {
  await tx.delete(availabilityRules).where(eq(availabilityRules.practitionerId, practitionerId));
  if (hours.length) {
    await tx.insert(availabilityRules).values(
      hours.map((h) => ({
        clinicId,
        practitionerId,
        weekday: h.weekday,
        startTime: h.start,
        endTime: h.end,
      })),
    );
  }
}

export async function setPractitionerZone(tx: Tx, practitionerId: string, timeZone: string) {
  await tx.update(practitioners).set({ timeZone }).where(eq(practitioners.id, practitionerId));
}

export async function overridesFrom(q: Q, practitionerId: string, fromDate: string) {
  return q
    .select()
    .from(availabilityOverrides)
    .where(
      and(
        eq(availabilityOverrides.practitionerId, practitionerId),
        sql`${availabilityOverrides.date} >= ${fromDate}`,
      ),
    )
    .orderBy(asc(availabilityOverrides.date));
}

/** One override per date: a new one for the same date replaces the old. */
export async function putOverride(
  tx: Tx,
  clinicId: string,
  practitionerId: string,
  o: { date: string; intervals: { start: string; end: string }[]; note: string | null },
) {
  const replaced = await tx
    .delete(availabilityOverrides)
    .where(
      and(eq(availabilityOverrides.practitionerId, practitionerId), eq(availabilityOverrides.date, o.date)),
    )
    .returning({ id: availabilityOverrides.id });
  const [row] = await tx
    .insert(availabilityOverrides)
    .values({ clinicId, practitionerId, date: o.date, intervals: o.intervals, note: o.note })
    .returning();
  return { row: row!, replaced: replaced.length };
}

export async function deleteOverride(tx: Tx, clinicId: string, practitionerId: string, id: string) {
  const rows = await tx
    .delete(availabilityOverrides)
    .where(
      and(
        eq(availabilityOverrides.clinicId, clinicId),
        eq(availabilityOverrides.practitionerId, practitionerId),
        eq(availabilityOverrides.id, id),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/** Time off of one practitioner, or clinic closures (practitionerId null), ending after `after`. */
export async function timeOffAfter(q: Q, clinicId: string, practitionerId: string | null, after: Date) {
  return q
    .select()
    .from(timeOff)
    .where(
      and(
        eq(timeOff.clinicId, clinicId),
        practitionerId ? eq(timeOff.practitionerId, practitionerId) : isNull(timeOff.practitionerId),
        gt(timeOff.endsAt, after),
      ),
    )
    .orderBy(asc(timeOff.startsAt))
    .limit(500);
}

export async function insertTimeOff(
  tx: Tx,
  v: { clinicId: string; practitionerId: string | null; start: Date; end: Date; reason: string | null },
) {
  const [row] = await tx
    .insert(timeOff)
    .values({
      clinicId: v.clinicId,
      practitionerId: v.practitionerId,
      startsAt: v.start,
      endsAt: v.end,
      reason: v.reason,
    })
    .returning();
  return row!;
}

export async function deleteTimeOff(tx: Tx, clinicId: string, practitionerId: string | null, id: string) {
  const rows = await tx
    .delete(timeOff)
    .where(
      and(
        eq(timeOff.clinicId, clinicId),
        eq(timeOff.id, id),
        practitionerId ? eq(timeOff.practitionerId, practitionerId) : isNull(timeOff.practitionerId),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/** Active appointments inside [start, end): time off does not cancel them; staff are told how many. */
export async function countActiveIn(
  q: Q,
  clinicId: string,
  practitionerId: string | null,
  start: Date,
  end: Date,
): Promise<number> {
  const rows = await q
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, clinicId),
        practitionerId ? eq(appointments.practitionerId, practitionerId) : undefined,
        inArray(appointments.status, [...ACTIVE_STATUSES]),
        lt(appointments.startsAt, end),
        gt(appointments.endsAt, start),
      ),
    );
  return rows.length;
}

export type TypeRow = typeof appointmentTypes.$inferSelect;

export async function typeByCode(q: Q, clinicId: string, code: string): Promise<TypeRow | null> {
  const [row] = await q
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.clinicId, clinicId), eq(appointmentTypes.code, code)));
  return row ?? null;
}

export async function insertType(tx: Tx, v: typeof appointmentTypes.$inferInsert) {
  const rows = await tx.insert(appointmentTypes).values(v).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function updateType(tx: Tx, id: string, patch: Partial<typeof appointmentTypes.$inferInsert>) {
  const [row] = await tx.update(appointmentTypes).set(patch).where(eq(appointmentTypes.id, id)).returning();
  return row!;
}

export async function upsertSettings(tx: Tx, clinicId: string, s: Omit<SettingsRow, 'clinicId'>) {
  const [row] = await tx
    .insert(clinicSchedulingSettings)
    .values({ clinicId, ...s })
    .onConflictDoUpdate({ target: clinicSchedulingSettings.clinicId, set: s })
    .returning();
  return row!;
}

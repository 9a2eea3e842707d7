import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../../db/connect.ts';
import { conditions, patientFlags, patients, users } from '../../db/schema.ts';
import { carePlans, carePlanSettings, outcomeObservations } from './tables.ts';

/** The SQL of plans of care and of what their progress reads (conditions, visits, scores). */

type Q = Db | Tx;
export type CarePlanRow = typeof carePlans.$inferSelect;
export type CarePlanInsert = typeof carePlans.$inferInsert;

export async function insertPlan(tx: Tx, row: CarePlanInsert): Promise<CarePlanRow> {
  const [r] = await tx.insert(carePlans).values(row).returning();
  return r!;
}

export async function updatePlan(
  tx: Tx,
  clinicId: string,
  id: string,
  set: Partial<CarePlanInsert>,
): Promise<CarePlanRow> {
  const [r] = await tx
    .update(carePlans)
    .set(set)
    .where(and(eq(carePlans.clinicId, clinicId), eq(carePlans.id, id)))
    .returning();
  return r!;
}

/** Locks the plan for the rest of the transaction (two edits of one plan cannot interleave). */
export async function lockPlan(tx: Tx, clinicId: string, id: string): Promise<CarePlanRow | null> {
  const [r] = await tx
    .select()
    .from(carePlans)
    .where(and(eq(carePlans.clinicId, clinicId), eq(carePlans.id, id)))
    .for('update');
  return r ?? null;
}

export async function plansOf(q: Q, clinicId: string, patientId: string): Promise<CarePlanRow[]> {
  return q
    .select()
    .from(carePlans)
    .where(and(eq(carePlans.clinicId, clinicId), eq(carePlans.patientId, patientId)))
    .orderBy(desc(carePlans.start), desc(carePlans.createdAt));
}

export async function patientConditions(q: Q, clinicId: string, patientId: string) {
  return q
    .select({ system: conditions.system, code: conditions.code, display: conditions.display })
    .from(conditions)
    .where(and(eq(conditions.clinicId, clinicId), eq(conditions.patientId, patientId)))
    .orderBy(asc(conditions.position));
}

export async function userNames(q: Q, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await q
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      sql`${users.id} in (${sql.join(
        unique.map((u) => sql`${u}::uuid`),
        sql`, `,
      )})`,
    );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The patient's visits since the plan's start (a date in the clinic's zone): done ones are signed
 * visit notes, plus completed appointments that no signed note documents; booked ones are
 * appointments booked or checked in. Read from charting's and scheduling's tables by name (their
 * stores own the writes; this is a read-only count).
 */
export async function visitCounts(q: Q, clinicId: string, patientId: string, start: string, zone: string) {
  const from = sql`(${start}::date::timestamp at time zone ${zone})`;
  const [row] = await rawRows<{ completed: number | string; booked: number | string }>(
    q,
    sql`select
          (select count(*) from encounters e
            where e.clinic_id = ${clinicId} and e.patient_id = ${patientId} and e.status = 'signed'
              and e.occurred_at >= ${from})
          + (select count(*) from appointments a
            where a.clinic_id = ${clinicId} and a.patient_id = ${patientId} and a.status = 'completed'
              and a.starts_at >= ${from}
              and not exists (select 1 from encounters e where e.appointment_id = a.id and e.status = 'signed'))
          as completed,
          (select count(*) from appointments a
            where a.clinic_id = ${clinicId} and a.patient_id = ${patientId}
              and a.status in ('booked', 'checked-in') and a.starts_at >= ${from}) as booked`,
  );
  return { completed: Number(row?.completed ?? 0), booked: Number(row?.booked ?? 0) };
}

/** Every score of the patient, by instrument then oldest first. */
export async function allScores(q: Q, clinicId: string, patientId: string) {
  return q
    .select({
      instrument: outcomeObservations.instrument,
      effective: outcomeObservations.effective,
      score: outcomeObservations.score,
    })
    .from(outcomeObservations)
    .where(and(eq(outcomeObservations.clinicId, clinicId), eq(outcomeObservations.patientId, patientId)))
    .orderBy(
      asc(outcomeObservations.instrument),
      asc(outcomeObservations.effective),
      asc(outcomeObservations.createdAt),
    );
}

/** What the modality rules read of the patient: birth date, live conditions and flags. */
export async function safetyRecord(q: Q, clinicId: string, patientId: string) {
  const [p] = await q
    .select({ birthDate: patients.birthDate })
    .from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  const conds = await q
    .select({ code: conditions.code, clinicalStatus: conditions.clinicalStatus })
    .from(conditions)
    .where(and(eq(conditions.clinicId, clinicId), eq(conditions.patientId, patientId)));
  const flags = await q
    .select({ flag: patientFlags.flag, region: patientFlags.region })
    .from(patientFlags)
    .where(and(eq(patientFlags.clinicId, clinicId), eq(patientFlags.patientId, patientId)))
    .orderBy(asc(patientFlags.position));
  return { birthDate: p?.birthDate ?? null, conditions: conds, flags };
}

export async function settingsOf(q: Q, clinicId: string) {
  const [r] = await q.select().from(carePlanSettings).where(eq(carePlanSettings.clinicId, clinicId));
  return r ?? null;
}

export async function upsertSettings(tx: Tx, row: typeof carePlanSettings.$inferInsert) {
  await tx
    .insert(carePlanSettings)
    .values(row)
    .onConflictDoUpdate({
      target: carePlanSettings.clinicId,
      set: { modalityPolicy: row.modalityPolicy, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
    });
}

/**
 * Who sees the plan's visits: the practitioner record of the clinician who signed the plan (or
 * drafted it), else the practitioner of the patient's latest appointment. Read from scheduling's
 * tables by name, as `visitCounts` does.
 */
export async function planPractitioner(
  q: Q,
  clinicId: string,
  userIds: string[],
  patientId: string,
): Promise<{ id: string; name: string; timeZone: string } | null> {
  for (const userId of userIds) {
    const [p] = await rawRows<{ id: string; name: string; time_zone: string }>(
      q,
      sql`select id, name, time_zone from practitioners
          where clinic_id = ${clinicId} and user_id = ${userId} and active order by name limit 1`,
    );
    if (p) return { id: p.id, name: p.name, timeZone: p.time_zone };
  }
  const [last] = await rawRows<{ id: string; name: string; time_zone: string }>(
    q,
    sql`select p.id, p.name, p.time_zone from appointments a join practitioners p on p.id = a.practitioner_id
        where a.clinic_id = ${clinicId} and a.patient_id = ${patientId} and p.active
        order by a.starts_at desc limit 1`,
  );
  return last ? { id: last.id, name: last.name, timeZone: last.time_zone } : null;
}

/** The plan's visit type: the clinic's OMT follow-up, else the type of the patient's latest visit. */
export async function planVisitType(
  q: Q,
  clinicId: string,
  patientId: string,
): Promise<{ code: string; name: string; durationMinutes: number } | null> {
  const [t] = await rawRows<{ code: string; name: string; duration_minutes: number }>(
    q,
    sql`(select code, name, duration_minutes, 0 as rank from appointment_types
          where clinic_id = ${clinicId} and code = 'omt-follow-up' and active)
        union all
        (select t.code, t.name, t.duration_minutes, 1 as rank from appointments a
          join appointment_types t on t.id = a.appointment_type_id
          where a.clinic_id = ${clinicId} and a.patient_id = ${patientId} and t.active and not t.new_patient_only
          order by a.starts_at desc limit 1)
        order by rank limit 1`,
  );
  return t ? { code: t.code, name: t.name, durationMinutes: Number(t.duration_minutes) } : null;
}

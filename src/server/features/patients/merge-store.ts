import { and, eq, isNull, sql } from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../../db/connect.ts';
import { patients } from '../../db/schema.ts';

type Q = Db | Tx;

/**
 * Every table whose rows belong to a patient and move with a merge, in the order they are moved.
 * `ordered` lists keep the survivor's rows first and append the duplicate's after them. Not moved:
 * the audit trail (append-only history of what happened to each record), emergency-access grants
 * (they opened one record, not the person's new one), and intake consents of a version the
 * survivor already accepted (a second acceptance of one version cannot exist).
 */
export const MOVED_TABLES = [
  { key: 'conditions', table: 'conditions', ordered: true },
  { key: 'flags', table: 'patient_flags', ordered: true },
  { key: 'medications', table: 'medications', ordered: true },
  { key: 'allergies', table: 'allergies', ordered: true },
  { key: 'appointments', table: 'appointments', ordered: false },
  { key: 'waitlistEntries', table: 'waitlist_entries', ordered: false },
  { key: 'intakeConsents', table: 'intake_consents', ordered: false },
  { key: 'messages', table: 'outbox_messages', ordered: false },
  { key: 'encounters', table: 'encounters', ordered: false },
  { key: 'notes', table: 'encounter_notes', ordered: false },
  { key: 'amendments', table: 'note_amendments', ordered: false },
  { key: 'questionnaireResponses', table: 'questionnaire_responses', ordered: false },
  { key: 'outcomeScores', table: 'outcome_observations', ordered: false },
  { key: 'carePlans', table: 'care_plans', ordered: false },
  { key: 'exercisePrescriptions', table: 'exercise_prescriptions', ordered: false },
  { key: 'questionnaireRequests', table: 'questionnaire_requests', ordered: false },
] as const;

export type MovedKey = (typeof MOVED_TABLES)[number]['key'];

/** The rows of each table that a merge of `duplicateId` would move, by table key. */
export async function countMovable(q: Q, clinicId: string, survivorId: string, duplicateId: string) {
  const counts = {} as Record<MovedKey, number>;
  for (const t of MOVED_TABLES) {
    const [row] = await rawRows<{ n: number | string }>(
      q,
      sql`select count(*) as n from ${sql.identifier(t.table)} x
          where x.clinic_id = ${clinicId} and x.patient_id = ${duplicateId}
          ${movableFilter(t.key, clinicId, survivorId)}`,
    );
    counts[t.key] = Number(row!.n);
  }
  return counts;
}

/** Rows that stay with the tombstone: flags the survivor already carries, consent versions it accepted. */
function movableFilter(key: MovedKey, clinicId: string, survivorId: string) {
  if (key === 'flags')
    return sql`and not exists (select 1 from patient_flags s where s.clinic_id = ${clinicId}
               and s.patient_id = ${survivorId} and s.flag = x.flag and s.region is not distinct from x.region)`;
  if (key === 'intakeConsents')
    return sql`and not exists (select 1 from intake_consents s where s.clinic_id = ${clinicId}
               and s.patient_id = ${survivorId} and s.version = x.version)`;
  return sql``;
}

/** The portal account linked to a patient record, if any. */
export async function portalUser(q: Q, clinicId: string, patientId: string) {
  const [row] = await rawRows<{ id: string }>(
    q,
    sql`select id from users where clinic_id = ${clinicId} and patient_id = ${patientId}`,
  );
  return row?.id ?? null;
}

/** Locks both records (in id order, so two merges of one pair cannot deadlock). */
export async function lockPair(tx: Tx, clinicId: string, a: string, b: string) {
  await rawRows(
    tx,
    sql`select id from patients where clinic_id = ${clinicId} and id in (${a}, ${b}) order by id for update`,
  );
}

/**
 * Moves every movable row of the duplicate to the survivor and returns the moved ids per table
 * (recorded in the audit trail, so a wrong merge can be traced and undone by hand). Signed visits
 * and notes are locked by triggers (migration 0004); the transaction declares the merge, and the
 * triggers then let an update through only when it changes nothing but `patient_id` (migration 0012).
 */
export async function moveRows(tx: Tx, clinicId: string, survivorId: string, duplicateId: string) {
  await rawRows(tx, sql`select set_config('stillpoint.patient_merge', 'on', true)`);
  const moved = {} as Record<MovedKey, string[]>;
  for (const t of MOVED_TABLES) {
    const table = sql.identifier(t.table);
    const position = t.ordered
      ? sql`, position = x.position + (select coalesce(max(s.position) + 1, 0) from ${table} s
            where s.clinic_id = ${clinicId} and s.patient_id = ${survivorId})`
      : sql``;
    const rows = await rawRows<{ id: string }>(
      tx,
      sql`update ${table} x set patient_id = ${survivorId} ${position}
          where x.clinic_id = ${clinicId} and x.patient_id = ${duplicateId}
          ${movableFilter(t.key, clinicId, survivorId)}
          returning x.id`,
    );
    moved[t.key] = rows.map((r) => r.id);
  }
  await rawRows(tx, sql`select set_config('stillpoint.patient_merge', 'off', true)`);
  return moved;
}

/** Moves the portal account link (the person keeps signing in, now to the surviving record). */
export async function movePortalUser(tx: Tx, clinicId: string, userId: string, survivorId: string) {
  await rawRows(
    tx,
    sql`update users set patient_id = ${survivorId} where clinic_id = ${clinicId} and id = ${userId}`,
  );
}

export async function updateSurvivor(
  tx: Tx,
  clinicId: string,
  id: string,
  set: Partial<typeof patients.$inferInsert>,
) {
  await tx
    .update(patients)
    .set(set)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, id)));
}

/** Marks the duplicate as a tombstone pointing at the survivor; the row itself is kept. */
export async function markMerged(
  tx: Tx,
  clinicId: string,
  duplicateId: string,
  survivorId: string,
  by: string,
  now: Date,
) {
  const rows = await tx
    .update(patients)
    .set({ mergedIntoId: survivorId, mergedAt: now, mergedBy: by, updatedAt: now })
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, duplicateId), isNull(patients.mergedIntoId)))
    .returning({ id: patients.id });
  return rows.length === 1;
}

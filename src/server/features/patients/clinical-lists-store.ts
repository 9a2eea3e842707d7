import { and, asc, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../../db/connect.ts';
import { allergies, medications, patientListStatuses, patients, users } from '../../db/schema.ts';
import type {
  AllergyCreate,
  AllergyPatch,
  MedicationCreate,
  MedicationPatch,
} from '../../../contracts/patients.ts';

/** The SQL of a patient's medication and allergy lists and of their "asked about?" statuses. */

type Q = Db | Tx;
export type ListName = 'allergies' | 'medications';

export interface ListStatusRow {
  list: ListName;
  status: string;
  recordedAt: string;
  recordedBy: { id: string; name: string } | null;
}

/** The statuses of a patient's lists as one JSON array (a subquery of the record read). */
export function listStatusesSql(clinicId: string | Placeholder, patientId: SQL): SQL<ListStatusRow[]> {
  return sql<ListStatusRow[]>`(select coalesce(json_agg(json_build_object(
      'list', s.list, 'status', s.status, 'recordedAt', s.recorded_at,
      'recordedBy', case when u.id is null then null else json_build_object('id', u.id, 'name', u.name) end)
      order by s.list), '[]'::json)
    from ${patientListStatuses} s left join ${users} u on u.id = s.recorded_by
    where s.clinic_id = ${clinicId} and s.patient_id = ${patientId})`;
}

/**
 * Takes the patient row's lock for the rest of the transaction, so that "no known allergies" and
 * a new allergy (or two edits of one list) cannot interleave. False when there is no such patient.
 */
export async function lockPatient(tx: Tx, clinicId: string, patientId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)))
    .for('update');
  return rows.length === 1;
}

export async function touchPatient(tx: Tx, clinicId: string, patientId: string, now: Date) {
  await tx
    .update(patients)
    .set({ updatedAt: now })
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
}

export async function listStatuses(q: Q, clinicId: string, patientId: string): Promise<ListStatusRow[]> {
  const [row] = await rawRows<{ statuses: ListStatusRow[] }>(
    q,
    sql`select ${listStatusesSql(clinicId, sql`${patientId}::uuid`)} as statuses`,
  );
  return row?.statuses ?? [];
}

export async function setListStatus(
  tx: Tx,
  clinicId: string,
  patientId: string,
  list: ListName,
  status: string,
  userId: string | null,
  now: Date,
) {
  await tx
    .insert(patientListStatuses)
    .values({ clinicId, patientId, list, status, recordedBy: userId, recordedAt: now })
    .onConflictDoUpdate({
      target: [patientListStatuses.patientId, patientListStatuses.list],
      set: { status, recordedBy: userId, recordedAt: now },
    });
}

// --- medications ---

export type MedicationRow = typeof medications.$inferSelect;

export async function listMedications(q: Q, clinicId: string, patientId: string): Promise<MedicationRow[]> {
  return q
    .select()
    .from(medications)
    .where(and(eq(medications.clinicId, clinicId), eq(medications.patientId, patientId)))
    .orderBy(asc(medications.position), asc(medications.id));
}

export async function insertMedication(
  tx: Tx,
  clinicId: string,
  patientId: string,
  input: MedicationCreate,
): Promise<MedicationRow> {
  const [row] = await tx
    .insert(medications)
    .values({
      clinicId,
      patientId,
      name: input.name,
      code: input.code || null,
      dose: input.dose || null,
      frequency: input.frequency || null,
      position: sql`(select coalesce(max(position), -1) + 1 from ${medications}
        where clinic_id = ${clinicId} and patient_id = ${patientId})`,
    })
    .returning();
  return row!;
}

export async function updateMedication(
  tx: Tx,
  clinicId: string,
  patientId: string,
  id: string,
  patch: MedicationPatch,
): Promise<MedicationRow | null> {
  const set: Partial<typeof medications.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.code !== undefined) set.code = patch.code || null;
  if (patch.dose !== undefined) set.dose = patch.dose || null;
  if (patch.frequency !== undefined) set.frequency = patch.frequency || null;
  const where = and(
    eq(medications.clinicId, clinicId),
    eq(medications.patientId, patientId),
    eq(medications.id, id),
  );
  // A patch of only `system` changes nothing stored: read the row back instead of an empty UPDATE.
  if (Object.keys(set).length === 0) {
    const [row] = await tx.select().from(medications).where(where);
    return row ?? null;
  }
  const [row] = await tx.update(medications).set(set).where(where).returning();
  return row ?? null;
}

export async function deleteMedication(tx: Tx, clinicId: string, patientId: string, id: string) {
  const rows = await tx
    .delete(medications)
    .where(
      and(eq(medications.clinicId, clinicId), eq(medications.patientId, patientId), eq(medications.id, id)),
    )
    .returning({ id: medications.id });
  return rows.length === 1;
}

// --- allergies ---

export type AllergyRow = typeof allergies.$inferSelect;

export async function listAllergies(q: Q, clinicId: string, patientId: string): Promise<AllergyRow[]> {
  return q
    .select()
    .from(allergies)
    .where(and(eq(allergies.clinicId, clinicId), eq(allergies.patientId, patientId)))
    .orderBy(asc(allergies.position), asc(allergies.id));
}

export async function insertAllergy(
  tx: Tx,
  clinicId: string,
  patientId: string,
  input: AllergyCreate,
): Promise<AllergyRow> {
  const [row] = await tx
    .insert(allergies)
    .values({
      clinicId,
      patientId,
      substance: input.substance,
      code: input.code || null,
      reaction: input.reaction || null,
      severity: input.severity,
      position: sql`(select coalesce(max(position), -1) + 1 from ${allergies}
        where clinic_id = ${clinicId} and patient_id = ${patientId})`,
    })
    .returning();
  return row!;
}

export async function updateAllergy(
  tx: Tx,
  clinicId: string,
  patientId: string,
  id: string,
  patch: AllergyPatch,
): Promise<AllergyRow | null> {
  const set: Partial<typeof allergies.$inferInsert> = {};
  if (patch.substance !== undefined) set.substance = patch.substance;
  if (patch.code !== undefined) set.code = patch.code || null;
  if (patch.reaction !== undefined) set.reaction = patch.reaction || null;
  if (patch.severity !== undefined) set.severity = patch.severity;
  const where = and(
    eq(allergies.clinicId, clinicId),
    eq(allergies.patientId, patientId),
    eq(allergies.id, id),
  );
  if (Object.keys(set).length === 0) {
    const [row] = await tx.select().from(allergies).where(where);
    return row ?? null;
  }
  const [row] = await tx.update(allergies).set(set).where(where).returning();
  return row ?? null;
}

export async function deleteAllergy(tx: Tx, clinicId: string, patientId: string, id: string) {
  const rows = await tx
    .delete(allergies)
    .where(and(eq(allergies.clinicId, clinicId), eq(allergies.patientId, patientId), eq(allergies.id, id)))
    .returning({ id: allergies.id });
  return rows.length === 1;
}

/**
 * After a whole list was replaced (patient create or PATCH): a non-empty list is the recorded
 * answer; an emptied list that was `recorded` is "not asked" again. A list not given, or an
 * empty one where "none" was recorded, keeps its status.
 */
export async function syncListStatuses(
  tx: Tx,
  clinicId: string,
  patientId: string,
  lists: { medications?: readonly unknown[]; allergies?: readonly unknown[] },
  userId: string,
  now: Date,
) {
  for (const list of ['medications', 'allergies'] as const) {
    const items = lists[list];
    if (!items) continue;
    if (items.length > 0) {
      await setListStatus(tx, clinicId, patientId, list, 'recorded', userId, now);
    } else {
      await tx
        .update(patientListStatuses)
        .set({ status: 'unknown', recordedBy: userId, recordedAt: now })
        .where(
          and(
            eq(patientListStatuses.clinicId, clinicId),
            eq(patientListStatuses.patientId, patientId),
            eq(patientListStatuses.list, list),
            eq(patientListStatuses.status, 'recorded'),
          ),
        );
    }
  }
}

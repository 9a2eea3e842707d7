import { and, asc, eq, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../../db/connect.ts';
import { allergies, conditions, medications, patientFlags, patients } from '../../db/schema.ts';
import type { PatientCreate, PatientPatch } from '../../../contracts/patients.ts';
import { listStatusesSql, type ListStatusRow } from './clinical-lists-store.ts';
import { loadPatient, type PatientLoad } from '../../platform/access.ts';

type Q = Db | Tx;
export type PatientRow = typeof patients.$inferSelect;

export interface PatientChildren {
  conditions: {
    id: string;
    system: string;
    code: string;
    display: string;
    clinicalStatus: string;
    onsetDate: string | null;
  }[];
  flags: { flag: string; region: string | null; note: string | null }[];
  medications: {
    id: string;
    name: string;
    code: string | null;
    dose: string | null;
    frequency: string | null;
  }[];
  allergies: {
    id: string;
    substance: string;
    code: string | null;
    reaction: string | null;
    severity: string | null;
  }[];
  /** Whether the allergy and medication lists were asked about (see clinical-lists.ts). */
  listStatuses: ListStatusRow[];
}

/** The four lists of a patient record as JSON arrays (subqueries), for one statement. */
function childLists(
  clinicId: string | Placeholder,
  patientId: SQL,
): { [K in keyof PatientChildren]: SQL<PatientChildren[K]> } {
  const list = <T>(fields: SQL, table: SQL) =>
    sql<T>`(select coalesce(json_agg(${fields} order by x.position), '[]'::json) from ${table} x
         where x.clinic_id = ${clinicId} and x.patient_id = ${patientId})`;
  return {
    conditions: list(
      sql`json_build_object('id', x.id, 'system', x.system, 'code', x.code, 'display', x.display,
          'clinicalStatus', x.clinical_status, 'onsetDate', x.onset_date)`,
      sql`${conditions}`,
    ),
    flags: list(
      sql`json_build_object('flag', x.flag, 'region', x.region, 'note', x.note)`,
      sql`${patientFlags}`,
    ),
    medications: list(
      sql`json_build_object('id', x.id, 'name', x.name, 'code', x.code, 'dose', x.dose, 'frequency', x.frequency)`,
      sql`${medications}`,
    ),
    allergies: list(
      sql`json_build_object('id', x.id, 'substance', x.substance, 'code', x.code, 'reaction', x.reaction,
          'severity', x.severity)`,
      sql`${allergies}`,
    ),
    listStatuses: listStatusesSql(clinicId, patientId),
  };
}

/** A patient's conditions, flags, medications and allergies, each in its recorded order. */
export async function loadChildren(q: Q, clinicId: string, patientId: string): Promise<PatientChildren> {
  const c = childLists(clinicId, sql`${patientId}::uuid`);
  const [row] = await rawRows<PatientChildren>(
    q,
    sql`select ${c.conditions} as conditions, ${c.flags} as flags, ${c.medications} as medications,
        ${c.allergies} as allergies, ${c.listStatuses} as "listStatuses"`,
  );
  return row!;
}

export type PatientWithChildren = PatientRow & { children: PatientChildren };

/** The patient row and its four lists in one statement (the record read is the hottest path). */
export const patientWithLists: PatientLoad<PatientWithChildren> = {
  columns: (clinicId) => childLists(clinicId, sql`${patients.id}`),
  assemble: (row, extra) => ({ ...row, children: extra as unknown as PatientChildren }),
};

export function findPatientWithChildren(
  q: Q,
  clinicId: string,
  id: string,
): Promise<PatientWithChildren | null> {
  return loadPatient(q, clinicId, id, patientWithLists);
}

/** Live (not merged) records of the clinic born on this date: the duplicate check's candidates. */
export async function sameBirthDate(q: Q, clinicId: string, birthDate: string) {
  return q
    .select()
    .from(patients)
    .where(
      and(eq(patients.clinicId, clinicId), eq(patients.birthDate, birthDate), isNull(patients.mergedIntoId)),
    )
    .orderBy(asc(patients.familyName), asc(patients.givenName), asc(patients.id))
    .limit(100);
}

/** Merged records (tombstones) are never listed. */
export async function searchPatients(
  q: Q,
  clinicId: string,
  text: string,
  limit: number,
): Promise<PatientRow[]> {
  const where = [eq(patients.clinicId, clinicId), isNull(patients.mergedIntoId)];
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    where.push(eq(patients.birthDate, text));
  } else if (text) {
    for (const term of text
      .toLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean)
      .slice(0, 4)) {
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        sql`(lower(${patients.givenName}) like ${like} or lower(${patients.familyName}) like ${like})`,
      );
    }
  }
  return q
    .select()
    .from(patients)
    .where(and(...where))
    .orderBy(asc(patients.familyName), asc(patients.givenName), asc(patients.id))
    .limit(limit);
}

/** The flags of these patients of the clinic. */
export async function flagsOf(q: Q, clinicId: string, patientIds: string[]) {
  if (!patientIds.length) return [];
  return q
    .select()
    .from(patientFlags)
    .where(and(eq(patientFlags.clinicId, clinicId), sql`${patientFlags.patientId} in ${patientIds}`));
}

type Children = Pick<PatientCreate, 'conditions' | 'flags' | 'medications' | 'allergies'>;

export async function replaceChildren(tx: Tx, clinicId: string, patientId: string, input: Partial<Children>) {
  const scope = { clinicId, patientId };
  const del = <T extends typeof conditions | typeof patientFlags | typeof medications | typeof allergies>(
    t: T,
  ) => tx.delete(t).where(and(eq(t.clinicId, clinicId), eq(t.patientId, patientId)));
  if (input.conditions) {
    await del(conditions);
    if (input.conditions.length)
      await tx.insert(conditions).values(
        input.conditions.map((c, position) => ({
          ...scope,
          ...c,
          onsetDate: c.onsetDate ?? null,
          position,
        })),
      );
  }
  if (input.flags) {
    await del(patientFlags);
    if (input.flags.length)
      await tx.insert(patientFlags).values(
        input.flags.map((f, position) => ({
          ...scope,
          flag: f.flag,
          region: f.region ?? null,
          note: f.note ?? null,
          position,
        })),
      );
  }
  if (input.medications) {
    await del(medications);
    if (input.medications.length)
      await tx.insert(medications).values(
        input.medications.map((m, position) => ({
          ...scope,
          name: m.name,
          code: m.code || null,
          dose: m.dose ?? null,
          frequency: m.frequency ?? null,
          position,
        })),
      );
  }
  if (input.allergies) {
    await del(allergies);
    if (input.allergies.length)
      await tx.insert(allergies).values(
        input.allergies.map((a, position) => ({
          ...scope,
          substance: a.substance,
          code: a.code || null,
          reaction: a.reaction ?? null,
          severity: a.severity,
          position,
        })),
      );
  }
}

export async function insertPatient(
  tx: Tx,
  clinicId: string,
  input: PatientCreate,
  now: Date,
): Promise<PatientRow> {
  const [row] = await tx
    .insert(patients)
    .values({
      clinicId,
      givenName: input.givenName,
      familyName: input.familyName,
      birthDate: input.birthDate,
      sex: input.sex,
      phone: input.phone || null,
      email: input.email || null,
      address: input.address ?? null,
      restricted: input.restricted,
      careTeam: input.careTeam,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await replaceChildren(tx, clinicId, row!.id, input);
  return row!;
}

export async function updatePatient(tx: Tx, clinicId: string, id: string, patch: PatientPatch, now: Date) {
  const { conditions: c, flags: f, medications: m, allergies: a, ...fields } = patch;
  const set: Partial<typeof patients.$inferInsert> = { updatedAt: now };
  for (const [k, v] of Object.entries(fields)) {
    (set as Record<string, unknown>)[k] = v === '' ? null : v;
  }
  await tx
    .update(patients)
    .set(set)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, id)));
  await replaceChildren(tx, clinicId, id, { conditions: c, flags: f, medications: m, allergies: a });
}

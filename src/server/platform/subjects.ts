import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { keepPrepared, type Db, type Tx } from '../db/connect.ts';
import type { AuthedContext } from './context.ts';
import { HttpError, notFound } from './errors.ts';
import { patients } from '../db/schema.ts';
import {
  findPatientRow,
  openFoundPatient,
  openPatient,
  type PatientAccess,
  type PatientLoad,
  type PatientRow,
} from './access.ts';

/**
 * A kind of record a route can open by id: a patient, or a record a feature owns (an encounter,
 * an appointment, an outbox message, a user…). The feature says how to find the record in the
 * caller's clinic and which patient it belongs to; the platform applies the compartment rule to
 * that patient (`access.ts`). Features export their kinds from their `index.ts`.
 */
export interface SubjectKind<R = unknown, P extends boolean = boolean> {
  /** Names the record in "No such …" answers, the security matrix and the docs (`encounter`). */
  readonly name: string;
  /** The audit entry's resource type (`Encounter`). */
  readonly resourceType: string;
  /** True when every record of this kind belongs to a patient (the patient's record opens with it). */
  readonly patientData: P;
  /**
   * The record in the caller's clinic and the patient it belongs to (null: not patient data), or
   * null when there is no such record there. Only the clinic is known here: the patient rule is
   * the platform's.
   */
  find(q: Db | Tx, ctx: AuthedContext, id: string): Promise<Found<R, P> | null>;
}

export interface Found<R, P extends boolean> {
  record: R;
  patientId: P extends true ? string : string | null;
  /**
   * The patient's row when the kind read it with the record (in the caller's clinic; null: no such
   * row there): the patient then opens without reading it again.
   */
  patientRow?: PatientRow | null;
}

/** The record a route opened, with its patient once the compartment rule let the caller in. */
export interface Opened<R = unknown, P extends boolean = boolean> {
  kind: SubjectKind<R, P>;
  id: string;
  record: R;
  patient: P extends true ? PatientAccess : PatientAccess | null;
}

const registry = new Map<string, SubjectKind>();

/** Declares a kind (once per name); the security matrix lists every declared kind. */
export function defineSubject<R, P extends boolean>(kind: SubjectKind<R, P>): SubjectKind<R, P> {
  const known = registry.get(kind.name);
  if (known && known !== (kind as SubjectKind))
    throw new Error(`subject kind ${kind.name} is declared twice`);
  registry.set(kind.name, kind);
  return kind;
}

export function subjectKinds(): SubjectKind[] {
  return [...registry.values()];
}

/** The patient record itself (opened by `openPatient`, which loads the row). */
export const patientSubject = defineSubject<PatientRow, true>({
  name: 'patient',
  resourceType: 'Patient',
  patientData: true,
  find: async (q, ctx, id) => {
    const row = await findPatientRow(q, ctx.user.clinicId, id);
    return row ? { record: row, patientId: row.id } : null;
  },
});

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opens a subject for a request: finds the record in the caller's clinic, then opens its patient
 * through the compartment rule. Any miss — no such id, another clinic, another patient, a
 * restricted record outside the care team — is the same "No such <kind>" 404 (audited as a
 * refusal by the enforcement point), so a record's existence is never revealed.
 */
export async function openSubject<R, P extends boolean>(
  q: Db | Tx,
  ctx: AuthedContext,
  kind: SubjectKind<R, P>,
  id: string,
  /** For patients: what to read with the row (e.g. its lists) in the statement that checks access. */
  load?: PatientLoad,
): Promise<Opened<R, P>> {
  if (kind === (patientSubject as SubjectKind)) {
    if (!UUID.test(id)) throw notFound(kind.name);
    const access = await openPatient(q, ctx, id, load);
    return { kind, id, record: access.patient as R, patient: access };
  }
  const found = await kind.find(q, ctx, id);
  if (!found) throw notFound(kind.name);
  if (found.patientId === null) return { kind, id, record: found.record, patient: null } as Opened<R, P>;
  try {
    const access =
      found.patientRow !== undefined
        ? await openFoundPatient(q, ctx, found.patientRow?.id === found.patientId ? found.patientRow : null)
        : await openPatient(q, ctx, found.patientId);
    return { kind, id, record: found.record, patient: access };
  } catch (err) {
    // A patient miss reads as a miss of the record itself.
    if (err instanceof HttpError && err.status === 404) throw notFound(kind.name);
    throw err;
  }
}

/** A table whose rows carry their own id and clinic (every clinic-data table does). */
type ClinicTable = PgTable & { id: PgColumn; clinicId: PgColumn };

/**
 * A kind whose records are rows of one table: found by id within the caller's clinic; `patient`
 * names the column holding the patient the row belongs to, `owner` a column that must hold the
 * caller's own user id (records only their owner may open), `where` any further condition. The
 * patient's row is read with the record, in the same statement.
 */
export function tableSubject<T extends ClinicTable, P extends boolean>(spec: {
  name: string;
  resourceType: string;
  table: T;
  patientData: P;
  patient?: PgColumn;
  owner?: PgColumn;
  where?: SQL;
}): SubjectKind<T['$inferSelect'], P> {
  const { table } = spec;
  const source: PgTable = table;
  const p = (name: string) => sql.placeholder(name);
  // Built once per database and prepared (named on PostgreSQL, kept prepared on the embedded
  // engine): every route keyed by a record of this kind opens it with this statement.
  const statementName = `stillpoint_subject_${spec.name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  const prepare = (db: Db | Tx) => {
    const conditions = [eq(table.id, p('id')), eq(table.clinicId, p('clinic'))];
    if (spec.owner) conditions.push(eq(spec.owner, p('user')));
    if (spec.where) conditions.push(spec.where);
    const query = spec.patient
      ? db
          .select({ record: source, patient: patients })
          .from(source)
          .leftJoin(patients, and(eq(patients.id, spec.patient), eq(patients.clinicId, p('clinic'))))
          .where(and(...conditions))
          .limit(1)
      : db
          .select({ record: source })
          .from(source)
          .where(and(...conditions))
          .limit(1);
    keepPrepared(db, statementName, query.toSQL().sql);
    return query.prepare(statementName);
  };
  const prepared = new WeakMap<Db | Tx, ReturnType<typeof prepare>>();
  return defineSubject<T['$inferSelect'], P>({
    name: spec.name,
    resourceType: spec.resourceType,
    patientData: spec.patientData,
    find: async (q, ctx, id) => {
      if (!UUID.test(id)) return null;
      let query = prepared.get(q);
      if (!query) prepared.set(q, (query = prepare(q)));
      const [found] = (await query.execute({ id, clinic: ctx.user.clinicId, user: ctx.user.id })) as {
        record: T['$inferSelect'];
        patient?: PatientRow | null;
      }[];
      if (!found) return null;
      if (!spec.patient)
        return { record: found.record, patientId: null as Found<T['$inferSelect'], P>['patientId'] };
      const patientId = (found.record as Record<string, unknown>)[columnKey(table, spec.patient)];
      return {
        record: found.record,
        patientId: (patientId ?? null) as Found<T['$inferSelect'], P>['patientId'],
        patientRow: found.patient ?? null,
      };
    },
  });
}

/** The property name under which drizzle returns a column of a table. */
function columnKey(table: PgTable, column: PgColumn): string {
  const columns = getTableColumns(table);
  const key = Object.keys(columns).find((k) => columns[k] === column);
  if (!key) throw new Error(`column ${column.name} is not a column of this table`);
  return key;
}

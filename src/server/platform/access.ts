import { and, eq, gt, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { builtOnce, rowOf, type Db, type Tx } from '../db/connect.ts';
import { breakGlassGrants, patients } from '../db/schema.ts';
import type { AuthedContext } from './context.ts';
import { HttpError, notFound, problemType } from './errors.ts';

/**
 * The compartment rule: the one place where the platform decides whether a caller may open a
 * patient's record, and what staff see of a record they may not open. Routes declare the subject
 * they open (`route.ts`); the enforcement point (`app.ts`) calls `openPatient` before the handler
 * runs, and lists, search and exports use `visibleInFull` / `limitedPatient`.
 */

export type PatientRow = typeof patients.$inferSelect;
type Q = Db | Tx;

export interface PatientAccess<P extends PatientRow = PatientRow> {
  patient: P;
  /** Set when the record opened only through an emergency ("break-glass") grant. */
  emergency: { expiresAt: Date; reason: string } | null;
}

/**
 * What a route reads with the patient record it opens, in the statement that opens it: extra
 * columns over the `patients` row (e.g. its lists as JSON, keyed to `patients.id`) and how the row
 * the handler gets is made of them.
 */
export interface PatientLoad<P extends PatientRow = PatientRow> {
  columns: (clinicId: string | Placeholder) => Record<string, SQL>;
  assemble: (row: PatientRow, extra: Record<string, unknown>) => P;
}

/** The row alone. */
export const plainPatient: PatientLoad = { columns: () => ({}), assemble: (row) => row };

/** The row and what `load` reads with it, in one statement. */
export async function loadPatient<P extends PatientRow>(
  q: Q,
  clinicId: string,
  id: string,
  load: PatientLoad<P>,
): Promise<P | null> {
  const [row] = await q
    .select({ patient: patients, ...load.columns(clinicId) })
    .from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, id)));
  if (!row) return null;
  const { patient, ...extra } = row as { patient: PatientRow } & Record<string, unknown>;
  return load.assemble(patient, extra);
}

export async function findPatientRow(q: Q, clinicId: string, id: string): Promise<PatientRow | null> {
  const [row] = await patientRow(q, { clinicId, id });
  return row ? rowOf(patients, row) : null;
}

// Every route that opens the patient its body or path names sends it (a booking, a visit, a
// plan…): built once, so PostgreSQL plans it once per connection and PGlite keeps it prepared.
const patientRow = builtOnce<Record<string, unknown>>(
  'stillpoint_patient_row',
  () => sql`select * from ${patients}
    where ${patients.clinicId} = ${sql.placeholder('clinicId')}::uuid and ${patients.id} = ${sql.placeholder('id')}::uuid`,
);

/** The caller's newest live emergency grant on a patient, if any. */
export async function activeGrant(q: Q, clinicId: string, userId: string, patientId: string, now: Date) {
  const [row] = await q
    .select()
    .from(breakGlassGrants)
    .where(
      and(
        eq(breakGlassGrants.clinicId, clinicId),
        eq(breakGlassGrants.userId, userId),
        eq(breakGlassGrants.patientId, patientId),
        gt(breakGlassGrants.expiresAt, now),
      ),
    )
    .orderBy(sql`${breakGlassGrants.expiresAt} desc`)
    .limit(1);
  return row ?? null;
}

/** Whether the caller sees this record in full without a grant: admins, the patient, the care team. */
export function seesInFull(ctx: AuthedContext, row: Pick<PatientRow, 'restricted' | 'careTeam'>): boolean {
  const { user } = ctx;
  return (
    !row.restricted || user.role === 'admin' || user.role === 'patient' || row.careTeam.includes(user.id)
  );
}

/**
 * The one rule for opening a patient record: same clinic; a patient only their own record;
 * restricted records only for admins and the care team, or through a live emergency grant.
 * Anything else is "not found", so a record's existence is not revealed.
 */
export async function openPatient<P extends PatientRow = PatientRow>(
  q: Q,
  ctx: AuthedContext,
  patientId: string,
  /** What to read with the row (e.g. its lists); the rule below is the same whatever is loaded. */
  load?: PatientLoad<P>,
): Promise<PatientAccess<P>> {
  const { user } = ctx;
  if (user.role === 'patient' && user.patientId !== patientId) throw notFound('patient');
  const patient = load
    ? await loadPatient(q, user.clinicId, patientId, load)
    : ((await findPatientRow(q, user.clinicId, patientId)) as P | null);
  return openFoundPatient(q, ctx, patient);
}

/**
 * `openPatient` for a row already read (in the caller's clinic, e.g. with the record that belongs
 * to it): the same rule, without reading the row again. Null is "no such patient".
 */
export async function openFoundPatient<P extends PatientRow>(
  q: Q,
  ctx: AuthedContext,
  patient: P | null,
): Promise<PatientAccess<P>> {
  const { user } = ctx;
  if (!patient || patient.clinicId !== user.clinicId) throw notFound('patient');
  if (user.role === 'patient' && user.patientId !== patient.id) throw notFound('patient');
  if (seesInFull(ctx, patient)) return { patient: notMerged(patient), emergency: null };
  const grant = await activeGrant(q, user.clinicId, user.id, patient.id, ctx.now);
  return patientAccess(patient, grant);
}

/**
 * The rule's answer for a record the caller does not see in full: open through a live emergency
 * grant, else "not found"; a merged record answers where the person's record is now.
 */
export function patientAccess<P extends PatientRow>(
  patient: P,
  grant: { expiresAt: Date; reason: string } | null,
): PatientAccess<P> {
  if (!grant) throw notFound('patient');
  return { patient: notMerged(patient), emergency: { expiresAt: grant.expiresAt, reason: grant.reason } };
}

/**
 * A merged record is a tombstone: opening it (once the access rule allowed it) answers where the
 * person's record is now, and nothing can be done to it.
 */
export function notMerged<P extends PatientRow>(patient: P): P {
  if (!patient.mergedIntoId) return patient;
  throw new HttpError(
    410,
    'Record merged',
    `This record was merged into another record on ${patient.mergedAt!.toISOString().slice(0, 10)}. Open that record instead.`,
    { type: problemType('patient-merged'), extra: { mergedIntoId: patient.mergedIntoId } },
  );
}

/**
 * The patient a list is about: a patient always their own (asking for another is "not found");
 * staff may filter by any patient, or list the whole clinic (undefined).
 */
export function listPatientScope(ctx: AuthedContext, requested: string | undefined): string | undefined {
  if (ctx.user.role !== 'patient') return requested;
  if (requested && requested !== ctx.user.patientId) throw notFound('patient');
  return ctx.user.patientId!;
}

/**
 * The list form of `seesInFull`, as SQL over the `patients` table: true for rows the caller sees in
 * full. Lists, search and exports select it (`whole`) and pass rows the caller may not see in full
 * through `limitedPatient`; undefined when the caller sees every row in full.
 */
export function visibleInFull(ctx: AuthedContext) {
  return ctx.user.role === 'admin' || ctx.user.role === 'patient'
    ? undefined
    : sql<boolean>`(not ${patients.restricted} or ${patients.careTeam} @> ${JSON.stringify([ctx.user.id])}::jsonb)`;
}

/**
 * `visibleInFull` as a selectable column (true when everybody's rows are seen in full). A list
 * filtered by one patient the caller has just opened (`openPatient`) shows that patient in full:
 * pass `opened: true`.
 */
export function wholeColumn(ctx: AuthedContext, opened = false) {
  return (opened ? undefined : visibleInFull(ctx)) ?? sql<boolean>`true`;
}

/**
 * What staff outside the care team see of a restricted patient in any list, search or export: the
 * name and date of birth (enough to find and book them), and that the record is restricted.
 * Nothing else: no contact details, flags, reasons for visits or clinical data.
 */
export interface LimitedPatient {
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  birthDate: string | null;
  restricted: true;
  limited: true;
}

export function limitedPatient(
  row: Pick<PatientRow, 'id' | 'givenName' | 'familyName' | 'birthDate'>,
): LimitedPatient {
  return {
    id: row.id,
    name: `${row.givenName} ${row.familyName}`,
    givenName: row.givenName,
    familyName: row.familyName,
    birthDate: row.birthDate,
    restricted: true,
    limited: true,
  };
}

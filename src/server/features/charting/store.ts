import { randomUUID } from 'node:crypto';
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  ne,
  sql,
  type SQL,
  type Table,
} from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../../db/connect.ts';
import { clinics, conditions, patientFlags, practitioners, users } from '../../db/schema.ts';
import {
  clinicOmtSettings,
  encounterDiagnoses,
  encounterFindings,
  encounterNotes,
  encounterRom,
  encounterTechniques,
  encounterTreatments,
  encounters,
  noteAmendments,
} from './tables.ts';

/** All SQL of charting. Every query names the clinic: it is the tenancy boundary. */
type Q = Db | Tx;

export type EncounterRow = typeof encounters.$inferSelect;
export type FindingRow = typeof encounterFindings.$inferSelect;
export type DiagnosisRow = typeof encounterDiagnoses.$inferSelect;
export type RomRow = typeof encounterRom.$inferSelect;
export type TreatmentRow = typeof encounterTreatments.$inferSelect;
export type TechniqueRow = typeof encounterTechniques.$inferSelect;
export type NoteRow = typeof encounterNotes.$inferSelect;
export type AmendmentRow = typeof noteAmendments.$inferSelect;

export interface OmtSettings {
  safetyPolicy: 'strict' | 'lenient';
  allowContraindicatedOverride: boolean;
  updatedAt: Date | null;
}

export async function getSettings(q: Q, clinicId: string): Promise<OmtSettings> {
  const [row] = await q.select().from(clinicOmtSettings).where(eq(clinicOmtSettings.clinicId, clinicId));
  return {
    safetyPolicy: row?.safetyPolicy === 'lenient' ? 'lenient' : 'strict',
    allowContraindicatedOverride: row?.allowContraindicatedOverride ?? false,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function upsertSettings(
  tx: Tx,
  clinicId: string,
  patch: Partial<Pick<OmtSettings, 'safetyPolicy' | 'allowContraindicatedOverride'>>,
  userId: string,
  now: Date,
): Promise<void> {
  const current = await getSettings(tx, clinicId);
  const next = {
    safetyPolicy: patch.safetyPolicy ?? current.safetyPolicy,
    allowContraindicatedOverride: patch.allowContraindicatedOverride ?? current.allowContraindicatedOverride,
    updatedAt: now,
    updatedBy: userId,
  };
  await tx
    .insert(clinicOmtSettings)
    .values({ clinicId, ...next })
    .onConflictDoUpdate({ target: clinicOmtSettings.clinicId, set: next });
}

/** The clinic's zone, name and OMT settings in one query. */
export async function clinicScope(q: Q, clinicId: string) {
  const [row] = await q
    .select({
      timeZone: clinics.timeZone,
      name: clinics.name,
      safetyPolicy: clinicOmtSettings.safetyPolicy,
      allowContraindicatedOverride: clinicOmtSettings.allowContraindicatedOverride,
      updatedAt: clinicOmtSettings.updatedAt,
    })
    .from(clinics)
    .leftJoin(clinicOmtSettings, eq(clinicOmtSettings.clinicId, clinics.id))
    .where(eq(clinics.id, clinicId));
  const settings: OmtSettings = {
    safetyPolicy: row?.safetyPolicy === 'lenient' ? 'lenient' : 'strict',
    allowContraindicatedOverride: row?.allowContraindicatedOverride ?? false,
    updatedAt: row?.updatedAt ?? null,
  };
  return { timeZone: row?.timeZone ?? 'UTC', clinicName: row?.name ?? '', settings };
}

export async function findPractitioner(q: Q, clinicId: string, id: string) {
  const [row] = await q
    .select()
    .from(practitioners)
    .where(and(eq(practitioners.clinicId, clinicId), eq(practitioners.id, id)));
  return row ?? null;
}

export async function practitionerOfUser(q: Q, clinicId: string, userId: string) {
  const [row] = await q
    .select()
    .from(practitioners)
    .where(
      and(
        eq(practitioners.clinicId, clinicId),
        eq(practitioners.userId, userId),
        eq(practitioners.active, true),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function practitionerNames(q: Q, clinicId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; userId: string | null }>();
  const rows = await q
    .select({ id: practitioners.id, name: practitioners.name, userId: practitioners.userId })
    .from(practitioners)
    .where(and(eq(practitioners.clinicId, clinicId), inArray(practitioners.id, ids)));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function userName(q: Q, clinicId: string, id: string): Promise<string | null> {
  const [row] = await q
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.clinicId, clinicId), eq(users.id, id)));
  return row?.name ?? null;
}

export interface ChartingScopeRow {
  timeZone: string;
  clinicName: string;
  settings: OmtSettings;
  conditions: { code: string; display: string; clinicalStatus: string }[];
  flags: { flag: string; region: string | null }[];
  practitioner: { id: string; name: string; userId: string | null } | null;
}

/**
 * Everything a charting use case reads about the clinic, the patient and the practitioner, in one
 * round trip: zone, name and OMT settings; coded conditions and flags; the practitioner's name.
 */
export async function chartingScope(
  q: Q,
  clinicId: string,
  patientId: string,
  practitionerId: string | null,
): Promise<ChartingScopeRow> {
  const [row] = await rawRows<{
    time_zone: string;
    name: string;
    safety_policy: string | null;
    allow_override: boolean | null;
    settings_updated_at: string | Date | null;
    conditions: ChartingScopeRow['conditions'] | null;
    flags: ChartingScopeRow['flags'] | null;
    practitioner: ChartingScopeRow['practitioner'];
  }>(
    q,
    sql`select c.time_zone, c.name, s.safety_policy, s.allow_contraindicated_override as allow_override,
      s.updated_at as settings_updated_at,
      (select json_agg(json_build_object('code', x.code, 'display', x.display, 'clinicalStatus', x.clinical_status) order by x.position)
         from ${conditions} x where x.clinic_id = ${clinicId} and x.patient_id = ${patientId}) as conditions,
      (select json_agg(json_build_object('flag', f.flag, 'region', f.region) order by f.position)
         from ${patientFlags} f where f.clinic_id = ${clinicId} and f.patient_id = ${patientId}) as flags,
      (select json_build_object('id', p.id, 'name', p.name, 'userId', p.user_id)
         from ${practitioners} p where p.clinic_id = ${clinicId} and p.id = ${practitionerId}) as practitioner
    from ${clinics} c left join ${clinicOmtSettings} s on s.clinic_id = c.id
    where c.id = ${clinicId}`,
  );
  return {
    timeZone: row?.time_zone ?? 'UTC',
    clinicName: row?.name ?? '',
    settings: {
      safetyPolicy: row?.safety_policy === 'lenient' ? 'lenient' : 'strict',
      allowContraindicatedOverride: row?.allow_override ?? false,
      updatedAt: row?.settings_updated_at ? new Date(row.settings_updated_at) : null,
    },
    conditions: row?.conditions ?? [],
    flags: row?.flags ?? [],
    practitioner: row?.practitioner ?? null,
  };
}

/** Locks the encounter row for the rest of the transaction: saves and signing are serialised. */
export async function lockEncounter(tx: Tx, clinicId: string, id: string): Promise<EncounterRow | null> {
  const [row] = await tx
    .select()
    .from(encounters)
    .where(and(eq(encounters.clinicId, clinicId), eq(encounters.id, id)))
    .for('update');
  return row ?? null;
}

export async function listEncounters(
  q: Q,
  clinicId: string,
  patientId: string,
  opts: { signedOnly?: boolean; limit?: number } = {},
) {
  const where = [
    eq(encounters.clinicId, clinicId),
    eq(encounters.patientId, patientId),
    opts.signedOnly ? eq(encounters.status, 'signed') : ne(encounters.status, 'discarded'),
  ];
  return q
    .select()
    .from(encounters)
    .where(and(...where))
    .orderBy(desc(encounters.occurredAt), desc(encounters.createdAt))
    .limit(opts.limit ?? 200);
}

const DRAFT_LOCK_CLASS = 4_802;

/**
 * Serialises "start a visit" per patient until commit, so two clicks (or two clinicians' tabs) can
 * never both find no open draft and both create one.
 */
export async function lockPatientDrafts(tx: Tx, patientId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${DRAFT_LOCK_CLASS}, hashtext(${patientId}))`);
}

/**
 * The patient's open drafts of one practitioner, newest first. A visit without a practitioner (an
 * administrator charting) belongs to whoever started it.
 */
export async function openDrafts(
  q: Q,
  clinicId: string,
  patientId: string,
  practitionerId: string | null,
  author: string,
) {
  return q
    .select()
    .from(encounters)
    .where(
      and(
        eq(encounters.clinicId, clinicId),
        eq(encounters.patientId, patientId),
        eq(encounters.status, 'draft'),
        practitionerId
          ? eq(encounters.practitionerId, practitionerId)
          : and(isNull(encounters.practitionerId), eq(encounters.createdBy, author)),
      ),
    )
    .orderBy(desc(encounters.occurredAt));
}

/** The live (not discarded) visit that documents an appointment. */
export async function encounterOfAppointment(q: Q, clinicId: string, appointmentId: string) {
  const [row] = await q
    .select()
    .from(encounters)
    .where(
      and(
        eq(encounters.clinicId, clinicId),
        eq(encounters.appointmentId, appointmentId),
        ne(encounters.status, 'discarded'),
      ),
    );
  return row ?? null;
}

export async function linkAppointment(tx: Tx, clinicId: string, id: string, appointmentId: string) {
  const [row] = await tx
    .update(encounters)
    .set({ appointmentId })
    .where(and(eq(encounters.clinicId, clinicId), eq(encounters.id, id), eq(encounters.status, 'draft')))
    .returning();
  return row ?? null;
}

export async function markDiscarded(
  tx: Tx,
  clinicId: string,
  id: string,
  userId: string,
  at: Date,
  reason: string,
) {
  const [row] = await tx
    .update(encounters)
    .set({ status: 'discarded', discardedAt: at, discardedBy: userId, discardReason: reason, updatedAt: at })
    .where(and(eq(encounters.clinicId, clinicId), eq(encounters.id, id), eq(encounters.status, 'draft')))
    .returning();
  return row ?? null;
}

export async function latestSignedEncounter(q: Q, clinicId: string, patientId: string) {
  const [row] = await q
    .select()
    .from(encounters)
    .where(
      and(
        eq(encounters.clinicId, clinicId),
        eq(encounters.patientId, patientId),
        eq(encounters.status, 'signed'),
      ),
    )
    .orderBy(desc(encounters.occurredAt), desc(encounters.signedAt))
    .limit(1);
  return row ?? null;
}

export type EncounterFields = Omit<
  typeof encounters.$inferInsert,
  'id' | 'clinicId' | 'patientId' | 'createdBy' | 'status' | 'createdAt' | 'signedAt' | 'signedBy' | 'version'
>;

export async function insertEncounter(
  tx: Tx,
  values: EncounterFields & { clinicId: string; patientId: string; createdBy: string; createdAt: Date },
): Promise<EncounterRow> {
  const [row] = await tx
    .insert(encounters)
    .values({ ...values, status: 'draft', version: 0 })
    .returning();
  return row!;
}

export async function updateEncounter(
  tx: Tx,
  clinicId: string,
  id: string,
  fields: EncounterFields,
): Promise<EncounterRow> {
  const [row] = await tx
    .update(encounters)
    .set({ ...fields, version: sql`${encounters.version} + 1` })
    .where(and(eq(encounters.clinicId, clinicId), eq(encounters.id, id)))
    .returning();
  return row!;
}

export async function markSigned(tx: Tx, clinicId: string, id: string, userId: string, at: Date) {
  const [row] = await tx
    .update(encounters)
    .set({ status: 'signed', signedAt: at, signedBy: userId, updatedAt: at })
    .where(and(eq(encounters.clinicId, clinicId), eq(encounters.id, id), eq(encounters.status, 'draft')))
    .returning();
  return row ?? null;
}

export interface ChildRows {
  findings: Omit<typeof encounterFindings.$inferInsert, 'clinicId' | 'encounterId'>[];
  diagnoses: Omit<typeof encounterDiagnoses.$inferInsert, 'clinicId' | 'encounterId'>[];
  rom: Omit<typeof encounterRom.$inferInsert, 'clinicId' | 'encounterId'>[];
  treatments: (Omit<typeof encounterTreatments.$inferInsert, 'clinicId' | 'encounterId'> & {
    techniques: Omit<typeof encounterTechniques.$inferInsert, 'clinicId' | 'encounterId' | 'treatmentId'>[];
  })[];
}

/**
 * Replaces the exam, ROM and treatment rows of a draft (the triggers refuse it once signed) in two
 * statements: the deletes, then every insert in one statement. Treatment ids are chosen here so the
 * techniques can point at them; the foreign keys are checked at the end of each statement.
 */
export async function replaceChildren(tx: Tx, clinicId: string, encounterId: string, rows: ChildRows) {
  const scope = <
    T extends
      | typeof encounterFindings
      | typeof encounterDiagnoses
      | typeof encounterRom
      | typeof encounterTreatments
      | typeof encounterTechniques,
  >(
    t: T,
  ) => and(eq(t.clinicId, clinicId), eq(t.encounterId, encounterId));
  // Deletes and inserts stay in separate statements: sub-statements of one WITH run in no set order,
  // so an insert could meet the (encounter, region) row it replaces.
  await tx.execute(sql`with
      t as (delete from ${encounterTechniques} where ${scope(encounterTechniques)}),
      tr as (delete from ${encounterTreatments} where ${scope(encounterTreatments)}),
      d as (delete from ${encounterDiagnoses} where ${scope(encounterDiagnoses)}),
      f as (delete from ${encounterFindings} where ${scope(encounterFindings)})
    delete from ${encounterRom} where ${scope(encounterRom)}`);
  const own = { clinicId, encounterId };
  const treatments = rows.treatments.map(({ techniques, ...r }) => ({
    row: { ...r, ...own, id: randomUUID() },
    techniques,
  }));
  // Embedded as SQL (getSQL), not as query builders: drizzle would wrap those in parentheses.
  const inserts: SQL[] = [];
  if (rows.findings.length)
    inserts.push(
      tx
        .insert(encounterFindings)
        .values(rows.findings.map((r) => ({ ...r, ...own })))
        .getSQL(),
    );
  if (rows.diagnoses.length)
    inserts.push(
      tx
        .insert(encounterDiagnoses)
        .values(rows.diagnoses.map((r) => ({ ...r, ...own })))
        .getSQL(),
    );
  if (rows.rom.length)
    inserts.push(
      tx
        .insert(encounterRom)
        .values(rows.rom.map((r) => ({ ...r, ...own })))
        .getSQL(),
    );
  if (treatments.length)
    inserts.push(
      tx
        .insert(encounterTreatments)
        .values(treatments.map((t) => t.row))
        .getSQL(),
    );
  const techniques = treatments.flatMap((t) =>
    t.techniques.map((tech) => ({ ...tech, ...own, treatmentId: t.row.id })),
  );
  if (techniques.length) inserts.push(tx.insert(encounterTechniques).values(techniques).getSQL());
  if (inserts.length === 0) return;
  const last = inserts.pop()!;
  await tx.execute(
    inserts.length
      ? sql`with ${sql.join(
          inserts.map((q, i) => sql`${sql.raw(`i${i}`)} as (${q})`),
          sql`, `,
        )} ${last}`
      : sql`${last}`,
  );
}

export interface LoadedChildren {
  findings: FindingRow[];
  diagnoses: DiagnosisRow[];
  rom: RomRow[];
  treatments: TreatmentRow[];
  techniques: TechniqueRow[];
}

/** The property name of each database column of a table (`fryette_type` → `fryetteType`). */
function columnKeys(table: Table): Map<string, string> {
  return new Map(Object.entries(getTableColumns(table)).map(([key, col]) => [col.name, key]));
}

const CHILD_TABLES = {
  findings: encounterFindings,
  diagnoses: encounterDiagnoses,
  rom: encounterRom,
  treatments: encounterTreatments,
  techniques: encounterTechniques,
} as const;
const CHILD_KEYS = Object.fromEntries(
  Object.entries(CHILD_TABLES).map(([name, table]) => [name, columnKeys(table)]),
) as Record<keyof LoadedChildren, Map<string, string>>;

/**
 * Exam, ROM and treatment rows of several encounters at once, in one round trip (each table's rows
 * as a JSON array, in charted order). Every column of these tables is JSON-safe (text, numbers,
 * booleans, jsonb), so rows come back as the typed selects would return them.
 */
export async function loadChildren(q: Q, clinicId: string, encounterIds: string[]): Promise<LoadedChildren> {
  if (encounterIds.length === 0)
    return { findings: [], diagnoses: [], rom: [], treatments: [], techniques: [] };
  const names = Object.keys(CHILD_TABLES) as (keyof LoadedChildren)[];
  const agg = (table: (typeof CHILD_TABLES)[keyof LoadedChildren]) =>
    sql`(select coalesce(json_agg(x order by x.position), '[]'::json) from ${table} x
          where x.clinic_id = ${clinicId} and ${inArray(sql`x.encounter_id`, encounterIds)})`;
  const [row] = await rawRows<Record<keyof LoadedChildren, Record<string, unknown>[]>>(
    q,
    sql`select ${sql.join(
      names.map((n) => sql`${agg(CHILD_TABLES[n])} as ${sql.raw(n)}`),
      sql`, `,
    )}`,
  );
  const out = {} as Record<keyof LoadedChildren, unknown[]>;
  for (const n of names) {
    const keys = CHILD_KEYS[n];
    out[n] = (row?.[n] ?? []).map((r) =>
      Object.fromEntries(Object.entries(r).map(([col, v]) => [keys.get(col) ?? col, v])),
    );
  }
  return out as unknown as LoadedChildren;
}

export async function insertNote(tx: Tx, values: typeof encounterNotes.$inferInsert): Promise<NoteRow> {
  const [row] = await tx.insert(encounterNotes).values(values).returning();
  return row!;
}

export async function findNote(q: Q, clinicId: string, encounterId: string): Promise<NoteRow | null> {
  const [row] = await q
    .select()
    .from(encounterNotes)
    .where(and(eq(encounterNotes.clinicId, clinicId), eq(encounterNotes.encounterId, encounterId)));
  return row ?? null;
}

export async function listAmendments(q: Q, clinicId: string, noteId: string): Promise<AmendmentRow[]> {
  return q
    .select()
    .from(noteAmendments)
    .where(and(eq(noteAmendments.clinicId, clinicId), eq(noteAmendments.noteId, noteId)))
    .orderBy(asc(noteAmendments.createdAt), asc(noteAmendments.id));
}

export async function insertAmendment(
  tx: Tx,
  values: typeof noteAmendments.$inferInsert,
): Promise<AmendmentRow> {
  const [row] = await tx.insert(noteAmendments).values(values).returning();
  return row!;
}

import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { builtOnce, jsonRowsInsert, parsedJson, rawRows, rowOf, type Db, type Tx } from '../../db/connect.ts';
import { clinics, conditions, patientFlags, practitioners, users } from '../../db/schema.ts';
import { auditRowsInsert, type AuditJsonRow } from '../../platform/audit.ts';
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

/** The columns of a `ChartingScopeRow`, over `clinics c left join clinic_omt_settings s`. */
function scopeColumns(clinicId: SQL, patientId: SQL, practitioner: SQL) {
  return sql`c.time_zone, c.name as clinic_name, s.safety_policy as omt_safety_policy,
      s.allow_contraindicated_override as allow_override, s.updated_at as settings_updated_at,
      (select json_agg(json_build_object('code', x.code, 'display', x.display, 'clinicalStatus', x.clinical_status) order by x.position)
         from ${conditions} x where x.clinic_id = ${clinicId} and x.patient_id = ${patientId}) as conditions,
      (select json_agg(json_build_object('flag', f.flag, 'region', f.region) order by f.position)
         from ${patientFlags} f where f.clinic_id = ${clinicId} and f.patient_id = ${patientId}) as flags,
      (select json_build_object('id', p.id, 'name', p.name, 'userId', p.user_id)
         from ${practitioners} p where p.clinic_id = ${clinicId} and p.id = ${practitioner}) as practitioner`;
}

interface ScopeColumns {
  time_zone: string;
  clinic_name: string;
  omt_safety_policy: string | null;
  allow_override: boolean | null;
  settings_updated_at: string | Date | null;
  conditions: ChartingScopeRow['conditions'] | null;
  flags: ChartingScopeRow['flags'] | null;
  practitioner: ChartingScopeRow['practitioner'];
}

function scopeOf(row: ScopeColumns | undefined): ChartingScopeRow {
  return {
    timeZone: row?.time_zone ?? 'UTC',
    clinicName: row?.clinic_name ?? '',
    settings: {
      safetyPolicy: row?.omt_safety_policy === 'lenient' ? 'lenient' : 'strict',
      allowContraindicatedOverride: row?.allow_override ?? false,
      updatedAt: row?.settings_updated_at ? new Date(row.settings_updated_at) : null,
    },
    conditions: row?.conditions ?? [],
    flags: row?.flags ?? [],
    practitioner: row?.practitioner ?? null,
  };
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
  const [row] = await scopeQuery(q, { clinicId, patientId, practitionerId });
  return scopeOf(row);
}

const P = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}`;

/**
 * The charting scope of the placeholders clinicId, patientId and practitionerId, with `more`
 * columns when given (over the same `clinics c`).
 */
const scopeSelect = (more?: SQL) =>
  sql`select ${scopeColumns(P('clinicId', 'uuid'), P('patientId', 'uuid'), P('practitionerId', 'uuid'))}${more ? sql`, ${more}` : sql``}
    from ${clinics} c left join ${clinicOmtSettings} s on s.clinic_id = c.id
    where c.id = ${P('clinicId', 'uuid')}`;

/** `chartingScope`'s read, built once (`builtOnce`). */
const scopeQuery = builtOnce<ScopeColumns>('stillpoint_chart_scope', () => scopeSelect());

/**
 * A visit's view reads in one round trip: the charting scope (as `chartingScope`) and the visit's
 * exam, ROM and treatment rows (as `loadChildren`), storing the read's audit entry (`audit`,
 * `SuccessEntry.row()`) in the same statement when given. Built once (`builtOnce`).
 */
export async function visitReads(
  q: Q,
  clinicId: string,
  patientId: string,
  practitionerId: string | null,
  encounterId: string,
  audit?: AuditJsonRow,
): Promise<{ scope: ChartingScopeRow; children: LoadedChildren }> {
  const [row] = await visitReadsQuery(q, {
    clinicId,
    patientId,
    practitionerId,
    encounterId,
    audit: JSON.stringify(audit ? [audit] : []),
  });
  return { scope: scopeOf(row), children: childrenOf(row) };
}

const visitReadsQuery = builtOnce<ScopeColumns & RawChildren>(
  'stillpoint_visit_reads',
  () => sql`with before as (${auditRowsInsert('audit')})
    ${scopeSelect(childColumns(P('clinicId', 'uuid'), sql`= ${P('encounterId', 'uuid')}`))}`,
);

/**
 * Locks the encounter row for the rest of the transaction (saves and signing are serialised) and
 * reads the charting scope with it, in one statement. The practitioner read is the one named
 * (`undefined`: the visit's own; null: none).
 */
export async function lockWithScope(
  tx: Tx,
  clinicId: string,
  id: string,
  patientId: string,
  practitionerId: string | null | undefined,
): Promise<{ encounter: EncounterRow; scope: ChartingScopeRow } | null> {
  const [row] =
    practitionerId === undefined
      ? await lockQuery.own(tx, { clinicId, id, patientId })
      : await lockQuery.named(tx, { clinicId, id, patientId, practitionerId });
  if (!row) return null;
  return {
    encounter: rowOf(encounters, parsedJson<Record<string, unknown>>(row.encounter)!),
    scope: scopeOf(row),
  };
}

type LockedRow = ScopeColumns & { encounter: Record<string, unknown> | string };
const lockSql = (practitioner: SQL) => sql`select row_to_json(e) as encounter,
      ${scopeColumns(P('clinicId', 'uuid'), P('patientId', 'uuid'), practitioner)}
    from ${encounters} e join ${clinics} c on c.id = e.clinic_id
      left join ${clinicOmtSettings} s on s.clinic_id = c.id
    where e.clinic_id = ${P('clinicId', 'uuid')} and e.id = ${P('id', 'uuid')}
    for update of e`;
/** `lockWithScope`'s statement, built once: with the visit's own practitioner, or the one named. */
const lockQuery = {
  own: builtOnce<LockedRow>('stillpoint_chart_lock_own', () => lockSql(sql`e.practitioner_id`)),
  named: builtOnce<LockedRow>('stillpoint_chart_lock', () => lockSql(P('practitionerId', 'uuid'))),
};

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

/**
 * Saves a draft's fields (its version moves on) and deletes its exam, ROM and treatment rows in
 * one statement; `insertChildren` then writes the new ones.
 */
export async function updateEncounter(
  tx: Tx,
  clinicId: string,
  id: string,
  fields: SavedFields,
): Promise<EncounterRow> {
  const values: Record<string, unknown> = { clinicId, id };
  const columns = getTableColumns(encounters);
  for (const key of UPDATED_FIELDS) {
    const v = fields[key];
    values[key] = v === null || v === undefined ? null : columns[key].mapToDriverValue(v);
  }
  const [row] = await updateQuery(tx, values);
  return rowOf(encounters, parsedJson<Record<string, unknown>>(row!.encounter)!);
}

/** The fields a save writes (`EncounterFields`); the statement below sets each of them. */
const UPDATED_FIELDS = [
  'practitionerId',
  'occurredAt',
  'chiefComplaint',
  'historyUpdate',
  'painBefore',
  'painAfter',
  'consentOmt',
  'consentHvla',
  'consentNote',
  'sameDayEm',
  'redFlagReason',
  'noteAdditions',
  'followUp',
  'safetyPolicy',
  'updatedAt',
] as const satisfies readonly (keyof EncounterFields)[];

/** Every field a save writes, each given (null clears it). */
export type SavedFields = { [K in (typeof UPDATED_FIELDS)[number]]-?: EncounterFields[K] | null };

/**
 * `updateEncounter`'s statement, built once: the deletes of every exam, ROM and treatment row of the
 * visit (the triggers refuse them once it is signed) as CTEs, then its fields. The new rows are
 * inserted by a later statement (`insertChildren`): sub-statements of one WITH run in no set order,
 * so an insert could meet the (encounter, region) row it replaces.
 */
const updateQuery = builtOnce<{ encounter: Record<string, unknown> | string }>(
  'stillpoint_chart_update',
  () => {
    const columns = getTableColumns(encounters);
    const del = (name: string, t: ChildTable) =>
      sql`${sql.raw(name)} as (delete from ${t} where clinic_id = ${P('clinicId', 'uuid')} and encounter_id = ${P('id', 'uuid')})`;
    return sql`with ${sql.join(
      [
        del('del_techniques', encounterTechniques),
        del('del_treatments', encounterTreatments),
        del('del_diagnoses', encounterDiagnoses),
        del('del_findings', encounterFindings),
        del('del_rom', encounterRom),
      ],
      sql`, `,
    )}
    update ${encounters} set ${sql.join(
      UPDATED_FIELDS.map(
        (key) => sql`${sql.identifier(columns[key].name)} = ${P(key, columns[key].getSQLType())}`,
      ),
      sql`, `,
    )}, version = ${encounters}.version + 1
    where ${encounters}.clinic_id = ${P('clinicId', 'uuid')} and ${encounters}.id = ${P('id', 'uuid')}
    returning row_to_json(${encounters}) as encounter`;
  },
);

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

type ChildTable =
  | typeof encounterFindings
  | typeof encounterDiagnoses
  | typeof encounterRom
  | typeof encounterTreatments
  | typeof encounterTechniques;

/**
 * Writes the exam, ROM and treatment rows of an encounter that has none (new, or whose rows
 * `updateEncounter` deleted) in one statement, with the save's audit entry when given. The
 * statement is built once (`builtOnce`; named on PostgreSQL): each table's rows travel as one JSON
 * array, so a chart of any size is the same statement with seven parameters. Treatment ids are
 * chosen here so the techniques can point at them; the foreign keys are checked at the end of the
 * statement (sub-statements of one WITH run in no set order).
 */
export async function insertChildren(
  tx: Tx,
  clinicId: string,
  encounterId: string,
  rows: ChildRows,
  audit?: AuditJsonRow,
) {
  const treatments = rows.treatments.map(({ techniques, ...r }) => ({
    row: { ...r, id: randomUUID() },
    techniques,
  }));
  const techniques = treatments.flatMap((t) =>
    t.techniques.map((tech) => ({ ...tech, treatmentId: t.row.id })),
  );
  if (!audit && !rows.findings.length && !rows.diagnoses.length && !rows.rom.length && !treatments.length)
    return;
  await insertChartRows(tx, {
    clinicId,
    encounterId,
    audit: JSON.stringify(audit ? [audit] : []),
    findings: JSON.stringify(rows.findings),
    diagnoses: JSON.stringify(rows.diagnoses),
    rom: JSON.stringify(rows.rom),
    treatments: JSON.stringify(treatments.map((t) => t.row)),
    techniques: JSON.stringify(techniques),
  });
}

const insertChartRows = builtOnce('stillpoint_chart_rows', () => {
  const fixed = {
    clinic_id: sql`${sql.placeholder('clinicId')}::uuid`,
    encounter_id: sql`${sql.placeholder('encounterId')}::uuid`,
  };
  const rowsOf = (t: ChildTable, param: string) => jsonRowsInsert(t, param, { fixed });
  return sql`with a as (${auditRowsInsert('audit')}),
      f as (${rowsOf(encounterFindings, 'findings')}),
      d as (${rowsOf(encounterDiagnoses, 'diagnoses')}),
      r as (${rowsOf(encounterRom, 'rom')}),
      t as (${rowsOf(encounterTreatments, 'treatments')})
    ${rowsOf(encounterTechniques, 'techniques')}`;
});

export interface LoadedChildren {
  findings: FindingRow[];
  diagnoses: DiagnosisRow[];
  rom: RomRow[];
  treatments: TreatmentRow[];
  techniques: TechniqueRow[];
}

const CHILD_TABLES = {
  findings: encounterFindings,
  diagnoses: encounterDiagnoses,
  rom: encounterRom,
  treatments: encounterTreatments,
  techniques: encounterTechniques,
} as const;
const CHILD_NAMES = Object.keys(CHILD_TABLES) as (keyof LoadedChildren)[];

type RawChildren = Record<keyof LoadedChildren, Record<string, unknown>[] | null>;

/**
 * Each child table's rows of the encounters as a JSON array column, in charted order: those of the
 * clinic `clinicId` whose encounter id passes `encounterIs` (e.g. `= $1`, `in (…)`).
 */
function childColumns(clinicId: SQL, encounterIs: SQL): SQL {
  return sql.join(
    CHILD_NAMES.map(
      (n) => sql`(select coalesce(json_agg(x order by x.position), '[]'::json) from ${CHILD_TABLES[n]} x
          where x.clinic_id = ${clinicId} and x.encounter_id ${encounterIs}) as ${sql.raw(n)}`,
    ),
    sql`, `,
  );
}

/** The rows of `childColumns`, mapped as the typed selects map them (`rowOf`). */
function childrenOf(row: Partial<RawChildren> | undefined): LoadedChildren {
  const out = {} as Record<keyof LoadedChildren, unknown[]>;
  for (const n of CHILD_NAMES) out[n] = (row?.[n] ?? []).map((r) => rowOf(CHILD_TABLES[n], r));
  return out as unknown as LoadedChildren;
}

/**
 * Exam, ROM and treatment rows of several encounters at once, in one round trip (each table's rows
 * as a JSON array, in charted order). Every column of these tables is JSON-safe (text, numbers,
 * booleans, jsonb arrays), so rows come back as the typed selects would return them.
 */
export async function loadChildren(q: Q, clinicId: string, encounterIds: string[]): Promise<LoadedChildren> {
  if (encounterIds.length === 0)
    return { findings: [], diagnoses: [], rom: [], treatments: [], techniques: [] };
  const ids = sql.join(
    encounterIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const [row] = await rawRows<RawChildren>(
    q,
    sql`select ${childColumns(sql`${clinicId}::uuid`, sql`in (${ids})`)}`,
  );
  return childrenOf(row);
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

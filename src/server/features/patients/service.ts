import { sql } from 'drizzle-orm';
import { patients } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { forbidden, HttpError, notFound, problemType } from '../../platform/errors.ts';
import { namesLookAlike } from '../../../domain/patients/demographics.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Db, Tx } from '../../db/connect.ts';
import * as store from './store.ts';
import { syncListStatuses } from './clinical-lists-store.ts';
import { allergyView, listStatusView, medicationView } from './clinical-lists-view.ts';
import type { PatientCreate, PatientPatch } from '../../../contracts/patients.ts';
import {
  assertConditionsUnchanged,
  assertMayRecordConditions,
  checkConditionCodes,
  mayRecordConditions,
} from './conditions.ts';

const authed = (ctx: RequestContext): AuthedContext => {
  if (!ctx.user) throw forbidden();
  return ctx as AuthedContext;
};

export interface PatientAccess<P extends store.PatientRow = store.PatientRow> {
  patient: P;
  /** Set when the record opened only through an emergency ("break-glass") grant. */
  emergency: { expiresAt: Date; reason: string } | null;
}

/**
 * The one rule for opening a patient record: same clinic; a patient only their own record;
 * restricted records only for admins and the care team, or through a live emergency grant.
 * Anything else is "not found", so a record's existence is not revealed.
 */
export async function accessPatient<P extends store.PatientRow = store.PatientRow>(
  tx: Tx | Db,
  ctx: AuthedContext,
  patientId: string,
  /** How to load the row (e.g. with its lists); the rule below is the same whatever is loaded. */
  load: (q: Tx | Db, clinicId: string, id: string) => Promise<P | null> = store.findPatient as never,
): Promise<PatientAccess<P>> {
  const { user } = ctx;
  if (user.role === 'patient' && user.patientId !== patientId) throw notFound('patient');
  const patient = await load(tx, user.clinicId, patientId);
  if (!patient) throw notFound('patient');
  if (
    !patient.restricted ||
    user.role === 'admin' ||
    user.role === 'patient' ||
    patient.careTeam.includes(user.id)
  ) {
    return { patient: notMerged(patient), emergency: null };
  }
  const grant = await store.activeGrant(tx, user.clinicId, user.id, patientId, ctx.now);
  if (!grant) throw notFound('patient');
  return { patient: notMerged(patient), emergency: { expiresAt: grant.expiresAt, reason: grant.reason } };
}

/**
 * A merged record is a tombstone: opening it (once the access rule allowed it) answers where the
 * person's record is now, and nothing can be done to it.
 */
function notMerged<P extends store.PatientRow>(patient: P): P {
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

/** The list form of the restricted-record rule: hidden from staff outside the care team. */
export function visiblePatients(ctx: AuthedContext) {
  return ctx.user.role === 'admin' || ctx.user.role === 'patient'
    ? undefined
    : sql`(not ${patients.restricted} or ${patients.careTeam} @> ${JSON.stringify([ctx.user.id])}::jsonb)`;
}

function toSummary(row: store.PatientRow, flags: { flag: string; region: string | null }[]) {
  return {
    id: row.id,
    name: `${row.givenName} ${row.familyName}`,
    givenName: row.givenName,
    familyName: row.familyName,
    birthDate: row.birthDate,
    sex: row.sex,
    phone: row.phone,
    email: row.email,
    restricted: row.restricted,
    flags: flags.map((f) => ({ flag: f.flag, ...(f.region ? { region: f.region } : {}) })),
  };
}

async function toDetail(tx: Tx, access: PatientAccess) {
  const ch = await store.loadChildren(tx, access.patient.clinicId, access.patient.id);
  return detailOf(access, ch);
}

function detailOf(access: PatientAccess, ch: store.PatientChildren) {
  const { patient } = access;
  return {
    ...toSummary(patient, ch.flags),
    address: patient.address,
    careTeam: patient.careTeam,
    conditions: ch.conditions.map((c) => ({
      id: c.id,
      system: c.system,
      code: c.code,
      display: c.display,
      clinicalStatus: c.clinicalStatus,
      onsetDate: c.onsetDate,
    })),
    flags: ch.flags.map((f) => ({
      flag: f.flag,
      ...(f.region ? { region: f.region } : {}),
      ...(f.note ? { note: f.note } : {}),
    })),
    medications: ch.medications.map(medicationView),
    medicationStatus: listStatusView('medications', ch.listStatuses, ch.medications.length),
    allergies: ch.allergies.map(allergyView),
    allergyStatus: listStatusView('allergies', ch.listStatuses, ch.allergies.length),
    ...(access.emergency ? { emergencyAccess: { expiresAt: access.emergency.expiresAt.toISOString() } } : {}),
    updatedAt: patient.updatedAt.toISOString(),
  };
}

export async function searchPatients(deps: Deps, rctx: RequestContext, q: string, limit: number) {
  const ctx = authed(rctx);
  return deps.db.transaction(async (tx) => {
    const rows = await store.searchPatients(tx, ctx.user.clinicId, q, limit);
    await writeAudit(tx, ctx, {
      action: 'patient.search',
      resourceType: 'Patient',
      outcome: 'success',
      // The query itself may hold a name or date of birth: record its shape, not its text.
      details: { resultCount: rows.length, queryKind: !q ? 'all' : /^\d{4}-/.test(q) ? 'birthDate' : 'name' },
    });
    return rows.map((r) => toSummary(r.row, r.flags));
  });
}

/**
 * The record read: one statement for the record with its lists, one for the audit entry. No
 * transaction is needed: nothing is written but the entry, and the record is returned only once
 * the entry is stored (a failed audit write fails the read).
 */
export async function readPatient(deps: Deps, rctx: RequestContext, id: string) {
  const ctx = authed(rctx);
  const access = await accessPatient(deps.db, ctx, id, store.findPatientWithChildren);
  await writeAudit(deps.db, ctx, {
    action: 'patient.read',
    resourceType: 'Patient',
    resourceId: id,
    patientId: id,
    outcome: 'success',
    emergency: !!access.emergency,
    reason: access.emergency?.reason ?? null,
  });
  return detailOf(access, access.patient.children);
}

export type DuplicateCandidate =
  | { id: string; name: string; birthDate: string; restricted: false }
  /** A restricted record the caller may not open: it is counted, never described. */
  | { restricted: true };

/**
 * Live records of the clinic with the same date of birth and a name that could be the same
 * person's (accents, case, swapped fields, typos: domain/patients/demographics.ts).
 */
async function findDuplicates(
  tx: Tx | Db,
  ctx: AuthedContext,
  person: { givenName: string; familyName: string; birthDate: string },
): Promise<DuplicateCandidate[]> {
  const rows = await store.sameBirthDate(tx, ctx.user.clinicId, person.birthDate);
  const matches = rows.filter((r) => namesLookAlike(r, person));
  const visible = (r: store.PatientRow) =>
    !r.restricted || ctx.user.role === 'admin' || r.careTeam.includes(ctx.user.id);
  return [
    ...matches.filter(visible).map((r) => ({
      id: r.id,
      name: `${r.givenName} ${r.familyName}`,
      birthDate: r.birthDate,
      restricted: false as const,
    })),
    ...matches.filter((r) => !visible(r)).map(() => ({ restricted: true as const })),
  ];
}

/** Audited like the search: the shape of what was asked and which records were shown, not the name. */
async function auditDuplicateCheck(
  tx: Tx | Db,
  ctx: AuthedContext,
  context: 'lookup' | 'create',
  candidates: DuplicateCandidate[],
) {
  await writeAudit(tx, ctx, {
    action: 'patient.duplicate-check',
    resourceType: 'Patient',
    outcome: 'success',
    details: {
      context,
      resultCount: candidates.length,
      shownIds: candidates.flatMap((c) => ('id' in c ? [c.id] : [])),
    },
  });
}

export async function checkDuplicates(
  deps: Deps,
  rctx: RequestContext,
  person: { givenName: string; familyName: string; birthDate: string },
) {
  const ctx = authed(rctx);
  return deps.db.transaction(async (tx) => {
    const candidates = await findDuplicates(tx, ctx, person);
    await auditDuplicateCheck(tx, ctx, 'lookup', candidates);
    return candidates;
  });
}

export const possibleDuplicate = (candidates: DuplicateCandidate[]) =>
  new HttpError(
    409,
    'Possible duplicate',
    'A patient with a similar name and the same date of birth is already registered. Open the existing record instead, or, if this is a different person, send the request again with "confirmNotDuplicate": true.',
    { type: problemType('possible-duplicate'), extra: { candidates } },
  );

export async function createPatient(deps: Deps, rctx: RequestContext, input: PatientCreate) {
  const ctx = authed(rctx);
  if (input.conditions.length > 0) assertMayRecordConditions(ctx);
  const conditions = await checkConditionCodes(input.conditions);
  const result = await deps.db.transaction(async (tx) => {
    // Checked before saving, in the same transaction; the refusal's audit entry is committed.
    if (!input.confirmNotDuplicate) {
      const candidates = await findDuplicates(tx, ctx, input);
      if (candidates.length > 0) {
        await auditDuplicateCheck(tx, ctx, 'create', candidates);
        return { duplicates: candidates, created: null };
      }
    }
    const row = await store.insertPatient(tx, ctx.user.clinicId, { ...input, conditions }, ctx.now);
    await syncListStatuses(tx, ctx.user.clinicId, row.id, input, ctx.user.id, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'patient.create',
      resourceType: 'Patient',
      resourceId: row.id,
      patientId: row.id,
      outcome: 'success',
      ...(input.confirmNotDuplicate ? { details: { confirmedNotDuplicate: true } } : {}),
    });
    return { created: await toDetail(tx, { patient: row, emergency: null }) };
  });
  if (!result.created) throw possibleDuplicate(result.duplicates ?? []);
  return result.created;
}

export async function updatePatient(deps: Deps, rctx: RequestContext, id: string, patch: PatientPatch) {
  const ctx = authed(rctx);
  // Clinicians' conditions are checked against the code set; the front desk may only send them back unchanged.
  const clinical = mayRecordConditions(ctx);
  const conditions = patch.conditions && clinical ? await checkConditionCodes(patch.conditions) : undefined;
  return deps.db.transaction(async (tx) => {
    const before = await accessPatient(tx, ctx, id);
    if (patch.conditions && !clinical) await assertConditionsUnchanged(tx, ctx, id, patch.conditions);
    await store.updatePatient(tx, ctx.user.clinicId, id, { ...patch, conditions }, ctx.now);
    await syncListStatuses(tx, ctx.user.clinicId, id, patch, ctx.user.id, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'patient.update',
      resourceType: 'Patient',
      resourceId: id,
      patientId: id,
      outcome: 'success',
      emergency: !!before.emergency,
      reason: before.emergency?.reason ?? null,
      details: { fields: Object.keys(patch).sort() },
    });
    const after = await accessPatient(tx, ctx, id);
    return toDetail(tx, after);
  });
}

import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext } from '../../platform/context.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import { namesLookAlike } from '../../../domain/patients/demographics.ts';
import { writeAudit } from '../../platform/audit.ts';
import {
  limitedPatient,
  seesInFull,
  type LimitedPatient,
  type PatientAccess,
} from '../../platform/access.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
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

/** A route that opened one patient record (`subject: { kind: patientSubject, … }`). */
export type PatientContext = OpenedContext<store.PatientRow, true>;

/**
 * Restricted records, one rule everywhere (platform/access.ts): admins and the care team see them in
 * full; other staff see, in search, lists and exports, only the name and date of birth (enough to
 * find and book the person) and that the record is restricted — no phone, email, sex, flags,
 * address or conditions. The record itself opens only to the care team, admins, or through a live
 * emergency grant. The duplicate check below shows the same limited view.
 */
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

const withChildren = (p: store.PatientRow): p is store.PatientWithChildren => 'children' in p;

/** The lists the route's `load` read with the record (one statement), or, opened otherwise, read now. */
async function childrenOf(q: Db | Tx, patient: store.PatientRow): Promise<store.PatientChildren> {
  return withChildren(patient) ? patient.children : store.loadChildren(q, patient.clinicId, patient.id);
}

/** Search: the full summary of the records the caller sees in full, the limited view of the others. */
export async function searchPatients(ctx: SignedInContext, q: string, limit: number) {
  return ctx.work(async (tx, entry) => {
    const rows = await store.searchPatients(tx, ctx.user.clinicId, q, limit);
    const full = rows.filter((r) => seesInFull(ctx, r));
    const flags = await store.flagsOf(
      tx,
      ctx.user.clinicId,
      full.map((r) => r.id),
    );
    // The query itself may hold a name or date of birth: record its shape, not its text.
    entry.details = {
      resultCount: rows.length,
      queryKind: !q ? 'all' : /^\d{4}-/.test(q) ? 'birthDate' : 'name',
    };
    return rows.map((r) =>
      full.includes(r)
        ? toSummary(
            r,
            flags.filter((f) => f.patientId === r.id),
          )
        : limitedPatient(r),
    );
  });
}

/**
 * The record read: the platform opened the record with its lists in one statement (the route's
 * `load`); here only the audit entry is written, as one statement outside a transaction (nothing
 * else is written, and the record is returned only once the entry is stored).
 */
/** The record as opened; its entry was written by the statement that opened it (`auditOnOpen`). */
export async function readPatient(deps: Deps, ctx: PatientContext) {
  const access = ctx.patient;
  return detailOf(access, await childrenOf(deps.db, access.patient));
}

/**
 * A possible duplicate: a record the caller sees in full (`restricted: false` here means "shown in
 * full", as the contract has it), or the limited view of a restricted one — the same view as in
 * search, lists and exports.
 */
export type DuplicateCandidate =
  { id: string; name: string; birthDate: string; restricted: false } | LimitedPatient;

/**
 * Live records of the clinic with the same date of birth and a name that could be the same
 * person's (accents, case, swapped fields, typos: domain/patients/demographics.ts). Records seen in
 * full first, then the limited ones.
 */
async function findDuplicates(
  q: Tx | Db,
  ctx: AuthedContext,
  person: { givenName: string; familyName: string; birthDate: string },
): Promise<DuplicateCandidate[]> {
  const rows = await store.sameBirthDate(q, ctx.user.clinicId, person.birthDate);
  const matches = rows.filter((r) => namesLookAlike(r, person));
  const full = matches.filter((r) => seesInFull(ctx, r));
  return [
    ...full.map((r) => ({
      id: r.id,
      name: `${r.givenName} ${r.familyName}`,
      birthDate: r.birthDate,
      restricted: false as const,
    })),
    ...matches.filter((r) => !full.includes(r)).map(limitedPatient),
  ];
}

/** Audited like the search: the shape of what was asked and which records were shown, not the name. */
const duplicateDetails = (context: 'lookup' | 'create', candidates: DuplicateCandidate[]) => ({
  context,
  resultCount: candidates.length,
  shownIds: candidates.map((c) => c.id),
});

export async function checkDuplicates(
  ctx: SignedInContext,
  person: { givenName: string; familyName: string; birthDate: string },
) {
  return ctx.work(async (tx, entry) => {
    const candidates = await findDuplicates(tx, ctx, person);
    entry.details = duplicateDetails('lookup', candidates);
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

export async function createPatient(deps: Deps, ctx: SignedInContext, input: PatientCreate) {
  if (input.conditions.length > 0) assertMayRecordConditions(ctx);
  const conditions = await checkConditionCodes(input.conditions);
  // Checked before saving; the refusal is answered with its own audit entry (the check is not the
  // route's `patient.create`). At READ COMMITTED a check inside the saving transaction would not
  // see a concurrent registration either, so doing it first changes nothing.
  if (!input.confirmNotDuplicate) {
    const candidates = await findDuplicates(deps.db, ctx, input);
    if (candidates.length > 0) {
      await writeAudit(deps.db, ctx, {
        action: 'patient.duplicate-check',
        resourceType: 'Patient',
        outcome: 'success',
        details: duplicateDetails('create', candidates),
      });
      throw possibleDuplicate(candidates);
    }
  }
  return ctx.work(async (tx, entry) => {
    const row = await store.insertPatient(tx, ctx.user.clinicId, { ...input, conditions }, ctx.now);
    await syncListStatuses(tx, ctx.user.clinicId, row.id, input, ctx.user.id, ctx.now);
    entry.resourceId = row.id;
    entry.patientId = row.id;
    if (input.confirmNotDuplicate) entry.details = { confirmedNotDuplicate: true };
    return detailOf({ patient: row, emergency: null }, await store.loadChildren(tx, row.clinicId, row.id));
  });
}

export async function updatePatient(ctx: PatientContext, patch: PatientPatch) {
  const { id } = ctx.patient.patient;
  // Clinicians' conditions are checked against the code set; the front desk may only send them back unchanged.
  const clinical = mayRecordConditions(ctx);
  const conditions = patch.conditions && clinical ? await checkConditionCodes(patch.conditions) : undefined;
  return ctx.work(async (tx, entry) => {
    if (patch.conditions && !clinical) await assertConditionsUnchanged(tx, ctx, id, patch.conditions);
    await store.updatePatient(tx, ctx.user.clinicId, id, { ...patch, conditions }, ctx.now);
    await syncListStatuses(tx, ctx.user.clinicId, id, patch, ctx.user.id, ctx.now);
    entry.details = { fields: Object.keys(patch).sort() };
    const after = (await store.findPatientWithChildren(tx, ctx.user.clinicId, id))!;
    return detailOf({ patient: after, emergency: ctx.patient.emergency }, after.children);
  });
}

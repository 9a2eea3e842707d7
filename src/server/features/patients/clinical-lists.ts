import type { Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import { HttpError, notFound, problemType } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { unitOfWork } from '../../platform/unit.ts';
import type { PatientContext } from './service.ts';
import * as store from './clinical-lists-store.ts';
import type { ListName } from './clinical-lists-store.ts';
import { allergyView, listStatusView, medicationView, NONE_STATUS } from './clinical-lists-view.ts';
import type {
  AllergyCreate,
  AllergyPatch,
  MedicationCreate,
  MedicationPatch,
} from '../../../contracts/patients.ts';
import type { AllergyStatus, MedicationStatus } from '../../../domain/patients/vocabulary.ts';

/**
 * Use cases of a patient's medication list (FHIR MedicationStatement) and allergy list (FHIR
 * AllergyIntolerance), item by item, and of each list's status: "not asked" (`unknown`) is a
 * different answer from "no known allergies" / "takes no medications". The route opened the
 * patient (access, emergency grant); every change locks the patient row and writes its audit entry
 * in the same transaction. The entries name what changed (`medication.create`, …), which is more
 * than the routes' declared `medication.write` / `allergy.write`, so they are written here rather
 * than by `ctx.work`. Each answers with the whole list and its status, so a client can show it.
 */

const RESOURCE: Record<ListName, string> = {
  medications: 'MedicationStatement',
  allergies: 'AllergyIntolerance',
};

interface Write {
  tx: Tx;
  ctx: PatientContext;
  clinicId: string;
  patientId: string;
}

async function write<T>(deps: Deps, ctx: PatientContext, fn: (w: Write) => Promise<T>): Promise<T> {
  const clinicId = ctx.user.clinicId;
  const patientId = ctx.patient.patient.id;
  return unitOfWork(deps, async (tx) => {
    if (!(await store.lockPatient(tx, clinicId, patientId))) throw notFound('patient');
    const result = await fn({ tx, ctx, clinicId, patientId });
    await store.touchPatient(tx, clinicId, patientId, ctx.now);
    return result;
  });
}

async function audit(
  w: Write,
  list: ListName,
  action: string,
  resourceId: string,
  details: Record<string, unknown>,
) {
  await writeAudit(w.tx, w.ctx, {
    action,
    resourceType: RESOURCE[list],
    resourceId,
    patientId: w.patientId,
    outcome: 'success',
    emergency: !!w.ctx.patient.emergency,
    reason: w.ctx.patient.emergency?.reason ?? null,
    details,
  });
}

/** A refusal of a status that contradicts the list, naming the field and what to do instead. */
function statusConflict(detail: string) {
  return new HttpError(409, 'Conflict', detail, {
    type: problemType('list-status-conflict'),
    errors: [{ path: 'status', message: detail }],
  });
}

async function medicationSection(w: Pick<Write, 'tx' | 'clinicId' | 'patientId'>) {
  const rows = await store.listMedications(w.tx, w.clinicId, w.patientId);
  const statuses = await store.listStatuses(w.tx, w.clinicId, w.patientId);
  return {
    medications: rows.map(medicationView),
    medicationStatus: listStatusView('medications', statuses, rows.length),
  };
}

async function allergySection(w: Pick<Write, 'tx' | 'clinicId' | 'patientId'>) {
  const rows = await store.listAllergies(w.tx, w.clinicId, w.patientId);
  const statuses = await store.listStatuses(w.tx, w.clinicId, w.patientId);
  return {
    allergies: rows.map(allergyView),
    allergyStatus: listStatusView('allergies', statuses, rows.length),
  };
}

async function previousStatus(w: Write, list: ListName): Promise<string> {
  const rows = await store.listStatuses(w.tx, w.clinicId, w.patientId);
  return rows.find((r) => r.list === list)?.status ?? 'unknown';
}

/** The fields a change touched: names only, never values (the audit trail holds no clinical text). */
const fieldsOf = (o: object) => Object.keys(o).sort();

// --- medications ---

export function addMedication(deps: Deps, ctx: PatientContext, input: MedicationCreate) {
  return write(deps, ctx, async (w) => {
    const before = await previousStatus(w, 'medications');
    const row = await store.insertMedication(w.tx, w.clinicId, w.patientId, input);
    await store.setListStatus(
      w.tx,
      w.clinicId,
      w.patientId,
      'medications',
      'recorded',
      w.ctx.user.id,
      w.ctx.now,
    );
    await audit(w, 'medications', 'medication.create', row.id, {
      fields: fieldsOf(input),
      coded: !!row.code,
      ...(before === NONE_STATUS.medications ? { replacedStatus: before } : {}),
    });
    return {
      medication: medicationView(row),
      ...(await medicationSection(w)),
      ...(before === NONE_STATUS.medications ? { replacedStatus: before } : {}),
    };
  });
}

export function changeMedication(deps: Deps, ctx: PatientContext, id: string, patch: MedicationPatch) {
  return write(deps, ctx, async (w) => {
    const row = await store.updateMedication(w.tx, w.clinicId, w.patientId, id, patch);
    if (!row) throw notFound('medication');
    await store.setListStatus(
      w.tx,
      w.clinicId,
      w.patientId,
      'medications',
      'recorded',
      w.ctx.user.id,
      w.ctx.now,
    );
    await audit(w, 'medications', 'medication.update', id, { fields: fieldsOf(patch) });
    return { medication: medicationView(row), ...(await medicationSection(w)) };
  });
}

export function removeMedication(deps: Deps, ctx: PatientContext, id: string) {
  return write(deps, ctx, async (w) => {
    if (!(await store.deleteMedication(w.tx, w.clinicId, w.patientId, id))) throw notFound('medication');
    const left = (await store.listMedications(w.tx, w.clinicId, w.patientId)).length;
    // An emptied list is not "takes no medications": that answer has to be recorded on purpose.
    await store.setListStatus(
      w.tx,
      w.clinicId,
      w.patientId,
      'medications',
      left ? 'recorded' : 'unknown',
      w.ctx.user.id,
      w.ctx.now,
    );
    await audit(w, 'medications', 'medication.delete', id, { remaining: left });
    return medicationSection(w);
  });
}

export function setMedicationStatus(deps: Deps, ctx: PatientContext, status: MedicationStatus) {
  return write(deps, ctx, async (w) => {
    const count = (await store.listMedications(w.tx, w.clinicId, w.patientId)).length;
    if (status === 'none' && count > 0)
      throw statusConflict(
        `${count} medication${count === 1 ? ' is' : 's are'} on this patient’s list, so “takes no medications” cannot be recorded. Remove ${count === 1 ? 'it' : 'them'} first if the patient no longer takes ${count === 1 ? 'it' : 'them'}.`,
      );
    if (status === 'unknown' && count > 0)
      throw statusConflict(
        'Medications are on this patient’s list, so it cannot be marked “not recorded”. Remove them first if they were entered in error.',
      );
    if (status === 'recorded' && count === 0)
      throw statusConflict(
        'No medications are on this patient’s list: add one, or record “none” if the patient takes no medications.',
      );
    const before = await previousStatus(w, 'medications');
    await store.setListStatus(w.tx, w.clinicId, w.patientId, 'medications', status, w.ctx.user.id, w.ctx.now);
    await audit(w, 'medications', 'medication-status.update', w.patientId, { status, previous: before });
    return medicationSection(w);
  });
}

// --- allergies ---

export function addAllergy(deps: Deps, ctx: PatientContext, input: AllergyCreate) {
  return write(deps, ctx, async (w) => {
    const before = await previousStatus(w, 'allergies');
    const row = await store.insertAllergy(w.tx, w.clinicId, w.patientId, input);
    // An allergy replaces "no known allergies": the list is now the answer.
    await store.setListStatus(
      w.tx,
      w.clinicId,
      w.patientId,
      'allergies',
      'recorded',
      w.ctx.user.id,
      w.ctx.now,
    );
    await audit(w, 'allergies', 'allergy.create', row.id, {
      fields: fieldsOf(input),
      coded: !!row.code,
      ...(before === NONE_STATUS.allergies ? { replacedStatus: before } : {}),
    });
    return {
      allergy: allergyView(row),
      ...(await allergySection(w)),
      ...(before === NONE_STATUS.allergies ? { replacedStatus: before } : {}),
    };
  });
}

export function changeAllergy(deps: Deps, ctx: PatientContext, id: string, patch: AllergyPatch) {
  return write(deps, ctx, async (w) => {
    const row = await store.updateAllergy(w.tx, w.clinicId, w.patientId, id, patch);
    if (!row) throw notFound('allergy');
    await store.setListStatus(
      w.tx,
      w.clinicId,
      w.patientId,
      'allergies',
      'recorded',
      w.ctx.user.id,
      w.ctx.now,
    );
    await audit(w, 'allergies', 'allergy.update', id, { fields: fieldsOf(patch) });
    return { allergy: allergyView(row), ...(await allergySection(w)) };
  });
}

export function removeAllergy(deps: Deps, ctx: PatientContext, id: string) {
  return write(deps, ctx, async (w) => {
    if (!(await store.deleteAllergy(w.tx, w.clinicId, w.patientId, id))) throw notFound('allergy');
    const left = (await store.listAllergies(w.tx, w.clinicId, w.patientId)).length;
    // Removing the last allergy does not mean "no known allergies": that is asked and recorded.
    await store.setListStatus(
      w.tx,
      w.clinicId,
      w.patientId,
      'allergies',
      left ? 'recorded' : 'unknown',
      w.ctx.user.id,
      w.ctx.now,
    );
    await audit(w, 'allergies', 'allergy.delete', id, { remaining: left });
    return allergySection(w);
  });
}

export function setAllergyStatus(deps: Deps, ctx: PatientContext, status: AllergyStatus) {
  return write(deps, ctx, async (w) => {
    const count = (await store.listAllergies(w.tx, w.clinicId, w.patientId)).length;
    if (status === 'none-known' && count > 0)
      throw statusConflict(
        `${count} allerg${count === 1 ? 'y is' : 'ies are'} recorded for this patient, so “no known allergies” cannot be recorded. Remove ${count === 1 ? 'it' : 'them'} first if ${count === 1 ? 'it was' : 'they were'} entered in error.`,
      );
    if (status === 'unknown' && count > 0)
      throw statusConflict(
        'Allergies are recorded for this patient, so the list cannot be marked “not asked”. Remove them first if they were entered in error.',
      );
    if (status === 'recorded' && count === 0)
      throw statusConflict(
        'No allergies are recorded for this patient: add one, or record “none-known” (no known allergies).',
      );
    const before = await previousStatus(w, 'allergies');
    await store.setListStatus(w.tx, w.clinicId, w.patientId, 'allergies', status, w.ctx.user.id, w.ctx.now);
    await audit(w, 'allergies', 'allergy-status.update', w.patientId, { status, previous: before });
    return allergySection(w);
  });
}

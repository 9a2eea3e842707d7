import type { EncounterChart } from '../../../../domain/omt/index.ts';
import type { Tx } from '../../../db/connect.ts';
import {
  HttpError,
  badRequest,
  conflict,
  forbidden,
  notFound,
  problemType,
} from '../../../platform/errors.ts';
import * as store from '../store.ts';
import { visitDate } from '../view.ts';
import {
  discardedConflict,
  loadScope,
  lockOpened,
  renderingUserId,
  scopeOf,
  type ChartDeps,
  type EncounterContext,
  type PatientContext,
} from './context.ts';
import { childRows, encounterFields, summaryDetails } from './persistence.ts';
import { auditOverrides, gatedWork, passSafety, safetyDetails } from './safety-gate.ts';
import { buildView } from './visit-view.ts';

/**
 * Drafts: start a visit on a patient, replace a draft's chart, discard a draft. Every save passes
 * the safety gate; the route's entry records what was saved (regions, counts, safety decisions).
 */

/** Starts a visit on the opened patient (optionally with its whole chart). */
export async function createEncounter(deps: ChartDeps, ctx: PatientContext, chart: EncounterChart) {
  const patientId = ctx.patient.patient.id;
  return gatedWork(deps, ctx, async (tx, entry, success) => {
    const own = await store.practitionerOfUser(tx, ctx.user.clinicId, ctx.user.id);
    const practitionerId = await resolvePractitioner(tx, ctx, chart.practitionerId, own?.id ?? null);
    const at = chart.occurredAt ? new Date(chart.occurredAt) : ctx.now;
    const scope = await loadScope(tx, ctx, practitionerId);
    const existing = await sameDayDraft(tx, ctx, practitionerId, at, scope.timeZone);
    if (existing) throw draftExists(existing);
    const safety = passSafety(scope, chart, at, null, 'The visit was not saved');
    const enc = await store.insertEncounter(tx, {
      ...encounterFields(chart, ctx.now, practitionerId, safety.policy),
      occurredAt: at,
      clinicId: ctx.user.clinicId,
      patientId,
      createdBy: ctx.user.id,
      createdAt: ctx.now,
    });
    await auditOverrides(tx, ctx, enc.id, safety);
    entry.resourceId = enc.id;
    entry.details = { ...summaryDetails(chart), safety: safetyDetails(safety, chart) };
    await store.insertChildren(tx, ctx.user.clinicId, enc.id, childRows(chart, safety), success.row());
    return buildView(tx, ctx, enc, scope, { chart, safety });
  });
}

/**
 * Replaces the chart of a draft (409 once signed or discarded, or when the version is stale). In
 * the transaction: the visit under its row lock with the scope, the visit's fields with the old
 * rows' deletes, the new rows with the save's audit entry — three statements.
 */
export async function saveEncounter(deps: ChartDeps, ctx: EncounterContext, chart: EncounterChart) {
  return gatedWork(deps, ctx, async (tx, entry, success) => {
    const clinicId = ctx.user.clinicId;
    // The row as it is now, locked for the rest of the work (not as it was when opened).
    const locked = await store.lockWithScope(
      tx,
      clinicId,
      ctx.subject.record.id,
      ctx.patient.patient.id,
      chart.practitionerId,
    );
    if (!locked) throw notFound('encounter');
    const enc = locked.encounter;
    if (enc.status === 'discarded') throw discardedConflict();
    if (enc.status !== 'draft')
      throw conflict(
        'This visit is signed and locked: it cannot be edited. Add an amendment to correct the note.',
        'encounter-signed',
      );
    if (chart.version !== undefined && chart.version !== enc.version)
      throw conflict(
        `Someone saved this visit since you opened it (you had version ${chart.version}, it is now ${enc.version}). Reload it and apply your changes again.`,
        'version-conflict',
      );
    // The practitioner named (read with the lock), else the visit's own.
    if (chart.practitionerId && locked.scope.practitioner?.id !== chart.practitionerId)
      throw noPractitioner();
    const practitionerId = chart.practitionerId === undefined ? enc.practitionerId : chart.practitionerId;
    const at = chart.occurredAt ? new Date(chart.occurredAt) : enc.occurredAt;
    const scope = scopeOf(ctx, locked.scope);
    const safety = passSafety(scope, chart, at, enc.id, 'The visit was not saved');
    await auditOverrides(tx, ctx, enc.id, safety);
    const updated = await store.updateEncounter(tx, clinicId, enc.id, {
      ...encounterFields(chart, ctx.now, practitionerId, safety.policy),
      occurredAt: at,
    });
    entry.details = {
      ...summaryDetails(chart),
      version: updated.version,
      safety: safetyDetails(safety, chart),
    };
    await store.insertChildren(tx, clinicId, enc.id, childRows(chart, safety), success.row());
    return buildView(tx, ctx, updated, scope, { chart, safety });
  });
}

/**
 * Discards an unsigned draft. The row stays as a tombstone (who, when, why; the database then locks
 * it like a signed note) and leaves the visit lists; a signed note can never be discarded.
 */
export async function discardEncounter(ctx: EncounterContext, reason: string) {
  return ctx.work(async (tx, entry) => {
    const enc = await lockOpened(tx, ctx);
    if (enc.status === 'signed')
      throw conflict(
        'A signed note cannot be discarded. Add an amendment to correct it.',
        'encounter-signed',
      );
    if (enc.status === 'discarded') throw discardedConflict();
    const scope = await loadScope(tx, ctx, enc.practitionerId);
    if (ctx.user.role !== 'admin' && renderingUserId(enc, scope.practitioner?.userId ?? null) !== ctx.user.id)
      throw forbidden(
        'Only the visit’s own practitioner (or a clinic administrator) can discard this draft.',
        'not-rendering-clinician',
      );
    const row = await store.markDiscarded(tx, ctx.user.clinicId, enc.id, ctx.user.id, ctx.now, reason);
    if (!row) throw discardedConflict();
    entry.details = { reason, version: enc.version, appointmentId: enc.appointmentId };
    return buildView(tx, ctx, row, scope);
  });
}

async function resolvePractitioner(
  tx: Tx,
  ctx: PatientContext,
  given: string | null | undefined,
  fallback: string | null,
): Promise<string | null> {
  if (given === undefined) return fallback;
  if (given === null) return null;
  const p = await store.findPractitioner(tx, ctx.user.clinicId, given);
  if (!p) throw noPractitioner();
  return p.id;
}

const noPractitioner = () =>
  badRequest('practitionerId: no such practitioner in this clinic', [
    { path: 'practitionerId', message: 'No such practitioner in this clinic' },
  ]);

/**
 * One open draft per patient, practitioner and day (in the clinic's zone): "New visit" and "Copy last
 * visit" lead to the draft that is already open instead of starting a second one. The per-patient
 * lock makes the check and the insert one step for concurrent requests.
 */
async function sameDayDraft(
  tx: Tx,
  ctx: PatientContext,
  practitionerId: string | null,
  at: Date,
  timeZone: string,
): Promise<store.EncounterRow | null> {
  const patientId = ctx.patient.patient.id;
  await store.lockPatientDrafts(tx, patientId);
  const day = visitDate(at, timeZone);
  const drafts = await store.openDrafts(tx, ctx.user.clinicId, patientId, practitionerId, ctx.user.id);
  return drafts.find((d) => visitDate(d.occurredAt, timeZone) === day) ?? null;
}

const draftExists = (d: store.EncounterRow) =>
  new HttpError(
    409,
    'A draft is already open',
    'This patient already has an open draft visit for this practitioner on that day. Open it (encounterId) to continue, or discard it first.',
    { type: problemType('draft-exists'), extra: { encounterId: d.id } },
  );

import { createHash } from 'node:crypto';
import { tartPresent, type EncounterChart, type SoapNote } from '../../../../domain/omt/index.ts';
import type { Tx } from '../../../db/connect.ts';
import { writeAudit } from '../../../platform/audit.ts';
import { HttpError, conflict, forbidden, problemType } from '../../../platform/errors.ts';
import { addEvent, completeForSignedNote } from '../../scheduling/index.ts';
import * as store from '../store.ts';
import { chartFromRows } from '../view.ts';
import {
  discardedConflict,
  loadScope,
  lockOpened,
  renderingUserId,
  type ChartDeps,
  type EncounterContext,
} from './context.ts';
import { accessFields, gatedWork, passSafety } from './safety-gate.ts';
import { buildView, composeNote } from './visit-view.ts';

/**
 * Signing: the visit's own practitioner (or an admin) signs a complete draft that still passes the
 * safety check against the current record; the note is stored with a content hash and the
 * database locks the visit from then on. Signing an appointment's visit completes the appointment.
 */
export async function signEncounter(deps: ChartDeps, ctx: EncounterContext) {
  return gatedWork(deps, ctx, async (tx, entry) => {
    const enc = await lockOpened(tx, ctx);
    if (enc.status === 'discarded') throw discardedConflict();
    if (enc.status !== 'draft') throw conflict('This visit is already signed.', 'encounter-signed');
    const scope = await loadScope(tx, ctx, enc.practitionerId);
    const practitioner = scope.practitioner;
    if (ctx.user.role !== 'admin' && renderingUserId(enc, practitioner?.userId ?? null) !== ctx.user.id)
      throw forbidden(
        'Only the visit’s own practitioner (or a clinic administrator) can sign this note.',
        'not-rendering-clinician',
      );
    const ch = await store.loadChildren(tx, ctx.user.clinicId, [enc.id]);
    const chart = chartFromRows(enc, ch);
    assertReadyToSign(chart);
    // The patient record may have changed since the chart was saved: check again before locking it.
    const safety = passSafety(scope, chart, enc.occurredAt, enc.id, 'The note was not signed');
    const signed = await store.markSigned(tx, ctx.user.clinicId, enc.id, ctx.user.id, ctx.now);
    if (!signed) throw conflict('This visit is already signed.', 'encounter-signed');
    const note = composeNote(scope, signed, ctx.patient, chart, safety, practitioner?.name ?? null);
    const signerName = (await store.userName(tx, ctx.user.clinicId, ctx.user.id)) ?? ctx.user.name;
    const sections: SoapNote = note.sections;
    const contentHash = createHash('sha256')
      .update(JSON.stringify([sections, note.coding, signed.id, ctx.user.id, ctx.now.toISOString()]))
      .digest('hex');
    const row = await store.insertNote(tx, {
      clinicId: ctx.user.clinicId,
      encounterId: signed.id,
      patientId: signed.patientId,
      ...sections,
      coding: note.coding,
      signedBy: ctx.user.id,
      signedByName: signerName,
      signedAt: ctx.now,
      contentHash,
    });
    entry.details = {
      noteId: row.id,
      cpt: note.coding.cpt,
      regionCount: note.coding.regionCount,
      contentHash,
    };
    if (signed.appointmentId) await completeAppointment(tx, ctx, signed.appointmentId);
    return buildView(tx, ctx, signed, scope);
  });
}

/** A note is signed only with a chief complaint, and a treatment only with somatic dysfunction found. */
function assertReadyToSign(chart: EncounterChart) {
  const errors: { path: string; message: string }[] = [];
  if (!chart.chiefComplaint.trim())
    errors.push({ path: 'chiefComplaint', message: 'Record the chief complaint before signing.' });
  if (chart.treatment.length && !chart.exam.some((e) => tartPresent(e.tart)))
    errors.push({
      path: 'exam',
      message:
        'Document somatic dysfunction (at least one TART finding) before signing a treatment note: OMT without it is not covered.',
    });
  if (errors.length)
    throw new HttpError(422, 'Not ready to sign', errors.map((e) => e.message).join(' '), {
      type: problemType('not-ready-to-sign'),
      errors,
    });
}

/**
 * Signing the note of an appointment's visit completes the appointment (booked or checked in): an
 * extra event of the signature, with its own entry in the same work.
 */
async function completeAppointment(tx: Tx, ctx: EncounterContext, appointmentId: string) {
  const done = await completeForSignedNote(tx, ctx.user.clinicId, appointmentId, ctx.now);
  if (!done) return;
  await addEvent(tx, done.row, ctx.now, ctx.user.id, done.from, 'completed', 'Note signed');
  await writeAudit(tx, ctx, {
    action: 'appointment.status',
    resourceType: 'Appointment',
    resourceId: appointmentId,
    ...accessFields(ctx),
    outcome: 'success',
    details: { from: done.from, to: 'completed', via: 'note-signed' },
  });
}

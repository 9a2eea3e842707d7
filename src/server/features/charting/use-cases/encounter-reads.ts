import { generateVisitSummary } from '../../../../domain/omt/index.ts';
import type { Tx } from '../../../db/connect.ts';
import { notFound } from '../../../platform/errors.ts';
import type { SuccessEntry } from '../../../platform/route.ts';
import * as store from '../store.ts';
import { chartFromRows, visitDate } from '../view.ts';
import { scopeOf, type EncounterContext } from './context.ts';
import { evaluateSafety } from './safety-gate.ts';
import { buildView, composeNote, loadNote, type DraftNote, type NoteView } from './visit-view.ts';

/**
 * Reads of one visit the route opened. Each runs in the route's audited work, so nothing is
 * returned without its entry (the route's action, the encounter, its patient, emergency access).
 */

/**
 * The visit: its scope and rows are read by the statement that stores the read's audit entry
 * (one statement in the transaction for a draft; a signed visit's note and amendments follow).
 */
export async function readEncounter(ctx: EncounterContext) {
  const enc = ctx.subject.record;
  return ctx.work(async (tx, _entry, success) => {
    const read = await readWithEntry(tx, ctx, success);
    return buildView(tx, ctx, enc, scopeOf(ctx, read.scope), undefined, read.children);
  });
}

/** The opened visit's scope and rows, read by the statement that stores the route's entry. */
function readWithEntry(tx: Tx, ctx: EncounterContext, success: SuccessEntry) {
  const enc = ctx.subject.record;
  return store.visitReads(
    tx,
    ctx.user.clinicId,
    ctx.patient.patient.id,
    enc.practitionerId,
    enc.id,
    success.row(),
  );
}

/** The note (signed, with amendments; or a draft preview). */
export async function readNote(ctx: EncounterContext): Promise<NoteView | DraftNote> {
  const enc = ctx.subject.record;
  return ctx.work(async (tx, _entry, success) => {
    const stored = await loadNote(tx, ctx.user.clinicId, enc.id);
    if (stored) return stored;
    const read = await readWithEntry(tx, ctx, success);
    const chart = chartFromRows(enc, read.children);
    const scope = scopeOf(ctx, read.scope);
    const safety = evaluateSafety(scope, chart, enc.occurredAt);
    const composed = composeNote(scope, enc, ctx.patient, chart, safety, scope.practitioner?.name ?? null);
    const draft: DraftNote = {
      status: 'draft',
      ...composed.sections,
      coding: composed.coding,
      amendments: [],
    };
    return draft;
  });
}

/** Everything the printable note needs; audited as a print/export of the record. */
export async function noteForPrint(ctx: EncounterContext) {
  const enc = ctx.subject.record;
  return ctx.work(async (tx, entry, success) => {
    entry.details = { format: 'pdf', status: enc.status };
    const read = await readWithEntry(tx, ctx, success);
    const scope = scopeOf(ctx, read.scope);
    const view = await buildView(tx, ctx, enc, scope, undefined, read.children);
    const { patient } = ctx.patient;
    return {
      view,
      clinicName: scope.clinicName,
      patient: { name: `${patient.givenName} ${patient.familyName}`, birthDate: patient.birthDate },
    };
  });
}

/** The plain-language summary: patients read only their own signed visits. */
export async function readSummary(ctx: EncounterContext) {
  const enc = ctx.subject.record;
  if (ctx.user.role === 'patient' && enc.status !== 'signed') throw notFound('encounter');
  return ctx.work(async (tx, _entry, success) => {
    const read = await readWithEntry(tx, ctx, success);
    const chart = chartFromRows(enc, read.children);
    const { timeZone, practitioner } = read.scope;
    return {
      encounterId: enc.id,
      status: enc.status,
      ...generateVisitSummary({
        visitDate: visitDate(enc.occurredAt, timeZone),
        practitionerName: practitioner?.name ?? null,
        chart,
      }),
    };
  });
}

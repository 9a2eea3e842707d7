import type { AmendmentInput } from '../../../../contracts/charting.ts';
import { conflict } from '../../../platform/errors.ts';
import * as store from '../store.ts';
import type { EncounterContext } from './context.ts';
import { loadNote } from './visit-view.ts';

/**
 * Corrects a signed note with an amendment: a new row pointing at the note (signed notes are never
 * changed). Returns the note with its amendments.
 */
export async function addAmendment(ctx: EncounterContext, input: AmendmentInput) {
  const enc = ctx.subject.record;
  if (enc.status !== 'signed')
    throw conflict(
      'This visit is still a draft: edit it directly. Amendments correct signed notes.',
      'encounter-draft',
    );
  return ctx.work(async (tx, entry) => {
    const note = await store.findNote(tx, ctx.user.clinicId, enc.id);
    if (!note) throw conflict('This visit has no signed note to amend.', 'no-note');
    const authorName = (await store.userName(tx, ctx.user.clinicId, ctx.user.id)) ?? ctx.user.name;
    const row = await store.insertAmendment(tx, {
      clinicId: ctx.user.clinicId,
      noteId: note.id,
      encounterId: enc.id,
      patientId: enc.patientId,
      authorId: ctx.user.id,
      authorName,
      createdAt: ctx.now,
      section: input.section,
      reason: input.reason,
      text: input.text,
    });
    entry.details = { noteId: note.id, amendmentId: row.id, section: input.section };
    return (await loadNote(tx, ctx.user.clinicId, enc.id))!;
  });
}

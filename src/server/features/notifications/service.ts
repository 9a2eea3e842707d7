import { notFound } from '../../platform/errors.ts';
import { limitedPatient, openPatient, visibleInFull } from '../../platform/access.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import * as store from './store.ts';

function summary(m: store.MessageRow) {
  return {
    id: m.id,
    kind: m.kind,
    status: m.status,
    patientId: m.patientId,
    appointmentId: m.appointmentId,
    to: m.toAddress,
    subject: m.subject,
    attempts: m.attempts,
    lastError: m.lastError,
    sendAfter: m.sendAfter.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    transport: m.transport,
    hasCalendarInvite: !!m.ics,
    createdAt: m.createdAt.toISOString(),
  };
}

/**
 * One message of the list, with the patient it is for. A restricted patient's message is listed
 * to staff outside the care team like every list shows that patient (platform/access.ts): with the
 * patient's name and date of birth only — the address it went to and any delivery error (which
 * may quote the address) are left out.
 */
function listItem(r: store.ListedMessage) {
  const p = r.patient;
  if (!p) return { ...summary(r.m), patient: null };
  if (!r.whole)
    return { ...summary(r.m), to: null, lastError: null, patient: limitedPatient(p), limited: true };
  return {
    ...summary(r.m),
    patient: {
      id: p.id,
      name: `${p.givenName} ${p.familyName}`,
      givenName: p.givenName,
      familyName: p.familyName,
      birthDate: p.birthDate,
      restricted: p.restricted,
    },
  };
}

/** Staff's view of the outbox; a filter by patient opens that patient's record (the patient rule). */
export async function listOutbox(
  ctx: SignedInContext,
  q: { status?: string; patientId?: string; kind?: string; limit: number },
) {
  return ctx.work(async (tx, entry) => {
    if (q.patientId) await openPatient(tx, ctx, q.patientId);
    const rows = await store.listMessages(tx, ctx.user.clinicId, q, visibleInFull(ctx));
    entry.patientId = q.patientId ?? null;
    entry.details = { resultCount: rows.length };
    return rows.map(listItem);
  });
}

/** A route that opened a message (`messageSubject`): its patient's record opened with it. */
type MessageContext = OpenedContext<store.MessageRow, false>;

/** The development mailbox: the full message as it was (or will be) sent. */
export async function readMessage(ctx: MessageContext) {
  const m = ctx.subject.record;
  return ctx.work(async () => ({ ...summary(m), text: m.text }));
}

export async function readMessageIcs(ctx: MessageContext): Promise<string> {
  const m = ctx.subject.record;
  if (!m.ics) throw notFound('calendar attachment');
  const ics = m.ics;
  return ctx.work(async () => ics);
}

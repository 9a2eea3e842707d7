import type { Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { accessPatient } from '../patients/service.ts';
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

/** Staff's view of the outbox. Restricted patients' messages only for admins and the care team. */
export async function listOutbox(
  deps: Deps,
  rctx: RequestContext,
  q: { status?: string; patientId?: string; kind?: string; limit: number },
) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    if (q.patientId) await accessPatient(tx, ctx, q.patientId);
    const rows = await store.listMessages(tx, ctx.user, q);
    await writeAudit(tx, ctx, {
      action: 'outbox.search',
      resourceType: 'Communication',
      patientId: q.patientId ?? null,
      outcome: 'success',
      details: { resultCount: rows.length },
    });
    return rows.map(summary);
  });
}

async function loadMessage(tx: Tx, ctx: AuthedContext, id: string): Promise<store.MessageRow> {
  const m = await store.findMessage(tx, ctx.user.clinicId, id);
  if (!m) throw notFound('message');
  if (m.patientId) {
    try {
      await accessPatient(tx, ctx, m.patientId);
    } catch {
      throw notFound('message');
    }
  }
  await writeAudit(tx, ctx, {
    action: 'outbox.read',
    resourceType: 'Communication',
    resourceId: m.id,
    patientId: m.patientId,
    outcome: 'success',
  });
  return m;
}

/** The development mailbox: the full message as it was (or will be) sent. */
export async function readMessage(deps: Deps, rctx: RequestContext, id: string) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const m = await loadMessage(tx, ctx, id);
    return { ...summary(m), text: m.text };
  });
}

export async function readMessageIcs(deps: Deps, rctx: RequestContext, id: string): Promise<string> {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const m = await loadMessage(tx, ctx, id);
    if (!m.ics) throw notFound('calendar attachment');
    return m.ics;
  });
}

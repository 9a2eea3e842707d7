import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { writeAudit } from '../../platform/audit.ts';
import { accessPatient, listPatientScope, visiblePatients } from '../patients/service.ts';
import * as waitlistStore from './waitlist-store.ts';
import { entryView, offerView } from './waitlist-views.ts';

/** Restricted records stay out of staff lists unless the caller is an admin or on the care team. */
export async function listWaitlist(
  deps: Deps,
  rctx: RequestContext,
  q: { status?: string; patientId?: string; practitionerId?: string },
) {
  const ctx = rctx as AuthedContext;
  const patientId = listPatientScope(ctx, q.patientId);
  return deps.db.transaction(async (tx) => {
    if (patientId) await accessPatient(tx, ctx, patientId);
    const rows = await waitlistStore.listEntries(
      tx,
      ctx.user.clinicId,
      { patientId, practitionerId: q.practitionerId, status: q.status },
      visiblePatients(ctx),
    );
    const offers = await waitlistStore.pendingOffersOfEntries(
      tx,
      rows.map((r) => r.e.id),
    );
    await writeAudit(tx, ctx, {
      action: 'waitlist.search',
      resourceType: 'WaitlistEntry',
      patientId: patientId ?? null,
      outcome: 'success',
      details: { resultCount: rows.length },
    });
    return rows.map((r) => {
      const o = offers.find((x) => x.o.entryId === r.e.id);
      return entryView(r.e, r.code, {
        patientName: `${r.given} ${r.family}`,
        offer: o ? offerView(o.o, o) : null,
      });
    });
  });
}

export async function listOffers(
  deps: Deps,
  rctx: RequestContext,
  q: { status?: string; patientId?: string },
) {
  const ctx = rctx as AuthedContext;
  const patientId = listPatientScope(ctx, q.patientId);
  return deps.db.transaction(async (tx) => {
    if (patientId) await accessPatient(tx, ctx, patientId);
    const rows = await waitlistStore.listOffers(
      tx,
      ctx.user.clinicId,
      { patientId, status: q.status },
      visiblePatients(ctx),
    );
    await writeAudit(tx, ctx, {
      action: 'waitlist.offers.search',
      resourceType: 'WaitlistOffer',
      patientId: patientId ?? null,
      outcome: 'success',
      details: { resultCount: rows.length },
    });
    return rows.map((r) => ({
      ...offerView(r.o, r),
      patientId: r.patientId,
      patientName: `${r.given} ${r.family}`,
    }));
  });
}

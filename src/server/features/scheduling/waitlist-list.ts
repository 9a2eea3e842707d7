import { listPatientScope, openPatient, visibleInFull } from '../../platform/access.ts';
import type { SignedInContext } from '../../platform/route.ts';
import * as waitlistStore from './waitlist-store.ts';
import { entryView, offerView } from './waitlist-views.ts';

/** Restricted records stay out of staff lists unless the caller is an admin or on the care team. */
export async function listWaitlist(
  ctx: SignedInContext,
  q: { status?: string; patientId?: string; practitionerId?: string },
) {
  const patientId = listPatientScope(ctx, q.patientId);
  return ctx.work(async (tx, entry) => {
    if (patientId) await openPatient(tx, ctx, patientId);
    const rows = await waitlistStore.listEntries(
      tx,
      ctx.user.clinicId,
      { patientId, practitionerId: q.practitionerId, status: q.status },
      visibleInFull(ctx),
    );
    const offers = await waitlistStore.pendingOffersOfEntries(
      tx,
      rows.map((r) => r.e.id),
    );
    entry.patientId = patientId ?? null;
    entry.details = { resultCount: rows.length };
    return rows.map((r) => {
      const o = offers.find((x) => x.o.entryId === r.e.id);
      return entryView(r.e, r.code, {
        patientName: `${r.given} ${r.family}`,
        offer: o ? offerView(o.o, o) : null,
      });
    });
  });
}

export async function listOffers(ctx: SignedInContext, q: { status?: string; patientId?: string }) {
  const patientId = listPatientScope(ctx, q.patientId);
  return ctx.work(async (tx, entry) => {
    if (patientId) await openPatient(tx, ctx, patientId);
    const rows = await waitlistStore.listOffers(
      tx,
      ctx.user.clinicId,
      { patientId, status: q.status },
      visibleInFull(ctx),
    );
    entry.patientId = patientId ?? null;
    entry.details = { resultCount: rows.length };
    return rows.map((r) => ({
      ...offerView(r.o, r),
      patientId: r.patientId,
      patientName: `${r.given} ${r.family}`,
    }));
  });
}

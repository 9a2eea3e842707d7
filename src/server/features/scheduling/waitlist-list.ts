import type { Tx } from '../../db/connect.ts';
import { limitedPatient, listPatientScope, openPatient, wholeColumn } from '../../platform/access.ts';
import type { SignedInContext } from '../../platform/route.ts';
import * as waitlistStore from './waitlist-store.ts';
import { entryView, offerView } from './waitlist-views.ts';

/**
 * The visibility of a staff list filtered by one patient, or of the whole clinic: filtering by a
 * patient opens their record first (the same rule as opening it), and then shows them in full;
 * otherwise restricted patients outside the caller's care team are seen in the limited form.
 */
async function visibility(ctx: SignedInContext, tx: Tx, patientId?: string) {
  if (!patientId) return wholeColumn(ctx);
  await openPatient(tx, ctx, patientId);
  return wholeColumn(ctx, true);
}

/** What a row says about a patient the caller may see only in the limited form. */
const limitedOf = (r: { given: string; family: string; birthDate: string }, patientId: string) =>
  limitedPatient({ id: patientId, givenName: r.given, familyName: r.family, birthDate: r.birthDate });

/**
 * The waiting list (a patient: their own entries). Staff outside a restricted patient's care team
 * see that patient's entries too, with the patient in the limited form and without the entry's note.
 */
export async function listWaitlist(
  ctx: SignedInContext,
  q: { status?: string; patientId?: string; practitionerId?: string },
) {
  const patientId = listPatientScope(ctx, q.patientId);
  return ctx.work(async (tx, entry) => {
    const whole = await visibility(ctx, tx, patientId);
    const rows = await waitlistStore.listEntries(
      tx,
      ctx.user.clinicId,
      { patientId, practitionerId: q.practitionerId, status: q.status },
      whole,
    );
    const offers = await waitlistStore.pendingOffersOfEntries(
      tx,
      rows.map((r) => r.e.id),
    );
    entry.patientId = patientId ?? null;
    entry.details = { resultCount: rows.length };
    return rows.map((r) => {
      const o = offers.find((x) => x.o.entryId === r.e.id);
      const view = entryView(r.e, r.code, {
        patientName: `${r.given} ${r.family}`,
        offer: o ? offerView(o.o, o) : null,
      });
      return r.whole ? view : { ...view, note: null, patient: limitedOf(r, r.e.patientId) };
    });
  });
}

/** Offers made from the waiting list; restricted patients as in {@link listWaitlist}. */
export async function listOffers(ctx: SignedInContext, q: { status?: string; patientId?: string }) {
  const patientId = listPatientScope(ctx, q.patientId);
  return ctx.work(async (tx, entry) => {
    const whole = await visibility(ctx, tx, patientId);
    const rows = await waitlistStore.listOffers(
      tx,
      ctx.user.clinicId,
      { patientId, status: q.status },
      whole,
    );
    entry.patientId = patientId ?? null;
    entry.details = { resultCount: rows.length };
    return rows.map((r) => {
      const view = {
        ...offerView(r.o, r),
        patientId: r.patientId,
        patientName: `${r.given} ${r.family}`,
      };
      return r.whole ? view : { ...view, patient: limitedOf(r, r.patientId) };
    });
  });
}

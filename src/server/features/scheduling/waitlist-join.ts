import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import { openPatient } from '../../platform/access.ts';
import type { SignedInContext } from '../../platform/route.ts';
import * as store from './store.ts';
import * as waitlistStore from './waitlist-store.ts';
import { hasIntakeConsent, intakeConsentRequired } from './intake.ts';
import { parseWindow } from './common.ts';
import { entryView } from './waitlist-views.ts';

/** A patient may wait for at most this many things at once (anti-hoarding). */
export const MAX_ACTIVE_ENTRIES_PER_PATIENT = 5;
const MAX_WINDOW_DAYS = 92;

export interface JoinInput {
  patientId?: string | null;
  practitionerId?: string | null;
  appointmentType: string;
  from: string;
  to: string;
  note?: string | null;
}

/** What joining is audited as (the route declares it; the demo seed gets the same). */
export const JOIN_AUDIT = { action: 'waitlist.join', resourceType: 'WaitlistEntry' };

export async function joinWaitlist(ctx: SignedInContext, input: JoinInput) {
  const { user } = ctx;
  if (user.role === 'patient' && input.patientId && input.patientId !== user.patientId)
    throw notFound('patient');
  const patientId = user.role === 'patient' ? user.patientId : input.patientId;
  if (!patientId) {
    throw badRequest('Say which patient is waiting (patientId).', [
      { path: 'patientId', message: 'Required for staff' },
    ]);
  }
  return ctx.work(async (tx, entry) => {
    // The patient is named by the body, not the route: it opens here, under the same rule.
    await openPatient(tx, ctx, patientId);
    const type = await store.findType(tx, user.clinicId, input.appointmentType);
    if (!type || (user.role === 'patient' && !type.bookableOnline)) throw notFound('appointment type');
    let zone: string;
    if (input.practitionerId) {
      const p = await store.findPractitioner(tx, input.practitionerId, user.clinicId);
      if (!p) throw notFound('practitioner');
      zone = p.timeZone;
    } else {
      zone = await store.clinicTimeZone(tx, user.clinicId);
    }
    const w = parseWindow(input.from, input.to, zone);
    if (!(w.end > w.start))
      throw badRequest('`to` must be after `from`.', [{ path: 'to', message: 'Must be after from' }]);
    if (w.end <= ctx.now)
      throw badRequest('The window is already over; choose dates in the future.', [
        { path: 'to', message: 'Must be in the future' },
      ]);
    if (w.end.getTime() - w.start.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
      throw badRequest(`Wait for at most ${MAX_WINDOW_DAYS} days at a time.`, [
        { path: 'to', message: `At most ${MAX_WINDOW_DAYS} days after from` },
      ]);
    }
    if (type.newPatientOnly && (await store.hasAnyVisit(tx, user.clinicId, patientId))) {
      throw conflict(
        `“${type.name}” is for new patients; wait for a follow-up type instead.`,
        'new-patient-only',
      );
    }
    if (
      type.newPatientOnly &&
      user.role === 'patient' &&
      !(await hasIntakeConsent(tx, user.clinicId, patientId))
    ) {
      throw intakeConsentRequired(patientId);
    }
    if (
      (await waitlistStore.countActiveEntries(tx, user.clinicId, patientId, ctx.now)) >=
      MAX_ACTIVE_ENTRIES_PER_PATIENT
    ) {
      throw conflict(
        `This patient is already on the waiting list ${MAX_ACTIVE_ENTRIES_PER_PATIENT} times, the most at once. Leave an entry first.`,
        'waitlist-limit',
      );
    }
    const row = await waitlistStore.insertEntry(tx, {
      clinicId: user.clinicId,
      patientId,
      practitionerId: input.practitionerId ?? null,
      appointmentTypeId: type.id,
      windowStart: w.start,
      windowEnd: w.end,
      status: 'waiting',
      note: input.note ?? null,
      createdAt: ctx.now,
      createdBy: user.id,
      updatedAt: ctx.now,
    });
    entry.resourceId = row.id;
    entry.patientId = patientId;
    return entryView(row, type.code, { offer: null });
  });
}

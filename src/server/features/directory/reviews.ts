import type { Deps } from '../../platform/deps.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import { HttpError, conflict, problemType } from '../../platform/errors.ts';
import type { AppointmentRow } from '../scheduling/index.ts';
import * as store from './store.ts';

export const REVIEW_AUDIT = { action: 'review.create', resourceType: 'Review' };
export const HIDE_AUDIT = { action: 'review.hide', resourceType: 'Review' };

const isUniqueViolation = (err: unknown) =>
  (err as { cause?: { code?: string }; code?: string })?.cause?.code === '23505' ||
  (err as { code?: string })?.code === '23505';

/**
 * `POST /api/v1/appointments/{id}/review`: the route lets in only the patient role, and the
 * platform opens the appointment only for its own patient (anyone else: 404). Here: only a
 * completed visit, only once (the unique index settles a race: the loser gets the same 409).
 */
export async function createReview(
  ctx: OpenedContext<AppointmentRow, true>,
  body: { rating: number; text: string },
) {
  const a = ctx.subject.record;
  if (a.status !== 'completed')
    throw conflict(
      'You can review a visit once it has taken place and the clinic has marked it completed.',
      'visit-not-completed',
    );
  try {
    return await ctx.work(async (tx, entry) => {
      if (await store.reviewOfAppointment(tx, a.id))
        throw conflict(
          'You have already reviewed this visit; each visit is reviewed once.',
          'already-reviewed',
        );
      const row = await store.insertReview(tx, {
        clinicId: a.clinicId,
        practitionerId: a.practitionerId,
        appointmentId: a.id,
        patientId: a.patientId,
        rating: body.rating,
        text: body.text,
        createdAt: ctx.now,
      });
      entry.resourceId = row.id;
      entry.details = { appointmentId: a.id, rating: row.rating };
      return publicReview(row);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(
        'You have already reviewed this visit; each visit is reviewed once.',
        'already-reviewed',
      );
    throw err;
  }
}

/** What the public sees of a review: never who wrote it. */
export function publicReview(r: { rating: number; text: string; createdAt: Date }) {
  return {
    rating: r.rating,
    text: r.text,
    date: r.createdAt.toISOString().slice(0, 10),
    verifiedVisit: true,
  };
}

/** The clinic's reviews for moderation (admins; the route's audit records the read). */
export async function listClinicReviews(deps: Deps, ctx: SignedInContext) {
  const rows = await store.clinicReviews(deps.db, ctx.user.clinicId);
  return {
    results: rows.map((r) => ({
      id: r.id,
      practitionerId: r.practitionerId,
      appointmentId: r.appointmentId,
      ...publicReview(r),
      hidden: !!r.hiddenAt,
      hiddenReason: r.hiddenReason,
    })),
  };
}

/** Hides a review from the public, with the reason (audited); hiding twice is a 409. */
export async function hideReview(ctx: OpenedContext<store.ReviewRow, true>, reason: string) {
  return ctx.work(async (tx, entry) => {
    const row = await store.hideReview(tx, ctx.subject.record.id, ctx.user.id, reason, ctx.now);
    if (!row)
      throw new HttpError(409, 'Conflict', 'This review is already hidden.', {
        type: problemType('already-hidden'),
      });
    entry.details = { reason };
    return { id: row.id, hidden: true, hiddenReason: row.hiddenReason };
  });
}

import { DateTime } from 'luxon';
import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import { storedAnswer, withIdempotency } from '../../platform/idempotency.ts';
import type { OpenedContext } from '../../platform/route.ts';
import {
  pickAtPace,
  plannedVisits,
  remainingVisits,
  weeklyPace,
  type Activity,
} from '../../../domain/outcomes/index.ts';
import type { BookVisitsBody } from '../../../contracts/outcomes.ts';
import { availability, book } from '../scheduling/index.ts';
import * as store from './care-plan-store.ts';
import { clinicTimeZone } from './store.ts';

/**
 * Booking a plan's remaining OMT visits in one step. The proposal reads what is left (planned −
 * done − booked since the plan's start, the start day included) and picks free times at the plan's
 * weekly pace from the slot engine; booking sends each time through scheduling's own `book`, so every
 * rule of a booking (free slot, hours, buffers, holds, no overlap, idempotency, its audit entry)
 * holds for each, and one refused time does not undo the others.
 */

type PlanContext = OpenedContext<store.CarePlanRow, true>;

const WINDOW_DAYS = 31;
const MAX_WINDOWS = 4;
const DAY = 86_400_000;

const conflict = (slug: string, path: string, message: string, detail: string) =>
  new HttpError(409, 'Conflict', detail, { type: problemType(slug), errors: [{ path, message }] });

/** A plain request context: `book` then runs its own audited unit of work per visit. */
const requestOf = (ctx: PlanContext): RequestContext => ({
  requestId: ctx.requestId,
  user: ctx.user,
  via: ctx.via,
  ...(ctx.credential ? { credential: ctx.credential } : {}),
  ip: ctx.ip,
  userAgent: ctx.userAgent,
  now: ctx.now,
  ...(ctx.trail ? { trail: ctx.trail } : {}),
});

const localIso = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone }).toISO({ suppressMilliseconds: true }) ?? iso;

async function whatIsLeft(deps: Deps, row: store.CarePlanRow) {
  const db = deps.db;
  const zone = await clinicTimeZone(db, row.clinicId);
  const visits = await store.visitCounts(db, row.clinicId, row.patientId, row.start, zone);
  const activities = row.activities as Activity[];
  const planned = plannedVisits(activities);
  const userIds = [row.signedBy, row.createdBy].filter((u): u is string => !!u);
  const practitioner = await store.planPractitioner(db, row.clinicId, userIds, row.patientId);
  const type = await store.planVisitType(db, row.clinicId, row.patientId);
  return {
    planned,
    completed: visits.completed,
    booked: visits.booked,
    remaining: remainingVisits({ planned, completed: visits.completed, booked: visits.booked }),
    perWeek: weeklyPace(activities),
    practitioner,
    type,
  };
}

export type Proposal = Awaited<ReturnType<typeof propose>>;

/** The remaining visits and free times for them at the plan's pace (computed now, never stored). */
async function propose(deps: Deps, ctx: PlanContext, row: store.CarePlanRow) {
  const left = await whatIsLeft(deps, row);
  const base = {
    planId: row.id,
    visitsPlanned: left.planned,
    visitsCompleted: left.completed,
    visitsBooked: left.booked,
    remaining: left.remaining,
    perWeek: left.perWeek,
    practitioner: left.practitioner,
    appointmentType: left.type,
  };
  if (left.remaining === 0 || !left.practitioner || !left.type)
    return { ...base, slots: [] as ProposedSlot[], unproposed: left.remaining };
  const { practitioner, type } = left;
  const zone = practitioner.timeZone;
  const planStart = DateTime.fromISO(row.start, { zone }).toMillis();
  const from = Math.max(ctx.now.getTime(), planStart);
  const dayOf = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate()!;
  const anchor = DateTime.fromMillis(from, { zone }).toISODate()!;
  const needDays = Math.ceil(left.remaining / left.perWeek) * 7 + 14;
  const free: { start: string; end: string }[] = [];
  const request = requestOf(ctx);
  for (let w = 0; w < MAX_WINDOWS && w * WINDOW_DAYS < needDays; w++) {
    const res = await availability(deps, request, {
      practitionerId: practitioner.id,
      appointmentType: type.code,
      from: new Date(from + w * WINDOW_DAYS * DAY).toISOString(),
      to: new Date(from + (w + 1) * WINDOW_DAYS * DAY).toISOString(),
    });
    free.push(...res.slots.map((s) => ({ start: s.start, end: s.end })));
  }
  const picked = pickAtPace(free, { count: left.remaining, perWeek: left.perWeek, anchor, dayOf });
  const slots: ProposedSlot[] = picked.map((s) => ({
    start: s.start,
    end: s.end,
    localStart: localIso(s.start, zone),
    timeZone: zone,
  }));
  return { ...base, slots, unproposed: left.remaining - slots.length };
}

export interface ProposedSlot {
  start: string;
  end: string;
  /** The start in the practitioner's zone, with its offset. */
  localStart: string;
  timeZone: string;
}

const mustBeActive = (row: store.CarePlanRow) => {
  if (row.status !== 'active')
    throw conflict(
      'care-plan-not-active',
      'status',
      row.status === 'draft' ? 'Sign the plan first' : `The plan is ${row.status}`,
      'Visits are booked only from an active (signed) plan.',
    );
};

/** `GET /care-plans/{id}/visit-proposal`. */
export async function visitProposal(deps: Deps, ctx: PlanContext) {
  const row = ctx.subject.record;
  const proposal = await propose(deps, ctx, row);
  return ctx.work(async (_tx, entry) => {
    entry.details = { remaining: proposal.remaining, proposed: proposal.slots.length };
    return proposal;
  });
}

export interface BookVisitsAnswer {
  planId: string;
  practitioner: Proposal['practitioner'];
  appointmentType: Proposal['appointmentType'];
  booked: (Record<string, unknown> & { id: string; start: string; localStart: string })[];
  notBooked: { start: string; localStart: string | null; reason: string; problem: string | null }[];
}

/**
 * `POST /care-plans/{id}/book-visits`: books the proposed times (or the client's `starts`), each
 * through scheduling's `book` with a key derived from the request's Idempotency-Key; the answer is
 * stored under that key, so a replay returns it and books nothing new.
 */
export async function bookVisits(deps: Deps, ctx: PlanContext, body: BookVisitsBody, key: string) {
  const row = ctx.subject.record;
  const replay = await storedAnswer<BookVisitsAnswer>(deps.db, ctx, key, body);
  if (replay) return replay;
  mustBeActive(row);
  const proposal = await propose(deps, ctx, row);
  const { practitioner, appointmentType: type } = proposal;
  if (!practitioner || !type)
    throw conflict(
      'care-plan-no-practitioner',
      practitioner ? 'appointmentType' : 'practitioner',
      practitioner ? 'No follow-up visit type' : 'No practitioner for this plan',
      'The plan has no practitioner (the signing clinician has no schedule) or the clinic has no follow-up visit type. Book from the schedule instead.',
    );
  const starts = body.starts ?? proposal.slots.map((s) => s.start);
  if (starts.length > proposal.remaining)
    throw new HttpError(
      400,
      'Invalid request',
      `Only ${proposal.remaining} visits of this plan remain to book.`,
      {
        type: problemType('validation'),
        errors: [{ path: 'starts', message: `At most ${proposal.remaining} visits remain` }],
      },
    );
  const answer: BookVisitsAnswer = {
    planId: row.id,
    practitioner,
    appointmentType: type,
    booked: [],
    notBooked: [],
  };
  const request = requestOf(ctx);
  for (const [i, start] of starts.entries()) {
    try {
      const res = await book(
        deps,
        request,
        {
          practitionerId: practitioner.id,
          appointmentType: type.code,
          start,
          patientId: row.patientId,
          reason: `Plan of care: ${row.title}`.slice(0, 200),
        },
        `${key}:visit-${i}`,
      );
      const view = res.body as unknown as BookVisitsAnswer['booked'][number];
      answer.booked.push({ ...view, localStart: localIso(view.start, practitioner.timeZone) });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      answer.notBooked.push({
        start,
        localStart: Number.isNaN(Date.parse(start)) ? null : localIso(start, practitioner.timeZone),
        reason: err.detail || err.title,
        problem: err.opts.type ?? null,
      });
    }
  }
  return ctx.work(async (tx, entry) => {
    const stored = await withIdempotency(tx, ctx, key, body, 200, async () => answer);
    entry.details = {
      booked: stored.body.booked.map((b) => b.id),
      notBooked: stored.body.notBooked.map((n) => ({ start: n.start, reason: n.reason })),
    };
    return stored;
  });
}

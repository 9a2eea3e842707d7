import { addDays, resolveWallTime } from '../../../domain/scheduling/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Tx } from '../../db/connect.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { HttpError, problemType, unauthorized } from '../../platform/errors.ts';
import { auditedWork } from '../../platform/work.ts';
import type { EntryNote, SignedInContext, SuccessEntry } from '../../platform/route.ts';
import { unitOfWork, type UnitOptions } from '../../platform/unit.ts';
import type { UnavailableReason } from '../../../domain/scheduling/index.ts';
import type * as store from './store.ts';

export { sqlStateOf } from '../../platform/unit.ts';

const REASONS: Record<UnavailableReason, string> = {
  'outside-hours': 'That time is outside the practitioner’s working hours.',
  misaligned: 'Appointments of this type start on the schedule’s grid; pick one of the offered times.',
  conflict: 'That time is no longer free.',
  'time-off': 'The practitioner is away or the clinic is closed then.',
  'too-soon': 'That time is too soon to book online; call the clinic.',
  'beyond-horizon': 'That time is beyond how far ahead this appointment type can be booked.',
};

export const slotTaken = (reason: UnavailableReason | 'overlap') =>
  new HttpError(409, 'Slot not available', reason === 'overlap' ? REASONS.conflict : REASONS[reason], {
    type: problemType('slot-unavailable'),
    extra: { reason },
  });

/** Retries exhausted: rival transactions kept deadlocking with this one over overlapping times. */
const slotContended = () =>
  new HttpError(
    409,
    'Slot not available',
    'Someone else was booking an overlapping time at the same moment. Look at the free times again and pick one.',
    { type: problemType('slot-unavailable'), extra: { reason: 'contention' } },
  );

/**
 * The unit of work of every transaction that can occupy a practitioner's time (book, move, cancel,
 * status changes, waiting-list answers and holds): an exclusion violation (a racing booking won)
 * becomes a 409, and serialization failures or deadlocks are retried a bounded number of times,
 * then become a 409 too (never a 500). Two transactions inserting overlapping blocks at once can
 * deadlock inside the exclusion constraint's check (each waits for the other's uncommitted row);
 * the platform's random pause keeps the retries from meeting again in lockstep.
 */
export const BOOKING_UNIT: UnitOptions = {
  name: 'booking',
  onSqlState: { '23P01': () => slotTaken('overlap') },
  exhausted: slotContended,
};

/** A booking transaction outside a route (jobs, tests): `unitOfWork` with {@link BOOKING_UNIT}. */
export function bookingTx<T>(
  deps: Pick<Deps, 'db'> & { log: Pick<Deps['log'], 'warn'> },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return unitOfWork(deps, fn, BOOKING_UNIT);
}

/** Thrown by {@link noChange}: carries the answer out of the rolled-back work. */
class NoChange extends Error {
  constructor(readonly answer: unknown) {
    super('no change');
  }
}

/**
 * Ends a route's audited work without recording a change: a repeated request (a second cancel, a
 * replayed booking, a check-in already done) changed nothing, so the work's success entry is not
 * written (the platform records that the record was opened instead). The transaction wrote
 * nothing and is rolled back. Only inside {@link audited}.
 */
export function noChange(answer: unknown): never {
  throw new NoChange(answer);
}

/**
 * Runs the route's audited unit of work (`ctx.work`: the work and the route's success entry
 * commit together); a {@link noChange} inside it answers without the entry.
 */
export async function audited<T>(
  ctx: SignedInContext,
  fn: (tx: Tx, entry: EntryNote, success: SuccessEntry) => Promise<T>,
  opts?: UnitOptions,
): Promise<T> {
  try {
    return await ctx.work(fn, opts);
  } catch (err) {
    if (err instanceof NoChange) return err.answer as T;
    throw err;
  }
}

/**
 * The context a use case has in a route, for callers outside one (the demo seed, tests): signed in
 * as `ctx.user`, with the audited unit of work a route declaring `audit` gives its handler.
 */
export function outsideRoute(
  deps: Pick<Deps, 'db'> & { log?: Pick<Deps['log'], 'warn'> },
  ctx: RequestContext,
  audit: { action: string; resourceType: string },
): SignedInContext {
  if (!ctx.user) throw unauthorized();
  const authed: AuthedContext = { ...ctx, user: ctx.user };
  return { ...authed, work: auditedWork(deps, authed, audit) };
}

export function parseWindow(from: string, to: string | undefined, zone: string): { start: Date; end: Date } {
  const start = instantOf(from, zone, 'start');
  const end = to ? instantOf(to, zone, 'end') : new Date(start.getTime() + 7 * 86_400_000);
  return { start, end };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An instant, or a date read as a day in `zone`: its local midnight (`start`) or the next local
 * midnight (`end`, exclusive). Zone arithmetic is luxon's, via the slot engine.
 */
export function instantOf(value: string, zone: string, edge: 'start' | 'end'): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  return new Date(resolveWallTime(edge === 'end' ? addDays(value, 1) : value, 0, zone).ms);
}

export function appointmentView(
  a: store.AppointmentRow,
  type?: Pick<store.AppointmentTypeRow, 'code' | 'name'>,
) {
  return {
    id: a.id,
    status: a.status,
    start: a.startsAt.toISOString(),
    end: a.endsAt.toISOString(),
    practitionerId: a.practitionerId,
    patientId: a.patientId,
    ...(type ? { appointmentType: type.code, appointmentTypeName: type.name } : {}),
    clinicId: a.clinicId,
    source: a.source,
    reason: a.reason,
    painScore: a.painScore,
    createdAt: a.createdAt.toISOString(),
    ...(a.cancelledAt
      ? { cancelledAt: a.cancelledAt.toISOString(), lateCancellation: a.lateCancellation }
      : {}),
  };
}

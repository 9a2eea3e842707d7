import { addDays, resolveWallTime } from '../../../domain/scheduling/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Tx } from '../../db/connect.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import type { UnavailableReason } from '../../../domain/scheduling/index.ts';
import type * as store from './store.ts';

/** SQLSTATE of a driver error (node-postgres puts it on the error, drizzle wraps it in `cause`). */
export const sqlStateOf = (err: unknown): string | undefined =>
  (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;

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

const BOOKING_ATTEMPTS = 4;

/**
 * Runs a booking transaction; an exclusion violation (a racing booking won) becomes a 409, and
 * serialization failures or deadlocks are retried a bounded number of times, then become a 409 too
 * (never a 500). Two transactions inserting overlapping blocks at once can deadlock inside the
 * exclusion constraint's check (each waits for the other's uncommitted row); the random pause
 * keeps the retries from meeting again in lockstep.
 */
export async function bookingTx<T>(
  deps: Pick<Deps, 'db'> & { log: Pick<Deps['log'], 'warn'> },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction(fn);
    } catch (err) {
      const code = sqlStateOf(err);
      if (code === '23P01') throw slotTaken('overlap');
      if (code === '40001' || code === '40P01') {
        const last = attempt >= BOOKING_ATTEMPTS;
        deps.log.warn(
          { code, attempt },
          last ? 'booking transaction gave up' : 'booking transaction retried',
        );
        if (last) throw slotContended();
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      throw err;
    }
  }
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

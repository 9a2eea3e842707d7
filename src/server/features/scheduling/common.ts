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

/** Runs a booking transaction; an exclusion violation (a racing booking won) becomes a 409, and
 * serialization failures or deadlocks are retried a bounded number of times. */
export async function bookingTx<T>(deps: Deps, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction(fn);
    } catch (err) {
      const code = sqlStateOf(err);
      if (code === '23P01') throw slotTaken('overlap');
      if ((code === '40001' || code === '40P01') && attempt < 4) {
        deps.log.warn({ code, attempt }, 'booking transaction retried');
        continue;
      }
      throw err;
    }
  }
}

export function parseWindow(from: string, to: string | undefined, zone: string): { start: Date; end: Date } {
  const dayStart = (d: string) => zonedMidnight(d, zone);
  const start = /^\d{4}-\d{2}-\d{2}$/.test(from) ? dayStart(from) : new Date(from);
  let end: Date;
  if (!to) end = new Date(start.getTime() + 7 * 86_400_000);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(to)) end = dayStart(nextDay(to));
  else end = new Date(to);
  return { start, end };
}

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** Midnight of a local date in a zone, as an instant (via Intl: no hand-rolled offsets). */
function zonedMidnight(date: string, zone: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offset = asUtc - guess.getTime();
  return new Date(guess.getTime() - offset);
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
    createdAt: a.createdAt.toISOString(),
    ...(a.cancelledAt
      ? { cancelledAt: a.cancelledAt.toISOString(), lateCancellation: a.lateCancellation }
      : {}),
  };
}

import { DateTime } from 'luxon';
import { isIsoDate } from '../time';

/**
 * Time off and clinic closures: a span entered as local dates (and times) in a named zone, turned
 * into instants with that zone's offset on each end (so a span across a DST change stays right),
 * and described back in words.
 */

export interface SpanDraft {
  /** Whole days: from the start of the first day to the end of the last one. */
  allDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  reason: string;
}

export type SpanField = keyof SpanDraft;

export function emptySpan(today: string): SpanDraft {
  return { allDay: true, startDate: today, startTime: '09:00', endDate: today, endTime: '17:00', reason: '' };
}

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_MS = 366 * 86_400_000;

/** The instant of a local date and time in `zone`, ISO 8601 with its offset; `null` when invalid. */
export function localInstant(date: string, time: string, zone: string): string | null {
  if (!isIsoDate(date) || !TIME_RE.test(time)) return null;
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true, includeOffset: true }) : null;
}

/** The local start of the day after `date` in `zone` (the exclusive end of an all-day span). */
function dayAfter(date: string, zone: string): string | null {
  const dt = DateTime.fromISO(date, { zone }).startOf('day').plus({ days: 1 });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true, includeOffset: true }) : null;
}

/**
 * The request body for a span, or the problems per field. All-day spans run from midnight of the
 * first day to midnight after the last day, in `zone`.
 */
export function spanBody(
  d: SpanDraft,
  zone: string,
): {
  body: { start: string; end: string; reason: string | null } | null;
  errors: Partial<Record<SpanField, string>>;
} {
  const errors: Partial<Record<SpanField, string>> = {};
  if (!isIsoDate(d.startDate)) errors.startDate = 'Choose the first day.';
  if (!isIsoDate(d.endDate)) errors.endDate = 'Choose the last day.';
  if (!d.allDay) {
    if (!TIME_RE.test(d.startTime)) errors.startTime = 'Enter a start time such as 09:00.';
    if (!TIME_RE.test(d.endTime)) errors.endTime = 'Enter an end time such as 17:00.';
  }
  if (d.reason.trim().length > 200) errors.reason = 'Keep the reason under 200 characters.';
  if (Object.keys(errors).length) return { body: null, errors };

  const start = localInstant(d.startDate, d.allDay ? '00:00' : d.startTime, zone);
  const end = d.allDay ? dayAfter(d.endDate, zone) : localInstant(d.endDate, d.endTime, zone);
  if (!start || !end) return { body: null, errors: { startDate: 'Choose valid dates.' } };
  const ms = Date.parse(end) - Date.parse(start);
  if (d.allDay && d.endDate < d.startDate) errors.endDate = 'The last day cannot be before the first day.';
  else if (ms <= 0)
    errors[d.endDate === d.startDate ? 'endTime' : 'endDate'] = 'The end must be after the start.';
  else if (ms > MAX_MS) errors.endDate = 'Enter at most a year at a time.';
  if (Object.keys(errors).length) return { body: null, errors };
  return { body: { start, end, reason: d.reason.trim() || null }, errors };
}

/** Server field errors (`start`, `end`, `reason`) → the inputs that show them. */
export function spanServerField(path: string, allDay: boolean): SpanField | null {
  if (path === 'start') return 'startDate';
  if (path === 'end') return allDay ? 'endDate' : 'endTime';
  if (path === 'reason') return 'reason';
  return null;
}

const isMidnight = (dt: DateTime) => dt.hour === 0 && dt.minute === 0 && dt.second === 0;

/**
 * A span in words, in `zone`: "Fri, Jul 4, 2027 (all day)", "Mon, Apr 5 – Fri, Apr 9, 2027 (all
 * day)", "Fri, Apr 2, 2027, 1:00 PM – 5:00 PM", "Fri, Apr 2, 1:00 PM – Sat, Apr 3, 2027, 9:00 AM".
 */
export function describeSpan(startIso: string, endIso: string, zone: string): string {
  const a = DateTime.fromISO(startIso, { zone });
  const b = DateTime.fromISO(endIso, { zone });
  if (!a.isValid || !b.isValid) return `${startIso} – ${endIso}`;
  const day = (dt: DateTime, withYear: boolean) => dt.toFormat(withYear ? 'ccc, LLL d, yyyy' : 'ccc, LLL d');
  const time = (dt: DateTime) => dt.toFormat('h:mm a');
  if (isMidnight(a) && isMidnight(b) && b > a) {
    const last = b.minus({ days: 1 });
    if (last.hasSame(a, 'day')) return `${day(a, true)} (all day)`;
    return `${day(a, a.year !== last.year)} – ${day(last, true)} (whole days)`;
  }
  if (a.hasSame(b, 'day')) return `${day(a, true)}, ${time(a)} – ${time(b)}`;
  return `${day(a, a.year !== b.year)}, ${time(a)} – ${day(b, true)}, ${time(b)}`;
}

/** "Friday, July 4, 2027" for a `YYYY-MM-DD`. */
export function dateLabel(date: string): string {
  const dt = DateTime.fromISO(date, { zone: 'UTC' });
  return dt.isValid ? dt.toFormat('cccc, LLLL d, yyyy') : date;
}

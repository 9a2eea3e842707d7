import type { ProblemFieldError } from '../../../../contracts/common.ts';
import { normalizePath } from '../../../components/fieldErrors';
import type { WallInterval, WeeklyHour } from './types';

/**
 * Pure helpers for editing wall-clock hours ("08:00"–"12:00" in the practitioner's zone): the weekly
 * hours draft, validation that mirrors the server's schema, and mapping the server's field errors
 * back onto the rows they belong to.
 */

export const WEEKDAYS = [
  { n: 1, name: 'Monday', short: 'Mon' },
  { n: 2, name: 'Tuesday', short: 'Tue' },
  { n: 3, name: 'Wednesday', short: 'Wed' },
  { n: 4, name: 'Thursday', short: 'Thu' },
  { n: 5, name: 'Friday', short: 'Fri' },
  { n: 6, name: 'Saturday', short: 'Sat' },
  { n: 7, name: 'Sunday', short: 'Sun' },
] as const;

export const WORKDAYS = [1, 2, 3, 4, 5] as const;

/** One editable range; `key` identifies the row across edits (for React keys and error mapping). */
export interface RangeDraft {
  key: string;
  start: string;
  end: string;
}

/** Weekday (1 = Monday … 7 = Sunday) → its ranges, in the order shown. */
export type WeekDraft = Record<number, RangeDraft[]>;

export interface RangeErrors {
  start?: string;
  end?: string;
}

let seq = 0;
/** A fresh row key. */
export function newKey(): string {
  seq += 1;
  return `r${seq}`;
}

const START_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_RE = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export function fromMinutes(minutes: number): string {
  const m = Math.max(0, Math.min(24 * 60, Math.round(minutes)));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function emptyWeek(): WeekDraft {
  return { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
}

/** The server's weekly hours as a draft, each day's ranges in time order. */
export function draftFromHours(hours: readonly WeeklyHour[]): WeekDraft {
  const week = emptyWeek();
  const sorted = [...hours].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  for (const h of sorted) week[h.weekday]?.push({ key: newKey(), start: h.start, end: h.end });
  return week;
}

/**
 * The PUT body's `hours` from a draft, plus the row key of each entry: the server names a bad
 * entry by its index (`hours/3/start`), and `keys[3]` says which row on screen that is.
 */
export function hoursFromDraft(week: WeekDraft): { hours: WeeklyHour[]; keys: string[] } {
  const hours: WeeklyHour[] = [];
  const keys: string[] = [];
  for (const { n } of WEEKDAYS) {
    for (const r of week[n] ?? []) {
      hours.push({ weekday: n, start: r.start, end: r.end });
      keys.push(r.key);
    }
  }
  return { hours, keys };
}

/** True when two drafts describe the same hours (row keys and order within a day ignored). */
export function sameHours(a: WeekDraft, b: WeekDraft): boolean {
  const norm = (w: WeekDraft) =>
    hoursFromDraft(w)
      .hours.map((h) => `${h.weekday} ${h.start}-${h.end}`)
      .sort()
      .join(',');
  return norm(a) === norm(b);
}

/**
 * Per-row problems of one day's ranges, in the same order as `ranges`: a missing or malformed time,
 * an end not after its start, and overlaps (touching ranges such as 08:00–12:00 and 12:00–17:00 are
 * fine). Messages say what to do.
 */
export function validateRanges(ranges: readonly WallInterval[]): RangeErrors[] {
  const errors: RangeErrors[] = ranges.map(() => ({}));
  const valid: { i: number; start: number; end: number }[] = [];
  ranges.forEach((r, i) => {
    const e = errors[i]!;
    if (!r.start) e.start = 'Enter a start time.';
    else if (!START_RE.test(r.start)) e.start = 'Use a 24-hour time such as 08:00.';
    if (!r.end) e.end = 'Enter an end time.';
    else if (!END_RE.test(r.end)) e.end = 'Use a 24-hour time such as 17:30.';
    if (!e.start && !e.end) {
      if (r.end <= r.start) e.end = `End must be after the start (${wallTimeLabel(r.start)}).`;
      else valid.push({ i, start: toMinutes(r.start), end: toMinutes(r.end) });
    }
  });
  valid.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let k = 1; k < valid.length; k++) {
    const cur = valid[k]!;
    // Compare with the furthest-reaching earlier range, so A contains B and C is caught too.
    const reach = valid.slice(0, k).reduce((best, v) => (v.end > best.end ? v : best));
    if (cur.start < reach.end) {
      const other = ranges[reach.i]!;
      errors[cur.i]!.start = `Overlaps ${wallRangeLabel(other.start, other.end)}; change one of them.`;
    }
  }
  return errors;
}

/** Problems of a whole week, keyed by row; rows without a problem are left out. */
export function validateWeek(week: WeekDraft): Record<string, RangeErrors> {
  const out: Record<string, RangeErrors> = {};
  for (const { n } of WEEKDAYS) {
    const ranges = week[n] ?? [];
    validateRanges(ranges).forEach((e, i) => {
      if (e.start || e.end) out[ranges[i]!.key] = e;
    });
  }
  return out;
}

/**
 * The server's field errors (`hours/<i>/<field>`, or `<prefix>/<i>/<field>`) mapped onto row keys;
 * anything that names no row stays in `rest` to be shown in the alert above the form.
 */
export function mapRangeErrors(
  errors: readonly ProblemFieldError[],
  keys: readonly string[],
  prefix = 'hours',
): { byKey: Record<string, RangeErrors>; rest: ProblemFieldError[] } {
  const byKey: Record<string, RangeErrors> = {};
  const rest: ProblemFieldError[] = [];
  const re = new RegExp(`^${prefix}/(\\d+)(?:/(start|end|weekday))?$`);
  for (const e of errors) {
    const m = re.exec(normalizePath(e.path));
    const key = m ? keys[Number(m[1])] : undefined;
    if (!m || !key) {
      rest.push(e);
      continue;
    }
    const field = m[2] === 'end' ? 'end' : 'start';
    const entry = (byKey[key] ??= {});
    entry[field] = entry[field] ? `${entry[field]} ${e.message}` : e.message;
  }
  return { byKey, rest };
}

/**
 * A sensible new range after the ones a day already has: 09:00–17:00 on an empty day, otherwise an
 * hour after the last range ends, for up to four hours (never past midnight).
 */
export function nextRange(ranges: readonly WallInterval[]): WallInterval {
  const ends = ranges.filter((r) => END_RE.test(r.end)).map((r) => toMinutes(r.end));
  if (ends.length === 0) return { start: '09:00', end: '17:00' };
  const last = Math.max(...ends);
  if (last >= 23 * 60) return { start: fromMinutes(Math.min(last, 23 * 60)), end: '24:00' };
  const start = Math.min(last + 60, 23 * 60);
  return { start: fromMinutes(start), end: fromMinutes(Math.min(start + 240, 24 * 60)) };
}

/** Copies one day's ranges onto other days (fresh row keys), replacing what they had. */
export function copyDay(week: WeekDraft, from: number, to: readonly number[]): WeekDraft {
  const next: WeekDraft = { ...week };
  for (const day of to) {
    if (day === from) continue;
    next[day] = (week[from] ?? []).map((r) => ({ key: newKey(), start: r.start, end: r.end }));
  }
  return next;
}

/** Total working minutes of a day's valid ranges. */
export function dayMinutes(ranges: readonly WallInterval[]): number {
  return ranges
    .filter((r) => START_RE.test(r.start) && END_RE.test(r.end) && r.end > r.start)
    .reduce((sum, r) => sum + toMinutes(r.end) - toMinutes(r.start), 0);
}

/** "8:00 AM", "12:30 PM", "midnight" for "24:00" (and "00:00" as a start). */
export function wallTimeLabel(hhmm: string): string {
  if (!START_RE.test(hhmm) && !END_RE.test(hhmm)) return hhmm;
  const minutes = toMinutes(hhmm);
  if (minutes === 24 * 60 || minutes === 0) return 'midnight';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

/** "8:00 AM–12:00 PM", "9:00–11:30 AM" when both are in the same half of the day. */
export function wallRangeLabel(start: string, end: string): string {
  const a = wallTimeLabel(start);
  const b = wallTimeLabel(end);
  const suffix = (s: string) => (s.endsWith(' AM') || s.endsWith(' PM') ? s.slice(-2) : null);
  if (suffix(a) && suffix(a) === suffix(b)) return `${a.slice(0, -3)}–${b}`;
  return `${a}–${b}`;
}

/** "6 h 30 min", "8 h", "45 min", "0 h". */
export function hoursLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return `${h} h ${m} min`;
  if (m) return `${m} min`;
  return `${h} h`;
}

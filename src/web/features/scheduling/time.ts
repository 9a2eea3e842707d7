import { DateTime, Settings } from 'luxon';

export { formatInZone, zoneAbbreviation } from '../../../domain/instant.ts';

// The interface is in English; keep weekday names and AM/PM in English whatever the browser's locale.
Settings.defaultLocale = 'en-US';

/**
 * Time-zone aware date helpers for scheduling. Every "day" here is a calendar day in a named IANA
 * zone (the practitioner's or the clinic's), never the browser's, so a patient in another zone sees
 * the clinic's days and times first and their own time beside them.
 */

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string | null | undefined): value is string {
  return !!value && DATE_RE.test(value) && DateTime.fromISO(value).isValid;
}

/** The browser's own zone (falls back to UTC when the browser does not say). */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** "Central Time" for America/Chicago: the generic (not daylight/standard) name, or the id itself. */
export function zoneName(zone: string, at: Date = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    // Some engines answer with an offset ("GMT+05:30") where no name exists: the id says more.
    if (part && !/^GMT|^UTC/.test(part)) return part;
  } catch {
    // unknown zone or an engine without longGeneric: fall through
  }
  return zone;
}

/** "Central Time (America/Chicago)". */
export function zoneLabel(zone: string, at?: Date): string {
  const name = zoneName(zone, at);
  return name === zone ? zone : `${name} (${zone})`;
}

/** True when two zones show the same wall-clock time at `at` (e.g. America/Chicago and America/Winnipeg). */
export function sameOffset(a: string, b: string, at: Date = new Date()): boolean {
  if (a === b) return true;
  const ms = at.getTime();
  const oa = DateTime.fromMillis(ms, { zone: a });
  const ob = DateTime.fromMillis(ms, { zone: b });
  return oa.isValid && ob.isValid && oa.offset === ob.offset;
}

/** Today's date in `zone`, `YYYY-MM-DD`. */
export function todayIn(zone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone }).toISODate() ?? DateTime.fromJSDate(now).toISODate()!;
}

/** Calendar arithmetic on `YYYY-MM-DD` (no zone involved). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round(
    DateTime.fromISO(b, { zone: 'UTC' }).diff(DateTime.fromISO(a, { zone: 'UTC' }), 'days').days,
  );
}

/** Monday of the ISO week holding `date`. */
export function startOfWeek(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).startOf('week').toISODate()!;
}

/** The local date of an instant in `zone`. */
export function dayOf(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toISODate()!;
}

/** The instants where a local day starts and ends in `zone` (23 or 25 hours apart on DST days). */
export function dayRange(date: string, zone: string): { start: string; end: string } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { start: start.toISO()!, end: start.plus({ days: 1 }).toISO()! };
}

/** The instants bounding `days` local days from `date` in `zone`. */
export function rangeOfDays(date: string, days: number, zone: string): { start: string; end: string } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { start: start.toISO()!, end: start.plus({ days }).toISO()! };
}

export interface StripDay {
  date: string;
  /** "Tue" */
  weekday: string;
  /** "24" */
  dayOfMonth: string;
  /** "Nov" */
  month: string;
  /** "Tuesday, November 24" */
  label: string;
  /** Instants bounding the day in the zone. */
  start: string;
  end: string;
  /** Length of the local day: 23 or 25 on a DST change. */
  hours: number;
}

/** `count` consecutive local days from `firstDate` in `zone`, each with its bounds. */
export function stripDays(firstDate: string, zone: string, count = 7): StripDay[] {
  const first = DateTime.fromISO(firstDate, { zone }).startOf('day');
  return Array.from({ length: count }, (_, i) => {
    const day = first.plus({ days: i });
    const next = day.plus({ days: 1 });
    return {
      date: day.toISODate()!,
      weekday: day.toFormat('ccc'),
      dayOfMonth: day.toFormat('d'),
      month: day.toFormat('LLL'),
      label: day.toFormat('cccc, LLLL d'),
      start: day.toISO()!,
      end: next.toISO()!,
      hours: next.diff(day, 'hours').hours,
    };
  });
}

/** Groups slots (or anything with a `start`) by their local date in `zone`, preserving order. */
export function groupByDay<T extends { start: string }>(items: readonly T[], zone: string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = dayOf(item.start, zone);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

function fmt(iso: string, zone: string, format: string): string {
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? dt.toFormat(format) : iso;
}

/** "9:00 AM" */
export function timeIn(iso: string, zone: string): string {
  return fmt(iso, zone, 'h:mm a');
}

/** "Tuesday, November 24, 2026" for an instant, or for a `YYYY-MM-DD`. */
export function longDate(isoOrDate: string, zone: string): string {
  return fmt(isoOrDate, zone, 'cccc, LLLL d, yyyy');
}

/** "Tue, Nov 24" */
export function shortDate(isoOrDate: string, zone: string): string {
  return fmt(isoOrDate, zone, 'ccc, LLL d');
}

/** "Tuesday, November 24, 2026 at 9:00 AM" */
export function longDateTime(iso: string, zone: string): string {
  return `${longDate(iso, zone)} at ${timeIn(iso, zone)}`;
}

/** "Nov 23 – 29, 2026" or "Nov 30 – Dec 6, 2026". */
export function weekLabel(firstDate: string, days = 7): string {
  const a = DateTime.fromISO(firstDate, { zone: 'UTC' });
  const b = a.plus({ days: days - 1 });
  if (a.year !== b.year) return `${a.toFormat('LLL d, yyyy')} – ${b.toFormat('LLL d, yyyy')}`;
  if (a.month !== b.month) return `${a.toFormat('LLL d')} – ${b.toFormat('LLL d, yyyy')}`;
  return `${a.toFormat('LLL d')} – ${b.toFormat('d, yyyy')}`;
}

/**
 * The time in the viewer's zone when it differs from the clinic's, e.g. "7:00 AM your time" or
 * "11:00 PM Mon your time" when the day differs too; `null` when both zones agree.
 */
export function localEcho(iso: string, zone: string, viewerZone: string): string | null {
  if (sameOffset(zone, viewerZone, new Date(iso))) return null;
  const there = DateTime.fromISO(iso, { zone });
  const here = DateTime.fromISO(iso, { zone: viewerZone });
  if (!there.isValid || !here.isValid) return null;
  const sameDay = there.toISODate() === here.toISODate();
  return `${here.toFormat(sameDay ? 'h:mm a' : 'h:mm a ccc')} your time`;
}

/** Minutes from local midnight of `date` in `zone` to the instant: wall-clock, so 9:00 is 540 on a DST day too. */
export function wallMinutes(iso: string, date: string, zone: string): number {
  const dt = DateTime.fromISO(iso, { zone });
  const localDate = dt.toISODate()!;
  if (localDate < date) return 0;
  if (localDate > date) return 24 * 60;
  return dt.hour * 60 + dt.minute;
}

export interface Placement {
  /** Pixels from the top of the visible day. */
  top: number;
  height: number;
}

export interface DayScale {
  /** First visible hour (wall clock). */
  startHour: number;
  /** Hour the visible day ends at (exclusive). */
  endHour: number;
  pxPerHour: number;
  /** Smallest height a block gets, so a 5-minute item is still readable and clickable. */
  minHeight?: number;
}

/**
 * Where a block from `start` to `end` sits in the column of local day `date`, by wall-clock time in
 * `zone`; `null` when it falls entirely outside the visible hours or on another day.
 */
export function placeBlock(
  item: { start: string; end: string },
  date: string,
  zone: string,
  scale: DayScale,
): Placement | null {
  const range = dayRange(date, zone);
  if (Date.parse(item.start) >= Date.parse(range.end) || Date.parse(item.end) <= Date.parse(range.start))
    return null;
  const visibleStart = scale.startHour * 60;
  const visibleEnd = scale.endHour * 60;
  const from = Math.max(wallMinutes(item.start, date, zone), visibleStart);
  let to = Math.min(wallMinutes(item.end, date, zone), visibleEnd);
  // The fall-back hour repeats wall-clock times: never let a block end above where it starts.
  if (to < from) to = from;
  if (from >= visibleEnd || to <= visibleStart) return null;
  const perMinute = scale.pxPerHour / 60;
  return {
    top: Math.round((from - visibleStart) * perMinute),
    height: Math.max(Math.round((to - from) * perMinute), scale.minHeight ?? 0),
  };
}

/** Visible hours covering the items (in whole hours), at least `defaultStart`–`defaultEnd`. */
export function visibleHours(
  items: readonly { start: string; end: string }[],
  dates: readonly string[],
  zone: string,
  defaultStart = 8,
  defaultEnd = 18,
): { startHour: number; endHour: number } {
  let startHour = defaultStart;
  let endHour = defaultEnd;
  const dateSet = new Set(dates);
  for (const item of items) {
    const d = dayOf(item.start, zone);
    if (!dateSet.has(d)) continue;
    startHour = Math.min(startHour, Math.floor(wallMinutes(item.start, d, zone) / 60));
    endHour = Math.max(endHour, Math.ceil(wallMinutes(item.end, d, zone) / 60));
  }
  return { startHour: Math.max(0, startHour), endHour: Math.min(24, Math.max(endHour, startHour + 1)) };
}

export interface Laned<T> {
  item: T;
  lane: number;
  lanes: number;
}

/**
 * Side-by-side layout for overlapping blocks: each block gets a lane, and every block in a cluster of
 * overlapping blocks learns how many lanes that cluster needs (so widths line up).
 */
export function assignLanes<T extends { start: string; end: string }>(items: readonly T[]): Laned<T>[] {
  const sorted = [...items].sort(
    (a, b) => Date.parse(a.start) - Date.parse(b.start) || Date.parse(b.end) - Date.parse(a.end),
  );
  const out: Laned<T>[] = [];
  let cluster: Laned<T>[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    const lanes = laneEnds.length;
    for (const c of cluster) c.lanes = lanes;
    out.push(...cluster);
    cluster = [];
    laneEnds = [];
  };
  for (const item of sorted) {
    const s = Date.parse(item.start);
    const e = Math.max(Date.parse(item.end), s + 1);
    if (s >= clusterEnd && cluster.length > 0) close();
    let lane = laneEnds.findIndex((end) => end <= s);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(e);
    } else laneEnds[lane] = e;
    cluster.push({ item, lane, lanes: 0 });
    clusterEnd = cluster.length === 1 ? e : Math.max(clusterEnd, e);
  }
  if (cluster.length > 0) close();
  return out;
}

/** "9:00–9:30 AM" or "11:30 AM–12:30 PM". */
export function timeRange(startIso: string, endIso: string, zone: string): string {
  const a = DateTime.fromISO(startIso, { zone });
  const b = DateTime.fromISO(endIso, { zone });
  if (!a.isValid || !b.isValid) return `${startIso}–${endIso}`;
  if (a.toFormat('a') === b.toFormat('a')) return `${a.toFormat('h:mm')}–${b.toFormat('h:mm a')}`;
  return `${a.toFormat('h:mm a')}–${b.toFormat('h:mm a')}`;
}

/** Part of day for grouping a list of times. */
export function partOfDay(iso: string, zone: string): 'Morning' | 'Afternoon' | 'Evening' {
  const h = DateTime.fromISO(iso, { zone }).hour;
  if (h < 12) return 'Morning';
  if (h < 17) return 'Afternoon';
  return 'Evening';
}

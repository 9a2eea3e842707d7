import { DateTime, IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const END_OF_DAY = 24 * 60;
const WALL_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A wall-clock time mapped to a real instant on one local date. */
export interface ResolvedTime {
  ms: number;
  /** UTC offset in minutes at `ms`. */
  offset: number;
  /** False when the wall-clock time falls in a spring-forward gap (then `ms` is the transition). */
  exists: boolean;
}

/** 'HH:mm' → minutes after local midnight; '24:00' means the end of the day. */
export function parseWallTime(text: string): number {
  const match = WALL_TIME.exec(text);
  if (!match) throw new RangeError(`Invalid wall-clock time "${text}": use HH:mm from 00:00 to 24:00`);
  return match[1] === undefined ? END_OF_DAY : Number(match[1]) * 60 + Number(match[2]);
}

export function formatWallTime(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export function isValidTimeZone(zone: string): boolean {
  // create() caches zones; isValidZone() would build a new Intl formatter on every call.
  return IANAZone.create(zone).isValid;
}

export function assertTimeZone(zone: string): void {
  if (!isValidTimeZone(zone)) throw new RangeError(`Unknown time zone "${zone}": use an IANA name`);
}

export function assertIsoDate(date: string): void {
  if (!ISO_DATE.test(date) || !DateTime.fromISO(date, { zone: 'utc' }).isValid) {
    throw new RangeError(`Invalid date "${date}": use YYYY-MM-DD`);
  }
}

function inZone(instant: Date | number, zone: string): DateTime {
  return DateTime.fromMillis(typeof instant === 'number' ? instant : instant.getTime(), { zone });
}

function isoDateOf(local: DateTime): string {
  const date = local.toISODate();
  if (date === null) throw new RangeError(`Invalid date: ${local.invalidExplanation ?? 'out of range'}`);
  return date;
}

/** The calendar date ('YYYY-MM-DD') of an instant on the wall clock of `zone`. */
export function localDate(instant: Date | number, zone: string): string {
  return isoDateOf(inZone(instant, zone));
}

/** An instant as seen in `zone`; ISO 8601 with offset by default, or a luxon format string. */
export function formatInZone(instant: Date | number, zone: string, format = "yyyy-MM-dd'T'HH:mmZZ"): string {
  return inZone(instant, zone).toFormat(format);
}

/** Local date and minute of the day (seconds dropped) of an instant. */
export function wallClockOf(ms: number, zone: string): { date: string; minute: number } {
  const local = inZone(ms, zone);
  return { date: isoDateOf(local), minute: local.hour * 60 + local.minute };
}

/** Calendar arithmetic on plain dates (done in UTC, where days are always 24 h). */
export function addDays(date: string, days: number): string {
  return isoDateOf(DateTime.fromISO(date, { zone: 'utc' }).plus({ days }));
}

/** `now` plus whole calendar days in `zone` (same wall-clock time, whatever DST does in between). */
export function addZonedDays(ms: number, days: number, zone: string): number {
  return inZone(ms, zone).plus({ days }).toMillis();
}

/**
 * The first real instant at which the wall clock of `zone` shows `minute` on `date`.
 * - Ambiguous (fall-back) times: luxon picks an occurrence from a guess seeded by the *current*
 *   clock, which would make results depend on when the code runs; we take the earlier one, so the
 *   repeated hour yields each wall-clock time once.
 * - Non-existent (spring-forward gap) times: luxon shifts them forward by the gap's length; the wall
 *   clock actually resumes at the transition, so that is the instant returned (`exists: false`).
 */
export function resolveWallTime(date: string, minute: number, zone: string): ResolvedTime {
  const { at, exists } = placeWallTime(date, minute, zone);
  return { ms: at.toMillis(), offset: at.offset, exists };
}

function placeWallTime(date: string, minute: number, zone: string): { at: DateTime; exists: boolean } {
  if (minute === END_OF_DAY) return placeWallTime(addDays(date, 1), 0, zone);
  const local = DateTime.fromISO(`${date}T${formatWallTime(minute)}`, { zone });
  if (!local.isValid) throw new RangeError(`Cannot place ${date} ${formatWallTime(minute)} in ${zone}`);
  if (isoDateOf(local) !== date || local.hour * 60 + local.minute !== minute) {
    return { at: inZone(transitionBefore(local.toMillis(), zone), zone), exists: false };
  }
  const first = local.getPossibleOffsets().reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a));
  return { at: first, exists: true };
}

/** The offset change within the day before `after` (found by bisection over whole minutes). */
function transitionBefore(after: number, zone: string): number {
  const tz = IANAZone.create(zone);
  const target = tz.offset(after);
  let lo = after - DAY_MS;
  let hi = after;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (tz.offset(mid) === target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * One local date. `uniform` means luxon found exactly 24 h from its midnight to the next (tzdb
 * has no zone whose offset changes twice within a day), so wall-clock minute m is `start` + m minutes;
 * only such days are placed by plain arithmetic, every other day goes through `resolveWallTime`.
 */
export interface LocalDay {
  date: string;
  weekday: number;
  start: number;
  uniform: boolean;
}

const atMidnight = (local: DateTime) => local.hour === 0 && local.minute === 0;

/**
 * The next local midnight. luxon's calendar `plus` keeps the current offset as its guess, so an
 * ambiguous midnight comes out as its first occurrence, as `resolveWallTime` would place it; a
 * midnight inside a gap is placed by `resolveWallTime` itself.
 */
function nextMidnight(midnight: DateTime, zone: string): DateTime {
  const next = midnight.plus({ days: 1 });
  return atMidnight(next) ? next : placeWallTime(isoDateOf(next), 0, zone).at;
}

function toLocalDay(date: string, midnight: DateTime, next: DateTime): LocalDay {
  // A DST change would make the day 23, 25 (or 23.5, 24.5…) hours long.
  const uniform =
    atMidnight(midnight) && atMidnight(next) && next.toMillis() - midnight.toMillis() === DAY_MS;
  return { date, weekday: midnight.weekday, start: midnight.toMillis(), uniform };
}

/** The local dates first..last (inclusive), one luxon step per day; lazy, so a search can stop early. */
export function* localDays(first: string, last: string, zone: string): Generator<LocalDay> {
  let midnight = placeWallTime(first, 0, zone).at;
  for (let date = first; date <= last;) {
    const next = nextMidnight(midnight, zone);
    yield toLocalDay(date, midnight, next);
    midnight = next;
    date = isoDateOf(next);
  }
}

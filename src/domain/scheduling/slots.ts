/**
 * The slot engine. Pure: `now` is a parameter and every time-zone question goes to luxon with the
 * practitioner's IANA zone, never to the process zone.
 *
 * - Grid: starts are wall-clock times `intervalStart + k·slotInterval` of each (merged) working
 *   interval of a local date; a time the clock skips (spring forward) yields no slot, a repeated
 *   time (fall back) yields one slot at its first occurrence. Slots last exactly `duration` real
 *   minutes, whatever the clock does meanwhile.
 * - Footprint: [start - bufferBefore, end + bufferAfter) must lie inside the working interval and
 *   must not overlap time off, closures, or a busy appointment widened by its own buffers.
 * - Notice and horizon: now + minNotice ≤ start < now + horizonDays (calendar days in the zone).
 */
import { blockIndex, type BlockIndex, type MsRange, overlapsBlock } from './blocked.ts';
import type {
  AppointmentTypeRules,
  Busy,
  Interval,
  Schedule,
  Slot,
  SlotCheck,
  SlotSearchInput,
  UnavailableReason,
} from './types.ts';
import {
  addZonedDays,
  assertTimeZone,
  type LocalDay,
  localDate,
  localDays,
  MINUTE_MS,
  wallClockOf,
} from './wall-clock.ts';
import {
  compilePlan,
  gridStarts,
  type WorkingInterval,
  type WorkingPlan,
  workingIntervalsOn,
} from './working-hours.ts';

/** A schedule prepared for the instants in [lo, hi): plan compiled, blocked time indexed. */
interface Prepared {
  zone: string;
  plan: WorkingPlan;
  type: AppointmentTypeRules;
  earliest: number;
  horizonEnd: number;
  off: BlockIndex;
  busy: BlockIndex;
}

function assertInstant(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
}

function assertType(type: AppointmentTypeRules): void {
  const check = (name: keyof AppointmentTypeRules, min: number) => {
    if (!Number.isInteger(type[name]) || type[name] < min) {
      throw new RangeError(`Appointment type ${name} must be an integer ≥ ${min} (got ${type[name]})`);
    }
  };
  check('durationMinutes', 1);
  check('slotIntervalMinutes', 1);
  check('bufferBeforeMinutes', 0);
  check('bufferAfterMinutes', 0);
  check('minNoticeMinutes', 0);
  check('horizonDays', 0);
}

/** The real time a slot starting at `start` occupies, buffers included. */
function footprint(type: AppointmentTypeRules, start: number): MsRange {
  return {
    start: start - type.bufferBeforeMinutes * MINUTE_MS,
    end: start + (type.durationMinutes + type.bufferAfterMinutes) * MINUTE_MS,
  };
}

/**
 * Only blocked time touching [lo, hi) matters: one tight linear pass that allocates nothing for
 * the rest (so 10,000 stored appointments cost little), then the index sorts the few kept.
 */
function busyWithin(busy: readonly Busy[], lo: number, hi: number): BlockIndex {
  const kept: MsRange[] = [];
  const minute = MINUTE_MS; // a local: an imported binding can be a getter call once transpiled to CJS
  for (const b of busy) {
    // An appointment blocks its own buffers too, whatever type is being searched for.
    const start = b.start.getTime() - b.bufferBeforeMinutes * minute;
    const end = b.end.getTime() + b.bufferAfterMinutes * minute;
    if (start < hi && end > lo) kept.push({ start, end });
  }
  return blockIndex(kept);
}

function offWithin(intervals: readonly Interval[], lo: number, hi: number): BlockIndex {
  const kept: MsRange[] = [];
  for (const { start, end } of intervals) {
    if (start.getTime() < hi && end.getTime() > lo) kept.push({ start: start.getTime(), end: end.getTime() });
  }
  return blockIndex(kept);
}

function prepare(schedule: Schedule, lo: number, hi: number): Prepared {
  assertTimeZone(schedule.timeZone);
  assertType(schedule.type);
  const now = assertInstant(schedule.now, 'now');
  const zone = schedule.timeZone;
  return {
    zone,
    plan: compilePlan(schedule.rules, schedule.overrides),
    type: schedule.type,
    earliest: now + schedule.type.minNoticeMinutes * MINUTE_MS,
    horizonEnd: addZonedDays(now, schedule.type.horizonDays, zone),
    off: offWithin([...schedule.timeOff, ...schedule.closures], lo, hi),
    busy: busyWithin(schedule.busy, lo, hi),
  };
}

/**
 * Why a grid start of `interval` cannot be booked, or null. Buffers count as working time: the
 * whole footprint [start - before, end + after) must lie inside the working interval, so nobody is
 * asked to prepare before opening or clean up after closing.
 */
function rejection(p: Prepared, interval: WorkingInterval, start: number): UnavailableReason | null {
  const span = footprint(p.type, start);
  if (span.start < interval.start || span.end > interval.end) return 'outside-hours';
  if (start < p.earliest) return 'too-soon';
  if (start >= p.horizonEnd) return 'beyond-horizon';
  if (overlapsBlock(p.off, span.start, span.end)) return 'time-off';
  if (overlapsBlock(p.busy, span.start, span.end)) return 'conflict';
  return null;
}

function bookableOn(p: Prepared, day: LocalDay, from: number, to: number): number[] {
  const starts: number[] = [];
  for (const interval of workingIntervalsOn(p.plan, day, p.zone)) {
    for (const start of gridStarts(interval, p.type.slotIntervalMinutes, p.zone)) {
      if (start >= from && start < to && rejection(p, interval, start) === null) starts.push(start);
    }
  }
  return starts;
}

function toSlot(type: AppointmentTypeRules, start: number): Slot {
  return { start: new Date(start), end: new Date(start + type.durationMinutes * MINUTE_MS) };
}

/** The search window narrowed to [now + notice, now + horizon), and the local dates it covers. */
function searchPlan(input: SlotSearchInput) {
  const from = assertInstant(input.from, 'from');
  const to = assertInstant(input.to, 'to');
  const { type } = input;
  const lo = Math.max(from, assertInstant(input.now, 'now') + type.minNoticeMinutes * MINUTE_MS);
  const p = prepare(input, lo - type.bufferBeforeMinutes * MINUTE_MS, to + footprint(type, 0).end);
  const hi = Math.min(to, p.horizonEnd);
  const days = lo < hi ? localDays(localDate(lo, p.zone), localDate(hi - 1, p.zone), p.zone) : [];
  return { p, lo, hi, days };
}

/** Bookable slots whose start lies in [from, to), sorted by start, one per instant. */
export function generateSlots(input: SlotSearchInput): Slot[] {
  const { p, lo, hi, days } = searchPlan(input);
  const starts = [...days].flatMap((day) => bookableOn(p, day, lo, hi)).sort((a, b) => a - b);
  return starts.filter((start, i) => start !== starts[i - 1]).map((start) => toSlot(p.type, start));
}

/** The earliest bookable slot in [from, to), stopping at the first local date that has one. */
export function nextAvailable(input: SlotSearchInput): Slot | null {
  const { p, lo, hi, days } = searchPlan(input);
  for (const day of days) {
    const starts = bookableOn(p, day, lo, hi);
    if (starts.length > 0) return toSlot(p.type, Math.min(...starts));
  }
  return null;
}

/**
 * Write-path re-validation of one start; agrees with `generateSlots` by construction (same grid,
 * same rejection rules). The search window is not part of the question, only the schedule is.
 */
export function isSlotAvailable(schedule: Schedule, start: Date): SlotCheck {
  const ms = assertInstant(start, 'start');
  const p = prepare(schedule, footprint(schedule.type, ms).start, footprint(schedule.type, ms).end);
  const wall = wallClockOf(ms, p.zone);
  const [day] = localDays(wall.date, wall.date, p.zone);
  const intervals = day ? workingIntervalsOn(p.plan, day, p.zone) : [];
  const home = intervals.find(
    (iv) =>
      wall.minute >= iv.startMinute &&
      wall.minute < iv.endMinute &&
      gridStarts(iv, p.type.slotIntervalMinutes, p.zone).includes(ms),
  );
  if (!home) {
    const inHours = intervals.some((iv) => ms >= iv.start && ms < iv.end);
    return { ok: false, reason: inHours ? 'misaligned' : 'outside-hours' };
  }
  const reason = rejection(p, home, ms);
  return reason === null ? { ok: true, slot: toSlot(p.type, ms) } : { ok: false, reason };
}

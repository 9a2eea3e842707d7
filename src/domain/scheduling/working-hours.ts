import type { DateOverride, WallClockInterval, WeeklyRule } from './types.ts';
import { assertIsoDate, type LocalDay, MINUTE_MS, parseWallTime, resolveWallTime } from './wall-clock.ts';

/** Minutes after local midnight, [start, end), 0 ≤ start < end ≤ 1440. */
export interface WallRange {
  start: number;
  end: number;
}

export interface WorkingPlan {
  /** Index = ISO weekday (0 unused). */
  weekly: WallRange[][];
  overrides: Map<string, WallRange[]>;
}

/** One working interval of one local date, placed in real time. */
export interface WorkingInterval {
  date: string;
  startMinute: number;
  endMinute: number;
  start: number;
  end: number;
  /** No DST change inside: wall-clock minutes and real minutes advance together. */
  uniform: boolean;
}

function toRange({ start, end }: WallClockInterval): WallRange {
  const range = { start: parseWallTime(start), end: parseWallTime(end) };
  if (range.start >= range.end)
    throw new RangeError(`Working interval ${start}–${end} must end after it starts`);
  return range;
}

/**
 * Overlapping or touching ranges become one: the practitioner works continuously, so a slot may
 * span 12:00 in 09:00–12:00 + 12:00–17:00, and the alignment grid starts at the merged start.
 */
export function mergeRanges(ranges: readonly WallRange[]): WallRange[] {
  const merged: WallRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** Several overrides for one date are united (a store may keep one row per interval). */
export function compilePlan(rules: readonly WeeklyRule[], overrides: readonly DateOverride[]): WorkingPlan {
  const weekly: WallRange[][] = Array.from({ length: 8 }, () => []);
  for (const rule of rules) {
    if (!Number.isInteger(rule.weekday) || rule.weekday < 1 || rule.weekday > 7) {
      throw new RangeError(`Invalid weekday ${rule.weekday}: use 1 (Monday) to 7 (Sunday)`);
    }
    weekly[rule.weekday]!.push(toRange(rule));
  }
  const byDate = new Map<string, WallRange[]>();
  for (const override of overrides) {
    assertIsoDate(override.date);
    byDate.set(override.date, [...(byDate.get(override.date) ?? []), ...override.intervals.map(toRange)]);
  }
  return {
    weekly: weekly.map(mergeRanges),
    overrides: new Map([...byDate].map(([date, ranges]) => [date, mergeRanges(ranges)])),
  };
}

export function workingIntervalsOn(plan: WorkingPlan, day: LocalDay, zone: string): WorkingInterval[] {
  const ranges = plan.overrides.get(day.date) ?? plan.weekly[day.weekday] ?? [];
  return ranges.map(({ start, end }) => {
    const interval = { date: day.date, startMinute: start, endMinute: end };
    if (day.uniform) {
      return {
        ...interval,
        start: day.start + start * MINUTE_MS,
        end: day.start + end * MINUTE_MS,
        uniform: true,
      };
    }
    const from = resolveWallTime(day.date, start, zone);
    const to = resolveWallTime(day.date, end, zone);
    // A DST change inside the interval would make its real length differ from its wall length.
    const uniform = from.exists && to.exists && to.ms - from.ms === (end - start) * MINUTE_MS;
    return { ...interval, start: from.ms, end: to.ms, uniform };
  });
}

/**
 * Candidate starts: wall-clock times startMinute + k·step, each at its first real occurrence;
 * times inside a spring-forward gap do not exist and yield nothing. Only an interval proven
 * uniform (both ends exist and real length = wall length) is stepped in real minutes;
 * otherwise every candidate is placed by luxon.
 */
export function gridStarts(interval: WorkingInterval, stepMinutes: number, zone: string): number[] {
  const starts: number[] = [];
  for (let minute = interval.startMinute; minute < interval.endMinute; minute += stepMinutes) {
    if (interval.uniform) {
      starts.push(interval.start + (minute - interval.startMinute) * MINUTE_MS);
      continue;
    }
    const resolved = resolveWallTime(interval.date, minute, zone);
    if (resolved.exists) starts.push(resolved.ms);
  }
  return starts;
}

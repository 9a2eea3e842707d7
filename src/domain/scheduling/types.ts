/** ISO weekday: Monday = 1 … Sunday = 7 (luxon's `weekday`). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Wall-clock working hours ('HH:mm', end exclusive, '24:00' allowed) in the practitioner's zone. */
export interface WeeklyRule {
  weekday: Weekday;
  start: string;
  end: string;
}

export interface WallClockInterval {
  start: string;
  end: string;
}

/** Replaces the weekly rules for one local date; no intervals = day off. */
export interface DateOverride {
  date: string;
  intervals: readonly WallClockInterval[];
}

/** Half-open [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

export type Slot = Interval;

/** An existing active appointment; its own buffers belong to it whatever type we are searching for. */
export interface Busy extends Interval {
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export interface AppointmentTypeRules {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotIntervalMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
}

/** Everything that decides whether one start is bookable (no search window). */
export interface Schedule {
  /** IANA zone of the practitioner; rules and overrides are read in it. */
  timeZone: string;
  rules: readonly WeeklyRule[];
  overrides: readonly DateOverride[];
  timeOff: readonly Interval[];
  closures: readonly Interval[];
  busy: readonly Busy[];
  type: AppointmentTypeRules;
  /** The caller's clock: the domain never reads one. */
  now: Date;
}

/** A schedule plus the half-open window [from, to) in which slot starts are wanted. */
export interface SlotSearchInput extends Schedule {
  from: Date;
  to: Date;
}

export type UnavailableReason =
  'outside-hours' | 'misaligned' | 'conflict' | 'time-off' | 'too-soon' | 'beyond-horizon';

export type SlotCheck = { ok: true; slot: Slot } | { ok: false; reason: UnavailableReason };

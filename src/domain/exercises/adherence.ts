/**
 * Adherence to a home exercise program: the share of prescribed sessions done, per ISO week
 * (Monday to Sunday). Dates are calendar dates (YYYY-MM-DD) in the clinic's time zone; the caller
 * turns instants into dates, so this module reads no clock and knows no zone.
 *
 * - A full week prescribes `timesPerDay × daysPerWeek` sessions.
 * - A partial week — the first (from the start date), the current one (up to today) and the last
 *   (up to the day the program stopped) — prescribes that many pro rata to its active days, rounded
 *   up to a whole session: `ceil(timesPerDay × daysPerWeek × activeDays / 7)`.
 * - Done counts the sessions logged on the week's active days; the percentage is
 *   `round(100 × done / prescribed)`, capped at 100 (extra sessions do not make up another week).
 */
export interface Dose {
  timesPerDay: number;
  daysPerWeek: number;
}

export interface WeekAdherence {
  /** The Monday of the ISO week. */
  weekStart: string;
  /** Days of the week the program ran (1–7). */
  activeDays: number;
  prescribed: number;
  done: number;
  /** 0–100. */
  percent: number;
}

export interface Adherence {
  weeks: WeekAdherence[];
  /** All weeks together (same rules, capped per week before adding up). */
  total: { prescribed: number; done: number; percent: number };
}

const DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function dayNumber(date: string): number {
  if (!ISO_DATE.test(date)) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;
}

export function dateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  const d = dayNumber(date);
  // 1970-01-01 was a Thursday: (d + 3) mod 7 is 0 on Mondays.
  return dateOf(d - ((((d + 3) % 7) + 7) % 7));
}

export function sessionsPerWeek(dose: Dose): number {
  return dose.timesPerDay * dose.daysPerWeek;
}

/** Sessions prescribed in a week the program ran `activeDays` days of. */
export function prescribedFor(dose: Dose, activeDays: number): number {
  if (activeDays <= 0) return 0;
  if (activeDays >= 7) return sessionsPerWeek(dose);
  return Math.ceil((sessionsPerWeek(dose) * activeDays) / 7 - 1e-9);
}

export function percentOf(done: number, prescribed: number): number {
  if (prescribed <= 0) return 0;
  return Math.min(100, Math.round((100 * done) / prescribed));
}

/**
 * Weekly adherence of a program that ran from `start` to `end` (both included: `end` is today, or
 * the day it stopped if earlier), given the dates sessions were logged on (one entry per session).
 * No weeks when `end` is before `start`.
 */
export function weeklyAdherence(
  dose: Dose,
  span: { start: string; end: string },
  sessionDates: readonly string[],
): Adherence {
  const first = dayNumber(span.start);
  const last = dayNumber(span.end);
  const weeks: WeekAdherence[] = [];
  if (last < first) return { weeks, total: { prescribed: 0, done: 0, percent: 0 } };
  const perDay = new Map<number, number>();
  for (const s of sessionDates) {
    const d = dayNumber(s);
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  for (let monday = dayNumber(mondayOf(span.start)); monday <= last; monday += 7) {
    const from = Math.max(monday, first);
    const to = Math.min(monday + 6, last);
    const activeDays = to - from + 1;
    let done = 0;
    for (let d = from; d <= to; d++) done += perDay.get(d) ?? 0;
    const prescribed = prescribedFor(dose, activeDays);
    weeks.push({
      weekStart: dateOf(monday),
      activeDays,
      prescribed,
      done,
      percent: percentOf(done, prescribed),
    });
  }
  const prescribed = weeks.reduce((n, w) => n + w.prescribed, 0);
  const done = weeks.reduce((n, w) => n + Math.min(w.done, w.prescribed), 0);
  return { weeks, total: { prescribed, done, percent: percentOf(done, prescribed) } };
}

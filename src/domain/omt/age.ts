/** Calendar helpers for age rules. Pure: "today" is always passed in. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function parseIsoDate(value: string): CalendarDate {
  const m = DATE.exec(value);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${value}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** A Date is read in UTC so that the result does not depend on the server's time zone. */
export function toCalendarDate(value: Date | string): CalendarDate {
  if (typeof value === 'string') return parseIsoDate(value);
  return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Completed years between birth and `asOf`; throws when birth is after `asOf`. */
export function ageInYears(birthDate: string, asOf: Date | string): number {
  const birth = parseIsoDate(birthDate);
  const today = toCalendarDate(asOf);
  if (compareDates(birth, today) > 0) throw new RangeError('birthDate is after the reference date');
  const hadBirthday = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}

export function isAfter(date: string, asOf: Date | string): boolean {
  return compareDates(parseIsoDate(date), toCalendarDate(asOf)) > 0;
}

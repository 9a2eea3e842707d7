import { DateTime } from 'luxon';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `from`/`to` as instants: a day is read on the clinic's wall clock (DST included). */
export function resolveDay(value: string, zone: string, end: boolean): Date {
  if (!DATE_ONLY.test(value)) return new Date(Date.parse(value));
  const start = DateTime.fromISO(value, { zone }).startOf('day');
  return new Date(end ? start.plus({ days: 1 }).toMillis() - 1 : start.toMillis());
}

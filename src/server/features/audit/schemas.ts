import { DateTime } from 'luxon';
import { z } from 'zod';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day (read in the clinic's time zone by the service) or an exact ISO 8601 instant. */
const dayOrInstant = z
  .string()
  .refine(
    (s) => (DATE_ONLY.test(s) ? DateTime.fromISO(s, { zone: 'utc' }).isValid : !Number.isNaN(Date.parse(s))),
    'Use a date (YYYY-MM-DD) or an ISO 8601 instant',
  );

export const SORT_KEYS = ['at', 'userId', 'action', 'resourceType', 'patientId', 'outcome'] as const;
export type AuditSort = (typeof SORT_KEYS)[number];

export const auditQuery = z.object({
  patientId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['success', 'denied', 'error']).optional(),
  emergency: z.enum(['true', 'false']).optional(),
  /** A day means from the start of that day in the clinic's time zone. */
  from: dayOrInstant.optional(),
  /** A day means up to the end of that day in the clinic's time zone (inclusive). */
  to: dayOrInstant.optional(),
  sort: z.enum(SORT_KEYS).default('at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  format: z.enum(['json', 'csv']).default('json'),
});

export type AuditQuery = z.infer<typeof auditQuery>;

/** `from`/`to` as instants: a day is read on the clinic's wall clock (DST included). */
export function resolveDay(value: string, zone: string, end: boolean): Date {
  if (!DATE_ONLY.test(value)) return new Date(Date.parse(value));
  const start = DateTime.fromISO(value, { zone }).startOf('day');
  return new Date(end ? start.plus({ days: 1 }).toMillis() - 1 : start.toMillis());
}

import { DateTime } from 'luxon';
import { z } from 'zod';
import { ROLES } from '../domain/roles.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day (read in the clinic's time zone by the service) or an exact ISO 8601 instant. */
const dayOrInstant = z
  .string()
  .refine(
    (s) => (DATE_ONLY.test(s) ? DateTime.fromISO(s, { zone: 'utc' }).isValid : !Number.isNaN(Date.parse(s))),
    'Use a date (YYYY-MM-DD) or an ISO 8601 instant',
  );

export const AUDIT_OUTCOMES = ['success', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const SORT_KEYS = ['at', 'userId', 'action', 'resourceType', 'patientId', 'outcome'] as const;
export type AuditSort = (typeof SORT_KEYS)[number];

/** Audit report and chain check (admins). */
export const auditQuery = z.object({
  patientId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
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

/** One entry of the report: the stored fields, plus the names they point at, looked up when read. */
export const auditEntryResponse = z.object({
  id: z.string(),
  at: z.string(),
  userId: z.uuid().nullable(),
  /** The user's current name (null for anonymous attempts or a user of no clinic). */
  userName: z.string().nullable(),
  userEmail: z.string().nullable(),
  /** The role the user acted in, as recorded. */
  role: z.enum(ROLES).nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  /** A short label of the record (a name, a date, a status), when the kind is known. */
  resourceLabel: z.string().nullable(),
  patientId: z.uuid().nullable(),
  patientName: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  requestId: z.string().nullable(),
  emergency: z.boolean(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntryResponse>;

/** `GET /audit` as JSON: the entries, the clinic's zone, and who the filters are about. */
export const auditReportResponse = z.object({
  results: z.array(auditEntryResponse),
  timeZone: z.string(),
  filters: z.object({
    patient: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
    user: z.object({ id: z.uuid(), name: z.string().nullable(), role: z.enum(ROLES).nullable() }).nullable(),
  }),
});
export type AuditReport = z.infer<typeof auditReportResponse>;

/** `GET /audit/verify`: whether this clinic's hash chain is intact. */
export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  problems: z.array(z.object({ seq: z.number().int(), message: z.string() })),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResponse>;

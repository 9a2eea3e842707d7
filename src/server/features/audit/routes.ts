import { and, asc, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents } from '../../db/schema.ts';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { verifyAuditChain, writeAudit } from '../../platform/audit.ts';

const instantOrDate = (end: boolean) =>
  z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'Use a date (YYYY-MM-DD) or an ISO 8601 instant')
    .transform((s) =>
      /^\d{4}-\d{2}-\d{2}$/.test(s)
        ? new Date(`${s}T00:00:00Z`).getTime() + (end ? 86_400_000 - 1 : 0)
        : Date.parse(s),
    )
    .transform((ms) => new Date(ms));

const SORTABLE = {
  at: auditEvents.at,
  userId: auditEvents.userId,
  action: auditEvents.action,
  resourceType: auditEvents.resourceType,
  patientId: auditEvents.patientId,
  outcome: auditEvents.outcome,
} as const;

export const auditQuery = z.object({
  patientId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['success', 'denied', 'error']).optional(),
  emergency: z.enum(['true', 'false']).optional(),
  from: instantOrDate(false).optional(),
  to: instantOrDate(true).optional(),
  sort: z.enum(Object.keys(SORTABLE) as [keyof typeof SORTABLE, ...(keyof typeof SORTABLE)[]]).default('at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  format: z.enum(['json', 'csv']).default('json'),
});

const COLUMNS = [
  'id',
  'at',
  'userId',
  'userEmail',
  'role',
  'action',
  'resourceType',
  'resourceId',
  'patientId',
  'outcome',
  'requestId',
  'emergency',
  'reason',
] as const;

const csvCell = (v: string | number | boolean | Date | null | undefined) => {
  let s = v == null ? '' : v instanceof Date ? v.toISOString() : String(v);
  // Cells that a spreadsheet would run as a formula are prefixed (CSV injection).
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const auditRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit',
    summary: 'Audit report: filter by patient, user, action, outcome and time; sort by any field; CSV export',
    tags: ['audit'],
    access: { roles: ['admin'] },
    query: auditQuery,
    audit: { action: 'audit.report', resourceType: 'AuditEvent' },
    matrix: { kind: 'none' },
    handler: async (ctx, { query }, req, reply) => {
      const deps = req.server.deps;
      const where: SQL[] = [eq(auditEvents.clinicId, ctx.user!.clinicId)];
      if (query.patientId) where.push(eq(auditEvents.patientId, query.patientId));
      if (query.userId) where.push(eq(auditEvents.userId, query.userId));
      if (query.action) where.push(eq(auditEvents.action, query.action));
      if (query.outcome) where.push(eq(auditEvents.outcome, query.outcome));
      if (query.emergency) where.push(eq(auditEvents.emergency, query.emergency === 'true'));
      if (query.from) where.push(gte(auditEvents.at, query.from));
      if (query.to) where.push(lte(auditEvents.at, query.to));
      const col = SORTABLE[query.sort];
      const dir = query.order === 'asc' ? asc : desc;
      const rows = await deps.db.transaction(async (tx) => {
        const found = await tx
          .select()
          .from(auditEvents)
          .where(and(...where))
          .orderBy(dir(col), dir(auditEvents.at), dir(auditEvents.n))
          .limit(query.limit);
        await writeAudit(tx, ctx, {
          action: query.format === 'csv' ? 'audit.export' : 'audit.report',
          resourceType: 'AuditEvent',
          patientId: query.patientId ?? null,
          outcome: 'success',
          details: {
            resultCount: found.length,
            filters: Object.keys(query).filter((k) => !['sort', 'order', 'limit', 'format'].includes(k)),
          },
        });
        return found;
      });
      const results = rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        userId: r.userId,
        userEmail: r.userEmail,
        role: r.role,
        action: r.action,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        patientId: r.patientId,
        outcome: r.outcome,
        requestId: r.requestId,
        emergency: r.emergency,
        reason: r.reason,
      }));
      if (query.format === 'csv') {
        const lines = [COLUMNS.join(','), ...results.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))];
        void reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="stillpoint-audit-${ctx.now.toISOString().slice(0, 10)}.csv"`,
          );
        return reply.send(lines.join('\r\n') + '\r\n');
      }
      return { results };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit/verify',
    summary: 'Check this clinic’s audit hash chain for tampering',
    tags: ['audit'],
    access: { roles: ['admin'] },
    matrix: { kind: 'none' },
    handler: async (ctx, _i, req) => {
      const res = await verifyAuditChain(req.server.deps.db, { clinicId: ctx.user!.clinicId });
      return {
        ok: res.ok,
        checked: res.checked,
        problems: res.problems.map((p) => ({ seq: p.seq, message: p.message })),
      };
    },
  }),
];

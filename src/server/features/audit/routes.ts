import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { verifyAuditChain } from '../../platform/audit.ts';
import { auditCsv, zonedIso } from './csv.ts';
import { auditQuery } from '../../../contracts/audit.ts';
import { auditReport } from './service.ts';

export const auditRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit',
    summary:
      'Audit report: entries with the names of their users, patients and records (looked up at read time); filter by patient, user, action, outcome and time (days in the clinic’s time zone); sort; CSV export in the clinic’s time zone',
    tags: ['audit'],
    access: { roles: ['admin'] },
    query: auditQuery,
    audit: { action: 'audit.report', resourceType: 'AuditEvent' },
    subject: 'clinic',
    handler: async (ctx, { query }, req, reply) => {
      const report = await auditReport(req.server.deps, ctx, query);
      if (query.format === 'csv') {
        void reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="stillpoint-audit-${zonedIso(ctx.now.toISOString(), report.timeZone).slice(0, 10)}.csv"`,
          );
        return reply.send(auditCsv(report.entries, report.timeZone));
      }
      return { results: report.entries, timeZone: report.timeZone, filters: report.filters };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit/verify',
    summary: 'Check this clinic’s audit hash chain for tampering',
    tags: ['audit'],
    access: { roles: ['admin'] },
    subject: 'none',
    handler: async (ctx, _i, req) => {
      const res = await verifyAuditChain(req.server.deps.db, { clinicId: ctx.user.clinicId });
      return {
        ok: res.ok,
        checked: res.checked,
        problems: res.problems.map((p) => ({ seq: p.seq, message: p.message })),
      };
    },
  }),
];

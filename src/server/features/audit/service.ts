import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext } from '../../platform/context.ts';
import { badRequest } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { unitOfWork } from '../../platform/unit.ts';
import { recordLabel } from './labels.ts';
import type { AuditQuery } from '../../../contracts/audit.ts';
import { resolveDay } from './days.ts';
import * as store from './store.ts';

/** One entry of the report: the stored fields, plus the names they point at, looked up now. */
export interface AuditEntryView {
  id: string;
  at: string;
  userId: string | null;
  /** The user's current name (null for anonymous attempts or a user of no clinic). */
  userName: string | null;
  userEmail: string | null;
  /** The role the user acted in, as recorded. */
  role: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  /** A short label of the record (a name, a date, a status), when the kind is known. */
  resourceLabel: string | null;
  patientId: string | null;
  patientName: string | null;
  outcome: string;
  requestId: string | null;
  emergency: boolean;
  reason: string | null;
}

export interface AuditReport {
  timeZone: string;
  entries: AuditEntryView[];
  /** The people the report is filtered by, named (so a shared link shows who it is about). */
  filters: {
    patient: { id: string; name: string | null } | null;
    user: { id: string; name: string | null; role: string | null } | null;
  };
}

/**
 * The audit report (and its CSV export): one page of entries, the names they mention looked up in
 * one statement, and the report's own entry, in one unit of work. The entry is written here, not by
 * `ctx.work`: the export is recorded as `audit.export`, which is not the route's declared action.
 *
 * Patients are named and nothing else is shown of them. A name is part of what every member of
 * staff sees of any patient, restricted or not (`limitedPatient`, platform/access.ts), so the
 * report and its export name restricted patients for whoever may read the report (admins today).
 */
export async function auditReport(deps: Deps, ctx: AuthedContext, query: AuditQuery): Promise<AuditReport> {
  const clinicId = ctx.user.clinicId;
  return unitOfWork(deps, async (tx) => {
    const zone = await store.clinicTimeZone(tx, clinicId);
    const from = query.from ? resolveDay(query.from, zone, false) : undefined;
    const to = query.to ? resolveDay(query.to, zone, true) : undefined;
    if (from && to && from > to) {
      throw badRequest('The report’s end is before its start.', [
        { path: 'query/to', message: 'Choose an end on or after the start' },
      ]);
    }
    const rows = await store.listEntries(
      tx,
      clinicId,
      {
        patientId: query.patientId,
        userId: query.userId,
        action: query.action,
        outcome: query.outcome,
        emergency: query.emergency === undefined ? undefined : query.emergency === 'true',
        from,
        to,
      },
      query.sort,
      query.order,
      query.limit,
    );

    const patientIds = new Set<string>(query.patientId ? [query.patientId] : []);
    const userIds = new Set<string>(query.userId ? [query.userId] : []);
    const records = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.patientId) patientIds.add(r.patientId);
      if (r.userId) userIds.add(r.userId);
      if (!r.resourceId) continue;
      if (r.resourceType === 'Patient') patientIds.add(r.resourceId);
      else if (r.resourceType === 'User') userIds.add(r.resourceId);
      else records.set(r.resourceType, (records.get(r.resourceType) ?? new Set()).add(r.resourceId));
    }
    const found = await store.lookupNames(tx, clinicId, { patientIds, userIds, records });
    const byKey = new Map(found.map((n) => [`${n.kind}:${n.id}`, n]));
    const patient = (id: string | null) => (id ? (byKey.get(`patient:${id}`) ?? null) : null);
    const user = (id: string | null) => (id ? (byKey.get(`user:${id}`) ?? null) : null);
    const record = (type: string, id: string | null) => {
      if (!id) return null;
      const key = type === 'Patient' ? `patient:${id}` : type === 'User' ? `user:${id}` : `${type}:${id}`;
      const row = byKey.get(key);
      return row ? recordLabel(row, zone) : null;
    };

    await writeAudit(tx, ctx, {
      action: query.format === 'csv' ? 'audit.export' : 'audit.report',
      resourceType: 'AuditEvent',
      patientId: query.patientId ?? null,
      outcome: 'success',
      details: {
        resultCount: rows.length,
        filters: Object.keys(query).filter((k) => !['sort', 'order', 'limit', 'format'].includes(k)),
      },
    });

    return {
      timeZone: zone,
      entries: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        userId: r.userId,
        userName: user(r.userId)?.name ?? null,
        userEmail: r.userEmail,
        role: r.role,
        action: r.action,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        resourceLabel: record(r.resourceType, r.resourceId),
        patientId: r.patientId,
        patientName: patient(r.patientId)?.name ?? null,
        outcome: r.outcome,
        requestId: r.requestId,
        emergency: r.emergency,
        reason: r.reason,
      })),
      filters: {
        patient: query.patientId
          ? { id: query.patientId, name: patient(query.patientId)?.name ?? null }
          : null,
        user: query.userId
          ? {
              id: query.userId,
              name: user(query.userId)?.name ?? null,
              role: user(query.userId)?.extra ?? null,
            }
          : null,
      },
    };
  });
}

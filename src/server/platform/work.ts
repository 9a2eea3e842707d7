import type { AuthedContext } from './context.ts';
import type { Deps } from './deps.ts';
import { auditInsert, auditRow, auditWritten, writeAudit } from './audit.ts';
import type { EntryNote, SuccessEntry, Work } from './route.ts';
import type { Opened } from './subjects.ts';
import { unitOfWork } from './unit.ts';

/** The success entry of a unit of work: its declared action, the opened subject and patient, the work's notes. */
export function successEntry(
  audit: { action: string; resourceType: string },
  opened: Opened | null,
  entry: EntryNote,
) {
  const patient = opened?.patient ?? null;
  return {
    action: audit.action,
    resourceType: entry.resourceType ?? audit.resourceType,
    resourceId: entry.resourceId !== undefined ? entry.resourceId : (opened?.id ?? null),
    patientId: entry.patientId !== undefined ? entry.patientId : (patient?.patient.id ?? null),
    emergency: !!patient?.emergency,
    reason: patient?.emergency?.reason ?? null,
    outcome: 'success' as const,
    ...(entry.details ? { details: entry.details } : {}),
  };
}

/**
 * The audited unit of work (`ctx.work`): the platform's unit of work, and in it the declared
 * success entry for the opened subject. The enforcement point builds it for every route; the demo
 * seed and tests build the same for use cases they call outside a route. Entries of a transaction
 * that rolled back were never written: they do not count in the request's trail.
 */
export function auditedWork(
  deps: { db: Deps['db']; log?: Pick<Deps['log'], 'warn'> },
  ctx: AuthedContext,
  audit: { action: string; resourceType: string } | undefined,
  opened: Opened | null = null,
): Work {
  return async (fn, opts) => {
    const before = ctx.trail?.successes ?? 0;
    const restore = () => {
      if (ctx.trail) ctx.trail.successes = before;
    };
    try {
      return await unitOfWork(
        deps,
        async (tx) => {
          restore();
          const entry: EntryNote = {};
          let folded = false;
          const take = () => {
            if (!audit) throw new Error('this unit of work declares no success entry');
            if (folded) throw new Error('the success entry was already taken');
            folded = true;
            return successEntry(audit, opened, entry);
          };
          const success: SuccessEntry = {
            insert: () => auditInsert(tx, ctx, take()),
            row: () => auditRow(ctx, take()),
          };
          const result = await fn(tx, entry, success);
          if (audit) {
            if (folded) auditWritten(ctx, 'success');
            else await writeAudit(tx, ctx, successEntry(audit, opened, entry));
          }
          return result;
        },
        opts,
      );
    } catch (err) {
      restore();
      throw err;
    }
  };
}

import { createHash, randomUUID } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import type { Db, Tx } from '../db/connect.ts';
import type { RequestContext } from './context.ts';

export type AuditOutcome = 'success' | 'denied' | 'error';

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
  outcome: AuditOutcome;
  emergency?: boolean;
  reason?: string | null;
  details?: Record<string, unknown> | null;
  /** Clinic of the event when there is no signed-in user (e.g. a failed login for a known email). */
  clinicId?: string | null;
  userId?: string | null;
  userEmail?: string | null;
  role?: string | null;
}

type AuditRow = typeof auditEvents.$inferSelect;

export const GENESIS = '0'.repeat(64);

/** The hashed content of an entry: every recorded field in a fixed order. */
export function canonical(row: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([
    row.id,
    row.chain,
    row.seq,
    row.at.toISOString(),
    row.clinicId,
    row.userId,
    row.userEmail,
    row.role,
    row.action,
    row.resourceType,
    row.resourceId,
    row.patientId,
    row.outcome,
    row.requestId,
    row.ip,
    row.emergency,
    row.reason,
    stable(row.details ?? null),
    row.prevHash,
  ]);
}

/** jsonb re-orders object keys, so nested objects are hashed with sorted keys. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export const hashOf = (row: Omit<AuditRow, 'hash'>) =>
  createHash('sha256').update(canonical(row)).digest('hex');

/**
 * Appends an entry to its clinic's chain inside the caller's transaction, so the business write
 * and its audit entry commit or roll back together. The advisory lock serialises appends per chain
 * across connections and app instances.
 */
export async function writeAudit(tx: Tx | Db, ctx: RequestContext, input: AuditInput): Promise<void> {
  const clinicId = input.clinicId ?? ctx.user?.clinicId ?? null;
  const chain = clinicId ? `clinic:${clinicId}` : 'global';
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${chain}))`);
  const last = (await tx.execute(
    sql`select seq::int as seq, hash from audit_events where chain = ${chain} order by seq desc limit 1`,
  )) as unknown as { rows: { seq: number | string; hash: string }[] };
  const prev = last.rows[0];
  const row: Omit<AuditRow, 'hash'> = {
    id: randomUUID(),
    chain,
    seq: prev ? Number(prev.seq) + 1 : 1,
    // Wall-clock time of the write (not the request's injected clock), millisecond precision.
    at: new Date(Math.max(Date.now(), ctx.now.getTime())),
    clinicId,
    userId: input.userId !== undefined ? input.userId : (ctx.user?.id ?? null),
    userEmail: input.userEmail !== undefined ? input.userEmail : (ctx.user?.email ?? null),
    role: input.role !== undefined ? input.role : (ctx.user?.role ?? null),
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId ?? null,
    patientId: input.patientId ?? null,
    outcome: input.outcome,
    requestId: ctx.requestId,
    ip: ctx.ip,
    emergency: input.emergency ?? false,
    reason: input.reason ?? null,
    details: input.details ?? null,
    prevHash: prev?.hash ?? GENESIS,
  };
  await tx.insert(auditEvents).values({ ...row, hash: hashOf(row) });
}

export interface VerifyProblem {
  chain: string;
  seq: number;
  message: string;
}

/** Walks every chain: detects edited, deleted, inserted and re-ordered entries. */
export async function verifyAuditChain(
  db: Db,
  opts: { clinicId?: string; onProgress?: (checked: number) => void } = {},
): Promise<{ ok: boolean; checked: number; problems: VerifyProblem[] }> {
  const problems: VerifyProblem[] = [];
  let checked = 0;
  const chains = opts.clinicId
    ? [`clinic:${opts.clinicId}`]
    : (
        (await db.execute(sql`select distinct chain from audit_events order by chain`)) as unknown as {
          rows: { chain: string }[];
        }
      ).rows.map((r) => r.chain);
  const pageSize = 5000;
  for (const chain of chains) {
    let prevHash = GENESIS;
    let expectedSeq = 1;
    let after = 0;
    for (;;) {
      const rows = await db
        .select()
        .from(auditEvents)
        .where(sql`${auditEvents.chain} = ${chain} and ${auditEvents.seq} > ${after}`)
        .orderBy(asc(auditEvents.seq))
        .limit(pageSize);
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expectedSeq) {
          problems.push({ chain, seq, message: `entries ${expectedSeq}–${seq - 1} are missing` });
        }
        if (r.prevHash !== prevHash) {
          problems.push({
            chain,
            seq,
            message: 'does not follow the previous entry (removed or re-ordered)',
          });
        }
        const { hash, ...rest } = r;
        if (hashOf({ ...rest, seq }) !== hash) {
          problems.push({ chain, seq, message: 'content was altered after it was written' });
        }
        prevHash = hash;
        expectedSeq = seq + 1;
        after = seq;
        checked++;
      }
      opts.onProgress?.(checked);
      if (rows.length < pageSize) break;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}

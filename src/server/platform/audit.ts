import { createHash, randomUUID } from 'node:crypto';
import { asc, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { builtOnce, jsonRowsInsert, type Db, type Tx } from '../db/connect.ts';
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
 * Appends an entry inside the caller's transaction, so the business write and its audit entry
 * commit or roll back together. It is one INSERT: the entry's place in its clinic's hash chain
 * (seq, prevHash, hash) is filled in by {@link sealAudit} shortly after commit, in batches, so
 * concurrent requests of a clinic do not queue behind one chain lock. The database lets nothing
 * but that one-time seal change an entry (migration 0010).
 */
export async function writeAudit(tx: Tx | Db, ctx: RequestContext, input: AuditInput): Promise<void> {
  const v = auditValues(ctx, input);
  await insertEntry(tx, {
    ...v,
    at: v.at.toISOString(),
    details: v.details ? JSON.stringify(v.details) : null,
  });
  auditWritten(ctx, input.outcome);
}

/**
 * `writeAudit`'s INSERT as SQL, for a statement that stores the entry with its own work (a
 * data-modifying CTE). The caller counts the entry (`auditWritten`) once that statement ran.
 */
export function auditInsert(tx: Tx | Db, ctx: RequestContext, input: AuditInput): SQL {
  return tx.insert(auditEvents).values(auditValues(ctx, input)).getSQL();
}

/**
 * `writeAudit`'s entry as one row of a JSON array, for a statement built once that stores it with
 * its own work (`auditRowsInsert`). The caller counts the entry (`auditWritten`) once that ran.
 */
export function auditRow(ctx: RequestContext, input: AuditInput): AuditJsonRow {
  const v = auditValues(ctx, input);
  return { ...v, at: v.at.toISOString() };
}

export type AuditJsonRow = Omit<ReturnType<typeof auditValues>, 'at'> & { at: string };

/** The INSERT of the entries (`auditRow`) in the JSON array placeholder `param` (see `jsonRowsInsert`). */
export const auditRowsInsert = (param: string) => jsonRowsInsert(auditEvents, param, { only: AUDIT_WRITTEN });

/** The properties an entry is written with; the sealer fills in the rest (seq, prevHash, hash). */
const AUDIT_WRITTEN = [
  'id',
  'chain',
  'at',
  'clinicId',
  'userId',
  'userEmail',
  'role',
  'action',
  'resourceType',
  'resourceId',
  'patientId',
  'outcome',
  'requestId',
  'ip',
  'emergency',
  'reason',
  'details',
] as const satisfies readonly (keyof AuditJsonRow)[];

function auditValues(ctx: RequestContext, input: AuditInput) {
  const clinicId = input.clinicId ?? ctx.user?.clinicId ?? null;
  return {
    id: randomUUID(),
    chain: chainOf(clinicId),
    // Wall-clock time of the write (not the request's injected clock), millisecond precision.
    at: entryTime(ctx),
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
  };
}

/** The entry's INSERT, built once: every audited request sends it (see `builtOnce`). */
const insertEntry = builtOnce('stillpoint_audit_insert', () => {
  const p = (name: string) => sql.placeholder(name);
  return sql`insert into ${auditEvents} (id, chain, at, clinic_id, user_id, user_email, role, action,
      resource_type, resource_id, patient_id, outcome, request_id, ip, emergency, reason, details)
    values (${p('id')}::uuid, ${p('chain')}::text, ${p('at')}::timestamptz, ${p('clinicId')}::uuid,
      ${p('userId')}::uuid, ${p('userEmail')}::text, ${p('role')}::text, ${p('action')}::text,
      ${p('resourceType')}::text, ${p('resourceId')}::text, ${p('patientId')}::uuid, ${p('outcome')}::text,
      ${p('requestId')}::text, ${p('ip')}::text, ${p('emergency')}::boolean, ${p('reason')}::text,
      ${p('details')}::jsonb)`;
});

/** The chain an entry of this clinic (or of no clinic) belongs to. */
export const chainOf = (clinicId: string | null) => (clinicId ? `clinic:${clinicId}` : 'global');

/** Wall-clock time of an entry written now (not the request's injected clock, unless later). */
export const entryTime = (ctx: RequestContext) => new Date(Math.max(Date.now(), ctx.now.getTime()));

/**
 * Counts an entry written by a statement of its own (`writeAudit`) or folded into another
 * (`opening.ts`): the sealer seals soon, and the request's trail knows it has its success entry.
 */
export function auditWritten(ctx: RequestContext, outcome: AuditOutcome): void {
  auditWrites += 1;
  if (outcome === 'success' && ctx.trail) ctx.trail.successes += 1;
}

/**
 * The sealed tail of a chain: a backward scan of the `(chain, seq)` index that stops at the first
 * sealed row, so sealing costs the same at ten entries as at ten million. (An `order by` on an
 * expression such as `seq::int` cannot use the index and read the whole chain on every pass.)
 */
export const chainTail = (chain: string) =>
  sql`select seq, hash from audit_events
      where chain = ${chain} and hash is not null order by audit_events.seq desc limit 1`;

/** Entries written by this process; sealers compare it with what they last saw. */
let auditWrites = 0;

/** Entries sealed per chain and transaction; a backlog is worked off in several. */
const SEAL_BATCH = 500;

/**
 * Gives every committed, unsealed entry its chain position and hash, chain by chain in order of
 * insertion (the `n` column). The advisory lock makes concurrent sealers (several app instances, a CLI run)
 * take turns per chain; READ COMMITTED lets each see the other's seals once it holds the lock.
 * Returns the number of entries sealed.
 */
export async function sealAudit(db: Db): Promise<number> {
  let sealed = 0;
  const chains = (
    (await db.execute(sql`select distinct chain from audit_events where hash is null`)) as unknown as {
      rows: { chain: string }[];
    }
  ).rows.map((r) => r.chain);
  for (const chain of chains) {
    for (;;) {
      const n = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${chain}))`);
        const last = (await tx.execute(chainTail(chain))) as unknown as {
          rows: { seq: number | string | bigint; hash: string }[];
        };
        const pending = await tx
          .select()
          .from(auditEvents)
          .where(sql`${auditEvents.chain} = ${chain} and ${auditEvents.hash} is null`)
          .orderBy(asc(auditEvents.n))
          .limit(SEAL_BATCH);
        if (!pending.length) return 0;
        let seq = last.rows[0] ? Number(last.rows[0].seq) : 0;
        let prevHash = last.rows[0]?.hash ?? GENESIS;
        const seals: { id: string; seq: number; prev: string; hash: string }[] = [];
        for (const r of pending) {
          seq += 1;
          const hash = hashOf({ ...r, seq, prevHash });
          seals.push({ id: r.id, seq, prev: prevHash, hash });
          prevHash = hash;
        }
        await tx.execute(sql`
          update audit_events as a set seq = v.seq, prev_hash = v.prev, hash = v.hash
          from jsonb_to_recordset(${JSON.stringify(seals)}::jsonb) as v(id uuid, seq bigint, prev text, hash text)
          where a.id = v.id`);
        return pending.length;
      });
      sealed += n;
      if (n < SEAL_BATCH) break;
    }
  }
  return sealed;
}

export interface AuditSealer {
  /** Seals soon if entries were written since the last call (call it after a request finished). */
  afterRequest: () => void;
  /** Seals what is pending now and waits for it (used before verifying and at shutdown). */
  flush: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Seals soon after requests that wrote entries (0.1 s later, so a burst of requests becomes one
 * batch; after the response, so their transactions have committed) and, as a safety net for
 * entries written by other instances, jobs or a crash, every `pollMs`.
 */
export function startAuditSealer(
  db: Db,
  opts: { delayMs?: number; pollMs?: number; onError?: (err: unknown) => void } = {},
): AuditSealer {
  const delayMs = opts.delayMs ?? 100;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let stopped = false;
  const run = (): Promise<void> => {
    running = running.then(async () => {
      do {
        again = false;
        try {
          await sealAudit(db);
        } catch (err) {
          opts.onError?.(err);
        }
      } while (again && !stopped);
    });
    return running;
  };
  const kick = () => {
    if (stopped) return;
    again = true;
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, delayMs);
  };
  let seen = auditWrites;
  const poll = setInterval(kick, opts.pollMs ?? 2000);
  poll.unref();
  kick();
  return {
    afterRequest: () => {
      if (seen === auditWrites) return;
      seen = auditWrites;
      kick();
    },
    flush: () => run(),
    stop: async () => {
      stopped = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
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
  // Committed entries not yet sealed are sealed first, so the check covers everything written.
  await sealAudit(db);
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
        prevHash = hash ?? '';
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

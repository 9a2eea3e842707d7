import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { idempotencyKeys } from '../db/schema.ts';
import { builtOnce, type Tx } from '../db/connect.ts';
import type { AuthedContext } from './context.ts';
import { auditRowsInsert } from './audit.ts';
import type { SuccessEntry } from './route.ts';
import { HttpError, badRequest, problemType } from './errors.ts';

/**
 * `Idempotency-Key` (IETF draft): the first request with a key is processed; a retry with the same
 * key and body gets the stored response and changes nothing; the same key with another body is a
 * 422; the same key while the first is still running waits for it (the key's row is locked by the
 * first transaction) and then replays. Keys are scoped per user, so nobody reads another's result.
 * The record is written in the caller's transaction: a failed request leaves no record and may be retried.
 */
export function idempotencyKeyOf(req: FastifyRequest): string {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || !key.trim()) {
    throw badRequest(
      'Send an Idempotency-Key header (for example a random UUID) so a retried request cannot book twice.',
      [{ path: 'header/Idempotency-Key', message: 'Required' }],
    );
  }
  if (!/^[\w.:-]{8,128}$/.test(key.trim())) {
    throw badRequest('Idempotency-Key must be 8–128 letters, digits, dashes, dots or colons.', [
      { path: 'header/Idempotency-Key', message: 'Invalid format' },
    ]);
  }
  return key.trim();
}

export interface Replay<T> {
  replayed: true;
  status: number;
  body: T;
}

const hashOf = (body: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');

/**
 * The stored answer of a finished request with this key, read before a multi-step request (one that
 * runs several units of work) starts: the same key and body → the answer; another body → 422; none
 * (or still running) → null. Such a request records its own answer with {@link withIdempotency}.
 */
export async function storedAnswer<T>(
  q: Pick<Tx, 'select'>,
  ctx: AuthedContext,
  key: string,
  body: unknown,
): Promise<Replay<T> | null> {
  const [prev] = await q
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userKey, `user:${ctx.user.id}`), eq(idempotencyKeys.key, key)));
  if (!prev || prev.status == null) return null;
  if (prev.requestHash !== hashOf(body))
    throw new HttpError(
      422,
      'Idempotency key reused',
      'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
      { type: problemType('idempotency-mismatch') },
    );
  return { replayed: true, status: prev.status, body: prev.response as T };
}

/**
 * Runs `run` once per key (see above) and keeps its answer. Given the unit of work's success entry,
 * it stores that entry in the statement that keeps the answer (one round trip fewer): fill the
 * entry in within `run`, as it is taken right after.
 */
export async function withIdempotency<T>(
  tx: Tx,
  ctx: AuthedContext,
  key: string,
  body: unknown,
  status: number,
  run: () => Promise<T>,
  success?: SuccessEntry,
  /**
   * Claims the key (true when claimed now): by default its own statement; a request whose first
   * work can share that statement passes one that also does it (see {@link claimInsert}).
   */
  claim: (tx: Tx, values: ClaimValues) => Promise<boolean> = async (q, values) =>
    (await claimKey(q, values)).length > 0,
): Promise<{ replayed: boolean; status: number; body: T }> {
  const userKey = `user:${ctx.user.id}`;
  const requestHash = createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
  if (!(await claim(tx, { userKey, key, requestHash, createdAt: ctx.now.toISOString() }))) {
    const [prev] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userKey, userKey), eq(idempotencyKeys.key, key)))
      .for('update');
    if (!prev || prev.requestHash !== requestHash) {
      throw new HttpError(
        422,
        'Idempotency key reused',
        'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
        {
          type: problemType('idempotency-mismatch'),
        },
      );
    }
    if (prev.status == null) {
      throw new HttpError(
        409,
        'Request in progress',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
        {
          type: problemType('idempotency-in-progress'),
        },
      );
    }
    return { replayed: true, status: prev.status, body: prev.response as T };
  }
  const result = await run();
  await keepResult(tx, {
    userKey,
    key,
    status,
    response: JSON.stringify(result),
    audit: JSON.stringify(success ? [success.row()] : []),
  });
  return { replayed: false, status, body: result };
}

/** What a key's claim is written with: the placeholders of {@link claimInsert}. */
export type ClaimValues = {
  userKey: string;
  key: string;
  requestHash: string;
  createdAt: string;
};

/**
 * The claim of a key: an INSERT that returns the key when this request claimed it, and nothing
 * when the key was claimed before (having waited for a claim still in flight to commit or roll
 * back). Its placeholders are {@link ClaimValues}'; a statement built once may run it as a CTE
 * with work that must follow only a claim (the booking's, `store.claimAndOpen`).
 */
export const claimInsert = () => sql`insert into ${idempotencyKeys} (user_key, key, request_hash, created_at)
    values (${sql.placeholder('userKey')}::text, ${sql.placeholder('key')}::text,
      ${sql.placeholder('requestHash')}::text, ${sql.placeholder('createdAt')}::timestamptz)
    on conflict do nothing returning key`;

// Every keyed write sends these two: built once (see `builtOnce`).
const claimKey = builtOnce<{ key: string }>('stillpoint_idempotency_claim', claimInsert);
const keepResult = builtOnce(
  'stillpoint_idempotency_result',
  () => sql`with audit as (${auditRowsInsert('audit')})
    update ${idempotencyKeys} set status = ${sql.placeholder('status')}::int,
      response = ${sql.placeholder('response')}::jsonb
    where user_key = ${sql.placeholder('userKey')}::text and key = ${sql.placeholder('key')}::text`,
);

import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiTokens, clinics, sessions, users } from '../db/schema.ts';
import type { Deps } from './deps.ts';
import { keepPrepared, type Db, type Tx } from '../db/connect.ts';
import type { Credential, RequestContext, Role, TokenScope } from './context.ts';
import { newToken, sha256 } from './secrets.ts';
import { SessionHints, type SessionRows } from './session-cache.ts';

export const SESSION_COOKIE = 'sp_session';
/** Over https the cookie carries the `__Host-` prefix (Secure, path=/, no domain). */
export const SECURE_SESSION_COOKIE = '__Host-sp_session';

export interface Authenticated {
  ctx: RequestContext;
  /** Password accepted, MFA step still to do (or to enrol, when the clinic requires it). */
  mfaPending: boolean;
  mfaSetupRequired: boolean;
  sessionId: string | null;
  /** Absolute end of the session (cookie sessions), or of the API token. */
  expiresAt: Date | null;
  /** What the database must still hold for this answer to stand (null for API tokens). */
  proof: SessionProof | null;
  /**
   * The session was remembered by this process, not read now: the request's first statement must
   * check `proof` (`opening.ts`) before anything is decided on it.
   */
  remembered: boolean;
}

/**
 * The state of a session and its user that an answer was decided on: a statement given it finds
 * the session only while all of it still holds (not signed out, not expired, not idle, same
 * credentials generation, user enabled with the same role, clinic, email, name, patient record and
 * MFA settings).
 */
export interface SessionProof {
  sessionId: string;
  userId: string;
  epoch: number;
  mfaVerified: boolean;
  role: string;
  clinicId: string;
  email: string;
  name: string;
  userPatientId: string | null;
  mfaEnabled: boolean;
  mfaRequiredForStaff: boolean;
}

export function proofOf(rows: SessionRows): SessionProof {
  const { s, u, c } = rows;
  return {
    sessionId: s.id,
    userId: u.id,
    epoch: s.credentialsEpoch,
    mfaVerified: s.mfaVerified,
    role: u.role,
    clinicId: u.clinicId,
    email: u.email,
    name: u.name,
    userPatientId: u.patientId,
    mfaEnabled: u.mfaEnabled,
    mfaRequiredForStaff: c.mfaRequiredForStaff,
  };
}

type UserRow = typeof users.$inferSelect;
type ClinicRow = typeof clinics.$inferSelect;

export const isSecure = (deps: Deps, req: FastifyRequest) =>
  deps.config.trustProxy || req.protocol === 'https';

export function cookieName(deps: Deps, req: FastifyRequest): string {
  return isSecure(deps, req) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function baseContext(req: FastifyRequest, now: Date): RequestContext {
  return {
    requestId: String(req.id),
    user: null,
    via: 'anonymous',
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200),
    now,
  };
}

export function userContext(base: RequestContext, u: UserRow, via: 'session' | 'token'): RequestContext {
  return {
    ...base,
    via,
    user: {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role as Role,
      clinicId: u.clinicId,
      patientId: u.patientId,
    },
  };
}

export function mfaState(u: UserRow, c: ClinicRow): { needed: boolean; setupRequired: boolean } {
  const staff = u.role !== 'patient';
  if (u.mfaEnabled) return { needed: true, setupRequired: false };
  if (staff && c.mfaRequiredForStaff) return { needed: true, setupRequired: true };
  return { needed: false, setupRequired: false };
}

/**
 * The session and token checks run on every request: built once per database and prepared (named
 * on PostgreSQL, so the server parses and plans them once per connection). The session lookup is
 * exported for hot-queries.test.ts, which EXPLAINs it against a clinic-sized table.
 */
export const prepareSessionLookup = (db: Deps['db'] | Tx) => {
  const query = db
    .select({ s: sessions, u: users, c: clinics })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    .where(eq(sessions.id, sql.placeholder('id')));
  keepPrepared(db, 'stillpoint_session_lookup', query.toSQL().sql);
  return query.prepare('stillpoint_session_lookup');
};
const prepareTokenLookup = (db: Deps['db']) => {
  const query = db
    .select({ t: apiTokens, u: users, c: clinics })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash')));
  keepPrepared(db, 'stillpoint_token_lookup', query.toSQL().sql);
  return query.prepare('stillpoint_token_lookup');
};
const hints = new WeakMap<Deps['db'], SessionHints>();
/** The sessions this process remembers for a database (`session-cache.ts`). */
export function sessionHints(db: Deps['db']): SessionHints {
  let h = hints.get(db);
  if (!h) hints.set(db, (h = new SessionHints()));
  return h;
}
const lookups = new WeakMap<
  Deps['db'],
  { session: ReturnType<typeof prepareSessionLookup>; token: ReturnType<typeof prepareTokenLookup> }
>();
function lookupsOf(db: Deps['db']) {
  let q = lookups.get(db);
  if (!q) lookups.set(db, (q = { session: prepareSessionLookup(db), token: prepareTokenLookup(db) }));
  return q;
}

/**
 * The one rule every credential obeys, sessions and tokens alike: its user is enabled and it
 * belongs to the user's current credentials generation. Ending a user's access
 * ({@link endUserAccess}) moves the generation on, so a password reset, "sign out everywhere", an
 * MFA enrolment, a role change or disabling the user ends every older session and token — and
 * re-enabling the user revives none of them.
 */
function credentialCurrent(u: UserRow, epoch: number): boolean {
  return !u.disabled && epoch === u.credentialsEpoch;
}

/** A current credential's answer; MFA applies to tokens exactly as to sessions. */
function admitted(
  base: RequestContext,
  u: UserRow,
  c: ClinicRow,
  credential: Credential,
  sessionId: string | null,
  expiresAt: Date,
  proof: SessionProof | null = null,
  remembered = false,
): Authenticated {
  const mfa = mfaState(u, c);
  return {
    ctx: { ...userContext(base, u, credential.kind), credential },
    mfaPending: mfa.needed && !credential.mfaVerified,
    mfaSetupRequired: mfa.setupRequired && !credential.mfaVerified,
    sessionId,
    expiresAt,
    proof,
    remembered,
  };
}

/** A session's answer from its rows, when they admit it at `now` (else null: read it again). */
function sessionAnswer(
  base: RequestContext,
  rows: SessionRows,
  now: Date,
  remembered: boolean,
): Authenticated | 'expired' | null {
  const { s, u, c } = rows;
  if (s.revokedAt) return null;
  if (!credentialCurrent(u, s.credentialsEpoch)) return null;
  const idleEnd = s.lastSeenAt.getTime() + s.idleTimeoutMinutes * 60_000;
  if (s.expiresAt <= now || idleEnd <= now.getTime()) return 'expired';
  const credential: Credential = {
    kind: 'session',
    epoch: s.credentialsEpoch,
    mfaVerified: s.mfaVerified,
    scopes: null,
  };
  return admitted(base, u, c, credential, s.id, s.expiresAt, proofOf(rows), remembered);
}

/**
 * Reads the cookie or bearer token and checks it against the database. With `remembered`, a
 * session this process read lately is answered from memory (`remembered: true`, no statement): the
 * caller must then have the database check `proof` in its first statement, and start again without
 * `remembered` when it does not hold (the enforcement point does, for `auditOnOpen` routes).
 */
export async function authenticate(
  deps: Deps,
  req: FastifyRequest,
  now: Date,
  opts: { remembered?: boolean } = {},
): Promise<Authenticated | null> {
  const base = baseContext(req, now);
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const hash = sha256(auth.slice(7).trim());
    const [row] = await lookupsOf(deps.db).token.execute({ hash });
    if (!row || row.t.revokedAt || row.t.expiresAt <= now) return null;
    if (!credentialCurrent(row.u, row.t.credentialsEpoch)) return null;
    // Shown to the owner and admins; written at most once a minute to spare the database.
    if (!row.t.lastUsedAt || now.getTime() - row.t.lastUsedAt.getTime() > 60_000) {
      await deps.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.t.id));
    }
    const credential: Credential = {
      kind: 'token',
      epoch: row.t.credentialsEpoch,
      mfaVerified: row.t.mfaVerified,
      scopes: row.t.scopes as TokenScope[],
    };
    return admitted(base, row.u, row.c, credential, null, row.t.expiresAt);
  }
  const token = req.cookies[SECURE_SESSION_COOKIE] ?? req.cookies[SESSION_COOKIE];
  if (!token) return null;
  const id = sha256(token);
  const known = sessionHints(deps.db);
  if (opts.remembered) {
    const rows = known.get(id);
    const answer = rows ? sessionAnswer(base, rows, now, true) : null;
    if (answer && answer !== 'expired') return answer;
  }
  const [row] = await lookupsOf(deps.db).session.execute({ id });
  if (!row) {
    known.delete(id);
    return null;
  }
  const answer = sessionAnswer(base, row, now, false);
  if (!answer) {
    known.delete(id);
    return null;
  }
  if (answer === 'expired') {
    known.delete(id);
    await deps.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, id));
    return null;
  }
  // Sliding idle timeout; written at most every 15 s to spare the database.
  let s = row.s;
  if (now.getTime() - s.lastSeenAt.getTime() > 15_000) {
    await deps.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
    s = { ...s, lastSeenAt: now };
  }
  // Remembered without the password hash and the encrypted TOTP secret: no answer needs them.
  known.set(id, { ...row, s, u: { ...row.u, passwordHash: '', mfaSecretEnc: null } });
  return answer;
}

export function idleMinutesFor(deps: Deps, u: UserRow, c: ClinicRow): number {
  return u.role === 'patient' ? deps.config.patientIdleMinutes : c.staffIdleTimeoutMinutes;
}

/** A brand-new session id on every sign-in (no fixation); the old cookie's session is ended. */
export async function startSession(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  u: UserRow,
  c: ClinicRow,
  now: Date,
  mfaVerified: boolean,
): Promise<void> {
  const old = req.cookies[SECURE_SESSION_COOKIE] ?? req.cookies[SESSION_COOKIE];
  if (old) sessionHints(deps.db).delete(sha256(old));
  if (old)
    await deps.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(eq(sessions.id, sha256(old)));
  const { token, hash } = newToken();
  const maxAgeMs = deps.config.sessionAbsoluteHours * 3600_000;
  await deps.db.insert(sessions).values({
    id: hash,
    userId: u.id,
    clinicId: u.clinicId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + maxAgeMs),
    idleTimeoutMinutes: idleMinutesFor(deps, u, c),
    mfaVerified,
    credentialsEpoch: u.credentialsEpoch,
    ip: req.ip,
  });
  const secure = isSecure(deps, req);
  void reply.setCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export async function endSession(deps: Deps, req: FastifyRequest, reply: FastifyReply, now: Date) {
  const token = req.cookies[SECURE_SESSION_COOKIE] ?? req.cookies[SESSION_COOKIE];
  if (token) sessionHints(deps.db).delete(sha256(token));
  if (token)
    await deps.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(eq(sessions.id, sha256(token)));
  void reply.clearCookie(cookieName(deps, req), { path: '/' });
}

/**
 * Ends all of a user's access: moves their credentials generation on — every session and API token
 * made before is refused from now on (see `credentialCurrent`) — and ends their live sessions.
 * Called on sign out everywhere, password change and reset, MFA enrolment, role change and
 * disabling. Returns the new generation (a session kept alive afterwards is started in it) and how
 * many live sessions ended.
 */
export async function endUserAccess(
  q: Db | Tx,
  userId: string,
  now: Date,
): Promise<{ epoch: number; sessionsEnded: number }> {
  const [u] = await q
    .update(users)
    .set({ credentialsEpoch: sql`${users.credentialsEpoch} + 1` })
    .where(eq(users.id, userId))
    .returning({ epoch: users.credentialsEpoch });
  const ended = await q
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return { epoch: u?.epoch ?? 0, sessionsEnded: ended.length };
}

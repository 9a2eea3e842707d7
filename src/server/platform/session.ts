import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiTokens, clinics, sessions, users } from '../db/schema.ts';
import type { Deps } from './deps.ts';
import type { RequestContext, Role } from './context.ts';
import { newToken, sha256 } from './secrets.ts';

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
 * The session check runs on every request: built once per database and prepared (named on
 * PostgreSQL, so the server parses and plans it once per connection).
 */
const sessionLookups = new WeakMap<Deps['db'], ReturnType<typeof prepareSessionLookup>>();
const prepareSessionLookup = (db: Deps['db']) =>
  db
    .select({ s: sessions, u: users, c: clinics })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('stillpoint_session_lookup');
function sessionLookup(db: Deps['db']) {
  let q = sessionLookups.get(db);
  if (!q) sessionLookups.set(db, (q = prepareSessionLookup(db)));
  return q;
}

/** Reads the cookie or bearer token and checks it against the database. */
export async function authenticate(
  deps: Deps,
  req: FastifyRequest,
  now: Date,
): Promise<Authenticated | null> {
  const base = baseContext(req, now);
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const hash = sha256(auth.slice(7).trim());
    const [row] = await deps.db
      .select({ t: apiTokens, u: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)));
    if (!row || row.t.expiresAt <= now || row.u.disabled) return null;
    if (!row.t.lastUsedAt || now.getTime() - row.t.lastUsedAt.getTime() > 60_000) {
      await deps.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.t.id));
    }
    return {
      ctx: userContext(base, row.u, 'token'),
      mfaPending: false,
      mfaSetupRequired: false,
      sessionId: null,
      expiresAt: row.t.expiresAt,
    };
  }
  const token = req.cookies[SECURE_SESSION_COOKIE] ?? req.cookies[SESSION_COOKIE];
  if (!token) return null;
  const id = sha256(token);
  const [row] = await sessionLookup(deps.db).execute({ id });
  if (!row || row.s.revokedAt || row.u.disabled) return null;
  const idleEnd = row.s.lastSeenAt.getTime() + row.s.idleTimeoutMinutes * 60_000;
  if (row.s.expiresAt <= now || idleEnd <= now.getTime()) {
    await deps.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, id));
    return null;
  }
  // Sliding idle timeout; written at most every 15 s to spare the database.
  if (now.getTime() - row.s.lastSeenAt.getTime() > 15_000) {
    await deps.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  const mfa = mfaState(row.u, row.c);
  return {
    ctx: userContext(base, row.u, 'session'),
    mfaPending: mfa.needed && !row.s.mfaVerified,
    mfaSetupRequired: mfa.setupRequired && !row.s.mfaVerified,
    sessionId: id,
    expiresAt: row.s.expiresAt,
  };
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
  if (token)
    await deps.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(eq(sessions.id, sha256(token)));
  void reply.clearCookie(cookieName(deps, req), { path: '/' });
}

export async function revokeUserSessions(deps: Deps, userId: string, now: Date, exceptId?: string) {
  const res = await deps.db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return res.length;
}

import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext, TokenScope } from '../../platform/context.ts';
import {
  HttpError,
  badRequest,
  conflict,
  notFound,
  problemType,
  unauthorized,
} from '../../platform/errors.ts';
import { hashPassword, needsRehash, verifyPassword, passwordProblem } from '../../platform/passwords.ts';
import { exceeded, hit } from '../../platform/ratelimit.ts';
import { writeAudit } from '../../platform/audit.ts';
import { newToken } from '../../platform/secrets.ts';
import { endUserAccess, mfaState, userContext, type Authenticated } from '../../platform/session.ts';
import * as store from './store.ts';
import * as throttle from './throttle.ts';
import type { Device } from '../../platform/devices.ts';
import type { ClinicRow, UserRow } from './store.ts';

/**
 * Sign-in, second factor, password and API-token use cases. The session cookie belongs to the
 * HTTP request, so the routes hand each use case a {@link SessionPort} over it.
 */

const LOGIN_WINDOW_MS = throttle.LOGIN_THROTTLE.windowMs;
export const DEMO_PASSWORD = 'stillpoint-demo';
// Verified against when the email is unknown, so both answers take the same time.
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

/** The caller's session: started, ended or read by the use cases, kept by the route's request. */
export interface SessionPort {
  start(u: UserRow, c: ClinicRow, mfaVerified: boolean): Promise<void>;
  end(): Promise<void>;
  current(): Promise<Authenticated | null>;
  /** The browser's device cookie, when valid, and remembering this sign-in in it. */
  device(): Device | null;
  rememberDevice(userId: string): void;
}

async function loadUser(deps: Deps, userId: string) {
  const row = await store.loadUser(deps.db, userId);
  if (!row) throw unauthorized();
  return row;
}

async function audit(deps: Deps, ctx: RequestContext, input: Parameters<typeof writeAudit>[2]) {
  await deps.db.transaction((tx) => writeAudit(tx, ctx, input));
}

async function checkTotp(deps: Deps, u: UserRow, code: string, now: Date): Promise<number | null> {
  if (!u.mfaSecretEnc) return null;
  const secret = deps.secrets.open(u.mfaSecretEnc);
  const res = await verifyTotp({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(u.mfaLastStep != null ? { afterTimeStep: u.mfaLastStep } : {}),
  });
  return res.valid ? Math.floor(Math.floor(now.getTime() / 1000) / 30) + res.delta : null;
}

const tooManyAttempts = (retryAfter: number, detail: string) =>
  new HttpError(429, 'Too many attempts', detail, {
    type: problemType('rate-limited'),
    headers: { 'retry-after': String(retryAfter) },
  });

type Who = Partial<Parameters<typeof writeAudit>[2]>;

async function refuse(deps: Deps, ctx: RequestContext, who: Who, reason: string) {
  await audit(deps, ctx, {
    ...who,
    action: 'auth.login',
    resourceType: 'Session',
    outcome: 'denied',
    details: { reason },
  });
}

/**
 * Email and password, and optionally the authenticator's `code` (both factors at once; it also
 * passes the throttle's pauses). Every refusal is audited; failures are counted (see throttle.ts).
 */
export async function login(
  deps: Deps,
  ctx: RequestContext,
  body: { email: string; password: string; code?: string | undefined },
  session: SessionPort,
) {
  const now = ctx.now;
  const emailKey = body.email.trim().toLowerCase();
  const row = await store.findUserByEmail(deps.db, emailKey);
  const who: Who = row
    ? { clinicId: row.u.clinicId, userId: row.u.id, userEmail: row.u.email, role: row.u.role }
    : { userId: null, userEmail: null, role: null };
  const device = session.device();
  const ownDevice = row !== null && device !== null && device.userIds.includes(row.u.id);
  const gate = await throttle.readGate(
    deps.db,
    throttle.loginKeys(emailKey, ctx.ip, row?.u.id ?? null, ownDevice ? device.id : null),
    now,
  );
  // Known-good clients pass the soft limits; the session is read only when it matters.
  const softBlocked =
    gate.softWait > 0 &&
    !ownDevice &&
    !gate.knownAddress &&
    !(row && (await session.current())?.ctx.user?.id === row.u.id);
  const paused = gate.pairWait > 0 ? ('pair' as const) : softBlocked ? ('soft' as const) : null;
  const pauseSeconds = () => (paused === 'pair' ? gate.pairWait : gate.softWait);
  if (paused && !body.code) {
    // Not even checked: a paused client learns nothing about the password.
    await refuse(deps, ctx, who, 'rate-limited');
    throw throttle.tooManyFailures(paused, pauseSeconds(), now);
  }
  const ok = await verifyPassword(row?.u.passwordHash ?? (await getDummyHash()), body.password);
  // A code is tried only with the right password, so strangers cannot spend the account's tries.
  const codeTried = ok && row !== null && body.code !== undefined;
  const step =
    codeTried && row.u.mfaEnabled && gate.codesLeft ? await checkTotp(deps, row.u, body.code!, now) : null;
  const codeRefused = codeTried && step === null;
  const demoRefused = ok && deps.config.nodeEnv === 'production' && body.password === DEMO_PASSWORD;
  if (!row || !ok || row.u.disabled || demoRefused || codeRefused) {
    await throttle.countFailure(deps.db, gate.keys, now, codeRefused);
    const reason = !row
      ? 'unknown-email'
      : !ok
        ? 'bad-password'
        : row.u.disabled
          ? 'disabled'
          : demoRefused
            ? 'demo-password'
            : 'bad-code';
    await refuse(deps, ctx, who, paused ? `rate-limited:${reason}` : reason);
    if (paused === 'pair')
      throw throttle.tooManyFailures('pair', throttle.pairDelaySeconds(gate.pairFailures + 1), now);
    if (paused) throw throttle.tooManyFailures('soft', gate.softWait, now);
    throw new HttpError(
      401,
      'Sign-in failed',
      demoRefused
        ? 'The demo password is disabled in production. Ask an administrator to set a new password.'
        : body.code !== undefined
          ? 'The email, password or code is incorrect.'
          : 'The email or password is incorrect.',
      { type: problemType('login-failed') },
    );
  }
  const { u, c } = row;
  await throttle.countSuccess(deps.db, gate, now);
  if (needsRehash(u.passwordHash)) {
    await store.setPasswordHash(deps.db, u.id, await hashPassword(body.password));
  }
  if (step !== null) await store.setMfaLastStep(deps.db, u.id, step);
  const mfa = step !== null ? { needed: false, setupRequired: false } : mfaState(u, c);
  // The flag records a second factor actually given: a password-only session becomes MFA-pending
  // as soon as the clinic starts requiring MFA, even mid-session.
  await session.start(u, c, step !== null);
  session.rememberDevice(u.id);
  await audit(deps, userContext(ctx, u, 'session'), {
    action: 'auth.login',
    resourceType: 'Session',
    outcome: 'success',
    details: step !== null ? { mfa: 'code' } : mfa.needed ? { mfa: 'pending' } : null,
  });
  return { user: u, mfa };
}

/** The second sign-in step: a code from the authenticator app. */
export async function verifyMfa(deps: Deps, ctx: AuthedContext, code: string, session: SessionPort) {
  const { u, c } = await loadUser(deps, ctx.user.id);
  const key = [{ key: throttle.mfaKey(u.id), max: throttle.LOGIN_THROTTLE.codes }];
  const retryAfter = await exceeded(deps.db, key, ctx.now, LOGIN_WINDOW_MS);
  if (retryAfter !== null) {
    throw tooManyAttempts(retryAfter, 'Too many codes tried. Wait a few minutes and try again.');
  }
  const step = u.mfaEnabled ? await checkTotp(deps, u, code, ctx.now) : null;
  if (step === null) {
    await hit(deps.db, [throttle.mfaKey(u.id)], ctx.now, LOGIN_WINDOW_MS);
    await audit(deps, ctx, { action: 'auth.mfa', resourceType: 'Session', outcome: 'denied' });
    throw new HttpError(
      401,
      'Code not accepted',
      'That code is wrong, expired or already used. Enter the current code from your app.',
      {
        type: problemType('mfa-invalid'),
      },
    );
  }
  await store.setMfaLastStep(deps.db, u.id, step);
  await session.start(u, c, true);
  await audit(deps, ctx, { action: 'auth.mfa', resourceType: 'Session', outcome: 'success' });
  return u;
}

export async function logout(deps: Deps, ctx: AuthedContext, session: SessionPort) {
  await session.end();
  await audit(deps, ctx, {
    action: 'auth.logout',
    resourceType: 'Session',
    outcome: 'success',
  });
}

/** The signed-in user, their clinic and session, and how long the session may stay idle. */
export async function me(deps: Deps, ctx: AuthedContext, session: SessionPort) {
  const auth = await session.current();
  const { u, c, practitionerId } = await loadUser(deps, ctx.user.id);
  const idleTimeoutMinutes =
    u.role === 'patient' ? deps.config.patientIdleMinutes : c.staffIdleTimeoutMinutes;
  return { auth, user: u, clinic: c, practitionerId, idleTimeoutMinutes };
}

/** Starts authenticator enrolment: a new secret, sealed in the database until a code confirms it. */
export async function setupMfa(deps: Deps, ctx: AuthedContext) {
  const { u, c } = await loadUser(deps, ctx.user.id);
  if (u.mfaEnabled)
    throw conflict('An authenticator is already set up. Disable it first to enrol a new one.');
  const secret = generateSecret();
  await store.setMfaSecret(deps.db, u.id, deps.secrets.seal(secret));
  const otpauthUri = generateURI({ issuer: `Stillpoint (${c.name})`, label: u.email, secret });
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 1 });
  return { secret, otpauthUri, qrSvg };
}

export async function enableMfa(deps: Deps, ctx: AuthedContext, code: string, session: SessionPort) {
  const { u, c } = await loadUser(deps, ctx.user.id);
  if (u.mfaEnabled) throw conflict('The authenticator is already enabled.');
  if (!u.mfaSecretEnc) throw conflict('Start with POST /api/v1/auth/mfa/setup.');
  const step = await checkTotp(deps, u, code, ctx.now);
  if (step === null)
    throw badRequest('That code is wrong or expired.', [
      { path: 'code', message: 'Enter the current 6-digit code' },
    ]);
  // Every credential made without the second factor ends; this session goes on in the new generation.
  const { epoch } = await deps.db.transaction(async (tx) => {
    await store.enableMfa(tx, u.id, step);
    return endUserAccess(tx, u.id, ctx.now);
  });
  await session.start({ ...u, mfaEnabled: true, credentialsEpoch: epoch }, c, true);
  await audit(deps, ctx, {
    action: 'user.mfa.enable',
    resourceType: 'User',
    resourceId: u.id,
    outcome: 'success',
  });
}

export async function disableMfa(deps: Deps, ctx: AuthedContext, password: string) {
  const { u, c } = await loadUser(deps, ctx.user.id);
  if (!(await verifyPassword(u.passwordHash, password))) {
    throw badRequest('The password is incorrect.', [{ path: 'password', message: 'Incorrect password' }]);
  }
  if (u.role !== 'patient' && c.mfaRequiredForStaff) {
    throw conflict('Your clinic requires an authenticator for staff; it cannot be removed.');
  }
  await store.disableMfa(deps.db, u.id);
  await audit(deps, ctx, {
    action: 'user.mfa.disable',
    resourceType: 'User',
    resourceId: u.id,
    outcome: 'success',
  });
}

/** Changes the caller's password and ends their other sessions; returns how many ended. */
export async function changePassword(
  deps: Deps,
  ctx: AuthedContext,
  body: { currentPassword: string; newPassword: string },
  session: SessionPort,
) {
  const { u, c } = await loadUser(deps, ctx.user.id);
  if (!(await verifyPassword(u.passwordHash, body.currentPassword))) {
    throw badRequest('Your current password is incorrect.', [
      { path: 'currentPassword', message: 'Incorrect password' },
    ]);
  }
  const problem = passwordProblem(body.newPassword, [u.email.split('@')[0] ?? '', u.name, c.name]);
  if (problem) throw badRequest(problem, [{ path: 'newPassword', message: problem }]);
  const passwordHash = await hashPassword(body.newPassword);
  // Every session and token of the old password ends; this session goes on in the new generation.
  const { epoch, sessionsEnded: revoked } = await deps.db.transaction(async (tx) => {
    await store.setPasswordHash(tx, u.id, passwordHash);
    return endUserAccess(tx, u.id, ctx.now);
  });
  // This route is closed to MFA-pending sessions (and to tokens), so a user with MFA has given it
  // in this session.
  if (ctx.via === 'session') await session.start({ ...u, credentialsEpoch: epoch }, c, u.mfaEnabled);
  await audit(deps, ctx, {
    action: 'user.password.change',
    resourceType: 'User',
    resourceId: u.id,
    outcome: 'success',
    details: { otherSessionsEnded: revoked - (ctx.via === 'session' ? 1 : 0) },
  });
  return Math.max(0, revoked - (ctx.via === 'session' ? 1 : 0));
}

/**
 * A personal API token: the secret is returned once, the database keeps its hash. The token
 * belongs to the credentials generation of the session that made it (so a password reset racing
 * this request still ends it) and carries that session's second factor: a token made without one
 * is refused once MFA applies to its user, as the session would be.
 */
export async function createToken(
  deps: Deps,
  ctx: AuthedContext,
  input: { name: string; expiresInDays: number; scope: TokenScope },
) {
  const made = ctx.credential;
  // The route is session-only; this keeps a token from ever minting another one.
  if (made?.kind !== 'session') throw unauthorized('Sign in to create an API token.');
  const { token, hash } = newToken('spt_');
  const expiresAt = new Date(ctx.now.getTime() + input.expiresInDays * 86_400_000);
  const scopes = [input.scope];
  const id = await store.insertApiToken(deps.db, {
    userId: ctx.user.id,
    clinicId: ctx.user.clinicId,
    name: input.name,
    tokenHash: hash,
    createdAt: ctx.now,
    expiresAt,
    credentialsEpoch: made.epoch,
    mfaVerified: made.mfaVerified,
    scopes,
  });
  await audit(deps, ctx, {
    action: 'token.create',
    resourceType: 'ApiToken',
    resourceId: id,
    outcome: 'success',
    details: { scopes },
  });
  return { id, token, name: input.name, scopes, expiresAt: expiresAt.toISOString() };
}

/** A user's live tokens: the caller's own, or (admins) those of a user of their clinic. */
export async function listTokens(deps: Deps, userId: string) {
  return store.listLiveTokens(deps.db, userId);
}

/** Revokes one token of `ownerId`: the caller's own, or (admins) one of a user of their clinic. */
export async function revokeToken(deps: Deps, ctx: AuthedContext, ownerId: string, id: string) {
  await deps.db.transaction(async (tx) => {
    if (!(await store.revokeToken(tx, ownerId, id, ctx.now))) throw notFound('token');
    await writeAudit(tx, ctx, {
      action: 'token.revoke',
      resourceType: 'ApiToken',
      resourceId: id,
      outcome: 'success',
      ...(ownerId !== ctx.user.id ? { details: { ownerId, by: 'admin' } } : {}),
    });
  });
}

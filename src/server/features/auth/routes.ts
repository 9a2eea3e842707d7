import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import { z } from 'zod';
import { apiTokens, clinics, practitioners, users } from '../../db/schema.ts';
import { codeSchema, email } from '../../../contracts/auth.ts';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { ROLES, type RequestContext } from '../../platform/context.ts';
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
import {
  authenticate,
  endSession,
  mfaState,
  revokeUserSessions,
  startSession,
  userContext,
} from '../../platform/session.ts';
import type { Deps } from '../../platform/deps.ts';

const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMITS = { accountAndIp: 10, account: 50, ip: 100 };
export const DEMO_PASSWORD = 'stillpoint-demo';
// Verified against when the email is unknown, so both answers take the same time.
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const STAFF_AND_PATIENT = ROLES;

type UserRow = typeof users.$inferSelect;

function publicUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    clinicId: u.clinicId,
    ...(u.role === 'patient' ? { patientId: u.patientId } : {}),
  };
}

async function loadUser(deps: Deps, userId: string) {
  const [row] = await deps.db
    .select({ u: users, c: clinics, practitionerId: practitioners.id })
    .from(users)
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    // The user's own practitioner record, if they see patients (their schedule opens on it).
    .leftJoin(
      practitioners,
      and(eq(practitioners.userId, users.id), eq(practitioners.clinicId, users.clinicId)),
    )
    .where(eq(users.id, userId))
    .limit(1);
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

export const authRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Sign in with email and password; sets the session cookie',
    tags: ['auth'],
    access: { public: true },
    noCsrf: true,
    matrix: { kind: 'none' },
    example: { email: 'clinician@example.com', password: 'stillpoint-demo' },
    body: z.object({ email, password: z.string().min(1, 'Enter your password').max(1024) }),
    handler: async (ctx, { body }, req, reply) => {
      const deps = req.server.deps;
      const now = ctx.now;
      const emailKey = body.email.toLowerCase();
      const limits = [
        { key: `login:acct-ip:${emailKey}|${ctx.ip}`, max: LOGIN_LIMITS.accountAndIp },
        { key: `login:acct:${emailKey}`, max: LOGIN_LIMITS.account },
        { key: `login:ip:${ctx.ip}`, max: LOGIN_LIMITS.ip },
      ];
      const [row] = await deps.db
        .select({ u: users, c: clinics })
        .from(users)
        .innerJoin(clinics, eq(clinics.id, users.clinicId))
        .where(sql`lower(${users.email}) = ${emailKey}`);
      const who = row
        ? { clinicId: row.u.clinicId, userId: row.u.id, userEmail: row.u.email, role: row.u.role }
        : { userId: null, userEmail: null, role: null };
      const retryAfter = await exceeded(deps.db, limits, now, LOGIN_WINDOW_MS);
      if (retryAfter !== null) {
        await audit(deps, ctx, {
          ...who,
          action: 'auth.login',
          resourceType: 'Session',
          outcome: 'denied',
          details: { reason: 'rate-limited' },
        });
        throw new HttpError(
          429,
          'Too many attempts',
          `Too many sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
          {
            type: problemType('rate-limited'),
            headers: { 'retry-after': String(retryAfter) },
          },
        );
      }
      const ok = await verifyPassword(row?.u.passwordHash ?? (await getDummyHash()), body.password);
      const demoRefused = ok && deps.config.nodeEnv === 'production' && body.password === DEMO_PASSWORD;
      if (!row || !ok || row.u.disabled || demoRefused) {
        await hit(
          deps.db,
          limits.map((l) => l.key),
          now,
          LOGIN_WINDOW_MS,
        );
        await audit(deps, ctx, {
          ...who,
          action: 'auth.login',
          resourceType: 'Session',
          outcome: 'denied',
          details: {
            reason: !row
              ? 'unknown-email'
              : row.u.disabled
                ? 'disabled'
                : demoRefused
                  ? 'demo-password'
                  : 'bad-password',
          },
        });
        throw new HttpError(
          401,
          'Sign-in failed',
          demoRefused
            ? 'The demo password is disabled in production. Ask an administrator to set a new password.'
            : 'The email or password is incorrect.',
          { type: problemType('login-failed') },
        );
      }
      const { u, c } = row;
      if (needsRehash(u.passwordHash)) {
        await deps.db
          .update(users)
          .set({ passwordHash: await hashPassword(body.password) })
          .where(eq(users.id, u.id));
      }
      const mfa = mfaState(u, c);
      // The flag records a second factor actually given: a password-only session becomes MFA-pending
      // as soon as the clinic starts requiring MFA, even mid-session.
      await startSession(deps, req, reply, u, c, now, false);
      await audit(deps, userContext(ctx, u, 'session'), {
        action: 'auth.login',
        resourceType: 'Session',
        outcome: 'success',
        details: mfa.needed ? { mfa: 'pending' } : null,
      });
      return {
        user: publicUser(u),
        ...(mfa.needed && !mfa.setupRequired ? { mfaRequired: true } : {}),
        ...(mfa.setupRequired ? { mfaSetupRequired: true } : {}),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/verify',
    summary: 'Second sign-in step: the code from the authenticator app',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    allowMfaPending: true,
    body: codeSchema,
    handler: async (ctx, { body }, req, reply) => {
      const deps = req.server.deps;
      const { u, c } = await loadUser(deps, ctx.user!.id);
      const key = [{ key: `mfa:${u.id}`, max: 10 }];
      const retryAfter = await exceeded(deps.db, key, ctx.now, LOGIN_WINDOW_MS);
      if (retryAfter !== null) {
        throw new HttpError(
          429,
          'Too many attempts',
          'Too many codes tried. Wait a few minutes and try again.',
          {
            type: problemType('rate-limited'),
            headers: { 'retry-after': String(retryAfter) },
          },
        );
      }
      const step = u.mfaEnabled ? await checkTotp(deps, u, body.code, ctx.now) : null;
      if (step === null) {
        await hit(deps.db, [`mfa:${u.id}`], ctx.now, LOGIN_WINDOW_MS);
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
      await deps.db.update(users).set({ mfaLastStep: step }).where(eq(users.id, u.id));
      await startSession(deps, req, reply, u, c, ctx.now, true);
      await audit(deps, ctx, { action: 'auth.mfa', resourceType: 'Session', outcome: 'success' });
      return { user: publicUser(u) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'End the session',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    allowMfaPending: true,
    successStatus: 204,
    handler: async (ctx, _input, req, reply) => {
      await endSession(req.server.deps, req, reply, ctx.now);
      await audit(req.server.deps, ctx, {
        action: 'auth.logout',
        resourceType: 'Session',
        outcome: 'success',
      });
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/auth/me',
    summary: 'The signed-in user, clinic and session',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    allowMfaPending: true,
    handler: async (ctx, _input, req) => {
      const deps = req.server.deps;
      const auth = await authenticate(deps, req, ctx.now);
      const { u, c, practitionerId } = await loadUser(deps, ctx.user!.id);
      return {
        user: {
          ...publicUser(u),
          patientId: u.patientId,
          practitionerId: practitionerId ?? null,
          mfaEnabled: u.mfaEnabled,
          breakGlass: u.breakGlass,
        },
        clinic: { id: c.id, name: c.name, timeZone: c.timeZone },
        session: {
          via: ctx.via,
          expiresAt: auth?.expiresAt?.toISOString() ?? null,
          mfaRequired: auth?.mfaPending ?? false,
          mfaSetupRequired: auth?.mfaSetupRequired ?? false,
          idleTimeoutMinutes:
            u.role === 'patient' ? deps.config.patientIdleMinutes : c.staffIdleTimeoutMinutes,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/setup',
    summary: 'Start authenticator enrolment: returns the secret and a QR code',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    allowMfaPending: true,
    handler: async (ctx, _input, req) => {
      const deps = req.server.deps;
      const { u, c } = await loadUser(deps, ctx.user!.id);
      if (u.mfaEnabled)
        throw conflict('An authenticator is already set up. Disable it first to enrol a new one.');
      const secret = generateSecret();
      await deps.db
        .update(users)
        .set({ mfaSecretEnc: deps.secrets.seal(secret) })
        .where(eq(users.id, u.id));
      const otpauthUri = generateURI({ issuer: `Stillpoint (${c.name})`, label: u.email, secret });
      const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 1 });
      return { secret, otpauthUri, qrSvg };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/enable',
    summary: 'Finish enrolment with a code from the app; ends other sessions',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    allowMfaPending: true,
    body: codeSchema,
    handler: async (ctx, { body }, req, reply) => {
      const deps = req.server.deps;
      const { u, c } = await loadUser(deps, ctx.user!.id);
      if (u.mfaEnabled) throw conflict('The authenticator is already enabled.');
      if (!u.mfaSecretEnc) throw conflict('Start with POST /api/v1/auth/mfa/setup.');
      const step = await checkTotp(deps, u, body.code, ctx.now);
      if (step === null)
        throw badRequest('That code is wrong or expired.', [
          { path: 'code', message: 'Enter the current 6-digit code' },
        ]);
      await deps.db.update(users).set({ mfaEnabled: true, mfaLastStep: step }).where(eq(users.id, u.id));
      await revokeUserSessions(deps, u.id, ctx.now);
      await startSession(deps, req, reply, { ...u, mfaEnabled: true }, c, ctx.now, true);
      await audit(deps, ctx, {
        action: 'user.mfa.enable',
        resourceType: 'User',
        resourceId: u.id,
        outcome: 'success',
      });
      return { mfaEnabled: true };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/disable',
    summary: 'Remove the authenticator (password required)',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    body: z.object({ password: z.string().min(1).max(1024) }),
    handler: async (ctx, { body }, req) => {
      const deps = req.server.deps;
      const { u, c } = await loadUser(deps, ctx.user!.id);
      if (!(await verifyPassword(u.passwordHash, body.password))) {
        throw badRequest('The password is incorrect.', [{ path: 'password', message: 'Incorrect password' }]);
      }
      if (u.role !== 'patient' && c.mfaRequiredForStaff) {
        throw conflict('Your clinic requires an authenticator for staff; it cannot be removed.');
      }
      await deps.db
        .update(users)
        .set({ mfaEnabled: false, mfaSecretEnc: null, mfaLastStep: null })
        .where(eq(users.id, u.id));
      await audit(deps, ctx, {
        action: 'user.mfa.disable',
        resourceType: 'User',
        resourceId: u.id,
        outcome: 'success',
      });
      return { mfaEnabled: false };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/password',
    summary: 'Change your password (current password required); ends your other sessions',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    example: { currentPassword: 'wrong on purpose', newPassword: 'a brand new long sentence' },
    body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) }),
    handler: async (ctx, { body }, req, reply) => {
      const deps = req.server.deps;
      const { u, c } = await loadUser(deps, ctx.user!.id);
      if (!(await verifyPassword(u.passwordHash, body.currentPassword))) {
        throw badRequest('Your current password is incorrect.', [
          { path: 'currentPassword', message: 'Incorrect password' },
        ]);
      }
      const problem = passwordProblem(body.newPassword, [u.email.split('@')[0] ?? '', u.name, c.name]);
      if (problem) throw badRequest(problem, [{ path: 'newPassword', message: problem }]);
      await deps.db
        .update(users)
        .set({ passwordHash: await hashPassword(body.newPassword) })
        .where(eq(users.id, u.id));
      const revoked = await revokeUserSessions(deps, u.id, ctx.now);
      // This route is closed to MFA-pending sessions, so a user with MFA has given it in this session.
      if (ctx.via === 'session') await startSession(deps, req, reply, u, c, ctx.now, u.mfaEnabled);
      await audit(deps, ctx, {
        action: 'user.password.change',
        resourceType: 'User',
        resourceId: u.id,
        outcome: 'success',
        details: { otherSessionsEnded: revoked - (ctx.via === 'session' ? 1 : 0) },
      });
      return { changed: true, otherSessionsEnded: Math.max(0, revoked - (ctx.via === 'session' ? 1 : 0)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    summary: 'Create a personal API token (shown once)',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    successStatus: 201,
    body: z.object({
      name: z.string().trim().min(1).max(100),
      expiresInDays: z.number().int().min(1).max(365).default(90),
    }),
    handler: async (ctx, { body }, req) => {
      const deps = req.server.deps;
      const { token, hash } = newToken('spt_');
      const expiresAt = new Date(ctx.now.getTime() + body.expiresInDays * 86_400_000);
      const [row] = await deps.db
        .insert(apiTokens)
        .values({
          userId: ctx.user!.id,
          clinicId: ctx.user!.clinicId,
          name: body.name,
          tokenHash: hash,
          createdAt: ctx.now,
          expiresAt,
        })
        .returning({ id: apiTokens.id });
      await audit(deps, ctx, {
        action: 'token.create',
        resourceType: 'ApiToken',
        resourceId: row!.id,
        outcome: 'success',
      });
      return { id: row!.id, token, name: body.name, expiresAt: expiresAt.toISOString() };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/auth/tokens',
    summary: 'Your personal API tokens (never the secrets)',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    handler: async (ctx, _input, req) => {
      const rows = await req.server.deps.db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.userId, ctx.user!.id), isNull(apiTokens.revokedAt)))
        .orderBy(desc(apiTokens.createdAt));
      return {
        results: rows.map((t) => ({
          id: t.id,
          name: t.name,
          createdAt: t.createdAt,
          expiresAt: t.expiresAt,
          lastUsedAt: t.lastUsedAt,
        })),
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/auth/tokens/:id',
    summary: 'Revoke one of your API tokens',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    matrix: { kind: 'none' },
    params: z.object({ id: z.uuid() }),
    successStatus: 204,
    handler: async (ctx, { params }, req) => {
      const deps = req.server.deps;
      const res = await deps.db
        .update(apiTokens)
        .set({ revokedAt: ctx.now })
        .where(
          and(eq(apiTokens.id, params.id), eq(apiTokens.userId, ctx.user!.id), isNull(apiTokens.revokedAt)),
        )
        .returning({ id: apiTokens.id });
      if (res.length === 0) throw notFound('token');
      await audit(deps, ctx, {
        action: 'token.revoke',
        resourceType: 'ApiToken',
        resourceId: params.id,
        outcome: 'success',
      });
      return undefined;
    },
  }),
];

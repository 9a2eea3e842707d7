import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { ROLES } from '../../platform/context.ts';
import { authenticate, endSession, startSession } from '../../platform/session.ts';
import { readDevice, rememberDevice } from '../../platform/devices.ts';
import * as service from './service.ts';
import type { ApiTokenRow, UserRow } from './store.ts';
import { userSubject } from '../admin/index.ts';
import { tokenSubject } from './subjects.ts';
import { codeSchema, loginBody, tokenCreateBody } from '../../../contracts/auth.ts';

const STAFF_AND_PATIENT = ROLES;

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

/** The session cookie of this request, for the use cases that start, end or read it. */
function sessionOf(req: FastifyRequest, reply: FastifyReply, now: Date): service.SessionPort {
  const deps = req.server.deps;
  return {
    start: (u, c, mfaVerified) => startSession(deps, req, reply, u, c, now, mfaVerified),
    end: () => endSession(deps, req, reply, now),
    current: () => authenticate(deps, req, now),
    device: () => readDevice(deps, req, now),
    rememberDevice: (userId) => rememberDevice(deps, req, reply, userId, now),
  };
}

const ADMIN = { roles: ['admin'] as const };

/** A token as its owner and admins see it: never the secret. */
function tokenView(t: ApiTokenRow) {
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

export const authRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    summary:
      'Sign in with email and password (and optionally the authenticator code); sets the session and device cookies',
    tags: ['auth'],
    access: { public: true },
    noCsrf: true,
    subject: 'none',
    example: { email: 'clinician@example.com', password: 'stillpoint-demo' },
    body: loginBody,
    handler: async (ctx, { body }, req, reply) => {
      const { user, mfa } = await service.login(req.server.deps, ctx, body, sessionOf(req, reply, ctx.now));
      return {
        user: publicUser(user),
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
    subject: 'none',
    sessionOnly: true,
    allowMfaPending: true,
    body: codeSchema,
    handler: async (ctx, { body }, req, reply) => ({
      user: publicUser(
        await service.verifyMfa(req.server.deps, ctx, body.code, sessionOf(req, reply, ctx.now)),
      ),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'End the session',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    subject: 'none',
    allowMfaPending: true,
    successStatus: 204,
    handler: async (ctx, _input, req, reply) => {
      await service.logout(req.server.deps, ctx, sessionOf(req, reply, ctx.now));
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/auth/me',
    summary: 'The signed-in user, clinic and session',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    subject: 'none',
    allowMfaPending: true,
    handler: async (ctx, _input, req, reply) => {
      const { auth, user, clinic, practitionerId, idleTimeoutMinutes } = await service.me(
        req.server.deps,
        ctx,
        sessionOf(req, reply, ctx.now),
      );
      return {
        user: {
          ...publicUser(user),
          patientId: user.patientId,
          practitionerId: practitionerId ?? null,
          mfaEnabled: user.mfaEnabled,
          breakGlass: user.breakGlass,
        },
        clinic: { id: clinic.id, name: clinic.name, timeZone: clinic.timeZone },
        session: {
          via: ctx.via,
          expiresAt: auth?.expiresAt?.toISOString() ?? null,
          mfaRequired: auth?.mfaPending ?? false,
          mfaSetupRequired: auth?.mfaSetupRequired ?? false,
          idleTimeoutMinutes,
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
    subject: 'none',
    sessionOnly: true,
    allowMfaPending: true,
    handler: async (ctx, _input, req) => service.setupMfa(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/enable',
    summary: 'Finish enrolment with a code from the app; ends other sessions',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    subject: 'none',
    sessionOnly: true,
    allowMfaPending: true,
    body: codeSchema,
    handler: async (ctx, { body }, req, reply) => {
      await service.enableMfa(req.server.deps, ctx, body.code, sessionOf(req, reply, ctx.now));
      return { mfaEnabled: true };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/disable',
    summary: 'Remove the authenticator (password required)',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    subject: 'none',
    sessionOnly: true,
    body: z.object({ password: z.string().min(1).max(1024) }),
    handler: async (ctx, { body }, req) => {
      await service.disableMfa(req.server.deps, ctx, body.password);
      return { mfaEnabled: false };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/password',
    summary: 'Change your password (current password required); ends your other sessions',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    subject: 'none',
    sessionOnly: true,
    example: { currentPassword: 'wrong on purpose', newPassword: 'a brand new long sentence' },
    body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) }),
    handler: async (ctx, { body }, req, reply) => ({
      changed: true,
      otherSessionsEnded: await service.changePassword(
        req.server.deps,
        ctx,
        body,
        sessionOf(req, reply, ctx.now),
      ),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    summary:
      'Create a personal API token (shown once); `scope` read (GET only) or read-write. Session only: a token cannot make tokens',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    subject: 'none',
    sessionOnly: true,
    successStatus: 201,
    example: { name: 'billing export', expiresInDays: 30, scope: 'read' },
    body: tokenCreateBody,
    handler: async (ctx, { body }, req) => service.createToken(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/auth/tokens',
    summary: 'Your personal API tokens (never the secrets)',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    subject: 'none',
    handler: async (ctx, _input, req) => ({
      results: (await service.listTokens(req.server.deps, ctx.user.id)).map(tokenView),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/auth/tokens/:id',
    summary: 'Revoke one of your API tokens',
    tags: ['auth'],
    access: { roles: STAFF_AND_PATIENT },
    subject: { kind: tokenSubject, param: 'id' },
    params: z.object({ id: z.uuid() }),
    successStatus: 204,
    handler: async (ctx, { params }, req) => {
      await service.revokeToken(req.server.deps, ctx, ctx.user.id, params.id);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/admin/users/:id/tokens',
    summary:
      'The live API tokens of a user of this clinic, with their scopes and last use (never the secrets)',
    tags: ['admin'],
    access: ADMIN,
    params: z.object({ id: z.uuid() }),
    subject: { kind: userSubject, param: 'id' },
    handler: async (ctx, _input, req) => ({
      results: (await service.listTokens(req.server.deps, ctx.subject.record.id)).map(tokenView),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/admin/users/:id/tokens/:tokenId',
    summary: 'Revoke an API token of a user of this clinic',
    tags: ['admin'],
    access: ADMIN,
    params: z.object({ id: z.uuid(), tokenId: z.uuid() }),
    subject: { kind: userSubject, param: 'id' },
    successStatus: 204,
    handler: async (ctx, { params }, req) => {
      await service.revokeToken(req.server.deps, ctx, ctx.subject.record.id, params.tokenId);
      return undefined;
    },
  }),
];

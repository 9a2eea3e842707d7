import { z } from 'zod';
import { ref } from '../../../contracts/references.ts';
import { clinicSettingsBody, userCreateBody, userPatchBody } from '../../../contracts/admin.ts';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { STAFF_ROLES } from '../../platform/context.ts';
import * as service from './service.ts';
import type { ClinicRow, PractitionerOfUser, UserRow } from './store.ts';
import { userSubject } from './subjects.ts';

const userView = (u: UserRow, practitioner: PractitionerOfUser = null) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  patientId: u.patientId,
  disabled: u.disabled,
  mfaEnabled: u.mfaEnabled,
  breakGlass: u.breakGlass,
  createdAt: u.createdAt.toISOString(),
  /** The practitioner record this account charts and books as, if any (its NPI is edited here). */
  practitionerId: practitioner?.id ?? null,
  npi: practitioner?.npi ?? null,
});

/** A practitioner's NPI: 10 digits with a valid check digit (Luhn over the 80840 prefix). */
const userIdParams = z.object({ id: z.uuid() });

const admin = { roles: ['admin'] as const };

export const adminRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/admin/users',
    summary: 'Users of this clinic',
    tags: ['admin'],
    access: admin,
    subject: 'none',
    handler: async (ctx, _i, req) => ({
      results: (await service.listUsers(req.server.deps, ctx)).map((r) => userView(r.user, r.practitioner)),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/admin/users',
    summary: 'Create a user (any role); a patient user is linked to one patient record',
    tags: ['admin'],
    access: admin,
    sessionOnly: true,
    successStatus: 201,
    subject: 'none',
    body: userCreateBody,
    example: {
      email: 'maria.lopez@example.org',
      name: 'Maria Lopez',
      role: 'patient',
      password: 'a long and unusual sentence',
      patientId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
    },
    handler: async (ctx, { body }, req) =>
      userView(await service.createUser(req.server.deps, ctx, ctx.user.clinicId, body)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/admin/users/:id',
    summary:
      'Change a user’s role, name, disabled state, emergency-access permission or (for a practitioner) NPI',
    tags: ['admin'],
    access: admin,
    sessionOnly: true,
    params: userIdParams,
    subject: { kind: userSubject, param: 'id' },
    example: { npi: '1234567893' },
    body: userPatchBody,
    handler: async (ctx, { body }, req) => {
      const { user, practitioner } = await service.updateUser(req.server.deps, ctx, body);
      return userView(user, practitioner);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/admin/users/:id/revoke-sessions',
    summary: 'Sign a user out everywhere',
    tags: ['admin'],
    access: admin,
    params: userIdParams,
    subject: { kind: userSubject, param: 'id' },
    handler: async (ctx, _input, req) => ({
      revoked: await service.revokeSessions(req.server.deps, ctx),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/admin/users/:id/password',
    summary: 'Set a new password for a user (for example a forgotten one); signs them out everywhere',
    tags: ['admin'],
    access: admin,
    sessionOnly: true,
    params: userIdParams,
    subject: { kind: userSubject, param: 'id' },
    example: { password: 'a fresh and unusual sentence' },
    body: z.object({ password: z.string().max(1024) }).strict(),
    handler: async (ctx, { body }, req) => ({
      reset: true,
      revoked: await service.resetPassword(req.server.deps, ctx, body.password),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/admin/clinic',
    summary: 'This clinic’s settings',
    tags: ['admin'],
    access: admin,
    subject: 'none',
    handler: async (ctx, _i, req) => clinicView(await service.getClinic(req.server.deps, ctx)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/admin/clinic',
    summary: 'Change this clinic’s settings',
    tags: ['admin'],
    access: admin,
    sessionOnly: true,
    subject: 'none',
    example: { staffIdleTimeoutMinutes: 15, phone: '+1 312 555 0100' },
    body: clinicSettingsBody,
    handler: async (ctx, { body }, req) => clinicView(await service.updateClinic(req.server.deps, ctx, body)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/break-glass',
    summary: 'Emergency access to a record you cannot normally open (reason required, time-limited, audited)',
    tags: ['admin'],
    access: { roles: STAFF_ROLES },
    successStatus: 201,
    audit: { action: 'break-glass.grant', resourceType: 'Patient' },
    subject: 'clinic',
    example: {
      patientId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
      reason: 'Patient collapsed in the waiting room; need allergies now',
    },
    body: z.object({
      patientId: ref('patient'),
      reason: z.string().trim().min(10, 'Say why you need this record (at least 10 characters)').max(1000),
      minutes: z.number().int().min(5).max(240).default(30),
    }),
    handler: async (ctx, { body }, req) => service.grantBreakGlass(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/admin/break-glass',
    summary: 'Emergency-access grants of this clinic (newest first)',
    tags: ['admin'],
    access: admin,
    subject: 'clinic',
    audit: { action: 'break-glass.list', resourceType: 'BreakGlassGrant' },
    query: z.object({ activeOnly: z.enum(['true', 'false']).default('false') }),
    handler: async (ctx, { query }, req) => {
      const rows = await service.listBreakGlassGrants(req.server.deps, ctx, query.activeOnly === 'true');
      return {
        results: rows.map((r) => ({
          id: r.g.id,
          userId: r.g.userId,
          userName: r.userName,
          patientId: r.g.patientId,
          patientName: `${r.given} ${r.family}`,
          reason: r.g.reason,
          createdAt: r.g.createdAt.toISOString(),
          expiresAt: r.g.expiresAt.toISOString(),
          active: r.g.expiresAt > ctx.now,
        })),
      };
    },
  }),
];

function clinicView(c: ClinicRow) {
  return {
    id: c.id,
    name: c.name,
    timeZone: c.timeZone,
    mfaRequiredForStaff: c.mfaRequiredForStaff,
    staffIdleTimeoutMinutes: c.staffIdleTimeoutMinutes,
    selfSignupRequiresApproval: c.selfSignupRequiresApproval,
    ...clinicContact(c),
  };
}

/** What a clinic publishes about itself: nothing but its name and how patients reach it. */
function clinicContact(c: ClinicRow) {
  return {
    address: c.address ? { ...c.address, state: c.address.state ?? null } : null,
    phone: c.phone ?? null,
    email: c.email ?? null,
  };
}

/** Public: the clinics on this server with their contact details (the landing page's "Contact"). */
export const publicClinicRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/clinics',
    summary:
      'Clinics on this server with their public contact details (name, time zone, address, phone, email)',
    tags: ['admin'],
    access: { public: true },
    subject: 'none',
    handler: async (_ctx, _i, req) => {
      const rows = await service.listPublicClinics(req.server.deps);
      return {
        results: rows.map((c) => ({ id: c.id, name: c.name, timeZone: c.timeZone, ...clinicContact(c) })),
      };
    },
  }),
];

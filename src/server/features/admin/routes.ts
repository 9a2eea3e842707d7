import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { breakGlassGrants, clinics, patients, practitioners, users } from '../../db/schema.ts';
import { clinicSettingsBody, userCreateBody, userPatchBody } from '../../../contracts/admin.ts';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { ROLES, STAFF_ROLES, type RequestContext } from '../../platform/context.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { hashPassword, passwordProblem } from '../../platform/passwords.ts';
import { revokeUserSessions } from '../../platform/session.ts';
import type { Deps } from '../../platform/deps.ts';
import * as patientStore from '../patients/store.ts';

type UserRow = typeof users.$inferSelect;
type PractitionerOfUser = { id: string; npi: string | null } | null;

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

/** The practitioner record of each user of a clinic, by user id. */
async function practitionersByUser(db: Deps['db'], clinicId: string) {
  const rows = await db
    .select({ id: practitioners.id, userId: practitioners.userId, npi: practitioners.npi })
    .from(practitioners)
    .where(eq(practitioners.clinicId, clinicId));
  return new Map(rows.filter((r) => r.userId).map((r) => [r.userId!, { id: r.id, npi: r.npi }]));
}

export async function createUser(
  deps: Deps,
  ctx: RequestContext,
  clinicId: string,
  input: {
    email: string;
    name: string;
    role: (typeof ROLES)[number];
    password: string;
    patientId?: string | null;
  },
  opts: { skipPolicy?: boolean } = {},
) {
  if (!opts.skipPolicy) {
    const [clinic] = await deps.db.select().from(clinics).where(eq(clinics.id, clinicId));
    const problem = passwordProblem(input.password, [
      input.email.split('@')[0] ?? '',
      input.name,
      clinic?.name ?? '',
    ]);
    if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
  }
  if ((input.role === 'patient') !== !!input.patientId) {
    throw badRequest(
      'A patient account must be linked to exactly one patient record, and only a patient account.',
      [
        {
          path: 'patientId',
          message: input.role === 'patient' ? 'Choose the patient record' : 'Only for the patient role',
        },
      ],
    );
  }
  return deps.db.transaction(async (tx) => {
    if (input.patientId && !(await patientStore.findPatient(tx, clinicId, input.patientId))) {
      throw badRequest('No such patient in this clinic.', [
        { path: 'patientId', message: 'Unknown patient' },
      ]);
    }
    const [dupe] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`);
    if (dupe)
      throw conflict(
        'A user with this email already exists; every person needs their own account.',
        'duplicate-email',
      );
    const [taken] = input.patientId
      ? await tx.select({ id: users.id }).from(users).where(eq(users.patientId, input.patientId))
      : [];
    if (taken) throw conflict('This patient record already has an account.', 'duplicate-patient-account');
    const [u] = await tx
      .insert(users)
      .values({
        clinicId,
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash: await hashPassword(input.password),
        patientId: input.patientId ?? null,
      })
      .returning();
    await writeAudit(tx, ctx, {
      clinicId,
      action: 'user.create',
      resourceType: 'User',
      resourceId: u!.id,
      patientId: u!.patientId,
      outcome: 'success',
      details: { role: input.role },
    });
    return u!;
  });
}

const userIdParams = z.object({ id: z.uuid() });

const admin = { roles: ['admin'] as const };

export const adminRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/admin/users',
    summary: 'Users of this clinic',
    tags: ['admin'],
    access: admin,
    matrix: { kind: 'none' },
    handler: async (ctx, _i, req) => {
      const rows = await req.server.deps.db
        .select()
        .from(users)
        .where(eq(users.clinicId, ctx.user!.clinicId))
        .orderBy(users.role, users.name);
      const byUser = await practitionersByUser(req.server.deps.db, ctx.user!.clinicId);
      return { results: rows.map((u) => userView(u, byUser.get(u.id) ?? null)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/admin/users',
    summary: 'Create a user (any role); a patient user is linked to one patient record',
    tags: ['admin'],
    access: admin,
    successStatus: 201,
    matrix: { kind: 'none' },
    body: userCreateBody,
    handler: async (ctx, { body }, req) =>
      userView(await createUser(req.server.deps, ctx, ctx.user!.clinicId, body)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/admin/users/:id',
    summary:
      'Change a user’s role, name, disabled state, emergency-access permission or (for a practitioner) NPI',
    tags: ['admin'],
    access: admin,
    params: userIdParams,
    matrix: { kind: 'none' },
    example: { npi: '1234567893' },
    body: userPatchBody,
    handler: async (ctx, { params, body }, req) => {
      const deps = req.server.deps;
      return deps.db.transaction(async (tx) => {
        const [u] = await tx
          .select()
          .from(users)
          .where(and(eq(users.id, params.id), eq(users.clinicId, ctx.user!.clinicId)));
        if (!u) throw notFound('user');
        if (u.role === 'patient' && body.role)
          throw badRequest('A patient account cannot take a staff role.', [
            { path: 'role', message: 'Not for patient accounts' },
          ]);
        if (u.id === ctx.user!.id && (body.disabled || (body.role && body.role !== 'admin'))) {
          throw conflict('You cannot disable yourself or remove your own admin role; ask another admin.');
        }
        if (body.breakGlass && u.role === 'patient')
          throw badRequest('Emergency access is for staff only.', [
            { path: 'breakGlass', message: 'Staff only' },
          ]);
        const { npi, ...userChanges } = body;
        let [practitioner] = await tx
          .select({ id: practitioners.id, npi: practitioners.npi })
          .from(practitioners)
          .where(and(eq(practitioners.userId, u.id), eq(practitioners.clinicId, ctx.user!.clinicId)));
        if (npi !== undefined && !practitioner)
          throw badRequest('Only a practitioner has an NPI, and this account has no practitioner record.', [
            { path: 'npi', message: 'This user is not a practitioner; leave the NPI empty' },
          ]);
        if (Object.keys(body).length === 0) return userView(u, practitioner ?? null);
        const [updated] = Object.keys(userChanges).length
          ? await tx.update(users).set(userChanges).where(eq(users.id, u.id)).returning()
          : [u];
        if (npi !== undefined && practitioner) {
          [practitioner] = await tx
            .update(practitioners)
            .set({ npi })
            .where(eq(practitioners.id, practitioner.id))
            .returning({ id: practitioners.id, npi: practitioners.npi });
        }
        if (body.disabled || (body.role && body.role !== u.role))
          await revokeUserSessions({ ...deps, db: tx }, u.id, ctx.now);
        await writeAudit(tx, ctx, {
          action: 'user.update',
          resourceType: 'User',
          resourceId: u.id,
          outcome: 'success',
          details: {
            changes: body,
            before: { role: u.role, disabled: u.disabled, breakGlass: u.breakGlass },
          },
        });
        return userView(updated!, practitioner ?? null);
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/admin/users/:id/revoke-sessions',
    summary: 'Sign a user out everywhere',
    tags: ['admin'],
    access: admin,
    params: userIdParams,
    matrix: { kind: 'none' },
    handler: async (ctx, { params }, req) => {
      const deps = req.server.deps;
      const [u] = await deps.db
        .select()
        .from(users)
        .where(and(eq(users.id, params.id), eq(users.clinicId, ctx.user!.clinicId)));
      if (!u) throw notFound('user');
      const revoked = await revokeUserSessions(deps, u.id, ctx.now);
      await deps.db.transaction((tx) =>
        writeAudit(tx, ctx, {
          action: 'user.revoke-sessions',
          resourceType: 'User',
          resourceId: u.id,
          outcome: 'success',
          details: { revoked },
        }),
      );
      return { revoked };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/admin/users/:id/password',
    summary: 'Set a new password for a user (for example a forgotten one); signs them out everywhere',
    tags: ['admin'],
    access: admin,
    params: userIdParams,
    matrix: { kind: 'none' },
    example: { password: 'a fresh and unusual sentence' },
    body: z.object({ password: z.string().max(1024) }).strict(),
    handler: async (ctx, { params, body }, req) => {
      const deps = req.server.deps;
      const [row] = await deps.db
        .select({ u: users, c: clinics })
        .from(users)
        .innerJoin(clinics, eq(clinics.id, users.clinicId))
        .where(and(eq(users.id, params.id), eq(users.clinicId, ctx.user!.clinicId)));
      if (!row) throw notFound('user');
      const problem = passwordProblem(body.password, [
        row.u.email.split('@')[0] ?? '',
        row.u.name,
        row.c.name,
      ]);
      if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
      await deps.db
        .update(users)
        .set({ passwordHash: await hashPassword(body.password) })
        .where(eq(users.id, row.u.id));
      const revoked = await revokeUserSessions(deps, row.u.id, ctx.now);
      await deps.db.transaction((tx) =>
        writeAudit(tx, ctx, {
          action: 'user.password.reset',
          resourceType: 'User',
          resourceId: row.u.id,
          outcome: 'success',
          details: { revoked },
        }),
      );
      return { reset: true, revoked };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/admin/clinic',
    summary: 'This clinic’s settings',
    tags: ['admin'],
    access: admin,
    matrix: { kind: 'none' },
    handler: async (ctx, _i, req) => {
      const [c] = await req.server.deps.db.select().from(clinics).where(eq(clinics.id, ctx.user!.clinicId));
      return clinicView(c!);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/admin/clinic',
    summary: 'Change this clinic’s settings',
    tags: ['admin'],
    access: admin,
    matrix: { kind: 'none' },
    example: { staffIdleTimeoutMinutes: 15, phone: '+1 312 555 0100' },
    body: clinicSettingsBody,
    handler: async (ctx, { body }, req) => {
      const deps = req.server.deps;
      if (Object.keys(body).length === 0) {
        const [current] = await deps.db.select().from(clinics).where(eq(clinics.id, ctx.user!.clinicId));
        return clinicView(current!);
      }
      return deps.db.transaction(async (tx) => {
        const [c] = await tx.update(clinics).set(body).where(eq(clinics.id, ctx.user!.clinicId)).returning();
        await writeAudit(tx, ctx, {
          action: 'clinic.update',
          resourceType: 'Clinic',
          resourceId: c!.id,
          outcome: 'success',
          details: { changes: body },
        });
        return clinicView(c!);
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/break-glass',
    summary: 'Emergency access to a record you cannot normally open (reason required, time-limited, audited)',
    tags: ['admin'],
    access: { roles: STAFF_ROLES },
    successStatus: 201,
    audit: { action: 'break-glass.grant', resourceType: 'Patient' },
    matrix: { kind: 'none' },
    body: z.object({
      patientId: z.uuid(),
      reason: z.string().trim().min(10, 'Say why you need this record (at least 10 characters)').max(1000),
      minutes: z.number().int().min(5).max(240).default(30),
    }),
    handler: async (ctx, { body }, req) => {
      const deps = req.server.deps;
      const user = ctx.user!;
      return deps.db.transaction(async (tx) => {
        const [u] = await tx.select().from(users).where(eq(users.id, user.id));
        if (!u?.breakGlass)
          throw forbidden('You are not on this clinic’s emergency-access list; ask an administrator.');
        const patient = await patientStore.findPatient(tx, user.clinicId, body.patientId);
        if (!patient) throw notFound('patient');
        const expiresAt = new Date(ctx.now.getTime() + body.minutes * 60_000);
        const [g] = await tx
          .insert(breakGlassGrants)
          .values({
            clinicId: user.clinicId,
            userId: user.id,
            patientId: patient.id,
            reason: body.reason,
            createdAt: ctx.now,
            expiresAt,
          })
          .returning();
        await writeAudit(tx, ctx, {
          action: 'break-glass.grant',
          resourceType: 'Patient',
          resourceId: patient.id,
          patientId: patient.id,
          outcome: 'success',
          emergency: true,
          reason: body.reason,
          details: { minutes: body.minutes, expiresAt: expiresAt.toISOString() },
        });
        return { id: g!.id, patientId: patient.id, expiresAt: expiresAt.toISOString() };
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/admin/break-glass',
    summary: 'Emergency-access grants of this clinic (newest first)',
    tags: ['admin'],
    access: admin,
    matrix: { kind: 'none' },
    query: z.object({ activeOnly: z.enum(['true', 'false']).default('false') }),
    handler: async (ctx, { query }, req) => {
      const rows = await req.server.deps.db
        .select({
          g: breakGlassGrants,
          userName: users.name,
          given: patients.givenName,
          family: patients.familyName,
        })
        .from(breakGlassGrants)
        .innerJoin(users, eq(users.id, breakGlassGrants.userId))
        .innerJoin(patients, eq(patients.id, breakGlassGrants.patientId))
        .where(
          and(
            eq(breakGlassGrants.clinicId, ctx.user!.clinicId),
            query.activeOnly === 'true' ? gt(breakGlassGrants.expiresAt, ctx.now) : undefined,
          ),
        )
        .orderBy(desc(breakGlassGrants.createdAt))
        .limit(500);
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

function clinicView(c: typeof clinics.$inferSelect) {
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
function clinicContact(c: typeof clinics.$inferSelect) {
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
    matrix: { kind: 'none' },
    handler: async (_ctx, _i, req) => {
      const rows = await req.server.deps.db.select().from(clinics).orderBy(clinics.createdAt).limit(50);
      return {
        results: rows.map((c) => ({ id: c.id, name: c.name, timeZone: c.timeZone, ...clinicContact(c) })),
      };
    },
  }),
];

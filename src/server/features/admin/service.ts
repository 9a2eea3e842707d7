import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext, Role } from '../../platform/context.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { findPatientRow } from '../../platform/access.ts';
import type { OpenedContext } from '../../platform/route.ts';
import { hashPassword, passwordProblem } from '../../platform/passwords.ts';
import { endUserAccess } from '../../platform/session.ts';
import * as store from './store.ts';

/**
 * Administration use cases: users, clinic settings and emergency access. Each owns its transaction
 * and writes its audit entry; the routes validate, call one of these and shape the answer. The
 * user routes open the account (`userSubject`) before the use case runs: `ctx.subject.record`.
 */

/** A route that opened a user account of the caller's clinic. */
type UserContext = OpenedContext<store.UserRow, false>;

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  patientId?: string | null;
}

export async function createUser(
  deps: Deps,
  ctx: RequestContext,
  clinicId: string,
  input: NewUser,
  opts: { skipPolicy?: boolean } = {},
) {
  if (!opts.skipPolicy) {
    const clinic = await store.findClinic(deps.db, clinicId);
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
    if (input.patientId && !(await findPatientRow(tx, clinicId, input.patientId))) {
      throw badRequest('No such patient in this clinic.', [
        { path: 'patientId', message: 'Unknown patient' },
      ]);
    }
    if (await store.userIdByEmail(tx, input.email))
      throw conflict(
        'A user with this email already exists; every person needs their own account.',
        'duplicate-email',
      );
    const taken = input.patientId ? await store.userIdOfPatient(tx, input.patientId) : null;
    if (taken) throw conflict('This patient record already has an account.', 'duplicate-patient-account');
    const u = await store.insertUser(tx, {
      clinicId,
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      patientId: input.patientId ?? null,
    });
    await writeAudit(tx, ctx, {
      clinicId,
      action: 'user.create',
      resourceType: 'User',
      resourceId: u.id,
      patientId: u.patientId,
      outcome: 'success',
      details: { role: input.role },
    });
    return u;
  });
}

/** The clinic's users with the practitioner record each one charts and books as. */
export async function listUsers(deps: Deps, ctx: AuthedContext) {
  const users = await store.listUsers(deps.db, ctx.user.clinicId);
  const practitionerOf = await store.practitionersByUser(deps.db, ctx.user.clinicId);
  return users.map((user) => ({ user, practitioner: practitionerOf.get(user.id) ?? null }));
}

export interface UserChanges {
  role?: 'admin' | 'clinician' | 'frontdesk';
  name?: string;
  disabled?: boolean;
  breakGlass?: boolean;
  npi?: string | null;
}

export async function updateUser(deps: Deps, ctx: UserContext, body: UserChanges) {
  const u = ctx.subject.record;
  return deps.db.transaction(async (tx) => {
    if (u.role === 'patient' && body.role)
      throw badRequest('A patient account cannot take a staff role.', [
        { path: 'role', message: 'Not for patient accounts' },
      ]);
    if (u.id === ctx.user.id && (body.disabled || (body.role && body.role !== 'admin'))) {
      throw conflict('You cannot disable yourself or remove your own admin role; ask another admin.');
    }
    if (body.breakGlass && u.role === 'patient')
      throw badRequest('Emergency access is for staff only.', [
        { path: 'breakGlass', message: 'Staff only' },
      ]);
    const { npi, ...userChanges } = body;
    let practitioner = await store.practitionerOfUser(tx, ctx.user.clinicId, u.id);
    if (npi !== undefined && !practitioner)
      throw badRequest('Only a practitioner has an NPI, and this account has no practitioner record.', [
        { path: 'npi', message: 'This user is not a practitioner; leave the NPI empty' },
      ]);
    if (Object.keys(body).length === 0) return { user: u, practitioner: practitioner ?? null };
    const updated = Object.keys(userChanges).length ? await store.updateUser(tx, u.id, userChanges) : u;
    if (npi !== undefined && practitioner) {
      practitioner = await store.setPractitionerNpi(tx, practitioner.id, npi);
    }
    // Disabling or a new role ends every session and token; re-enabling revives none of them.
    if (body.disabled || (body.role && body.role !== u.role)) await endUserAccess(tx, u.id, ctx.now);
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
    return { user: updated!, practitioner: practitioner ?? null };
  });
}

/** Signs a user out everywhere, API tokens included; returns how many sessions ended. */
export async function revokeSessions(deps: Deps, ctx: UserContext) {
  const u = ctx.subject.record;
  return deps.db.transaction(async (tx) => {
    const { sessionsEnded: revoked } = await endUserAccess(tx, u.id, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'user.revoke-sessions',
      resourceType: 'User',
      resourceId: u.id,
      outcome: 'success',
      details: { revoked },
    });
    return revoked;
  });
}

/**
 * An administrator sets a new password (a forgotten one); the user is signed out everywhere and
 * their API tokens end.
 */
export async function resetPassword(deps: Deps, ctx: UserContext, password: string) {
  const u = ctx.subject.record;
  const clinic = await store.findClinic(deps.db, ctx.user.clinicId);
  const problem = passwordProblem(password, [u.email.split('@')[0] ?? '', u.name, clinic?.name ?? '']);
  if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    await store.setPasswordHash(tx, u.id, passwordHash);
    const { sessionsEnded: revoked } = await endUserAccess(tx, u.id, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'user.password.reset',
      resourceType: 'User',
      resourceId: u.id,
      outcome: 'success',
      details: { revoked },
    });
    return revoked;
  });
}

export async function getClinic(deps: Deps, ctx: AuthedContext) {
  return (await store.findClinic(deps.db, ctx.user.clinicId))!;
}

export type ClinicChanges = Partial<
  Pick<
    store.ClinicRow,
    | 'name'
    | 'timeZone'
    | 'mfaRequiredForStaff'
    | 'staffIdleTimeoutMinutes'
    | 'selfSignupRequiresApproval'
    | 'address'
    | 'phone'
    | 'email'
  >
>;

export async function updateClinic(deps: Deps, ctx: AuthedContext, changes: ClinicChanges) {
  if (Object.keys(changes).length === 0) return getClinic(deps, ctx);
  return deps.db.transaction(async (tx) => {
    const c = await store.updateClinic(tx, ctx.user.clinicId, changes);
    await writeAudit(tx, ctx, {
      action: 'clinic.update',
      resourceType: 'Clinic',
      resourceId: c.id,
      outcome: 'success',
      details: { changes },
    });
    return c;
  });
}

/**
 * Emergency access to one patient's record: only for users on the list, time-limited, audited.
 * The patient is looked up in the caller's clinic only — not through `openPatient`, whose refusal
 * of a restricted record is exactly what the grant is for. Its entry is written here: it is the
 * route's action, but marked as emergency access with the reason, which `ctx.work` takes from an
 * opened grant only.
 */
export async function grantBreakGlass(
  deps: Deps,
  ctx: AuthedContext,
  input: { patientId: string; reason: string; minutes: number },
) {
  const { user } = ctx;
  return deps.db.transaction(async (tx) => {
    const u = await store.findUserById(tx, user.id);
    if (!u?.breakGlass)
      throw forbidden('You are not on this clinic’s emergency-access list; ask an administrator.');
    const patient = await findPatientRow(tx, user.clinicId, input.patientId);
    if (!patient) throw notFound('patient');
    const expiresAt = new Date(ctx.now.getTime() + input.minutes * 60_000);
    const g = await store.insertBreakGlassGrant(tx, {
      clinicId: user.clinicId,
      userId: user.id,
      patientId: patient.id,
      reason: input.reason,
      createdAt: ctx.now,
      expiresAt,
    });
    await writeAudit(tx, ctx, {
      action: 'break-glass.grant',
      resourceType: 'Patient',
      resourceId: patient.id,
      patientId: patient.id,
      outcome: 'success',
      emergency: true,
      reason: input.reason,
      details: { minutes: input.minutes, expiresAt: expiresAt.toISOString() },
    });
    return { id: g.id, patientId: patient.id, expiresAt: expiresAt.toISOString() };
  });
}

/**
 * The grants with the names of their users and patients. Admins only, who see every record in
 * full; a name is in any case part of what all staff see of a restricted patient (`limitedPatient`).
 */
export async function listBreakGlassGrants(deps: Deps, ctx: AuthedContext, activeOnly: boolean) {
  return store.listBreakGlassGrants(deps.db, ctx.user.clinicId, activeOnly ? ctx.now : null, 500);
}

/** Every clinic on this server (the public landing page lists their contact details). */
export async function listPublicClinics(deps: Deps) {
  return store.listClinics(deps.db, 50);
}

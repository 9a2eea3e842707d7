import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { HttpError, badRequest, problemType } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { hashPassword, passwordProblem } from '../../platform/passwords.ts';
import { newToken, sha256 } from '../../platform/secrets.ts';
import { userContext } from '../../platform/session.ts';
import type { OpenedContext } from '../../platform/route.ts';
import type { PatientRow } from '../../platform/access.ts';
import { enqueueInvitation, publicOrigin } from './messages.ts';
import { count, linkInvalid, signIn, throttle } from './common.ts';
import * as store from './store.ts';

const refused = (status: number, slug: string, detail: string, path?: string, message?: string) =>
  new HttpError(status, status === 409 ? 'Conflict' : 'Invalid request', detail, {
    type: problemType(slug),
    ...(path ? { errors: [{ path, message: message ?? detail }] } : {}),
  });

/** A route that opened the patient's record (`subject: { kind: patientSubject, … }`). */
type PatientContext = OpenedContext<PatientRow, true>;

/**
 * Front desk or admin invites a patient to the portal: a single-use link by email (through the
 * outbox, in this transaction). A new invitation replaces the open one. The route's entry
 * (`portal-invitation.send`) commits with it.
 */
export async function sendInvitation(deps: Deps, ctx: PatientContext) {
  const origin = publicOrigin(deps.config);
  const { patient } = ctx.patient;
  return ctx.work(async (tx, entry) => {
    const email = patient.email?.trim();
    if (!email) {
      throw refused(
        409,
        'patient-email-missing',
        'This patient has no email address. Add it to the record (Edit details), then send the invitation.',
        'email',
        'Add the patient’s email address first',
      );
    }
    if (await store.userOfPatient(tx, ctx.user.clinicId, patient.id)) {
      throw refused(409, 'portal-account-exists', 'This patient already has portal access.');
    }
    if (await store.userByEmail(tx, email)) {
      throw refused(
        409,
        'email-in-use',
        'Another account already uses this email address. Check the address on the record, or ask an administrator.',
        'email',
        'Already used by another account',
      );
    }
    const revoked = await store.revokeOpenInvitations(tx, ctx.user.clinicId, patient.id, ctx.now);
    const { token, hash } = newToken();
    const expiresAt = new Date(ctx.now.getTime() + deps.config.portalInvitationDays * 86_400_000);
    const inv = await store.insertInvitation(tx, {
      clinicId: ctx.user.clinicId,
      patientId: patient.id,
      email,
      tokenHash: hash,
      createdBy: ctx.user.id,
      createdAt: ctx.now,
      expiresAt,
    });
    const clinic = (await store.findClinic(tx, ctx.user.clinicId))!;
    await enqueueInvitation(tx, {
      clinicId: clinic.id,
      clinicName: clinic.name,
      patientId: patient.id,
      firstName: patient.givenName,
      to: email,
      link: `${origin}/invite/${token}`,
      expiresAt,
      now: ctx.now,
    });
    entry.details = { invitationId: inv.id, replaced: revoked.length, expiresAt: expiresAt.toISOString() };
    return {
      id: inv.id,
      sentTo: email,
      createdAt: inv.createdAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
  });
}

/** Whether the patient has portal access or an open invitation (for the record page). */
export async function portalAccess(ctx: PatientContext) {
  const { patient } = ctx.patient;
  return ctx.work(async (tx) => {
    const account = await store.userOfPatient(tx, ctx.user.clinicId, patient.id);
    const invitation = account
      ? null
      : await store.openInvitation(tx, ctx.user.clinicId, patient.id, ctx.now);
    return {
      patientEmail: patient.email?.trim() || null,
      account: account
        ? { email: account.email, createdAt: account.createdAt.toISOString(), disabled: account.disabled }
        : null,
      invitation: invitation
        ? {
            sentTo: invitation.email,
            createdAt: invitation.createdAt.toISOString(),
            expiresAt: invitation.expiresAt.toISOString(),
          }
        : null,
    };
  });
}

const INVALID =
  'This invitation link is no longer valid: it was already used, replaced by a newer invitation, or it expired. Ask the clinic to send you a new one.';
const ipLimit = (ip: string) => [{ key: `invite:ip:${ip}`, max: 30 }];

async function openByToken(
  deps: Deps,
  ctx: RequestContext,
  token: string,
  forUpdate: boolean,
  tx: Db | Tx = deps.db,
) {
  const row = await store.invitationByTokenHash(tx, sha256(token), forUpdate);
  if (!row || row.i.acceptedAt || row.i.revokedAt || row.i.expiresAt <= ctx.now) {
    await count(deps, ctx.now, [`invite:ip:${ctx.ip}`]);
    throw linkInvalid(INVALID);
  }
  return row;
}

/** What the invitation page shows before a password is chosen. */
export async function lookupInvitation(deps: Deps, ctx: RequestContext, token: string) {
  await throttle(deps, ctx.now, ipLimit(ctx.ip), 'invitation links tried');
  const { i, p, c } = await openByToken(deps, ctx, token, false);
  return { clinicName: c.name, firstName: p.givenName, email: i.email, expiresAt: i.expiresAt.toISOString() };
}

/** The patient chooses a password: the account is created, linked to the record, and signed in. */
export async function acceptInvitation(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: RequestContext,
  body: { token: string; password: string },
) {
  await throttle(deps, ctx.now, ipLimit(ctx.ip), 'invitation links tried');
  const peek = await openByToken(deps, ctx, body.token, false);
  const problem = passwordProblem(body.password, [
    peek.i.email.split('@')[0] ?? '',
    peek.p.givenName,
    peek.p.familyName,
    peek.c.name,
  ]);
  if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
  const passwordHash = await hashPassword(body.password);
  const { user, clinic } = await deps.db.transaction(async (tx) => {
    // Locked and checked again: two tabs accepting at once create one account.
    const { i, p, c } = await openByToken(deps, ctx, body.token, true, tx);
    if ((await store.userOfPatient(tx, i.clinicId, p.id)) || (await store.userByEmail(tx, i.email))) {
      throw refused(
        409,
        'portal-account-exists',
        'An account already exists for this invitation. Sign in with your email and password.',
      );
    }
    const u = await store.insertPatientUser(tx, {
      clinicId: i.clinicId,
      email: i.email,
      name: `${p.givenName} ${p.familyName}`,
      passwordHash,
      patientId: p.id,
      now: ctx.now,
    });
    await store.markInvitationAccepted(tx, i.id, u.id, ctx.now);
    await writeAudit(tx, userContext(ctx, u, 'session'), {
      action: 'portal-invitation.accept',
      resourceType: 'User',
      resourceId: u.id,
      patientId: p.id,
      outcome: 'success',
      details: { invitationId: i.id },
    });
    return { user: u, clinic: c };
  });
  return signIn(deps, req, reply, ctx, user, clinic, 'portal-invitation');
}

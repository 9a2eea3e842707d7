import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { openPatient, seesInFull } from '../../platform/access.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import { HttpError, badRequest, conflict, notFound, problemType } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { hashPassword, passwordProblem } from '../../platform/passwords.ts';
import { newToken, sha256 } from '../../platform/secrets.ts';
import { decideMatch } from '../../../domain/onboarding/matching.ts';
import { insertPatient } from '../patients/index.ts';
import { patientCreate } from '../../../contracts/patients.ts';
import { enqueueNotice, enqueueVerification, publicOrigin } from './messages.ts';
import { count, linkInvalid, signIn, throttle, tidy } from './common.ts';
import * as store from './store.ts';
import type { SignupStatus } from './tables.ts';

export interface SignupInput {
  clinicId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string;
  password: string;
}

/** Per email address and per network address, in fixed windows: slows a flood, never locks anyone out. */
export const SIGNUP_LIMITS = { address: 5, ip: 20 };

/** One answer whatever happened to the address: the email itself tells its owner. */
export const CHECK_EMAIL =
  'Thank you. We have sent a message to this address: open the link in it to continue. It can take a few minutes; check your spam folder too.';

export async function startSignup(deps: Deps, ctx: RequestContext, input: SignupInput) {
  const email = input.email.trim();
  const addr = email.toLowerCase();
  const limits = [
    { key: `signup:addr:${addr}`, max: SIGNUP_LIMITS.address },
    { key: `signup:ip:${ctx.ip}`, max: SIGNUP_LIMITS.ip },
  ];
  await throttle(deps, ctx.now, limits, 'sign-up attempts');
  await count(
    deps,
    ctx.now,
    limits.map((l) => l.key),
  );
  const clinic = await store.findClinic(deps.db, input.clinicId);
  if (!clinic) {
    throw badRequest('This clinic is not on this server. Open the booking page again from your clinic.', [
      { path: 'clinicId', message: 'Unknown clinic' },
    ]);
  }
  const givenName = tidy(input.givenName);
  const familyName = tidy(input.familyName);
  const problem = passwordProblem(input.password, [
    addr.split('@')[0] ?? '',
    givenName,
    familyName,
    clinic.name,
  ]);
  if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
  // Hashed whatever follows, so an address with an account answers in the same time.
  const passwordHash = await hashPassword(input.password);
  const origin = publicOrigin(deps.config);
  await deps.db.transaction(async (tx) => {
    const notice = (subject: string, body: string) =>
      enqueueNotice(tx, {
        clinicId: clinic.id,
        clinicName: clinic.name,
        to: email,
        subject,
        body,
        now: ctx.now,
      });
    const audit = (details: Record<string, unknown>, resourceId: string | null = null) =>
      writeAudit(tx, ctx, {
        clinicId: clinic.id,
        action: 'signup.start',
        resourceType: 'SelfSignup',
        resourceId,
        outcome: 'success',
        details,
      });
    if (await store.userByEmail(tx, email)) {
      await notice(
        `You already have an account`,
        `someone (probably you) asked to create a patient account at ${clinic.name} with this email address. You already have an account: sign in at ${origin}/login. If you have forgotten your password, call the clinic. If this was not you, you can ignore this message.`,
      );
      return audit({ existingAccount: true });
    }
    if (await store.signupInReview(tx, clinic.id, email)) {
      await notice(
        `Your sign-up is waiting for the clinic`,
        `your sign-up at ${clinic.name} is already waiting for the clinic to confirm it. We will email you as soon as they have.`,
      );
      return audit({ alreadyInReview: true });
    }
    await store.expireSignups(tx, ctx.now);
    await store.supersedeUnverified(tx, clinic.id, email);
    const { token, hash } = newToken();
    const row = await store.insertSignup(tx, {
      clinicId: clinic.id,
      givenName,
      familyName,
      birthDate: input.birthDate,
      email,
      passwordHash,
      tokenHash: hash,
      createdAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + deps.config.signupVerificationHours * 3_600_000),
    });
    await enqueueVerification(tx, {
      clinicId: clinic.id,
      clinicName: clinic.name,
      firstName: givenName,
      to: email,
      link: `${origin}/verify-email/${token}`,
      now: ctx.now,
    });
    return audit({}, row.id);
  });
  return { status: 'check-email' as const, detail: CHECK_EMAIL };
}

/** A new record from the sign-up's own details (sex unknown until the visit). */
async function createRecord(tx: Tx, ctx: RequestContext, s: store.SignupRow) {
  const p = await insertPatient(
    tx,
    s.clinicId,
    patientCreate.parse({
      givenName: s.givenName,
      familyName: s.familyName,
      birthDate: s.birthDate,
      sex: 'unknown',
      email: s.email,
    }),
    ctx.now,
  );
  await writeAudit(tx, ctx, {
    clinicId: s.clinicId,
    action: 'patient.create',
    resourceType: 'Patient',
    resourceId: p.id,
    patientId: p.id,
    outcome: 'success',
    details: { source: 'self-signup', signupId: s.id },
  });
  return p;
}

async function activate(
  tx: Tx,
  ctx: RequestContext,
  s: store.SignupRow,
  patientId: string,
  outcome: 'linked' | 'created',
) {
  const u = await store.insertPatientUser(tx, {
    clinicId: s.clinicId,
    email: s.email,
    name: `${s.givenName} ${s.familyName}`,
    passwordHash: s.passwordHash!,
    patientId,
    now: ctx.now,
  });
  await store.updateSignup(tx, s.id, {
    status: 'active',
    outcome,
    patientId,
    userId: u.id,
    passwordHash: null,
  });
  return u;
}

const VERIFY_INVALID =
  'This link has expired or was already used. If you already confirmed your email, sign in; otherwise sign up again from the booking page.';

/**
 * The emailed link: the address is proven. The sign-up is matched to the clinic's records and
 * either becomes an account (linked or with a new record, signed in here) or waits for staff.
 */
export async function verifySignup(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: RequestContext,
  token: string,
) {
  const ipKey = `signup-verify:ip:${ctx.ip}`;
  await throttle(deps, ctx.now, [{ key: ipKey, max: 30 }], 'links tried');
  const result = await deps.db.transaction(async (tx) => {
    await store.expireSignups(tx, ctx.now);
    const s = await store.signupByTokenHash(tx, sha256(token));
    if (!s || s.status !== 'unverified' || !s.passwordHash) return null;
    const clinic = (await store.findClinic(tx, s.clinicId))!;
    const audit = (details: Record<string, unknown>, patientId: string | null = null, userId?: string) =>
      writeAudit(tx, ctx, {
        clinicId: s.clinicId,
        action: 'signup.verify',
        resourceType: 'SelfSignup',
        resourceId: s.id,
        patientId,
        outcome: 'success',
        details,
        ...(userId ? { userId } : {}),
      });
    if (await store.userByEmail(tx, s.email)) {
      await store.updateSignup(tx, s.id, { status: 'superseded', verifiedAt: ctx.now, passwordHash: null });
      await audit({ existingAccount: true });
      return { kind: 'existing' as const };
    }
    const who = { givenName: s.givenName, familyName: s.familyName, birthDate: s.birthDate, email: s.email };
    const records = await store.candidateRecords(tx, s.clinicId, who);
    const decision = decideMatch(who, records, { approvalRequired: clinic.selfSignupRequiresApproval });
    const candidates = decision.candidates.map((c) => ({ id: c.id, matchedOn: c.matchedOn, exact: c.exact }));
    await store.updateSignup(tx, s.id, { verifiedAt: ctx.now, candidates });
    if (decision.kind === 'review') {
      await store.updateSignup(tx, s.id, { status: 'review', reviewReason: decision.reason });
      await audit({ review: decision.reason, candidates: candidates.length });
      return { kind: 'review' as const };
    }
    const patientId = decision.kind === 'link' ? decision.patientId : (await createRecord(tx, ctx, s)).id;
    const u = await activate(tx, ctx, s, patientId, decision.kind === 'link' ? 'linked' : 'created');
    await audit({ outcome: decision.kind === 'link' ? 'linked' : 'created' }, patientId, u.id);
    return { kind: 'active' as const, user: u, clinic };
  });
  if (!result) {
    await count(deps, ctx.now, [ipKey]);
    throw linkInvalid(VERIFY_INVALID);
  }
  if (result.kind === 'existing') {
    throw new HttpError(
      409,
      'Account exists',
      'An account already uses this email address. Sign in with it.',
      {
        type: problemType('account-exists'),
      },
    );
  }
  if (result.kind === 'review') {
    return {
      status: 'review' as const,
      detail:
        'Thank you, your email is confirmed. The clinic checks new accounts before they open; we will email you when yours is ready.',
    };
  }
  return {
    status: 'active' as const,
    ...(await signIn(deps, req, reply, ctx, result.user, result.clinic, 'self-signup')),
  };
}

// ── staff review ──────────────────────────────────────────────────────────

interface ReviewCandidate {
  patientId: string | null;
  hidden: boolean;
  name?: string;
  birthDate?: string;
  email?: string | null;
  matchedOn: string[];
  exact: boolean;
}

function signupView(s: store.SignupRow) {
  return {
    id: s.id,
    givenName: s.givenName,
    familyName: s.familyName,
    birthDate: s.birthDate,
    email: s.email,
    status: s.status,
    reviewReason: s.reviewReason,
    outcome: s.outcome,
    patientId: s.patientId,
    createdAt: s.createdAt.toISOString(),
    verifiedAt: s.verifiedAt?.toISOString() ?? null,
    decidedAt: s.decidedAt?.toISOString() ?? null,
  };
}

/**
 * The review queue with the records matching found. A restricted record the caller does not see
 * in full (the platform's rule, `seesInFull`) is counted, not described: linking a sign-up to it
 * is refused anyway (`openPatient` below), so the desk is sent to an administrator.
 */
export async function listSignups(ctx: SignedInContext, status: SignupStatus) {
  return ctx.work(async (tx, entry) => {
    const rows = await store.listSignups(tx, ctx.user.clinicId, [status], 200);
    const ids = [...new Set(rows.flatMap((r) => (r.candidates ?? []).map((c) => c.id)))];
    const records = new Map((await store.patientsByIds(tx, ctx.user.clinicId, ids)).map((p) => [p.id, p]));
    const shown: string[] = [];
    const results = rows.map((s) => ({
      ...signupView(s),
      candidates: (s.candidates ?? []).flatMap((c): ReviewCandidate[] => {
        const p = records.get(c.id);
        if (!p) return [];
        if (!seesInFull(ctx, p))
          return [{ patientId: null, hidden: true, matchedOn: c.matchedOn, exact: c.exact }];
        shown.push(p.id);
        return [
          {
            patientId: p.id,
            hidden: false,
            name: `${p.givenName} ${p.familyName}`,
            birthDate: p.birthDate,
            email: p.email,
            matchedOn: c.matchedOn,
            exact: c.exact,
          },
        ];
      }),
    }));
    entry.details = { status, resultCount: rows.length, patientsShown: [...new Set(shown)] };
    return results;
  });
}

/** A route that opened a sign-up (`signupSubject`). */
type SignupContext = OpenedContext<store.SignupRow, false>;

/** The sign-up the route opened, read again under a row lock: two decisions at once make one. */
async function openForDecision(tx: Tx, ctx: SignupContext) {
  const s = await store.signupById(tx, ctx.user.clinicId, ctx.subject.id);
  if (!s) throw notFound('sign-up');
  if (s.status !== 'review')
    throw conflict('This sign-up has already been decided. Reload the list.', 'signup-decided');
  return s;
}

/**
 * Approve: link to the chosen record (opened here through the patient rule: the route names the
 * sign-up, not the record), or create a new one (patientId null). The route's entry
 * (`signup.approve`) names the record linked; the new account's `user.create` is an extra one.
 */
export async function approveSignup(deps: Deps, ctx: SignupContext, patientId: string | null) {
  const origin = publicOrigin(deps.config);
  return ctx.work(async (tx, entry) => {
    const s = await openForDecision(tx, ctx);
    if (await store.userByEmail(tx, s.email)) {
      throw conflict('An account already uses this email address. Reject this sign-up.', 'email-in-use');
    }
    let target: string;
    if (patientId) {
      const { patient } = await openPatient(tx, ctx, patientId);
      if (await store.userOfPatient(tx, ctx.user.clinicId, patient.id)) {
        throw new HttpError(
          409,
          'Conflict',
          'This record already has portal access. Choose another record or create a new one.',
          {
            type: problemType('portal-account-exists'),
            errors: [{ path: 'patientId', message: 'Already has portal access' }],
          },
        );
      }
      target = patient.id;
    } else {
      target = (await createRecord(tx, ctx, s)).id;
    }
    const u = await activate(tx, ctx, s, target, patientId ? 'linked' : 'created');
    const done = await store.updateSignup(tx, s.id, { decidedBy: ctx.user.id, decidedAt: ctx.now });
    const clinic = (await store.findClinic(tx, ctx.user.clinicId))!;
    await enqueueNotice(tx, {
      clinicId: clinic.id,
      clinicName: clinic.name,
      patientId: target,
      to: s.email,
      subject: `Your patient account at ${clinic.name} is ready`,
      body: `your patient account at ${clinic.name} is ready. Sign in at ${origin}/login with your email address and the password you chose.`,
      now: ctx.now,
    });
    entry.patientId = target;
    entry.details = { outcome: patientId ? 'linked' : 'created', userId: u.id, reviewReason: s.reviewReason };
    await writeAudit(tx, ctx, {
      action: 'user.create',
      resourceType: 'User',
      resourceId: u.id,
      patientId: target,
      outcome: 'success',
      details: { role: 'patient', source: 'self-signup', approvedBy: ctx.user.id },
    });
    return signupView(done);
  });
}

export async function rejectSignup(ctx: SignupContext) {
  return ctx.work(async (tx, entry) => {
    const s = await openForDecision(tx, ctx);
    const done = await store.updateSignup(tx, s.id, {
      status: 'rejected',
      passwordHash: null,
      decidedBy: ctx.user.id,
      decidedAt: ctx.now,
    });
    const clinic = (await store.findClinic(tx, ctx.user.clinicId))!;
    await enqueueNotice(tx, {
      clinicId: clinic.id,
      clinicName: clinic.name,
      to: s.email,
      subject: `About your sign-up at ${clinic.name}`,
      body: `${clinic.name} could not confirm your online sign-up. Please call or visit the clinic; they can give you access to the patient portal.`,
      now: ctx.now,
    });
    entry.details = { reviewReason: s.reviewReason };
    return signupView(done);
  });
}

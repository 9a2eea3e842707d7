import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import { exceeded, hit } from '../../platform/ratelimit.ts';
import { writeAudit } from '../../platform/audit.ts';
import { startSession, userContext } from '../../platform/session.ts';
import { rememberDevice } from '../../platform/devices.ts';
import type { ClinicRow, UserRow } from './store.ts';

export const WINDOW_MS = 15 * 60_000;

/**
 * Fixed windows in the database: a window ends on its own, nobody is locked out. (Sign-in has its
 * own throttle, per account and client, in the auth feature.)
 */
export async function throttle(deps: Deps, now: Date, limits: { key: string; max: number }[], what: string) {
  const retryAfter = await exceeded(deps.db, limits, now, WINDOW_MS);
  if (retryAfter !== null) {
    throw new HttpError(
      429,
      'Too many attempts',
      `Too many ${what}. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
      { type: problemType('rate-limited'), headers: { 'retry-after': String(retryAfter) } },
    );
  }
}

export const count = (deps: Deps, now: Date, keys: string[]) => hit(deps.db, keys, now, WINDOW_MS);

/** The link is the secret: one answer for unknown, used, replaced and expired links. */
export const linkInvalid = (detail: string) =>
  new HttpError(404, 'Link not valid', detail, { type: problemType('link-invalid') });

export function publicUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    clinicId: u.clinicId,
    patientId: u.patientId,
  };
}

/** Signs the new patient in on this device (a fresh session), audited like a sign-in. */
export async function signIn(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: RequestContext,
  u: UserRow,
  c: ClinicRow,
  via: string,
) {
  await startSession(deps, req, reply, u, c, ctx.now, false);
  // This browser is now the patient's own: sign-in throttling lets it through its soft limits.
  rememberDevice(deps, req, reply, u.id, ctx.now);
  await writeAudit(deps.db, userContext(ctx, u, 'session'), {
    action: 'auth.login',
    resourceType: 'Session',
    outcome: 'success',
    details: { via },
  });
  return { user: publicUser(u) };
}

/** "Ada  Lovelace " → "Ada Lovelace": the name as typed, tidied. */
export const tidy = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');

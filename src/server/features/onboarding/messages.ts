import type { Tx } from '../../db/connect.ts';
import type { Config } from '../../platform/config.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox.ts';

/**
 * The origin links in email point at. `STILLPOINT_PUBLIC_URL`, or this server's own address in
 * development; never the request's Host header (a forged one would send the token elsewhere).
 */
export function publicOrigin(config: Config): string {
  if (config.publicUrl) return config.publicUrl;
  if (config.nodeEnv === 'production') {
    throw new HttpError(
      503,
      'Public address not configured',
      'Links in email need the address patients use to reach Stillpoint. An administrator must set STILLPOINT_PUBLIC_URL.',
      { type: problemType('public-url-missing') },
    );
  }
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host;
  return `http://${host}:${config.port}`;
}

const fmtDate = (d: Date) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(d);

interface Mail {
  clinicId: string;
  patientId?: string | null;
  to: string;
  subject: string;
  text: string;
  now: Date;
}

async function enqueue(tx: Tx, kind: 'portal-invitation' | 'email-verification' | 'account-notice', m: Mail) {
  await emit(tx, {
    clinicId: m.clinicId,
    patientId: m.patientId ?? null,
    kind,
    to: m.to,
    subject: m.subject,
    text: m.text,
    sendAfter: m.now,
    now: m.now,
  });
}

/** The invitation: first name, clinic and link only; nothing about the record. */
export function enqueueInvitation(
  tx: Tx,
  v: {
    clinicId: string;
    clinicName: string;
    patientId: string;
    firstName: string;
    to: string;
    link: string;
    expiresAt: Date;
    now: Date;
  },
) {
  return enqueue(tx, 'portal-invitation', {
    ...v,
    subject: `Your patient portal at ${v.clinicName}`,
    text: `Hello ${v.firstName},\n\n${v.clinicName} invites you to its patient portal, where you can book and manage your visits and read your visit summaries.\n\nOpen this link to choose your password (it works once, until ${fmtDate(v.expiresAt)}):\n${v.link}\n\nIf you did not expect this message, you can ignore it.\n\n${v.clinicName}`,
  });
}

export function enqueueVerification(
  tx: Tx,
  v: { clinicId: string; clinicName: string; firstName: string; to: string; link: string; now: Date },
) {
  return enqueue(tx, 'email-verification', {
    ...v,
    subject: `Confirm your email for ${v.clinicName}`,
    text: `Hello ${v.firstName},\n\nto finish creating your patient account at ${v.clinicName}, open this link:\n${v.link}\n\nIf you did not sign up, ignore this message and nothing happens.\n\n${v.clinicName}`,
  });
}

/** Short notices about an account: already exists, approved, not approved, waiting for review. */
export function enqueueNotice(
  tx: Tx,
  v: {
    clinicId: string;
    clinicName: string;
    patientId?: string | null;
    to: string;
    subject: string;
    body: string;
    now: Date;
  },
) {
  return enqueue(tx, 'account-notice', {
    ...v,
    text: `Hello,\n\n${v.body}\n\n${v.clinicName}`,
  });
}

import type { Db, Tx } from '../../db/connect.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import type { PatientRow } from '../../platform/access.ts';
import type { OpenedContext } from '../../platform/route.ts';
import { audited, noChange } from './common.ts';
import * as store from './intake-store.ts';

/** Bump the version when the text changes: patients then accept the new text before a first visit. */
export const INTAKE_CONSENT_VERSION = 'omt-intake-2027-01';
export const INTAKE_CONSENT_TEXT = [
  'Consent to evaluation and osteopathic manipulative treatment (OMT)',
  'I agree to a history and a hands-on osteopathic structural examination, and to osteopathic manipulative treatment where the physician finds it suitable.',
  'The physician will explain the techniques proposed. Common effects are soreness or tiredness for a day or two; serious complications are rare. I may ask questions, refuse a technique, or stop treatment at any time.',
  'I will tell the clinic about pregnancy, blood thinners, osteoporosis, recent surgery or injury, and any new or worsening symptoms.',
].join('\n\n');

export type ConsentMethod = 'portal' | 'in-person' | 'paper';

export async function hasIntakeConsent(q: Db | Tx, clinicId: string, patientId: string): Promise<boolean> {
  return store.hasConsent(q, clinicId, patientId, INTAKE_CONSENT_VERSION);
}

/** The booking answer when the consent is missing: says exactly what to do next. */
export function intakeConsentRequired(patientId: string): HttpError {
  const url = `/api/v1/patients/${patientId}/intake-consent`;
  return new HttpError(
    409,
    'Intake consent required',
    `A first (new-patient) visit needs the intake consent. Read it at GET ${url}, accept it with POST ${url}, then book again.`,
    {
      type: problemType('intake-consent-required'),
      extra: { consentUrl: url, version: INTAKE_CONSENT_VERSION },
    },
  );
}

const current = (tx: Tx, clinicId: string, patientId: string) =>
  store.findConsent(tx, clinicId, patientId, INTAKE_CONSENT_VERSION);

function view(patientId: string, row: store.ConsentRow | null) {
  return {
    patientId,
    version: INTAKE_CONSENT_VERSION,
    text: INTAKE_CONSENT_TEXT,
    accepted: !!row,
    acceptedAt: row?.acceptedAt.toISOString() ?? null,
    method: row?.method ?? null,
  };
}

/** The context of a route that opened a patient's record. */
type PatientContext = OpenedContext<PatientRow, true>;

export async function readIntakeConsent(ctx: PatientContext) {
  const patientId = ctx.patient.patient.id;
  return ctx.work(async (tx, entry) => {
    const row = await current(tx, ctx.user.clinicId, patientId);
    entry.resourceId = row?.id ?? null;
    return view(patientId, row);
  });
}

/**
 * The patient accepts in the portal; staff record a consent given in person or on paper. Accepting
 * again is harmless (the first acceptance stands, and nothing is recorded as changed).
 */
export async function acceptIntakeConsent(
  ctx: PatientContext,
  method: ConsentMethod | undefined,
): Promise<{ created: boolean; body: ReturnType<typeof view> }> {
  const patientId = ctx.patient.patient.id;
  const how: ConsentMethod = ctx.user.role === 'patient' ? 'portal' : (method ?? 'in-person');
  if (ctx.user.role !== 'patient' && how === 'portal') {
    throw new HttpError(400, 'Invalid request', 'Staff record a consent given in person or on paper.', {
      type: problemType('validation'),
      errors: [{ path: 'method', message: 'Use in-person or paper' }],
    });
  }
  return audited(ctx, async (tx, entry) => {
    const inserted = await store.insertConsent(tx, {
      clinicId: ctx.user.clinicId,
      patientId,
      version: INTAKE_CONSENT_VERSION,
      acceptedAt: ctx.now,
      recordedBy: ctx.user.id,
      method: how,
    });
    if (!inserted) {
      noChange({ created: false, body: view(patientId, await current(tx, ctx.user.clinicId, patientId)) });
    }
    entry.resourceId = inserted.id;
    entry.details = { version: INTAKE_CONSENT_VERSION, method: how };
    return { created: true, body: view(patientId, inserted) };
  });
}

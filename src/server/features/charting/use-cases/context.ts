import type { PatientFacts } from '../../../../domain/omt/index.ts';
import type { Tx } from '../../../db/connect.ts';
import type { PatientAccess } from '../../../platform/access.ts';
import type { Deps } from '../../../platform/deps.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import type { SignedInContext } from '../../../platform/route.ts';
import * as store from '../store.ts';
import { patientFacts } from '../view.ts';

/**
 * What charting use cases are handed. The route (or the demo seed) has already opened the subject
 * through the platform: the patient's access decision is made, and `ctx.work` is the audited unit
 * of work whose success entry is the route's declared one. Use cases neither re-open nor re-check.
 */
export type ChartDeps = Pick<Deps, 'db'>;

/** A use case on a patient the caller opened (patient-keyed routes). */
export type PatientContext = SignedInContext & { patient: PatientAccess };

/** A use case on an encounter the caller opened: the row as the platform found it, and its patient. */
export type EncounterContext = PatientContext & { subject: { id: string; record: store.EncounterRow } };

/**
 * What every charting use case needs about the clinic and the patient, read once per transaction:
 * the clinic's zone, name and OMT settings, and the patient's coded conditions and flags.
 */
export interface Scope {
  timeZone: string;
  clinicName: string;
  settings: store.OmtSettings;
  conditions: { code: string; display: string }[];
  facts: PatientFacts;
  /** The encounter's practitioner (the one passed to loadScope). */
  practitioner: { id: string; name: string; userId: string | null } | null;
}

export async function loadScope(tx: Tx, ctx: PatientContext, practitionerId: string | null): Promise<Scope> {
  return scopeOf(
    ctx,
    await store.chartingScope(tx, ctx.user.clinicId, ctx.patient.patient.id, practitionerId),
  );
}

/** The scope of a use case from what the store read about the clinic, the patient and the practitioner. */
export function scopeOf(ctx: PatientContext, row: store.ChartingScopeRow): Scope {
  const { patient } = ctx.patient;
  return {
    timeZone: row.timeZone,
    clinicName: row.clinicName,
    settings: row.settings,
    practitioner: row.practitioner,
    conditions: row.conditions
      .filter((c) => c.clinicalStatus !== 'resolved' && c.clinicalStatus !== 'inactive')
      .map((c) => ({ code: c.code, display: c.display })),
    facts: patientFacts(patient.birthDate, row),
  };
}

/**
 * Re-reads the opened encounter with a row lock for the rest of the work: saves, signing and
 * discarding are serialised, and decide on the row as it is now (not as it was when opened).
 */
export async function lockOpened(tx: Tx, ctx: EncounterContext): Promise<store.EncounterRow> {
  const enc = await store.lockEncounter(tx, ctx.user.clinicId, ctx.subject.record.id);
  if (!enc) throw notFound('encounter');
  return enc;
}

/** Who signs or discards: the visit's own practitioner's user (or, without one, its author), or an admin. */
export function renderingUserId(enc: store.EncounterRow, practitionerUserId: string | null): string {
  return enc.practitionerId ? (practitionerUserId ?? '') : enc.createdBy;
}

export const discardedConflict = () =>
  conflict(
    'This draft was discarded: it is kept as a record and cannot be edited or signed.',
    'encounter-discarded',
  );

import type { AuthedContext } from '../../platform/context.ts';
import { badRequest, forbidden, type FieldError } from '../../platform/errors.ts';
import type { Tx } from '../../db/connect.ts';
import { icd10cm } from '../codes/index.ts';
import * as store from './store.ts';
import type { PatientCreate } from '../../../contracts/patients.ts';

type Condition = PatientCreate['conditions'][number];

export const CLINICAL_ROLES_ONLY =
  'Diagnoses are recorded by clinicians: front desk staff cannot add, change or remove conditions. ' +
  'Save the other details without the conditions, and ask a clinician to record them.';

/** Conditions are clinical diagnoses: the front desk registers patients but does not diagnose. */
export function mayRecordConditions(ctx: AuthedContext): boolean {
  return ctx.user.role !== 'frontdesk';
}

export function assertMayRecordConditions(ctx: AuthedContext): void {
  if (!mayRecordConditions(ctx)) throw forbidden(CLINICAL_ROLES_ONLY);
}

/**
 * Every code must be a billable code of the shipped ICD-10-CM set; each condition is returned
 * with the code as printed and the code set's own description as its display. Problems name each
 * offending field (`conditions/1/code`) with what to use instead.
 */
export async function checkConditionCodes(conditions: Condition[]): Promise<Condition[]> {
  if (conditions.length === 0) return conditions;
  const codes = await icd10cm();
  const errors: FieldError[] = [];
  const checked = conditions.map((c, i) => {
    const result = codes.check(c.code);
    if (result.ok) return { ...c, code: result.entry.code, display: result.entry.description };
    errors.push({ path: `conditions/${i}/code`, message: result.message });
    return c;
  });
  if (errors.length > 0) throw badRequest(`${errors[0]!.path}: ${errors[0]!.message}`, errors);
  return checked;
}

/**
 * A client that sends the whole record back (front desk editing a phone number) may send the
 * conditions unchanged; any difference in code, status or onset is a change it may not make.
 */
export async function assertConditionsUnchanged(
  tx: Tx,
  ctx: AuthedContext,
  patientId: string,
  given: Condition[],
): Promise<void> {
  const { conditions: stored } = await store.loadChildren(tx, ctx.user.clinicId, patientId);
  const same =
    stored.length === given.length &&
    stored.every(
      (s, i) =>
        s.code === given[i]!.code &&
        s.clinicalStatus === given[i]!.clinicalStatus &&
        (s.onsetDate ?? null) === (given[i]!.onsetDate ?? null),
    );
  if (!same) throw forbidden(CLINICAL_ROLES_ONLY);
}

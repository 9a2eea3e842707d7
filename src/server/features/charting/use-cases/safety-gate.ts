import {
  evaluateChartSafety,
  type ChartSafetyResult,
  type EncounterChart,
} from '../../../../domain/omt/index.ts';
import type { Tx } from '../../../db/connect.ts';
import { writeAudit } from '../../../platform/audit.ts';
import { HttpError, problemType } from '../../../platform/errors.ts';
import type { EntryNote, SuccessEntry } from '../../../platform/route.ts';
import type { ChartDeps, PatientContext, Scope } from './context.ts';

/**
 * The safety engine on the write path: every save and every signature passes the chart through it
 * against the patient's record and the clinic's policy. A refusal makes no business write and no
 * success entry; it leaves a `denied` entry naming the rules and answers 422 with the verdicts.
 */

export function evaluateSafety(scope: Scope, chart: EncounterChart, at: Date): ChartSafetyResult {
  return evaluateChartSafety({
    chart,
    patient: scope.facts,
    policy: scope.settings.safetyPolicy,
    allowOverride: scope.settings.allowContraindicatedOverride,
    asOf: at,
  });
}

/** Thrown inside the work when the check refuses: the work rolls back, `gatedWork` records why. */
class UnsafeChart extends Error {
  constructor(
    readonly result: ChartSafetyResult,
    readonly encounterId: string | null,
    readonly what: string,
  ) {
    super(what);
  }
}

/** The chart's safety result when it may be saved; otherwise the work is refused (`what` says what was not done). */
export function passSafety(
  scope: Scope,
  chart: EncounterChart,
  at: Date,
  encounterId: string | null,
  what: string,
): ChartSafetyResult {
  const result = evaluateSafety(scope, chart, at);
  if (result.problems.length) throw new UnsafeChart(result, encounterId, what);
  return result;
}

/**
 * The route's audited unit of work for a charting write. When the safety check refuses inside it,
 * the work (and its success entry) rolls back, and the refusal is recorded on its own.
 */
export async function gatedWork<T>(
  deps: ChartDeps,
  ctx: PatientContext,
  fn: (tx: Tx, entry: EntryNote, success: SuccessEntry) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.work(fn);
  } catch (err) {
    if (!(err instanceof UnsafeChart)) throw err;
    await auditRefusal(deps, ctx, err.encounterId, err.result);
    throw safetyRefusal(err.result, err.what);
  }
}

const rulesOf = (result: ChartSafetyResult) => [...new Set(result.problems.flatMap((p) => p.rules))];

function safetyRefusal(result: ChartSafetyResult, what: string): HttpError {
  return new HttpError(
    422,
    'Refused by the safety check',
    `${what}: ${result.problems.map((p) => p.message).join(' ')}`,
    {
      type: problemType('safety'),
      audited: true,
      errors: result.problems.map((p) => ({ path: p.path, message: p.message })),
      extra: {
        rules: rulesOf(result),
        policy: result.policy,
        allowContraindicatedOverride: result.allowOverride,
        safety: result.items
          .filter((i) => i.verdict !== 'ok')
          .map((i) => ({
            path: i.path,
            region: i.region,
            technique: i.technique,
            verdict: i.verdict,
            decision: i.decision,
            reasons: i.reasons.map((r) => ({
              rule: r.rule,
              severity: r.severity,
              message: r.message,
              source: r.source,
            })),
            alternatives: i.alternatives,
          })),
        redFlags: result.redFlags.map((f) => ({ rule: f.rule, message: f.message, action: f.action })),
      },
    },
  );
}

/** Emergency access (break-glass) is recorded on every entry about the patient. */
export const accessFields = (ctx: PatientContext) => ({
  patientId: ctx.patient.patient.id,
  emergency: !!ctx.patient.emergency,
  reason: ctx.patient.emergency?.reason ?? null,
});

/** A refused save leaves a `denied` entry naming the rules (the business write is not made). */
async function auditRefusal(
  deps: ChartDeps,
  ctx: PatientContext,
  encounterId: string | null,
  result: ChartSafetyResult,
) {
  await writeAudit(deps.db, ctx, {
    action: 'encounter.safety-refused',
    resourceType: 'Encounter',
    resourceId: encounterId,
    ...accessFields(ctx),
    outcome: 'denied',
    details: {
      policy: result.policy,
      rules: rulesOf(result),
      problems: result.problems.map((p) => ({ path: p.path, rules: p.rules })),
    },
  });
}

/**
 * Overrides of a contraindication get an entry of their own (with the clinician's reason); cautions
 * and red-flag acknowledgements are recorded, with their rule ids and reasons, in the details of the
 * save's own entry (`safetyDetails`).
 */
export async function auditOverrides(
  tx: Tx,
  ctx: PatientContext,
  encounterId: string,
  result: ChartSafetyResult,
) {
  for (const item of result.items) {
    if (item.decision !== 'override') continue;
    await writeAudit(tx, ctx, {
      action: 'encounter.safety-override',
      resourceType: 'Encounter',
      resourceId: encounterId,
      ...accessFields(ctx),
      reason: item.reason,
      outcome: 'success',
      details: {
        path: item.path,
        region: item.region,
        technique: item.technique,
        verdict: item.verdict,
        rules: item.reasons.map((r) => r.rule),
        policy: result.policy,
      },
    });
  }
}

export function safetyDetails(result: ChartSafetyResult, chart: EncounterChart) {
  const pick = (decision: string) =>
    result.items
      .filter((i) => i.decision === decision)
      .map((i) => ({
        path: i.path,
        region: i.region,
        technique: i.technique,
        rules: i.reasons.map((r) => r.rule),
        reason: i.reason,
      }));
  return {
    policy: result.policy,
    cautions: pick('caution-acknowledged'),
    overrides: pick('override'),
    ...(chart.treatment.length && result.redFlags.length
      ? { redFlags: { rules: result.redFlags.map((f) => f.rule), reason: chart.redFlagReason ?? null } }
      : {}),
  };
}

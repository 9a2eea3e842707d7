import type { Db, Tx } from '../../db/connect.ts';
import type { PatientRow } from '../../platform/access.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import {
  checkModalities,
  DEFAULT_MODALITY_POLICY,
  FLAG_IDS,
  unacknowledgedBlocks,
  type ModalityPolicy,
  type ModalityResult,
  type PatientFacts,
  type PatientFlag,
  type RegionId,
} from '../../../domain/omt/index.ts';
import { ACTIVITY_LABELS, type ActivityKind } from '../../../domain/outcomes/index.ts';
import type {
  CarePlanSafetyCheck,
  CarePlanSettingsPatch,
  CarePlanSign,
} from '../../../contracts/outcomes.ts';
import * as store from './care-plan-store.ts';
import type { PlanActivity } from './tables.ts';

/**
 * Modality safety on plans of care: dry needling and shockwave activities checked against the
 * patient's record with the rules-as-data of domain/omt/safety/modalities.ts, under the clinic's
 * policy for rules the reference does not source. Signing refuses a plan with a blocking flag
 * unless the clinician acknowledges it with a reason (as charting does for a caution); the
 * acknowledgements are recorded in the signature's audit entry.
 */

type Q = Db | Tx;
type PatientContext = OpenedContext<PatientRow, true>;

const ENGINE_FLAGS: ReadonlySet<string> = new Set(FLAG_IDS);

/** The patient as the safety rules see them: live conditions and the flags the rules know. */
export async function patientFacts(q: Q, clinicId: string, patientId: string): Promise<PatientFacts> {
  const r = await store.safetyRecord(q, clinicId, patientId);
  return {
    ...(r.birthDate ? { birthDate: r.birthDate } : {}),
    conditions: r.conditions
      .filter((c) => c.clinicalStatus !== 'resolved' && c.clinicalStatus !== 'inactive')
      .map((c) => ({ code: c.code })),
    flags: r.flags.flatMap((f): PatientFlag[] => {
      if (!ENGINE_FLAGS.has(f.flag)) return [];
      if (f.flag === 'recent-surgery')
        return [
          f.region ? { flag: 'recent-surgery', region: f.region as RegionId } : { flag: 'recent-surgery' },
        ];
      return [{ flag: f.flag as Exclude<PatientFlag['flag'], 'recent-surgery'> }];
    }),
  };
}

export async function modalityPolicy(q: Q, clinicId: string): Promise<ModalityPolicy> {
  return ((await store.settingsOf(q, clinicId))?.modalityPolicy as ModalityPolicy) ?? DEFAULT_MODALITY_POLICY;
}

/** Flags of the plan's modality activities (only those: other kinds carry no modality rule). */
export async function activitySafety(
  q: Q,
  clinicId: string,
  patientId: string,
  activities: readonly Pick<PlanActivity, 'kind' | 'region'>[],
  now: Date,
): Promise<{ policy: ModalityPolicy; results: ModalityResult[] }> {
  const policy = await modalityPolicy(q, clinicId);
  const patient = await patientFacts(q, clinicId, patientId);
  const results = checkModalities({
    patient,
    activities: activities.map((a) => ({ kind: a.kind, region: (a.region ?? null) as RegionId | null })),
    policy,
    asOf: now,
  }).filter((r) => r.kind === 'dry-needling' || r.kind === 'shockwave');
  return { policy, results };
}

/** `POST /patients/{id}/care-plans/safety-check`: the flags of activities not yet in a plan. */
export async function checkActivities(ctx: PatientContext, body: CarePlanSafetyCheck) {
  return ctx.work(async (tx, entry) => {
    const res = await activitySafety(tx, ctx.user.clinicId, ctx.patient.patient.id, body.activities, ctx.now);
    entry.details = { rules: [...new Set(res.results.flatMap((r) => r.flags.map((f) => f.rule)))] };
    return res;
  });
}

/**
 * The gate of signing: every blocking flag must be acknowledged for its activity (never missing
 * consent); an acknowledgement of an activity without a blocking flag is refused as a mistake.
 * Returns what the signature's entry records.
 */
export function gateSigning(results: ModalityResult[], body: CarePlanSign) {
  const blocking = new Set(
    results.filter((r) => r.flags.some((f) => f.severity === 'block')).map((r) => r.activity),
  );
  const stray = body.acknowledgements.findIndex((a) => !blocking.has(a.activity));
  if (stray >= 0)
    throw new HttpError(400, 'Invalid request', 'That activity has no blocking safety flag to acknowledge.', {
      type: problemType('validation'),
      errors: [
        { path: `acknowledgements/${stray}/activity`, message: 'No blocking safety flag on this activity' },
      ],
    });
  const acknowledged = new Set(body.acknowledgements.map((a) => a.activity));
  const open = unacknowledgedBlocks(results, acknowledged);
  if (open.length) {
    const label = (kind: string) => ACTIVITY_LABELS[kind as ActivityKind] ?? kind;
    throw new HttpError(
      409,
      'Safety flag not acknowledged',
      `The plan cannot be signed yet: ${open
        .map(
          (o) =>
            `${label(o.kind)} (activity ${o.activity + 1}): ${o.flag.message}${
              o.flag.acknowledgeable
                ? ''
                : ' This cannot be acknowledged: record consent or remove the activity.'
            }`,
        )
        .join(' ')} Acknowledge each with a reason, or change the activity.`,
      {
        type: problemType('care-plan-safety'),
        errors: open.map((o) => ({
          path: `activities/${o.activity}/kind`,
          message: `${label(o.kind)}: ${o.flag.rule} — ${o.flag.message}`,
        })),
        extra: { safety: results },
      },
    );
  }
  return body.acknowledgements.map((a) => ({
    activity: a.activity,
    rules: results
      .find((r) => r.activity === a.activity)!
      .flags.filter((f) => f.severity === 'block')
      .map((f) => f.rule),
    reason: a.reason,
  }));
}

export async function readSettings(db: Db, ctx: { user: { clinicId: string } }) {
  return settingsView(await store.settingsOf(db, ctx.user.clinicId));
}

export async function updateSettings(ctx: SignedInContext, patch: CarePlanSettingsPatch) {
  return ctx.work(async (tx, entry) => {
    const before = await modalityPolicy(tx, ctx.user.clinicId);
    await store.upsertSettings(tx, {
      clinicId: ctx.user.clinicId,
      modalityPolicy: patch.modalityPolicy,
      updatedBy: ctx.user.id,
      updatedAt: ctx.now,
    });
    entry.resourceId = ctx.user.clinicId;
    entry.details = { before: { modalityPolicy: before }, after: { modalityPolicy: patch.modalityPolicy } };
    return settingsView(await store.settingsOf(tx, ctx.user.clinicId));
  });
}

function settingsView(row: Awaited<ReturnType<typeof store.settingsOf>>) {
  return {
    modalityPolicy: (row?.modalityPolicy as ModalityPolicy | undefined) ?? DEFAULT_MODALITY_POLICY,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

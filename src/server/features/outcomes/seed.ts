import type { Tx } from '../../db/connect.ts';
import { INSTRUMENTS, scoreAnswers, type InstrumentId } from '../../../domain/outcomes/index.ts';
import { insertPlan, patientConditions, type CarePlanInsert } from './care-plan-store.ts';
import { insertScore } from './store.ts';

/**
 * Writers for the demo seed (src/server/seed/demo-outcomes.ts): a questionnaire scored by the same
 * domain scorer as the route, and a plan whose problems are the patient's recorded conditions.
 */
export async function seedScore(
  tx: Tx,
  r: {
    clinicId: string;
    patientId: string;
    authorUserId: string;
    instrument: InstrumentId;
    takenAt: Date;
    answers: unknown;
  },
) {
  const i = INSTRUMENTS[r.instrument];
  const scored = scoreAnswers(i, r.answers);
  if (!scored.ok) throw new Error(`demo score for ${r.instrument}: ${JSON.stringify(scored.errors)}`);
  await insertScore(tx, {
    clinicId: r.clinicId,
    patientId: r.patientId,
    instrument: i.id,
    instrumentVersion: i.version,
    takenAt: r.takenAt,
    answers: scored.answers,
    score: scored.score,
    authorUserId: r.authorUserId,
    licenceReference: null,
    now: r.takenAt,
  });
}

export async function seedPlan(
  tx: Tx,
  plan: Omit<CarePlanInsert, 'problems' | 'createdAt' | 'updatedAt'> & { now: Date },
) {
  const conditions = await patientConditions(tx, plan.clinicId, plan.patientId);
  const { now, ...row } = plan;
  await insertPlan(tx, { ...row, problems: conditions.slice(0, 1), createdAt: now, updatedAt: now });
}

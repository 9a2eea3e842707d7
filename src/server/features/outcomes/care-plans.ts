import type { Db, Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { OpenedContext } from '../../platform/route.ts';
import type { PatientRow } from '../../platform/access.ts';
import { HttpError, problemType, type FieldError } from '../../platform/errors.ts';
import {
  INSTRUMENTS,
  canMove,
  goalMet,
  isInstrumentId,
  isPlateau,
  plannedVisits,
  reviewDue,
  sortSeries,
  type CarePlanStatus,
} from '../../../domain/outcomes/index.ts';
import type {
  CarePlanCreate,
  CarePlanPatch,
  CarePlanSign,
  CarePlanView,
} from '../../../contracts/outcomes.ts';
import { activitySafety, gateSigning } from './care-plan-safety.ts';
import { clinicInstruments, type ClinicInstrument } from './service.ts';
import * as store from './care-plan-store.ts';
import { clinicTimeZone } from './store.ts';
import type { PlanActivity, PlanGoal, PlanProblem } from './tables.ts';

/**
 * Use cases of a plan of care: draft it (problems from the patient's conditions, goals on enabled
 * instruments, activities with their dose), change it while a draft, sign it (→ active), move its
 * status, and read it with its progress: visits planned vs completed, each goal's latest score,
 * and "review due" when the review date has passed or a plateau shows.
 */

type PatientContext = OpenedContext<PatientRow, true>;
type PlanContext = OpenedContext<store.CarePlanRow, true>;
type Q = Db | Tx;

const invalid = (errors: FieldError[], detail = 'Some fields of the plan need correcting.') =>
  new HttpError(400, 'Invalid request', detail, { type: problemType('validation'), errors });
const conflict = (slug: string, path: string, message: string, detail: string) =>
  new HttpError(409, 'Conflict', detail, { type: problemType(slug), errors: [{ path, message }] });

export const todayIn = (zone: string, now: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);

interface Content {
  problems: PlanProblem[];
  goals: PlanGoal[];
  activities: PlanActivity[];
}

/** Checks a plan's content against the patient's conditions and the clinic's instruments. */
async function checkContent(
  q: Q,
  clinicId: string,
  patientId: string,
  body: CarePlanCreate,
): Promise<Content> {
  const errors: FieldError[] = [];
  if (body.reviewDate < body.start)
    errors.push({ path: 'reviewDate', message: 'Must not be before the start' });
  const recorded = await store.patientConditions(q, clinicId, patientId);
  const problems = body.problems.flatMap((p, i) => {
    const c = recorded.find((r) => r.code.toUpperCase() === p.code.toUpperCase());
    if (!c)
      errors.push({
        path: `problems/${i}/code`,
        message: 'Not one of the patient’s recorded conditions: add it to the record first',
      });
    return c ? [c] : [];
  });
  const instruments = await clinicInstruments(q, clinicId);
  const goals = body.goals.map((g, i) => goalOf(g, i, instruments, errors));
  const activities = body.activities.map((a, i) => {
    if (a.kind === 'omt' && (!a.perWeek || !a.weeks))
      errors.push({
        path: `activities/${i}/perWeek`,
        message: 'Give OMT visits per week and for how many weeks',
      });
    return {
      kind: a.kind,
      perWeek: a.perWeek ?? null,
      weeks: a.weeks ?? null,
      dose: a.dose ?? null,
      notes: a.notes ?? null,
      ...(a.region ? { region: a.region } : {}),
    };
  });
  const disabled = errors.find((e) => e.message.startsWith('Not enabled'));
  if (disabled)
    throw conflict(
      'instrument-disabled',
      disabled.path,
      disabled.message,
      'A goal names an instrument this clinic has not enabled.',
    );
  if (errors.length) throw invalid(errors);
  return { problems, goals, activities };
}

function goalOf(
  g: CarePlanCreate['goals'][number],
  i: number,
  list: ClinicInstrument[],
  errors: FieldError[],
): PlanGoal {
  const instrument = g.instrument ?? null;
  const target = g.target ?? null;
  if (instrument === null) {
    if (target !== null)
      errors.push({ path: `goals/${i}/instrument`, message: 'Name the instrument the target is on' });
    return { text: g.text, instrument: null, target: null };
  }
  const c = list.find((x) => x.instrument.id === instrument);
  if (!c) errors.push({ path: `goals/${i}/instrument`, message: 'Unknown instrument' });
  else if (!c.enabled) errors.push({ path: `goals/${i}/instrument`, message: 'Not enabled in this clinic' });
  else if (target === null || target < c.instrument.min || target > c.instrument.max)
    errors.push({
      path: `goals/${i}/target`,
      message: `Give a target from ${c.instrument.min} to ${c.instrument.max}`,
    });
  return { text: g.text, instrument, target };
}

export async function createPlan(deps: Deps, ctx: PatientContext, body: CarePlanCreate) {
  const clinicId = ctx.user.clinicId;
  const patientId = ctx.patient.patient.id;
  return ctx.work(async (tx, entry) => {
    const content = await checkContent(tx, clinicId, patientId, body);
    const row = await store.insertPlan(tx, {
      clinicId,
      patientId,
      title: body.title,
      status: 'draft',
      ...content,
      start: body.start,
      reviewDate: body.reviewDate,
      createdBy: ctx.user.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    entry.resourceId = row.id;
    return planView(tx, ctx.now, row);
  });
}

export async function changePlan(deps: Deps, ctx: PlanContext, body: CarePlanPatch) {
  const clinicId = ctx.user.clinicId;
  return ctx.work(async (tx, entry) => {
    const row = (await store.lockPlan(tx, clinicId, ctx.subject.id))!;
    const status = row.status as CarePlanStatus;
    const contentKeys = (['title', 'problems', 'goals', 'activities', 'start'] as const).filter(
      (k) => body[k] !== undefined,
    );
    if (contentKeys.length && status !== 'draft')
      throw conflict(
        'care-plan-signed',
        contentKeys[0]!,
        'The plan is signed',
        'A signed plan’s content cannot change: revoke it and draft a new one, or change its status or review date.',
      );
    if (body.status && !canMove(status, body.status))
      throw conflict(
        'care-plan-status',
        'status',
        status === 'draft' && body.status === 'active'
          ? 'Sign the plan to make it active'
          : `Cannot go from ${status} to ${body.status}`,
        'That status change is not possible for this plan.',
      );
    if (status !== 'draft') {
      const reviewDate = body.reviewDate ?? row.reviewDate;
      if (reviewDate < row.start)
        throw invalid([{ path: 'reviewDate', message: 'Must not be before the start' }]);
      const moved = await store.updatePlan(tx, clinicId, row.id, {
        reviewDate,
        status: body.status ?? status,
        updatedAt: ctx.now,
      });
      entry.details = { changed: Object.keys(body), status: moved.status };
      return planView(tx, ctx.now, moved);
    }
    const merged: CarePlanCreate = {
      title: body.title ?? row.title,
      problems: body.problems ?? row.problems.map((p) => ({ code: p.code })),
      goals: body.goals ?? row.goals,
      activities: body.activities ?? (row.activities as CarePlanCreate['activities']),
      start: body.start ?? row.start,
      reviewDate: body.reviewDate ?? row.reviewDate,
    };
    const content = await checkContent(tx, clinicId, row.patientId, merged);
    const updated = await store.updatePlan(tx, clinicId, row.id, {
      title: merged.title,
      ...content,
      start: merged.start,
      reviewDate: merged.reviewDate,
      status: body.status ?? status,
      updatedAt: ctx.now,
    });
    entry.details = { changed: Object.keys(body), status: updated.status };
    return planView(tx, ctx.now, updated);
  });
}

export async function signPlan(deps: Deps, ctx: PlanContext, body: CarePlanSign) {
  return ctx.work(async (tx, entry) => {
    const row = (await store.lockPlan(tx, ctx.user.clinicId, ctx.subject.id))!;
    if (row.status !== 'draft')
      throw conflict('care-plan-signed', 'status', 'Already signed', 'Only a draft plan can be signed.');
    const safety = await activitySafety(tx, row.clinicId, row.patientId, row.activities, ctx.now);
    const acknowledgements = gateSigning(safety.results, body);
    const updated = await store.updatePlan(tx, ctx.user.clinicId, row.id, {
      status: 'active',
      signedBy: ctx.user.id,
      signedAt: ctx.now,
      updatedAt: ctx.now,
    });
    entry.details = {
      status: 'active',
      modalityPolicy: safety.policy,
      ...(acknowledgements.length ? { safetyAcknowledgements: acknowledgements } : {}),
    };
    return planView(tx, ctx.now, updated);
  });
}

export async function listPlans(deps: Deps, ctx: PatientContext) {
  return ctx.work(async (tx) => {
    const rows = await store.plansOf(tx, ctx.user.clinicId, ctx.patient.patient.id);
    const results: CarePlanView[] = [];
    for (const r of rows) results.push(await planView(tx, ctx.now, r));
    return { results };
  });
}

export async function readPlan(deps: Deps, ctx: PlanContext) {
  return ctx.work(async (tx) => planView(tx, ctx.now, ctx.subject.record));
}

/** The plan with its progress, as the routes answer it. */
export async function planView(q: Q, now: Date, row: store.CarePlanRow): Promise<CarePlanView> {
  const zone = await clinicTimeZone(q, row.clinicId);
  const scores = await store.allScores(q, row.clinicId, row.patientId);
  const instruments = await clinicInstruments(q, row.clinicId);
  const byInstrument = new Map<string, { takenAt: string; score: number }[]>();
  for (const s of scores) {
    const list = byInstrument.get(s.instrument) ?? [];
    list.push({ takenAt: s.effective.toISOString(), score: s.score });
    byInstrument.set(s.instrument, list);
  }
  const plateau = [...byInstrument].some(([id, list]) => {
    const c = instruments.find((x) => x.instrument.id === id);
    return c ? isPlateau(c.instrument, c.threshold, sortSeries(list)) : false;
  });
  const visits = await store.visitCounts(q, row.clinicId, row.patientId, row.start, zone);
  const names = await store.userNames(q, [row.createdBy, ...(row.signedBy ? [row.signedBy] : [])]);
  const safety = await activitySafety(q, row.clinicId, row.patientId, row.activities, now);
  const due = reviewDue({
    status: row.status as CarePlanStatus,
    reviewDate: row.reviewDate,
    today: todayIn(zone, now),
    plateau,
  });
  return {
    id: row.id,
    patientId: row.patientId,
    title: row.title,
    status: row.status as CarePlanView['status'],
    problems: row.problems,
    goals: row.goals.map((g) => {
      const last = g.instrument ? (byInstrument.get(g.instrument)?.at(-1) ?? null) : null;
      const met =
        g.instrument && g.target !== null && isInstrumentId(g.instrument)
          ? goalMet(INSTRUMENTS[g.instrument], g.target, last?.score ?? null)
          : null;
      return { ...g, latest: last, met };
    }),
    activities: row.activities as CarePlanView['activities'],
    safety: safety.results,
    modalityPolicy: safety.policy,
    start: row.start,
    reviewDate: row.reviewDate,
    createdBy: { id: row.createdBy, name: names.get(row.createdBy) ?? '' },
    signedBy: row.signedBy ? { id: row.signedBy, name: names.get(row.signedBy) ?? '' } : null,
    signedAt: row.signedAt?.toISOString() ?? null,
    progress: {
      visitsPlanned: plannedVisits(row.activities as CarePlanView['activities']),
      visitsCompleted: visits.completed,
      visitsBooked: visits.booked,
    },
    reviewDue: due.due,
    reviewReasons: due.reasons,
  };
}

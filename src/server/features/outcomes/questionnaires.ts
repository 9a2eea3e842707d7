import type { Db, Tx } from '../../db/connect.ts';
import type { Config } from '../../platform/config.ts';
import type { Deps } from '../../platform/deps.ts';
import type { JobContext } from '../../platform/jobs.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import type { PatientRow } from '../../platform/access.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox.ts';
import {
  DEFAULT_SCHEDULE,
  INSTRUMENTS,
  isInstrumentId,
  questionnaireDue,
  scheduleProblem,
  type QuestionnaireSchedule,
} from '../../../domain/outcomes/index.ts';
import type {
  QuestionnaireRequestView,
  QuestionnaireScheduleBody,
  QuestionnaireScheduleView,
} from '../../../contracts/outcomes.ts';
import { publicOrigin } from '../onboarding/index.ts';
import { clinicInstruments, type ClinicInstrument } from './service.ts';
import * as store from './questionnaire-store.ts';

/**
 * Pre-visit questionnaires (issue 11): the clinic's schedule (admin), the background job that
 * writes one request and one message per visit due one, and a patient's open requests. The
 * answers themselves go through `POST /patients/{id}/outcomes` with the request's id.
 */

type Q = Db | Tx;

const questionsOf = (instruments: readonly string[]) =>
  instruments.reduce((n, id) => n + (isInstrumentId(id) ? Math.max(1, INSTRUMENTS[id].items.length) : 0), 0);

/** Enabled, and answered on screen by the patient (a licensed instrument's total is entered by staff). */
const askable = (c: ClinicInstrument) => c.enabled && c.instrument.entry.kind !== 'total';

async function effectiveSchedule(q: Q, clinicId: string) {
  return (await store.schedule(q, clinicId)) ?? null;
}

function scheduleView(s: store.ScheduleRow | null): QuestionnaireScheduleView {
  const v = s ?? DEFAULT_SCHEDULE;
  return {
    enabled: v.enabled,
    instruments: [...v.instruments],
    rule: v.rule,
    every: v.every,
    leadHours: v.leadHours,
    audience: v.audience,
    isDefault: s === null,
    changedBy: s?.updatedBy ?? null,
    changedAt: s?.updatedAt.toISOString() ?? null,
  };
}

export async function getSchedule(deps: Deps, ctx: SignedInContext) {
  return ctx.work(async (tx) => scheduleView(await effectiveSchedule(tx, ctx.user.clinicId)));
}

/** Admin: which instruments to ask before visits, how often, how long ahead, for whom. */
export async function putSchedule(deps: Deps, ctx: SignedInContext, body: QuestionnaireScheduleBody) {
  return ctx.work(async (tx, entry) => {
    const clinicId = ctx.user.clinicId;
    const enabled = (await clinicInstruments(tx, clinicId)).filter(askable).map((c) => c.instrument.id);
    const bad = scheduleProblem(body, enabled);
    if (bad)
      throw new HttpError(400, 'Invalid request', 'The questionnaire schedule cannot be used as given.', {
        type: problemType('validation'),
        errors: [bad],
      });
    await store.saveSchedule(tx, clinicId, body, { userId: ctx.user.id, at: ctx.now });
    entry.resourceId = null;
    entry.details = { ...body };
    return scheduleView(await effectiveSchedule(tx, clinicId));
  });
}

function link(config: Config): string | null {
  try {
    return `${publicOrigin(config)}/app/me/progress`;
  } catch {
    return null; // production without STILLPOINT_PUBLIC_URL: the text says where to go instead
  }
}

const whenOf = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(d);

/**
 * Writes a request and its message for each booked visit in its sending window that the clinic's
 * schedule says is due one. Each visit in its own transaction; the unique index on the
 * appointment makes a second run, or a second instance, write nothing more.
 */
export async function sendDueQuestionnaires(
  q: Q,
  opts: Pick<JobContext, 'config' | 'now' | 'clinicId'>,
): Promise<number> {
  let written = 0;
  for (const clinicId of await store.clinicIds(q, opts.clinicId)) {
    const s: QuestionnaireSchedule = (await store.schedule(q, clinicId)) ?? DEFAULT_SCHEDULE;
    if (!s.enabled) continue;
    const enabled: string[] = (await clinicInstruments(q, clinicId))
      .filter(askable)
      .map((c) => c.instrument.id);
    const instruments = s.instruments.filter((i) => enabled.includes(i));
    if (!instruments.length) continue;
    const url = link(opts.config);
    for (const v of await store.visitsInWindow(q, clinicId, opts.now, s.leadHours, s.audience)) {
      const h = await store.askHistory(q, clinicId, v.patientId, v.startsAt);
      if (!questionnaireDue({ ...s, instruments }, h, v.startsAt)) continue;
      const made = await q.transaction(async (tx) => {
        const id = await store.insertRequest(tx, {
          clinicId,
          patientId: v.patientId,
          appointmentId: v.appointmentId,
          appointmentStart: v.startsAt,
          instruments,
          now: opts.now,
        });
        if (!id) return false;
        const when = whenOf(v.startsAt, v.timeZone);
        const n = questionsOf(instruments);
        await emit(tx, {
          // A reminder of the visit: skipped at delivery if the visit was cancelled or moved since.
          kind: 'reminder',
          clinicId,
          patientId: v.patientId,
          appointmentId: v.appointmentId,
          appointmentStart: v.startsAt,
          to: v.email,
          subject: `Before your visit on ${when}: ${n} quick questions`,
          text:
            `Hello ${v.givenName},\n\nbefore your visit on ${when}, please answer ${n} quick questions about your pain. ` +
            `It takes under a minute and helps your clinician see how you are doing.\n\n` +
            (url
              ? `Open this link and sign in:\n${url}`
              : 'Sign in to the patient portal and open My progress.') +
            `\n\n${v.clinicName}`,
          sendAfter: opts.now,
          now: opts.now,
          skipped: v.email ? null : 'No email address on file for this patient',
        });
        return true;
      });
      if (made) written++;
    }
  }
  return written;
}

export async function questionnaireJob(ctx: JobContext) {
  return { questionnairesRequested: await sendDueQuestionnaires(ctx.db, ctx) };
}

/** Admin: run the job for this clinic now (after changing the schedule; also what tests use). */
export async function runNow(deps: Deps, ctx: SignedInContext) {
  return ctx.work(async (tx, entry) => {
    const requested = await sendDueQuestionnaires(tx, {
      config: deps.config,
      now: ctx.now,
      clinicId: ctx.user.clinicId,
    });
    entry.resourceId = null;
    entry.details = { requested };
    return { requested };
  });
}

function requestView(r: store.RequestRow): QuestionnaireRequestView {
  return {
    id: r.id,
    appointmentId: r.appointmentId,
    visitStart: r.appointmentStart.toISOString(),
    timeZone: r.timeZone,
    instruments: r.instruments,
    answered: r.answered,
    sentAt: r.createdAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    questions: questionsOf(r.instruments),
  };
}

/** The patient's pre-visit requests, newest visit first; with `open`, the unanswered ones of visits to come, soonest first. */
export async function listRequests(
  deps: Deps,
  ctx: OpenedContext<PatientRow, true>,
  open: boolean,
): Promise<QuestionnaireRequestView[]> {
  return ctx.work(async (tx, entry) => {
    const all = await store.requests(tx, ctx.user.clinicId, ctx.patient.patient.id);
    // Open ones soonest visit first (the one to answer now); all of them newest visit first.
    const rows = open
      ? all.filter((r) => r.answeredAt === null && r.appointmentStart > ctx.now).reverse()
      : all;
    entry.details = { requests: rows.length, open };
    return rows.map(requestView);
  });
}

/**
 * Links answers to their request inside the answers' transaction: the request must be this
 * patient's, still open, and ask for this instrument. Returns a function that marks it answered
 * once every instrument asked has a response.
 */
export async function checkRequest(
  tx: Tx,
  clinicId: string,
  patientId: string,
  id: string,
  instrument: string,
) {
  const r = await store.requestForUpdate(tx, clinicId, patientId, id);
  const refuse = (status: 400 | 409, path: string, message: string, detail: string) =>
    new HttpError(status, status === 409 ? 'Conflict' : 'Invalid request', detail, {
      type: problemType(status === 409 ? 'request-answered' : 'validation'),
      errors: [{ path, message }],
    });
  if (!r) throw refuse(400, 'requestId', 'Not a questionnaire request of this patient', 'Unknown request.');
  if (r.answered)
    throw refuse(409, 'requestId', 'Already answered', 'This questionnaire has been answered already.');
  if (!r.instruments.includes(instrument))
    throw refuse(
      400,
      'instrument',
      'Not asked in this request',
      'This request does not ask for that instrument.',
    );
  return async (now: Date) => {
    const done = await store.answeredInstruments(tx, id);
    if (r.instruments.every((i) => done.includes(i))) await store.markAnswered(tx, id, now);
  };
}

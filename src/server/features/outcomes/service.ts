import type { Db, Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import type { PatientRow } from '../../platform/access.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import {
  INSTRUMENTS,
  INSTRUMENT_IDS,
  isInstrumentId,
  scoreAnswers,
  summarise,
  thresholdOf,
  type Instrument,
  type ThresholdSetting,
} from '../../../domain/outcomes/index.ts';
import type {
  InstrumentSettings,
  InstrumentView,
  OutcomeCreate,
  OutcomeSeries,
} from '../../../contracts/outcomes.ts';
import * as store from './store.ts';
import { checkRequest } from './questionnaires.ts';

/**
 * Use cases of outcome measures: the clinic's instruments (catalogue + its settings), recording a
 * questionnaire (QuestionnaireResponse + Observation in one transaction with the route's audit
 * entry) and a patient's series with change, responder and plateau.
 */

type PatientContext = OpenedContext<PatientRow, true>;
type Q = Db | Tx;

const problem = (status: 400 | 409, slug: string, path: string, message: string, detail: string) =>
  new HttpError(status, status === 409 ? 'Conflict' : 'Invalid request', detail, {
    type: problemType(slug),
    errors: [{ path, message }],
  });

export function unknownInstrument(path = 'instrument') {
  return problem(
    400,
    'unknown-instrument',
    path,
    `Use one of: ${INSTRUMENT_IDS.join(', ')}`,
    `Unknown instrument. Use one of ${INSTRUMENT_IDS.join(', ')}.`,
  );
}

export interface ClinicInstrument {
  instrument: Instrument;
  enabled: boolean;
  threshold: ThresholdSetting;
  custom: boolean;
  licenceReference: string | null;
  setting: store.SettingRow | null;
}

/** Every instrument of the catalogue as this clinic has it. */
export async function clinicInstruments(q: Q, clinicId: string): Promise<ClinicInstrument[]> {
  const rows = await store.settings(q, clinicId);
  return INSTRUMENT_IDS.map((id) => {
    const instrument = INSTRUMENTS[id];
    const s = rows.find((r) => r.instrument === id) ?? null;
    const custom =
      s?.thresholdPoints != null ? { points: s.thresholdPoints, percent: s.thresholdPercent } : null;
    return {
      instrument,
      // A licensed instrument is on only with a licence reference on record.
      enabled: s
        ? s.enabled && (instrument.licence === 'free' || !!s.licenceReference)
        : instrument.enabledByDefault,
      threshold: thresholdOf(instrument, custom),
      custom: custom !== null,
      licenceReference: s?.licenceReference ?? null,
      setting: s,
    };
  });
}

export async function clinicInstrument(q: Q, clinicId: string, id: string, path = 'instrument') {
  if (!isInstrumentId(id)) throw unknownInstrument(path);
  return (await clinicInstruments(q, clinicId)).find((c) => c.instrument.id === id)!;
}

export function instrumentView(c: ClinicInstrument): InstrumentView {
  const i = c.instrument;
  return {
    id: i.id,
    name: i.name,
    version: i.version,
    direction: i.direction,
    min: i.min,
    max: i.max,
    threshold: {
      ...c.threshold,
      source: c.custom ? 'Set by this clinic' : `${i.threshold.source.title} — ${i.threshold.source.url}`,
      custom: c.custom,
    },
    licence: i.licence,
    enabled: c.enabled,
    licenceReference: c.licenceReference,
    licenceNote: i.licenceNote,
    items: [...i.items],
    entry: i.entry.kind,
    settingsChangedBy: c.setting?.updatedBy ?? null,
    settingsChangedAt: c.setting?.updatedAt.toISOString() ?? null,
  };
}

export async function listInstruments(deps: Deps, ctx: SignedInContext) {
  return (await clinicInstruments(deps.db, ctx.user.clinicId)).map(instrumentView);
}

/** Admin: switch an instrument on or off (a licensed one needs its licence reference) and set thresholds. */
export async function changeSettings(deps: Deps, ctx: SignedInContext, body: InstrumentSettings) {
  return ctx.work(async (tx, entry) => {
    const clinicId = ctx.user.clinicId;
    const current = await clinicInstrument(tx, clinicId, body.instrument);
    const i = current.instrument;
    const enabled = body.enabled ?? current.enabled;
    const licenceReference =
      body.licenceReference !== undefined ? (body.licenceReference ?? null) : current.licenceReference;
    if (enabled && i.licence === 'licence-required' && !licenceReference)
      throw problem(
        400,
        'licence-required',
        'licenceReference',
        'Give the clinic’s licence reference for this instrument',
        `${i.name} is licensed: record the clinic’s licence (agreement or order reference) to enable it.`,
      );
    const t = body.threshold === undefined ? (current.custom ? current.threshold : null) : body.threshold;
    if (t && t.points > i.max - i.min)
      throw problem(
        400,
        'validation',
        'threshold/points',
        `At most ${i.max - i.min} on this instrument`,
        'The threshold is larger than the instrument’s range.',
      );
    await store.saveSetting(tx, {
      clinicId,
      instrument: i.id,
      enabled,
      licenceReference,
      thresholdPoints: t?.points ?? null,
      thresholdPercent: t?.percent ?? null,
      updatedBy: ctx.user.id,
      updatedAt: ctx.now,
    });
    entry.resourceId = null;
    entry.details = { instrument: i.id, enabled, licenceReference, threshold: t ?? 'default' };
    return instrumentView(await clinicInstrument(tx, clinicId, i.id));
  });
}

/** Records one questionnaire for the opened patient; nothing is stored when anything is refused. */
export async function recordOutcome(deps: Deps, ctx: PatientContext, body: OutcomeCreate) {
  const clinicId = ctx.user.clinicId;
  const patientId = ctx.patient.patient.id;
  const takenAt = new Date(body.takenAt);
  if (takenAt.getTime() > ctx.now.getTime() + 5 * 60_000)
    throw problem(
      400,
      'validation',
      'takenAt',
      'Cannot be in the future',
      'The answers cannot be dated in the future.',
    );
  return ctx.work(async (tx, entry) => {
    const c = await clinicInstrument(tx, clinicId, body.instrument);
    if (!c.enabled)
      throw problem(
        409,
        'instrument-disabled',
        'instrument',
        'Not enabled in this clinic',
        c.instrument.licence === 'licence-required'
          ? `${c.instrument.name} needs the clinic’s licence: an administrator can enable it under Outcome instruments.`
          : `${c.instrument.name} is switched off in this clinic: an administrator can switch it on.`,
      );
    const answered = body.requestId
      ? await checkRequest(tx, clinicId, patientId, body.requestId, c.instrument.id)
      : null;
    const scored = scoreAnswers(c.instrument, body.answers);
    if (!scored.ok)
      throw new HttpError(
        400,
        'Invalid request',
        'Some answers are missing or out of range: correct them and send again.',
        {
          type: problemType('validation'),
          errors: scored.errors,
        },
      );
    const { id, responseId } = await store.insertScore(tx, {
      clinicId,
      patientId,
      instrument: c.instrument.id,
      instrumentVersion: c.instrument.version,
      takenAt,
      answers: scored.answers,
      score: scored.score,
      authorUserId: ctx.user.id,
      licenceReference: c.licenceReference,
      requestId: body.requestId ?? null,
      now: ctx.now,
    });
    await answered?.(ctx.now);
    entry.resourceType = 'Observation';
    entry.resourceId = id;
    entry.details = {
      instrument: c.instrument.id,
      questionnaireResponseId: responseId,
      ...(body.requestId ? { questionnaireRequestId: body.requestId } : {}),
    };
    return { id, instrument: c.instrument.id, takenAt: takenAt.toISOString(), score: scored.score };
  });
}

/** A patient's series on one instrument (default: the one they last answered, else NRS). */
export async function outcomeSeries(
  deps: Deps,
  ctx: PatientContext,
  instrument: string | undefined,
): Promise<OutcomeSeries> {
  const clinicId = ctx.user.clinicId;
  const patientId = ctx.patient.patient.id;
  return ctx.work(async (tx, entry) => {
    const id = instrument ?? (await store.latestInstrument(tx, clinicId, patientId)) ?? 'nrs';
    const c = await clinicInstrument(tx, clinicId, id);
    const rows = await store.series(tx, clinicId, patientId, c.instrument.id);
    const series = rows.map((r) => ({ id: r.id, takenAt: r.effective.toISOString(), score: r.score }));
    entry.details = { instrument: c.instrument.id, scores: series.length };
    return {
      instrument: c.instrument.id,
      series,
      ...summarise(c.instrument, c.threshold, series),
      threshold: c.threshold,
      direction: c.instrument.direction,
      min: c.instrument.min,
      max: c.instrument.max,
    };
  });
}

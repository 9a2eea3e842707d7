import { createHash } from 'node:crypto';
import {
  codeChart,
  evaluateChartSafety,
  generateSoapNote,
  generateVisitSummary,
  parseExamSegmental,
  romResult,
  tartPresent,
  type ChartSafetyResult,
  type EncounterChart,
  type PatientFacts,
  type RegionId,
  type SoapNote,
} from '../../../domain/omt/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { HttpError, badRequest, conflict, forbidden, notFound, problemType } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Tx } from '../../db/connect.ts';
import { accessPatient, type PatientAccess } from '../patients/service.ts';
import * as store from './store.ts';
import * as schedulingStore from '../scheduling/store.ts';
import { hasIntakeConsent, INTAKE_CONSENT_VERSION } from '../scheduling/intake.ts';
import {
  chartFromRows,
  enrichedChart,
  normalTenderPoint,
  patientFacts,
  verdictsFromRows,
  visitDate,
  type TechniqueVerdict,
} from './view.ts';
import {
  encounterChartSchema,
  type AmendmentInput,
  type SettingsPatch,
} from '../../../contracts/charting.ts';

/**
 * Charting use cases. Each one owns its transaction, opens the patient through `accessPatient`
 * (clinic, patient scope, restricted records, break-glass) and writes its audit entries in the same
 * transaction. Services take only the database, so the demo seed can chart through them too.
 */
type ChartDeps = Pick<Deps, 'db'>;

const authed = (ctx: RequestContext): AuthedContext => {
  if (!ctx.user) throw forbidden();
  return ctx as AuthedContext;
};

const CLINICAL_ROLES = new Set(['admin', 'clinician']);

/** An encounter and its patient, or "not found" (also for other clinics and other patients). */
async function openEncounter(tx: Tx, ctx: AuthedContext, id: string, opts: { lock?: boolean } = {}) {
  const enc = opts.lock
    ? await store.lockEncounter(tx, ctx.user.clinicId, id)
    : await store.findEncounter(tx, ctx.user.clinicId, id);
  if (!enc) throw notFound('encounter');
  return { enc, access: await accessThrough(tx, ctx, enc.patientId, 'encounter') };
}

/** The patient of a record opened by its own id: a patient miss reads as a miss of that record. */
async function accessThrough(tx: Tx, ctx: AuthedContext, patientId: string, what: string) {
  try {
    return await accessPatient(tx, ctx, patientId);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) throw notFound(what);
    throw err;
  }
}

const auditBase = (access: PatientAccess) => ({
  patientId: access.patient.id,
  emergency: !!access.emergency,
  reason: access.emergency?.reason ?? null,
});

/** What a read is about once opened: the patient's access, and the resource its audit entry names. */
interface ReadSubject {
  access: PatientAccess;
  resourceId: string | null;
}

/** A read of one encounter (any clinic, patient or restricted-record miss is "encounter not found"). */
const encounterSubject = (id: string) => async (tx: Tx, ctx: AuthedContext) => {
  const { enc, access } = await openEncounter(tx, ctx, id);
  return { enc, access, resourceId: enc.id };
};

/** A read across a patient's visits: the entry names the patient. */
const patientSubject = (patientId: string) => async (tx: Tx, ctx: AuthedContext) => ({
  access: await accessPatient(tx, ctx, patientId),
  resourceId: patientId as string | null,
});

/**
 * Every read of clinical data: in one transaction, open the subject through `accessPatient`, load,
 * and write the read's audit entry (success, emergency access and its reason from the patient
 * access). Nothing is returned without its entry; a refused or missing subject leaves none here
 * (the enforcement point records refusals). `load` may name another resource or add details.
 */
async function readAudited<S extends ReadSubject, T>(
  deps: ChartDeps,
  rctx: RequestContext,
  open: (tx: Tx, ctx: AuthedContext) => Promise<S>,
  action: string,
  load: (
    tx: Tx,
    ctx: AuthedContext,
    subject: S,
  ) => Promise<{ result: T; resourceId?: string | null; details?: Record<string, unknown> }>,
): Promise<T> {
  const ctx = authed(rctx);
  return deps.db.transaction(async (tx) => {
    const subject = await open(tx, ctx);
    const { result, resourceId, details } = await load(tx, ctx, subject);
    await writeAudit(tx, ctx, {
      action,
      resourceType: 'Encounter',
      resourceId: resourceId === undefined ? subject.resourceId : resourceId,
      ...auditBase(subject.access),
      outcome: 'success',
      ...(details ? { details } : {}),
    });
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// Clinic settings

export async function readSettings(deps: ChartDeps, rctx: RequestContext) {
  const ctx = authed(rctx);
  const s = await store.getSettings(deps.db, ctx.user.clinicId);
  return settingsView(s);
}

function settingsView(s: store.OmtSettings) {
  return {
    safetyPolicy: s.safetyPolicy,
    allowContraindicatedOverride: s.allowContraindicatedOverride,
    updatedAt: s.updatedAt?.toISOString() ?? null,
  };
}

export async function updateSettings(deps: ChartDeps, rctx: RequestContext, patch: SettingsPatch) {
  const ctx = authed(rctx);
  return deps.db.transaction(async (tx) => {
    const before = await store.getSettings(tx, ctx.user.clinicId);
    await store.upsertSettings(tx, ctx.user.clinicId, patch, ctx.user.id, ctx.now);
    const after = await store.getSettings(tx, ctx.user.clinicId);
    await writeAudit(tx, ctx, {
      action: 'clinic.omt-settings.update',
      resourceType: 'Clinic',
      resourceId: ctx.user.clinicId,
      outcome: 'success',
      details: {
        before: {
          safetyPolicy: before.safetyPolicy,
          allowContraindicatedOverride: before.allowContraindicatedOverride,
        },
        after: {
          safetyPolicy: after.safetyPolicy,
          allowContraindicatedOverride: after.allowContraindicatedOverride,
        },
      },
    });
    return settingsView(after);
  });
}

// ---------------------------------------------------------------------------------------------
// Safety on the write path

/**
 * What every charting use case needs about the clinic and the patient, read once per transaction:
 * the clinic's zone, name and OMT settings, and the patient's coded conditions and flags.
 */
interface Scope {
  timeZone: string;
  clinicName: string;
  settings: store.OmtSettings;
  conditions: { code: string; display: string }[];
  facts: PatientFacts;
  /** The encounter's practitioner (the one passed to loadScope). */
  practitioner: { id: string; name: string; userId: string | null } | null;
}

async function loadScope(
  tx: Tx,
  ctx: AuthedContext,
  access: PatientAccess,
  practitionerId: string | null,
): Promise<Scope> {
  const row = await store.chartingScope(tx, ctx.user.clinicId, access.patient.id, practitionerId);
  return {
    timeZone: row.timeZone,
    clinicName: row.clinicName,
    settings: row.settings,
    practitioner: row.practitioner,
    conditions: row.conditions
      .filter((c) => c.clinicalStatus !== 'resolved' && c.clinicalStatus !== 'inactive')
      .map((c) => ({ code: c.code, display: c.display })),
    facts: patientFacts(access.patient.birthDate, row),
  };
}

function evaluateSafety(scope: Scope, chart: EncounterChart, at: Date): ChartSafetyResult {
  return evaluateChartSafety({
    chart,
    patient: scope.facts,
    policy: scope.settings.safetyPolicy,
    allowOverride: scope.settings.allowContraindicatedOverride,
    asOf: at,
  });
}

function safetyRefusal(result: ChartSafetyResult, what: string): HttpError {
  const rules = [...new Set(result.problems.flatMap((p) => p.rules))];
  return new HttpError(
    422,
    'Refused by the safety check',
    `${what}: ${result.problems.map((p) => p.message).join(' ')}`,
    {
      type: problemType('safety'),
      errors: result.problems.map((p) => ({ path: p.path, message: p.message })),
      extra: {
        rules,
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

/** A refused save leaves a `denied` entry naming the rules (the business write is not made). */
async function auditRefusal(
  tx: Tx,
  ctx: AuthedContext,
  access: PatientAccess,
  encounterId: string | null,
  result: ChartSafetyResult,
) {
  await writeAudit(tx, ctx, {
    action: 'encounter.safety-refused',
    resourceType: 'Encounter',
    resourceId: encounterId,
    ...auditBase(access),
    outcome: 'denied',
    details: {
      policy: result.policy,
      rules: [...new Set(result.problems.flatMap((p) => p.rules))],
      problems: result.problems.map((p) => ({ path: p.path, rules: p.rules })),
    },
  });
}

/**
 * Overrides of a contraindication get an entry of their own (with the clinician's reason); cautions
 * and red-flag acknowledgements are recorded, with their rule ids and reasons, in the details of the
 * save's own entry.
 */
async function auditOverrides(
  tx: Tx,
  ctx: AuthedContext,
  access: PatientAccess,
  encounterId: string,
  result: ChartSafetyResult,
) {
  for (const item of result.items) {
    if (item.decision !== 'override') continue;
    await writeAudit(tx, ctx, {
      action: 'encounter.safety-override',
      resourceType: 'Encounter',
      resourceId: encounterId,
      ...auditBase(access),
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

function safetyDetails(result: ChartSafetyResult, chart: EncounterChart) {
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

// ---------------------------------------------------------------------------------------------
// Persistence helpers

function encounterFields(chart: EncounterChart, at: Date, practitionerId: string | null, policy: string) {
  return {
    practitionerId,
    occurredAt: chart.occurredAt ? new Date(chart.occurredAt) : at,
    chiefComplaint: chart.chiefComplaint,
    historyUpdate: chart.historyUpdate,
    painBefore: chart.painBefore ?? null,
    painAfter: chart.painAfter ?? null,
    consentOmt: chart.consent.omt,
    consentHvla: chart.consent.hvla,
    consentNote: chart.consent.note ?? null,
    sameDayEm: chart.sameDayEm ?? null,
    redFlagReason: chart.redFlagReason ?? null,
    noteAdditions: chart.notes,
    followUp: chart.followUp ?? null,
    safetyPolicy: policy,
    updatedAt: at,
  };
}

function childRows(chart: EncounterChart, safety: ChartSafetyResult): store.ChildRows {
  const byPath = new Map(safety.items.map((i) => [i.path, i]));
  return {
    findings: chart.exam.map((e, position) => ({
      region: e.region,
      position,
      tissueTexture: e.tart.tissueTexture ?? null,
      asymmetry: e.tart.asymmetry ?? null,
      restriction: e.tart.restriction ?? null,
      tenderness: e.tart.tenderness ?? null,
      otherDiagnoses: e.otherDiagnoses,
      tenderPoints: e.tenderPoints.map(normalTenderPoint),
      note: e.note ?? null,
    })),
    diagnoses: chart.exam.flatMap((e) =>
      parseExamSegmental(e).map((d, position) => ({
        region: e.region,
        position,
        input: d.input,
        notation: d.diagnosis.notation,
        fromSegment: d.diagnosis.from,
        toSegment: d.diagnosis.to,
        sagittal: d.diagnosis.sagittal,
        rotation: d.diagnosis.rotation,
        sidebend: d.diagnosis.sidebend,
        fryetteType: d.diagnosis.fryetteType,
        warnings: d.warnings,
      })),
    ),
    rom: chart.rom.map((r, position) => {
      const res = romResult(r);
      return {
        region: res.region,
        position,
        joint: r.joint,
        motion: r.motion,
        side: r.side ?? null,
        phase: r.phase,
        degrees: r.degrees,
        normSet: res.normSet,
        normalLow: res.normal.low,
        normalHigh: res.normal.high,
        percentOfNormal: res.percentOfNormal,
      };
    }),
    treatments: chart.treatment.map((t, i) => ({
      region: t.region,
      position: i,
      response: t.response ?? null,
      tolerance: t.tolerance ?? null,
      adverseEvents: t.adverseEvents ?? null,
      techniques: t.techniques.map((x, j) => {
        const s = byPath.get(`treatment/${i}/techniques/${j}`)!;
        return {
          region: t.region,
          position: j,
          technique: x.technique,
          holdSeconds: x.holdSeconds ?? null,
          repetitions: x.repetitions ?? null,
          tenderPoint: x.tenderPoint ?? null,
          note: x.note ?? null,
          safetyVerdict: s.verdict,
          safetyRules: s.reasons.map((r) => r.rule),
          safetyReason: s.verdict === 'ok' ? (x.safetyReason ?? null) : s.reason,
          override: s.decision === 'override',
        };
      }),
    })),
  };
}

async function resolvePractitioner(
  tx: Tx,
  ctx: AuthedContext,
  given: string | null | undefined,
  fallback: string | null,
): Promise<string | null> {
  if (given === undefined) return fallback;
  if (given === null) return null;
  const p = await store.findPractitioner(tx, ctx.user.clinicId, given);
  if (!p)
    throw badRequest('practitionerId: no such practitioner in this clinic', [
      { path: 'practitionerId', message: 'No such practitioner in this clinic' },
    ]);
  return p.id;
}

// ---------------------------------------------------------------------------------------------
// Use cases

export async function listEncounters(deps: ChartDeps, rctx: RequestContext, patientId: string) {
  return readAudited(deps, rctx, patientSubject(patientId), 'encounter.list', async (tx, ctx) => {
    const clinical = CLINICAL_ROLES.has(ctx.user.role);
    const rows = await store.listEncounters(tx, ctx.user.clinicId, patientId, {
      signedOnly: ctx.user.role === 'patient',
    });
    const names = await store.practitionerNames(tx, ctx.user.clinicId, [
      ...new Set(rows.map((r) => r.practitionerId).filter((x): x is string => !!x)),
    ]);
    const { timeZone } = await store.clinicScope(tx, ctx.user.clinicId);
    // Clinicians see each visit's coding, derived from its rows as the visit view derives it.
    const ch = clinical
      ? await store.loadChildren(
          tx,
          ctx.user.clinicId,
          rows.map((r) => r.id),
        )
      : null;
    return {
      details: { resultCount: rows.length, clinicalContent: clinical },
      result: {
        results: rows.map((r) => {
          const p = r.practitionerId ? names.get(r.practitionerId) : null;
          return {
            id: r.id,
            status: r.status,
            occurredAt: r.occurredAt.toISOString(),
            date: visitDate(r.occurredAt, timeZone),
            practitioner: p ? { id: p.id, name: p.name } : null,
            signedAt: r.signedAt?.toISOString() ?? null,
            ...(ch
              ? {
                  chiefComplaint: r.chiefComplaint,
                  painBefore: r.painBefore,
                  painAfter: r.painAfter,
                  coding: listCoding(codeChart(chartFromRows(r, ch))),
                }
              : {}),
          };
        }),
      },
    };
  });
}

/** The visit list's coding: the CPT level, how many regions counted and each region's M99.0x. */
function listCoding(c: ReturnType<typeof codeChart>) {
  return { cpt: c.cpt, regionCount: c.regionCount, icd10: c.icd10.map((x) => x.code) };
}

type Refused = { refused: HttpError };

/**
 * One open draft per patient, practitioner and day (in the clinic's zone): "New visit" and "Copy last
 * visit" lead to the draft that is already open instead of starting a second one. The per-patient
 * lock makes the check and the insert one step for concurrent requests.
 */
async function sameDayDraft(
  tx: Tx,
  ctx: AuthedContext,
  patientId: string,
  practitionerId: string | null,
  at: Date,
  timeZone: string,
): Promise<store.EncounterRow | null> {
  await store.lockPatientDrafts(tx, patientId);
  const day = visitDate(at, timeZone);
  const drafts = await store.openDrafts(tx, ctx.user.clinicId, patientId, practitionerId, ctx.user.id);
  return drafts.find((d) => visitDate(d.occurredAt, timeZone) === day) ?? null;
}

const draftExists = (d: store.EncounterRow) =>
  new HttpError(
    409,
    'A draft is already open',
    'This patient already has an open draft visit for this practitioner on that day. Open it (encounterId) to continue, or discard it first.',
    { type: problemType('draft-exists'), extra: { encounterId: d.id } },
  );

const discardedConflict = () =>
  conflict(
    'This draft was discarded: it is kept as a record and cannot be edited or signed.',
    'encounter-discarded',
  );
const isRefused = (x: unknown): x is Refused => typeof x === 'object' && x !== null && 'refused' in x;

export async function createEncounter(
  deps: ChartDeps,
  rctx: RequestContext,
  patientId: string,
  chart: EncounterChart,
) {
  const ctx = authed(rctx);
  const out = await deps.db.transaction(async (tx) => {
    const access = await accessPatient(tx, ctx, patientId);
    const own = await store.practitionerOfUser(tx, ctx.user.clinicId, ctx.user.id);
    const practitionerId = await resolvePractitioner(tx, ctx, chart.practitionerId, own?.id ?? null);
    const at = chart.occurredAt ? new Date(chart.occurredAt) : ctx.now;
    const scope = await loadScope(tx, ctx, access, practitionerId);
    const existing = await sameDayDraft(tx, ctx, patientId, practitionerId, at, scope.timeZone);
    if (existing) return { refused: draftExists(existing) };
    const safety = evaluateSafety(scope, chart, at);
    if (safety.problems.length) {
      await auditRefusal(tx, ctx, access, null, safety);
      return { refused: safetyRefusal(safety, 'The visit was not saved') };
    }
    const enc = await store.insertEncounter(tx, {
      ...encounterFields(chart, ctx.now, practitionerId, safety.policy),
      occurredAt: at,
      clinicId: ctx.user.clinicId,
      patientId,
      createdBy: ctx.user.id,
      createdAt: ctx.now,
    });
    await store.replaceChildren(tx, ctx.user.clinicId, enc.id, childRows(chart, safety));
    await auditOverrides(tx, ctx, access, enc.id, safety);
    await writeAudit(tx, ctx, {
      action: 'encounter.create',
      resourceType: 'Encounter',
      resourceId: enc.id,
      ...auditBase(access),
      outcome: 'success',
      details: { ...summaryDetails(chart), safety: safetyDetails(safety, chart) },
    });
    return buildView(tx, ctx, enc, access, scope, { chart, safety });
  });
  if (isRefused(out)) throw out.refused;
  return out;
}

function summaryDetails(chart: EncounterChart) {
  return {
    examRegions: chart.exam.map((e) => e.region),
    treatedRegions: chart.treatment.map((t) => t.region),
    techniques: chart.treatment.reduce((n, t) => n + t.techniques.length, 0),
    romMeasurements: chart.rom.length,
  };
}

export async function saveEncounter(
  deps: ChartDeps,
  rctx: RequestContext,
  id: string,
  chart: EncounterChart,
) {
  const ctx = authed(rctx);
  const out = await deps.db.transaction(async (tx) => {
    const { enc, access } = await openEncounter(tx, ctx, id, { lock: true });
    if (enc.status === 'discarded') return { refused: discardedConflict() };
    if (enc.status !== 'draft')
      return {
        refused: conflict(
          'This visit is signed and locked: it cannot be edited. Add an amendment to correct the note.',
          'encounter-signed',
        ),
      };
    if (chart.version !== undefined && chart.version !== enc.version)
      return {
        refused: conflict(
          `Someone saved this visit since you opened it (you had version ${chart.version}, it is now ${enc.version}). Reload it and apply your changes again.`,
          'version-conflict',
        ),
      };
    const practitionerId = await resolvePractitioner(tx, ctx, chart.practitionerId, enc.practitionerId);
    const at = chart.occurredAt ? new Date(chart.occurredAt) : enc.occurredAt;
    const scope = await loadScope(tx, ctx, access, practitionerId);
    const safety = evaluateSafety(scope, chart, at);
    if (safety.problems.length) {
      await auditRefusal(tx, ctx, access, enc.id, safety);
      return { refused: safetyRefusal(safety, 'The visit was not saved') };
    }
    await auditOverrides(tx, ctx, access, enc.id, safety);
    const updated = await store.updateEncounter(tx, ctx.user.clinicId, enc.id, {
      ...encounterFields(chart, ctx.now, practitionerId, safety.policy),
      occurredAt: at,
    });
    await store.replaceChildren(tx, ctx.user.clinicId, enc.id, childRows(chart, safety));
    await writeAudit(tx, ctx, {
      action: 'encounter.update',
      resourceType: 'Encounter',
      resourceId: enc.id,
      ...auditBase(access),
      outcome: 'success',
      details: { ...summaryDetails(chart), version: updated.version, safety: safetyDetails(safety, chart) },
    });
    return buildView(tx, ctx, updated, access, scope, { chart, safety });
  });
  if (isRefused(out)) throw out.refused;
  return out;
}

export async function readEncounter(deps: ChartDeps, rctx: RequestContext, id: string) {
  return readAudited(
    deps,
    rctx,
    encounterSubject(id),
    'encounter.read',
    async (tx, ctx, { enc, access }) => ({
      result: await buildView(tx, ctx, enc, access, await loadScope(tx, ctx, access, enc.practitionerId)),
    }),
  );
}

/** Who signs: the visit's own practitioner's user (or, without one, its author), or an admin. */
function renderingUserId(enc: store.EncounterRow, practitionerUserId: string | null): string {
  return enc.practitionerId ? (practitionerUserId ?? '') : enc.createdBy;
}

export async function signEncounter(deps: ChartDeps, rctx: RequestContext, id: string) {
  const ctx = authed(rctx);
  const out = await deps.db.transaction(async (tx) => {
    const { enc, access } = await openEncounter(tx, ctx, id, { lock: true });
    if (enc.status === 'discarded') return { refused: discardedConflict() };
    if (enc.status !== 'draft')
      return { refused: conflict('This visit is already signed.', 'encounter-signed') };
    const scope = await loadScope(tx, ctx, access, enc.practitionerId);
    const practitioner = scope.practitioner;
    if (ctx.user.role !== 'admin' && renderingUserId(enc, practitioner?.userId ?? null) !== ctx.user.id)
      throw forbidden(
        'Only the visit’s own practitioner (or a clinic administrator) can sign this note.',
        'not-rendering-clinician',
      );
    const ch = await store.loadChildren(tx, ctx.user.clinicId, [enc.id]);
    const chart = chartFromRows(enc, ch);
    const errors: { path: string; message: string }[] = [];
    if (!chart.chiefComplaint.trim())
      errors.push({ path: 'chiefComplaint', message: 'Record the chief complaint before signing.' });
    if (chart.treatment.length && !chart.exam.some((e) => tartPresent(e.tart)))
      errors.push({
        path: 'exam',
        message:
          'Document somatic dysfunction (at least one TART finding) before signing a treatment note: OMT without it is not covered.',
      });
    if (errors.length)
      return {
        refused: new HttpError(422, 'Not ready to sign', errors.map((e) => e.message).join(' '), {
          type: problemType('not-ready-to-sign'),
          errors,
        }),
      };
    // The patient record may have changed since the chart was saved: check again before locking it.
    const safety = evaluateSafety(scope, chart, enc.occurredAt);
    if (safety.problems.length) {
      await auditRefusal(tx, ctx, access, enc.id, safety);
      return { refused: safetyRefusal(safety, 'The note was not signed') };
    }
    const signed = await store.markSigned(tx, ctx.user.clinicId, enc.id, ctx.user.id, ctx.now);
    if (!signed) return { refused: conflict('This visit is already signed.', 'encounter-signed') };
    const note = composeNote(scope, signed, access, chart, safety, practitioner?.name ?? null);
    const signerName = (await store.userName(tx, ctx.user.clinicId, ctx.user.id)) ?? ctx.user.name;
    const sections: SoapNote = note.sections;
    const contentHash = createHash('sha256')
      .update(JSON.stringify([sections, note.coding, signed.id, ctx.user.id, ctx.now.toISOString()]))
      .digest('hex');
    const row = await store.insertNote(tx, {
      clinicId: ctx.user.clinicId,
      encounterId: signed.id,
      patientId: signed.patientId,
      ...sections,
      coding: note.coding,
      signedBy: ctx.user.id,
      signedByName: signerName,
      signedAt: ctx.now,
      contentHash,
    });
    await writeAudit(tx, ctx, {
      action: 'encounter.sign',
      resourceType: 'Encounter',
      resourceId: signed.id,
      ...auditBase(access),
      outcome: 'success',
      details: {
        noteId: row.id,
        cpt: note.coding.cpt,
        regionCount: note.coding.regionCount,
        contentHash,
      },
    });
    if (signed.appointmentId) await completeAppointment(tx, ctx, signed.appointmentId, access);
    return buildView(tx, ctx, signed, access, scope);
  });
  if (isRefused(out)) throw out.refused;
  return out;
}

function composeNote(
  scope: Scope,
  enc: store.EncounterRow,
  access: PatientAccess,
  chart: EncounterChart,
  safety: ChartSafetyResult,
  practitionerName: string | null,
) {
  const coding = codeChart(chart);
  const sections = generateSoapNote({
    visitDate: visitDate(enc.occurredAt, scope.timeZone),
    practitionerName,
    patient: {
      name: `${access.patient.givenName} ${access.patient.familyName}`,
      birthDate: access.patient.birthDate,
      conditions: scope.conditions,
    },
    chart,
    coding,
    safety: safety.items,
    redFlags: safety.redFlags,
  });
  return { sections, coding };
}

async function loadNote(tx: Tx, clinicId: string, encounterId: string) {
  const note = await store.findNote(tx, clinicId, encounterId);
  if (!note) return null;
  const amendments = await store.listAmendments(tx, clinicId, note.id);
  return {
    id: note.id,
    status: 'signed' as const,
    subjective: note.subjective,
    objective: note.objective,
    assessment: note.assessment,
    plan: note.plan,
    coding: note.coding,
    signedAt: note.signedAt.toISOString(),
    signedBy: { id: note.signedBy, name: note.signedByName },
    contentHash: note.contentHash,
    amendments: amendments.map((a) => ({
      id: a.id,
      noteId: a.noteId,
      section: a.section,
      reason: a.reason,
      text: a.text,
      author: { id: a.authorId, name: a.authorName },
      createdAt: a.createdAt.toISOString(),
    })),
  };
}

export type NoteView = NonNullable<Awaited<ReturnType<typeof loadNote>>>;

/**
 * The API's view of an encounter. After a save the chart and its safety result are passed in (no
 * re-read); otherwise the rows are loaded and the draft is re-checked against the current record.
 */
async function buildView(
  tx: Tx,
  ctx: AuthedContext,
  enc: store.EncounterRow,
  access: PatientAccess,
  scope: Scope,
  saved?: { chart: EncounterChart; safety: ChartSafetyResult },
) {
  let chart: EncounterChart;
  let verdictOf: TechniqueVerdict;
  if (saved) {
    chart = saved.chart;
    const byPath = new Map(saved.safety.items.map((i) => [i.path, i]));
    verdictOf = (i, j) => {
      const item = byPath.get(`treatment/${i}/techniques/${j}`);
      return item
        ? {
            verdict: item.verdict,
            rules: item.reasons.map((r) => r.rule),
            override: item.decision === 'override',
          }
        : null;
    };
  } else {
    const ch = await store.loadChildren(tx, ctx.user.clinicId, [enc.id]);
    chart = chartFromRows(enc, ch);
    verdictOf = verdictsFromRows(enc, ch);
  }
  const practitioner =
    enc.practitionerId && scope.practitioner?.id === enc.practitionerId ? scope.practitioner : null;
  const stored = enc.status === 'signed' ? await loadNote(tx, ctx.user.clinicId, enc.id) : null;
  let note: NoteView | (SoapNote & { status: 'draft'; amendments: [] });
  let coding;
  let liveSafety: ChartSafetyResult | null = null;
  if (stored) {
    note = stored;
    coding = stored.coding;
  } else {
    liveSafety = saved?.safety ?? evaluateSafety(scope, chart, enc.occurredAt);
    const composed = composeNote(scope, enc, access, chart, liveSafety, practitioner?.name ?? null);
    note = { status: 'draft', ...composed.sections, amendments: [] };
    coding = composed.coding;
  }
  const enriched = enrichedChart(chart, verdictOf);
  return {
    id: enc.id,
    patientId: enc.patientId,
    status: enc.status as 'draft' | 'signed' | 'discarded',
    version: enc.version,
    appointmentId: enc.appointmentId,
    discarded: enc.discardedAt
      ? { at: enc.discardedAt.toISOString(), by: enc.discardedBy, reason: enc.discardReason ?? '' }
      : null,
    occurredAt: enc.occurredAt.toISOString(),
    date: visitDate(enc.occurredAt, scope.timeZone),
    practitionerId: enc.practitionerId,
    practitioner: practitioner ? { id: practitioner.id, name: practitioner.name } : null,
    createdBy: enc.createdBy,
    createdAt: enc.createdAt.toISOString(),
    updatedAt: enc.updatedAt.toISOString(),
    signedAt: enc.signedAt?.toISOString() ?? null,
    signedBy: stored ? stored.signedBy : null,
    chiefComplaint: chart.chiefComplaint,
    historyUpdate: chart.historyUpdate,
    painBefore: chart.painBefore ?? null,
    painAfter: chart.painAfter ?? null,
    consent: { ...chart.consent, note: chart.consent.note ?? null },
    sameDayEm: chart.sameDayEm ?? null,
    redFlagReason: chart.redFlagReason ?? null,
    notes: chart.notes,
    followUp: chart.followUp ?? null,
    exam: enriched.exam,
    rom: enriched.rom,
    treatment: enriched.treatment,
    warnings: enriched.warnings,
    coding,
    safety: liveSafety
      ? {
          policy: liveSafety.policy,
          allowContraindicatedOverride: liveSafety.allowOverride,
          redFlags: liveSafety.redFlags,
          problems: liveSafety.problems,
          items: liveSafety.items.map((i) => ({
            path: i.path,
            region: i.region,
            technique: i.technique,
            verdict: i.verdict,
            decision: i.decision,
            reasons: i.reasons,
            alternatives: i.alternatives,
          })),
        }
      : null,
    note,
    ...(access.emergency ? { emergencyAccess: { expiresAt: access.emergency.expiresAt.toISOString() } } : {}),
  };
}

export type EncounterView = Awaited<ReturnType<typeof buildView>>;

export async function addAmendment(deps: ChartDeps, rctx: RequestContext, id: string, input: AmendmentInput) {
  const ctx = authed(rctx);
  const out = await deps.db.transaction(async (tx) => {
    const { enc, access } = await openEncounter(tx, ctx, id);
    if (enc.status !== 'signed')
      return {
        refused: conflict(
          'This visit is still a draft: edit it directly. Amendments correct signed notes.',
          'encounter-draft',
        ),
      };
    const note = await store.findNote(tx, ctx.user.clinicId, enc.id);
    if (!note) return { refused: conflict('This visit has no signed note to amend.', 'no-note') };
    const authorName = (await store.userName(tx, ctx.user.clinicId, ctx.user.id)) ?? ctx.user.name;
    const row = await store.insertAmendment(tx, {
      clinicId: ctx.user.clinicId,
      noteId: note.id,
      encounterId: enc.id,
      patientId: enc.patientId,
      authorId: ctx.user.id,
      authorName,
      createdAt: ctx.now,
      section: input.section,
      reason: input.reason,
      text: input.text,
    });
    await writeAudit(tx, ctx, {
      action: 'encounter.amend',
      resourceType: 'Encounter',
      resourceId: enc.id,
      ...auditBase(access),
      outcome: 'success',
      details: { noteId: note.id, amendmentId: row.id, section: input.section },
    });
    return (await loadNote(tx, ctx.user.clinicId, enc.id))!;
  });
  if (isRefused(out)) throw out.refused;
  return out;
}

/** The note (signed, with amendments; or a draft preview). */
export async function readNote(deps: ChartDeps, rctx: RequestContext, id: string) {
  return readAudited(
    deps,
    rctx,
    encounterSubject(id),
    'encounter.note.read',
    async (tx, ctx, { enc, access }) => {
      const stored = await loadNote(tx, ctx.user.clinicId, enc.id);
      if (stored) return { result: stored as NoteView | DraftNote };
      const ch = await store.loadChildren(tx, ctx.user.clinicId, [enc.id]);
      const chart = chartFromRows(enc, ch);
      const scope = await loadScope(tx, ctx, access, enc.practitionerId);
      const safety = evaluateSafety(scope, chart, enc.occurredAt);
      const composed = composeNote(scope, enc, access, chart, safety, scope.practitioner?.name ?? null);
      const draft: DraftNote = {
        status: 'draft',
        ...composed.sections,
        coding: composed.coding,
        amendments: [],
      };
      return { result: draft as NoteView | DraftNote };
    },
  );
}

type DraftNote = SoapNote & { status: 'draft'; coding: ReturnType<typeof codeChart>; amendments: [] };

/** Everything the printable note needs; audited as a print/export of the record. */
export async function noteForPrint(deps: ChartDeps, rctx: RequestContext, id: string) {
  return readAudited(
    deps,
    rctx,
    encounterSubject(id),
    'encounter.print',
    async (tx, ctx, { enc, access }) => {
      const scope = await loadScope(tx, ctx, access, enc.practitionerId);
      const view = await buildView(tx, ctx, enc, access, scope);
      return {
        details: { format: 'pdf', status: enc.status },
        result: {
          view,
          clinicName: scope.clinicName,
          patient: {
            name: `${access.patient.givenName} ${access.patient.familyName}`,
            birthDate: access.patient.birthDate,
          },
        },
      };
    },
  );
}

/** The plain-language summary: patients read only their own signed visits. */
export async function readSummary(deps: ChartDeps, rctx: RequestContext, id: string) {
  return readAudited(
    deps,
    rctx,
    encounterSubject(id),
    'encounter.summary.read',
    async (tx, ctx, { enc, access }) => {
      if (ctx.user.role === 'patient' && enc.status !== 'signed') throw notFound('encounter');
      const ch = await store.loadChildren(tx, ctx.user.clinicId, [enc.id]);
      const chart = chartFromRows(enc, ch);
      const { timeZone, practitioner } = await loadScope(tx, ctx, access, enc.practitionerId);
      return {
        result: {
          encounterId: enc.id,
          status: enc.status,
          ...generateVisitSummary({
            visitDate: visitDate(enc.occurredAt, timeZone),
            practitionerName: practitioner?.name ?? null,
            chart,
          }),
        },
      };
    },
  );
}

/**
 * Copy-forward: the last signed visit's exam findings and pre-treatment ROM as `chart`, a body that
 * `POST /patients/{id}/encounters` accepts unchanged, with where it came from in `source` (read-only,
 * not part of the body). Tenderness after treatment belonged to that visit and is left out.
 */
export interface LatestFindings {
  source: { encounterId: string; occurredAt: string; date: string } | null;
  chart: Pick<EncounterChart, 'exam' | 'rom'> &
    Partial<Pick<EncounterChart, 'chiefComplaint' | 'consent' | 'followUp'>> & {
      notes?: { plan?: string | null };
    };
}

export async function latestFindings(deps: ChartDeps, rctx: RequestContext, patientId: string) {
  return readAudited(
    deps,
    rctx,
    patientSubject(patientId),
    'encounter.latest-findings.read',
    async (tx, ctx) => {
      const enc = await store.latestSignedEncounter(tx, ctx.user.clinicId, patientId);
      const none: LatestFindings = { source: null, chart: { exam: [], rom: [] } };
      if (!enc) return { resourceId: null, result: none };
      const ch = await store.loadChildren(tx, ctx.user.clinicId, [enc.id]);
      const chart = chartFromRows(enc, ch);
      const { timeZone } = await store.clinicScope(tx, ctx.user.clinicId);
      return {
        resourceId: enc.id,
        result: {
          source: {
            encounterId: enc.id,
            occurredAt: enc.occurredAt.toISOString(),
            date: visitDate(enc.occurredAt, timeZone),
          },
          chart: {
            exam: chart.exam.map((e) => ({
              ...e,
              tenderPoints: e.tenderPoints.map((p) => ({ ...normalTenderPoint(p), tendernessAfter: null })),
            })),
            rom: chart.rom.filter((r) => r.phase === 'pre'),
            chiefComplaint: chart.chiefComplaint,
            consent: carriedConsent(chart.consent, visitDate(enc.occurredAt, timeZone)),
            followUp: chart.followUp ?? null,
            notes: { plan: chart.notes.plan ?? null },
          },
        },
      };
    },
  );
}

/** The last visit's consent, noted as carried forward: consent is confirmed again at each visit. */
function carriedConsent(c: EncounterChart['consent'], date: string): EncounterChart['consent'] {
  if (c.omt === 'not-asked' && c.hvla === 'not-asked')
    return { omt: 'not-asked', hvla: 'not-asked', note: c.note ?? null };
  const carried = `As at the visit of ${date}; confirm with the patient.`;
  return { omt: c.omt, hvla: c.hvla, note: c.note ? `${c.note} (${carried})`.slice(0, 1000) : carried };
}

/** One region's (or every region's) findings, ROM and treatment across visits, newest first. */
export async function regionHistory(
  deps: ChartDeps,
  rctx: RequestContext,
  patientId: string,
  region: RegionId | undefined,
) {
  return readAudited(
    deps,
    rctx,
    patientSubject(patientId),
    'encounter.region-history.read',
    async (tx, ctx) => {
      const rows = await store.listEncounters(tx, ctx.user.clinicId, patientId);
      const ch = await store.loadChildren(
        tx,
        ctx.user.clinicId,
        rows.map((r) => r.id),
      );
      const { timeZone } = await store.clinicScope(tx, ctx.user.clinicId);
      const results = rows.flatMap((enc) => {
        const chart = chartFromRows(enc, ch);
        const enriched = enrichedChart(chart, verdictsFromRows(enc, ch));
        const regions = region
          ? [region]
          : [
              ...new Set<RegionId>([
                ...chart.exam.map((e) => e.region),
                ...chart.treatment.map((t) => t.region),
                ...enriched.rom.map((r) => r.region),
              ]),
            ];
        return regions.flatMap((r) => {
          const exam = enriched.exam.find((e) => e.region === r) ?? null;
          const treatment = enriched.treatment.find((t) => t.region === r) ?? null;
          const rom = enriched.rom.filter((m) => m.region === r);
          if (!exam && !treatment && rom.length === 0) return [];
          return [
            {
              encounterId: enc.id,
              status: enc.status,
              occurredAt: enc.occurredAt.toISOString(),
              date: visitDate(enc.occurredAt, timeZone),
              region: r,
              painBefore: enc.painBefore,
              painAfter: enc.painAfter,
              exam,
              rom,
              treatment,
            },
          ];
        });
      });
      return {
        details: { region: region ?? 'all', encounters: rows.length },
        result: { region: region ?? null, results },
      };
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Drafts: discard, and the visit of an appointment

/**
 * Discards an unsigned draft. The row stays as a tombstone (who, when, why; the database then locks
 * it like a signed note) and leaves the visit lists; a signed note can never be discarded.
 */
export async function discardEncounter(deps: ChartDeps, rctx: RequestContext, id: string, reason: string) {
  const ctx = authed(rctx);
  const out = await deps.db.transaction(async (tx) => {
    const { enc, access } = await openEncounter(tx, ctx, id, { lock: true });
    if (enc.status === 'signed')
      return {
        refused: conflict(
          'A signed note cannot be discarded. Add an amendment to correct it.',
          'encounter-signed',
        ),
      };
    if (enc.status === 'discarded') return { refused: discardedConflict() };
    const scope = await loadScope(tx, ctx, access, enc.practitionerId);
    if (ctx.user.role !== 'admin' && renderingUserId(enc, scope.practitioner?.userId ?? null) !== ctx.user.id)
      throw forbidden(
        'Only the visit’s own practitioner (or a clinic administrator) can discard this draft.',
        'not-rendering-clinician',
      );
    const row = await store.markDiscarded(tx, ctx.user.clinicId, enc.id, ctx.user.id, ctx.now, reason);
    if (!row) return { refused: discardedConflict() };
    await writeAudit(tx, ctx, {
      action: 'encounter.discard',
      resourceType: 'Encounter',
      resourceId: enc.id,
      ...auditBase(access),
      outcome: 'success',
      details: { reason, version: enc.version, appointmentId: enc.appointmentId },
    });
    return buildView(tx, ctx, row, access, scope);
  });
  if (isRefused(out)) throw out.refused;
  return out;
}

const NOT_A_VISIT = new Set(['held', 'cancelled', 'released', 'no-show']);

/**
 * "Start note" on an appointment: the visit that documents it, opened or created. An open draft of the
 * same patient, practitioner and day is linked rather than duplicated. A new draft starts from the
 * booking (reason for the visit, pain score, the intake consent) and the last signed visit's findings.
 */
export async function startAppointmentVisit(deps: ChartDeps, rctx: RequestContext, appointmentId: string) {
  const ctx = authed(rctx);
  const out = await deps.db.transaction(async (tx) => {
    const a = await schedulingStore.findAppointment(tx, ctx.user.clinicId, appointmentId);
    if (!a) throw notFound('appointment');
    const access = await accessThrough(tx, ctx, a.patientId, 'appointment');
    await store.lockPatientDrafts(tx, a.patientId);
    const linked = await store.encounterOfAppointment(tx, ctx.user.clinicId, a.id);
    const scope = await loadScope(tx, ctx, access, linked?.practitionerId ?? a.practitionerId);
    const audit = (action: string, resourceId: string, details: Record<string, unknown>) =>
      writeAudit(tx, ctx, {
        action,
        resourceType: 'Encounter',
        resourceId,
        ...auditBase(access),
        outcome: 'success',
        details: { appointmentId: a.id, ...details },
      });
    if (linked) {
      await audit('encounter.read', linked.id, { via: 'appointment' });
      return { created: false, ...(await buildView(tx, ctx, linked, access, scope)) };
    }
    if (NOT_A_VISIT.has(a.status))
      return {
        refused: conflict(
          `This appointment is ${a.status}: there is no visit to document. Start a visit from the patient’s record instead.`,
          'appointment-not-active',
        ),
      };
    const day = visitDate(a.startsAt, scope.timeZone);
    const drafts = await store.openDrafts(tx, ctx.user.clinicId, a.patientId, a.practitionerId, ctx.user.id);
    const sameDay = drafts.find((d) => !d.appointmentId && visitDate(d.occurredAt, scope.timeZone) === day);
    if (sameDay) {
      const row = await store.linkAppointment(tx, ctx.user.clinicId, sameDay.id, a.id);
      if (!row) throw conflict('The draft changed meanwhile; try again.');
      await audit('encounter.update', row.id, { linked: true });
      return { created: false, ...(await buildView(tx, ctx, row, access, scope)) };
    }
    const chart = await chartFromBooking(tx, ctx, a, scope.timeZone);
    const safety = evaluateSafety(scope, chart.chart, a.startsAt);
    const enc = await store.insertEncounter(tx, {
      ...encounterFields(chart.chart, ctx.now, a.practitionerId, safety.policy),
      occurredAt: a.startsAt,
      appointmentId: a.id,
      clinicId: ctx.user.clinicId,
      patientId: a.patientId,
      createdBy: ctx.user.id,
      createdAt: ctx.now,
    });
    await store.replaceChildren(tx, ctx.user.clinicId, enc.id, childRows(chart.chart, safety));
    await audit('encounter.create', enc.id, { ...summaryDetails(chart.chart), copiedFrom: chart.copiedFrom });
    return {
      created: true,
      ...(await buildView(tx, ctx, enc, access, scope, { chart: chart.chart, safety })),
    };
  });
  if (isRefused(out)) throw out.refused;
  return out;
}

/** The first chart of an appointment's visit: the booking's answers and the last signed findings. */
async function chartFromBooking(
  tx: Tx,
  ctx: AuthedContext,
  a: schedulingStore.AppointmentRow,
  timeZone: string,
): Promise<{ chart: EncounterChart; copiedFrom: string | null }> {
  const last = await store.latestSignedEncounter(tx, ctx.user.clinicId, a.patientId);
  const prior = last ? chartFromRows(last, await store.loadChildren(tx, ctx.user.clinicId, [last.id])) : null;
  const consented = await hasIntakeConsent(tx, ctx.user.clinicId, a.patientId);
  const chart = encounterChartSchema.parse({
    chiefComplaint: a.reason ?? '',
    painBefore: a.painScore ?? null,
    consent: consented
      ? {
          omt: 'given',
          hvla: 'not-asked',
          note: `Intake consent to evaluation and OMT on file (${INTAKE_CONSENT_VERSION}); confirm with the patient.`,
        }
      : last && prior
        ? carriedConsent(prior.consent, visitDate(last.occurredAt, timeZone))
        : {},
    exam: (prior?.exam ?? []).map((e) => ({
      ...e,
      tenderPoints: e.tenderPoints.map((p) => ({ ...normalTenderPoint(p), tendernessAfter: null })),
    })),
    rom: (prior?.rom ?? []).filter((r) => r.phase === 'pre'),
  });
  return { chart, copiedFrom: last?.id ?? null };
}

/** Signing the note of an appointment's visit completes the appointment (booked or checked in). */
async function completeAppointment(tx: Tx, ctx: AuthedContext, appointmentId: string, access: PatientAccess) {
  const done = await schedulingStore.completeForSignedNote(tx, ctx.user.clinicId, appointmentId, ctx.now);
  if (!done) return;
  await schedulingStore.addEvent(tx, done.row, ctx.now, ctx.user.id, done.from, 'completed', 'Note signed');
  await writeAudit(tx, ctx, {
    action: 'appointment.status',
    resourceType: 'Appointment',
    resourceId: appointmentId,
    ...auditBase(access),
    outcome: 'success',
    details: { from: done.from, to: 'completed', via: 'note-signed' },
  });
}

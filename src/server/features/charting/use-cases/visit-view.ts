import {
  codeChart,
  generateSoapNote,
  type ChartSafetyResult,
  type EncounterChart,
  type SoapNote,
} from '../../../../domain/omt/index.ts';
import type { Tx } from '../../../db/connect.ts';
import type { PatientAccess } from '../../../platform/access.ts';
import * as store from '../store.ts';
import { chartFromRows, enrichedChart, verdictsFromRows, visitDate, type TechniqueVerdict } from '../view.ts';
import type { PatientContext, Scope } from './context.ts';
import { evaluateSafety } from './safety-gate.ts';

/**
 * The API's views of a visit: the whole encounter (chart, parsed diagnoses, ROM against norms,
 * coding, live safety verdicts of a draft) and its SOAP note (signed with amendments, or a
 * generated preview of a draft).
 */

export function composeNote(
  scope: Scope,
  enc: store.EncounterRow,
  access: Pick<PatientAccess, 'patient'>,
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

export async function loadNote(tx: Tx, clinicId: string, encounterId: string) {
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
export async function buildView(
  tx: Tx,
  ctx: PatientContext,
  enc: store.EncounterRow,
  scope: Scope,
  saved?: { chart: EncounterChart; safety: ChartSafetyResult },
  /** The visit's rows when the caller read them already (`store.visitReads`). */
  loaded?: store.LoadedChildren,
) {
  const access = ctx.patient;
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
    const ch = loaded ?? (await store.loadChildren(tx, ctx.user.clinicId, [enc.id]));
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

export type DraftNote = SoapNote & { status: 'draft'; coding: ReturnType<typeof codeChart>; amendments: [] };

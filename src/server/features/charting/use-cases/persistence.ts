import {
  parseExamSegmental,
  romResult,
  type ChartSafetyResult,
  type EncounterChart,
} from '../../../../domain/omt/index.ts';
import type * as store from '../store.ts';
import { normalTenderPoint } from '../view.ts';

/**
 * Persistence mapping of a chart: the encounter row's fields and its child rows (findings, parsed
 * segmental diagnoses, ROM against norms, treatments with each technique's safety verdict), and
 * the summary a save's audit entry records. No I/O.
 */

export function encounterFields(
  chart: EncounterChart,
  at: Date,
  practitionerId: string | null,
  policy: string,
) {
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

export function childRows(chart: EncounterChart, safety: ChartSafetyResult): store.ChildRows {
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

/** What a save's audit entry records about the chart (no clinical text). */
export function summaryDetails(chart: EncounterChart) {
  return {
    examRegions: chart.exam.map((e) => e.region),
    treatedRegions: chart.treatment.map((t) => t.region),
    techniques: chart.treatment.reduce((n, t) => n + t.techniques.length, 0),
    romMeasurements: chart.rom.length,
  };
}

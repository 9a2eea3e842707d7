import {
  FLAG_IDS,
  notationWarnings,
  parseExamSegmental,
  romResult,
  type EncounterChart,
  type FlagId,
  type PatientFacts,
  type PatientFlag,
  type RegionId,
  type TechniqueId,
} from '../../../domain/omt/index.ts';
import type * as store from './store.ts';
import type { EncounterRow, LoadedChildren } from './store.ts';

/** Row ↔ chart mapping and response shapes of charting. No I/O. */

/**
 * The calendar date (YYYY-MM-DD) of an instant in a time zone; in UTC when the zone is unknown.
 * One formatter per zone, made once: a visit's view asks for dates of several instants per request.
 */
export function visitDate(at: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      f = null;
    }
    dayFormats.set(timeZone, f);
  }
  if (!f) return at.toISOString().slice(0, 10);
  let y = '';
  let m = '';
  let d = '';
  for (const p of f.formatToParts(at)) {
    if (p.type === 'year') y = p.value;
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
  }
  return `${y.padStart(4, '0')}-${m}-${d}`;
}
const dayFormats = new Map<string, Intl.DateTimeFormat | null>();

/** The chart of one encounter rebuilt from its rows (the shape the API accepts back). */
export function chartFromRows(enc: EncounterRow, ch: LoadedChildren): EncounterChart {
  const mine = <T extends { encounterId: string }>(rows: T[]) => rows.filter((r) => r.encounterId === enc.id);
  const diagnoses = mine(ch.diagnoses);
  const techniques = mine(ch.techniques);
  return {
    occurredAt: enc.occurredAt.toISOString(),
    practitionerId: enc.practitionerId,
    chiefComplaint: enc.chiefComplaint,
    historyUpdate: enc.historyUpdate,
    painBefore: enc.painBefore,
    painAfter: enc.painAfter,
    consent: {
      omt: enc.consentOmt as EncounterChart['consent']['omt'],
      hvla: enc.consentHvla as EncounterChart['consent']['hvla'],
      note: enc.consentNote,
    },
    sameDayEm: enc.sameDayEm ?? null,
    exam: mine(ch.findings).map((f) => ({
      region: f.region as RegionId,
      tart: {
        tissueTexture: f.tissueTexture,
        asymmetry: f.asymmetry,
        restriction: f.restriction,
        tenderness: f.tenderness,
      },
      segmental: diagnoses.filter((d) => d.region === f.region).map((d) => d.notation),
      otherDiagnoses: f.otherDiagnoses,
      tenderPoints: f.tenderPoints,
      note: f.note,
    })),
    rom: mine(ch.rom).map((r) => ({
      joint: r.joint as EncounterChart['rom'][number]['joint'],
      motion: r.motion as EncounterChart['rom'][number]['motion'],
      side: r.side as 'L' | 'R' | null,
      phase: r.phase as 'pre' | 'post',
      degrees: Number(r.degrees),
      normSet: r.normSet,
    })),
    treatment: mine(ch.treatments).map((t) => ({
      region: t.region as RegionId,
      response: t.response as EncounterChart['treatment'][number]['response'],
      tolerance: t.tolerance as EncounterChart['treatment'][number]['tolerance'],
      adverseEvents: t.adverseEvents,
      techniques: techniques
        .filter((x) => x.treatmentId === t.id)
        .map((x) => ({
          technique: x.technique as TechniqueId,
          holdSeconds: x.holdSeconds,
          repetitions: x.repetitions,
          tenderPoint: x.tenderPoint,
          note: x.note,
          safetyReason: x.safetyReason,
          override: x.override,
        })),
    })),
    redFlagReason: enc.redFlagReason,
    notes: enc.noteAdditions ?? {},
    followUp: enc.followUp,
  };
}

export const normalTart = (t: EncounterChart['exam'][number]['tart']) => ({
  tissueTexture: t.tissueTexture ?? null,
  asymmetry: t.asymmetry ?? null,
  restriction: t.restriction ?? null,
  tenderness: t.tenderness ?? null,
});

export const normalTenderPoint = (p: EncounterChart['exam'][number]['tenderPoints'][number]) => ({
  name: p.name,
  side: p.side ?? null,
  tenderness: p.tenderness ?? null,
  tendernessAfter: p.tendernessAfter ?? null,
});

/** The safety verdict a technique was charted under, by treatment and technique index. */
export type TechniqueVerdict = (
  i: number,
  j: number,
) => { verdict: string; rules: string[]; override: boolean } | null;

export function verdictsFromRows(enc: EncounterRow, ch: LoadedChildren): TechniqueVerdict {
  const treatments = ch.treatments.filter((t) => t.encounterId === enc.id);
  const techniques = ch.techniques.filter((t) => t.encounterId === enc.id);
  return (i, j) => {
    const row = techniques.filter((x) => x.treatmentId === treatments[i]?.id)[j];
    return row ? { verdict: row.safetyVerdict, rules: row.safetyRules, override: row.override } : null;
  };
}

/** The chart plus what is derived from it per entry (parsed notation, ROM norms, safety verdicts). */
export function enrichedChart(chart: EncounterChart, verdictOf: TechniqueVerdict) {
  return {
    exam: chart.exam.map((e) => {
      const parsed = parseExamSegmental(e);
      return {
        region: e.region,
        tart: normalTart(e.tart),
        segmental: parsed.map((d) => d.diagnosis.notation),
        otherDiagnoses: e.otherDiagnoses,
        tenderPoints: e.tenderPoints.map(normalTenderPoint),
        note: e.note ?? null,
        diagnoses: parsed.map((d) => ({ ...d.diagnosis, warnings: d.warnings })),
      };
    }),
    rom: chart.rom.map((r) => ({ ...r, side: r.side ?? null, ...romResult(r) })),
    treatment: chart.treatment.map((t, i) => ({
      ...t,
      response: t.response ?? null,
      tolerance: t.tolerance ?? null,
      adverseEvents: t.adverseEvents ?? null,
      techniques: t.techniques.map((x, j) => ({
        ...x,
        override: verdictOf(i, j)?.override ?? x.override,
        holdSeconds: x.holdSeconds ?? null,
        repetitions: x.repetitions ?? null,
        tenderPoint: x.tenderPoint ?? null,
        note: x.note ?? null,
        safetyReason: x.safetyReason ?? null,
        safety: verdictOf(i, j),
      })),
    })),
    warnings: notationWarnings(chart),
  };
}

const ENGINE_FLAGS: ReadonlySet<string> = new Set(FLAG_IDS);

/**
 * The safety engine's view of the patient record: conditions that are not resolved or inactive, and
 * the flags the rules know (region-aware for recent surgery).
 */
export function patientFacts(
  birthDate: string,
  facts: Pick<store.ChartingScopeRow, 'conditions' | 'flags'>,
): PatientFacts {
  return {
    birthDate,
    conditions: facts.conditions
      .filter((c) => c.clinicalStatus !== 'resolved' && c.clinicalStatus !== 'inactive')
      .map((c) => ({ code: c.code })),
    flags: facts.flags.flatMap((f): PatientFlag[] => {
      if (!ENGINE_FLAGS.has(f.flag)) return [];
      if (f.flag === 'recent-surgery')
        return [
          f.region ? { flag: 'recent-surgery', region: f.region as RegionId } : { flag: 'recent-surgery' },
        ];
      return [{ flag: f.flag as Exclude<FlagId, 'recent-surgery'> }];
    }),
  };
}

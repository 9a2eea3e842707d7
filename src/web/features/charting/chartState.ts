/**
 * The charting screen's state and the pure functions that feed it to the same engines the server runs
 * on save: previewCoding (coding.ts) and evaluateChartSafety → checkSafety (charting/safety.ts). No
 * React, no I/O: unit-tested in chartState.test.ts.
 */
import { previewCoding, type CodingResult } from '../../../domain/omt/coding.ts';
import { byRegion, codingInput, filled } from './derive';
import { tartPresent } from '../../../domain/omt/charting/chart.ts';
import { parseSegmentalDiagnosis, type SegmentalDiagnosis } from '../../../domain/omt/notation.ts';
import { REGION_BY_ID, REGION_IDS, type RegionId } from '../../../domain/omt/regions.ts';
import { DEFAULT_NORM_SET, percentOfNormal, ROM_NORM_SETS, type RomNorm } from '../../../domain/omt/rom.ts';
import { evaluateChartSafety, type ChartSafetyResult } from '../../../domain/omt/charting/safety.ts';
import { checkSafety, type PatientFacts, type PatientFlag } from '../../../domain/omt/safety/engine.ts';
import { FLAG_IDS, type FlagId } from '../../../domain/omt/safety/families.ts';
import type { Policy } from '../../../domain/omt/safety/rules.ts';
import { TECHNIQUE_IDS, type TechniqueId } from '../../../domain/omt/techniques.ts';
import type { Patient } from '../../../contracts/patients.ts';
import type { ProblemFieldError } from '../../../contracts/common.ts';
import type {
  ChartBody,
  Consent,
  EncounterView,
  ExamEntry,
  NoteAdditions,
  RomEntry,
  SameDayEm,
  TechniqueEntry,
  TreatmentEntry,
  TreatmentView,
} from '../../../contracts/charting.ts';
import { JOINT_REGION, romNeedsSide, TART_KEYS, type TartKey } from './vocab';

export { codingInput } from './derive';
export { tartPresent } from '../../../domain/omt/charting/chart.ts';

// ---------------------------------------------------------------------------------------------
// State

/** A ROM row while it is edited: the degrees may still be empty. */
export interface RomRow extends Omit<RomEntry, 'degrees'> {
  degrees: number | null;
}

export interface ChartState {
  chiefComplaint: string;
  historyUpdate: string;
  painBefore: number | null;
  painAfter: number | null;
  consent: Consent;
  sameDayEm: SameDayEm | null;
  /** At most one entry per region, kept in canonical region order. */
  exam: ExamEntry[];
  rom: RomRow[];
  treatment: TreatmentEntry[];
  redFlagReason: string | null;
  notes: NoteAdditions;
  followUp: string | null;
}

export const emptyTart = () => ({
  tissueTexture: null,
  asymmetry: null,
  restriction: null,
  tenderness: null,
});

export function emptyExam(region: RegionId): ExamEntry {
  return { region, tart: emptyTart(), segmental: [], otherDiagnoses: [], tenderPoints: [], note: null };
}

export function emptyTreatment(region: RegionId): TreatmentEntry {
  return { region, techniques: [], response: null, tolerance: null, adverseEvents: null };
}

export function newTechnique(technique: TechniqueId): TechniqueEntry {
  return {
    technique,
    holdSeconds: null,
    repetitions: null,
    tenderPoint: null,
    note: null,
    safetyReason: null,
    override: false,
  };
}

/** The editable chart of an encounter read from the API (derived fields dropped). */
export function stateFromEncounter(v: EncounterView): ChartState {
  return {
    chiefComplaint: v.chiefComplaint ?? '',
    historyUpdate: v.historyUpdate ?? '',
    painBefore: v.painBefore ?? null,
    painAfter: v.painAfter ?? null,
    consent: { omt: v.consent.omt, hvla: v.consent.hvla, note: v.consent.note ?? null },
    sameDayEm: v.sameDayEm ?? null,
    exam: byRegion(
      v.exam.map((e) => ({
        region: e.region,
        tart: { ...emptyTart(), ...e.tart },
        segmental: [...e.segmental],
        otherDiagnoses: [...e.otherDiagnoses],
        tenderPoints: e.tenderPoints.map((p) => ({ ...p })),
        note: e.note ?? null,
      })),
    ),
    rom: v.rom.map((r) => ({
      joint: r.joint,
      motion: r.motion,
      side: r.side ?? null,
      phase: r.phase,
      degrees: r.degrees,
      normSet: r.normSet ?? null,
    })),
    treatment: byRegion(
      v.treatment.map((t) => ({
        region: t.region,
        response: t.response ?? null,
        tolerance: t.tolerance ?? null,
        adverseEvents: t.adverseEvents ?? null,
        techniques: t.techniques.map((x) => ({
          technique: x.technique,
          holdSeconds: x.holdSeconds ?? null,
          repetitions: x.repetitions ?? null,
          tenderPoint: x.tenderPoint ?? null,
          note: x.note ?? null,
          safetyReason: x.safetyReason ?? null,
          override: x.override ?? false,
        })),
      })),
    ),
    redFlagReason: v.redFlagReason ?? null,
    notes: v.notes ?? {},
    followUp: v.followUp ?? null,
  };
}

/** A past visit's techniques for one region, to repeat today (dose kept; notes and safety reasons not). */
export function repeatTechniques(past: TreatmentView): TechniqueEntry[] {
  return past.techniques.map((x) => ({
    ...newTechnique(x.technique),
    holdSeconds: x.holdSeconds ?? null,
    repetitions: x.repetitions ?? null,
    tenderPoint: x.tenderPoint ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Region status (body map)

/** Anything documented for the region: a TART finding, a diagnosis or a tender point. */
export function examHasFindings(e: ExamEntry | undefined): boolean {
  if (!e) return false;
  return (
    tartPresent(e.tart) ||
    e.segmental.some(filled) ||
    e.otherDiagnoses.some(filled) ||
    e.tenderPoints.some((p) => filled(p.name))
  );
}

export interface RegionStatus {
  region: RegionId;
  findings: boolean;
  treated: boolean;
  /** Treated AND at least one TART finding: counts toward the CPT level. */
  counted: boolean;
  techniques: number;
}

export function regionStatuses(
  state: Pick<ChartState, 'exam' | 'treatment'>,
): Record<RegionId, RegionStatus> {
  const out = {} as Record<RegionId, RegionStatus>;
  for (const region of REGION_IDS) {
    const exam = state.exam.find((e) => e.region === region);
    const treatment = state.treatment.find((t) => t.region === region);
    const techniques = treatment?.techniques.length ?? 0;
    out[region] = {
      region,
      findings: examHasFindings(exam),
      treated: techniques > 0,
      counted: techniques > 0 && !!exam && tartPresent(exam.tart),
      techniques,
    };
  }
  return out;
}

export function regionStatusText(s: RegionStatus): string {
  const parts = [s.findings ? 'findings' : 'no findings', s.treated ? 'treated' : 'not treated'];
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Body for the API, and where its paths point back to in the state

export interface BodyIndex {
  /** For each body exam entry: its region and the state indices of its kept list items. */
  exam: { region: RegionId; segmental: number[]; otherDiagnoses: number[]; tenderPoints: number[] }[];
  treatment: RegionId[];
  /** State index of each body ROM row. */
  rom: number[];
}

const keep = <T>(items: T[], ok: (t: T) => boolean) => {
  const kept: T[] = [];
  const index: number[] = [];
  items.forEach((item, i) => {
    if (ok(item)) {
      kept.push(item);
      index.push(i);
    }
  });
  return { kept, index };
};

const blankToNull = (s: string | null | undefined) => (filled(s) ? s!.trim() : null);

const examIsEmpty = (e: ExamEntry) =>
  !TART_KEYS.some((k) => e.tart[k] !== null && e.tart[k] !== undefined) &&
  !examHasFindings(e) &&
  !filled(e.note);

export const SOAP_SECTIONS = ['subjective', 'objective', 'assessment', 'plan'] as const;
export type SoapSection = (typeof SOAP_SECTIONS)[number];

/** The state with one section's free-text addition replaced. */
export function withAddition(s: ChartState, section: SoapSection, text: string): ChartState {
  return { ...s, notes: { ...s.notes, [section]: text } };
}

/** Free-text additions as sent: trimmed, and empty sections left out (so clearing one is not an edit). */
export function noteAdditions(notes: NoteAdditions): NoteAdditions {
  const out: NoteAdditions = {};
  for (const k of SOAP_SECTIONS) {
    const v = blankToNull(notes[k]);
    if (v !== null) out[k] = v;
  }
  return out;
}

/**
 * The PUT body: empty list items and empty regions are left out, so half-typed rows never block a
 * save. ROM rows without degrees stay in (and are reported by `clientIssues`).
 */
export function chartBody(state: ChartState, version?: number): { body: ChartBody; index: BodyIndex } {
  const index: BodyIndex = { exam: [], treatment: [], rom: [] };
  const exam: ExamEntry[] = [];
  for (const e of state.exam) {
    if (examIsEmpty(e)) continue;
    const seg = keep(e.segmental, filled);
    const other = keep(e.otherDiagnoses, filled);
    const tps = keep(e.tenderPoints, (p) => filled(p.name) || p.tenderness !== null || p.side !== null);
    exam.push({
      region: e.region,
      tart: { ...e.tart },
      segmental: seg.kept.map((s) => s.trim()),
      otherDiagnoses: other.kept.map((s) => s.trim()),
      tenderPoints: tps.kept.map((p) => ({ ...p, name: p.name.trim() })),
      note: blankToNull(e.note),
    });
    index.exam.push({
      region: e.region,
      segmental: seg.index,
      otherDiagnoses: other.index,
      tenderPoints: tps.index,
    });
  }
  const treatment: TreatmentEntry[] = [];
  for (const t of state.treatment) {
    if (t.techniques.length === 0) continue;
    treatment.push({
      region: t.region,
      response: t.response,
      tolerance: t.tolerance,
      adverseEvents: blankToNull(t.adverseEvents),
      techniques: t.techniques.map((x) => ({
        ...x,
        tenderPoint: blankToNull(x.tenderPoint),
        note: blankToNull(x.note),
        safetyReason: blankToNull(x.safetyReason),
      })),
    });
    index.treatment.push(t.region);
  }
  const rom: RomEntry[] = state.rom.map((r, i) => {
    index.rom.push(i);
    return { ...r, degrees: r.degrees ?? Number.NaN };
  });
  const body: ChartBody = {
    chiefComplaint: state.chiefComplaint.trim(),
    historyUpdate: state.historyUpdate.trim(),
    painBefore: state.painBefore,
    painAfter: state.painAfter,
    consent: { ...state.consent, note: blankToNull(state.consent.note) },
    sameDayEm: state.sameDayEm,
    exam,
    rom,
    treatment,
    redFlagReason: blankToNull(state.redFlagReason),
    notes: noteAdditions(state.notes),
    followUp: blankToNull(state.followUp),
  };
  if (version !== undefined) body.version = version;
  return { body, index };
}

/**
 * A server field path (`treatment/0/techniques/1/safetyReason`) as a key of the state the screen
 * shows (`treatment:lumbar/techniques/1/safetyReason`), so the message lands beside its field even
 * when the body left empty items out.
 */
export function localKey(path: string, index: BodyIndex): string {
  const p = path.replace(/^\/+/, '').replace(/^body\//, '');
  const parts = p.split('/');
  const [section, rawI, field, rawJ, ...rest] = parts;
  const i = Number(rawI);
  if (section === 'exam' && Number.isInteger(i)) {
    const e = index.exam[i];
    if (!e) return p;
    if (field === undefined) return `exam:${e.region}`;
    if (
      (field === 'segmental' || field === 'otherDiagnoses' || field === 'tenderPoints') &&
      rawJ !== undefined
    ) {
      const j = e[field][Number(rawJ)] ?? Number(rawJ);
      return [`exam:${e.region}`, field, String(j), ...rest].join('/');
    }
    return [`exam:${e.region}`, ...parts.slice(2)].join('/');
  }
  if (section === 'treatment' && Number.isInteger(i)) {
    const region = index.treatment[i];
    if (!region) return p;
    return [`treatment:${region}`, ...parts.slice(2)].join('/');
  }
  if (section === 'rom' && Number.isInteger(i)) {
    const j = index.rom[i];
    if (j === undefined) return p;
    return [`rom:${j}`, ...parts.slice(2)].join('/');
  }
  return p;
}

/** The region a local key belongs to (for the error summary and the body map), if any. */
export function regionOfKey(key: string, state: Pick<ChartState, 'rom'>): RegionId | null {
  const m = /^(exam|treatment):([a-z-]+)/.exec(key);
  if (m && (REGION_IDS as readonly string[]).includes(m[2]!)) return m[2] as RegionId;
  const r = /^rom:(\d+)/.exec(key);
  if (r) {
    const row = state.rom[Number(r[1])];
    return row ? JOINT_REGION[row.joint] : null;
  }
  return null;
}

export function localizeErrors(
  errors: readonly ProblemFieldError[],
  index: BodyIndex,
): { key: string; message: string }[] {
  return errors.map((e) => ({ key: localKey(e.path, index), message: e.message }));
}

/** Checks made before a save that would otherwise only fail on the server. */
export function clientIssues(state: ChartState): { key: string; message: string }[] {
  const issues: { key: string; message: string }[] = [];
  state.rom.forEach((r, i) => {
    if (r.degrees === null || !Number.isFinite(r.degrees))
      issues.push({ key: `rom:${i}/degrees`, message: 'Enter the measured degrees, or remove the row.' });
    if (romNeedsSide(r.joint, r.motion) && !r.side)
      issues.push({ key: `rom:${i}/side`, message: 'Say which side was measured.' });
  });
  state.exam.forEach((e) => {
    e.segmental.forEach((s, j) => {
      if (!filled(s)) return;
      const reading = readSegmental(s, e.region);
      if (!reading.ok)
        issues.push({ key: `exam:${e.region}/segmental/${j}`, message: reading.errors.join(' ') });
    });
    e.tenderPoints.forEach((p, j) => {
      if (!filled(p.name) && (p.tenderness !== null || p.side !== null))
        issues.push({ key: `exam:${e.region}/tenderPoints/${j}/name`, message: 'Name the tender point.' });
    });
  });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Notation and ROM, live

export type SegmentalReading =
  | { ok: true; diagnosis: SegmentalDiagnosis; warnings: string[]; description: string }
  | { ok: false; errors: string[] };

const SIDE_WORD = { L: 'left', R: 'right' } as const;
const SAGITTAL_WORD = { N: 'neutral', F: 'flexed', E: 'extended' } as const;

/** A segmental diagnosis read with the domain parser, plus the server's "right region" check. */
export function readSegmental(input: string, region: RegionId): SegmentalReading {
  const r = parseSegmentalDiagnosis(input);
  if (!r.ok) return { ok: false, errors: r.errors };
  const d = r.value;
  if (!(d.regions as string[]).includes(region))
    return {
      ok: false,
      errors: [
        `${d.notation} is in the ${d.regions.join('/')} region, not ${REGION_BY_ID[region].label.toLowerCase()}: chart it under that region.`,
      ],
    };
  const segments = d.from === d.to ? d.from : `${d.from}–${d.to}`;
  const description = `${segments} ${SAGITTAL_WORD[d.sagittal]}, rotated ${SIDE_WORD[d.rotation]}, side-bent ${
    SIDE_WORD[d.sidebend]
  } (Fryette type ${d.fryetteType}${d.segments.length > 1 ? `, ${d.segments.length} segments` : ''})`;
  return { ok: true, diagnosis: d, warnings: r.warnings, description };
}

export interface RomReading {
  normal: RomNorm;
  normSet: string;
  normSetLabel: string;
  percent: number | null;
}

/** The norm for a row (the joint's default set unless one is chosen) and the percentage of normal. */
export function readRom(row: Pick<RomRow, 'joint' | 'motion' | 'degrees' | 'normSet'>): RomReading | null {
  const setId = row.normSet ?? DEFAULT_NORM_SET[row.joint];
  const set = ROM_NORM_SETS.find((s) => s.id === setId && s.joint === row.joint);
  const normal = set?.norms[row.motion];
  if (!set || !normal) return null;
  const percent =
    row.degrees !== null && Number.isFinite(row.degrees) && row.degrees >= 0
      ? percentOfNormal(row.degrees, normal)
      : null;
  return { normal, normSet: set.id, normSetLabel: set.label, percent };
}

export function formatNorm(n: RomNorm): string {
  if (n.atLeast) return `≥${n.low}°`;
  return n.low === n.high ? `${n.low}°` : `${n.low}–${n.high}°`;
}

// ---------------------------------------------------------------------------------------------
// Coding, live

/** previewCoding plus the chart-level warnings the server adds (charting/derive.ts `codeChart`). */
export function liveCoding(state: ChartState): CodingResult {
  const coding = previewCoding(codingInput(state));
  const extra: string[] = [];
  if (state.treatment.some((t) => t.techniques.length > 0)) {
    if (!state.chiefComplaint.trim())
      extra.push(
        'No chief complaint: the indication for OMT (medical necessity) is not documented, a common reason for denial.',
      );
    if (state.painBefore === null)
      extra.push(
        'No pain score before treatment: payers expect measurable limitations and outcome scores, or deny the visit as maintenance care.',
      );
  }
  return { ...coding, warnings: [...coding.warnings, ...extra] };
}

// ---------------------------------------------------------------------------------------------
// Safety, live

const ENGINE_FLAGS: ReadonlySet<string> = new Set(FLAG_IDS);

/**
 * The safety engine's view of the patient record, as the server builds it (charting/view.ts
 * `patientFacts`): conditions that are not resolved or inactive, and the flags the rules know.
 */
export function patientFacts(patient: Pick<Patient, 'birthDate' | 'conditions' | 'flags'>): PatientFacts {
  return {
    birthDate: patient.birthDate,
    conditions: patient.conditions
      .filter((c) => c.clinicalStatus !== 'resolved' && c.clinicalStatus !== 'inactive')
      .map((c) => ({ code: c.code })),
    flags: patient.flags.flatMap((f): PatientFlag[] => {
      if (!ENGINE_FLAGS.has(f.flag)) return [];
      if (f.flag === 'recent-surgery')
        return [
          f.region && (REGION_IDS as readonly string[]).includes(f.region)
            ? { flag: 'recent-surgery', region: f.region }
            : { flag: 'recent-surgery' },
        ];
      return [{ flag: f.flag as Exclude<FlagId, 'recent-surgery'> }];
    }),
  };
}

export interface SafetyContext {
  patient: PatientFacts;
  policy: Policy;
  allowOverride: boolean;
  /** The visit's date: age rules are evaluated as of then. */
  asOf: string;
}

/** The write-path safety check on the body that Save would send (same paths as a 422 problem). */
export function liveSafety(body: ChartBody, ctx: SafetyContext): ChartSafetyResult {
  return evaluateChartSafety({
    chart: body,
    patient: ctx.patient,
    policy: ctx.policy,
    allowOverride: ctx.allowOverride,
    asOf: ctx.asOf,
  });
}

/** Every technique's verdict for one region, to mark the technique picker before anything is added. */
export function verdictsForRegion(region: RegionId, ctx: SafetyContext) {
  const result = checkSafety({
    patient: ctx.patient,
    plan: TECHNIQUE_IDS.map((technique) => ({ technique, region })),
    policy: ctx.policy,
    asOf: ctx.asOf,
  });
  return new Map(result.results.map((r) => [r.technique, r]));
}

export type { TartKey };

// ---------------------------------------------------------------------------------------------
// Immutable updates by region

/** The state with one region's exam entry replaced (created, in canonical order, when missing). */
export function withExam(s: ChartState, region: RegionId, fn: (e: ExamEntry) => ExamEntry): ChartState {
  const current = s.exam.find((e) => e.region === region) ?? emptyExam(region);
  return { ...s, exam: byRegion([...s.exam.filter((e) => e.region !== region), fn(current)]) };
}

/** The state with one region's treatment replaced (created, in canonical order, when missing). */
export function withTreatment(
  s: ChartState,
  region: RegionId,
  fn: (t: TreatmentEntry) => TreatmentEntry,
): ChartState {
  const current = s.treatment.find((t) => t.region === region) ?? emptyTreatment(region);
  return { ...s, treatment: byRegion([...s.treatment.filter((t) => t.region !== region), fn(current)]) };
}

/** Replaces item `i` of an array. */
export function replaceAt<T>(items: readonly T[], i: number, next: T): T[] {
  return items.map((item, k) => (k === i ? next : item));
}

export function removeAt<T>(items: readonly T[], i: number): T[] {
  return items.filter((_, k) => k !== i);
}

/**
 * What a field key depends on, as a string: a server error is shown beside its field only while
 * this is unchanged, so editing a region (which may shift technique indices) retires its old errors.
 */
export function sectionSnapshot(key: string, s: ChartState): string {
  const region = /^(exam|treatment):([a-z-]+)/.exec(key);
  if (region) {
    const list = region[1] === 'exam' ? s.exam : s.treatment;
    return JSON.stringify(list.find((e) => e.region === region[2]) ?? null);
  }
  if (key.startsWith('rom:')) return JSON.stringify(s.rom);
  const field = key.split('/')[0] as keyof ChartState;
  return JSON.stringify(s[field] ?? null);
}

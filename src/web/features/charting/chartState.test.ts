import { describe, expect, it } from 'vitest';
import { codeChart } from '../../../domain/omt/charting/derive.ts';
import { encounterChartSchema } from '../../../contracts/charting.ts';
import type { Patient } from '../../../contracts/patients.ts';
import { ICD10_CM_SYSTEM } from '../../../domain/omt/icd10.ts';
import {
  chartBody,
  clientIssues,
  codingInput,
  emptyExam,
  emptyTreatment,
  liveCoding,
  liveSafety,
  localKey,
  newTechnique,
  noteAdditions,
  patientFacts,
  withAddition,
  readRom,
  readSegmental,
  regionOfKey,
  regionStatuses,
  repeatTechniques,
  sectionSnapshot,
  verdictsForRegion,
  type ChartState,
} from './chartState';
import type { TreatmentView } from '../../../contracts/charting.ts';

function state(over: Partial<ChartState> = {}): ChartState {
  return {
    chiefComplaint: 'Low back pain',
    historyUpdate: '',
    painBefore: 6,
    painAfter: null,
    consent: { omt: 'given', hvla: 'not-asked', note: null },
    sameDayEm: null,
    exam: [],
    rom: [],
    treatment: [],
    redFlagReason: null,
    notes: {},
    followUp: null,
    ...over,
  };
}

const lumbar = {
  ...emptyExam('lumbar'),
  tart: { tissueTexture: 2, asymmetry: 0, restriction: 1, tenderness: null },
};
const thoracicNoFinding = {
  ...emptyExam('thoracic'),
  tart: { tissueTexture: 0, asymmetry: 0, restriction: 0, tenderness: 0 },
};
const treat = (
  region: ChartState['treatment'][number]['region'],
  ...t: Parameters<typeof newTechnique>[0][]
) => ({
  ...emptyTreatment(region),
  techniques: t.map(newTechnique),
});

describe('chart state → coding input', () => {
  it('counts a region only when treated AND with a TART finding', () => {
    const s = state({
      exam: [lumbar, thoracicNoFinding, { ...emptyExam('sacral'), otherDiagnoses: ['Left-on-left torsion'] }],
      treatment: [treat('lumbar', 'counterstrain'), treat('thoracic', 'soft-tissue'), treat('cervical')],
      sameDayEm: { significantAndSeparate: true },
    });
    const input = codingInput(s);
    expect(input.regions).toEqual(['thoracic', 'lumbar']);
    expect(input.diagnosedRegions).toEqual(['lumbar', 'sacral']);
    expect(input.findings.find((f) => f.region === 'lumbar')?.tart).toEqual({
      tissueTexture: true,
      asymmetry: false,
      restriction: true,
      tenderness: false,
    });
    const coding = liveCoding(s);
    expect(coding).toMatchObject({
      regionCount: 1,
      cpt: '98925',
      excludedRegions: ['thoracic'],
      em: { modifier: '25' },
    });
    expect(coding.icd10).toEqual([{ region: 'lumbar', code: 'M99.03' }]);
  });

  it('gives the same coding as the server’s codeChart for the body it sends', () => {
    const s = state({
      chiefComplaint: '',
      painBefore: null,
      exam: [lumbar, thoracicNoFinding, { ...emptyExam('sacral'), tart: { ...lumbar.tart } }],
      treatment: [
        treat('lumbar', 'counterstrain'),
        treat('sacral', 'balanced-ligamentous-tension'),
        treat('thoracic', 'soft-tissue'),
      ],
      sameDayEm: { significantAndSeparate: false },
    });
    const { body } = chartBody(s);
    const server = codeChart(encounterChartSchema.parse(body));
    const live = liveCoding(s);
    expect(live.cpt).toBe(server.cpt);
    expect(live.regionCount).toBe(server.regionCount);
    expect(live.icd10).toEqual(server.icd10);
    expect(live.em).toEqual(server.em);
    expect(live.warnings).toEqual(server.warnings);
  });
});

describe('body map marking', () => {
  it('marks findings, treatment and what counts toward the CPT level', () => {
    const s = state({
      exam: [lumbar, thoracicNoFinding, { ...emptyExam('cervical'), segmental: ['C3 ERS(L)'] }],
      treatment: [treat('lumbar', 'counterstrain', 'soft-tissue'), treat('thoracic', 'soft-tissue')],
    });
    const st = regionStatuses(s);
    expect(st.lumbar).toMatchObject({ findings: true, treated: true, counted: true, techniques: 2 });
    expect(st.thoracic).toMatchObject({ findings: false, treated: true, counted: false });
    expect(st.cervical).toMatchObject({ findings: true, treated: false, counted: false });
    expect(st.head).toMatchObject({ findings: false, treated: false });
    expect(Object.keys(st)).toHaveLength(10);
  });
});

describe('the PUT body and its error paths', () => {
  const s = state({
    exam: [
      emptyExam('head'),
      { ...emptyExam('thoracic'), tart: { ...lumbar.tart }, segmental: ['', 'T4 ERS(L)', ' ', 'T9 ERS(R)'] },
    ],
    treatment: [emptyTreatment('cervical'), treat('thoracic', 'hvla', 'counterstrain')],
    rom: [
      { joint: 'lumbar', motion: 'flexion', side: null, phase: 'pre', degrees: 35, normSet: null },
      { joint: 'hip', motion: 'flexion', side: 'L', phase: 'pre', degrees: 100, normSet: null },
    ],
  });

  it('leaves out empty regions and items, and is accepted by the chart schema', () => {
    const { body, index } = chartBody(s, 4);
    expect(body.exam.map((e) => e.region)).toEqual(['thoracic']);
    expect(body.exam[0]!.segmental).toEqual(['T4 ERS(L)', 'T9 ERS(R)']);
    expect(body.treatment.map((t) => t.region)).toEqual(['thoracic']);
    expect(body.version).toBe(4);
    expect(index.exam[0]!.segmental).toEqual([1, 3]);
    expect(encounterChartSchema.safeParse(body).success).toBe(true);
  });

  it('sends free-text additions trimmed, without empty sections, as the schema and the note expect', () => {
    let next = withAddition(s, 'assessment', '  Improving; continue OMT.\n');
    next = withAddition(next, 'subjective', '   ');
    next = withAddition(next, 'plan', 'Recheck in 2 weeks.');
    const { body } = chartBody(next);
    expect(body.notes).toEqual({ assessment: 'Improving; continue OMT.', plan: 'Recheck in 2 weeks.' });
    const parsed = encounterChartSchema.parse(body);
    expect(parsed.notes).toEqual(body.notes);
    // Typing an addition and clearing it again is not an unsaved change.
    const cleared = withAddition(withAddition(s, 'objective', 'Gait normal.'), 'objective', '');
    expect(JSON.stringify(chartBody(cleared).body)).toBe(JSON.stringify(chartBody(s).body));
    // Other sections are kept when one is edited.
    expect(withAddition(next, 'plan', 'Recheck in 3 weeks.').notes).toEqual({
      assessment: '  Improving; continue OMT.\n',
      subjective: '   ',
      plan: 'Recheck in 3 weeks.',
    });
    expect(noteAdditions({ subjective: null, objective: undefined })).toEqual({});
  });

  it('maps server paths back to the fields on screen', () => {
    const { index } = chartBody(s);
    expect(localKey('exam/0/segmental/1', index)).toBe('exam:thoracic/segmental/3');
    expect(localKey('/body/exam/0/tart/tenderness', index)).toBe('exam:thoracic/tart/tenderness');
    expect(localKey('treatment/0/techniques/1/safetyReason', index)).toBe(
      'treatment:thoracic/techniques/1/safetyReason',
    );
    expect(localKey('rom/1/side', index)).toBe('rom:1/side');
    expect(localKey('consent/omt', index)).toBe('consent/omt');
    expect(regionOfKey('treatment:thoracic/techniques/1/technique', s)).toBe('thoracic');
    expect(regionOfKey('rom:1/side', s)).toBe('lower-extremity');
    expect(regionOfKey('chiefComplaint', s)).toBeNull();
  });

  it('reports what the server would refuse before sending it', () => {
    const bad = state({
      exam: [{ ...emptyExam('rib-cage'), segmental: ['T5-T9 NSLRR'] }],
      rom: [{ joint: 'hip', motion: 'flexion', side: null, phase: 'pre', degrees: null, normSet: null }],
    });
    expect(clientIssues(bad).map((i) => i.key)).toEqual([
      'rom:0/degrees',
      'rom:0/side',
      'exam:rib-cage/segmental/0',
    ]);
  });
});

describe('notation and ROM readings', () => {
  it('reads notation, its Fryette warnings and the region check', () => {
    const ok = readSegmental('t4 ers(l)', 'thoracic');
    expect(ok).toMatchObject({
      ok: true,
      diagnosis: { notation: 'T4 ERS(L)', fryetteType: 'II' },
      warnings: [],
    });
    if (ok.ok) expect(ok.description).toBe('T4 extended, rotated left, side-bent left (Fryette type II)');
    const warned = readSegmental('T5-T9 NSLRL', 'thoracic');
    expect(warned.ok && warned.warnings[0]).toMatch(/opposite sides/);
    const wrongRegion = readSegmental('T5-T9 NSLRR', 'rib-cage');
    expect(wrongRegion.ok).toBe(false);
    expect(readSegmental('T13 ERS(L)', 'thoracic').ok).toBe(false);
  });

  it('shows the norm and the percentage of normal', () => {
    expect(readRom({ joint: 'lumbar', motion: 'flexion', degrees: 35, normSet: null })).toMatchObject({
      normal: { low: 50, high: 50 },
      normSet: 'lumbar-physiopedia',
      percent: 70,
    });
    expect(
      readRom({ joint: 'hip', motion: 'internal-rotation', degrees: null, normSet: null })?.percent,
    ).toBeNull();
    expect(
      readRom({ joint: 'cervical', motion: 'rotation', degrees: 40, normSet: 'cervical-bone-and-spine' }),
    ).toBeNull();
  });
});

describe('live safety', () => {
  const patient: Pick<Patient, 'birthDate' | 'conditions' | 'flags'> = {
    birthDate: '1946-04-09',
    conditions: [
      {
        system: ICD10_CM_SYSTEM,
        code: 'M81.0',
        display: 'Osteoporosis',
        clinicalStatus: 'active',
        onsetDate: null,
      },
      {
        system: ICD10_CM_SYSTEM,
        code: 'C79.51',
        display: 'Old metastasis',
        clinicalStatus: 'resolved',
        onsetDate: null,
      },
    ],
    flags: [{ flag: 'fall-risk' }, { flag: 'recent-surgery', region: 'upper-extremity' }],
  };

  it('builds the engine’s patient facts like the server', () => {
    expect(patientFacts(patient)).toEqual({
      birthDate: '1946-04-09',
      conditions: [{ code: 'M81.0' }],
      flags: [{ flag: 'recent-surgery', region: 'upper-extremity' }],
    });
  });

  it('refuses what the server would refuse, on the same paths', () => {
    const ctx = {
      patient: patientFacts(patient),
      policy: 'strict' as const,
      allowOverride: false,
      asOf: '2026-11-20',
    };
    const s = state({
      exam: [{ ...emptyExam('thoracic'), tart: { ...lumbar.tart } }],
      treatment: [treat('thoracic', 'hvla', 'counterstrain')],
    });
    const result = liveSafety(chartBody(s).body, ctx);
    expect(result.items.map((i) => [i.technique, i.verdict])).toEqual([
      ['hvla', 'contraindicated'],
      ['counterstrain', 'ok'],
    ]);
    expect(result.problems.map((p) => p.path)).toEqual([
      'consent/hvla',
      'treatment/0/techniques/0/technique',
    ]);
    expect(verdictsForRegion('thoracic', ctx).get('hvla')?.verdict).toBe('contraindicated');
  });
});

describe('repeating last visit’s treatment', () => {
  it('repeats techniques with their dose, without the old notes, reasons and overrides', () => {
    const past: TreatmentView = {
      ...emptyTreatment('lumbar'),
      response: 'improved',
      techniques: [
        {
          ...newTechnique('counterstrain'),
          holdSeconds: 90,
          tenderPoint: 'PL5',
          safetyReason: 'old reason here',
          override: true,
          safety: null,
        },
      ],
    };
    expect(repeatTechniques(past)).toEqual([
      { ...newTechnique('counterstrain'), holdSeconds: 90, tenderPoint: 'PL5' },
    ]);
  });
});

describe('server errors retire when their part of the chart is edited', () => {
  it('snapshots the section a field key belongs to', () => {
    const s = state({ treatment: [treat('thoracic', 'hvla', 'counterstrain')], exam: [lumbar] });
    const key = 'treatment:thoracic/techniques/0/technique';
    const before = sectionSnapshot(key, s);
    const other = { ...s, exam: [{ ...lumbar, segmental: ['L4 FRS(R)'] }] };
    expect(sectionSnapshot(key, other)).toBe(before);
    const removed = { ...s, treatment: [treat('thoracic', 'counterstrain')] };
    expect(sectionSnapshot(key, removed)).not.toBe(before);
    expect(sectionSnapshot('consent/hvla', s)).not.toBe(
      sectionSnapshot('consent/hvla', { ...s, consent: { ...s.consent, hvla: 'given' } }),
    );
    expect(sectionSnapshot('chiefComplaint', s)).toBe('"Low back pain"');
  });
});

import { describe, expect, it } from 'vitest';
import type { PatientFacts } from '../safety/engine.ts';
import { codeChart } from './derive.ts';
import { evaluateChartSafety } from './safety.ts';
import { encounterChartSchema, type EncounterChartInput } from '../../../contracts/charting.ts';

const run = (
  input: EncounterChartInput,
  patient: PatientFacts,
  opts: { policy?: 'strict' | 'lenient'; allowOverride?: boolean } = {},
) =>
  evaluateChartSafety({
    chart: encounterChartSchema.parse({ consent: { omt: 'given', hvla: 'given' }, ...input }),
    patient,
    policy: opts.policy ?? 'strict',
    allowOverride: opts.allowOverride ?? false,
    asOf: '2027-03-10',
  });
const treat = (region: string, technique: string, extra: Record<string, unknown> = {}) =>
  ({ treatment: [{ region, techniques: [{ technique, ...extra }] }] }) as EncounterChartInput;
const paths = (r: ReturnType<typeof run>) => r.problems.map((p) => p.path);

describe('safety on the charting write path', () => {
  it('is region-aware: recent lumbar surgery blocks lumbar thrust, not cervical', () => {
    const patient: PatientFacts = {
      birthDate: '1970-01-01',
      flags: [{ flag: 'recent-surgery', region: 'lumbar' }],
    };
    expect(run(treat('cervical', 'muscle-energy'), patient).items[0]!.verdict).toBe('ok');
    const lumbar = run(treat('lumbar', 'muscle-energy'), patient);
    expect(lumbar.items[0]).toMatchObject({ verdict: 'contraindicated', decision: 'refused' });
    expect(paths(lumbar)).toEqual(['treatment/0/techniques/0/technique']);
    expect(lumbar.problems[0]!.rules).toEqual(['met-recent-surgery']);
  });

  it('needs a reason of at least 10 characters for a caution', () => {
    const patient: PatientFacts = { birthDate: '1970-01-01', flags: [{ flag: 'anticoagulated' }] };
    expect(paths(run(treat('thoracic', 'myofascial-release'), patient))).toEqual([
      'treatment/0/techniques/0/safetyReason',
    ]);
    expect(
      paths(run(treat('thoracic', 'myofascial-release', { safetyReason: 'ok fine' }), patient)),
    ).toHaveLength(1);
    const ok = run(treat('thoracic', 'myofascial-release', { safetyReason: '  INR 2.2 today  ' }), patient);
    expect(ok.problems).toEqual([]);
    expect(ok.items[0]).toMatchObject({
      verdict: 'caution',
      decision: 'caution-acknowledged',
      reason: 'INR 2.2 today',
    });
  });

  it('follows the clinic policy where sources disagree', () => {
    const osteoporosis: PatientFacts = { birthDate: '1950-01-01', conditions: [{ code: 'M81.0' }] };
    expect(run(treat('thoracic', 'hvla'), osteoporosis).items[0]!.verdict).toBe('contraindicated');
    expect(run(treat('thoracic', 'hvla'), osteoporosis, { policy: 'lenient' }).items[0]!.verdict).toBe(
      'caution',
    );
  });

  it('overrides only when the clinic allows it, with override set and a reason; never lack of consent', () => {
    const patient: PatientFacts = { birthDate: '1950-01-01', conditions: [{ code: 'M81.0' }] };
    const reason = { override: true, safetyReason: 'Discussed risks; patient insists, low force' };
    expect(run(treat('thoracic', 'hvla', reason), patient).problems[0]!.message).toMatch(
      /does not allow overrides/,
    );
    expect(paths(run(treat('thoracic', 'hvla'), patient, { allowOverride: true }))).toEqual([
      'treatment/0/techniques/0/override',
    ]);
    const done = run(treat('thoracic', 'hvla', reason), patient, { allowOverride: true });
    expect(done.problems).toEqual([]);
    expect(done.items[0]).toMatchObject({ decision: 'override', reason: reason.safetyReason });
    const refused: PatientFacts = { flags: [{ flag: 'no-consent' }] };
    const locked = run(treat('lumbar', 'counterstrain', reason), refused, { allowOverride: true });
    expect(locked.problems[0]).toMatchObject({
      path: 'treatment/0/techniques/0/technique',
      rules: ['no-consent'],
    });
    expect(locked.problems[0]!.message).toMatch(/cannot be overridden/);
  });

  it('requires recorded consent, HVLA consent separately, and a reason to treat despite red flags', () => {
    const none = evaluateChartSafety({
      chart: encounterChartSchema.parse({ consent: { omt: 'declined' }, ...treat('lumbar', 'hvla') }),
      patient: {},
      policy: 'strict',
      allowOverride: false,
      asOf: '2027-03-10',
    });
    expect(none.problems.map((p) => [p.path, p.message])).toEqual([
      ['consent/omt', 'The patient declined OMT: no technique may be charted as performed.'],
      ['consent/hvla', 'HVLA needs its own consent: record that the patient consented to thrust techniques.'],
    ]);
    const caudaEquina: PatientFacts = { conditions: [{ code: 'G83.4' }] };
    const flagged = run(treat('thoracic', 'counterstrain'), caudaEquina);
    expect(flagged.problems.map((p) => [p.path, p.rules])).toEqual([['redFlagReason', ['cauda-equina']]]);
    expect(
      run(
        { ...treat('thoracic', 'counterstrain'), redFlagReason: 'Referred today; gentle work only' },
        caudaEquina,
      ).problems,
    ).toEqual([]);
    // An exam-only visit needs neither consent nor a red-flag reason.
    expect(
      run(
        { consent: { omt: 'not-asked' }, exam: [{ region: 'lumbar', tart: { tenderness: 2 } }] },
        caudaEquina,
      ).problems,
    ).toEqual([]);
  });
});

describe('chart schema and derived coding', () => {
  it('normalises TART words to 0–3 and refuses unknown keys at the top level', () => {
    const chart = encounterChartSchema.parse({
      exam: [{ region: 'lumbar', tart: { tenderness: 'severe', asymmetry: 0 } }],
    });
    expect(chart.exam[0]!.tart).toEqual({ tenderness: 3, asymmetry: 0 });
    const bad = encounterChartSchema.safeParse({ status: 'signed' });
    expect(bad.success).toBe(false);
  });

  it('names the field of every cross-field problem', () => {
    const res = encounterChartSchema.safeParse({
      exam: [{ region: 'thoracic', segmental: ['L2 FRS(R)', 'T4 ERS(L)'] }, { region: 'thoracic' }],
      rom: [
        { joint: 'cervical', motion: 'flexion', side: 'L', degrees: 40 },
        { joint: 'shoulder', motion: 'flexion', side: 'L', degrees: 170, normSet: 'hip-wilson-afp' },
      ],
      treatment: [
        { region: 'lumbar', techniques: [{ technique: 'counterstrain' }] },
        { region: 'lumbar', techniques: [{ technique: 'soft-tissue' }] },
        { region: 'sacral', techniques: [] },
      ],
    });
    expect(res.success).toBe(false);
    const issues = res.error!.issues.map((i) => i.path.join('/'));
    expect(issues.sort()).toEqual(
      [
        'exam/0/segmental/0',
        'exam/1/region',
        'rom/0/side',
        'rom/1/normSet',
        'treatment/1/region',
        'treatment/2/techniques',
      ].sort(),
    );
  });

  it('counts a region only when treated and TART-documented, and warns about what gets claims denied', () => {
    const chart = encounterChartSchema.parse({
      chiefComplaint: '',
      exam: [
        { region: 'cervical', tart: { tenderness: 1 } },
        { region: 'thoracic', tart: { tenderness: 0 }, segmental: ['T4 ERS(L)'] },
        { region: 'lumbar', tart: { restriction: 2 } },
      ],
      treatment: [
        { region: 'cervical', techniques: [{ technique: 'soft-tissue' }] },
        { region: 'thoracic', techniques: [{ technique: 'soft-tissue' }] },
      ],
    });
    const coding = codeChart(chart);
    expect(coding).toMatchObject({ regionCount: 1, cpt: '98925', excludedRegions: ['thoracic'] });
    expect(coding.warningDetails.map((w) => [w.code, w.region ?? null])).toEqual([
      ['region-without-somatic-dysfunction', 'thoracic'],
      ['diagnosed-not-treated', 'lumbar'],
      ['no-chief-complaint', null],
      ['no-pain-score', null],
    ]);
  });
});

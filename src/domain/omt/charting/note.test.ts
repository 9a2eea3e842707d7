import { describe, expect, it } from 'vitest';
import { codeChart } from './derive.ts';
import { generateSoapNote, type NoteInput } from './note.ts';
import { evaluateChartSafety } from './safety.ts';
import { encounterChartSchema, type EncounterChartInput } from '../../../contracts/charting.ts';
import { generateVisitSummary, listWords } from './summary.ts';

const base: EncounterChartInput = {
  chiefComplaint: 'Low back pain after gardening',
  historyUpdate: 'Better since last visit',
  painBefore: 6,
  painAfter: 3,
  consent: { omt: 'given', note: 'Risks and benefits discussed' },
  exam: [
    {
      region: 'lumbar',
      tart: { tissueTexture: 'moderate', restriction: 2, tenderness: 3, asymmetry: 0 },
      segmental: ['l4 frs(r)'],
      tenderPoints: [{ name: 'PL5', side: 'R', tenderness: 7, tendernessAfter: 2 }],
    },
    { region: 'sacral', tart: { asymmetry: 1 }, otherDiagnoses: ['Left-on-left forward torsion'] },
    { region: 'cervical', tart: {} },
  ],
  rom: [
    { joint: 'lumbar', motion: 'flexion', degrees: 35 },
    { joint: 'shoulder', motion: 'flexion', side: 'R', degrees: 150 },
    { joint: 'lumbar', motion: 'flexion', degrees: 45, phase: 'post' },
  ],
  treatment: [
    {
      region: 'lumbar',
      techniques: [
        { technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'PL5' },
        { technique: 'myofascial-release', safetyReason: 'INR checked today, 2.3' },
      ],
      response: 'improved',
      tolerance: 'good',
    },
    {
      region: 'sacral',
      techniques: [{ technique: 'balanced-ligamentous-tension' }],
      response: 'resolved',
      tolerance: 'good',
      adverseEvents: 'None',
    },
  ],
  sameDayEm: { significantAndSeparate: true },
  notes: { plan: 'Home exercise: pelvic tilts twice daily.' },
  followUp: 'Return in 2 weeks',
};

const patient = {
  birthDate: '1980-01-01',
  flags: [{ flag: 'anticoagulated' as const }],
  conditions: [{ code: 'M54.50' }],
};

function noteFor(input: EncounterChartInput, extra: Partial<NoteInput> = {}) {
  const chart = encounterChartSchema.parse(input);
  const safety = evaluateChartSafety({
    chart,
    patient,
    policy: 'strict',
    allowOverride: false,
    asOf: '2027-03-10',
  });
  return generateSoapNote({
    visitDate: '2027-03-10',
    practitionerName: 'Dr. Sam Rivera, DO',
    patient: {
      name: 'Maria Alvarez',
      birthDate: '1984-06-12',
      conditions: [{ code: 'M54.50', display: 'Low back pain, unspecified' }],
    },
    chart,
    coding: codeChart(chart),
    safety: safety.items,
    redFlags: safety.redFlags,
    ...extra,
  });
}

describe('SOAP note generator', () => {
  it('writes the four sections as readable prose from the structured chart', () => {
    const note = noteFor(base);
    expect(note.subjective).toBe(
      [
        'Chief complaint: Low back pain after gardening.',
        'Pain before treatment: 6/10 (numeric rating scale).',
        'History update: Better since last visit.',
      ].join('\n'),
    );
    expect(note.objective).toBe(
      [
        'Structural examination:',
        '- Lumbar: TART: tissue texture change (moderate), restriction of motion (moderate), tenderness (severe); no asymmetry; segmental diagnosis L4 FRS(R); tender points: PL5 (right, 7/10, 2/10 after treatment).',
        '- Sacral: TART: asymmetry (mild); Left-on-left forward torsion.',
        '- Cervical: no somatic dysfunction found.',
        'Range of motion (goniometer):',
        '- Lumbar spine flexion: 35° (70% of normal 50°, Physiopedia (average healthy) norms).',
        '- Shoulder flexion, right: 150° (83.3% of normal 180°, AAOS norms).',
        'Range of motion after treatment (goniometer):',
        '- Lumbar spine flexion: 45° (90% of normal 50°, Physiopedia (average healthy) norms).',
      ].join('\n'),
    );
    expect(note.assessment).toBe(
      [
        'Somatic dysfunction:',
        '- M99.03 somatic dysfunction of the lumbar region.',
        '- M99.04 somatic dysfunction of the sacral region.',
        'Conditions on record:',
        '- M54.50 Low back pain, unspecified.',
        'Same-day E/M: significant and separately identifiable (modifier 25).',
      ].join('\n'),
    );
    expect(note.plan).toBe(
      [
        'Consent: OMT given; HVLA not asked. Risks and benefits discussed.',
        'OMT performed; 2 regions with documented somatic dysfunction (CPT 98925):',
        '- Lumbar: counterstrain (tender point PL5, held 90 s), myofascial release. Response: improved. Tolerated well.',
        '- Sacral: balanced ligamentous tension. Response: dysfunction resolved. Tolerated well. Adverse events: None.',
        'Caution acknowledged for myofascial release on the lumbar region (mfr-anticoagulation): INR checked today, 2.3.',
        'Pain after treatment: 3/10 (6/10 before).',
        'Aftercare: advised that soreness for 24–48 hours is common; stay gently active, use heat for comfort, and call the clinic if pain worsens or new symptoms appear.',
        'Follow-up: Return in 2 weeks.',
        'Home exercise: pelvic tilts twice daily.',
      ].join('\n'),
    );
  });

  it('marks diagnosed but untreated regions and adds free-text additions to their section', () => {
    const note = noteFor({
      ...base,
      treatment: [base.treatment![0]!],
      notes: {
        subjective: 'Patient reports sleeping better.',
        objective: 'Gait normal.',
        assessment: 'Improving.',
      },
    });
    expect(note.assessment).toContain('- M99.04 somatic dysfunction of the sacral region (not treated).');
    expect(note.assessment.split('\n').at(-1)).toBe('Improving.');
    expect(note.subjective.split('\n').at(-1)).toBe('Patient reports sleeping better.');
    expect(note.objective.split('\n').at(-1)).toBe('Gait normal.');
    expect(note.plan).toContain('OMT performed; 1 region with documented somatic dysfunction (CPT 98925):');
  });

  it('says what is missing instead of inventing it', () => {
    const note = noteFor({ consent: { omt: 'not-asked' } });
    expect(note.subjective).toBe('Chief complaint: not recorded.');
    expect(note.objective).toBe('Structural examination: not documented.');
    expect(note.assessment).toBe(
      'No somatic dysfunction documented.\nConditions on record:\n- M54.50 Low back pain, unspecified.',
    );
    expect(note.plan).toBe('Consent: OMT not asked; HVLA not asked.\nNo OMT performed at this visit.');
  });

  it('documents overrides, non-billable E/M and red flags', () => {
    const chart = encounterChartSchema.parse({
      ...base,
      sameDayEm: { significantAndSeparate: false },
      redFlagReason: 'Urgent referral made; gentle positional work only',
      treatment: [
        {
          region: 'lumbar',
          techniques: [
            { technique: 'muscle-energy', override: true, safetyReason: 'INR 2.1 checked this morning' },
          ],
        },
      ],
    });
    const patientWithRedFlag = { ...patient, conditions: [{ code: 'G83.4' }] };
    const safety = evaluateChartSafety({
      chart,
      patient: patientWithRedFlag,
      policy: 'strict',
      allowOverride: true,
      asOf: '2027-03-10',
    });
    expect(safety.problems).toEqual([]);
    const note = generateSoapNote({
      visitDate: '2027-03-10',
      practitionerName: null,
      patient: {
        name: 'X',
        birthDate: '1980-01-01',
        conditions: [{ code: 'G83.4', display: 'Cauda equina syndrome' }],
      },
      chart,
      coding: codeChart(chart),
      safety: safety.items,
      redFlags: safety.redFlags,
    });
    expect(note.assessment).toContain(
      'Same-day E/M: not significant and separately identifiable; not billed separately.',
    );
    expect(note.assessment).toContain(
      'Red flags on record: Cauda equina syndrome: urgent referral, not manual treatment.',
    );
    expect(note.plan).toContain(
      'Contraindication overridden for muscle energy on the lumbar region (direct-anticoagulation-unchecked, met-neuro-compromise): INR 2.1 checked this morning.',
    );
    expect(note.plan).toContain(
      'Treatment despite red flags: Urgent referral made; gentle positional work only.',
    );
  });
});

describe('visit summary for the patient', () => {
  it('uses plain words, the technique catalogue’s patient wording and aftercare', () => {
    const s = generateVisitSummary({
      visitDate: '2027-03-10',
      practitionerName: 'Dr. Sam Rivera, DO',
      chart: encounterChartSchema.parse(base),
    });
    expect(s.whatWeFound).toBe(
      'Your doctor found areas of tightness, tenderness or restricted movement in your lower back and base of the spine (sacrum).',
    );
    expect(s.whatWeDid).toEqual([
      { area: 'lower back', techniques: ['Counterstrain', 'Myofascial release'] },
      { area: 'base of the spine (sacrum)', techniques: ['Balanced ligamentous tension'] },
    ]);
    expect(s.aboutTechniques.map((t) => t.name)).toEqual([
      'Counterstrain',
      'Myofascial release',
      'Balanced ligamentous tension',
    ]);
    expect(s.aboutTechniques[0]!.description).toMatch(/tender spot/);
    expect(s.pain).toBe('You rated your pain 6 out of 10 before treatment and 3 out of 10 afterwards.');
    expect(s.aftercare[0]).toBe(
      'Feeling sore, stiff or tired for 24 to 48 hours after treatment is common. It usually goes away on its own.',
    );
    expect(s.whenToCall).toHaveLength(2);
    expect(s.whenToCall[1]).toMatch(/bladder or bowels/);
    expect(s.text).not.toMatch(/M99|FRS|TART|CPT/);
    expect(s.text.split('\n').at(-1)).toBe('Next steps: Return in 2 weeks.');
  });

  it('lists areas readably', () => {
    expect(listWords(['neck'])).toBe('neck');
    expect(listWords(['neck', 'lower back'])).toBe('neck and lower back');
    expect(listWords(['neck', 'upper and middle back', 'ribs'])).toBe(
      'neck, upper and middle back, and ribs',
    );
  });

  it('warns about stroke signs after neck treatment and has no treatment aftercare without treatment', () => {
    const neck = generateVisitSummary({
      visitDate: '2027-03-10',
      practitionerName: null,
      chart: encounterChartSchema.parse({
        consent: { omt: 'given' },
        exam: [{ region: 'cervical', tart: { tenderness: 1 } }],
        treatment: [{ region: 'cervical', techniques: [{ technique: 'hvla' }] }],
      }),
    });
    expect(neck.whatWeDid[0]!.techniques).toEqual(['Quick, gentle thrust (HVLA)']);
    expect(neck.whenToCall.join(' ')).toMatch(/trouble speaking/);
    const none = generateVisitSummary({
      visitDate: '2027-03-10',
      practitionerName: null,
      chart: encounterChartSchema.parse({}),
    });
    expect(none.whatWeDid).toEqual([]);
    expect(none.pain).toBeNull();
    expect(none.whatWeFound).toMatch(/did not find/);
    expect(none.aftercare).toEqual([
      'Keep doing the activities and exercises your doctor discussed with you.',
    ]);
  });
});

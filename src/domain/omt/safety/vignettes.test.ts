import { describe, expect, it } from 'vitest';
import { checkSafety, type SafetyCheckInput } from './engine.ts';

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const TODAY = new Date('2026-03-01T15:00:00Z');
const run = (input: Omit<SafetyCheckInput, 'asOf'>) => checkSafety({ ...input, asOf: TODAY });
const summary = (res: ReturnType<typeof checkSafety>) =>
  res.results.map((r) => [r.technique, r.region, r.verdict, r.reasons.map((x) => x.rule)]);

describe('clinical vignettes', () => {
  it('74-year-old with osteoporosis on warfarin, thoracic HVLA + counterstrain', () => {
    const input = {
      patient: {
        birthDate: '1951-10-24',
        conditions: [
          { system: ICD, code: 'M81.0' },
          { system: ICD, code: 'Z79.01' },
        ],
        flags: [{ flag: 'anticoagulated' as const }],
      },
      plan: [
        { technique: 'hvla' as const, region: 'thoracic' as const },
        { technique: 'counterstrain' as const, region: 'thoracic' as const },
      ],
    };
    const strict = run(input);
    expect(strict.ageYears).toBe(74);
    expect(summary(strict)).toEqual([
      [
        'hvla',
        'thoracic',
        'contraindicated',
        ['hvla-osteoporosis', 'direct-anticoagulation-unchecked', 'hvla-anticoagulation'],
      ],
      ['counterstrain', 'thoracic', 'ok', []],
    ]);
    const hvla = strict.results[0]!;
    expect(hvla.reasons[0]).toMatchObject({
      rule: 'hvla-osteoporosis',
      severity: 'absolute',
      matched: ['M81.0'],
    });
    expect(hvla.reasons[0]!.source).toContain(
      'https://brainscape.com/flashcards/chapter-16-hvla-basics-5173204/packs/7644741',
    );
    expect(hvla.reasons[1]!.source).toContain('https://osteo.eurovia.net/en/contraindications-of-osteopathy');
    expect(hvla.reasons[2]!.matched).toEqual(['flag anticoagulated', 'Z79.01']);
    expect(hvla.alternatives[0]).toBe('counterstrain');
    expect(strict.redFlags).toEqual([]);

    // With a recent INR check the WHO item drops out; osteoporosis still blocks the thrust under strict.
    const checked = run({
      ...input,
      patient: { ...input.patient, flags: [{ flag: 'anticoagulated', levelCheckedRecently: true }] },
    });
    expect(summary(checked)[0]).toEqual([
      'hvla',
      'thoracic',
      'contraindicated',
      ['hvla-osteoporosis', 'hvla-anticoagulation'],
    ]);
    const lenient = run({ ...input, policy: 'lenient' });
    expect(lenient.results.map((r) => r.verdict)).toEqual(['caution', 'ok']);
  });

  it('pregnant patient: lumbar thrust is a caution, indirect and fluid work is ok', () => {
    const res = run({
      patient: { ageYears: 31, conditions: [{ code: 'Z33.1' }], flags: [{ flag: 'pregnant' }] },
      plan: [
        { technique: 'hvla', region: 'lumbar' },
        { technique: 'counterstrain', region: 'lumbar' },
        { technique: 'lymphatic', region: 'rib-cage' },
        { technique: 'muscle-energy', region: 'sacral' },
      ],
    });
    expect(summary(res)).toEqual([
      ['hvla', 'lumbar', 'caution', ['hvla-pregnancy']],
      ['counterstrain', 'lumbar', 'ok', []],
      ['lymphatic', 'rib-cage', 'ok', []],
      ['muscle-energy', 'sacral', 'ok', []],
    ]);
    expect(res.results[0]!.reasons[0]).toMatchObject({
      severity: 'relative',
      matched: ['flag pregnant', 'Z33.1'],
    });
    expect(res.results[0]!.alternatives).toEqual([
      'counterstrain',
      'myofascial-release',
      'facilitated-positional-release',
      'balanced-ligamentous-tension',
    ]);
  });

  it('4-month-old infant: cranial is ok, thrust and muscle energy trip the age rules', () => {
    const plan = [
      { technique: 'cranial' as const, region: 'head' as const },
      { technique: 'hvla' as const, region: 'cervical' as const },
      { technique: 'muscle-energy' as const, region: 'thoracic' as const },
    ];
    const strict = run({ patient: { birthDate: '2025-11-01' }, plan });
    expect(strict.ageYears).toBe(0);
    expect(summary(strict)).toEqual([
      ['cranial', 'head', 'ok', []],
      ['hvla', 'cervical', 'contraindicated', ['hvla-young-child']],
      ['muscle-energy', 'thoracic', 'caution', ['met-young-child']],
    ]);
    expect(strict.results[1]!.reasons[0]!.caveat).toContain('placeholder');
    expect(strict.results[1]!.reasons[0]!.source).toMatch(/^UNVERIFIED/);
    expect(
      run({ patient: { ageYears: 0.33 }, plan, policy: 'lenient' }).results.map((r) => r.verdict),
    ).toEqual(['ok', 'caution', 'caution']);

    // With hydrocephalus, cranial work on the head is blocked (unverified item), the sacrum is not.
    const hydro = run({
      patient: { birthDate: '2025-11-01', conditions: [{ code: 'G91.9' }] },
      plan: [
        { technique: 'cranial', region: 'head' },
        { technique: 'cranial', region: 'sacral' },
      ],
    });
    expect(summary(hydro)).toEqual([
      ['cranial', 'head', 'contraindicated', ['cranial-intracranial']],
      ['cranial', 'sacral', 'ok', []],
    ]);
  });

  it('cauda equina syndrome: referral red flag; lumbar thrust contraindicated, cervical work not', () => {
    const res = run({
      patient: { ageYears: 45, conditions: [{ code: 'G83.4' }] },
      plan: [
        { technique: 'hvla', region: 'lumbar' },
        { technique: 'muscle-energy', region: 'sacral' },
        { technique: 'hvla', region: 'cervical' },
      ],
    });
    expect(res.redFlags).toHaveLength(1);
    expect(res.redFlags[0]).toMatchObject({
      rule: 'cauda-equina',
      action: 'refer',
      matched: ['G83.4'],
      basis: 'reference',
    });
    expect(summary(res)).toEqual([
      ['hvla', 'lumbar', 'contraindicated', ['hvla-cauda-equina']],
      ['muscle-energy', 'sacral', 'contraindicated', ['met-neuro-compromise']],
      ['hvla', 'cervical', 'ok', []],
    ]);
  });

  it('cervical HVLA with vertebrobasilar insufficiency: strict blocks, lenient cautions, lumbar unaffected', () => {
    const input = {
      patient: { ageYears: 62, conditions: [{ code: 'G45.0' }] },
      plan: [
        { technique: 'hvla' as const, region: 'cervical' as const },
        { technique: 'hvla' as const, region: 'lumbar' as const },
      ],
    };
    const strict = run({ ...input, policy: 'strict' });
    const lenient = run({ ...input, policy: 'lenient' });
    expect(summary(strict)).toEqual([
      ['hvla', 'cervical', 'contraindicated', ['hvla-vbi']],
      ['hvla', 'lumbar', 'ok', []],
    ]);
    expect(summary(lenient)).toEqual([
      ['hvla', 'cervical', 'caution', ['hvla-vbi']],
      ['hvla', 'lumbar', 'ok', []],
    ]);
    const reason = strict.results[0]!.reasons[0]!;
    expect(reason.sources.map((s) => [s.reading, s.url])).toEqual([
      ['relative', 'https://brainscape.com/flashcards/chapter-16-hvla-basics-5173204/packs/7644741'],
      ['absolute', 'https://pmc.ncbi.nlm.nih.gov/articles/PMC1116959/table/array1'],
      [
        'absolute',
        'https://bmcmusculoskeletdisord.biomedcentral.com/articles/10.1186/s12891-019-2871-y/tables/3',
      ],
      ['absolute', 'http://osteocura.de/?page_id=145'],
    ]);
    expect(reason.policyNote).toContain('lenient policy would read it as relative');
    // Muscle energy (absolute) and articulatory (strict) are not offered instead.
    expect(strict.results[0]!.alternatives).toEqual([
      'counterstrain',
      'facilitated-positional-release',
      'balanced-ligamentous-tension',
      'still-technique',
    ]);
  });

  it('bone metastasis in the lumbar spine: direct work blocked there only', () => {
    const res = run({
      patient: { ageYears: 68, conditions: [{ code: 'C79.51', region: 'lumbar' }] },
      plan: [
        { technique: 'hvla', region: 'lumbar' },
        { technique: 'muscle-energy', region: 'lumbar' },
        { technique: 'myofascial-release', region: 'lumbar' },
        { technique: 'counterstrain', region: 'lumbar' },
        { technique: 'hvla', region: 'thoracic' },
      ],
    });
    expect(summary(res)).toEqual([
      ['hvla', 'lumbar', 'contraindicated', ['hvla-bone-malignancy']],
      ['muscle-energy', 'lumbar', 'contraindicated', ['met-bone-metastasis']],
      ['myofascial-release', 'lumbar', 'contraindicated', ['mfr-malignancy']],
      ['counterstrain', 'lumbar', 'ok', []],
      ['hvla', 'thoracic', 'ok', []],
    ]);
    expect(res.results[2]!.reasons[0]!.policyNote).toContain('lenient policy would read it as relative');
  });

  it('child with Down syndrome: cervical thrust blocked under strict; lumbar thrust and age rules not involved', () => {
    const res = run({
      patient: { birthDate: '2017-05-10', conditions: [{ code: 'Q90.9' }] },
      plan: [
        { technique: 'hvla', region: 'cervical' },
        { technique: 'hvla', region: 'lumbar' },
        { technique: 'muscle-energy', region: 'cervical' },
      ],
    });
    expect(res.ageYears).toBe(8);
    expect(summary(res)).toEqual([
      ['hvla', 'cervical', 'contraindicated', ['hvla-down-syndrome']],
      ['hvla', 'lumbar', 'ok', []],
      ['muscle-energy', 'cervical', 'contraindicated', ['met-down-syndrome']],
    ]);
  });

  it('patient after lumbar surgery who cannot consent today: nothing may be done', () => {
    const res = run({
      patient: {
        ageYears: 55,
        flags: [{ flag: 'recent-surgery', region: 'lumbar' }, { flag: 'no-consent' }],
      },
      plan: [
        { technique: 'soft-tissue', region: 'lumbar' },
        { technique: 'counterstrain', region: 'thoracic' },
      ],
    });
    expect(summary(res)).toEqual([
      ['soft-tissue', 'lumbar', 'contraindicated', ['no-consent', 'soft-tissue-recent-surgery']],
      ['counterstrain', 'thoracic', 'contraindicated', ['no-consent']],
    ]);
    expect(res.results.map((r) => r.alternatives)).toEqual([[], []]);
  });
});

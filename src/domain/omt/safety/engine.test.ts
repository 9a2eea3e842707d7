import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageInYears } from '../age.ts';
import { REGION_IDS, type RegionId } from '../regions.ts';
import { TECHNIQUE_IDS, type TechniqueId } from '../techniques.ts';
import { checkSafety, type PatientFacts, type PatientFlag } from './engine.ts';
import { CONDITION_FAMILIES, FLAG_IDS } from './families.ts';
import type { SafetyRule } from './rules.ts';
import { SOURCES } from '../sources.ts';

const AS_OF = '2026-03-01';
const check = (
  patient: PatientFacts,
  technique: TechniqueId,
  region: RegionId,
  policy: 'strict' | 'lenient' = 'strict',
) => checkSafety({ patient, plan: [{ technique, region }], policy, asOf: AS_OF }).results[0]!;
const rulesOf = (r: { reasons: { rule: string }[] }) => r.reasons.map((x) => x.rule);

describe('age', () => {
  it('counts completed years, turning over on the birthday', () => {
    expect(ageInYears('1950-10-24', '2025-10-23')).toBe(74);
    expect(ageInYears('1950-10-24', '2025-10-24')).toBe(75);
    expect(ageInYears('2025-11-01', '2026-03-01')).toBe(0);
    expect(ageInYears('2020-02-29', '2021-02-28')).toBe(0);
    expect(ageInYears('2020-02-29', '2021-03-01')).toBe(1);
  });

  it('reads a Date in UTC and refuses a birth date after the reference date', () => {
    expect(ageInYears('2000-06-15', new Date('2026-06-14T23:30:00Z'))).toBe(25);
    expect(ageInYears('2000-06-15', new Date('2026-06-15T00:00:00Z'))).toBe(26);
    expect(() => ageInYears('2027-01-01', '2026-03-01')).toThrow(RangeError);
  });

  it('uses ageYears when there is no birthDate, and notes when age is unknown', () => {
    expect(checkSafety({ patient: { ageYears: 0.5 }, plan: [], asOf: AS_OF }).ageYears).toBe(0.5);
    const unknown = checkSafety({
      patient: {},
      plan: [{ technique: 'hvla', region: 'lumbar' }],
      asOf: AS_OF,
    });
    expect(unknown.ageYears).toBeNull();
    expect(unknown.notes).toEqual([
      'Age unknown (no birthDate or ageYears): age rules for young children were not evaluated.',
    ]);
    expect(unknown.results[0]!.verdict).toBe('ok');
  });

  it('applies the young-child rules below 5 years only', () => {
    expect(rulesOf(check({ birthDate: '2021-03-02' }, 'hvla', 'thoracic'))).toEqual(['hvla-young-child']);
    expect(rulesOf(check({ birthDate: '2021-03-01' }, 'hvla', 'thoracic'))).toEqual([]);
  });
});

describe('region scope', () => {
  it('a cervical-only danger does not block lumbar work', () => {
    const vbi = { ageYears: 60, conditions: [{ code: 'G45.0' }] };
    expect(check(vbi, 'hvla', 'cervical').verdict).toBe('contraindicated');
    expect(check(vbi, 'hvla', 'lumbar')).toMatchObject({ verdict: 'ok', reasons: [] });
    expect(check(vbi, 'muscle-energy', 'thoracic').verdict).toBe('ok');
  });

  it('a fracture blocks thrust only in its own region', () => {
    const ribs = { ageYears: 50, conditions: [{ code: 'S22.41XA' }] };
    expect(rulesOf(check(ribs, 'hvla', 'rib-cage'))).toEqual(['hvla-fracture']);
    expect(check(ribs, 'hvla', 'thoracic').verdict).toBe('ok');
  });

  it('a site-specific condition narrows to the charted region, and reaches everywhere without one', () => {
    const atLumbar = { ageYears: 70, conditions: [{ code: 'C79.51', region: 'lumbar' as const }] };
    expect(check(atLumbar, 'hvla', 'lumbar').verdict).toBe('contraindicated');
    expect(check(atLumbar, 'hvla', 'thoracic').verdict).toBe('ok');
    const unsited = { ageYears: 70, conditions: [{ code: 'C79.51' }] };
    expect(check(unsited, 'hvla', 'thoracic').verdict).toBe('contraindicated');
  });

  it('a region on a fixed-scope condition does not move the rule', () => {
    const ra = { ageYears: 60, conditions: [{ code: 'M06.9', region: 'upper-extremity' as const }] };
    expect(rulesOf(check(ra, 'hvla', 'cervical'))).toEqual(['hvla-rheumatoid-cervical']);
    expect(check(ra, 'hvla', 'upper-extremity').verdict).toBe('ok');
  });

  it('recent surgery applies at its region, or everywhere when no region is recorded', () => {
    const lumbar = { ageYears: 50, flags: [{ flag: 'recent-surgery', region: 'lumbar' }] as PatientFlag[] };
    expect(check(lumbar, 'soft-tissue', 'lumbar').verdict).toBe('contraindicated');
    expect(check(lumbar, 'soft-tissue', 'thoracic').verdict).toBe('ok');
    expect(check(lumbar, 'lymphatic', 'lumbar').verdict).toBe('ok');
    const chest = { ageYears: 50, flags: [{ flag: 'recent-surgery', region: 'thoracic' }] as PatientFlag[] };
    expect(rulesOf(check(chest, 'lymphatic', 'thoracic'))).toEqual(['lymphatic-recent-surgery']);
    const anywhere = { ageYears: 50, flags: [{ flag: 'recent-surgery' }] as PatientFlag[] };
    expect(check(anywhere, 'soft-tissue', 'upper-extremity').verdict).toBe('contraindicated');
  });

  it('lymphatic pumps are blocked anywhere with a leg DVT, myofascial release only on the leg', () => {
    const dvt = { ageYears: 50, conditions: [{ code: 'I82.401' }] };
    expect(rulesOf(check(dvt, 'lymphatic', 'rib-cage'))).toEqual(['lymphatic-dvt']);
    expect(rulesOf(check(dvt, 'myofascial-release', 'lower-extremity'))).toEqual(['mfr-dvt']);
    expect(check(dvt, 'myofascial-release', 'thoracic').verdict).toBe('ok');
  });
});

describe('anticoagulation', () => {
  const flag = (levelCheckedRecently?: boolean): PatientFacts => ({
    ageYears: 60,
    flags: [
      levelCheckedRecently === undefined
        ? { flag: 'anticoagulated' }
        : { flag: 'anticoagulated', levelCheckedRecently },
    ],
  });

  it('blocks direct techniques when the level was not checked recently', () => {
    const r = check(flag(false), 'muscle-energy', 'lumbar', 'lenient');
    expect(r.verdict).toBe('contraindicated');
    expect(r.reasons[0]).toMatchObject({ rule: 'direct-anticoagulation-unchecked', severity: 'absolute' });
  });

  it('treats an unrecorded level check as absolute under strict and relative under lenient', () => {
    expect(check(flag(), 'articulatory', 'lumbar', 'strict').verdict).toBe('contraindicated');
    const lenient = check(flag(), 'articulatory', 'lumbar', 'lenient');
    expect(lenient.verdict).toBe('caution');
    expect(lenient.reasons[0]!.matched).toEqual(['anticoagulation level check not recorded']);
    expect(check({ ageYears: 60, conditions: [{ code: 'Z79.01' }] }, 'articulatory', 'lumbar').verdict).toBe(
      'contraindicated',
    );
  });

  it('with a recent level check, only the technique-specific cautions remain', () => {
    expect(check(flag(true), 'muscle-energy', 'lumbar')).toMatchObject({ verdict: 'ok', reasons: [] });
    expect(rulesOf(check(flag(true), 'hvla', 'lumbar', 'lenient'))).toEqual(['hvla-anticoagulation']);
    expect(check(flag(true), 'hvla', 'lumbar', 'lenient').verdict).toBe('caution');
    expect(check(flag(true), 'counterstrain', 'lumbar').verdict).toBe('ok');
  });
});

describe('reasons and verdicts', () => {
  it('reports the source as "title — URL" and a policy note where the reading depends on policy', () => {
    const r = check({ ageYears: 70, conditions: [{ code: 'M81.0' }] }, 'hvla', 'thoracic');
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]!.source).toContain(
      'Brainscape, Chapter 16 HVLA Basics (OMM board-review summary) — https://brainscape.com/flashcards/chapter-16-hvla-basics-5173204/packs/7644741',
    );
    expect(r.reasons[0]!.matched).toEqual(['M81.0']);
    expect(r.reasons[0]!.policyNote).toContain('lenient policy would read it as relative');
    expect(r.reasons[0]!.sources.map((s) => [s.reading, s.confirmed])).toEqual([
      ['absolute', true],
      ['relative', true],
      ['absolute', false],
      ['relative', true],
    ]);
  });

  it('lists absolute reasons before relative ones', () => {
    const r = check(
      { ageYears: 30, conditions: [{ code: 'Z33.1' }, { code: 'S13.4XXA' }] },
      'hvla',
      'cervical',
    );
    expect(r.reasons.map((x) => [x.rule, x.severity])).toEqual([
      ['hvla-whiplash', 'absolute'],
      ['hvla-pregnancy', 'relative'],
    ]);
  });

  it('no consent contraindicates every technique everywhere and leaves no alternative', () => {
    const plan = TECHNIQUE_IDS.map((technique) => ({ technique, region: 'thoracic' as const }));
    const res = checkSafety({
      patient: { ageYears: 40, flags: [{ flag: 'no-consent' }] },
      plan,
      asOf: AS_OF,
    });
    for (const r of res.results) {
      expect(r.verdict).toBe('contraindicated');
      expect(r.reasons.map((x) => x.rule)).toEqual(['no-consent']);
      expect(r.alternatives).toEqual([]);
    }
  });

  it('suggests only alternatives that need no caution for a cautioned item', () => {
    const r = check({ ageYears: 30, flags: [{ flag: 'pregnant' }] }, 'hvla', 'lumbar');
    expect(r.verdict).toBe('caution');
    expect(r.alternatives).toEqual([
      'counterstrain',
      'myofascial-release',
      'facilitated-positional-release',
      'balanced-ligamentous-tension',
    ]);
    expect(r.alternativeDetails).toEqual(r.alternatives.map((technique) => ({ technique, verdict: 'ok' })));
  });

  it('orders alternatives ok-first and suggests cranial only for the head and sacrum', () => {
    const head = check({ ageYears: 40, conditions: [{ code: 'S02.0XXA' }] }, 'soft-tissue', 'head');
    expect(head.alternativeDetails).toEqual([
      { technique: 'facilitated-positional-release', verdict: 'ok' },
      { technique: 'balanced-ligamentous-tension', verdict: 'ok' },
      { technique: 'still-technique', verdict: 'ok' },
      { technique: 'myofascial-release', verdict: 'caution' },
    ]);
    const sacral = check({ ageYears: 40, conditions: [{ code: 'S32.10XA' }] }, 'hvla', 'sacral');
    expect(sacral.alternatives).toEqual([
      'facilitated-positional-release',
      'balanced-ligamentous-tension',
      'still-technique',
      'cranial',
    ]);
    const lumbar = check({ ageYears: 40, conditions: [{ code: 'S32.009A' }] }, 'hvla', 'lumbar');
    expect(lumbar.alternatives).toEqual([
      'facilitated-positional-release',
      'balanced-ligamentous-tension',
      'still-technique',
      'myofascial-release',
    ]);
  });
});

const codes = Object.values(CONDITION_FAMILIES).map((f) => f.example);
const flagArb: fc.Arbitrary<PatientFlag> = fc.oneof(
  fc
    .constantFrom(...FLAG_IDS.filter((f) => f !== 'anticoagulated' && f !== 'recent-surgery'))
    .map((flag): PatientFlag => ({ flag })),
  fc
    .option(fc.boolean(), { nil: undefined })
    .map((levelCheckedRecently): PatientFlag =>
      levelCheckedRecently === undefined
        ? { flag: 'anticoagulated' }
        : { flag: 'anticoagulated', levelCheckedRecently },
    ),
  fc
    .option(fc.constantFrom(...REGION_IDS), { nil: undefined })
    .map((region): PatientFlag => (region ? { flag: 'recent-surgery', region } : { flag: 'recent-surgery' })),
);
const patientArb: fc.Arbitrary<PatientFacts> = fc.record({
  ageYears: fc.integer({ min: 0, max: 100 }),
  conditions: fc.array(
    fc.record({
      code: fc.constantFrom(...codes),
      region: fc.option(fc.constantFrom(...REGION_IDS), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
  flags: fc.array(flagArb, { maxLength: 3 }),
});
const planArb = fc.array(
  fc.record({ technique: fc.constantFrom(...TECHNIQUE_IDS), region: fc.constantFrom(...REGION_IDS) }),
  {
    maxLength: 6,
  },
);

describe('properties', () => {
  it('one result per plan item, in order, with a verdict that follows from the reasons', () => {
    fc.assert(
      fc.property(
        patientArb,
        planArb,
        fc.constantFrom('strict' as const, 'lenient' as const),
        (patient, plan, policy) => {
          const res = checkSafety({ patient, plan, policy, asOf: AS_OF });
          expect(res.results.map((r) => [r.technique, r.region])).toEqual(
            plan.map((p) => [p.technique, p.region]),
          );
          for (const r of res.results) {
            const expected = r.reasons.some((x) => x.severity === 'absolute')
              ? 'contraindicated'
              : r.reasons.length
                ? 'caution'
                : 'ok';
            expect(r.verdict).toBe(expected);
          }
        },
      ),
    );
  });

  it('never suggests an alternative that is itself contraindicated for that patient and region', () => {
    fc.assert(
      fc.property(
        patientArb,
        planArb,
        fc.constantFrom('strict' as const, 'lenient' as const),
        (patient, plan, policy) => {
          for (const r of checkSafety({ patient, plan, policy, asOf: AS_OF }).results) {
            if (r.verdict === 'ok') expect(r.alternatives).toEqual([]);
            expect(r.alternatives).not.toContain(r.technique);
            for (const alt of r.alternatives) {
              const v = check(patient, alt, r.region, policy).verdict;
              expect(v).not.toBe('contraindicated');
              if (r.verdict === 'caution') expect(v).toBe('ok');
            }
          }
        },
      ),
    );
  });

  it('strict is never milder than lenient', () => {
    const rank = { ok: 0, caution: 1, contraindicated: 2 };
    fc.assert(
      fc.property(patientArb, planArb, (patient, plan) => {
        const strict = checkSafety({ patient, plan, policy: 'strict', asOf: AS_OF }).results;
        const lenient = checkSafety({ patient, plan, policy: 'lenient', asOf: AS_OF }).results;
        strict.forEach((s, i) => expect(rank[s.verdict]).toBeGreaterThanOrEqual(rank[lenient[i]!.verdict]));
      }),
    );
  });
});

describe('reasons, alternatives and red flags in detail (rules given to the engine)', () => {
  const ALL = TECHNIQUE_IDS;
  const board = SOURCES['hvla-board-review'];
  const pmc = SOURCES['pmc-contraindication-table'];
  const rule = (over: Partial<SafetyRule> & Pick<SafetyRule, 'id'>): SafetyRule => ({
    techniques: ['hvla'],
    triggers: [{ flag: 'pregnant' }],
    readings: [{ severity: 'absolute', source: 'hvla-board-review', confirmed: true }],
    message: `message of ${over.id}`,
    ...over,
  });
  const run = (
    patient: PatientFacts,
    rules: SafetyRule[],
    plan: { technique: TechniqueId; region: RegionId }[],
    policy: 'strict' | 'lenient' = 'strict',
  ) => checkSafety({ patient, plan, policy, asOf: AS_OF, rules, redFlagRules: [] });

  it('builds each reason from its readings: severity, sources, notes, policy note and caveat', () => {
    const disputed = rule({
      id: 'disputed',
      readings: [
        { severity: 'absolute', source: 'hvla-board-review', confirmed: true, note: 'thrust area' },
        { severity: 'relative', source: 'pmc-contraindication-table', confirmed: true },
      ],
      caveat: 'needs sign-off',
    });
    const plain = rule({ id: 'plain', techniques: ['muscle-energy'] });
    const patient: PatientFacts = { ageYears: 40, flags: [{ flag: 'pregnant' }] };
    const plan = [
      { technique: 'hvla' as const, region: 'lumbar' as const },
      { technique: 'muscle-energy' as const, region: 'lumbar' as const },
    ];
    const strict = run(patient, [disputed, plain], plan);
    expect(strict.results[0]!.reasons).toEqual([
      {
        rule: 'disputed',
        severity: 'absolute',
        message: 'message of disputed',
        source: `${board.title} — ${board.url}; ${pmc.title} — ${pmc.url}`,
        sources: [
          {
            title: board.title,
            url: board.url,
            grade: board.grade,
            reading: 'absolute',
            confirmed: true,
            note: 'thrust area',
          },
          { title: pmc.title, url: pmc.url, grade: pmc.grade, reading: 'relative', confirmed: true },
        ],
        matched: ['flag pregnant'],
        policyNote:
          'Sources disagree or do not confirm the severity: the strict policy reads this as absolute; the lenient policy would read it as relative.',
        caveat: 'needs sign-off',
      },
    ]);
    // Readings that agree: no policy note; no caveat unless the rule has one (not even an undefined one).
    expect(strict.results[1]!.reasons).toStrictEqual([
      {
        rule: 'plain',
        severity: 'absolute',
        message: 'message of plain',
        source: `${board.title} — ${board.url}`,
        sources: [
          { title: board.title, url: board.url, grade: board.grade, reading: 'absolute', confirmed: true },
        ],
        matched: ['flag pregnant'],
      },
    ]);
    const lenient = run(patient, [disputed], plan.slice(0, 1), 'lenient').results[0]!;
    expect(lenient.verdict).toBe('caution');
    expect(lenient.reasons[0]!.policyNote).toBe(
      'Sources disagree or do not confirm the severity: the lenient policy reads this as relative; the strict policy would read it as absolute.',
    );
    expect(strict.notes).toEqual([]);
    expect(strict.ageYears).toBe(40);
  });

  it('lists absolute reasons before relative ones, keeping rule order within each', () => {
    const rel = (id: string): SafetyRule =>
      rule({
        id,
        readings: [{ severity: 'relative', source: 'pmc-contraindication-table', confirmed: true }],
      });
    const r = run(
      { flags: [{ flag: 'pregnant' }] },
      [rel('r1'), rule({ id: 'a1' }), rel('r2'), rule({ id: 'a2' })],
      [{ technique: 'hvla', region: 'lumbar' }],
    ).results[0]!;
    expect(r.reasons.map((x) => [x.rule, x.severity])).toEqual([
      ['a1', 'absolute'],
      ['a2', 'absolute'],
      ['r1', 'relative'],
      ['r2', 'relative'],
    ]);
  });

  it('reads a rule as certain when any of its hits is certain, and an age hit is certain', () => {
    // One certain hit (pregnant) and one uncertain (anticoagulated, level check not recorded).
    const mixed = rule({ id: 'mixed', triggers: [{ flag: 'pregnant' }, { anticoagulationUnchecked: true }] });
    const both = run(
      { flags: [{ flag: 'pregnant' }, { flag: 'anticoagulated' }] },
      [mixed],
      [{ technique: 'hvla', region: 'lumbar' }],
      'lenient',
    ).results[0]!;
    expect(both.verdict).toBe('contraindicated');
    expect(both.reasons[0]!.matched).toEqual(['flag pregnant', 'anticoagulation level check not recorded']);
    const onlyUncertain = run(
      { flags: [{ flag: 'anticoagulated' }] },
      [mixed],
      [{ technique: 'hvla', region: 'lumbar' }],
      'lenient',
    );
    expect(onlyUncertain.results[0]!.verdict).toBe('caution');
    const unchecked = run(
      { flags: [{ flag: 'anticoagulated', levelCheckedRecently: false }] },
      [mixed],
      [{ technique: 'hvla', region: 'lumbar' }],
      'lenient',
    ).results[0]!;
    expect(unchecked.verdict).toBe('contraindicated');
    expect(unchecked.reasons[0]!.matched).toEqual(['anticoagulation level not checked recently']);
    const young = rule({ id: 'young', triggers: [{ ageBelowYears: 5 }] });
    const child = run({ ageYears: 3 }, [young], [{ technique: 'hvla', region: 'lumbar' }], 'lenient')
      .results[0]!;
    expect(child.verdict).toBe('contraindicated');
    expect(child.reasons[0]!.matched).toEqual(['age 3']);
  });

  it('names the region of a regional flag and narrows a rule to the regions it is limited to', () => {
    const chestOnly = rule({
      id: 'chest-only',
      triggers: [{ flag: 'recent-surgery' }],
      regionsWithin: ['thoracic', 'rib-cage'],
    });
    const surgery: PatientFacts = { flags: [{ flag: 'recent-surgery', region: 'lumbar' }] };
    const r = run(
      surgery,
      [chestOnly, rule({ id: 'here', triggers: [{ flag: 'recent-surgery' }] })],
      [
        { technique: 'hvla', region: 'lumbar' },
        { technique: 'hvla', region: 'thoracic' },
      ],
    ).results;
    expect(r.map((x) => [x.region, rulesOf(x)])).toEqual([
      ['lumbar', ['here']],
      ['thoracic', []],
    ]);
    expect(r[0]!.reasons[0]!.matched).toEqual(['flag recent-surgery (lumbar)']);
  });

  it('offers ok alternatives first, then cautioned ones, each once', () => {
    const rules = [
      rule({
        id: 'most',
        techniques: ALL.filter((t) => t !== 'counterstrain' && t !== 'myofascial-release'),
      }),
      rule({
        id: 'mfr',
        techniques: ['myofascial-release'],
        readings: [{ severity: 'relative', source: 'pmc-contraindication-table', confirmed: true }],
      }),
    ];
    const r = run({ flags: [{ flag: 'pregnant' }] }, rules, [{ technique: 'hvla', region: 'lumbar' }])
      .results[0]!;
    expect(r.verdict).toBe('contraindicated');
    expect(r.alternativeDetails).toEqual([
      { technique: 'counterstrain', verdict: 'ok' },
      { technique: 'myofascial-release', verdict: 'caution' },
    ]);
  });

  it('joins a red flag’s sources and notes an unknown age', () => {
    const result = checkSafety({
      patient: { flags: [{ flag: 'unstable' }] },
      plan: [],
      asOf: AS_OF,
      rules: [],
      redFlagRules: [
        {
          id: 'rf',
          triggers: [{ flag: 'unstable' }],
          message: 'refer',
          sources: ['hvla-board-review', 'pmc-contraindication-table'],
          basis: 'derived',
        },
      ],
    });
    expect(result.redFlags).toEqual([
      {
        rule: 'rf',
        message: 'refer',
        action: 'refer',
        source: `${board.title} — ${board.url}; ${pmc.title} — ${pmc.url}`,
        matched: ['flag unstable'],
        basis: 'derived',
      },
    ]);
    expect(result.notes).toEqual([
      'Age unknown (no birthDate or ageYears): age rules for young children were not evaluated.',
    ]);
  });
});

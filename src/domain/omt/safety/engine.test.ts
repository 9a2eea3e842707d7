import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageInYears } from '../age.ts';
import { REGION_IDS, type RegionId } from '../regions.ts';
import { TECHNIQUE_IDS, type TechniqueId } from '../techniques.ts';
import { checkSafety, type PatientFacts, type PatientFlag } from './engine.ts';
import { CONDITION_FAMILIES, FLAG_IDS } from './families.ts';

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
    expect(r.alternativeDetails.every((a) => a.verdict === 'ok')).toBe(true);
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

import { describe, expect, it } from 'vitest';
import { REGION_IDS, type RegionId } from '../regions.ts';
import { SOURCES } from '../sources.ts';
import { TECHNIQUE_IDS } from '../techniques.ts';
import { checkSafety, type PatientFacts } from './engine.ts';
import { CONDITION_FAMILIES } from './families.ts';
import {
  RED_FLAG_RULES,
  resolveSeverity,
  SAFETY_RULES,
  type Policy,
  type SafetyRule,
  type Severity,
  type Trigger,
} from './rules.ts';

const AS_OF = '2026-03-01';
const A = 'absolute';
const R = 'relative';

/** Audit table: severity of every rule under [strict, lenient] when its trigger is certain. */
const EXPECTED: Record<string, [Severity, Severity]> = {
  'no-consent': [A, A],
  'hvla-fracture': [A, A],
  'met-fracture': [A, A],
  'articulatory-fracture': [A, A],
  'soft-tissue-fracture': [A, A],
  'counterstrain-fracture': [A, A],
  'mfr-fracture': [R, R],
  'lymphatic-fracture': [R, R],
  'chapman-fracture': [R, R],
  'cranial-skull-fracture': [A, R],
  'hvla-osteoporosis': [A, R],
  'met-osteoporosis': [A, R],
  'articulatory-osteoporosis': [A, R],
  'mfr-osteoporosis': [R, R],
  'lymphatic-osteoporosis': [R, R],
  'hvla-bone-malignancy': [A, A],
  'met-bone-metastasis': [A, A],
  'met-bone-neoplasm': [A, R],
  'articulatory-malignancy': [A, A],
  'soft-tissue-malignancy': [A, A],
  'mfr-malignancy': [A, R],
  'lymphatic-malignancy': [R, R],
  'chapman-malignancy': [R, R],
  'hvla-infection': [A, A],
  'met-infection': [A, R],
  'articulatory-bone-joint-infection': [A, A],
  'articulatory-local-infection': [A, R],
  'mfr-infection': [R, R],
  'counterstrain-infection': [R, R],
  'lymphatic-infection': [R, R],
  'hvla-vbi': [A, R],
  'hvla-cervical-artery-dissection': [A, A],
  'met-vbi': [A, A],
  'articulatory-vbi': [A, R],
  'mfr-vbi': [R, R],
  'hvla-down-syndrome': [A, R],
  'met-down-syndrome': [A, R],
  'articulatory-down-syndrome': [A, R],
  'hvla-rheumatoid-cervical': [A, R],
  'met-rheumatoid-cervical': [A, R],
  'articulatory-rheumatoid-cervical': [A, R],
  'mfr-rheumatoid-cervical': [A, R],
  'hvla-connective-tissue': [A, R],
  'direct-connective-tissue': [A, A],
  'counterstrain-connective-tissue': [R, R],
  'direct-anticoagulation-unchecked': [A, A],
  'hvla-anticoagulation': [A, R],
  'mfr-anticoagulation': [R, R],
  'hvla-bleeding-disorder': [A, R],
  'direct-bleeding-disorder': [A, A],
  'hvla-cauda-equina': [A, A],
  'hvla-myelopathy': [A, R],
  'hvla-disc-neuro': [A, R],
  'met-neuro-compromise': [A, R],
  'articulatory-neuro-compromise': [A, R],
  'hvla-whiplash': [A, R],
  'met-whiplash': [A, R],
  'articulatory-whiplash': [A, R],
  'mfr-whiplash': [R, R],
  'hvla-pregnancy': [R, R],
  'hvla-recent-surgery': [A, R],
  'met-recent-surgery': [A, A],
  'articulatory-recent-surgery': [A, R],
  'soft-tissue-recent-surgery': [A, A],
  'mfr-recent-surgery': [R, R],
  'lymphatic-recent-surgery': [R, R],
  'direct-intracranial': [A, R],
  'cranial-intracranial': [A, R],
  'hvla-aortic-aneurysm': [A, A],
  'direct-aortic-aneurysm': [A, R],
  'mfr-aortic-aneurysm': [A, A],
  'mfr-dvt': [R, R],
  'lymphatic-dvt': [A, R],
  'met-cannot-cooperate': [A, A],
  'counterstrain-cannot-cooperate': [R, R],
  'met-young-child': [R, R],
  'hvla-young-child': [A, R],
  'met-unstable': [A, A],
  'counterstrain-unstable': [A, A],
  'chapman-unstable': [A, A],
};

/** A patient carrying exactly the fact that makes `trigger` match (certainly). */
function patientFor(trigger: Trigger): PatientFacts {
  if ('family' in trigger)
    return { ageYears: 40, conditions: [{ code: CONDITION_FAMILIES[trigger.family].example }] };
  if ('flag' in trigger) return { ageYears: 40, flags: [{ flag: trigger.flag }] };
  if ('ageBelowYears' in trigger) return { ageYears: trigger.ageBelowYears - 1 };
  return { ageYears: 40, flags: [{ flag: 'anticoagulated', levelCheckedRecently: false }] };
}

function scopeOf(rule: SafetyRule, trigger: Trigger): RegionId[] {
  if (rule.anyRegion) return [...REGION_IDS];
  const base = 'family' in trigger ? CONDITION_FAMILIES[trigger.family].regions : 'all';
  const regions = base === 'all' ? [...REGION_IDS] : [...base];
  return rule.regionsWithin ? regions.filter((r) => rule.regionsWithin!.includes(r)) : regions;
}

function firedRules(
  patient: PatientFacts,
  technique: (typeof TECHNIQUE_IDS)[number],
  region: RegionId,
  policy: Policy = 'strict',
) {
  return checkSafety({ patient, plan: [{ technique, region }], policy, asOf: AS_OF }).results[0]!.reasons;
}

describe('rule data', () => {
  it('has unique ids, and the audit table covers exactly the rules', () => {
    const ids = SAFETY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice().sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('cites only sources of the reference, each with a URL unless marked unverified', () => {
    for (const rule of SAFETY_RULES) {
      expect(rule.readings.length, rule.id).toBeGreaterThan(0);
      expect(rule.techniques.length, rule.id).toBeGreaterThan(0);
      expect(rule.triggers.length, rule.id).toBeGreaterThan(0);
      expect(rule.message.length, rule.id).toBeGreaterThan(10);
      for (const r of rule.readings) {
        const s = SOURCES[r.source];
        expect(s, `${rule.id}/${r.source}`).toBeDefined();
        if (r.source === 'unverified') expect(r.confirmed, rule.id).toBe(false);
        else expect(s.url, rule.id).toMatch(/^https?:\/\//);
      }
    }
  });
});

describe.each(SAFETY_RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  it('has the audited strict/lenient severity', () => {
    const [strict, lenient] = EXPECTED[id]!;
    expect(resolveSeverity(rule.readings, 'strict')).toBe(strict);
    expect(resolveSeverity(rule.readings, 'lenient')).toBe(lenient);
    const trigger = rule.triggers[0]!;
    const region = scopeOf(rule, trigger)[0]!;
    for (const [policy, expected] of [
      ['strict', strict],
      ['lenient', lenient],
    ] as const) {
      const reason = firedRules(patientFor(trigger), rule.techniques[0]!, region, policy).find(
        (r) => r.rule === id,
      );
      expect(reason?.severity, policy).toBe(expected);
    }
  });

  it.each(rule.triggers.map((t) => [JSON.stringify(t), t] as const))(
    'fires for %s exactly inside its region scope and only for its techniques',
    (_, trigger) => {
      const patient = patientFor(trigger);
      const scope = scopeOf(rule, trigger);
      expect(scope.length).toBeGreaterThan(0);
      for (const technique of TECHNIQUE_IDS) {
        for (const region of REGION_IDS) {
          const fired = firedRules(patient, technique, region).some((r) => r.rule === id);
          const expected = rule.techniques.includes(technique) && scope.includes(region);
          expect(fired, `${technique} @ ${region}`).toBe(expected);
        }
      }
    },
  );

  it('does not fire for a patient without findings', () => {
    for (const technique of rule.techniques)
      for (const region of REGION_IDS)
        expect(firedRules({ ageYears: 40 }, technique, region).map((r) => r.rule)).not.toContain(id);
  });
});

describe('resolveSeverity', () => {
  const read = (severity: Severity, confirmed: boolean) => ({
    severity,
    confirmed,
    source: 'who-benchmarks' as const,
  });

  it('strict takes the most severe reading, confirmed or not', () => {
    expect(resolveSeverity([read(R, true), read(A, false)], 'strict')).toBe(A);
    expect(resolveSeverity([read(R, true), read(R, false)], 'strict')).toBe(R);
  });

  it('lenient takes the least severe confirmed reading, relative when none is confirmed', () => {
    expect(resolveSeverity([read(A, true), read(R, true)], 'lenient')).toBe(R);
    expect(resolveSeverity([read(A, true), read(R, false)], 'lenient')).toBe(A);
    expect(resolveSeverity([read(A, false)], 'lenient')).toBe(R);
  });
});

describe('red-flag rules', () => {
  it.each(RED_FLAG_RULES.map((r) => [r.id, r] as const))(
    '%s fires for its trigger and not otherwise',
    (id, rule) => {
      for (const trigger of rule.triggers) {
        const flags = checkSafety({ patient: patientFor(trigger), plan: [], asOf: AS_OF }).redFlags;
        expect(flags.find((f) => f.rule === id)).toMatchObject({
          rule: id,
          action: 'refer',
          message: rule.message,
        });
        expect(flags.find((f) => f.rule === id)?.source).toMatch(/https?:\/\//);
      }
      expect(checkSafety({ patient: { ageYears: 40 }, plan: [], asOf: AS_OF }).redFlags).toEqual([]);
    },
  );
});

describe('condition-family region scopes (reference §9)', () => {
  const SPINE = ['cervical', 'thoracic', 'lumbar', 'sacral'];
  const EXPECTED_SCOPES: Record<string, [string[] | 'all', boolean]> = {
    osteoporosis: ['all', false],
    osteopenia: ['all', false],
    'bone-metastasis': ['all', true],
    'primary-bone-malignancy': ['all', true],
    'multiple-myeloma': ['all', false],
    'rheumatoid-arthritis': [['cervical'], false],
    'down-syndrome': [['cervical'], false],
    'connective-tissue-disorder': ['all', false],
    'vertebrobasilar-insufficiency': [['cervical'], false],
    'cervical-artery-dissection': [['cervical'], false],
    'aortic-aneurysm': [['thoracic', 'lumbar', 'abdomen', 'rib-cage'], false],
    osteomyelitis: ['all', true],
    'spinal-tuberculosis': [SPINE, false],
    'septic-arthritis': ['all', true],
    'skull-fracture': [['head'], false],
    'cervical-fracture': [['cervical'], false],
    'thoracic-fracture': [['thoracic'], false],
    'rib-fracture': [['rib-cage'], false],
    'lumbar-fracture': [['lumbar'], false],
    'sacral-fracture': [['sacral'], false],
    'pelvic-fracture': [['pelvic'], false],
    'upper-extremity-fracture': [['upper-extremity'], false],
    'lower-extremity-fracture': [['lower-extremity'], false],
    'pathological-fracture': ['all', true],
    'cauda-equina': [['lumbar', 'sacral', 'pelvic'], false],
    myelopathy: [SPINE, false],
    'cervical-disc-neuro': [['cervical'], false],
    'thoracolumbar-disc-neuro': [['thoracic', 'lumbar'], false],
    whiplash: [['cervical'], false],
    'anticoagulant-use': ['all', false],
    'coagulation-defect': ['all', false],
    dvt: [['lower-extremity'], false],
    pregnancy: ['all', false],
    'intracranial-haemorrhage': [['head'], false],
    hydrocephalus: [['head'], false],
    'cerebral-aneurysm': [['head'], false],
    fever: ['all', false],
    cellulitis: ['all', true],
  };

  it('match the audited table', () => {
    const actual = Object.fromEntries(
      Object.entries(CONDITION_FAMILIES).map(([id, f]) => [
        id,
        [f.regions === 'all' ? 'all' : [...f.regions], Boolean(f.site)],
      ]),
    );
    expect(actual).toEqual(EXPECTED_SCOPES);
  });
});

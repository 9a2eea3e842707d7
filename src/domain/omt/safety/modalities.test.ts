import { describe, expect, it } from 'vitest';
import { isValidIcd10Cm, matchesAnyFamily } from '../icd10.ts';
import { SOURCES } from '../sources.ts';
import type { PatientFacts } from './engine.ts';
import {
  checkModalities,
  MODALITY_FAMILIES,
  MODALITY_RULES,
  UNVERIFIED_NOTE,
  unacknowledgedBlocks,
  type ModalityActivity,
  type ModalityPolicy,
} from './modalities.ts';

const AS_OF = '2027-03-01';
const run = (patient: PatientFacts, activities: ModalityActivity[], policy?: ModalityPolicy) =>
  checkModalities({ patient, activities, asOf: AS_OF, ...(policy ? { policy } : {}) });
const rulesFor = (patient: PatientFacts, kind: string, region?: ModalityActivity['region']) =>
  run(patient, [{ kind, region }])[0]!.flags.map((f) => f.rule);

/** Each rule, a record that fires it, and the modalities it applies to. */
const CASES: { rule: string; patient: PatientFacts; kinds: string[] }[] = [
  {
    rule: 'modality-no-consent',
    patient: { flags: [{ flag: 'no-consent' }] },
    kinds: ['dry-needling', 'shockwave'],
  },
  {
    rule: 'modality-bleeding-risk',
    patient: { conditions: [{ code: 'Z79.01' }] },
    kinds: ['dry-needling', 'shockwave'],
  },
  {
    rule: 'modality-bleeding-risk',
    patient: { flags: [{ flag: 'anticoagulated' }] },
    kinds: ['dry-needling'],
  },
  { rule: 'modality-bleeding-risk', patient: { conditions: [{ code: 'D66' }] }, kinds: ['shockwave'] },
  {
    rule: 'modality-pregnancy',
    patient: { conditions: [{ code: 'Z33.1' }] },
    kinds: ['dry-needling', 'shockwave'],
  },
  { rule: 'modality-pregnancy', patient: { flags: [{ flag: 'pregnant' }] }, kinds: ['shockwave'] },
  { rule: 'shockwave-implanted-device', patient: { conditions: [{ code: 'Z95.0' }] }, kinds: ['shockwave'] },
  {
    rule: 'shockwave-implanted-device',
    patient: { conditions: [{ code: 'Z95.810' }] },
    kinds: ['shockwave'],
  },
  {
    rule: 'modality-malignancy-at-site',
    patient: { conditions: [{ code: 'C79.51' }] },
    kinds: ['dry-needling', 'shockwave'],
  },
  {
    rule: 'modality-infection-at-site',
    patient: { conditions: [{ code: 'L03.90' }] },
    kinds: ['dry-needling', 'shockwave'],
  },
  {
    rule: 'modality-infection-at-site',
    patient: { conditions: [{ code: 'M86.9' }] },
    kinds: ['dry-needling'],
  },
  {
    rule: 'dry-needling-needle-phobia',
    patient: { conditions: [{ code: 'F40.231' }] },
    kinds: ['dry-needling'],
  },
];

describe('modality safety rules', () => {
  it('every rule has a case here, and every case fires exactly its rule for its modalities', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(MODALITY_RULES.map((r) => r.id)));
    for (const c of CASES)
      for (const kind of c.kinds) expect(rulesFor(c.patient, kind), `${c.rule} ${kind}`).toEqual([c.rule]);
  });

  it('modality-only rules do not fire for the other modality, and other plan activities get no flags', () => {
    expect(rulesFor({ conditions: [{ code: 'Z95.0' }] }, 'dry-needling')).toEqual([]);
    expect(rulesFor({ conditions: [{ code: 'F40.231' }] }, 'shockwave')).toEqual([]);
    const all: PatientFacts = {
      conditions: [{ code: 'Z79.01' }, { code: 'C50.911' }],
      flags: [{ flag: 'no-consent' }],
    };
    for (const kind of ['omt', 'exercise', 'education', 'other']) expect(rulesFor(all, kind)).toEqual([]);
  });

  it('a record without risks gives no flags', () => {
    expect(rulesFor({ conditions: [{ code: 'M54.50' }] }, 'dry-needling')).toEqual([]);
    expect(rulesFor({}, 'shockwave')).toEqual([]);
  });

  it('only the consent rule is sourced, from the reference’s WHO principle; it always blocks and cannot be acknowledged', () => {
    const sourced = MODALITY_RULES.filter((r) => r.source);
    expect(sourced.map((r) => r.id)).toEqual(['modality-no-consent']);
    for (const policy of ['warn', 'block'] as const) {
      const [flag] = run({ flags: [{ flag: 'no-consent' }] }, [{ kind: 'shockwave' }], policy)[0]!.flags;
      expect(flag).toMatchObject({
        severity: 'block',
        basis: 'reference',
        acknowledgeable: false,
        source: `${SOURCES['who-benchmarks'].title} — ${SOURCES['who-benchmarks'].url}`,
      });
      expect(flag!.note).toMatch(/§3\.3/);
    }
  });

  it('an unsourced rule says so, and the clinic policy sets its severity (warn by default)', () => {
    const patient: PatientFacts = { conditions: [{ code: 'Z79.01' }] };
    for (const [policy, severity] of [
      [undefined, 'warn'],
      ['warn', 'warn'],
      ['block', 'block'],
    ] as const) {
      const [flag] = run(patient, [{ kind: 'dry-needling' }], policy)[0]!.flags;
      expect(flag).toEqual({
        rule: 'modality-bleeding-risk',
        severity,
        message: expect.stringContaining('bleeding'),
        source: null,
        basis: 'clinic-policy',
        note: UNVERIFIED_NOTE,
        matched: ['Z79.01'],
        acknowledgeable: true,
      });
    }
    expect(UNVERIFIED_NOTE).toMatch(/^UNVERIFIED — no source found in the reference/);
  });

  it('site-specific conditions flag only the activity at their site (as the OMT engine narrows them)', () => {
    const patient: PatientFacts = {
      conditions: [
        { code: 'C79.51', region: 'lumbar' },
        { code: 'L03.90', region: 'cervical' },
      ],
    };
    expect(rulesFor(patient, 'shockwave', 'lumbar')).toEqual(['modality-malignancy-at-site']);
    expect(rulesFor(patient, 'shockwave', 'cervical')).toEqual(['modality-infection-at-site']);
    expect(rulesFor(patient, 'shockwave', 'thoracic')).toEqual([]);
    // No site on the activity: every recorded site counts.
    expect(rulesFor(patient, 'shockwave')).toEqual([
      'modality-malignancy-at-site',
      'modality-infection-at-site',
    ]);
    // Whole-body facts reach every site.
    expect(rulesFor({ flags: [{ flag: 'pregnant' }] }, 'dry-needling', 'upper-extremity')).toEqual([
      'modality-pregnancy',
    ]);
  });

  it('results follow the plan’s order, blocking flags first, with what matched', () => {
    const patient: PatientFacts = {
      conditions: [{ code: 'Z95.0' }, { code: 'Z33.1' }],
      flags: [{ flag: 'no-consent' }],
    };
    const res = run(patient, [{ kind: 'omt' }, { kind: 'shockwave' }, { kind: 'dry-needling' }]);
    expect(res.map((r) => [r.activity, r.kind, r.flags.map((f) => f.rule)])).toEqual([
      [0, 'omt', []],
      [1, 'shockwave', ['modality-no-consent', 'modality-pregnancy', 'shockwave-implanted-device']],
      [2, 'dry-needling', ['modality-no-consent', 'modality-pregnancy']],
    ]);
    expect(res[1]!.flags.map((f) => f.severity)).toEqual(['block', 'warn', 'warn']);
    expect(res[1]!.flags[2]!.matched).toEqual(['Z95.0']);
  });

  it('unacknowledgedBlocks: acknowledgement clears policy blocks of that activity, never the consent block', () => {
    const patient: PatientFacts = { conditions: [{ code: 'Z79.01' }] };
    const res = run(patient, [{ kind: 'shockwave' }, { kind: 'dry-needling' }], 'block');
    expect(unacknowledgedBlocks(res, new Set()).map((b) => [b.activity, b.flag.rule])).toEqual([
      [0, 'modality-bleeding-risk'],
      [1, 'modality-bleeding-risk'],
    ]);
    expect(unacknowledgedBlocks(res, new Set([1])).map((b) => b.activity)).toEqual([0]);
    expect(unacknowledgedBlocks(res, new Set([0, 1]))).toEqual([]);
    // Warnings never block.
    expect(unacknowledgedBlocks(run(patient, [{ kind: 'shockwave' }], 'warn'), new Set())).toEqual([]);
    const noConsent = run({ flags: [{ flag: 'no-consent' }] }, [{ kind: 'shockwave' }]);
    expect(unacknowledgedBlocks(noConsent, new Set([0])).map((b) => b.flag.rule)).toEqual([
      'modality-no-consent',
    ]);
  });

  it('every modality family example is a well-formed code of its own family', () => {
    for (const [id, f] of Object.entries(MODALITY_FAMILIES)) {
      expect(isValidIcd10Cm(f.example), id).toBe(true);
      expect(matchesAnyFamily(f.example, f.codes), id).toBe(true);
    }
    expect(matchesAnyFamily('D05.10', MODALITY_FAMILIES['malignant-neoplasm'].codes)).toBe(false);
    expect(matchesAnyFamily('C96.9', MODALITY_FAMILIES['malignant-neoplasm'].codes)).toBe(true);
  });
});

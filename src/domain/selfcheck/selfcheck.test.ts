import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CAUTION_FLAG_IDS,
  RED_FLAG_IDS,
  RED_FLAG_RULES,
  SELF_CHECK_AREAS,
  SELF_CHECK_FLAGS,
  TRIAGE_SOURCES,
  cautionFor,
  rulesForCaution,
  selfCheck,
  selfCheckSource,
  type SelfCheckFlag,
} from './index.ts';

const base = { area: 'low-back', weeks: 6, ageYears: 44 } as const;
const check = (...flags: SelfCheckFlag[]) => selfCheck({ ...base, flags });

describe('self-check: each flag alone', () => {
  it('no flags: OMT may help, nothing to report', () => {
    expect(check()).toEqual({ result: 'omt-may-help', reasons: [], cautions: [] });
  });

  it.each([
    ['saddle-numbness', 'emergency'],
    ['bladder-or-bowel-change', 'emergency'],
    ['progressive-leg-weakness', 'emergency'],
    ['chest-pain', 'emergency'],
    ['sudden-severe-headache', 'emergency'],
    ['neck-pain-after-injury', 'see-a-doctor-first'],
    ['fever', 'see-a-doctor-first'],
    ['cancer-history', 'see-a-doctor-first'],
    ['unexplained-weight-loss', 'see-a-doctor-first'],
    ['major-injury', 'see-a-doctor-first'],
    ['night-pain-unrelieved', 'see-a-doctor-first'],
  ] as const)('%s → %s, with its reason and source', (flag, result) => {
    const out = check(flag);
    expect(out.result).toBe(result);
    expect(out.reasons).toHaveLength(1);
    expect(out.reasons[0]!.flag).toBe(flag);
    expect(out.reasons[0]!.message.length).toBeGreaterThan(20);
    expect(out.reasons[0]!.source).toMatch(/ — https:\/\//);
    expect(out.cautions).toEqual([]);
  });

  it('the cauda equina signs cite national guidance first and say so plainly', () => {
    for (const flag of ['saddle-numbness', 'bladder-or-bowel-change'] as const) {
      const [reason] = check(flag).reasons;
      expect(reason!.source).toContain('NICE Clinical Knowledge Summaries');
      expect(reason!.message).toContain('cauda equina');
      expect(reason!.message).toContain('emergency');
    }
    expect(check('chest-pain').reasons[0]!.message).toContain('911');
  });

  it.each([
    ['osteoporosis', ['hvla', 'muscle-energy', 'articulatory', 'myofascial-release', 'lymphatic']],
    ['anticoagulant', ['hvla', 'myofascial-release']],
    ['pregnant', ['hvla']],
    ['recent-surgery', ['hvla', 'muscle-energy', 'articulatory', 'soft-tissue', 'myofascial-release']],
  ] as const)('%s is a caution to tell the DO, never a referral', (flag, techniques) => {
    const out = check(flag);
    expect(out.result).toBe('omt-may-help');
    expect(out.reasons).toEqual([]);
    expect(out.cautions).toHaveLength(1);
    const [c] = out.cautions;
    expect(c!.flag).toBe(flag);
    expect(c!.message).toMatch(/^Tell the DO/);
    for (const t of techniques) expect(c!.techniques).toContain(t);
  });
});

describe('self-check: cautions come from the clinicians’ safety rules', () => {
  it('each caution names exactly the techniques of the safety rules it matches', () => {
    for (const flag of CAUTION_FLAG_IDS) {
      const rules = rulesForCaution(flag);
      expect(rules.length, flag).toBeGreaterThan(0);
      const fromRules = new Set(rules.flatMap((r) => r.techniques));
      expect(new Set(cautionFor(flag).techniques)).toEqual(fromRules);
    }
  });

  it('osteoporosis caution carries the disagreeing HVLA sources and marks the unverified thoracic-pump rule', () => {
    const c = cautionFor('osteoporosis');
    expect(c.ruleIds).toContain('hvla-osteoporosis');
    expect(c.sources).toEqual(expect.arrayContaining(['hvla-board-review', 'pmc-contraindication-table']));
    expect(c.sources).toContain('unverified');
    expect(c.message).toContain('high-velocity, low-amplitude (thrust)');
  });

  it('the anticoagulant caution includes the unchecked-level rule for direct techniques', () => {
    const c = cautionFor('anticoagulant');
    expect(c.sources).toContain('who-direct-list');
    expect(c.techniques).toEqual(expect.arrayContaining(['soft-tissue', 'muscle-energy', 'articulatory']));
  });
});

describe('self-check: combinations', () => {
  it('an emergency beats a see-a-doctor-first flag, and its reason comes first', () => {
    const out = check('fever', 'saddle-numbness');
    expect(out.result).toBe('emergency');
    expect(out.reasons.map((r) => r.flag)).toEqual(['saddle-numbness', 'fever']);
  });

  it('red flags and cautions together: the referral stands and the cautions are still listed', () => {
    const out = check('cancer-history', 'osteoporosis', 'anticoagulant');
    expect(out.result).toBe('see-a-doctor-first');
    expect(out.cautions.map((c) => c.flag)).toEqual(['osteoporosis', 'anticoagulant']);
  });

  it('every flag at once: emergency, every red flag explained, every caution listed', () => {
    const out = check(...SELF_CHECK_FLAGS);
    expect(out.result).toBe('emergency');
    expect(out.reasons).toHaveLength(RED_FLAG_IDS.length);
    expect(out.cautions).toHaveLength(CAUTION_FLAG_IDS.length);
  });

  it('a repeated flag gives one reason', () => {
    expect(check('fever', 'fever').reasons).toHaveLength(1);
  });

  it('area, duration and age do not change the result on their own', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SELF_CHECK_AREAS),
        fc.integer({ min: 0, max: 520 }),
        fc.integer({ min: 0, max: 120 }),
        (area, weeks, ageYears) => {
          expect(selfCheck({ area, weeks, ageYears, flags: [] }).result).toBe('omt-may-help');
        },
      ),
    );
  });

  it('most urgent wins (property): the result is the most urgent level among the given flags', () => {
    const order = ['omt-may-help', 'see-a-doctor-first', 'emergency'];
    const level = (f: SelfCheckFlag) =>
      RED_FLAG_RULES.find((r) => r.flag === f)?.result ?? ('omt-may-help' as const);
    fc.assert(
      fc.property(fc.subarray([...SELF_CHECK_FLAGS]), fc.constantFrom(...SELF_CHECK_AREAS), (flags, area) => {
        const out = selfCheck({ area, weeks: 4, ageYears: 30, flags });
        const expected = flags
          .map(level)
          .reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), 'omt-may-help');
        expect(out.result).toBe(expected);
        // Reasons are exactly the red flags given, most urgent first.
        expect(new Set(out.reasons.map((r) => r.flag))).toEqual(
          new Set(flags.filter((f) => (RED_FLAG_IDS as readonly string[]).includes(f))),
        );
        const ranks = out.reasons.map((r) => order.indexOf(r.result));
        expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
        expect(out.cautions.map((c) => c.flag)).toEqual(CAUTION_FLAG_IDS.filter((f) => flags.includes(f)));
        // Adding an emergency flag always makes it an emergency.
        expect(selfCheck({ area, weeks: 4, ageYears: 30, flags: [...flags, 'chest-pain'] }).result).toBe(
          'emergency',
        );
      }),
    );
  });
});

describe('self-check: rules as data', () => {
  it('every red flag of the contract has exactly one rule, each with sources that resolve', () => {
    expect(RED_FLAG_RULES.map((r) => r.flag).sort()).toEqual([...RED_FLAG_IDS].sort());
    for (const rule of RED_FLAG_RULES) {
      for (const id of rule.sources) {
        const s = selfCheckSource(id);
        expect(s.title.length, id).toBeGreaterThan(5);
        expect(s.url, id).toMatch(/^https?:\/\//);
      }
    }
  });

  it('sources that are not in the domain reference say so, with a note', () => {
    for (const s of Object.values(TRIAGE_SOURCES)) {
      expect(s.inReference).toBe(false);
      expect(s.grade).not.toBe('V');
      expect(s.note).toMatch(/Not yet in the project’s OMT domain reference/);
    }
    expect(selfCheckSource('pmc-contraindication-table').inReference).toBe(true);
  });

  it('the contract’s emergency flags are exactly the emergency rules', () => {
    expect(RED_FLAG_RULES.filter((r) => r.result === 'emergency').map((r) => r.flag)).toEqual([
      'saddle-numbness',
      'bladder-or-bowel-change',
      'progressive-leg-weakness',
      'chest-pain',
      'sudden-severe-headache',
    ]);
  });
});

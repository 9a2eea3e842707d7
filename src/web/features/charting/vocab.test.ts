import { describe, expect, it } from 'vitest';
import * as schema from '../../../domain/omt/index.ts';
import { ROM_NORM_SETS, type Joint, type Motion } from '../../../domain/omt/rom.ts';
import * as vocab from './vocab';

/**
 * The web app offers the domain's chart vocabularies (which the contracts' zod schemas are built
 * from): the very same lists, not copies that could drift, each with a label for every value.
 */
describe('charting vocabularies are the domain’s', () => {
  it('re-exports the domain’s lists themselves, not copies', () => {
    expect(vocab.TART_KEYS).toBe(schema.TART_KEYS);
    expect(vocab.SEVERITY_WORDS).toBe(schema.SEVERITY_WORDS);
    expect(vocab.JOINTS).toBe(schema.JOINTS);
    expect(vocab.MOTIONS).toBe(schema.MOTIONS);
    expect(vocab.JOINT_REGION).toBe(schema.JOINT_REGION);
    expect(vocab.TREATMENT_RESPONSES).toBe(schema.TREATMENT_RESPONSES);
    expect(vocab.TOLERANCES).toBe(schema.TOLERANCES);
    expect(vocab.CONSENT_VALUES).toBe(schema.CONSENT_VALUES);
    expect(vocab.romNeedsSide).toBe(schema.romNeedsSide);
  });

  it('labels exactly the domain’s values, each with its own words', () => {
    const labelled: [readonly string[], Record<string, string>][] = [
      [schema.TART_KEYS, vocab.TART_LABELS],
      [schema.JOINTS, vocab.JOINT_LABELS],
      [schema.MOTIONS, vocab.MOTION_LABELS],
      [schema.CONSENT_VALUES, vocab.CONSENT_LABELS],
    ];
    for (const [values, labels] of labelled) {
      expect(values.length).toBeGreaterThan(1);
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      expect(new Set(Object.values(labels)).size).toBe(values.length);
    }
  });

  it('asks for a side on limbs always and on the spine for side-bending and rotation only', () => {
    const sided = (vocab.JOINTS as readonly Joint[]).flatMap((joint) =>
      (vocab.MOTIONS as readonly Motion[])
        .filter((motion) => vocab.romNeedsSide(joint, motion))
        .map((motion) => `${joint} ${motion}`),
    );
    expect(sided).toEqual([
      ...vocab.MOTIONS.map((m) => `shoulder ${m}`),
      ...vocab.MOTIONS.map((m) => `hip ${m}`),
      'cervical lateral-flexion',
      'cervical rotation',
      'lumbar lateral-flexion',
      'lumbar rotation',
    ]);
  });

  it('offers a joint for every norm set', () => {
    expect(ROM_NORM_SETS.length).toBeGreaterThan(0);
    for (const set of ROM_NORM_SETS) expect(vocab.JOINTS).toContain(set.joint);
    expect(vocab.jointsOfRegion('lower-extremity')).toEqual(['hip']);
    expect(vocab.jointsOfRegion('abdomen')).toEqual([]);
  });
});

describe('technique picker search', () => {
  const options = [
    { value: 'soft-tissue', label: 'Soft tissue (ST)' },
    { value: 'muscle-energy', label: 'Muscle energy (MET)' },
    { value: 'counterstrain', label: 'Counterstrain (CS) — caution' },
    { value: 'cranial', label: 'Osteopathy in the cranial field (OCF)' },
    { value: 'balanced-ligamentous-tension', label: 'Balanced ligamentous tension (BLT)' },
  ];
  const search = (s: string, limit = 10) =>
    vocab.filterTechniqueOptions({ options, search: s, limit }).map((o) => o.value);

  it('finds a technique by its abbreviation in any case, best match first', () => {
    expect(search('cs')).toEqual(['counterstrain']);
    expect(search('ME')[0]).toBe('muscle-energy');
    expect(search('Ocf')).toEqual(['cranial']);
    expect(search('blt')).toEqual(['balanced-ligamentous-tension']);
  });

  it('still searches names, keeps the catalogue order for ties and respects the limit', () => {
    expect(search('')).toEqual(options.map((o) => o.value));
    expect(search('', 2)).toEqual(['soft-tissue', 'muscle-energy']);
    expect(search('tension')).toEqual(['balanced-ligamentous-tension']);
    expect(search('nothing like it')).toEqual([]);
  });
});

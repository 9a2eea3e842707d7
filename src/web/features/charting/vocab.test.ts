import { describe, expect, it } from 'vitest';
import * as schema from '../../../domain/omt/index.ts';
import { ROM_NORM_SETS, type Joint, type Motion } from '../../../domain/omt/rom.ts';
import * as vocab from './vocab';

/** The web app offers the domain's chart vocabularies (which the contracts' zod schemas are built from). */
describe('charting vocabularies are the domain’s', () => {
  it('has the same lists', () => {
    expect(vocab.TART_KEYS).toEqual(schema.TART_KEYS);
    expect(vocab.SEVERITY_WORDS).toEqual(schema.SEVERITY_WORDS);
    expect(vocab.JOINTS).toEqual(schema.JOINTS);
    expect(vocab.MOTIONS).toEqual(schema.MOTIONS);
    expect(vocab.JOINT_REGION).toEqual(schema.JOINT_REGION);
    expect(vocab.TREATMENT_RESPONSES).toEqual(schema.TREATMENT_RESPONSES);
    expect(vocab.TOLERANCES).toEqual(schema.TOLERANCES);
    expect(vocab.CONSENT_VALUES).toEqual(schema.CONSENT_VALUES);
  });

  it('asks for a side exactly when the schema does', () => {
    for (const joint of vocab.JOINTS as readonly Joint[])
      for (const motion of vocab.MOTIONS as readonly Motion[])
        expect(vocab.romNeedsSide(joint, motion)).toBe(schema.romNeedsSide(joint, motion));
  });

  it('offers a joint for every norm set', () => {
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

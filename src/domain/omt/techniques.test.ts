import { describe, expect, it } from 'vitest';
import {
  TECHNIQUE_IDS,
  TECHNIQUES,
  matchTechniques,
  techniqueLabel,
  techniqueMatchScore,
} from './techniques.ts';

describe('technique abbreviations', () => {
  it.each([
    ['HVLA', 'hvla'],
    ['hvla', 'hvla'],
    ['MET', 'muscle-energy'],
    ['me', 'muscle-energy'],
    ['MFR', 'myofascial-release'],
    ['blt', 'balanced-ligamentous-tension'],
    ['LAS', 'balanced-ligamentous-tension'],
    ['OCF', 'cranial'],
    ['FPR', 'facilitated-positional-release'],
    ['st', 'soft-tissue'],
    ['CS', 'counterstrain'],
    ['scs', 'counterstrain'],
    ['Cr', 'chapman-reflex'],
    ['ART', 'articulatory'],
    ['lym', 'lymphatic'],
  ] as const)('%s finds %s first', (typed, id) => {
    expect(matchTechniques(typed)[0]).toBe(id);
    expect(techniqueMatchScore(id, typed)).toBe(3);
  });

  it('follows the reference: CS is counterstrain, cranial is OCF', () => {
    expect(matchTechniques('cs')).not.toContain('cranial');
    expect(techniqueMatchScore('cranial', 'CS')).toBe(0);
  });

  it('still finds names and parts of names, ranked after abbreviations', () => {
    expect(matchTechniques('counter')).toEqual(['counterstrain']);
    expect(matchTechniques('cranial')).toEqual(['cranial']);
    expect(matchTechniques('ST').slice(0, 2)).toEqual(['soft-tissue', 'still-technique']);
    expect(matchTechniques('ST')).toContain('counterstrain');
    expect(matchTechniques('  Myofascial ')).toEqual(['myofascial-release']);
    expect(matchTechniques('zzz')).toEqual([]);
    expect(matchTechniques('')).toEqual([...TECHNIQUE_IDS]);
  });

  it('shows the abbreviation in the label, and abbreviations are unique', () => {
    expect(techniqueLabel('counterstrain')).toBe('Counterstrain (CS)');
    expect(techniqueLabel('muscle-energy')).toBe('Muscle energy (MET)');
    expect(techniqueLabel('still-technique')).toBe('Still technique');
    const codes = TECHNIQUES.flatMap((t) => [t.abbreviation, ...t.aliases])
      .filter((c): c is string => !!c)
      .map((c) => c.toLowerCase());
    expect(new Set(codes).size).toBe(codes.length);
  });
});

import { describe, expect, it } from 'vitest';
import { REGION_BY_ID, REGION_IDS, REGIONS } from './regions.ts';
import { formatSource, SOURCES } from './sources.ts';
import { isTypicalFor, TECHNIQUE_BY_ID, TECHNIQUE_IDS, TECHNIQUES, techniquesOfClass } from './techniques.ts';

describe('regions', () => {
  it('are the ten CPT regions of api.md with their M99.0x partner codes', () => {
    expect(REGIONS.map((r) => [r.id, r.icd10])).toEqual([
      ['head', 'M99.00'],
      ['cervical', 'M99.01'],
      ['thoracic', 'M99.02'],
      ['lumbar', 'M99.03'],
      ['sacral', 'M99.04'],
      ['pelvic', 'M99.05'],
      ['lower-extremity', 'M99.06'],
      ['upper-extremity', 'M99.07'],
      ['rib-cage', 'M99.08'],
      ['abdomen', 'M99.09'],
    ]);
    expect(REGION_BY_ID.abdomen.label).toBe('Abdomen and viscera');
  });
});

describe('techniques', () => {
  it('are the twelve ids of api.md', () => {
    expect([...TECHNIQUE_IDS]).toEqual([
      'soft-tissue',
      'myofascial-release',
      'hvla',
      'muscle-energy',
      'articulatory',
      'counterstrain',
      'facilitated-positional-release',
      'still-technique',
      'balanced-ligamentous-tension',
      'cranial',
      'lymphatic',
      'chapman-reflex',
    ]);
    expect(TECHNIQUES.map((t) => t.id)).toEqual([...TECHNIQUE_IDS]);
  });

  it('carry the WHO class and activity of the reference', () => {
    expect(techniquesOfClass('direct')).toEqual(['soft-tissue', 'hvla', 'muscle-energy', 'articulatory']);
    expect(techniquesOfClass('indirect')).toEqual([
      'counterstrain',
      'facilitated-positional-release',
      'balanced-ligamentous-tension',
      'cranial',
    ]);
    expect(TECHNIQUE_BY_ID['myofascial-release'].whoClasses).toEqual(['direct', 'indirect']);
    expect(TECHNIQUE_BY_ID['still-technique'].whoClasses).toEqual(['combined']);
    expect(TECHNIQUE_BY_ID.lymphatic.whoClasses).toEqual(['fluid']);
    expect(TECHNIQUE_BY_ID['chapman-reflex'].whoClasses).toEqual(['reflex']);
    expect(TECHNIQUES.filter((t) => t.activity === 'active').map((t) => t.id)).toEqual(['muscle-energy']);
  });

  it('counterstrain holds 90 seconds', () => {
    expect(TECHNIQUE_BY_ID.counterstrain.dose.holdSeconds).toBe(90);
  });

  it('have clinician and patient descriptions and known sources', () => {
    for (const t of TECHNIQUES) {
      expect(t.clinicianDescription.length, t.id).toBeGreaterThan(40);
      expect(t.patientDescription.length, t.id).toBeGreaterThan(30);
      for (const s of t.sources) expect(SOURCES[s].url, `${t.id}/${s}`).toMatch(/^https?:\/\//);
    }
  });

  it('cranial is typical for head and sacrum only; others anywhere', () => {
    expect(REGION_IDS.filter((r) => isTypicalFor('cranial', r))).toEqual(['head', 'sacral']);
    expect(REGION_IDS.every((r) => isTypicalFor('counterstrain', r))).toBe(true);
  });
});

describe('sources', () => {
  it('format as "title — URL", and the unverified marker has no URL', () => {
    expect(formatSource('who-benchmarks')).toBe(
      'WHO, Benchmarks for Training in Osteopathy (2010), contraindications chapter (reproduction) — https://skolaosteopatie.sk/en/indications-and-contraindications-of-osteopathic-treatment/',
    );
    expect(formatSource('unverified')).toMatch(/^UNVERIFIED/);
    for (const [id, s] of Object.entries(SOURCES)) {
      if (id !== 'unverified') expect(s.url, id).toMatch(/^https?:\/\//);
    }
  });
});

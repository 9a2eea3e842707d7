import { beforeAll, describe, expect, it } from 'vitest';
import { buildCodeSet, codeKey, parseIcd10Tsv, words, type Icd10CodeSet } from './icd10cm.ts';
import { icd10cm } from './load.ts';
import { DEMO_PATIENTS } from '../../seed/demo-patients.ts';

/** A few rows in the file's own format, for the pure logic. */
const SMALL = [
  'code\tbillable\tdescription',
  'M54\t0\tDorsalgia',
  'M54.2\t1\tCervicalgia',
  'M54.5\t0\tLow back pain',
  'M54.50\t1\tLow back pain, unspecified',
  'M54.51\t1\tVertebrogenic low back pain',
  'M54.59\t1\tOther low back pain',
  'M54.6\t1\tPain in thoracic spine',
  'S39.92XS\t1\tUnspecified injury of lower back, sequela',
  'M99.0\t0\tSegmental and somatic dysfunction',
  'M99.03\t1\tSegmental and somatic dysfunction of lumbar region',
  '',
].join('\n');

describe('ICD-10-CM lookup (pure, on a small table)', () => {
  const set = buildCodeSet(parseIcd10Tsv(SMALL));

  it('parses the shipped format and refuses anything else', () => {
    expect(set.size).toBe(10);
    expect(set.lookup('M54.50')).toEqual({
      code: 'M54.50',
      billable: true,
      description: 'Low back pain, unspecified',
    });
    expect(() => parseIcd10Tsv('M54\t0\tDorsalgia\n')).toThrow(/header/);
    expect(() => parseIcd10Tsv('code\tbillable\tdescription\nM54\tx\tDorsalgia\n')).toThrow(/line 2/);
  });

  it('finds a code with or without the dot, in any case', () => {
    expect(codeKey(' m54.50 ')).toBe('M5450');
    expect(set.lookup('m5450')?.code).toBe('M54.50');
    expect(set.lookup('M54.7')).toBeUndefined();
  });

  it('tells billable codes from headers, and lists a header’s billable codes', () => {
    expect(set.lookup('M54.5')?.billable).toBe(false);
    expect(set.billableDescendants('M54.5').map((c) => c.code)).toEqual(['M54.50', 'M54.51', 'M54.59']);
    expect(set.billableDescendants('M54').map((c) => c.code)).toEqual([
      'M54.2',
      'M54.50',
      'M54.51',
      'M54.59',
      'M54.6',
    ]);
    expect(set.billableDescendants('M54.50')).toEqual([]);
  });

  it('words are lowercase letters and digits', () => {
    expect(words('Age-related osteoporosis, vertebra(e) T12')).toEqual([
      'age',
      'related',
      'osteoporosis',
      'vertebra',
      'e',
      't12',
    ]);
  });

  it('ranks billable codes first, then descriptions that start with the words', () => {
    expect(set.search('low back', 10).map((c) => c.code)).toEqual([
      'M54.50', // starts with "low back"
      'M54.59', // holds "low back", shorter
      'M54.51', // holds "low back"
      'S39.92XS', // "lower back": words that start with each
      'M54.5', // a header, last
    ]);
    expect(set.search('LOW BA', 1).map((c) => c.code)).toEqual(['M54.50']);
    expect(set.search('lumbar somatic', 10).map((c) => c.code)).toEqual(['M99.03']);
    expect(set.search('spine cervical', 10)).toEqual([]);
  });

  it('matches a code prefix with or without the dot', () => {
    expect(set.search('m54.5', 10).map((c) => c.code)).toEqual(['M54.50', 'M54.51', 'M54.59', 'M54.5']);
    expect(set.search('M545', 10).map((c) => c.code)).toEqual(['M54.50', 'M54.51', 'M54.59', 'M54.5']);
    expect(set.search('M99', 1).map((c) => c.code)).toEqual(['M99.03']);
    expect(set.search('M54', 3).map((c) => c.code)).toEqual(['M54.2', 'M54.50', 'M54.51']);
  });
});

describe('ICD-10-CM FY2026 (the shipped code set)', () => {
  let set: Icd10CodeSet;
  beforeAll(async () => {
    set = await icd10cm();
  });

  it('holds the complete set: 98,186 codes, 74,719 billable', () => {
    expect(set.version).toBe('FY2026');
    expect(set.size).toBe(98186);
    let billable = 0;
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') billable += set.billableDescendants(letter).length;
    expect(billable).toBe(74719);
  });

  it('loads once: later calls share the same table', async () => {
    expect(await icd10cm()).toBe(set);
  });

  it('knows billable codes and headers', () => {
    expect(set.check('M54.50')).toEqual({
      ok: true,
      entry: { code: 'M54.50', billable: true, description: 'Low back pain, unspecified' },
    });
    expect(set.check('m99.03').ok).toBe(true);
    expect(set.lookup('M54.5')).toEqual({ code: 'M54.5', billable: false, description: 'Low back pain' });
  });

  it('says which codes to use instead of a header with few billable codes', () => {
    expect(set.check('M54.5')).toEqual({
      ok: false,
      reason: 'category',
      message: 'M54.5 is a category; use M54.50, M54.51 or M54.59',
    });
  });

  it('says how many codes sit under a header with many', () => {
    expect(set.check('M54')).toEqual({
      ok: false,
      reason: 'category',
      message: 'M54 is a category; pick a more specific code under M54 (33 codes)',
    });
  });

  it('names a code that is not in the code set', () => {
    expect(set.check('M54.7')).toEqual({
      ok: false,
      reason: 'unknown',
      message: 'M54.7 is not an ICD-10-CM code (FY2026); search by code or words and pick one from the list',
    });
    expect(set.check('U99.9').ok).toBe(false);
  });

  it('finds low back pain by words, the unspecified code first', () => {
    const found = set.search('low back', 5);
    expect(found[0]).toEqual({ code: 'M54.50', billable: true, description: 'Low back pain, unspecified' });
    expect(found.slice(0, 3).map((c) => c.code)).toEqual(['M54.50', 'M54.59', 'M54.51']);
  });

  it('seeds the demo clinic with billable codes and their official descriptions', () => {
    const conditions = DEMO_PATIENTS.flatMap((p) => p.conditions ?? []);
    expect(conditions.length).toBeGreaterThan(20);
    for (const c of conditions) {
      const result = set.check(c.code);
      expect(result, c.code).toMatchObject({ ok: true });
      if (result.ok) expect(c.display, c.code).toBe(result.entry.description);
    }
  });
});

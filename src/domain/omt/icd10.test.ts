import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  icd10FormatError,
  isValidIcd10Cm,
  matchesAnyFamily,
  matchesFamily,
  normalizeIcd10,
} from './icd10.ts';
import { CONDITION_FAMILIES } from './safety/families.ts';

describe('ICD-10-CM format', () => {
  it.each(['M81.0', 'C79.51', 'S13.4XXA', 'O9A.111', 'Z33.1', 'D66', 'M99.00', 'u07.1', ' g83.4 '])(
    'accepts %s',
    (code) => {
      expect(isValidIcd10Cm(code)).toBe(true);
      expect(icd10FormatError(code)).toBeNull();
    },
  );

  it.each([
    ['', 'empty'],
    ['M810', 'put a dot'],
    ['81.0', 'not a well-formed'],
    ['MM1.0', 'not a well-formed'],
    ['M81.', 'not a well-formed'],
    ['M81.01234', 'not a well-formed'],
    ['M81-0', 'not a well-formed'],
    ['C79.5!', 'not a well-formed'],
  ])('rejects %j with a message', (code, message) => {
    expect(isValidIcd10Cm(code)).toBe(false);
    expect(icd10FormatError(code)).toContain(message);
  });

  it('normalises case and whitespace', () => {
    expect(normalizeIcd10(' s13.4xxa ')).toBe('S13.4XXA');
  });
});

describe('code families', () => {
  it('matches a category and everything under it', () => {
    expect(matchesFamily('M81.0', 'M81')).toBe(true);
    expect(matchesFamily('M80.08XA', 'M80')).toBe(true);
    expect(matchesFamily('M82.0', 'M81')).toBe(false);
  });

  it('matches a subcategory (every code under C79.5 is a bone metastasis)', () => {
    expect(matchesFamily('C79.51', 'C79.5')).toBe(true);
    expect(matchesFamily('C79.52', 'C79.5')).toBe(true);
    expect(matchesFamily('C79.6', 'C79.5')).toBe(false);
    expect(matchesFamily('C79.49', 'C79.5')).toBe(false);
  });

  it('matches inclusive ranges of categories and subcategories', () => {
    const coag = { from: 'D65', to: 'D68' };
    expect(['D65', 'D66', 'D68.311'].map((c) => matchesFamily(c, coag))).toEqual([true, true, true]);
    expect(['D64.9', 'D69.6'].map((c) => matchesFamily(c, coag))).toEqual([false, false]);
    const pelvis = { from: 'S32.3', to: 'S32.8' };
    expect(['S32.301A', 'S32.501A', 'S32.810A'].map((c) => matchesFamily(c, pelvis))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['S32.2XXA', 'S32.9XXA'].map((c) => matchesFamily(c, pelvis))).toEqual([false, false]);
  });

  it('orders O9A after O99 so the whole pregnancy chapter matches', () => {
    const pregnancy = CONDITION_FAMILIES.pregnancy.codes;
    expect(
      ['O00.0', 'O26.891', 'O99.89', 'O9A.111', 'Z33.1'].map((c) => matchesAnyFamily(c, pregnancy)),
    ).toEqual([true, true, true, true, true]);
    expect(matchesAnyFamily('P00.0', pregnancy)).toBe(false);
  });

  it('every family example is well formed and belongs to its family only via its own codes', () => {
    for (const [id, family] of Object.entries(CONDITION_FAMILIES)) {
      expect(isValidIcd10Cm(family.example), id).toBe(true);
      expect(matchesAnyFamily(family.example, family.codes), id).toBe(true);
    }
  });

  it('property: a code always matches its own 3-character category', () => {
    const code = fc
      .tuple(
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTVWXYZ'),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(...'0123456789A'),
        fc.string({ unit: fc.constantFrom(...'0123456789XA'), minLength: 1, maxLength: 4 }),
      )
      .map(([l, d, c, tail]) => `${l}${d}${c}.${tail}`);
    fc.assert(
      fc.property(code, (c) => {
        expect(isValidIcd10Cm(c)).toBe(true);
        expect(matchesFamily(c, c.slice(0, 3))).toBe(true);
      }),
    );
  });
});

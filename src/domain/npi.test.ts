import { describe, expect, it } from 'vitest';
import { isValidNpi, npiCheckDigit, npiProblem } from './npi.ts';

describe('NPI check digit (Luhn with the 80840 prefix)', () => {
  it('computes the CMS worked example: 123456789 → 3', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(isValidNpi('1234567893')).toBe(true);
  });

  it('accepts other well-formed numbers and rejects every single-digit change of one', () => {
    expect(isValidNpi('1245319599')).toBe(true);
    expect(isValidNpi(' 1234567893 ')).toBe(true);
    for (let i = 0; i < 10; i++)
      for (let d = 0; d <= 9; d++) {
        const changed = `1234567893`.slice(0, i) + d + `1234567893`.slice(i + 1);
        if (changed !== '1234567893') expect(isValidNpi(changed), changed).toBe(false);
      }
  });

  it('says what is wrong', () => {
    expect(npiProblem('123456789')).toMatch(/exactly 10 digits/);
    expect(npiProblem('12345678a3')).toMatch(/exactly 10 digits/);
    expect(npiProblem('3234567893')).toMatch(/starts with 1 or 2/);
    expect(npiProblem('1234567890')).toMatch(/check digit/);
    expect(() => npiCheckDigit('12')).toThrow(RangeError);
  });
});

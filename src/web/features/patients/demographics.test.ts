import { describe, expect, it } from 'vitest';
import {
  demographicsBody,
  demographicsPatch,
  EMPTY_DEMOGRAPHICS,
  validateDemographics,
} from './demographics';

const filled = {
  ...EMPTY_DEMOGRAPHICS,
  givenName: ' Ana ',
  familyName: 'Lee',
  birthDate: '1980-02-03',
  sex: 'female' as const,
  phone: '(660) 555-0100',
  line: '1 Main St',
  city: 'Springfield',
};

describe('demographicsBody', () => {
  it('trims, leaves out empty optional fields and sends the address only when filled', () => {
    expect(demographicsBody(filled)).toEqual({
      givenName: 'Ana',
      familyName: 'Lee',
      birthDate: '1980-02-03',
      sex: 'female',
      phone: '(660) 555-0100',
      address: { line: '1 Main St', city: 'Springfield', postalCode: '' },
    });
    expect(demographicsBody({ ...filled, line: '', city: '' })).not.toHaveProperty('address');
  });
});

describe('demographicsPatch', () => {
  it('sends only what changed and clears removed optional fields with null', () => {
    expect(demographicsPatch(filled, filled)).toEqual({});
    expect(demographicsPatch(filled, { ...filled, phone: '', email: 'a@b.co' })).toEqual({
      phone: null,
      email: 'a@b.co',
    });
    expect(demographicsPatch(filled, { ...filled, line: '', city: '' })).toEqual({ address: null });
    expect(demographicsPatch(filled, { ...filled, familyName: 'Li' })).toEqual({ familyName: 'Li' });
  });
});

describe('validateDemographics', () => {
  it('names each missing or malformed field', () => {
    expect(Object.keys(validateDemographics(EMPTY_DEMOGRAPHICS)).sort()).toEqual([
      'birthDate',
      'familyName',
      'givenName',
      'sex',
    ]);
    expect(validateDemographics({ ...filled, email: 'nope' })).toEqual({
      email: 'Enter the email address as name@example.com, or leave it empty.',
    });
    expect(validateDemographics({ ...filled, phone: '555 0100' })).toEqual({
      phone: expect.stringMatching(/^Enter a phone number with its area code, for example \(660\) 555-0142/),
    });
    expect(validateDemographics(filled, '2026-12-04')).toEqual({});
  });

  it('bounds the date of birth by a fixed today and 1900, with the server’s messages', () => {
    const at = (birthDate: string) => validateDemographics({ ...filled, birthDate }, '2026-12-04').birthDate;
    expect(at('2026-12-04')).toBeUndefined();
    expect(at('1900-01-01')).toBeUndefined();
    expect(at('2026-12-06')).toBe('Enter the date of birth as YYYY-MM-DD; it can’t be in the future.');
    expect(at('1899-12-31')).toBe('Enter the date of birth as YYYY-MM-DD; it can’t be before 1900-01-01.');
    expect(at('')).toBe('Enter the date of birth as YYYY-MM-DD; it can’t be in the future or before 1900.');
  });
});

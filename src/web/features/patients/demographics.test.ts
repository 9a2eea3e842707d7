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
  phone: '+1 555 0100',
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
      phone: '+1 555 0100',
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
      email: 'Enter a valid email address.',
    });
    expect(validateDemographics({ ...filled, birthDate: '2999-01-01' })).toHaveProperty('birthDate');
    expect(validateDemographics(filled)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demographicFields, patientCreate, patientPatch } from './patients.ts';

const TODAY = '2026-12-04';
const fields = z.object(demographicFields(() => TODAY)).partial();
const messages = (input: unknown) => {
  const r = fields.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('/')}: ${i.message}`);
};

describe('patient demographic validation', () => {
  it('stores phone numbers in E.164, reading numbers without a country code as US numbers', () => {
    for (const [input, e164] of [
      ['(660) 555-0142', '+16605550142'],
      ['660.555.0142', '+16605550142'],
      ['+1 660 555 0142', '+16605550142'],
      ['1-660-555-0142', '+16605550142'],
      ['+44 20 7946 0958', '+442079460958'],
    ] as const) {
      expect(fields.parse({ phone: input }).phone, input).toBe(e164);
    }
    expect(fields.parse({ phone: '' }).phone).toBeNull();
    expect(fields.parse({ phone: null }).phone).toBeNull();
  });

  it('refuses phone numbers that cannot be dialled, saying what to enter', () => {
    for (const input of ['555 0142', '12', 'call me', '+1 660 555 0142 99', '+999 1234567']) {
      expect(messages({ phone: input }), input).toEqual([
        expect.stringMatching(
          /^phone: Enter a phone number with its area code, for example \(660\) 555-0142/,
        ),
      ]);
    }
  });

  it('accepts a date of birth from 1900-01-01 up to today, and says what to enter otherwise', () => {
    expect(messages({ birthDate: '1900-01-01' })).toEqual([]);
    expect(messages({ birthDate: TODAY })).toEqual([]);
    expect(messages({ birthDate: '1899-12-31' })).toEqual([
      'birthDate: Enter the date of birth as YYYY-MM-DD; it can’t be before 1900-01-01',
    ]);
    // One day of slack for a birth "today" in a time zone ahead of UTC; after that it is the future.
    expect(messages({ birthDate: '2026-12-05' })).toEqual([]);
    expect(messages({ birthDate: '2026-12-06' })).toEqual([
      'birthDate: Enter the date of birth as YYYY-MM-DD; it can’t be in the future',
    ]);
    expect(messages({ birthDate: '2030-01-01' })).toEqual([
      'birthDate: Enter the date of birth as YYYY-MM-DD; it can’t be in the future',
    ]);
    for (const bad of ['1946-02-30', '04/09/1946', '', '1946-4-9']) {
      expect(messages({ birthDate: bad }), bad).toEqual([
        'birthDate: Enter the date of birth as YYYY-MM-DD; it can’t be in the future or before 1900',
      ]);
    }
  });

  it('reads the clock at validation time, not when the schema is built', () => {
    let today = '2026-12-04';
    const schema = z.object(demographicFields(() => today)).partial();
    expect(schema.safeParse({ birthDate: '2027-01-10' }).success).toBe(false);
    today = '2027-01-10';
    expect(schema.safeParse({ birthDate: '2027-01-10' }).success).toBe(true);
  });

  it('checks email addresses and lets an empty one clear the field', () => {
    expect(fields.parse({ email: ' dot@example.com ' }).email).toBe('dot@example.com');
    expect(fields.parse({ email: '' }).email).toBeNull();
    for (const bad of ['dot', 'dot@', 'dot@example', 'dot @example.com', '@example.com', 'a@b..com']) {
      expect(messages({ email: bad }), bad).toEqual([
        'email: Enter the email address as name@example.com, or leave it empty',
      ]);
    }
  });

  it('is what the create and update schemas use', () => {
    const r = patientCreate.safeParse({
      givenName: ' ',
      familyName: 'Whitfield',
      birthDate: '3000-01-01',
      sex: 'x',
      phone: '12',
      email: 'nope',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('/'), i.message])).toEqual([
      ['givenName', 'Enter the given (first) name'],
      ['birthDate', 'Enter the date of birth as YYYY-MM-DD; it can’t be in the future'],
      ['sex', 'Choose the sex recorded for the patient: female, male, other or unknown'],
      ['phone', expect.stringMatching(/^Enter a phone number with its area code/)],
      ['email', 'Enter the email address as name@example.com, or leave it empty'],
    ]);
    expect(patientPatch.parse({ phone: '(660) 555-0142' })).toEqual({ phone: '+16605550142' });
  });
});

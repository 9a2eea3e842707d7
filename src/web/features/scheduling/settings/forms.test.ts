import { describe, expect, it } from 'vitest';
import {
  leadMinutes,
  minutesLabel,
  newTypeDraft,
  numberOf,
  policyDraftFrom,
  policyPatch,
  slugify,
  typeBody,
  typeDraftFrom,
  typePatch,
  typeServerField,
  validatePolicy,
  validateType,
} from './forms';
import type { ManagedType } from './types';

const followUp: ManagedType = {
  id: 'omt-follow-up',
  name: 'OMT follow-up',
  description: null,
  durationMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 10,
  slotIntervalMinutes: 15,
  minNoticeMinutes: 100,
  horizonDays: 60,
  bookableOnline: true,
  newPatientOnly: false,
  selfPayPrice: { amount: 95, currency: 'USD' },
  active: true,
};

describe('minutesLabel', () => {
  it('says durations the way people do', () => {
    expect(minutesLabel(0)).toBe('none');
    expect(minutesLabel(45)).toBe('45 min');
    expect(minutesLabel(120)).toBe('2 h');
    expect(minutesLabel(90)).toBe('1 h 30 min');
    expect(minutesLabel(1440)).toBe('1 day');
    expect(minutesLabel(2880)).toBe('2 days');
    expect(minutesLabel(1440 + 240)).toBe('1 day 4 h');
  });
});

describe('numberOf', () => {
  it('reads numbers and typed text, empty as null', () => {
    expect(numberOf(5)).toBe(5);
    expect(numberOf(' 7.5 ')).toBe(7.5);
    expect(numberOf('')).toBeNull();
    expect(numberOf('abc')).toBeNull();
  });
});

describe('appointment type form', () => {
  it('starts from the server’s defaults and is valid once named', () => {
    const d = { ...newTypeDraft(), code: 'omt-extended', name: 'Extended OMT', durationMinutes: 45 };
    expect(validateType(d, true)).toEqual({});
    expect(typeBody(d)).toEqual({
      name: 'Extended OMT',
      description: null,
      durationMinutes: 45,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      slotIntervalMinutes: 15,
      minNoticeMinutes: 120,
      horizonDays: 60,
      bookableOnline: true,
      newPatientOnly: false,
      selfPayPrice: null,
    });
  });

  it('reports each out-of-range field with what to enter', () => {
    const d = {
      ...newTypeDraft(),
      code: 'Bad Id',
      name: ' ',
      durationMinutes: 4,
      bufferAfterMinutes: 12.5,
      slotIntervalMinutes: '',
      minNoticeHours: -1,
      horizonDays: 731,
      selfPayPrice: 10.555,
    };
    expect(validateType(d, true)).toEqual({
      code: 'Use lowercase letters, digits and hyphens only.',
      name: 'Enter the name patients and staff will see.',
      durationMinutes: 'Enter 5–480 minutes.',
      bufferAfterMinutes: 'Enter whole minutes.',
      slotIntervalMinutes: 'Enter the slot interval.',
      minNoticeHours: 'Enter 0–720 hours (30 days).',
      horizonDays: 'Enter 1–730 days.',
      selfPayPrice: 'Enter the price in dollars and cents, e.g. 129.50.',
    });
    // The id cannot change after creation, so it is not checked when editing.
    expect(validateType({ ...newTypeDraft(), code: 'Bad Id', name: 'x' }, false)).toEqual({});
  });

  it('suggests an id from the name', () => {
    expect(slugify('Extended OMT (45 min)')).toBe('extended-omt-45-min');
    expect(slugify('  Café consult — new ')).toBe('cafe-consult-new');
    expect(slugify('a'.repeat(59) + ' b')).toBe('a'.repeat(59));
  });

  it('patches only what changed, and keeps a notice hours cannot show exactly', () => {
    const d = typeDraftFrom(followUp);
    expect(d.minNoticeHours).toBe(1.67);
    expect(typePatch(followUp, d)).toEqual({});
    expect(typePatch(followUp, { ...d, bufferAfterMinutes: 5, selfPayPrice: '' })).toEqual({
      bufferAfterMinutes: 5,
      selfPayPrice: null,
    });
    expect(typePatch(followUp, { ...d, minNoticeHours: 3 })).toEqual({ minNoticeMinutes: 180 });
  });

  it('maps server field paths onto form fields', () => {
    expect(typeServerField('minNoticeMinutes')).toBe('minNoticeHours');
    expect(typeServerField('durationMinutes')).toBe('durationMinutes');
    expect(typeServerField('clinicId')).toBeNull();
  });
});

describe('booking policy form', () => {
  const settings = {
    lateCancelHours: 24,
    maxFutureBookingsPerPatient: 3,
    waitlistHoldMinutes: 120,
    reminderLeadMinutes: [120, 2880],
  };

  it('validates lead times: range, duplicates and count', () => {
    expect(leadMinutes(1, 'days', [120])).toEqual({ minutes: 1440 });
    expect(leadMinutes(0.5, 'hours', [])).toEqual({ minutes: 30 });
    expect(leadMinutes(10, 'minutes', []).error).toBe('Reminders can go from 15 minutes to 14 days before.');
    expect(leadMinutes(15, 'days', []).error).toBe('Reminders can go from 15 minutes to 14 days before.');
    expect(leadMinutes(2, 'hours', [120]).error).toBe('There is already a reminder 2 h before.');
    expect(leadMinutes('', 'hours', []).error).toBe('Enter how long before the visit.');
    expect(leadMinutes(3, 'hours', [15, 30, 60, 1440, 2880]).error).toBe('At most 5 reminders.');
  });

  it('validates the numbers against the server’s limits', () => {
    const d = policyDraftFrom(settings);
    expect(d.reminderLeadMinutes).toEqual([2880, 120]);
    expect(validatePolicy(d)).toEqual({});
    expect(
      validatePolicy({ ...d, lateCancelHours: 169, maxFutureBookingsPerPatient: 0, waitlistHoldMinutes: '' }),
    ).toEqual({
      lateCancelHours: 'Enter 0–168 hours.',
      maxFutureBookingsPerPatient: 'Enter 1–50 visits.',
      waitlistHoldMinutes: 'Enter the hold time.',
    });
  });

  it('sends only changed settings, lead times in any order counting as the same', () => {
    const d = policyDraftFrom(settings);
    expect(policyPatch(settings, d)).toEqual({});
    expect(
      policyPatch(settings, { ...d, waitlistHoldMinutes: 60, reminderLeadMinutes: [120, 1440, 2880] }),
    ).toEqual({
      waitlistHoldMinutes: 60,
      reminderLeadMinutes: [2880, 1440, 120],
    });
  });
});

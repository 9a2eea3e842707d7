import { describe, expect, it } from 'vitest';
import { backFrom, currentStep, stepsOf, stepTitle, type Choices } from './steps';

const none: Choices = {
  rescheduling: false,
  isStaff: false,
  patientId: null,
  typeId: null,
  withId: null,
  day: null,
  start: null,
};

describe('booking steps', () => {
  it('a patient goes type → practitioner → day → time → confirm; staff pick the patient first', () => {
    expect(stepsOf({ rescheduling: false, isStaff: false })).toEqual([
      'type',
      'practitioner',
      'day',
      'time',
      'confirm',
    ]);
    expect(stepsOf({ rescheduling: false, isStaff: true })[0]).toBe('patient');
    expect(stepsOf({ rescheduling: true, isStaff: true })).toEqual(['day', 'time', 'confirm']);
  });

  it('the step is the first choice still missing from the URL', () => {
    expect(currentStep(none)).toBe('type');
    expect(currentStep({ ...none, isStaff: true })).toBe('patient');
    expect(currentStep({ ...none, isStaff: true, rescheduling: true, typeId: 't', withId: 'p' })).toBe('day');
    expect(currentStep({ ...none, typeId: 't' })).toBe('practitioner');
    expect(currentStep({ ...none, typeId: 't', withId: 'any' })).toBe('day');
    expect(currentStep({ ...none, typeId: 't', withId: 'p', day: '2026-03-02' })).toBe('time');
    expect(currentStep({ ...none, typeId: 't', withId: 'p', day: '2026-03-02', start: 'x' })).toBe('confirm');
  });

  it('back clears the step’s choices, or leaves the flow from its first step', () => {
    const patient = { rescheduling: false, isStaff: false };
    expect(backFrom('confirm', patient)).toEqual({ start: null, slotWith: null });
    expect(backFrom('day', patient)).toEqual({ with: null, day: null, w: null, start: null, slotWith: null });
    expect(backFrom('day', { rescheduling: true, isStaff: false })).toBe('exit');
    expect(backFrom('type', patient)).toBe('exit');
    expect(backFrom('type', { rescheduling: false, isStaff: true })).toEqual({ patient: null });
    expect(backFrom('patient', { rescheduling: false, isStaff: true })).toBe('exit');
  });

  it('the confirm heading says whether a visit is booked or moved', () => {
    expect(stepTitle('confirm', false)).toBe('Check and book');
    expect(stepTitle('confirm', true)).toBe('Check the new time');
  });
});

/** The booking flow's steps, in order, and what each one is called on screen. */
export type StepId = 'patient' | 'type' | 'practitioner' | 'day' | 'time' | 'confirm';

export const STEP_NAMES: Record<StepId, string> = {
  patient: 'Patient',
  type: 'Visit type',
  practitioner: 'Practitioner',
  day: 'Day',
  time: 'Time',
  confirm: 'Confirm',
};

/** Availability is fetched four weeks at a time (the server allows 31 days per request). */
export const CHUNK_WEEKS = 4;
/** How far ahead the week strip goes (about three months). */
export const MAX_WEEKS = 13;
/** The `with` value of "First available": any practitioner. */
export const ANY = 'any';

/** The URL's choices that decide the step (ids and dates only). */
export interface Choices {
  rescheduling: boolean;
  isStaff: boolean;
  patientId: string | null;
  typeId: string | null;
  withId: string | null;
  day: string | null;
  start: string | null;
}

/** The steps this flow goes through: moving a visit only picks a new time; staff first pick the patient. */
export function stepsOf({ rescheduling, isStaff }: Pick<Choices, 'rescheduling' | 'isStaff'>): StepId[] {
  return rescheduling
    ? ['day', 'time', 'confirm']
    : [...(isStaff ? (['patient'] as const) : []), 'type', 'practitioner', 'day', 'time', 'confirm'];
}

/** The first step whose choice is still missing. */
export function currentStep(c: Choices): StepId {
  if (c.isStaff && !c.rescheduling && !c.patientId) return 'patient';
  if (!c.typeId) return 'type';
  if (!c.withId) return 'practitioner';
  if (!c.day) return 'day';
  if (!c.start) return 'time';
  return 'confirm';
}

/** The heading of a step's screen. */
export function stepTitle(step: StepId, rescheduling: boolean): string {
  switch (step) {
    case 'patient':
      return 'Who is the visit for?';
    case 'type':
      return 'What kind of visit?';
    case 'practitioner':
      return 'Who would you like to see?';
    case 'day':
      return 'Pick a day';
    case 'time':
      return 'Pick a time';
    case 'confirm':
      return rescheduling ? 'Check the new time' : 'Check and book';
  }
}

/**
 * What "Back" does on a step: the URL choices to clear, or `'exit'` to leave the flow (the first
 * step, and the day step when moving a visit).
 */
export function backFrom(
  step: StepId,
  { rescheduling, isStaff }: Pick<Choices, 'rescheduling' | 'isStaff'>,
): Record<string, null> | 'exit' {
  switch (step) {
    case 'confirm':
      return { start: null, slotWith: null };
    case 'time':
      return { day: null, start: null, slotWith: null };
    case 'day':
      if (rescheduling) return 'exit';
      return { with: null, day: null, w: null, start: null, slotWith: null };
    case 'practitioner':
      return { type: null, w: null };
    case 'type':
      if (isStaff) return { patient: null };
      return 'exit';
    case 'patient':
      return 'exit';
  }
}

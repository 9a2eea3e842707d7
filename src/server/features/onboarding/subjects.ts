import { tableSubject } from '../../platform/subjects.ts';
import { selfSignups } from './tables.ts';

/** A self sign-up waiting for review (a person, not yet or just linked to a patient record). */
export const signupSubject = tableSubject({
  name: 'sign-up',
  resourceType: 'SelfSignup',
  table: selfSignups,
  patientData: false,
});

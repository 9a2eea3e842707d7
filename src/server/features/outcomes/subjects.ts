import { tableSubject } from '../../platform/subjects.ts';
import { carePlans } from './tables.ts';

/** A plan of care: opened in the caller's clinic, through its patient's compartment. */
export const carePlanSubject = tableSubject({
  name: 'care-plan',
  resourceType: 'CarePlan',
  table: carePlans,
  patientData: true,
  patient: carePlans.patientId,
});

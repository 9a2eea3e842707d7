import { tableSubject } from '../../platform/subjects.ts';
import { encounters } from './tables.ts';

/** A visit (draft, signed or discarded) of one patient: routes keyed by encounter id open it. */
export const encounterSubject = tableSubject({
  name: 'encounter',
  resourceType: 'Encounter',
  table: encounters,
  patientData: true,
  patient: encounters.patientId,
});

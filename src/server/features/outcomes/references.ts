import { tableReference } from '../../platform/references.ts';
import { carePlans } from './tables.ts';

/**
 * A plan of care of the clinic. Naming one checks only the clinic; the use case that links to it
 * checks it belongs to the same patient.
 */
export const carePlanReference = tableReference({
  name: 'care-plan',
  noun: 'a plan of care of this clinic',
  table: carePlans,
  id: carePlans.id,
  clinic: carePlans.clinicId,
});

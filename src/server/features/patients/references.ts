import { patients } from '../../db/schema.ts';
import { tableReference } from '../../platform/references.ts';

/**
 * A patient record of the clinic (one merged away too: the use case answers 410 for it). Naming a
 * patient does not open it: the use case still applies the compartment rule to the record.
 */
export const patientReference = tableReference({
  name: 'patient',
  noun: 'a patient record of this clinic',
  table: patients,
  id: patients.id,
  clinic: patients.clinicId,
});

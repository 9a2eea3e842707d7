import { practitioners } from '../../db/schema.ts';
import { tableReference } from '../../platform/references.ts';

/** A practitioner of the clinic (bookings, the waitlist and visit notes name one). */
export const practitionerReference = tableReference({
  name: 'practitioner',
  noun: 'a practitioner of this clinic',
  table: practitioners,
  id: practitioners.id,
  clinic: practitioners.clinicId,
});

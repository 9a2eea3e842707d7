import { users } from '../../db/schema.ts';
import { tableSubject } from '../../platform/subjects.ts';

/** A user account of the clinic (staff or patient login): no patient data of its own. */
export const userSubject = tableSubject({
  name: 'user',
  resourceType: 'User',
  table: users,
  patientData: false,
});

import { ne } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { tableReference } from '../../platform/references.ts';
import { tableSubject } from '../../platform/subjects.ts';

/** A user account of the clinic (staff or patient login): no patient data of its own. */
export const userSubject = tableSubject({
  name: 'user',
  resourceType: 'User',
  table: users,
  patientData: false,
});

/** A staff account of the clinic (a care team names these; a patient login is not one). */
export const staffUserReference = tableReference({
  name: 'staff-user',
  noun: 'a staff member of this clinic',
  table: users,
  id: users.id,
  clinic: users.clinicId,
  where: ne(users.role, 'patient'),
});

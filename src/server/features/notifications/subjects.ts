import { tableSubject } from '../../platform/subjects.ts';
import { outboxMessages } from '../../db/schema.ts';

/** A queued or sent message; one about a patient opens only for those who may open the patient. */
export const messageSubject = tableSubject({
  name: 'message',
  resourceType: 'Communication',
  table: outboxMessages,
  patientData: false,
  patient: outboxMessages.patientId,
});

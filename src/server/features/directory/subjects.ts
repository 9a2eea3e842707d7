import { tableSubject } from '../../platform/subjects.ts';
import { directoryReviews } from './tables.ts';

/** A review belongs to the patient who wrote it: opening it opens that patient's record (audited). */
export const reviewSubject = tableSubject({
  name: 'review',
  resourceType: 'Review',
  table: directoryReviews,
  patientData: true,
  patient: directoryReviews.patientId,
});

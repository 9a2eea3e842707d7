import type { MergeCounts } from '../../../contracts/patients.ts';

/** What a merge moves, in words (the counts of GET /patients/merge-preview). */
export const MOVE_LABELS: [keyof MergeCounts, string][] = [
  ['encounters', 'Visits'],
  ['notes', 'Signed notes'],
  ['amendments', 'Note amendments'],
  ['conditions', 'Conditions'],
  ['flags', 'Flags (ones this record already has stay behind)'],
  ['medications', 'Medications'],
  ['allergies', 'Allergies'],
  ['appointments', 'Appointments'],
  ['waitlistEntries', 'Waitlist entries'],
  ['intakeConsents', 'Intake consents'],
  ['messages', 'Messages'],
  ['portalAccount', 'Patient portal account'],
];

/** Shapes of the duplicate-check and merge answers (GET /patients/duplicates, /patients/merge-preview). */
export type DuplicateCandidate =
  { id: string; name: string; birthDate: string; restricted: false } | { restricted: true; id?: undefined };

export interface MergeSide {
  id: string;
  name: string;
  birthDate: string;
  restricted: boolean;
}

export interface MergeCounts {
  conditions: number;
  flags: number;
  medications: number;
  allergies: number;
  appointments: number;
  waitlistEntries: number;
  intakeConsents: number;
  messages: number;
  encounters: number;
  notes: number;
  amendments: number;
  portalAccount: number;
}

export interface MergePreview {
  survivor: MergeSide;
  duplicate: MergeSide;
  moves: MergeCounts;
}

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

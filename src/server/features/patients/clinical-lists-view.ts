import { RXNORM_SYSTEM } from '../../../domain/patients/vocabulary.ts';
import type { ListName, ListStatusRow } from './clinical-lists-store.ts';

/** How medications, allergies and the "asked about?" status of each list are shown in the API. */

export const SNOMED_SYSTEM = 'http://snomed.info/sct';
/** FHIR's "no known allergies": an AllergyIntolerance coded SNOMED CT 716186003. */
export const NO_KNOWN_ALLERGY = { system: SNOMED_SYSTEM, code: '716186003', display: 'No known allergy' };

/** The answer that says "asked, and there is nothing to list". */
export const NONE_STATUS: Record<ListName, string> = { allergies: 'none-known', medications: 'none' };

export interface ListStatusView {
  status: string;
  recordedAt: string | null;
  recordedBy: { id: string; name: string } | null;
  code?: typeof NO_KNOWN_ALLERGY;
}

/**
 * A list's status as the record shows it. Items present always mean `recorded` (whatever was
 * stored before them); an empty list is `none-known`/`none` only when someone recorded that, and
 * otherwise `unknown` ("not asked"). Who and when are given only for the stored answer shown.
 */
export function listStatusView(
  list: ListName,
  rows: readonly ListStatusRow[],
  count: number,
): ListStatusView {
  const stored = rows.find((r) => r.list === list);
  const none = NONE_STATUS[list];
  const status = count > 0 ? 'recorded' : stored?.status === none ? none : 'unknown';
  const same = stored && stored.status === status;
  return {
    status,
    recordedAt: same ? new Date(stored.recordedAt).toISOString() : null,
    recordedBy: same ? stored.recordedBy : null,
    ...(list === 'allergies' && status === none ? { code: NO_KNOWN_ALLERGY } : {}),
  };
}

export function medicationView(m: {
  id: string;
  name: string;
  code: string | null;
  dose: string | null;
  frequency: string | null;
}) {
  return {
    id: m.id,
    name: m.name,
    system: m.code ? RXNORM_SYSTEM : null,
    code: m.code,
    dose: m.dose,
    frequency: m.frequency,
  };
}

export function allergyView(a: {
  id: string;
  substance: string;
  code: string | null;
  reaction: string | null;
  severity: string | null;
}) {
  return {
    id: a.id,
    substance: a.substance,
    system: a.code ? RXNORM_SYSTEM : null,
    code: a.code,
    reaction: a.reaction,
    severity: a.severity,
  };
}

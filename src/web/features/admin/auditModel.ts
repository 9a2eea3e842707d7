import type { AuditEntry } from '../../../contracts/audit.ts';
import { humanize, roleLabel } from '../../lib/format';

export const FILTERS = ['patientId', 'userId', 'action', 'outcome', 'emergency', 'from', 'to'] as const;
export type FilterKey = (typeof FILTERS)[number];
export type Filters = Record<FilterKey, string>;

export type SortKey = 'at' | 'action' | 'resourceType' | 'outcome';
export type Order = 'asc' | 'desc';
export const SORT_KEYS: readonly SortKey[] = ['at', 'action', 'resourceType', 'outcome'];

/** Filters from the address bar (ids and codes only: names never go into the browser history). */
export function filtersFrom(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

export const emptyFilters = (): Filters => Object.fromEntries(FILTERS.map((k) => [k, ''])) as Filters;

/** Sort and order from the address bar; time sorts newest first, the rest A to Z, by default. */
export function sortFrom(params: URLSearchParams): { sort: SortKey; order: Order } {
  const raw = params.get('sort') as SortKey | null;
  const sort: SortKey = raw && SORT_KEYS.includes(raw) ? raw : 'at';
  const given = params.get('order');
  const order: Order = given === 'asc' || given === 'desc' ? given : sort === 'at' ? 'desc' : 'asc';
  return { sort, order };
}

const KINDS: Record<string, string> = {
  Patient: 'Patient record',
  Encounter: 'Visit',
  Appointment: 'Appointment',
  AppointmentType: 'Visit type',
  Practitioner: 'Practitioner',
  User: 'User account',
  Clinic: 'Clinic',
  Communication: 'Message',
  Consent: 'Consent',
  WaitlistEntry: 'Waitlist entry',
  WaitlistOffer: 'Waitlist offer',
  Session: 'Session',
  ApiToken: 'API token',
  AuditEvent: 'Audit log',
};

/** What kind of record an entry is about, in words ("Visit" for an Encounter). */
export function recordKind(resourceType: string | null): string {
  if (!resourceType) return 'Record';
  return KINDS[resourceType] ?? humanize(resourceType.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
}

/** Who acted: their current name, else the address they used (a refused sign-in), else nobody. */
export function actorName(e: Pick<AuditEntry, 'userName' | 'userEmail' | 'userId'>): string {
  return e.userName ?? e.userEmail ?? (e.userId ? 'Unknown user' : 'Not signed in');
}

export function actorDetail(e: Pick<AuditEntry, 'role' | 'userEmail' | 'userName'>): string {
  return [e.role ? roleLabel(e.role) : null, e.userName ? e.userEmail : null].filter(Boolean).join(' · ');
}

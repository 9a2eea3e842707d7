import type { Role } from '../../domain/roles.ts';
import { formatInZone } from '../../domain/instant.ts';
import { REGIONS as DOMAIN_REGIONS } from '../../domain/omt/regions.ts';
import { PATIENT_FLAGS, type PatientFlagId } from '../../domain/patients/vocabulary.ts';

/** Whole years between a `YYYY-MM-DD` birth date and today (local calendar). */
export function ageInYears(birthDate: string, today = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getFullYear() - y;
  const beforeBirthday = today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : null;
}

export function birthDateWithAge(birthDate: string): string {
  const age = ageInYears(birthDate);
  return age === null ? birthDate : `${birthDate} (${age} y)`;
}

/**
 * An instant shown in the clinic's time zone with the zone's abbreviation ("Mar 14, 2027, 9:00 AM
 * EDT"), never the browser's: pass `me.clinic.timeZone`. An unknown zone shows UTC, and says so.
 */
export function formatInstant(iso: string | null | undefined, timeZone: string, withSeconds = false): string {
  if (!iso) return '—';
  return formatInZone(iso, timeZone, { seconds: withSeconds });
}

export function formatTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-US', { timeStyle: 'short' }).format(date);
  }
}

export function humanize(id: string): string {
  const s = id.replace(/[-_]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const FLAG_LABELS: Record<PatientFlagId, string> = {
  anticoagulated: 'Anticoagulated',
  pregnant: 'Pregnant',
  'no-consent': 'No consent',
  'recent-surgery': 'Recent surgery',
  'fall-risk': 'Fall risk',
  implant: 'Implant',
  'latex-allergy': 'Latex allergy',
};

/** The flags a record may carry (the domain's vocabulary), in its order. */
export const KNOWN_FLAGS: readonly string[] = PATIENT_FLAGS;

export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag as PatientFlagId] ?? humanize(flag);
}

/** The ten CPT OMT body regions (the domain's ids and labels). */
export const REGIONS: { id: string; label: string }[] = DOMAIN_REGIONS.map(({ id, label }) => ({
  id,
  label,
}));

export function regionLabel(id: string): string {
  return REGIONS.find((r) => r.id === id)?.label ?? humanize(id);
}

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  clinician: 'Clinician',
  frontdesk: 'Front desk',
  patient: 'Patient',
};

export function roleLabel(role: Role | null | undefined): string {
  return role ? (ROLE_LABELS[role] ?? humanize(role)) : '—';
}

/** Well-formed ICD-10-CM code: letter, digit, digit-or-letter, optional dot and up to 4 more. */
export const ICD10CM_PATTERN = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/;

/** Accepts only in-app paths, so `?next=` can never send the user to another site. */
export function safeNextPath(next: string | null): string | null {
  if (!next || !next.startsWith('/app') || next.startsWith('//') || next.includes('\\')) return null;
  return next;
}

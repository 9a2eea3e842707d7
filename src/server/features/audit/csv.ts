import { DateTime } from 'luxon';
import type { AuditEntryView } from './service.ts';

/**
 * The export's columns: each id has its name beside it; `at` is on the clinic's wall clock with
 * its UTC offset (ISO 8601), `timeZone` names the zone, `atUtc` keeps the exact stored instant.
 */
export const CSV_COLUMNS = [
  'id',
  'at',
  'timeZone',
  'atUtc',
  'userId',
  'userName',
  'userEmail',
  'role',
  'action',
  'resourceType',
  'resourceId',
  'resourceLabel',
  'patientId',
  'patientName',
  'outcome',
  'requestId',
  'emergency',
  'reason',
] as const;

/** An instant on the clinic's wall clock with its offset, e.g. 2026-12-04T09:15:02-06:00. */
export function zonedIso(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/**
 * One CSV cell. A cell a spreadsheet would run as a formula (starting with = + - @, a tab or a line
 * break) gets a leading apostrophe (OWASP's CSV-injection advice); names and reasons are typed by
 * people, so any of them may. Quotes, commas and line breaks are quoted as RFC 4180 says.
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r\n]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(entries: AuditEntryView[], zone: string): string {
  const row = (e: AuditEntryView) => {
    const cells: Record<(typeof CSV_COLUMNS)[number], string | boolean | null> = {
      ...e,
      at: zonedIso(e.at, zone),
      timeZone: zone,
      atUtc: e.at,
    };
    return CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',');
  };
  return [CSV_COLUMNS.join(','), ...entries.map(row)].join('\r\n') + '\r\n';
}

import { DateTime } from 'luxon';
import type { NameRow } from './store.ts';

const day = (at: Date, zone: string) =>
  DateTime.fromJSDate(at, { zone }).setLocale('en-US').toLocaleString(DateTime.DATE_MED);
const dayTime = (at: Date, zone: string) =>
  DateTime.fromJSDate(at, { zone }).setLocale('en-US').toLocaleString(DateTime.DATETIME_MED);
const words = (s: string) => s.replace(/[-_]+/g, ' ');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A record's short label: what tells it apart from its neighbours, with dates on the clinic's wall
 * clock. No clinical content (no complaint, no note text), whoever reads the report.
 */
export function recordLabel(row: NameRow, zone: string): string | null {
  const at = row.at;
  switch (row.kind) {
    case 'patient':
    case 'user':
    case 'Practitioner':
    case 'AppointmentType':
    case 'Clinic':
      return row.name;
    case 'Encounter':
      return `Visit of ${at ? day(at, zone) : 'unknown date'}${row.extra ? ` (${row.extra})` : ''}`;
    case 'Appointment':
      return (
        [row.name, at ? dayTime(at, zone) : null].filter(Boolean).join(', ') +
        (row.extra ? ` (${row.extra})` : '')
      );
    case 'WaitlistEntry':
      return `Waiting for ${row.name ?? 'a visit'}${row.extra ? ` (${row.extra})` : ''}`;
    case 'WaitlistOffer':
      return `Offer of ${at ? dayTime(at, zone) : 'a slot'}${row.extra ? ` (${row.extra})` : ''}`;
    case 'Communication':
      return `${capital(words(row.name ?? 'message'))}${at ? ` for ${dayTime(at, zone)}` : ''}${
        row.extra ? ` (${row.extra})` : ''
      }`;
    case 'Consent':
      return `Intake consent ${row.name ?? ''}${at ? `, ${day(at, zone)}` : ''}${row.extra ? ` (${words(row.extra)})` : ''}`;
    default:
      return row.name;
  }
}

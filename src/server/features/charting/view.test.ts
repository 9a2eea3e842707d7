import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { visitDate } from './view.ts';

describe('visitDate', () => {
  const zones = [
    'America/Chicago',
    'America/New_York',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Europe/Berlin',
    'UTC',
  ];

  it('is the calendar date luxon gives in the zone, around midnights and clock changes of 2027', () => {
    let checked = 0;
    // Every 97 minutes through the year: each zone's midnights and DST transitions are crossed.
    for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 97 * 60_000) {
      const at = new Date(t);
      for (const zone of zones) {
        expect(visitDate(at, zone)).toBe(DateTime.fromJSDate(at, { zone }).toISODate());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40_000);
  });

  it('reads a visit late in the evening in Chicago as that day, not the next UTC day', () => {
    expect(visitDate(new Date('2027-03-10T04:30:00Z'), 'America/Chicago')).toBe('2027-03-09');
    expect(visitDate(new Date('2027-03-10T04:30:00Z'), 'Asia/Kathmandu')).toBe('2027-03-10');
  });

  it('falls back to the UTC date for a zone it does not know', () => {
    expect(visitDate(new Date('2027-03-10T04:30:00Z'), 'Mars/Olympus_Mons')).toBe('2027-03-10');
  });
});

import { describe, expect, it } from 'vitest';
import { formatInZone, zoneAbbreviation } from './instant.ts';

describe('instants in the clinic’s zone', () => {
  const winter = '2027-01-15T15:05:09.000Z';
  const summer = '2027-07-15T15:05:09.000Z';

  it('shows the clinic’s wall-clock time and abbreviation, not the machine’s zone', () => {
    expect(formatInZone(winter, 'America/Chicago')).toBe('Jan 15, 2027, 9:05 AM CST');
    expect(formatInZone(summer, 'America/Chicago')).toBe('Jul 15, 2027, 10:05 AM CDT');
    expect(formatInZone(new Date(winter), 'America/Los_Angeles')).toBe('Jan 15, 2027, 7:05 AM PST');
    expect(formatInZone(winter, 'UTC')).toBe('Jan 15, 2027, 3:05 PM UTC');
    expect(formatInZone(winter, 'Asia/Kathmandu', { seconds: true })).toBe(
      'Jan 15, 2027, 8:50:09 PM GMT+5:45',
    );
  });

  it('crosses the date line into the clinic’s calendar day', () => {
    expect(formatInZone('2027-01-15T23:30:00Z', 'Australia/Sydney')).toBe('Jan 16, 2027, 10:30 AM GMT+11');
    expect(formatInZone('2027-01-15T03:30:00Z', 'America/New_York')).toBe('Jan 14, 2027, 10:30 PM EST');
  });

  it('names the abbreviation on both sides of a DST change', () => {
    expect(zoneAbbreviation('America/New_York', '2027-03-14T06:59:00Z')).toBe('EST');
    expect(zoneAbbreviation('America/New_York', '2027-03-14T07:00:00Z')).toBe('EDT');
  });

  it('falls back to UTC for an unknown zone and leaves a bad instant as it is', () => {
    expect(formatInZone(winter, 'Not/AZone')).toBe('Jan 15, 2027, 3:05 PM UTC');
    expect(formatInZone('not a date', 'UTC')).toBe('not a date');
  });
});

import { describe, expect, it } from 'vitest';
import {
  ageInYears,
  birthDateWithAge,
  flagLabel,
  formatInstant,
  ICD10CM_PATTERN,
  safeNextPath,
} from './format';

describe('ageInYears', () => {
  const today = new Date(2026, 10, 22); // 22 Nov 2026, local time
  it('counts whole years, turning over on the birthday', () => {
    expect(ageInYears('1950-10-24', today)).toBe(76);
    expect(ageInYears('1950-11-22', today)).toBe(76);
    expect(ageInYears('1950-11-23', today)).toBe(75);
    expect(ageInYears('2026-01-01', today)).toBe(0);
  });
  it('refuses malformed and future dates', () => {
    expect(ageInYears('24/10/1950', today)).toBeNull();
    expect(ageInYears('2027-01-01', today)).toBeNull();
  });
  it('shows the age beside the date', () => {
    expect(birthDateWithAge('not a date')).toBe('not a date');
    expect(birthDateWithAge('1950-10-24')).toMatch(/^1950-10-24 \(\d+ y\)$/);
  });
});

describe('formatInstant', () => {
  // ICU versions differ in the space before AM/PM (U+0020 or U+202F).
  const plain = (s: string) => s.replace(/\s/g, ' ');
  it('shows instants in the clinic time zone', () => {
    expect(plain(formatInstant('2027-03-14T13:00:00Z', 'America/New_York'))).toBe(
      'Mar 14, 2027, 9:00 AM EDT',
    );
    expect(plain(formatInstant('2027-03-14T13:00:00Z', 'America/Chicago', true))).toBe(
      'Mar 14, 2027, 8:00:00 AM CDT',
    );
    expect(plain(formatInstant('2027-03-14T13:00:00Z', 'Europe/Paris'))).toBe('Mar 14, 2027, 2:00 PM GMT+1');
  });
  it('falls back instead of throwing on an unknown zone or a bad value', () => {
    expect(formatInstant('2027-03-14T13:00:00Z', 'Mars/Olympus')).toBe('Mar 14, 2027, 1:00 PM UTC');
    expect(formatInstant('garbage', 'UTC')).toBe('garbage');
    expect(formatInstant(null, 'UTC')).toBe('—');
  });
});

describe('ICD10CM_PATTERN', () => {
  it('accepts well-formed codes and rejects others', () => {
    for (const code of ['M54.50', 'M81.0', 'M99.03', 'C79.51', 'S13.4XXA', 'M54'])
      expect(ICD10CM_PATTERN.test(code)).toBe(true);
    for (const code of ['m54.5', 'U07.1', 'M5', '54.50', 'M54.', 'M54.12345'])
      expect(ICD10CM_PATTERN.test(code)).toBe(false);
  });
});

describe('safeNextPath', () => {
  it('keeps in-app paths only', () => {
    expect(safeNextPath('/app/patients/123?x=1')).toBe('/app/patients/123?x=1');
    expect(safeNextPath('https://evil.example/app')).toBeNull();
    expect(safeNextPath('//evil.example/app')).toBeNull();
    expect(safeNextPath('/\\evil.example')).toBeNull();
    expect(safeNextPath('/login')).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });
});

describe('flagLabel', () => {
  it('names known flags and humanizes unknown ones', () => {
    expect(flagLabel('no-consent')).toBe('No consent');
    expect(flagLabel('some-new_flag')).toBe('Some new flag');
  });
});

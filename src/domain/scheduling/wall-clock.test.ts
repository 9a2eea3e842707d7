import { describe, expect, it } from 'vitest';
import { localDate, localDays, resolveWallTime } from './wall-clock.ts';

const ms = (iso: string) => Date.parse(iso);

describe('localDays', () => {
  it('places each local midnight, also around a spring-forward gap at midnight (Santiago)', () => {
    // Chile springs forward at the start of Sunday 2027-09-05: 00:00 -04 becomes 01:00 -03 (04:00Z),
    // so that Sunday starts at 01:00 and lasts 23 hours; Monday starts at a real midnight again.
    expect([...localDays('2027-09-04', '2027-09-06', 'America/Santiago')]).toEqual([
      // Its midnight-to-midnight span is 24 h, but the next "midnight" is 01:00: not uniform.
      { date: '2027-09-04', weekday: 6, start: ms('2027-09-04T04:00Z'), uniform: false },
      { date: '2027-09-05', weekday: 7, start: ms('2027-09-05T04:00Z'), uniform: false },
      { date: '2027-09-06', weekday: 1, start: ms('2027-09-06T03:00Z'), uniform: true },
    ]);
  });

  it('marks ordinary 24-hour days uniform', () => {
    expect([...localDays('2027-05-03', '2027-05-04', 'America/New_York')]).toEqual([
      { date: '2027-05-03', weekday: 1, start: ms('2027-05-03T04:00Z'), uniform: true },
      { date: '2027-05-04', weekday: 2, start: ms('2027-05-04T04:00Z'), uniform: true },
    ]);
  });

  it('skips a date the zone never had (Samoa, 2011-12-30)', () => {
    expect([...localDays('2011-12-29', '2011-12-31', 'Pacific/Apia')]).toEqual([
      { date: '2011-12-29', weekday: 4, start: ms('2011-12-29T10:00Z'), uniform: true },
      { date: '2011-12-31', weekday: 6, start: ms('2011-12-30T10:00Z'), uniform: true },
    ]);
  });
});

describe('resolveWallTime', () => {
  it('treats a time on a skipped date as not existing, at the transition', () => {
    // luxon would move 2011-12-30 10:00 a whole day on, to 2011-12-31 10:00 (same minute, other date).
    expect(resolveWallTime('2011-12-30', 600, 'Pacific/Apia')).toEqual({
      ms: ms('2011-12-30T10:00Z'),
      offset: 14 * 60,
      exists: false,
    });
    expect(resolveWallTime('2011-12-31', 600, 'Pacific/Apia')).toEqual({
      ms: ms('2011-12-30T20:00Z'),
      offset: 14 * 60,
      exists: true,
    });
  });

  it('refuses an impossible date or zone with a message naming them', () => {
    expect(() => resolveWallTime('2027-02-30', 0, 'UTC')).toThrow('Cannot place 2027-02-30 00:00 in UTC');
    expect(() => resolveWallTime('2027-02-28', 570, 'Mars/Base')).toThrow(
      'Cannot place 2027-02-28 09:30 in Mars/Base',
    );
  });
});

describe('localDate', () => {
  it('refuses an instant that is not a date', () => {
    expect(() => localDate(Number.NaN, 'UTC')).toThrow(new RangeError('Invalid date: out of range'));
    expect(() => localDate(9e15, 'UTC')).toThrow(new RangeError('Invalid date: out of range'));
    expect(localDate(8.64e15, 'UTC')).toBe('+275760-09-13');
  });
});

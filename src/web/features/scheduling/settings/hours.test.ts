import { describe, expect, it } from 'vitest';
import {
  copyDay,
  dayMinutes,
  draftFromHours,
  emptyWeek,
  hoursFromDraft,
  hoursLabel,
  mapRangeErrors,
  nextRange,
  sameHours,
  validateRanges,
  validateWeek,
  wallRangeLabel,
  wallTimeLabel,
} from './hours';

describe('validateRanges', () => {
  it('accepts separate and touching ranges', () => {
    expect(
      validateRanges([
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ]),
    ).toEqual([{}, {}]);
    expect(
      validateRanges([
        { start: '12:00', end: '17:00' },
        { start: '08:00', end: '12:00' },
      ]),
    ).toEqual([{}, {}]);
    expect(validateRanges([{ start: '18:00', end: '24:00' }])).toEqual([{}]);
  });

  it('asks for missing and malformed times', () => {
    expect(validateRanges([{ start: '', end: '' }])).toEqual([
      { start: 'Enter a start time.', end: 'Enter an end time.' },
    ]);
    expect(validateRanges([{ start: '24:00', end: '9:00' }])).toEqual([
      { start: 'Use a 24-hour time such as 08:00.', end: 'Use a 24-hour time such as 17:30.' },
    ]);
  });

  it('puts "end after start" on the end field', () => {
    expect(validateRanges([{ start: '13:00', end: '12:00' }])).toEqual([
      { end: 'End must be after the start (1:00 PM).' },
    ]);
    expect(validateRanges([{ start: '09:00', end: '09:00' }])[0]!.end).toMatch(/after the start/);
  });

  it('flags the later of two overlapping ranges and names the other one', () => {
    const errors = validateRanges([
      { start: '08:00', end: '12:00' },
      { start: '11:30', end: '17:00' },
    ]);
    expect(errors[0]).toEqual({});
    expect(errors[1]).toEqual({ start: 'Overlaps 8:00 AM–12:00 PM; change one of them.' });
  });

  it('catches a range inside another even when a third one comes between them', () => {
    const errors = validateRanges([
      { start: '08:00', end: '18:00' },
      { start: '09:00', end: '10:00' },
      { start: '12:00', end: '13:00' },
    ]);
    expect(errors[1]!.start).toMatch(/^Overlaps 8:00 AM–6:00 PM/);
    expect(errors[2]!.start).toMatch(/^Overlaps 8:00 AM–6:00 PM/);
  });

  it('does not report overlap for a range that is already invalid', () => {
    const errors = validateRanges([
      { start: '08:00', end: '12:00' },
      { start: '11:00', end: '10:00' },
    ]);
    expect(errors).toEqual([{}, { end: 'End must be after the start (11:00 AM).' }]);
  });
});

describe('weekly draft', () => {
  const hours = [
    { weekday: 5, start: '09:00', end: '15:00' },
    { weekday: 1, start: '13:00', end: '17:00' },
    { weekday: 1, start: '08:00', end: '12:00' },
  ];

  it('round-trips the server hours, each day in time order', () => {
    const week = draftFromHours(hours);
    expect(week[1]!.map((r) => `${r.start}-${r.end}`)).toEqual(['08:00-12:00', '13:00-17:00']);
    expect(week[3]).toEqual([]);
    const { hours: out, keys } = hoursFromDraft(week);
    expect(out).toEqual([
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 1, start: '13:00', end: '17:00' },
      { weekday: 5, start: '09:00', end: '15:00' },
    ]);
    expect(keys).toEqual([week[1]![0]!.key, week[1]![1]!.key, week[5]![0]!.key]);
    expect(new Set(keys).size).toBe(3);
  });

  it('compares drafts by their hours, not by row keys', () => {
    const a = draftFromHours(hours);
    const b = draftFromHours(hours);
    expect(sameHours(a, b)).toBe(true);
    expect(sameHours(a, { ...b, 5: [{ key: 'x', start: '09:00', end: '12:00' }] })).toBe(false);
    expect(sameHours(emptyWeek(), emptyWeek())).toBe(true);
  });

  it('validates a week by row key', () => {
    const week = draftFromHours(hours);
    week[5] = [...week[5]!, { key: 'bad', start: '14:00', end: '16:00' }];
    expect(validateWeek(week)).toEqual({ bad: { start: 'Overlaps 9:00 AM–3:00 PM; change one of them.' } });
  });

  it('copies a day onto other days with fresh keys, leaving the source alone', () => {
    const week = draftFromHours(hours);
    const copied = copyDay(week, 1, [1, 2, 3, 4, 5]);
    for (const d of [2, 3, 4, 5]) {
      expect(copied[d]!.map((r) => `${r.start}-${r.end}`)).toEqual(['08:00-12:00', '13:00-17:00']);
    }
    expect(copied[1]).toBe(week[1]);
    expect(copied[2]![0]!.key).not.toBe(week[1]![0]!.key);
    expect(copied[6]).toEqual([]);
  });
});

describe('mapRangeErrors', () => {
  it('maps hours/<i>/<field> onto the row sent at that index and keeps the rest', () => {
    const { byKey, rest } = mapRangeErrors(
      [
        { path: '/hours/1/start', message: 'Overlaps 08:00–12:00 on the same day' },
        { path: 'body/hours/2/end', message: 'Must be after start' },
        { path: 'hours/7/start', message: 'out of range' },
        { path: 'timeZone', message: 'Unknown time zone' },
      ],
      ['a', 'b', 'c'],
    );
    expect(byKey).toEqual({
      b: { start: 'Overlaps 08:00–12:00 on the same day' },
      c: { end: 'Must be after start' },
    });
    expect(rest.map((e) => e.path)).toEqual(['hours/7/start', 'timeZone']);
  });

  it('joins two messages for one field and reads other prefixes', () => {
    const { byKey } = mapRangeErrors(
      [
        { path: 'intervals/0/end', message: 'One.' },
        { path: 'intervals/0/end', message: 'Two.' },
      ],
      ['k'],
      'intervals',
    );
    expect(byKey).toEqual({ k: { end: 'One. Two.' } });
  });
});

describe('nextRange', () => {
  it('offers a working day on an empty day and the afternoon after a morning', () => {
    expect(nextRange([])).toEqual({ start: '09:00', end: '17:00' });
    expect(nextRange([{ start: '08:00', end: '12:00' }])).toEqual({ start: '13:00', end: '17:00' });
  });
  it('never runs past midnight', () => {
    expect(nextRange([{ start: '13:00', end: '21:30' }])).toEqual({ start: '22:30', end: '24:00' });
    expect(nextRange([{ start: '13:00', end: '23:30' }])).toEqual({ start: '23:00', end: '24:00' });
  });
});

describe('labels', () => {
  it('formats wall-clock times on a 12-hour clock', () => {
    expect(wallTimeLabel('08:00')).toBe('8:00 AM');
    expect(wallTimeLabel('12:30')).toBe('12:30 PM');
    expect(wallTimeLabel('13:05')).toBe('1:05 PM');
    expect(wallTimeLabel('24:00')).toBe('midnight');
    expect(wallTimeLabel('bogus')).toBe('bogus');
  });
  it('drops the repeated AM/PM inside one half of the day', () => {
    expect(wallRangeLabel('09:00', '11:30')).toBe('9:00–11:30 AM');
    expect(wallRangeLabel('08:00', '12:00')).toBe('8:00 AM–12:00 PM');
    expect(wallRangeLabel('18:00', '24:00')).toBe('6:00 PM–midnight');
  });
  it('adds up a day and says it in hours', () => {
    expect(
      dayMinutes([
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:30' },
        { start: '18:00', end: '17:00' },
      ]),
    ).toBe(510);
    expect(hoursLabel(510)).toBe('8 h 30 min');
    expect(hoursLabel(480)).toBe('8 h');
    expect(hoursLabel(45)).toBe('45 min');
    expect(hoursLabel(0)).toBe('0 h');
  });
});

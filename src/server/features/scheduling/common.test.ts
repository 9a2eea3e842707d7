import { describe, expect, it } from 'vitest';
import { instantOf, parseWindow } from './common.ts';

describe('dates as days in a time zone', () => {
  it('reads a date as local midnight to the next local midnight, across a DST change', () => {
    expect(instantOf('2027-03-15', 'America/Chicago', 'start').toISOString()).toBe(
      '2027-03-15T05:00:00.000Z',
    );
    expect(instantOf('2027-03-15', 'America/Chicago', 'end').toISOString()).toBe('2027-03-16T05:00:00.000Z');
    // 14 March 2027 is 23 hours long in Chicago.
    const day = parseWindow('2027-03-14', '2027-03-14', 'America/Chicago');
    expect(day.start.toISOString()).toBe('2027-03-14T06:00:00.000Z');
    expect(day.end.getTime() - day.start.getTime()).toBe(23 * 3600_000);
    expect(instantOf('2027-03-15', 'Asia/Kathmandu', 'start').toISOString()).toBe('2027-03-14T18:15:00.000Z');
  });

  it('passes instants through unchanged', () => {
    expect(instantOf('2027-03-15T09:00:00-05:00', 'Asia/Kathmandu', 'end').toISOString()).toBe(
      '2027-03-15T14:00:00.000Z',
    );
  });
});

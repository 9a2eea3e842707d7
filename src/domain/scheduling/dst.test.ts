import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInZone, generateSlots, isSlotAvailable, nextAvailable } from './index.ts';
import { daySearch, HOUR_TYPE, PROCESS_TIME_ZONES, starts, underProcessTimeZone } from './test-helpers.ts';
import type { Slot } from './types.ts';

const NY = 'America/New_York';
const QUARTER_HALF_HOUR = { ...HOUR_TYPE, durationMinutes: 30, slotIntervalMinutes: 15 };
const labels = (slots: readonly Slot[], zone: string) =>
  slots.map((s) => formatInZone(s.start, zone, 'HH:mm'));
const lengths = (slots: readonly Slot[]) =>
  new Set(slots.map((s) => (s.end.getTime() - s.start.getTime()) / 60_000));

/** Real time never runs backwards and no two starts share a wall-clock label. */
function expectOnePerWallClockTime(slots: readonly Slot[], zone: string): void {
  const at = slots.map((s) => s.start.getTime());
  expect(at).toEqual([...new Set(at)].sort((a, b) => a - b));
  const shown = slots.map((s) => formatInZone(s.start, zone, 'yyyy-MM-dd HH:mm'));
  expect(new Set(shown).size).toBe(shown.length);
}

describe.each(PROCESS_TIME_ZONES)('DST transitions with process TZ=%s', (processZone, julyOffset) => {
  underProcessTimeZone(processZone, julyOffset);

  it('runs under the requested process time zone', () => {
    expect(process.env.TZ).toBe(processZone);
    expect(new Date('2027-07-01T00:00:00Z').getTimezoneOffset()).toBe(julyOffset);
  });

  describe('America/New_York spring forward (2027-03-14, 02:00 → 03:00)', () => {
    const night = daySearch(NY, '2027-03-14', '00:00', '06:00');

    it('skips the missing hour and keeps every slot 60 real minutes long', () => {
      const slots = generateSlots(night);
      expect(starts(slots)).toEqual([
        '2027-03-14T05:00:00.000Z',
        '2027-03-14T05:30:00.000Z',
        '2027-03-14T06:00:00.000Z',
        '2027-03-14T06:30:00.000Z', // 01:30 EST → 03:30 EDT: one real hour across the gap
        '2027-03-14T07:00:00.000Z',
        '2027-03-14T07:30:00.000Z',
        '2027-03-14T08:00:00.000Z',
        '2027-03-14T08:30:00.000Z',
        '2027-03-14T09:00:00.000Z', // 05:00 → 06:00 EDT, the end of the interval
      ]);
      expect(labels(slots, NY)).toEqual([
        '00:00',
        '00:30',
        '01:00',
        '01:30',
        '03:00',
        '03:30',
        '04:00',
        '04:30',
        '05:00',
      ]);
      expect(lengths(slots)).toEqual(new Set([60]));
    });

    it('starts an interval that opens inside the gap when the clock resumes', () => {
      expect(starts(generateSlots(daySearch(NY, '2027-03-14', '02:30', '05:00')))).toEqual([
        '2027-03-14T07:00:00.000Z',
        '2027-03-14T07:30:00.000Z',
        '2027-03-14T08:00:00.000Z',
      ]);
    });

    it('offers nothing for grid times the clock skips, not even the instant it resumes', () => {
      const offGrid = generateSlots(daySearch(NY, '2027-03-14', '00:15', '06:00'));
      expect(labels(offGrid, NY)).toEqual([
        '00:15',
        '00:45',
        '01:15',
        '01:45',
        '03:15',
        '03:45',
        '04:15',
        '04:45',
      ]);
    });

    it('ends an interval that closes inside the gap when the clock jumps', () => {
      const thirty = { ...HOUR_TYPE, durationMinutes: 30 };
      expect(starts(generateSlots(daySearch(NY, '2027-03-14', '01:00', '02:30', thirty)))).toEqual([
        '2027-03-14T06:00:00.000Z',
        '2027-03-14T06:30:00.000Z',
      ]);
    });

    it('offers the ordinary daytime slots of a transition day unchanged', () => {
      expect(starts(generateSlots(daySearch(NY, '2027-03-14', '09:00', '11:00')))).toEqual([
        '2027-03-14T13:00:00.000Z',
        '2027-03-14T13:30:00.000Z',
        '2027-03-14T14:00:00.000Z',
      ]);
    });

    it('agrees with isSlotAvailable and nextAvailable', () => {
      expect(isSlotAvailable(night, new Date('2027-03-14T06:30:00Z')).ok).toBe(true);
      expect(isSlotAvailable(night, new Date('2027-03-14T09:30:00Z'))).toEqual({
        ok: false,
        reason: 'outside-hours',
      });
      expect(isSlotAvailable(night, new Date('2027-03-14T06:45:00Z'))).toEqual({
        ok: false,
        reason: 'misaligned',
      });
      expect(nextAvailable(night)?.start.toISOString()).toBe('2027-03-14T05:00:00.000Z');
    });
  });

  describe('America/New_York fall back (2027-11-07, 02:00 → 01:00)', () => {
    const night = daySearch(NY, '2027-11-07', '00:00', '04:00');

    it('offers each wall-clock time once, at its first occurrence, so slots of one label never collide', () => {
      const slots = generateSlots(night);
      expect(starts(slots)).toEqual([
        '2027-11-07T04:00:00.000Z',
        '2027-11-07T04:30:00.000Z',
        '2027-11-07T05:00:00.000Z', // 01:00 EDT
        '2027-11-07T05:30:00.000Z', // 01:30 EDT; 01:00 and 01:30 EST are not offered again
        '2027-11-07T07:00:00.000Z', // 02:00 EST
        '2027-11-07T07:30:00.000Z',
        '2027-11-07T08:00:00.000Z', // 03:00 → 04:00 EST, the end of the interval
      ]);
      expect(labels(slots, NY)).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30', '03:00']);
      expect(lengths(slots)).toEqual(new Set([60]));
      expectOnePerWallClockTime(slots, NY);
    });

    it('refuses the second occurrence of a repeated time as misaligned', () => {
      expect(isSlotAvailable(night, new Date('2027-11-07T05:00:00Z')).ok).toBe(true);
      expect(isSlotAvailable(night, new Date('2027-11-07T06:00:00Z'))).toEqual({
        ok: false,
        reason: 'misaligned',
      });
      expect(isSlotAvailable(night, new Date('2027-11-07T06:30:00Z'))).toEqual({
        ok: false,
        reason: 'misaligned',
      });
    });

    it('keeps a practitioner working from the first 01:15 to 03:00 through the repeated hour', () => {
      // 01:15 EDT → 03:00 EST is 2h45 of real time; a 60-minute slot may run through the repeat.
      const slots = generateSlots(
        daySearch(NY, '2027-11-07', '01:15', '03:00', { ...HOUR_TYPE, slotIntervalMinutes: 15 }),
      );
      expect(starts(slots)).toEqual([
        '2027-11-07T05:15:00.000Z',
        '2027-11-07T05:30:00.000Z',
        '2027-11-07T05:45:00.000Z',
        '2027-11-07T07:00:00.000Z',
      ]);
    });
  });

  it('Australia/Sydney spring forward (2027-10-03) and fall back (2027-04-04)', () => {
    const spring = generateSlots(daySearch('Australia/Sydney', '2027-10-03', '00:00', '06:00'));
    expect(labels(spring, 'Australia/Sydney')).toEqual([
      '00:00',
      '00:30',
      '01:00',
      '01:30',
      '03:00',
      '03:30',
      '04:00',
      '04:30',
      '05:00',
    ]);
    expect(starts(spring).slice(3, 5)).toEqual(['2027-10-02T15:30:00.000Z', '2027-10-02T16:00:00.000Z']);
    expect(lengths(spring)).toEqual(new Set([60]));

    const autumn = generateSlots(daySearch('Australia/Sydney', '2027-04-04', '00:00', '06:00'));
    expect(labels(autumn, 'Australia/Sydney')).toEqual([
      '00:00',
      '00:30',
      '01:00',
      '01:30',
      '02:00',
      '02:30',
      '03:00',
      '03:30',
      '04:00',
      '04:30',
      '05:00',
    ]);
    // 02:30 AEDT (15:30Z) is followed by 03:00 AEST (17:00Z): the repeated 02:00–03:00 is offered once.
    expect(starts(autumn).slice(5, 7)).toEqual(['2027-04-03T15:30:00.000Z', '2027-04-03T17:00:00.000Z']);
    expectOnePerWallClockTime(autumn, 'Australia/Sydney');
  });

  it('Europe/Berlin spring forward (2027-03-28) and fall back (2027-10-31)', () => {
    const spring = generateSlots(daySearch('Europe/Berlin', '2027-03-28', '00:00', '06:00'));
    expect(starts(spring)).toEqual([
      '2027-03-27T23:00:00.000Z',
      '2027-03-27T23:30:00.000Z',
      '2027-03-28T00:00:00.000Z',
      '2027-03-28T00:30:00.000Z',
      '2027-03-28T01:00:00.000Z',
      '2027-03-28T01:30:00.000Z',
      '2027-03-28T02:00:00.000Z',
      '2027-03-28T02:30:00.000Z',
      '2027-03-28T03:00:00.000Z',
    ]);
    const autumn = generateSlots(daySearch('Europe/Berlin', '2027-10-31', '00:00', '06:00'));
    expect(labels(autumn, 'Europe/Berlin')).toEqual([
      '00:00',
      '00:30',
      '01:00',
      '01:30',
      '02:00',
      '02:30',
      '03:00',
      '03:30',
      '04:00',
      '04:30',
      '05:00',
    ]);
    expect(starts(autumn).slice(5, 7)).toEqual(['2027-10-31T00:30:00.000Z', '2027-10-31T02:00:00.000Z']);
    expect(lengths(autumn)).toEqual(new Set([60]));
  });

  it('Australia/Lord_Howe: a 30-minute gap (2027-10-03) and a 30-minute repeat (2027-04-04)', () => {
    const zone = 'Australia/Lord_Howe';
    const spring = generateSlots(daySearch(zone, '2027-10-03', '00:00', '04:00', QUARTER_HALF_HOUR));
    expect(labels(spring, zone)).not.toContain('02:00');
    expect(labels(spring, zone)).not.toContain('02:15');
    expect(spring).toHaveLength(13);
    expect(starts(spring).slice(7, 9)).toEqual(['2027-10-02T15:15:00.000Z', '2027-10-02T15:30:00.000Z']); // 01:45 +10:30, 02:30 +11
    expect(lengths(spring)).toEqual(new Set([30]));

    const autumn = generateSlots(daySearch(zone, '2027-04-04', '00:00', '04:00', QUARTER_HALF_HOUR));
    expect(autumn).toHaveLength(15);
    // 01:45 +11 (14:45Z) is followed by 02:00 +10:30 (15:30Z): 01:30–02:00 repeats and is offered once.
    expect(starts(autumn).slice(7, 9)).toEqual(['2027-04-03T14:45:00.000Z', '2027-04-03T15:30:00.000Z']);
    expectOnePerWallClockTime(autumn, zone);
  });

  it('Asia/Kathmandu (UTC+5:45, no DST)', () => {
    const slots = generateSlots(daySearch('Asia/Kathmandu', '2027-06-14', '09:00', '12:00'));
    expect(starts(slots)).toEqual([
      '2027-06-14T03:15:00.000Z',
      '2027-06-14T03:45:00.000Z',
      '2027-06-14T04:15:00.000Z',
      '2027-06-14T04:45:00.000Z',
      '2027-06-14T05:15:00.000Z',
    ]);
  });

  it('weekly rules keep their wall-clock time across a transition week', () => {
    const rules = [{ weekday: 6 as const, start: '09:00', end: '10:00' }];
    const input = { ...daySearch(NY, '2027-03-06', '09:00', '10:00'), overrides: [], rules };
    const slots = generateSlots({ ...input, to: new Date('2027-03-21T00:00:00Z') });
    expect(starts(slots)).toEqual([
      '2027-03-06T14:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-03-20T13:00:00.000Z',
    ]);
    expect(slots.map((s) => DateTime.fromJSDate(s.start, { zone: NY }).toFormat('ccc HH:mm'))).toEqual([
      'Sat 09:00',
      'Sat 09:00',
      'Sat 09:00',
    ]);
  });
});

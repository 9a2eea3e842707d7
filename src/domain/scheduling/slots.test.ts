import { describe, expect, it } from 'vitest';
import { generateSlots, isSlotAvailable, nextAvailable } from './index.ts';
import { HOUR_TYPE, search, starts } from './test-helpers.ts';
import type { AppointmentTypeRules, WeeklyRule } from './types.ts';

const MONDAY = '2027-05-03'; // EDT, UTC-4
const MORNING: WeeklyRule[] = [{ weekday: 1, start: '09:00', end: '12:00' }];
const CLEANUP: AppointmentTypeRules = { ...HOUR_TYPE, bufferAfterMinutes: 15 };
const at = (iso: string) => new Date(iso);
const mondaySearch = (extra: Parameters<typeof search>[0] = {}) =>
  search({
    rules: MORNING,
    type: CLEANUP,
    from: at(`${MONDAY}T00:00:00Z`),
    to: at('2027-05-04T00:00:00Z'),
    ...extra,
  });

describe('generateSlots', () => {
  it('aligns starts to the interval from its start and keeps the after-buffer inside working hours', () => {
    const slots = generateSlots(mondaySearch());
    expect(starts(slots)).toEqual([
      '2027-05-03T13:00:00.000Z',
      '2027-05-03T13:30:00.000Z',
      '2027-05-03T14:00:00.000Z',
      '2027-05-03T14:30:00.000Z', // 10:30 + 60 + 15 = 11:45; 11:00 would clean up until 12:15
    ]);
    expect(slots.map((s) => s.end.getTime() - s.start.getTime())).toEqual([
      3_600_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('keeps a before-buffer inside working hours too', () => {
    const type = { ...HOUR_TYPE, bufferBeforeMinutes: 10 };
    expect(starts(generateSlots(mondaySearch({ type })))).toEqual([
      '2027-05-03T13:30:00.000Z', // 09:00 would need preparation from 08:50
      '2027-05-03T14:00:00.000Z',
      '2027-05-03T14:30:00.000Z',
      '2027-05-03T15:00:00.000Z',
    ]);
  });

  it('aligns to the start of each working interval, around a lunch gap', () => {
    const rules: WeeklyRule[] = [
      { weekday: 1, start: '09:15', end: '11:15' },
      { weekday: 1, start: '12:45', end: '14:00' },
    ];
    expect(starts(generateSlots(mondaySearch({ rules, type: HOUR_TYPE })))).toEqual([
      '2027-05-03T13:15:00.000Z',
      '2027-05-03T13:45:00.000Z',
      '2027-05-03T14:15:00.000Z',
      '2027-05-03T16:45:00.000Z',
    ]);
  });

  it('merges touching or overlapping rules so a slot may span their seam', () => {
    const rules: WeeklyRule[] = [
      { weekday: 1, start: '09:00', end: '10:00' },
      { weekday: 1, start: '10:00', end: '11:00' },
      { weekday: 1, start: '10:30', end: '11:00' },
    ];
    expect(starts(generateSlots(mondaySearch({ rules, type: HOUR_TYPE })))).toEqual([
      '2027-05-03T13:00:00.000Z',
      '2027-05-03T13:30:00.000Z',
      '2027-05-03T14:00:00.000Z',
    ]);
  });

  it('lets an override replace the weekly rules for its date, and an empty one take the day off', () => {
    const overrides = [
      { date: MONDAY, intervals: [{ start: '15:00', end: '16:00' }] },
      { date: '2027-05-10', intervals: [] },
    ];
    const slots = generateSlots(mondaySearch({ overrides, type: HOUR_TYPE, to: at('2027-05-18T00:00:00Z') }));
    expect(starts(slots)).toEqual([
      '2027-05-03T19:00:00.000Z',
      '2027-05-17T13:00:00.000Z',
      '2027-05-17T13:30:00.000Z',
      '2027-05-17T14:00:00.000Z',
      '2027-05-17T14:30:00.000Z',
      '2027-05-17T15:00:00.000Z',
    ]);
  });

  it('unites several overrides of one date', () => {
    const overrides = [
      { date: MONDAY, intervals: [{ start: '08:00', end: '09:00' }] },
      { date: MONDAY, intervals: [{ start: '17:00', end: '18:00' }] },
    ];
    expect(starts(generateSlots(mondaySearch({ overrides, type: HOUR_TYPE })))).toEqual([
      '2027-05-03T12:00:00.000Z',
      '2027-05-03T21:00:00.000Z',
    ]);
  });

  it('excludes time off and clinic closures, including their overlap with buffers', () => {
    const timeOff = [{ start: at('2027-05-03T13:00:00Z'), end: at('2027-05-03T13:30:00Z') }];
    const closures = [{ start: at('2027-05-03T15:40:00Z'), end: at('2027-05-03T16:00:00Z') }];
    // 09:30 and 10:00 are free; 10:30's clean-up (until 11:45) runs into the 11:40 closure.
    expect(starts(generateSlots(mondaySearch({ timeOff, closures })))).toEqual([
      '2027-05-03T13:30:00.000Z',
      '2027-05-03T14:00:00.000Z',
    ]);
  });

  it("blocks the neighbouring slot with an existing appointment's own buffer", () => {
    const type = { ...HOUR_TYPE, durationMinutes: 30 };
    const busy = [
      {
        start: at('2027-05-03T14:00:00Z'),
        end: at('2027-05-03T14:30:00Z'),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 20,
      },
    ];
    // 10:00–10:30 is booked and cleaned until 10:50: 10:30 is blocked by the buffer alone.
    expect(starts(generateSlots(mondaySearch({ type, busy })))).toEqual([
      '2027-05-03T13:00:00.000Z',
      '2027-05-03T13:30:00.000Z',
      '2027-05-03T15:00:00.000Z',
      '2027-05-03T15:30:00.000Z',
    ]);
    expect(isSlotAvailable(mondaySearch({ type, busy }), at('2027-05-03T14:30:00Z'))).toEqual({
      ok: false,
      reason: 'conflict',
    });
  });

  it("blocks a slot whose own buffer would meet an existing appointment's buffer", () => {
    const type = { ...HOUR_TYPE, durationMinutes: 30, bufferAfterMinutes: 10 };
    const busy = [
      {
        start: at('2027-05-03T14:45:00Z'),
        end: at('2027-05-03T15:15:00Z'),
        bufferBeforeMinutes: 10,
        bufferAfterMinutes: 0,
      },
    ];
    // 10:00–10:30 cleans up until 10:40; the 10:45 appointment prepares from 10:35: only the
    // buffers overlap, and that is enough. 11:30 + 30 + 10 would end after 12:00.
    expect(starts(generateSlots(mondaySearch({ type, busy })))).toEqual([
      '2027-05-03T13:00:00.000Z',
      '2027-05-03T13:30:00.000Z',
    ]);
    expect(isSlotAvailable(mondaySearch({ type, busy }), at('2027-05-03T14:00:00Z'))).toEqual({
      ok: false,
      reason: 'conflict',
    });
    const withoutBuffer = [{ ...busy[0]!, bufferBeforeMinutes: 0 }];
    expect(isSlotAvailable(mondaySearch({ type, busy: withoutBuffer }), at('2027-05-03T14:00:00Z')).ok).toBe(
      true,
    );
  });

  it('lets appointments that merely touch a footprint through', () => {
    const busy = [
      {
        start: at('2027-05-03T14:00:00Z'),
        end: at('2027-05-03T15:00:00Z'),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      },
    ];
    expect(starts(generateSlots(mondaySearch({ type: HOUR_TYPE, busy })))).toEqual([
      '2027-05-03T13:00:00.000Z',
      '2027-05-03T15:00:00.000Z',
    ]);
  });

  it('applies minimum notice and the booking horizon relative to now', () => {
    const now = at('2027-05-03T12:10:00Z'); // 08:10 local
    const type = { ...HOUR_TYPE, minNoticeMinutes: 80 }; // earliest start 09:30
    expect(starts(generateSlots(mondaySearch({ now, type: { ...type, bufferAfterMinutes: 0 } })))).toEqual([
      '2027-05-03T13:30:00.000Z',
      '2027-05-03T14:00:00.000Z',
      '2027-05-03T14:30:00.000Z',
      '2027-05-03T15:00:00.000Z',
    ]);
    const justLate = at('2027-05-03T12:00:00.001Z'); // 08:00 and a millisecond, 60 min notice
    const hourNotice = { ...HOUR_TYPE, minNoticeMinutes: 60 };
    expect(starts(generateSlots(mondaySearch({ now: justLate, type: hourNotice })))[0]).toBe(
      '2027-05-03T13:30:00.000Z',
    );
    const onTime = at('2027-05-03T12:00:00.000Z');
    expect(starts(generateSlots(mondaySearch({ now: onTime, type: hourNotice })))[0]).toBe(
      '2027-05-03T13:00:00.000Z',
    );
    // Horizon up to Monday 2027-05-10 08:10 local, exclusive: that Monday's 09:00 is out.
    const horizon = { ...HOUR_TYPE, horizonDays: 7 };
    const slots = generateSlots(mondaySearch({ now, type: horizon, to: at('2027-06-01T00:00:00Z') }));
    expect(starts(slots).at(-1)).toBe('2027-05-03T15:00:00.000Z');
    expect(slots).toHaveLength(5);
    const longer = generateSlots(
      mondaySearch({ now, type: { ...horizon, horizonDays: 8 }, to: at('2027-06-01T00:00:00Z') }),
    );
    expect(starts(longer).at(-1)).toBe('2027-05-10T15:00:00.000Z');
  });

  it('counts the horizon in calendar days of the practitioner (same wall-clock time across DST)', () => {
    const now = at('2027-03-08T13:00:00Z'); // Monday 08:00 EST
    const rules: WeeklyRule[] = [{ weekday: 1, start: '07:00', end: '09:00' }];
    const type = { ...HOUR_TYPE, horizonDays: 7 }; // until Monday 15th 08:00 EDT = 12:00Z
    const slots = generateSlots(search({ now, rules, type, from: now, to: at('2027-03-20T00:00:00Z') }));
    expect(starts(slots)).toEqual([
      '2027-03-08T13:00:00.000Z',
      '2027-03-15T11:00:00.000Z',
      '2027-03-15T11:30:00.000Z',
    ]);
  });

  it('returns only starts in [from, to)', () => {
    const slots = generateSlots(
      mondaySearch({ type: HOUR_TYPE, from: at('2027-05-03T13:30:00Z'), to: at('2027-05-03T14:30:00Z') }),
    );
    expect(starts(slots)).toEqual(['2027-05-03T13:30:00.000Z', '2027-05-03T14:00:00.000Z']);
    expect(
      generateSlots(mondaySearch({ from: at('2027-05-04T00:00:00Z'), to: at('2027-05-03T00:00:00Z') })),
    ).toEqual([]);
  });

  it('supports working until midnight with 24:00', () => {
    const rules: WeeklyRule[] = [{ weekday: 1, start: '22:00', end: '24:00' }];
    const slots = generateSlots(mondaySearch({ rules, type: HOUR_TYPE, to: at('2027-05-05T00:00:00Z') }));
    expect(starts(slots)).toEqual([
      '2027-05-04T02:00:00.000Z',
      '2027-05-04T02:30:00.000Z',
      '2027-05-04T03:00:00.000Z',
    ]);
  });

  it('rejects malformed input with a RangeError that says what to fix', () => {
    expect(() => generateSlots(mondaySearch({ timeZone: 'Mars/Olympus' }))).toThrow(/IANA/);
    expect(() =>
      generateSlots(mondaySearch({ rules: [{ weekday: 1, start: '9:00', end: '12:00' }] })),
    ).toThrow(/HH:mm/);
    expect(() =>
      generateSlots(mondaySearch({ rules: [{ weekday: 1, start: '12:00', end: '09:00' }] })),
    ).toThrow(/end after/);
    expect(() => generateSlots(mondaySearch({ overrides: [{ date: '2027-02-30', intervals: [] }] }))).toThrow(
      /YYYY-MM-DD/,
    );
    expect(() => generateSlots(mondaySearch({ type: { ...HOUR_TYPE, slotIntervalMinutes: 0 } }))).toThrow(
      /slotIntervalMinutes/,
    );
    expect(() => generateSlots(mondaySearch({ now: new Date(Number.NaN) }))).toThrow(/now/);
  });
});

describe('isSlotAvailable', () => {
  const input = mondaySearch();
  const check = (iso: string) => isSlotAvailable(input, at(iso));

  it('accepts a free aligned start and returns the slot', () => {
    expect(check('2027-05-03T13:30:00Z')).toEqual({
      ok: true,
      slot: { start: at('2027-05-03T13:30:00Z'), end: at('2027-05-03T14:30:00Z') },
    });
  });

  it('gives the reason a start is refused', () => {
    expect(check('2027-05-03T12:00:00Z')).toEqual({ ok: false, reason: 'outside-hours' }); // 08:00
    expect(check('2027-05-03T15:00:00Z')).toEqual({ ok: false, reason: 'outside-hours' }); // 11:00, buffer spills
    expect(check('2027-05-03T13:15:00Z')).toEqual({ ok: false, reason: 'misaligned' });
    expect(check('2027-05-03T13:30:01Z')).toEqual({ ok: false, reason: 'misaligned' });
    const now = at('2027-05-03T13:00:00Z');
    expect(isSlotAvailable({ ...input, now }, at('2027-05-03T13:00:00Z'))).toEqual({
      ok: true,
      slot: expect.anything(),
    });
    const soon = { ...input, now, type: { ...CLEANUP, minNoticeMinutes: 31 } };
    expect(isSlotAvailable(soon, at('2027-05-03T13:30:00Z'))).toEqual({ ok: false, reason: 'too-soon' });
    const short = { ...input, now: at('2027-04-26T14:00:00Z'), type: { ...CLEANUP, horizonDays: 7 } };
    expect(isSlotAvailable(short, at('2027-05-03T13:30:00Z'))).toEqual({ ok: true, slot: expect.anything() });
    expect(isSlotAvailable(short, at('2027-05-03T14:00:00Z'))).toEqual({
      ok: false,
      reason: 'beyond-horizon',
    });
    const off = {
      ...input,
      timeOff: [{ start: at('2027-05-03T14:40:00Z'), end: at('2027-05-03T14:50:00Z') }],
    };
    expect(isSlotAvailable(off, at('2027-05-03T13:30:00Z'))).toEqual({ ok: false, reason: 'time-off' });
    const closed = {
      ...input,
      closures: [{ start: at('2027-05-03T00:00:00Z'), end: at('2027-05-04T00:00:00Z') }],
    };
    expect(isSlotAvailable(closed, at('2027-05-03T13:30:00Z'))).toEqual({ ok: false, reason: 'time-off' });
  });

  it('ignores the search window: the question is about the schedule only', () => {
    const elsewhere = { ...input, from: at('2030-01-01T00:00:00Z'), to: at('2030-01-02T00:00:00Z') };
    expect(isSlotAvailable(elsewhere, at('2027-05-03T14:00:00Z')).ok).toBe(true);
  });
});

describe('nextAvailable', () => {
  it('returns the first free slot, skipping booked and closed days', () => {
    const busy = [
      {
        start: at('2027-05-03T13:00:00Z'),
        end: at('2027-05-03T16:00:00Z'),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      },
    ];
    const closures = [{ start: at('2027-05-10T04:00:00Z'), end: at('2027-05-11T04:00:00Z') }];
    const input = mondaySearch({ busy, closures, to: at('2027-06-01T00:00:00Z') });
    expect(nextAvailable(input)).toEqual({
      start: at('2027-05-17T13:00:00Z'),
      end: at('2027-05-17T14:00:00Z'),
    });
    expect(nextAvailable(input)).toEqual(generateSlots(input)[0]);
  });

  it('returns null when nothing is free in the window', () => {
    expect(nextAvailable(mondaySearch({ rules: [] }))).toBeNull();
    expect(nextAvailable(mondaySearch({ type: { ...CLEANUP, horizonDays: 0 } }))).toBeNull();
  });
});

describe('search window and validation details', () => {
  it("fetches busy time early enough for the first slot's before-buffer", () => {
    // Search from 09:30 EDT; a 10-minute preparation buffer starts the 09:30 slot at 09:20, which
    // meets an appointment that ends at 09:25 (before the search window itself begins).
    const type = { ...HOUR_TYPE, bufferBeforeMinutes: 10 };
    const busy = [
      {
        start: at('2027-05-03T13:00:00Z'),
        end: at('2027-05-03T13:25:00Z'),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      },
    ];
    const input = mondaySearch({
      type,
      busy,
      from: at('2027-05-03T13:30:00Z'),
      to: at('2027-05-03T14:30:00Z'),
    });
    expect(starts(generateSlots(input))).toEqual(['2027-05-03T14:00:00.000Z']);
    expect(isSlotAvailable(input, at('2027-05-03T13:30:00Z'))).toEqual({ ok: false, reason: 'conflict' });
  });

  it('names the invalid instant', () => {
    const bad = new Date(Number.NaN);
    expect(() => generateSlots(mondaySearch({ from: bad }))).toThrow(
      new RangeError('from is not a valid date'),
    );
    expect(() => generateSlots(mondaySearch({ to: bad }))).toThrow(new RangeError('to is not a valid date'));
    expect(() => isSlotAvailable(mondaySearch(), bad)).toThrow(new RangeError('start is not a valid date'));
    expect(() => isSlotAvailable(mondaySearch({ now: bad }), at('2027-05-03T13:30:00Z'))).toThrow(
      new RangeError('now is not a valid date'),
    );
  });

  it('calls a start in hours but off the grid misaligned, and one at or after closing outside hours', () => {
    const input = mondaySearch({
      rules: [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '13:00', end: '17:00' },
      ],
    });
    // 09:15 lies in the first of two intervals.
    expect(isSlotAvailable(input, at('2027-05-03T13:15:00Z'))).toEqual({ ok: false, reason: 'misaligned' });
    // 12:00 is the first interval's (exclusive) end; 12:30 is in the lunch gap.
    expect(isSlotAvailable(input, at('2027-05-03T16:00:00Z'))).toEqual({
      ok: false,
      reason: 'outside-hours',
    });
    expect(isSlotAvailable(input, at('2027-05-03T16:30:00Z'))).toEqual({
      ok: false,
      reason: 'outside-hours',
    });
  });

  it('calls the spring-forward transition misaligned when the interval starts in the gap', () => {
    // New York, 2027-03-14: 02:00 EST becomes 03:00 EDT (07:00Z). Hours 02:30–05:00, hourly grid:
    // 02:30 does not exist, so the grid is 03:30 and 04:30 EDT; 03:00 EDT is in hours but off it.
    const input = search({
      overrides: [{ date: '2027-03-14', intervals: [{ start: '02:30', end: '05:00' }] }],
      type: { ...HOUR_TYPE, slotIntervalMinutes: 60 },
    });
    expect(isSlotAvailable(input, at('2027-03-14T07:00:00Z'))).toEqual({ ok: false, reason: 'misaligned' });
    expect(isSlotAvailable(input, at('2027-03-14T07:30:00Z')).ok).toBe(true);
  });
});

/** Shared fixtures for the scheduling tests (not part of the domain API). */
import { afterAll, beforeAll, expect } from 'vitest';
import type { AppointmentTypeRules, Slot, SlotSearchInput } from './types.ts';

export const HOUR_TYPE: AppointmentTypeRules = {
  durationMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  slotIntervalMinutes: 30,
  minNoticeMinutes: 0,
  horizonDays: 3650,
};

/** A search with nothing booked, `now` long before, and a window of the given UTC dates. */
export function search(overrides: Partial<SlotSearchInput> = {}): SlotSearchInput {
  return {
    timeZone: 'America/New_York',
    rules: [],
    overrides: [],
    timeOff: [],
    closures: [],
    busy: [],
    type: HOUR_TYPE,
    now: new Date('2027-01-01T00:00:00Z'),
    from: new Date('2027-01-01T00:00:00Z'),
    to: new Date('2028-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** A search limited to the local date `date` ± a day, with one override interval on it. */
export function daySearch(timeZone: string, date: string, start: string, end: string, type = HOUR_TYPE) {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  return search({
    timeZone,
    type,
    overrides: [{ date, intervals: [{ start, end }] }],
    from: new Date(midnightUtc - 86_400_000),
    to: new Date(midnightUtc + 2 * 86_400_000),
  });
}

export const starts = (slots: readonly Slot[]) => slots.map((slot) => slot.start.toISOString());

/** Process time zones the time tests run under, with their UTC offset on 2027-07-01 (getTimezoneOffset). */
export const PROCESS_TIME_ZONES: [string, number][] = [
  ['UTC', 0],
  ['America/New_York', 240],
  ['Australia/Sydney', -600],
  ['Europe/Berlin', -120],
  ['Asia/Kathmandu', -345],
  ['Australia/Lord_Howe', -630],
];

/** Runs the enclosing describe under process TZ `zone`, proving the switch took effect. */
export function underProcessTimeZone(zone: string, julyOffset: number): void {
  const previous = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
    expect(new Date('2027-07-01T00:00:00Z').getTimezoneOffset()).toBe(julyOffset);
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  });
}

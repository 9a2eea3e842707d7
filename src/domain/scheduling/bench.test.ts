import { describe, expect, it } from 'vitest';
import { benchScenario, benchSlotSearch, p95 } from './bench.ts';
import { generateSlots } from './slots.ts';
import { localDate } from './wall-clock.ts';

// Scenarios are built inside each test so mutation testing's per-test coverage sees them run.
describe('slot-search benchmark scenario', () => {
  const inWindow = (input: ReturnType<typeof benchScenario>) =>
    input.busy.filter((b) => b.end > input.from && b.start < input.to).length;
  const iso = (d: Date) => d.toISOString();

  it('books 45-minute appointments at 08:00, 10:45, 13:00 and 16:30 New York time on weekdays', () => {
    const { busy } = benchScenario(10);
    // Tuesday 2027-03-02 on, EST (UTC-5): four a day, the last two on Thursday.
    expect(busy.map((b) => iso(b.start))).toEqual([
      '2027-03-02T13:00:00.000Z',
      '2027-03-02T15:45:00.000Z',
      '2027-03-02T18:00:00.000Z',
      '2027-03-02T21:30:00.000Z',
      '2027-03-03T13:00:00.000Z',
      '2027-03-03T15:45:00.000Z',
      '2027-03-03T18:00:00.000Z',
      '2027-03-03T21:30:00.000Z',
      '2027-03-04T13:00:00.000Z',
      '2027-03-04T15:45:00.000Z',
    ]);
    expect(busy.every((b) => b.end.getTime() - b.start.getTime() === 45 * 60_000)).toBe(true);
    expect(busy.every((b) => b.bufferBeforeMinutes === 0 && b.bufferAfterMinutes === 10)).toBe(true);
  });

  it('spreads 10,000 appointments over weekdays from 2022-03-01, about 80 in the four-week window', () => {
    const input = benchScenario(10_000);
    expect(input.busy).toHaveLength(10_000);
    expect(iso(input.busy[0]!.start)).toBe('2022-03-01T13:00:00.000Z'); // Tuesday 08:00 EST
    // Friday 2027-03-05 → Monday 2027-03-08: the weekend is skipped.
    const weekend = input.busy.filter((b) =>
      ['2027-03-06', '2027-03-07'].includes(localDate(b.start, 'America/New_York')),
    );
    expect(weekend).toEqual([]);
    const sorted = [...input.busy].sort((a, b) => a.start.getTime() - b.start.getTime());
    expect(sorted.every((b, i) => i === 0 || b.start >= sorted[i - 1]!.end)).toBe(true);
    // Window 2027-03-01 14:00Z – 2027-03-29 14:00Z: 3 on Monday 03-01 (08:00 EST ended at 13:45Z),
    // 19 full weekdays × 4, and 08:00 EDT (12:00Z) on Monday 03-29.
    expect(iso(input.from)).toBe('2027-03-01T14:00:00.000Z');
    expect(iso(input.to)).toBe('2027-03-29T14:00:00.000Z');
    expect(inWindow(input)).toBe(80);
    expect(inWindow(benchScenario(10))).toBe(10);
  });

  it('does real work: both searches return slots, fewer when the calendar is fuller', () => {
    const few = generateSlots(benchScenario(10)).length;
    const many = generateSlots(benchScenario(10_000)).length;
    expect(many).toBeGreaterThan(50);
    expect(few).toBeGreaterThan(many);
  });

  it('takes Friday 2027-03-19 off and blocks the time off of 03-22/03-23', () => {
    const slots = generateSlots(benchScenario(10));
    const dates = new Set(slots.map((s) => localDate(s.start, 'America/New_York')));
    expect(dates.has('2027-03-18')).toBe(true);
    expect(dates.has('2027-03-19')).toBe(false);
    expect(dates.has('2027-03-24')).toBe(true);
    const offStart = Date.parse('2027-03-22T13:00:00Z');
    const offEnd = Date.parse('2027-03-23T22:00:00Z');
    // A slot occupies start … end + 15 min clean-up; none may touch the time off.
    expect(
      slots.filter((s) => s.start.getTime() < offEnd && s.end.getTime() + 15 * 60_000 > offStart),
    ).toEqual([]);
    // The time off starts 09:00 EDT on 03-22 and ends after hours on 03-23; the 08:00 slot would
    // clean up until 09:15, so neither day has a slot, while 03-18 and 03-24 do.
    expect(dates.has('2027-03-22')).toBe(false);
    expect(dates.has('2027-03-23')).toBe(false);
  });

  it('takes the p95 by nearest rank, leaving the samples in their order', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(p95(hundred)).toBe(95);
    expect(hundred[0]).toBe(100);
    expect(p95(Array.from({ length: 20 }, (_, i) => i + 1))).toBe(19);
    expect(p95([7, 3])).toBe(7);
    expect(p95([4])).toBe(4);
  });

  it('times every search, drops the warm-up and keeps the best p95 of three rounds per case', () => {
    // Durations the scripted clock reports, in the order the searches run: four warm-up searches
    // (slow, must not count), then three rounds of small/large pairs (two iterations each).
    const durations = [1000, 1000, 1000, 1000, 3, 30, 5, 50, 2, 60, 4, 70, 9, 20, 9, 40];
    let t = 0;
    let reads = 0;
    const clock = () => {
      if (reads++ % 2 === 1) t += durations.shift()!;
      return t;
    };
    // Round p95s (max of two): small 5, 4, 9 and large 50, 70, 40, so the best come from different rounds.
    expect(benchSlotSearch(2, clock)).toEqual({ p95MsWith10: 4, p95MsWith10000: 40 });
    expect(durations).toEqual([]);
    expect(reads).toBe(32);
  });

  it('measures with a real clock by default', () => {
    const result = benchSlotSearch(1);
    expect(Number.isFinite(result.p95MsWith10)).toBe(true);
    expect(Number.isFinite(result.p95MsWith10000)).toBe(true);
    expect(result.p95MsWith10).toBeGreaterThan(0);
  });
});

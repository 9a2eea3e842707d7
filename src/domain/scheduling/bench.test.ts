import { describe, expect, it } from 'vitest';
import { benchScenario, benchSlotSearch, p95 } from './bench.ts';
import { generateSlots } from './slots.ts';

describe('slot-search benchmark scenario', () => {
  const scenarios = { 10: benchScenario(10), 10_000: benchScenario(10_000) };
  const inWindow = (busyCount: 10 | 10_000) => {
    const input = scenarios[busyCount];
    return input.busy.filter((b) => b.end > input.from && b.start < input.to).length;
  };

  it('holds the stated number of non-overlapping appointments, some inside the four weeks', () => {
    for (const count of [10, 10_000] as const) {
      const { busy } = scenarios[count];
      expect(busy).toHaveLength(count);
      const sorted = [...busy].sort((a, b) => a.start.getTime() - b.start.getTime());
      expect(sorted.every((b, i) => i === 0 || b.start >= sorted[i - 1]!.end)).toBe(true);
    }
    expect(inWindow(10)).toBe(10);
    expect(inWindow(10_000)).toBeGreaterThan(60);
  });

  it('does real work: both searches return slots, fewer when the calendar is fuller', () => {
    const few = generateSlots(scenarios[10]).length;
    const many = generateSlots(scenarios[10_000]).length;
    expect(many).toBeGreaterThan(50);
    expect(few).toBeGreaterThan(many);
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
});

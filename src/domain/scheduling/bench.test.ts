import { describe, expect, it } from 'vitest';
import { benchScenario, benchSlotSearch } from './bench.ts';
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

  it('reports a p95 for each case', () => {
    const result = benchSlotSearch(5);
    expect(Object.keys(result).sort()).toEqual(['p95MsWith10', 'p95MsWith10000']);
    expect(result.p95MsWith10).toBeGreaterThan(0);
    expect(result.p95MsWith10000).toBeGreaterThan(0);
  });
});

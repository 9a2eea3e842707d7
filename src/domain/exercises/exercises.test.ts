import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isRegionId } from '../omt/regions.ts';
import {
  BUILTIN_EXERCISES,
  GENERAL_CAUTIONS,
  dayNumber,
  mondayOf,
  percentOf,
  prescribedFor,
  searchExercises,
  weeklyAdherence,
} from './index.ts';

describe('the built-in exercise library', () => {
  it('has unique slugs, our regions, steps and the general cautions on every entry', () => {
    expect(BUILTIN_EXERCISES.length).toBeGreaterThanOrEqual(15);
    expect(new Set(BUILTIN_EXERCISES.map((e) => e.id)).size).toBe(BUILTIN_EXERCISES.length);
    for (const e of BUILTIN_EXERCISES) {
      expect(e.id).toMatch(/^[a-z][a-z-]+$/);
      expect(e.regions.length, e.id).toBeGreaterThan(0);
      expect(e.regions.every(isRegionId), e.id).toBe(true);
      expect(e.steps.length, e.id).toBeGreaterThan(0);
      expect(e.cautions.slice(0, GENERAL_CAUTIONS.length)).toEqual([...GENERAL_CAUTIONS]);
      expect(e.builtin).toBe(true);
    }
  });

  it('searches names first, then purpose, steps and region names; every word must match', () => {
    const ids = (q: string) => searchExercises(BUILTIN_EXERCISES, q).map((e) => e.id);
    expect(ids('chin')[0]).toBe('chin-tuck');
    expect(ids('CHÍN tuck')).toEqual(['chin-tuck']);
    expect(ids('cervical')).toEqual(expect.arrayContaining(['chin-tuck', 'neck-side-bend', 'cat-cow']));
    expect(ids('cervical')).not.toContain('calf-stretch');
    // "stretch" is in the names of three and in the purpose or steps of others: names come first.
    const stretch = ids('stretch');
    expect(stretch.slice(0, 3).sort()).toEqual(
      ['calf-stretch', 'hamstring-stretch', 'piriformis-stretch'].sort(),
    );
    expect(stretch).toContain('knee-to-chest');
    expect(ids('lower extremities wall')).toEqual(['calf-stretch']);
    expect(ids('zebra')).toEqual([]);
    expect(ids('   ')).toHaveLength(BUILTIN_EXERCISES.length);
  });
});

describe('adherence per ISO week', () => {
  const dose = { timesPerDay: 2, daysPerWeek: 5 }; // 10 a week
  const repeat = (date: string, n: number) => Array.from({ length: n }, () => date);

  it('finds the Monday of a week, across months and years', () => {
    expect(mondayOf('2027-03-01')).toBe('2027-03-01');
    expect(mondayOf('2027-03-07')).toBe('2027-03-01');
    expect(mondayOf('2027-03-08')).toBe('2027-03-08');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(() => dayNumber('2027-3-1')).toThrow(RangeError);
  });

  it('pro-rates the first and the current week and caps each week at 100 % (hand-computed)', () => {
    // Thursday 4 March to Sunday 14 March: 4 days of the first week, then a full week.
    const sessions = [
      ...repeat('2027-03-04', 2),
      '2027-03-06',
      ...repeat('2027-03-09', 2),
      ...repeat('2027-03-10', 10),
    ];
    const a = weeklyAdherence(dose, { start: '2027-03-04', end: '2027-03-14' }, sessions);
    expect(a.weeks).toEqual([
      // ceil(10 × 4 / 7) = ceil(5.71) = 6 prescribed, 3 done: 50 %.
      { weekStart: '2027-03-01', activeDays: 4, prescribed: 6, done: 3, percent: 50 },
      { weekStart: '2027-03-08', activeDays: 7, prescribed: 10, done: 12, percent: 100 },
    ]);
    // 3 + min(12, 10) of 16: 81.25 → 81.
    expect(a.total).toEqual({ prescribed: 16, done: 13, percent: 81 });

    // The current week counts up to today: Wednesday is 3 days, ceil(30/7) = 5.
    const now = weeklyAdherence(dose, { start: '2027-03-01', end: '2027-03-10' }, repeat('2027-03-09', 2));
    expect(now.weeks[1]).toEqual({
      weekStart: '2027-03-08',
      activeDays: 3,
      prescribed: 5,
      done: 2,
      percent: 40,
    });
    expect(now.weeks[0]).toMatchObject({ prescribed: 10, done: 0, percent: 0 });
  });

  it('ignores sessions outside the span, and has no weeks before the start', () => {
    const a = weeklyAdherence(dose, { start: '2027-03-08', end: '2027-03-14' }, [
      '2027-03-07',
      '2027-03-15',
      '2027-03-08',
    ]);
    expect(a.weeks).toEqual([
      { weekStart: '2027-03-08', activeDays: 7, prescribed: 10, done: 1, percent: 10 },
    ]);
    expect(weeklyAdherence(dose, { start: '2027-03-08', end: '2027-03-07' }, []).weeks).toEqual([]);
    // Starting later in the same week as today: nothing is due yet.
    expect(weeklyAdherence(dose, { start: '2027-03-11', end: '2027-03-10' }, [])).toEqual({
      weeks: [],
      total: { prescribed: 0, done: 0, percent: 0 },
    });
    expect(percentOf(3, 0)).toBe(0);
    expect(prescribedFor({ timesPerDay: 1, daysPerWeek: 1 }, 1)).toBe(1);
    expect(prescribedFor({ timesPerDay: 3, daysPerWeek: 7 }, 7)).toBe(21);
    expect(prescribedFor({ timesPerDay: 3, daysPerWeek: 7 }, 1)).toBe(3);
  });

  const day0 = dayNumber('2027-01-01');
  const date = (n: number) => new Date((day0 + n) * 86_400_000).toISOString().slice(0, 10);
  const arb = fc.record({
    timesPerDay: fc.integer({ min: 1, max: 5 }),
    daysPerWeek: fc.integer({ min: 1, max: 7 }),
    start: fc.integer({ min: 0, max: 60 }),
    length: fc.integer({ min: 0, max: 60 }),
    sessions: fc.array(fc.integer({ min: 0, max: 130 }), { maxLength: 120 }),
  });

  it('keeps every percentage within 0–100, weeks consecutive Mondays covering the span', () => {
    fc.assert(
      fc.property(arb, (p) => {
        const span = { start: date(p.start), end: date(p.start + p.length) };
        const a = weeklyAdherence(p, span, p.sessions.map(date));
        expect(a.weeks.reduce((n, w) => n + w.activeDays, 0)).toBe(p.length + 1);
        for (const [i, w] of a.weeks.entries()) {
          expect(w.percent).toBeGreaterThanOrEqual(0);
          expect(w.percent).toBeLessThanOrEqual(100);
          expect(w.prescribed).toBeGreaterThanOrEqual(1);
          expect(w.prescribed).toBeLessThanOrEqual(p.timesPerDay * p.daysPerWeek);
          expect(mondayOf(w.weekStart)).toBe(w.weekStart);
          if (i > 0) expect(dayNumber(w.weekStart) - dayNumber(a.weeks[i - 1]!.weekStart)).toBe(7);
        }
        expect(a.total.percent).toBeGreaterThanOrEqual(0);
        expect(a.total.percent).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('never falls when one more session is logged', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 130 }), (p, extra) => {
        const span = { start: date(p.start), end: date(p.start + p.length) };
        const before = weeklyAdherence(p, span, p.sessions.map(date));
        const after = weeklyAdherence(p, span, [...p.sessions, extra].map(date));
        expect(after.total.percent).toBeGreaterThanOrEqual(before.total.percent);
        after.weeks.forEach((w, i) => expect(w.percent).toBeGreaterThanOrEqual(before.weeks[i]!.percent));
      }),
    );
  });

  it('is 100 % when every prescribed session of every week is done', () => {
    fc.assert(
      fc.property(arb, (p) => {
        const span = { start: date(p.start), end: date(p.start + p.length) };
        const all = Array.from({ length: p.length + 1 }, (_, d) =>
          repeat(date(p.start + d), p.timesPerDay),
        ).flat();
        expect(weeklyAdherence(p, span, all).total.percent).toBe(100);
      }),
    );
  });
});

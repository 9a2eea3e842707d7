import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  INSTRUMENTS,
  change,
  isPlateau,
  isResponder,
  meanOf,
  scoreAnswers,
  thresholdOf,
  wilson,
  type Instrument,
} from './index.ts';

const rating = fc.integer({ min: 0, max: 10 });
const free: Instrument[] = [INSTRUMENTS.nrs, INSTRUMENTS.peg, INSTRUMENTS.psfs];
const scoreIn = (i: Instrument) => fc.integer({ min: i.min * 100, max: i.max * 100 }).map((h) => h / 100);

describe('outcome scorers (properties)', () => {
  it('a PEG score is the mean to 2 decimals, within 0–10, between the lowest and highest answer', () => {
    fc.assert(
      fc.property(rating, rating, rating, (pain, enjoyment, activity) => {
        const r = scoreAnswers(INSTRUMENTS.peg, { pain, enjoyment, activity });
        if (!r.ok) return false;
        const exact = (pain + enjoyment + activity) / 3;
        expect(Math.abs(r.score - exact)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.round(r.score * 100)).toBe(r.score * 100);
        expect(r.score).toBeGreaterThanOrEqual(Math.min(pain, enjoyment, activity));
        expect(r.score).toBeLessThanOrEqual(Math.max(pain, enjoyment, activity));
        return true;
      }),
    );
  });

  it('a PSFS score of 1–5 activities is the mean, rounded half up', () => {
    fc.assert(
      fc.property(fc.array(rating, { minLength: 1, maxLength: 5 }), (scores) => {
        const r = scoreAnswers(INSTRUMENTS.psfs, {
          activities: scores.map((score, k) => ({ activity: `a${k}`, score })),
        });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const exact = scores.reduce((a, b) => a + b, 0) / scores.length;
        expect(r.score).toBe(meanOf(scores));
        expect(r.score - exact).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(exact - r.score).toBeLessThan(0.005 + 1e-9);
      }),
    );
  });

  it('any answer outside 0–10 or not a whole number is refused, naming its field', () => {
    const bad = fc.oneof(
      fc.integer({ min: 11, max: 10_000 }),
      fc.integer({ min: -10_000, max: -1 }),
      fc.double({ min: 0, max: 10, noNaN: true }).filter((x) => !Number.isInteger(x)),
    );
    fc.assert(
      fc.property(bad, rating, (b, ok) => {
        const r = scoreAnswers(INSTRUMENTS.peg, { pain: ok, enjoyment: b, activity: ok });
        expect(r).toMatchObject({ ok: false, errors: [{ path: 'answers/enjoyment' }] });
      }),
    );
  });

  it('change is antisymmetric, its sign says better or worse, and direction flips it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...free), fc.nat(1000), fc.nat(1000), (i, a, b) => {
        const x = a / 100;
        const y = b / 100;
        const forward = change(i, x, y).points;
        expect(change(i, y, x).points).toBeCloseTo(-forward, 9);
        const lowerBetter = i.direction === 'lower-is-better';
        if (y < x) expect(forward > 0).toBe(lowerBetter);
        if (y > x) expect(forward > 0).toBe(!lowerBetter);
        expect(Math.round(forward * 100)).toBe(Math.round((lowerBetter ? x - y : y - x) * 100));
      }),
    );
  });

  it('a responder never got worse, and improving further keeps them a responder', () => {
    fc.assert(
      fc.property(fc.constantFrom(...free), fc.nat(1000), fc.nat(1000), fc.nat(100), (i, a, b, extra) => {
        const t = thresholdOf(i, null);
        const base = a / 100;
        const last = b / 100;
        if (!isResponder(i, t, base, last)) return;
        expect(change(i, base, last).points).toBeGreaterThan(0);
        const further =
          i.direction === 'lower-is-better'
            ? Math.max(0, last - extra / 100)
            : Math.min(10, last + extra / 100);
        expect(isResponder(i, t, base, Math.round(further * 100) / 100)).toBe(true);
      }),
    );
  });

  it('no plateau while the last three scores improve by the threshold or more', () => {
    fc.assert(
      fc.property(fc.constantFrom(...free), scoreIn(INSTRUMENTS.nrs), fc.nat(500), (i, first, more) => {
        const t = thresholdOf(i, null);
        const step = t.points + more / 100;
        const last = i.direction === 'lower-is-better' ? first - step : first + step;
        if (last < i.min || last > i.max) return;
        const s = [first, (first + last) / 2, Math.round(last * 100) / 100].map((score, k) => ({
          takenAt: new Date(Date.UTC(2027, 0, 1 + 10 * k)).toISOString(),
          score,
        }));
        expect(isPlateau(i, t, s)).toBe(false);
      }),
    );
  });

  it('the Wilson interval lies in [0, 1], holds the rate and narrows as n grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.round(f * n);
        const [lo, hi] = wilson(k, n)!;
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(k / n + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(k / n - 1e-12);
        const [lo4, hi4] = wilson(k * 4, n * 4)!;
        expect(hi4 - lo4).toBeLessThan(hi - lo);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  INSTRUMENTS,
  INSTRUMENT_IDS,
  change,
  definition,
  isPlateau,
  isResponder,
  meanOf,
  PUBLISHED,
  scoreAnswers,
  summarise,
  thresholdOf,
  wilson,
} from './index.ts';

const { nrs, peg, psfs, hit6, odi, rmdq } = INSTRUMENTS;
const T = (i: (typeof INSTRUMENTS)[keyof typeof INSTRUMENTS]) => thresholdOf(i, null);

describe('instrument catalogue', () => {
  it('enables only the free instruments by default; licensed ones ship no item texts', () => {
    for (const id of INSTRUMENT_IDS) {
      const i = INSTRUMENTS[id];
      expect(i.enabledByDefault, id).toBe(i.licence === 'free');
      if (i.licence === 'licence-required') expect(i.items, id).toEqual([]);
      expect(i.threshold.source.url, id).toMatch(/^https?:\/\//);
      expect(i.min, id).toBeLessThan(i.max);
    }
    expect(INSTRUMENT_IDS.filter((id) => INSTRUMENTS[id].enabledByDefault)).toEqual(['nrs', 'peg', 'psfs']);
    expect(psfs.direction).toBe('higher-is-better');
    expect(nrs.direction).toBe('lower-is-better');
  });

  it('carries the contract’s default responder thresholds', () => {
    expect(T(nrs)).toEqual({ points: 2, percent: 30 });
    expect(T(peg)).toEqual({ points: 1, percent: 30 });
    expect(T(psfs)).toEqual({ points: 2, percent: null });
    expect(thresholdOf(nrs, { points: 3, percent: null })).toEqual({ points: 3, percent: null });
  });
});

describe('scoring', () => {
  it('scores NRS, PEG and PSFS by hand-computed means', () => {
    expect(scoreAnswers(nrs, { pain: 7 })).toEqual({ ok: true, score: 7, answers: { pain: 7 } });
    // (7 + 6 + 8) / 3 = 7
    expect(scoreAnswers(peg, { pain: 7, enjoyment: 6, activity: 8 })).toMatchObject({ ok: true, score: 7 });
    // (5 + 6 + 6) / 3 = 5.666… → 5.67
    expect(scoreAnswers(peg, { pain: 5, enjoyment: 6, activity: 6 })).toMatchObject({ score: 5.67 });
    // (1 + 0 + 0) / 3 = 0.333… → 0.33
    expect(scoreAnswers(peg, { pain: 1, enjoyment: 0, activity: 0 })).toMatchObject({ score: 0.33 });
    // (3 + 4 + 6) / 3 = 4.333… → 4.33; (2+3)/2 = 2.5
    const three = [3, 4, 6].map((score, k) => ({ activity: `Task ${k}`, score }));
    expect(scoreAnswers(psfs, { activities: three })).toMatchObject({ score: 4.33 });
    expect(
      scoreAnswers(psfs, {
        activities: [
          { activity: ' Lifting my child ', score: 2 },
          { activity: 'Stairs', score: 3 },
        ],
      }),
    ).toEqual({
      ok: true,
      score: 2.5,
      answers: {
        activities: [
          { activity: 'Lifting my child', score: 2 },
          { activity: 'Stairs', score: 3 },
        ],
      },
    });
    // 2/3 = 0.666… → 0.67 (half-up at the third decimal)
    expect(meanOf([1, 1, 0])).toBe(0.67);
    expect(meanOf([1, 0, 0, 0, 0, 0, 0, 0])).toBe(0.13); // 0.125 → 0.13
  });

  it('refuses out-of-range, non-integer, missing and unknown answers, naming the field', () => {
    expect(scoreAnswers(nrs, { pain: 11 })).toEqual({
      ok: false,
      errors: [{ path: 'answers/pain', message: 'Must be from 0 to 10' }],
    });
    expect(scoreAnswers(nrs, { pain: 4.5 })).toMatchObject({ errors: [{ path: 'answers/pain' }] });
    expect(scoreAnswers(nrs, { pain: '4' })).toMatchObject({ errors: [{ path: 'answers/pain' }] });
    expect(scoreAnswers(nrs, { pain: -1 })).toMatchObject({ errors: [{ path: 'answers/pain' }] });
    expect(scoreAnswers(peg, { pain: 3, activity: 2 })).toMatchObject({
      errors: [{ path: 'answers/enjoyment' }],
    });
    expect(scoreAnswers(nrs, { pain: 3, mood: 2 })).toMatchObject({ errors: [{ path: 'answers/mood' }] });
    expect(scoreAnswers(nrs, [3])).toMatchObject({ errors: [{ path: 'answers' }] });
    expect(scoreAnswers(nrs, null)).toMatchObject({ errors: [{ path: 'answers' }] });
  });

  it('wants 1 to 5 PSFS activities, each named and scored', () => {
    expect(scoreAnswers(psfs, { activities: [] })).toMatchObject({
      errors: [{ path: 'answers/activities', message: 'Name 1 to 5 activities (0 given)' }],
    });
    const six = Array.from({ length: 6 }, (_, k) => ({ activity: `A${k}`, score: 5 }));
    expect(scoreAnswers(psfs, { activities: six })).toMatchObject({
      errors: [{ path: 'answers/activities', message: 'Name 1 to 5 activities (6 given)' }],
    });
    expect(
      scoreAnswers(psfs, {
        activities: [
          { activity: 'Run', score: 12 },
          { activity: ' ', score: 3 },
        ],
      }),
    ).toEqual({
      ok: false,
      errors: [
        { path: 'answers/activities/0/score', message: 'Must be from 0 to 10' },
        { path: 'answers/activities/1/activity', message: 'Name the activity (up to 200 characters)' },
      ],
    });
  });

  it('takes a licensed form’s total within its range', () => {
    expect(scoreAnswers(hit6, { score: 60 })).toMatchObject({ ok: true, score: 60 });
    expect(scoreAnswers(hit6, { score: 35 })).toMatchObject({
      errors: [{ path: 'answers/score', message: 'Must be from 36 to 78' }],
    });
    expect(scoreAnswers(rmdq, { score: 4.5 })).toMatchObject({ errors: [{ path: 'answers/score' }] });
    expect(scoreAnswers(odi, { score: 51.11 })).toMatchObject({ ok: true, score: 51.11 });
    expect(scoreAnswers(odi, { score: 51.111 })).toMatchObject({ errors: [{ path: 'answers/score' }] });
  });
});

describe('change, responder, plateau', () => {
  it('computes the improvement in points and percent, whatever the direction', () => {
    expect(change(nrs, 8, 5)).toEqual({ points: 3, percent: 37.5 });
    expect(change(nrs, 4, 6)).toEqual({ points: -2, percent: -50 });
    expect(change(psfs, 3, 6.5)).toEqual({ points: 3.5, percent: 116.7 });
    expect(change(nrs, 0, 2)).toEqual({ points: -2, percent: null });
    // 7 → 6.33: 0.67 of 7 = 9.571…% → 9.6
    expect(change(peg, 7, 6.33)).toEqual({ points: 0.67, percent: 9.6 });
  });

  it('applies "points or percent" responder thresholds at their edges', () => {
    expect(isResponder(nrs, T(nrs), 8, 6)).toBe(true); // 2 points
    expect(isResponder(nrs, T(nrs), 3, 2)).toBe(true); // 1 point but 33.3 % ≥ 30 %
    expect(isResponder(nrs, T(nrs), 10, 9)).toBe(false); // 1 point, 10 %
    expect(isResponder(nrs, T(nrs), 10, 7)).toBe(true); // 3 points
    expect(isResponder(peg, T(peg), 10, 9)).toBe(true); // 1 point
    expect(isResponder(peg, T(peg), 10, 9.01)).toBe(false); // 0.99 point, 9.9 %
    expect(isResponder(peg, T(peg), 2, 1.4)).toBe(true); // 0.6 points = 30 % exactly
    expect(isResponder(peg, T(peg), 2, 1.41)).toBe(false); // 29.5 %
    expect(isResponder(psfs, T(psfs), 3, 5)).toBe(true);
    expect(isResponder(psfs, T(psfs), 3, 4.99)).toBe(false); // percent does not count on PSFS
    expect(isResponder(psfs, T(psfs), 5, 3)).toBe(false);
  });

  it('a custom clinic threshold replaces the default', () => {
    expect(isResponder(nrs, { points: 3, percent: null }, 8, 6)).toBe(false);
    expect(isResponder(nrs, { points: 3, percent: null }, 8, 5)).toBe(true);
  });

  it('finds a plateau only over 14 days, below the threshold, when not already good', () => {
    const s = (a: [string, number][]) => a.map(([d, score]) => ({ takenAt: `${d}T10:00:00Z`, score }));
    const flat = s([
      ['2027-01-01', 8],
      ['2027-01-08', 6],
      ['2027-01-15', 6],
      ['2027-01-22', 5.5],
    ]);
    expect(isPlateau(nrs, T(nrs), flat)).toBe(true); // 6 → 5.5 over 14 days
    expect(isPlateau(nrs, T(nrs), flat.slice(0, 3))).toBe(false); // 8 → 6: 2 points of progress
    const short = s([
      ['2027-01-01', 6],
      ['2027-01-08', 6],
      ['2027-01-14', 6],
    ]);
    expect(isPlateau(nrs, T(nrs), short)).toBe(false); // 13 days
    const good = s([
      ['2027-01-01', 1],
      ['2027-01-08', 1],
      ['2027-01-15', 1],
    ]);
    expect(isPlateau(nrs, T(nrs), good)).toBe(false); // already good
    const psfsFlat = s([
      ['2027-01-01', 5],
      ['2027-01-08', 6],
      ['2027-01-15', 6.5],
    ]);
    expect(isPlateau(psfs, T(psfs), psfsFlat)).toBe(true);
    expect(
      isPlateau(
        psfs,
        T(psfs),
        s([
          ['2027-01-01', 9],
          ['2027-01-08', 9],
          ['2027-01-15', 9],
        ]),
      ),
    ).toBe(false);
  });

  it('summarises a series: one score gives nulls', () => {
    const one = [{ takenAt: '2027-01-01T10:00:00Z', score: 7 }];
    expect(summarise(nrs, T(nrs), one)).toEqual({
      baseline: 7,
      latest: 7,
      change: null,
      responder: null,
      plateau: null,
    });
    const two = [...one, { takenAt: '2027-01-20T10:00:00Z', score: 4 }];
    expect(summarise(nrs, T(nrs), two)).toEqual({
      baseline: 7,
      latest: 4,
      change: { points: 3, percent: 42.9 },
      responder: true,
      plateau: false,
    });
  });
});

describe('Wilson interval and published figures', () => {
  it('matches hand-computed intervals', () => {
    // 8 of 10: centre (0.8 + 0.19208)/1.38415 = 0.71679, half 0.19999 → [0.4902, 0.9433]
    const [lo, hi] = wilson(8, 10)!;
    expect(lo).toBeCloseTo(0.4902, 4);
    expect(hi).toBeCloseTo(0.9433, 4);
    // 0 of 10: [0, 0.2775]
    expect(wilson(0, 10)![0]).toBe(0);
    expect(wilson(0, 10)![1]).toBeCloseTo(0.2775, 4);
    expect(wilson(10, 10)![1]).toBe(1);
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(3, 2)).toBeNull();
  });

  it('keeps the marketing claim marked as unsourced and every other figure sourced', () => {
    const claim = PUBLISHED.find((p) => p.kind === 'marketing-claim')!;
    expect(claim.value).toBe('70–85 %');
    expect(claim.source).toBeNull();
    expect(claim.note).toMatch(/Unsourced marketing figure/);
    for (const p of PUBLISHED.filter((x) => x.kind !== 'marketing-claim'))
      expect(p.source).toMatch(/https:\/\//);
    expect(PUBLISHED.find((p) => p.value.startsWith('1.38'))!.kind).toBe('response-ratio');
  });

  it('says the definition in words', () => {
    expect(definition(nrs, T(nrs), '2027-01-01', '2027-03-31')).toContain(
      'by at least 2 points or 30 % of the baseline',
    );
    expect(definition(psfs, T(psfs), null, null)).toContain('higher is better) by at least 2 points.');
  });
});

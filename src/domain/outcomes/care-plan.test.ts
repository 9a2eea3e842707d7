import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ACTIVITY_KINDS,
  CARE_PLAN_STATUSES,
  INSTRUMENTS,
  canMove,
  goalMet,
  pickAtPace,
  plannedVisits,
  remainingVisits,
  reviewDue,
  weeklyPace,
} from './index.ts';

describe('plan of care rules', () => {
  it('counts planned OMT visits as per week × weeks over OMT activities only', () => {
    expect(
      plannedVisits([
        { kind: 'omt', perWeek: 1, weeks: 6 },
        { kind: 'omt', perWeek: 2, weeks: 2 },
        { kind: 'exercise', perWeek: 7, weeks: 6 },
        { kind: 'education' },
      ]),
    ).toBe(10);
    expect(plannedVisits([])).toBe(0);
  });

  it('allows only the documented status changes; closed plans stay closed', () => {
    expect(canMove('active', 'on-hold')).toBe(true);
    expect(canMove('on-hold', 'active')).toBe(true);
    expect(canMove('draft', 'active')).toBe(false); // signing does that
    expect(canMove('draft', 'revoked')).toBe(true);
    expect(canMove('completed', 'active')).toBe(false);
    expect(canMove('revoked', 'draft')).toBe(false);
    for (const s of CARE_PLAN_STATUSES) expect(canMove(s, s)).toBe(true);
  });

  it('meets a goal by direction: PSFS at or above, pain at or below', () => {
    expect(goalMet(INSTRUMENTS.psfs, 7, 7)).toBe(true);
    expect(goalMet(INSTRUMENTS.psfs, 7, 6.99)).toBe(false);
    expect(goalMet(INSTRUMENTS.nrs, 3, 3)).toBe(true);
    expect(goalMet(INSTRUMENTS.nrs, 3, 4)).toBe(false);
    expect(goalMet(INSTRUMENTS.nrs, 3, null)).toBeNull();
  });

  it('flags review due after the review date or on a plateau, only for live plans', () => {
    const base = { status: 'active' as const, reviewDate: '2027-03-10', today: '2027-03-10', plateau: false };
    expect(reviewDue(base)).toEqual({ due: false, reasons: [] });
    expect(reviewDue({ ...base, today: '2027-03-11' })).toEqual({ due: true, reasons: ['review-date'] });
    expect(reviewDue({ ...base, plateau: true })).toEqual({ due: true, reasons: ['plateau'] });
    expect(reviewDue({ ...base, status: 'completed', plateau: true, today: '2028-01-01' }).due).toBe(false);
    expect(reviewDue({ ...base, status: 'draft', today: '2028-01-01' }).due).toBe(false);
  });

  it('planned visits are never negative and grow with every OMT activity added (property)', () => {
    const activity = fc.record({
      kind: fc.constantFrom(...ACTIVITY_KINDS),
      perWeek: fc.integer({ min: 1, max: 7 }),
      weeks: fc.integer({ min: 1, max: 52 }),
    });
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 8 }), activity, (list, extra) => {
        const before = plannedVisits(list);
        expect(before).toBeGreaterThanOrEqual(0);
        const after = plannedVisits([...list, extra]);
        expect(after - before).toBe(extra.kind === 'omt' ? extra.perWeek * extra.weeks : 0);
      }),
    );
  });
});

describe('booking the remaining visits', () => {
  it('remaining = planned − completed − booked, never below zero', () => {
    expect(remainingVisits({ planned: 6, completed: 2, booked: 1 })).toBe(3);
    expect(remainingVisits({ planned: 6, completed: 6, booked: 0 })).toBe(0);
    expect(remainingVisits({ planned: 4, completed: 3, booked: 3 })).toBe(0);
  });

  it('the weekly pace sums the OMT activities’ visits per week, at least one', () => {
    expect(
      weeklyPace([
        { kind: 'omt', perWeek: 2, weeks: 3 },
        { kind: 'exercise', perWeek: 7 },
      ]),
    ).toBe(2);
    expect(weeklyPace([{ kind: 'exercise', perWeek: 7 }])).toBe(1);
  });

  const day = (s: string) => s.slice(0, 10);
  const slots = (days: string[], hours = ['09', '14']) =>
    days.flatMap((d) => hours.map((h) => ({ start: `${d}T${h}:00:00Z` })));

  it('picks one visit a week at a weekly pace, the first free time on or after each week’s day', () => {
    const free = slots(['2027-03-15', '2027-03-16', '2027-03-22', '2027-03-29', '2027-03-30']);
    expect(
      pickAtPace(free, { count: 3, perWeek: 1, anchor: '2027-03-15', dayOf: day }).map((s) => s.start),
    ).toEqual(['2027-03-15T09:00:00Z', '2027-03-22T09:00:00Z', '2027-03-29T09:00:00Z']);
  });

  it('twice a week spaces visits 3–4 days apart, never two on one day', () => {
    const free = slots(['2027-03-15', '2027-03-16', '2027-03-18', '2027-03-19', '2027-03-22', '2027-03-25']);
    expect(
      pickAtPace(free, { count: 4, perWeek: 2, anchor: '2027-03-15', dayOf: day }).map((s) => s.start),
    ).toEqual([
      '2027-03-15T09:00:00Z',
      '2027-03-18T09:00:00Z',
      '2027-03-22T09:00:00Z',
      '2027-03-25T09:00:00Z',
    ]);
  });

  it('returns fewer when the free times run out, and none for a count of zero', () => {
    const free = slots(['2027-03-15']);
    expect(pickAtPace(free, { count: 3, perWeek: 1, anchor: '2027-03-15', dayOf: day })).toHaveLength(1);
    expect(pickAtPace(free, { count: 0, perWeek: 1, anchor: '2027-03-15', dayOf: day })).toEqual([]);
    expect(pickAtPace([], { count: 2, perWeek: 1, anchor: '2027-03-15', dayOf: day })).toEqual([]);
  });

  it('property: picks are in order, on distinct days, no earlier than their week’s day', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        (offsets, count, perWeek) => {
          const days = [...offsets]
            .sort((a, b) => a - b)
            .map((o) => new Date(Date.UTC(2027, 2, 1 + o)).toISOString().slice(0, 10));
          const picked = pickAtPace(slots(days), { count, perWeek, anchor: '2027-03-01', dayOf: day });
          expect(picked.length).toBeLessThanOrEqual(count);
          const pickedDays = picked.map((p) => day(p.start));
          expect(new Set(pickedDays).size).toBe(picked.length);
          expect([...pickedDays].sort()).toEqual(pickedDays);
          pickedDays.forEach((d, k) => {
            const earliest = new Date(Date.UTC(2027, 2, 1 + Math.floor((k * 7) / perWeek)))
              .toISOString()
              .slice(0, 10);
            expect(d >= earliest).toBe(true);
          });
        },
      ),
    );
  });
});

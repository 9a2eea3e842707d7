import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ACTIVITY_KINDS,
  CARE_PLAN_STATUSES,
  INSTRUMENTS,
  canMove,
  goalMet,
  plannedVisits,
  reviewDue,
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

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEDULE,
  inSendWindow,
  questionnaireDue,
  scheduleProblem,
  sendAt,
  type QuestionnaireSchedule,
} from './index.ts';

const DAY = 86_400_000;
const visit = new Date('2027-03-10T15:00:00Z');
const daysBefore = (d: number) => new Date(visit.getTime() - d * DAY);
const s = (over: Partial<QuestionnaireSchedule>): QuestionnaireSchedule => ({ ...DEFAULT_SCHEDULE, ...over });
const never = { lastAskedVisitStart: null, visitsSinceAsked: 0 };

describe('pre-visit questionnaire schedule', () => {
  it('defaults to NRS and PEG before every visit of patients with an active plan, 24 h ahead', () => {
    expect(DEFAULT_SCHEDULE).toEqual({
      enabled: true,
      instruments: ['nrs', 'peg'],
      rule: 'every-visit',
      every: null,
      leadHours: 24,
      audience: 'care-plan',
    });
  });

  it('every visit: due whatever was asked before', () => {
    const every = s({});
    expect(questionnaireDue(every, never, visit)).toBe(true);
    expect(questionnaireDue(every, { lastAskedVisitStart: daysBefore(1), visitsSinceAsked: 1 }, visit)).toBe(
      true,
    );
  });

  it('every 3 visits: the first visit, then the third after the last one asked', () => {
    const three = s({ rule: 'every-n-visits', every: 3 });
    expect(questionnaireDue(three, never, visit)).toBe(true);
    const since = (n: number) => ({ lastAskedVisitStart: daysBefore(20), visitsSinceAsked: n });
    expect([1, 2, 3, 4].map((n) => questionnaireDue(three, since(n), visit))).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('every 14 days: the first visit, then the first one at least 14 days after the last one asked', () => {
    const fortnight = s({ rule: 'every-n-days', every: 14 });
    expect(questionnaireDue(fortnight, never, visit)).toBe(true);
    const asked = (days: number) => ({ lastAskedVisitStart: daysBefore(days), visitsSinceAsked: 5 });
    expect(questionnaireDue(fortnight, asked(13.9), visit)).toBe(false);
    expect(questionnaireDue(fortnight, asked(14), visit)).toBe(true);
    expect(questionnaireDue(fortnight, asked(30), visit)).toBe(true);
  });

  it('asks nothing when switched off or with no instruments', () => {
    expect(questionnaireDue(s({ enabled: false }), never, visit)).toBe(false);
    expect(questionnaireDue(s({ instruments: [] }), never, visit)).toBe(false);
  });

  it('sends lead hours before the visit, and only until it starts', () => {
    const day = s({ leadHours: 24 });
    expect(sendAt(day, visit).toISOString()).toBe('2027-03-09T15:00:00.000Z');
    expect(inSendWindow(day, visit, new Date('2027-03-09T14:59:59Z'))).toBe(false);
    expect(inSendWindow(day, visit, new Date('2027-03-09T15:00:00Z'))).toBe(true);
    expect(inSendWindow(day, visit, new Date('2027-03-10T14:59:59Z'))).toBe(true);
    expect(inSendWindow(day, visit, visit)).toBe(false);
  });

  it('names the field of an unusable schedule', () => {
    const enabled = ['nrs', 'peg', 'psfs'];
    expect(scheduleProblem(s({}), enabled)).toBeNull();
    expect(scheduleProblem(s({ instruments: ['nrs', 'odi'] }), enabled)?.path).toBe('instruments/1');
    expect(scheduleProblem(s({ instruments: ['nrs', 'nrs'] }), enabled)?.path).toBe('instruments');
    expect(scheduleProblem(s({ instruments: [] }), enabled)?.path).toBe('instruments');
    expect(scheduleProblem(s({ enabled: false, instruments: [] }), enabled)).toBeNull();
    expect(scheduleProblem(s({ rule: 'every-n-days', every: null }), enabled)?.path).toBe('every');
    expect(scheduleProblem(s({ rule: 'every-visit', every: 3 }), enabled)?.path).toBe('every');
    expect(scheduleProblem(s({ rule: 'every-n-visits', every: 2 }), enabled)).toBeNull();
  });
});

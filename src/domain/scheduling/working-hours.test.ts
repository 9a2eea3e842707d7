import { describe, expect, it } from 'vitest';
import { localDays } from './wall-clock.ts';
import { compilePlan, gridStarts, workingIntervalsOn } from './working-hours.ts';

const NY = 'America/New_York';
const ms = (iso: string) => Date.parse(iso);

describe('compilePlan', () => {
  it('refuses a weekday outside 1..7 or not a whole number, and accepts Monday and Sunday', () => {
    const rule = (weekday: number) => [{ weekday, start: '09:00', end: '10:00' }] as never;
    expect(() => compilePlan(rule(0), [])).toThrow('Invalid weekday 0: use 1 (Monday) to 7 (Sunday)');
    expect(() => compilePlan(rule(8), [])).toThrow('Invalid weekday 8: use 1 (Monday) to 7 (Sunday)');
    expect(() => compilePlan(rule(1.5), [])).toThrow('Invalid weekday 1.5: use 1 (Monday) to 7 (Sunday)');
    expect(compilePlan(rule(1), []).weekly[1]).toEqual([{ start: 540, end: 600 }]);
    expect(compilePlan(rule(7), []).weekly[7]).toEqual([{ start: 540, end: 600 }]);
  });

  it('refuses an empty working interval (start equal to end)', () => {
    expect(() => compilePlan([{ weekday: 1, start: '09:00', end: '09:00' }], [])).toThrow(
      'Working interval 09:00–09:00 must end after it starts',
    );
  });
});

describe('workingIntervalsOn / gridStarts', () => {
  // New York springs forward on Sunday 2027-03-14: 02:00 EST becomes 03:00 EDT (07:00Z).
  // Built inside each test, so mutation testing's per-test coverage sees the tests run it.
  const fixture = () => {
    const plan = compilePlan(
      [{ weekday: 1, start: '09:00', end: '10:00' }],
      [
        {
          date: '2027-03-14',
          intervals: [
            { start: '09:00', end: '12:00' },
            { start: '01:00', end: '04:00' },
          ],
        },
      ],
    );
    const [sunday, monday] = [...localDays('2027-03-14', '2027-03-15', NY)];
    return { plan, sunday: sunday!, monday: monday! };
  };

  it('places intervals in real time and marks only those without a clock change as uniform', () => {
    const { plan, sunday, monday } = fixture();
    expect(workingIntervalsOn(plan, sunday, NY)).toEqual([
      // 01:00 EST = 06:00Z to 04:00 EDT = 08:00Z: three wall-clock hours, two real ones.
      {
        date: '2027-03-14',
        startMinute: 60,
        endMinute: 240,
        start: ms('2027-03-14T06:00Z'),
        end: ms('2027-03-14T08:00Z'),
        uniform: false,
      },
      // On the same (23-hour) day, 09:00–12:00 EDT has no change inside.
      {
        date: '2027-03-14',
        startMinute: 540,
        endMinute: 720,
        start: ms('2027-03-14T13:00Z'),
        end: ms('2027-03-14T16:00Z'),
        uniform: true,
      },
    ]);
    expect(workingIntervalsOn(plan, monday, NY)).toEqual([
      {
        date: '2027-03-15',
        startMinute: 540,
        endMinute: 600,
        start: ms('2027-03-15T13:00Z'),
        end: ms('2027-03-15T14:00Z'),
        uniform: true,
      },
    ]);
  });

  it('steps from the interval start, stops before its end, and skips wall times in the gap', () => {
    const { plan, sunday, monday } = fixture();
    const [gapped, morning] = workingIntervalsOn(plan, sunday, NY);
    // 01:00, 01:30 EST; 02:00 and 02:30 do not exist; 03:00, 03:30 EDT. 04:00 is the end, not a start.
    expect(gridStarts(gapped!, 30, NY)).toEqual([
      ms('2027-03-14T06:00Z'),
      ms('2027-03-14T06:30Z'),
      ms('2027-03-14T07:00Z'),
      ms('2027-03-14T07:30Z'),
    ]);
    expect(gridStarts(morning!, 90, NY)).toEqual([ms('2027-03-14T13:00Z'), ms('2027-03-14T14:30Z')]);
    const [mondayMorning] = workingIntervalsOn(plan, monday, NY);
    expect(gridStarts(mondayMorning!, 30, NY)).toEqual([ms('2027-03-15T13:00Z'), ms('2027-03-15T13:30Z')]);
  });
});

import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatWallTime, generateSlots, isSlotAvailable, nextAvailable } from './index.ts';
import { PROCESS_TIME_ZONES, underProcessTimeZone } from './test-helpers.ts';
import type {
  AppointmentTypeRules,
  Busy,
  DateOverride,
  Interval,
  SlotSearchInput,
  WeeklyRule,
} from './types.ts';

const MIN = 60_000;
const STEP = 5 * MIN; // every boundary in these scenarios lies on a 5-minute lattice of real time

/** Zones and dates where their clocks change in 2027 (Kathmandu and UTC never change). */
const ANCHORS: [string, string][] = [
  ['America/New_York', '2027-03-14'],
  ['America/New_York', '2027-11-07'],
  ['Australia/Sydney', '2027-04-04'],
  ['Australia/Sydney', '2027-10-03'],
  ['Europe/Berlin', '2027-03-28'],
  ['Europe/Berlin', '2027-10-31'],
  ['Australia/Lord_Howe', '2027-04-04'],
  ['Australia/Lord_Howe', '2027-10-03'],
  ['Asia/Kathmandu', '2027-06-14'],
  ['UTC', '2027-06-14'],
];

type Range = [number, number];

/** Disjoint, non-touching wall-clock ranges on a 15-minute grid (merging is unit-tested). */
const rangesArb: fc.Arbitrary<Range[]> = fc
  // Half the boundaries fall between 00:00 and 05:00, where the clocks change.
  .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 96 })), { maxLength: 4 })
  .map((points) => {
    const sorted = points.sort((a, b) => a - b).map((p) => p * 15);
    return Array.from({ length: Math.floor(sorted.length / 2) }, (_, i): Range => [
      sorted[2 * i]!,
      sorted[2 * i + 1]!,
    ]);
  });
const toWall = ([start, end]: Range) => ({ start: formatWallTime(start), end: formatWallTime(end) });
const fives = (min: number, max: number) => fc.integer({ min: min / 5, max: max / 5 }).map((n) => n * 5);

const typeArb: fc.Arbitrary<AppointmentTypeRules> = fc.record({
  durationMinutes: fc.constantFrom(15, 30, 45, 60, 90),
  bufferBeforeMinutes: fc.constantFrom(0, 0, 5, 10, 15, 30),
  bufferAfterMinutes: fc.constantFrom(0, 0, 5, 10, 15, 30),
  slotIntervalMinutes: fc.constantFrom(5, 10, 15, 20, 30, 60),
  minNoticeMinutes: fives(0, 600),
  horizonDays: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(60)),
});

const scenarioArb: fc.Arbitrary<SlotSearchInput> = fc
  .record({
    anchor: fc.constantFrom(...ANCHORS),
    weekly: fc.array(rangesArb, { minLength: 7, maxLength: 7 }),
    override: fc.option(fc.record({ dayShift: fc.integer({ min: -1, max: 1 }), ranges: rangesArb })),
    type: typeArb,
    fromMinute: fc.integer({ min: -18 * 60, max: 30 * 60 }),
    fromJitterMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MIN - 1 })),
    lengthMinutes: fc.integer({ min: 60, max: 3 * 1440 }),
    nowMinute: fc.integer({ min: -3 * 1440, max: 1440 }),
    busy: fc.array(
      fc.record({
        at: fives(-180, 3 * 1440),
        length: fives(5, 120),
        before: fives(0, 30),
        after: fives(0, 30),
      }),
      { maxLength: 6 },
    ),
    off: fc.array(fc.record({ at: fives(-180, 3 * 1440), length: fives(5, 240) }), { maxLength: 3 }),
  })
  .map((s) => {
    const [timeZone, date] = s.anchor;
    const from = Date.parse(`${date}T00:00:00Z`) + s.fromMinute * MIN + s.fromJitterMs;
    const rules: WeeklyRule[] = s.weekly.flatMap((ranges, i) =>
      ranges.map((range) => ({ weekday: (i + 1) as WeeklyRule['weekday'], ...toWall(range) })),
    );
    const overrides: DateOverride[] = s.override
      ? [
          {
            date: DateTime.fromISO(date).plus({ days: s.override.dayShift }).toISODate()!,
            intervals: s.override.ranges.map(toWall),
          },
        ]
      : [];
    const busy: Busy[] = s.busy.map((b) => ({
      start: new Date(from - (from % STEP) + b.at * MIN),
      end: new Date(from - (from % STEP) + (b.at + b.length) * MIN),
      bufferBeforeMinutes: b.before,
      bufferAfterMinutes: b.after,
    }));
    const off: Interval[] = s.off.map((o) => ({
      start: new Date(from - (from % STEP) + o.at * MIN),
      end: new Date(from - (from % STEP) + (o.at + o.length) * MIN),
    }));
    return {
      timeZone,
      rules,
      overrides,
      busy,
      timeOff: off.slice(0, 1),
      closures: off.slice(1),
      type: s.type,
      now: new Date(from + s.nowMinute * MIN),
      from: new Date(from),
      to: new Date(from + s.lengthMinutes * MIN),
    };
  });

/** One night around a clock change, worked through: the gap or the repeat is always in play. */
const transitionNightArb: fc.Arbitrary<SlotSearchInput> = fc
  .record({
    anchor: fc.constantFrom(...ANCHORS),
    start: fc.integer({ min: 0, max: 10 }),
    end: fc.integer({ min: 11, max: 28 }),
    type: typeArb,
  })
  .map(({ anchor: [timeZone, date], start, end, type }) => {
    const midnightUtc = Date.parse(`${date}T00:00:00Z`);
    return {
      timeZone,
      rules: [],
      overrides: [{ date, intervals: [toWall([start * 15, end * 15])] }],
      busy: [],
      timeOff: [],
      closures: [],
      type: { ...type, minNoticeMinutes: 0, horizonDays: 60 },
      now: new Date(midnightUtc - 3 * 86_400_000),
      // Covers the whole anchor date in every zone used (UTC-5 … UTC+11).
      from: new Date(midnightUtc - 18 * 3_600_000),
      to: new Date(midnightUtc + 36 * 3_600_000),
    };
  });

/**
 * The wall clock of `zone`, sampled every 5 minutes around the window, answering "the first
 * instant the clock shows (date, minute) or later" and "the first instant it shows exactly that".
 * Built only from luxon's instant → wall-clock conversion, unlike the engine.
 */
function wallClock(input: SlotSearchInput) {
  const first = input.from.getTime() - (input.from.getTime() % STEP) - 2 * 1440 * MIN;
  const last = input.to.getTime() + 2 * 1440 * MIN;
  const instants: number[] = [];
  const runningMax: string[] = [];
  const exact = new Map<string, number>();
  for (let t = first; t <= last; t += STEP) {
    const key = DateTime.fromMillis(t, { zone: input.timeZone }).toFormat('yyyy-MM-dd HH:mm');
    instants.push(t);
    runningMax.push(runningMax.length && runningMax.at(-1)! > key ? runningMax.at(-1)! : key);
    if (!exact.has(key)) exact.set(key, t);
  }
  const keyOf = (date: string, minute: number) =>
    minute === 1440
      ? `${DateTime.fromISO(date).plus({ days: 1 }).toISODate()} 00:00`
      : `${date} ${formatWallTime(minute)}`;
  return {
    firstAtOrAfter(date: string, minute: number): number {
      const key = keyOf(date, minute);
      let lo = 0;
      let hi = runningMax.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (runningMax[mid]! >= key) hi = mid;
        else lo = mid + 1;
      }
      return instants[lo]!;
    },
    firstShowing: (date: string, minute: number) => exact.get(keyOf(date, minute)),
    datesIn: (from: number, to: number) => [
      ...new Set(
        instants
          .filter((t) => t >= from - STEP && t < to)
          .map((t) => DateTime.fromMillis(t, { zone: input.timeZone }).toISODate()!),
      ),
    ],
  };
}

function rangesOn(input: SlotSearchInput, date: string): Range[] {
  const override = input.overrides.find((o) => o.date === date);
  const wall = (hhmm: string) =>
    hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const intervals = override
    ? override.intervals
    : input.rules.filter((r) => r.weekday === DateTime.fromISO(date).weekday);
  return intervals.map((i): Range => [wall(i.start), wall(i.end)]);
}

/** [start - before, end + after) of a slot of `type`. */
const footprint = (type: AppointmentTypeRules, start: number): Range => [
  start - type.bufferBeforeMinutes * MIN,
  start + (type.durationMinutes + type.bufferAfterMinutes) * MIN,
];
const overlaps = (a: Range, b: Range) => a[0] < b[1] && b[0] < a[1];
const blocked = (input: SlotSearchInput): Range[] => [
  ...input.busy.map((b): Range => [
    b.start.getTime() - b.bufferBeforeMinutes * MIN,
    b.end.getTime() + b.bufferAfterMinutes * MIN,
  ]),
  ...[...input.timeOff, ...input.closures].map((i): Range => [i.start.getTime(), i.end.getTime()]),
];
const horizonEnd = (input: SlotSearchInput) =>
  DateTime.fromJSDate(input.now, { zone: input.timeZone }).plus({ days: input.type.horizonDays }).toMillis();

/** Brute force: every grid wall-clock time of every range, placed by scanning the clock. */
function referenceStarts(input: SlotSearchInput): number[] {
  const clock = wallClock(input);
  const { type } = input;
  const from = input.from.getTime();
  const to = input.to.getTime();
  const found = new Set<number>();
  for (const date of clock.datesIn(from, to)) {
    for (const [s, e] of rangesOn(input, date)) {
      const open = clock.firstAtOrAfter(date, s);
      const close = clock.firstAtOrAfter(date, e);
      for (let minute = s; minute < e; minute += type.slotIntervalMinutes) {
        const t = clock.firstShowing(date, minute);
        if (t === undefined) continue; // the clock skips this time
        const [fpStart, fpEnd] = footprint(type, t);
        const ok =
          fpStart >= open &&
          fpEnd <= close &&
          t >= from &&
          t < to &&
          t >= input.now.getTime() + type.minNoticeMinutes * MIN &&
          t < horizonEnd(input) &&
          !blocked(input).some((b) => overlaps(b, [fpStart, fpEnd]));
        if (ok) found.add(t);
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

const startsOf = (input: SlotSearchInput) => generateSlots(input).map((s) => s.start.getTime());
const RUNS = { numRuns: 60 };

describe('generateSlots properties (DST-heavy zones and dates)', () => {
  it('offers exactly the slots of a brute-force scan of the wall clock', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        expect(startsOf(input)).toEqual(referenceStarts(input));
      }),
      RUNS,
    );
  });

  it('offers exactly the brute-force slots on nights when the clocks change', () => {
    fc.assert(
      fc.property(transitionNightArb, (input) => {
        expect(startsOf(input)).toEqual(referenceStarts(input));
      }),
      { numRuns: 120 },
    );
  });

  it('gives every slot exactly the type duration, sorted and unique', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const slots = generateSlots(input);
        for (const slot of slots)
          expect(slot.end.getTime() - slot.start.getTime()).toBe(input.type.durationMinutes * MIN);
        const at = slots.map((s) => s.start.getTime());
        expect(at.every((t, i) => i === 0 || t > at[i - 1]!)).toBe(true);
      }),
      RUNS,
    );
  });

  it('keeps every footprint inside one working interval (buffers included)', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const clock = wallClock(input);
        for (const start of startsOf(input)) {
          const date = DateTime.fromMillis(start, { zone: input.timeZone }).toISODate()!;
          const [fpStart, fpEnd] = footprint(input.type, start);
          const inside = rangesOn(input, date).some(
            ([s, e]) => fpStart >= clock.firstAtOrAfter(date, s) && fpEnd <= clock.firstAtOrAfter(date, e),
          );
          expect(inside).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never overlaps a busy appointment with its buffers, time off or a closure', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        for (const start of startsOf(input)) {
          expect(blocked(input).filter((b) => overlaps(b, footprint(input.type, start)))).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('aligns every start to the interval grid in local wall-clock time, at its first occurrence', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        for (const start of startsOf(input)) {
          const local = DateTime.fromMillis(start, { zone: input.timeZone });
          const minute = local.hour * 60 + local.minute;
          const onGrid = rangesOn(input, local.toISODate()!).some(
            ([s, e]) => minute >= s && minute < e && (minute - s) % input.type.slotIntervalMinutes === 0,
          );
          expect(onGrid).toBe(true);
          const occurrences = local.getPossibleOffsets().map((o) => o.toMillis());
          expect(Math.min(...occurrences)).toBe(start);
        }
      }),
      RUNS,
    );
  });

  it('respects the window, minimum notice and horizon', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const earliest = Math.max(
          input.from.getTime(),
          input.now.getTime() + input.type.minNoticeMinutes * MIN,
        );
        const latest = Math.min(input.to.getTime(), horizonEnd(input));
        for (const start of startsOf(input)) {
          expect(start).toBeGreaterThanOrEqual(earliest);
          expect(start).toBeLessThan(latest);
        }
      }),
      RUNS,
    );
  });

  it('agrees with isSlotAvailable on every slot and on probes of the window', () => {
    fc.assert(
      fc.property(
        fc.oneof(scenarioArb, transitionNightArb),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 20 }),
        (input, fractions) => {
          const from = input.from.getTime();
          const span = input.to.getTime() - from;
          const offered = new Set(startsOf(input));
          // Around ~30 of the offered starts (all of them in small windows), plus random probes.
          const every = Math.ceil(offered.size / 30);
          const sampled = [...offered].filter((_, i) => i % every === 0);
          const nearby = sampled.flatMap((t) => [t - STEP, t, t + STEP, t + 1000]);
          const lattice = fractions.map((f) => from - (from % STEP) + Math.floor((f * span) / STEP) * STEP);
          const probes = [...nearby, ...lattice, ...fractions.map((f) => from + Math.floor(f * span))];
          for (const probe of probes.filter((t) => t >= from && t < from + span)) {
            const check = isSlotAvailable(input, new Date(probe));
            expect({ probe: new Date(probe).toISOString(), ok: check.ok }).toEqual({
              probe: new Date(probe).toISOString(),
              ok: offered.has(probe),
            });
            if (check.ok) expect(check.slot.end.getTime() - probe).toBe(input.type.durationMinutes * MIN);
          }
        },
      ),
      RUNS,
    );
  });

  it('nextAvailable is the first generated slot', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        expect(nextAvailable(input)).toEqual(generateSlots(input)[0] ?? null);
      }),
      RUNS,
    );
  });

  it('finds slots in a meaningful share of scenarios (the generators are not vacuous)', () => {
    const samples = fc.sample(scenarioArb, { numRuns: 200, seed: 42 });
    const withSlots = samples.filter((input) => generateSlots(input).length > 0).length;
    expect(withSlots).toBeGreaterThan(40);
  });
});

describe.each(PROCESS_TIME_ZONES)('the same answers under process TZ=%s', (processZone, julyOffset) => {
  underProcessTimeZone(processZone, julyOffset);

  it('matches the brute-force reference', () => {
    expect(new Date('2027-07-01T00:00:00Z').getTimezoneOffset()).toBe(julyOffset);
    fc.assert(
      fc.property(scenarioArb, (input) => {
        expect(startsOf(input)).toEqual(referenceStarts(input));
      }),
      {
        numRuns: 15,
      },
    );
  });
});

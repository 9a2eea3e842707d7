import type { Deps } from '../../platform/deps.ts';
import { generateSlots, nextAvailable, type Interval } from '../../../domain/scheduling/index.ts';
import * as store from './store.ts';

/** How far ahead the next free start is looked for: two availability windows (31 days each). */
const HORIZON_MS = 2 * 31 * 86_400_000;
/** The first, short look: the next three days. */
const FIRST_LOOK_MS = 3 * 86_400_000;

export interface NextFree {
  appointmentType: string;
  name: string;
  durationMinutes: number;
  /** The next bookable starts, earliest first (at most `perType`). */
  starts: string[];
}

/**
 * The next bookable starts of a practitioner for each appointment type a patient may book online,
 * exactly as a signed-out caller of `GET /api/v1/availability` sees them (same engine, same
 * minimum notice and horizon), computed now and never stored. Empty when nothing is bookable.
 */
export async function nextFreeStarts(
  deps: Deps,
  practitionerId: string,
  now: Date,
  perType = 1,
): Promise<NextFree[]> {
  return (await nextFreeOfMany(deps, [practitionerId], now, perType)).get(practitionerId) ?? [];
}

/**
 * `nextFreeStarts` of several practitioners (a page of directory results) in one statement, two
 * when some have nothing in the next three days: a short first look loads three days of each
 * schedule, and only the practitioners it finds too little for are loaded again for the whole
 * horizon (two availability windows from now). The starts are those `GET /availability` lists over
 * those windows, from the same engine: the slots whose start lies in the range, earliest first.
 * An inactive practitioner is absent from the answer.
 */
export async function nextFreeOfMany(
  deps: Deps,
  practitionerIds: readonly string[],
  now: Date,
  perType = 1,
): Promise<Map<string, NextFree[]>> {
  const out = new Map<string, NextFree[]>();
  const firstLook = { start: now, end: new Date(now.getTime() + FIRST_LOOK_MS) };
  const short = await store.loadOnlineSchedules(deps.db, [...new Set(practitionerIds)], firstLook);
  const again: string[] = [];
  for (const [id, s] of short) {
    const next = startsOf(s, firstLook, now, perType);
    out.set(id, next);
    if (next.some((n) => n.starts.length < perType)) again.push(id);
  }
  if (again.length) {
    const horizon = { start: now, end: new Date(now.getTime() + HORIZON_MS) };
    for (const [id, s] of await store.loadOnlineSchedules(deps.db, again, horizon))
      out.set(id, startsOf(s, horizon, now, perType));
  }
  return out;
}

function startsOf(s: store.OnlineSchedule, window: Interval, now: Date, perType: number): NextFree[] {
  return s.types.map((type) => {
    const input = { ...store.scheduleOf(s.parts, s.timeZone, type, now), from: window.start, to: window.end };
    const starts =
      perType === 1
        ? [nextAvailable(input)].flatMap((slot) => (slot ? [slot.start.toISOString()] : []))
        : generateSlots(input)
            .slice(0, perType)
            .map((slot) => slot.start.toISOString());
    return { appointmentType: type.code, name: type.name, durationMinutes: type.durationMinutes, starts };
  });
}

/** The earliest of the next starts (null: nothing bookable online in the next two windows). */
export function earliest(next: readonly NextFree[]): string | null {
  let best: string | null = null;
  for (const n of next) {
    const s = n.starts[0];
    if (s && (!best || Date.parse(s) < Date.parse(best))) best = s;
  }
  return best;
}

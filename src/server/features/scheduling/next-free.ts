import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { HttpError } from '../../platform/errors.ts';
import { availability } from './service.ts';
import * as store from './store.ts';

/** How far ahead the next free start is looked for: two availability windows (31 days each). */
const WINDOWS = 2;
const WINDOW_MS = 31 * 86_400_000;
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
  p: { id: string; clinicId: string },
  now: Date,
  perType = 1,
): Promise<NextFree[]> {
  const types = await store.listTypes(deps.db, { clinicId: p.clinicId, onlineOnly: true });
  const anonymous: RequestContext = {
    requestId: 'directory',
    user: null,
    via: 'anonymous',
    ip: '',
    userAgent: '',
    now,
  };
  const out: NextFree[] = [];
  const startsIn = async (code: string, from: Date, to: Date, want: number) => {
    const res = await availability(deps, anonymous, {
      practitionerId: p.id,
      appointmentType: code,
      from: from.toISOString(),
      to: to.toISOString(),
    });
    return res.slots.slice(0, want).map((s) => s.start);
  };
  for (const type of types) {
    let starts: string[] = [];
    try {
      // A short first look answers for a practitioner with free time soon, without computing a
      // month of slots. It begins now, like the first window, so its starts are the earliest
      // there are: a slot straddling its end would start after any slot that fits before it.
      starts = await startsIn(type.code, now, new Date(now.getTime() + FIRST_LOOK_MS), perType);
      if (starts.length < perType) {
        starts = [];
        for (let w = 0; w < WINDOWS && starts.length < perType; w++) {
          const from = new Date(now.getTime() + w * WINDOW_MS);
          const to = new Date(from.getTime() + WINDOW_MS);
          starts.push(...(await startsIn(type.code, from, to, perType - starts.length)));
        }
      }
    } catch (err) {
      // An inactive practitioner or type is simply not bookable.
      if (!(err instanceof HttpError && err.status === 404)) throw err;
    }
    out.push({ appointmentType: type.code, name: type.name, durationMinutes: type.durationMinutes, starts });
  }
  return out;
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

import type { Deps } from '../../platform/deps.ts';
import type { SignedInContext } from '../../platform/route.ts';
import { badRequest } from '../../platform/errors.ts';
import { PUBLISHED, definition, isResponder, round4, wilson } from '../../../domain/outcomes/index.ts';
import type { OutcomeReport } from '../../../contracts/outcomes.ts';
import { clinicInstrument } from './service.ts';
import * as store from './store.ts';

/**
 * The clinic's responder rate on one instrument (api.md): patients of the clinic with a baseline
 * and at least one later score in the period, responders by the clinic's thresholds, the Wilson
 * 95 % interval, and the published figures beside it (never in place of it).
 */
export async function outcomeReport(
  deps: Deps,
  ctx: SignedInContext,
  q: { instrument: string; from?: string | undefined; to?: string | undefined },
): Promise<OutcomeReport> {
  const from = q.from ?? null;
  const to = q.to ?? null;
  if (from && to && to < from)
    throw badRequest('The period ends before it starts.', [
      { path: 'to', message: 'Must not be before from' },
    ]);
  const clinicId = ctx.user.clinicId;
  return ctx.work(async (tx, entry) => {
    const c = await clinicInstrument(tx, clinicId, q.instrument);
    // Over all time the trigger-kept summary answers; a period needs the scores in it.
    const pairs =
      from === null && to === null
        ? await store.firstAndLastAllTime(tx, clinicId, c.instrument.id)
        : await store.firstAndLast(
            tx,
            clinicId,
            c.instrument.id,
            await store.clinicTimeZone(tx, clinicId),
            from,
            to,
          );
    let responders = 0;
    let n = 0;
    for (const p of pairs) {
      n += p.patients;
      if (isResponder(c.instrument, c.threshold, p.first, p.last)) responders += p.patients;
    }
    const ci = wilson(responders, n);
    entry.details = { instrument: c.instrument.id, from, to, patients: n };
    return {
      instrument: c.instrument.id,
      from,
      to,
      patients: n,
      responders,
      rate: n ? round4(responders / n) : null,
      ci95: ci ? [round4(ci[0]), round4(ci[1])] : null,
      definition: definition(c.instrument, c.threshold, from, to),
      threshold: c.threshold,
      published: PUBLISHED.map((p) => ({ ...p })),
    };
  });
}

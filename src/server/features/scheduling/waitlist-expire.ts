import { randomUUID } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { bookingTx } from './common.ts';
import { closeOffer } from './waitlist-offer.ts';
import * as waitlistStore from './waitlist-store.ts';

/** The job runner's identity in audit entries: no user, the clinic given explicitly. */
export function systemContext(now: Date, label = 'jobs'): RequestContext {
  return {
    requestId: `${label}:${randomUUID()}`,
    user: null,
    via: 'anonymous',
    ip: '127.0.0.1',
    userAgent: `stillpoint ${label}`,
    now,
  };
}

/**
 * The job runner's part: offers whose hold has run out are released and passed on. Each offer is
 * handled in its own short transaction, claimed with SKIP LOCKED so app instances share the work.
 */
export async function expireHolds(
  deps: Pick<Deps, 'db'> & { log: Pick<Deps['log'], 'warn'> },
  opts: { now: Date; clinicId?: string; limit?: number },
): Promise<number> {
  let done = 0;
  const limit = opts.limit ?? 100;
  while (done < limit) {
    // bookingTx: releasing a hold re-offers the time under the schedule lock; a deadlock or
    // serialization failure is retried, never a failed pass.
    const handled = await bookingTx(deps, async (tx) => {
      const offer = await waitlistStore.claimExpiredOffer(tx, opts.now, opts.clinicId);
      if (!offer) return false;
      await closeOffer(tx, systemContext(opts.now), offer, 'expired', 'waiting');
      return true;
    });
    if (!handled) break;
    done++;
  }
  return done;
}

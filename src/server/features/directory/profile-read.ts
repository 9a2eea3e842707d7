import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import { earliest, nextFreeStarts } from '../scheduling/index.ts';
import * as store from './store.ts';
import { bookable, resultView } from './view.ts';
import { publicReview } from './reviews.ts';

/** How many next starts the profile shows per appointment type. */
const SLOTS_PER_TYPE = 6;

/**
 * A listing that is not (or no longer) public. Not recorded as a refused attempt: the directory is
 * public, so a stale link is not an access attempt on anyone's data (and anonymous misses would
 * otherwise fill the audit trail).
 */
const missing = () =>
  new HttpError(404, 'Not found', 'No such practitioner in the directory: search again from the directory.', {
    type: problemType('not-found'),
  });

async function published(deps: Deps, id: string) {
  const row = await store.findPublished(deps.db, id);
  if (!row) throw missing();
  return row;
}

/** `GET /api/v1/directory/practitioners/{id}`: the listing, its next starts per type, its review summary. */
export async function readProfile(deps: Deps, ctx: RequestContext, id: string) {
  const row = await published(deps, id);
  const slots = bookable(row) ? await nextFreeStarts(deps, row.practitionerId!, ctx.now, SLOTS_PER_TYPE) : [];
  const reviews = row.practitionerId
    ? await store.reviewSummary(deps.db, row.practitionerId)
    : { count: 0, average: null };
  return { ...resultView(row, earliest(slots)), slots, reviews };
}

/** `GET /api/v1/directory/practitioners/{id}/reviews`: visible reviews, newest first, no names. */
export async function readReviews(deps: Deps, id: string) {
  const row = await published(deps, id);
  const rows = row.practitionerId ? await store.publicReviews(deps.db, row.practitionerId) : [];
  return { results: rows.map(publicReview) };
}

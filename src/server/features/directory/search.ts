import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { badRequest } from '../../platform/errors.ts';
import { AREA_CONDITIONS, type AreaId } from '../../../domain/directory/vocabulary.ts';
import type { DirectorySearchQuery } from '../../../contracts/directory.ts';
import { earliest, nextFreeOfMany } from '../scheduling/index.ts';
import { decodeCursor, encodeCursor, type Cursor, type Sort } from './cursor.ts';
import { zipCentroid } from './geo.ts';
import * as store from './store.ts';
import { bookable, resultView } from './view.ts';

const DEFAULT_LIMIT = 20;
const DEFAULT_RADIUS_KM = 50;
/** Sorting by soonest (or filtering by availability) computes slots for at most this many bookable listings. */
const MAX_BOOKABLE = 500;

const bool = (v: 'true' | 'false' | undefined) => (v === undefined ? null : v === 'true');

function originOf(q: DirectorySearchQuery) {
  if (q.near) return { lat: q.near[0], lng: q.near[1], zip: null as string | null };
  if (!q.zip) return null;
  const place = zipCentroid(q.zip);
  if (!place)
    throw badRequest(`ZIP code ${q.zip} is not one we know: check it, or search by city name instead.`, [
      { path: 'query/zip', message: 'Unknown ZIP code' },
    ]);
  return { lat: place.lat, lng: place.lng, zip: place.zip, city: place.city, state: place.state };
}

function filtersOf(
  q: DirectorySearchQuery,
  origin: { lat: number; lng: number } | null,
): store.SearchFilters {
  const conditions = [
    ...(q.condition ? [q.condition] : []),
    ...(q.area ? AREA_CONDITIONS[q.area as AreaId] : []),
  ];
  return {
    origin: origin ? { lat: origin.lat, lng: origin.lng } : null,
    radiusKm: origin ? (q.radiusKm ?? DEFAULT_RADIUS_KM) : null,
    q: q.q ? q.q : null,
    technique: q.technique ?? null,
    insurance: q.insurance ?? null,
    language: q.language ?? null,
    conditions: conditions.length ? conditions : null,
    acceptingNewPatients: bool(q.acceptingNewPatients),
    boardCertified: bool(q.boardCertified),
    telehealth: bool(q.telehealth),
    kind: null,
  };
}

type Row = store.SearchRow & { next: string | null };

/**
 * The rows with their next free start from the booking engine, now (null for registry listings):
 * the bookable ones of the page in one go (one statement, two when some have nothing soon).
 */
async function withNext(deps: Deps, rows: readonly store.SearchRow[], now: Date): Promise<Row[]> {
  const ids = rows.filter(bookable).map((r) => r.practitionerId!);
  const next = await nextFreeOfMany(deps, ids, now);
  return rows.map((r) => ({
    ...r,
    next: bookable(r) ? earliest(next.get(r.practitionerId!) ?? []) : null,
  }));
}

/**
 * `GET /api/v1/directory/practitioners`: filters in SQL (trigram, earth distance, array
 * containment, all index-backed), keyset pages, and `nextAvailable` from the slot engine for the
 * rows of the page only. Sorting by soonest, or keeping only practitioners free within N days,
 * needs the slots of every matching bookable practitioner (a clinic's few, never the registry's):
 * those are ranked in memory (phase 1), then — for `soonest` — the other listings follow (phase 2).
 * The listings come from the read replica when one is configured (public, may be a moment stale);
 * the slots from the primary, which books them.
 */
export async function searchDirectory(deps: Deps, ctx: RequestContext, q: DirectorySearchQuery) {
  const origin = originOf(q);
  const filters = filtersOf(q, origin);
  const sort = (q.sort ?? (origin ? 'distance' : 'name')) as Sort;
  const order = sort === 'name' || !origin ? 'name' : 'distance';
  const limit = q.limit ?? DEFAULT_LIMIT;
  const cursor = decodeCursor(q.cursor, sort);
  let rows: Row[];
  if (sort === 'soonest' || q.availableWithinDays) {
    rows = await rankedByAvailability(
      deps,
      ctx.now,
      filters,
      q.availableWithinDays ?? null,
      sort,
      order,
      cursor,
      limit + 1,
    );
  } else {
    const page = await store.searchEntries(deps.replica, filters, afterOf(cursor, order), limit + 1, order);
    rows = await withNext(deps, page.slice(0, limit), ctx.now);
    if (page.length > limit) rows.push({ ...page[limit]!, next: null });
  }
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(cursorOf(last, sort, order)) : null;
  return {
    results: shown.map((r) => resultView(r, r.next)),
    nextCursor,
    ...(origin ? { origin: { ...origin, radiusKm: filters.radiusKm } } : {}),
  };
}

function afterOf(c: Cursor | null, order: 'distance' | 'name'): store.After | null {
  if (!c || (c.s === 'soonest' && c.p === 1)) return null;
  if (order === 'distance' && typeof c.v === 'number') return { by: 'distance', value: c.v, id: c.id };
  if (order === 'name' && typeof c.v === 'string') return { by: 'name', value: c.v, id: c.id };
  throw badRequest('The cursor is not one this search gave out: start again from the first page.', [
    { path: 'query/cursor', message: 'Malformed cursor: use the nextCursor of the previous page' },
  ]);
}

function cursorOf(r: Row & { phase?: 1 | 2 }, sort: Sort, order: 'distance' | 'name'): Cursor {
  // Phase 1 rows were ranked in memory: their rank is the position. Phase 2 rows (and every row of
  // a plain search) come from SQL in keyset order: chord distance or name.
  if (r.phase === 1) return { s: sort, p: 1, v: rankOf(r, sort, order), id: r.id };
  return { s: sort, p: 2, v: order === 'distance' ? r.chord! : r.name, id: r.id };
}

/** Rank key of a phase-1 row: the next free start (none last), or the distance or name order. */
function rankOf(r: Row, sort: Sort, order: 'distance' | 'name'): number | string {
  if (sort === 'soonest') return r.next ? Date.parse(r.next) : Number.MAX_SAFE_INTEGER;
  return order === 'distance' ? r.distanceKm! : r.name;
}

const compare = (a: [number | string, string], b: [number | string, string]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

async function rankedByAvailability(
  deps: Deps,
  now: Date,
  filters: store.SearchFilters,
  withinDays: number | null,
  sort: Sort,
  order: 'distance' | 'name',
  cursor: Cursor | null,
  want: number,
): Promise<(Row & { phase: 1 | 2 })[]> {
  const out: (Row & { phase: 1 | 2 })[] = [];
  if (!cursor || cursor.p === 1) {
    const candidates = await store.searchEntries(
      deps.replica,
      { ...filters, kind: 'bookable' },
      null,
      MAX_BOOKABLE,
      order,
    );
    let ranked = await withNext(deps, candidates, now);
    if (withinDays !== null) {
      const until = now.getTime() + withinDays * 86_400_000;
      ranked = ranked.filter((r) => r.next && Date.parse(r.next) <= until);
    }
    const keyed = ranked.map((r) => ({ r, k: [rankOf(r, sort, order), r.id] as [number | string, string] }));
    keyed.sort((a, b) => compare(a.k, b.k));
    const from = cursor
      ? ([cursor.v ?? Number.MAX_SAFE_INTEGER, cursor.id] as [number | string, string])
      : null;
    for (const { r, k } of keyed) if (!from || compare(k, from) > 0) out.push({ ...r, phase: 1 });
  }
  // Sorted by soonest, the listings nobody can book follow the bookable ones.
  if (sort === 'soonest' && withinDays === null && out.length < want) {
    const after = cursor?.p === 2 ? afterOf(cursor, order) : null;
    const rest = await store.searchEntries(
      deps.replica,
      { ...filters, kind: 'registry' },
      after,
      want - out.length,
      order,
    );
    for (const r of rest) out.push({ ...r, next: null, phase: 2 });
  }
  return out.slice(0, want);
}

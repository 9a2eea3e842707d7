import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { rawRows, rowOf, type Db, type Tx } from '../../db/connect.ts';
import { clinics, practitioners } from '../../db/schema.ts';
import { directoryEntries, directoryReviews } from './tables.ts';

type Q = Db | Tx;
export type EntryRow = typeof directoryEntries.$inferSelect;
export type EntryInsert = typeof directoryEntries.$inferInsert;
export type ReviewRow = typeof directoryReviews.$inferSelect;

export interface SearchFilters {
  origin: { lat: number; lng: number } | null;
  radiusKm: number | null;
  q: string | null;
  technique: string | null;
  insurance: string | null;
  language: string | null;
  /** Any of these conditions (a condition or a self-check area). */
  conditions: string[] | null;
  acceptingNewPatients: boolean | null;
  boardCertified: boolean | null;
  telehealth: boolean | null;
  /** `bookable`: clinic practitioners only; `registry`: imported ones only. */
  kind: 'bookable' | 'registry' | null;
}

/** Keyset position: after (chord distance in metres, id) or after (name, id). */
export type After = { by: 'distance'; value: number; id: string } | { by: 'name'; value: string; id: string };

export type SearchRow = EntryRow & {
  distanceKm: number | null;
  /** Straight-line (chord) distance in metres: the GiST index's order, the keyset of distance pages. */
  chord: number | null;
  clinicName: string | null;
  /** The practitioner's time zone (clinic listings): slots are shown in it. */
  timeZone: string | null;
};

const textArray = (v: string[]) =>
  sql`array[${sql.join(
    v.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;

/** A clinic's listing shows only while its practitioner is active (a registry listing always). */
const listedPractitionerActive = sql`(${directoryEntries.practitionerId} is null or exists (
  select 1 from ${practitioners} where ${practitioners.id} = ${directoryEntries.practitionerId} and ${practitioners.active}))`;

/**
 * `textFirst`: the text matches come from a CTE (see searchEntries), so neither the text nor the
 * earth box is a condition here — an indexable box would tempt the planner back to the radius.
 */
function conditionsOf(f: SearchFilters, textFirst = false): SQL[] {
  const e = directoryEntries;
  const w: SQL[] = [sql`${e.published}`, listedPractitionerActive];
  if (f.origin) {
    const here = sql`ll_to_earth(${f.origin.lat}::float8, ${f.origin.lng}::float8)`;
    const metres = (f.radiusKm ?? 50) * 1000;
    w.push(sql`${e.lat} is not null`);
    if (!textFirst) w.push(sql`earth_box(${here}, ${metres}::float8) @> ll_to_earth(${e.lat}, ${e.lng})`);
    w.push(sql`earth_distance(${here}, ll_to_earth(${e.lat}, ${e.lng})) <= ${metres}::float8`);
  }
  if (f.q && !textFirst) w.push(sql`${f.q.toLowerCase()} <% ${e.searchText}`);
  if (f.technique) w.push(sql`${e.techniques} @> ${textArray([f.technique])}`);
  if (f.insurance) w.push(sql`${e.insurance} @> ${textArray([f.insurance])}`);
  if (f.language) w.push(sql`${e.languages} @> ${textArray([f.language])}`);
  if (f.conditions?.length) w.push(sql`${e.conditions} && ${textArray(f.conditions)}`);
  if (f.acceptingNewPatients !== null) w.push(sql`${e.acceptingNewPatients} = ${f.acceptingNewPatients}`);
  if (f.boardCertified !== null) w.push(sql`${e.boardCertified} = ${f.boardCertified}`);
  if (f.telehealth !== null) w.push(sql`${e.telehealth} = ${f.telehealth}`);
  // Only a clinic's listing has profile data: registry rows have no techniques, conditions,
  // languages or insurance, and are never accepting, certified or on telehealth. Saying so lets the
  // planner use the small partial indexes of clinic listings instead of walking the whole registry.
  const profiled =
    f.technique ||
    f.insurance ||
    f.language ||
    f.conditions?.length ||
    f.acceptingNewPatients === true ||
    f.boardCertified === true ||
    f.telehealth === true;
  if (f.kind === 'bookable' || (profiled && f.kind !== 'registry'))
    w.push(sql`${e.practitionerId} is not null`);
  if (f.kind === 'registry') w.push(sql`${e.practitionerId} is null`);
  return w;
}

/**
 * One page of the directory in keyset order: by distance from the origin (then id), or by name
 * (then id). A position (`after`) is a value and an id, so rows inserted while
 * a visitor pages never shift or repeat what they see.
 */
export async function searchEntries(
  q: Q,
  f: SearchFilters,
  after: After | null,
  limit: number,
  order: 'distance' | 'name',
): Promise<SearchRow[]> {
  const e = directoryEntries;
  const here = f.origin ? sql`ll_to_earth(${f.origin.lat}::float8, ${f.origin.lng}::float8)` : null;
  const distance = here
    ? sql`(earth_distance(${here}, ll_to_earth(${e.lat}, ${e.lng})) / 1000.0)`
    : sql`null::float8`;
  // cube's `<->` (Euclidean, i.e. chord) is what the GiST index orders by (a KNN scan that stops at
  // the page size); it grows with the great-circle distance, so the order is the same.
  const chord = here ? sql`(ll_to_earth(${e.lat}, ${e.lng}) <-> ${here})` : sql`null::float8`;
  // Text and a place: the trigram index's matches first (a typo of a surname: hundreds of the
  // country's listings), then their distance. Left to itself PGlite's planner walks the radius's
  // earth box instead, rechecking the text on each row (16,000 rows within 300 km of Chicago: 80 ms
  // against 5 ms); a materialized CTE and no box condition fix the order on both engines.
  const textFirst = f.q !== null && here !== null;
  const where = conditionsOf(f, textFirst);
  if (after?.by === 'distance')
    where.push(sql`(${chord}, ${e.id}) > (${after.value}::float8, ${after.id}::uuid)`);
  if (after?.by === 'name') where.push(sql`(${e.name}, ${e.id}) > (${after.value}, ${after.id}::uuid)`);
  const byDistance = order === 'distance' && here !== null;
  const ctes: SQL[] = [];
  if (textFirst)
    ctes.push(sql`text_matches as materialized (
      select * from ${e} where ${e.published} and ${f.q!.toLowerCase()} <% ${e.searchText})`);
  if (byDistance && !f.q) {
    // (With a text query the trigram index finds the few matches first; this is for the rest.)
    // Two index-backed steps instead of sorting every row in the radius (thousands in a city):
    // (1) a KNN scan of the GiST index in `<->` order, stopping at the page size, gives the page's
    // last distance; (2) only the rows within that distance (a small box the same index answers,
    // the bound being a parameter computed first) are sorted by (distance, id) — rows at one ZIP
    // centroid share a distance, so the id must break the tie for the keyset to be stable, which
    // the KNN order alone does not do. No rows within the radius: the bound is null, so is the page.
    ctes.push(sql`page_bound as (select max(c) as bound from (
            select ${chord} as c from ${e} where ${sql.join(where, sql` and `)}
            order by ${chord} limit ${limit}) s)`);
    const bound = sql`(select bound from page_bound)`;
    where.push(sql`cube_enlarge(${here}, ${bound} + 1, 3) @> ll_to_earth(${e.lat}, ${e.lng})`);
    where.push(sql`${chord} <= ${bound}`);
  }
  const by = byDistance ? sql`${chord}, ${e.id}` : sql`${e.name}, ${e.id}`;
  const joins = sql`left join ${clinics} on ${clinics.id} = ${e.clinicId}
        left join ${practitioners} on ${practitioners.id} = ${e.practitionerId}`;
  const named = sql`${clinics.name} as clinic_name, ${practitioners.timeZone} as time_zone`;
  let query: SQL;
  if (textFirst) {
    // The matches, with every column, stand in for the table: no second read of each row.
    query = sql`select ${e}.*, ${distance} as distance_km, ${chord} as chord, ${named}
        from text_matches as ${e} ${joins}
        where ${sql.join(where, sql` and `)} order by ${by} limit ${limit}`;
  } else {
    // The page's ids in the order and plan of an id-only select (the trigram or GiST index's),
    // then only the page's rows read in full (by primary key) and joined, in the same statement.
    ctes.push(sql`page as materialized (
        select ${e.id} as id, ${e.name} as name, ${distance} as distance_km, ${chord} as chord from ${e}
        where ${sql.join(where, sql` and `)} order by ${by} limit ${limit})`);
    query = sql`select ${e}.*, page.distance_km, page.chord, ${named}
        from page join ${e} on ${e.id} = page.id ${joins}
        order by ${byDistance ? sql`page.chord, page.id` : sql`page.name, page.id`}`;
  }
  const rows = await rawRows<Record<string, unknown>>(
    q,
    sql`${ctes.length ? sql`with ${sql.join(ctes, sql`, `)} ` : sql``}${query}`,
  );
  return rows.map((r) => ({
    ...rowOf(directoryEntries, r),
    distanceKm: r.distance_km === null ? null : Number(r.distance_km),
    chord: r.chord === null ? null : Number(r.chord),
    clinicName: (r.clinic_name as string | null) ?? null,
    timeZone: (r.time_zone as string | null) ?? null,
  }));
}

/** A published listing by id, with its clinic's name. */
export async function findPublished(
  q: Q,
  id: string,
): Promise<(EntryRow & { clinicName: string | null; timeZone: string | null }) | null> {
  const [row] = await q
    .select({ entry: directoryEntries, clinicName: clinics.name, timeZone: practitioners.timeZone })
    .from(directoryEntries)
    .leftJoin(clinics, eq(clinics.id, directoryEntries.clinicId))
    .leftJoin(practitioners, eq(practitioners.id, directoryEntries.practitionerId))
    .where(and(eq(directoryEntries.id, id), eq(directoryEntries.published, true), listedPractitionerActive));
  return row ? { ...row.entry, clinicName: row.clinicName, timeZone: row.timeZone } : null;
}

/** The clinic's active practitioners with their listing (null: never listed). */
export async function clinicProfiles(q: Q, clinicId: string) {
  return q
    .select({ practitioner: practitioners, entry: directoryEntries })
    .from(practitioners)
    .leftJoin(directoryEntries, eq(directoryEntries.practitionerId, practitioners.id))
    .where(and(eq(practitioners.clinicId, clinicId), eq(practitioners.active, true)))
    .orderBy(asc(practitioners.name));
}

export async function entryOfPractitioner(q: Q, practitionerId: string): Promise<EntryRow | null> {
  const [row] = await q
    .select()
    .from(directoryEntries)
    .where(eq(directoryEntries.practitionerId, practitionerId));
  return row ?? null;
}

/**
 * Removes the registry listing of an NPI a clinic now lists itself: the physician appears once, as
 * the clinic's (bookable) listing. Registry listings carry nothing of their own (no reviews).
 */
export async function dropRegistryListing(tx: Tx, npi: string): Promise<number> {
  const gone = await tx
    .delete(directoryEntries)
    .where(and(eq(directoryEntries.npi, npi), eq(directoryEntries.source, 'registry')))
    .returning({ id: directoryEntries.id });
  return gone.length;
}

/** Writes a clinic practitioner's listing (its id is the practitioner's id). */
export async function saveClinicEntry(tx: Tx, values: EntryInsert & { id: string }): Promise<EntryRow> {
  const { id: _id, ...update } = values;
  const [row] = await tx
    .insert(directoryEntries)
    .values(values)
    .onConflictDoUpdate({ target: directoryEntries.id, set: update })
    .returning();
  return row!;
}

/**
 * Registry rows upserted by NPI, in one statement: a listing a clinic made for the same NPI is never
 * touched (the clinic's own profile wins), and a registry row never becomes bookable.
 */
export async function upsertRegistry(
  tx: Tx,
  rows: EntryInsert[],
): Promise<{ inserted: number; updated: number; written: Set<string> }> {
  if (!rows.length) return { inserted: 0, updated: 0, written: new Set() };
  const e = directoryEntries;
  const res = await tx
    .insert(e)
    .values(rows.map((r) => ({ ...r, source: 'registry' as const, practitionerId: null, clinicId: null })))
    .onConflictDoUpdate({
      target: e.npi,
      set: {
        name: sql`excluded.name`,
        credentials: sql`excluded.credentials`,
        taxonomies: sql`excluded.taxonomies`,
        practiceName: sql`excluded.practice_name`,
        address: sql`excluded.address`,
        phone: sql`excluded.phone`,
        lat: sql`excluded.lat`,
        lng: sql`excluded.lng`,
        searchText: sql`excluded.search_text`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`${e.source} = 'registry'`,
    })
    .returning({ npi: e.npi, inserted: sql<boolean>`(xmax = 0)` });
  const inserted = res.filter((r) => r.inserted === true || String(r.inserted) === 'true').length;
  return { inserted, updated: res.length - inserted, written: new Set(res.map((r) => r.npi!)) };
}

export async function countEntries(q: Q, source: 'clinic' | 'registry'): Promise<number> {
  const [row] = await rawRows<{ n: number | string }>(
    q,
    sql`select count(*) as n from ${directoryEntries} where source = ${source}`,
  );
  return Number(row?.n ?? 0);
}

// Reviews ------------------------------------------------------------------------------------

export async function reviewOfAppointment(q: Q, appointmentId: string): Promise<ReviewRow | null> {
  const [row] = await q
    .select()
    .from(directoryReviews)
    .where(eq(directoryReviews.appointmentId, appointmentId));
  return row ?? null;
}

export async function insertReview(tx: Tx, values: typeof directoryReviews.$inferInsert): Promise<ReviewRow> {
  const [row] = await tx.insert(directoryReviews).values(values).returning();
  return row!;
}

/** Visible reviews of a practitioner, newest first. */
export async function publicReviews(q: Q, practitionerId: string, limit = 50) {
  return q
    .select({
      rating: directoryReviews.rating,
      text: directoryReviews.text,
      createdAt: directoryReviews.createdAt,
    })
    .from(directoryReviews)
    .where(and(eq(directoryReviews.practitionerId, practitionerId), isNull(directoryReviews.hiddenAt)))
    .orderBy(desc(directoryReviews.createdAt), desc(directoryReviews.id))
    .limit(limit);
}

export async function reviewSummary(
  q: Q,
  practitionerId: string,
): Promise<{ count: number; average: number | null }> {
  const [row] = await rawRows<{ n: number | string; avg: number | string | null }>(
    q,
    sql`select count(*) as n, avg(rating)::float8 as avg from ${directoryReviews}
        where practitioner_id = ${practitionerId} and hidden_at is null`,
  );
  const count = Number(row?.n ?? 0);
  return { count, average: count && row?.avg != null ? Math.round(Number(row.avg) * 10) / 10 : null };
}

export async function clinicReviews(q: Q, clinicId: string) {
  return q
    .select()
    .from(directoryReviews)
    .where(eq(directoryReviews.clinicId, clinicId))
    .orderBy(desc(directoryReviews.createdAt))
    .limit(200);
}

export async function hideReview(
  tx: Tx,
  id: string,
  by: string,
  reason: string,
  at: Date,
): Promise<ReviewRow | null> {
  const [row] = await tx
    .update(directoryReviews)
    .set({ hiddenAt: at, hiddenReason: reason, hiddenBy: by })
    .where(and(eq(directoryReviews.id, id), isNull(directoryReviews.hiddenAt)))
    .returning();
  return row ?? null;
}

/** After a registry import: vacuum (flushes the GIN pending lists) and fresh statistics. Not in a transaction. */
export async function settleAfterImport(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze directory_entries`);
}

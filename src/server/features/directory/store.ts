import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { rawRows, rowOf, type Db, type Tx } from '../../db/connect.ts';
import { clinics, practitioners } from '../../db/schema.ts';
import { directoryEntries, directoryReviews, directoryVocabulary, directoryWords } from './tables.ts';

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
 * `text`: the words each listing must have one of (one list per query word; see `textWords`).
 * `textFirst`: the text matches come from a CTE (see searchEntries), so neither the text nor the
 * earth box is a condition here — an indexable box would tempt the planner back to the radius.
 */
function conditionsOf(f: SearchFilters, text: readonly string[][], textFirst = false): SQL[] {
  const e = directoryEntries;
  const w: SQL[] = [sql`${e.published}`, listedPractitionerActive];
  if (f.origin) {
    const here = sql`ll_to_earth(${f.origin.lat}::float8, ${f.origin.lng}::float8)`;
    const metres = (f.radiusKm ?? 50) * 1000;
    w.push(sql`${e.lat} is not null`);
    if (!textFirst) w.push(sql`earth_box(${here}, ${metres}::float8) @> ll_to_earth(${e.lat}, ${e.lng})`);
    w.push(sql`${metresFrom(here, textFirst)} <= ${metres}::float8`);
  }
  if (!textFirst) for (const words of text) w.push(hasWord(words));
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

const dw = directoryWords;

/**
 * A listing's point: `ll_to_earth(lat, lng)`, which the GiST indexes are built on; or, per row of
 * the text matches (no index to match), the same cube computed without the `earth` domain's checks
 * (ll_to_earth's own formula: the same value, about a third of the cost per row on PGlite).
 */
const pointOf = (fast: boolean) =>
  fast
    ? sql`cube(cube(cube(earth() * cos(radians(${directoryEntries.lat})) * cos(radians(${directoryEntries.lng}))),
          earth() * cos(radians(${directoryEntries.lat})) * sin(radians(${directoryEntries.lng}))),
          earth() * sin(radians(${directoryEntries.lat})))`
    : sql`ll_to_earth(${directoryEntries.lat}, ${directoryEntries.lng})`;

/** Great-circle metres from `here` (earth_distance's own formula, on either form of the point). */
const metresFrom = (here: SQL, fast: boolean) => sql`sec_to_gc(cube_distance(${here}, ${pointOf(fast)}))`;

/** The listing has one of `words` (the directory's word index, by its primary key). */
const hasWord = (words: readonly string[]) =>
  sql`${directoryEntries.id} in (select ${dw.entryId} from ${dw} where ${dw.word} in (${sql.join(
    words.map((x) => sql`${x}`),
    sql`, `,
  )}))`;

/** Query words shorter than this only count when the query has no longer one ("O'Connor": connor). */
const SHORT_WORD = 3;
/**
 * A query word matching more words than this is not walked word by word: its listings are read
 * whole (`hasWord`) and sorted, as with a place.
 */
const MAX_WALKED_WORDS = 64;

/**
 * What a text query means: for each of its words (split as the listings' words are, in SQL), the
 * words in use that it matches with typos (pg_trgm word similarity, `<%`, on the vocabulary's
 * trigram index). A listing matches when it has a match of every query word. An empty list: a
 * query word that matches nothing (no listing can match). No words at all: nothing to search by.
 */
export async function textWords(q: Q, text: string): Promise<string[][]> {
  const rows = await rawRows<{ word: string; matches: string[] | string }>(
    q,
    sql`select qw.word, array(select v.word from ${directoryVocabulary} v where qw.word <% v.word order by v.word) as matches
        from (select distinct w as word from regexp_split_to_table(lower(${text}), '[^[:alnum:]]+') as w where w <> '') qw`,
  );
  const long = rows.filter((r) => r.word.length >= SHORT_WORD);
  const used = long.length ? long : rows;
  return used.map((r) => (typeof r.matches === 'string' ? parsePgTextArray(r.matches) : r.matches));
}

/** A `text[]` as some drivers return it (`{a,b}`): words are alphanumeric, so no quoting. */
const parsePgTextArray = (v: string) => (v === '{}' ? [] : v.slice(1, -1).split(','));

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
  const text = f.q === null ? [] : await textWords(q, f.q);
  if (f.q !== null && (!text.length || text.some((words) => !words.length))) return [];
  const textFirst = text.length > 0 && here !== null;
  const distance = here ? sql`(${metresFrom(here, textFirst)} / 1000.0)` : sql`null::float8`;
  // cube's `<->` (Euclidean, i.e. chord) is what the GiST index orders by (a KNN scan that stops at
  // the page size); it grows with the great-circle distance, so the order is the same.
  const chord = here ? sql`(${pointOf(textFirst)} <-> ${here})` : sql`null::float8`;
  // Text and a place: the word index's matches first (a typo of a surname: hundreds of the
  // country's listings), then their distance. Left to itself PGlite's planner walks the radius's
  // earth box instead, rechecking the text on each row (16,000 rows within 300 km of Chicago: 80 ms
  // against 5 ms); a materialized CTE and no box condition fix the order on both engines.
  // By name, the listings of a query word's matches are walked in name order (the word index's),
  // stopping at the page: the cost does not grow with the directory. The query word with the
  // fewest matches drives the walk; the others are conditions.
  const driver =
    text.length > 0 && here === null
      ? [...text].sort((a, b) => a.length - b.length).find((words) => words.length <= MAX_WALKED_WORDS)
      : undefined;
  const where = conditionsOf(
    f,
    text.filter((words) => words !== driver),
    textFirst,
  );
  if (after?.by === 'distance')
    where.push(sql`(${chord}, ${e.id}) > (${after.value}::float8, ${after.id}::uuid)`);
  if (after?.by === 'name') where.push(sql`(${e.name}, ${e.id}) > (${after.value}, ${after.id}::uuid)`);
  const byDistance = order === 'distance' && here !== null;
  const ctes: SQL[] = [];
  if (textFirst)
    ctes.push(sql`text_matches as materialized (
      select * from ${e} where ${e.published} and ${sql.join(text.map(hasWord), sql` and `)})`);
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
  } else if (driver) {
    // One ordered index scan per matched word, merged in name order; each listing once.
    const keyset =
      after?.by === 'name'
        ? sql` and (${dw.name}, ${dw.entryId}) > (${after.value}, ${after.id}::uuid)`
        : sql``;
    const branches = driver.map(
      (word) =>
        sql`select ${dw.entryId} as entry_id, ${dw.name} as name from ${dw} where ${dw.word} = ${word}${keyset}`,
    );
    ctes.push(sql`page as materialized (
        select distinct on (c.name, c.entry_id) c.entry_id as id, c.name as name, null::float8 as distance_km, null::float8 as chord
        from (${sql.join(branches, sql` union all `)}) c join ${e} on ${e.id} = c.entry_id
        where ${sql.join(where, sql` and `)} order by c.name, c.entry_id limit ${limit})`);
    query = sql`select ${e}.*, page.distance_km, page.chord, ${named}
        from page join ${e} on ${e.id} = page.id ${joins} order by page.name, page.id`;
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

/**
 * After a registry import: vacuum (flushes the GIN pending lists) and fresh statistics of the
 * listings and their word index. Not in a transaction.
 */
export async function settleAfterImport(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze directory_entries, directory_words, directory_vocabulary`);
}

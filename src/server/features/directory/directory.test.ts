import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/connect.ts';
import { availabilityRules } from '../../db/schema.ts';
import {
  client,
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
} from '../../testing/harness.ts';
import { addPractitioner, addRegistry, east, list, nearOf, practice, randomSpot } from './test-helpers.ts';
import { searchTextOf } from './profiles.ts';
import { upsertRegistry } from './store.ts';

type Result = {
  id: string;
  name: string;
  distanceKm: number | null;
  nextAvailable: string | null;
  practitionerId: string | null;
  boardCertifications: { verified: boolean; verifiedOn: string | null }[];
};
type Page = { results: Result[]; nextCursor: string | null };

const anon = (t: TestApp) => client(t);
const search = async (t: TestApp, qs: string) => {
  const res = await anon(t).req('GET', `/api/v1/directory/practitioners?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
};

/** The starts GET /api/v1/availability gives a visitor for one online type over the next 31 days. */
async function availableStarts(t: TestApp, practitionerId: string, type: string) {
  const now = new Date(t.clock.now);
  const to = new Date(t.clock.now + 31 * 86_400_000);
  const res = await anon(t).req(
    'GET',
    `/api/v1/availability?practitionerId=${practitionerId}&appointmentType=${type}&from=${now.toISOString()}&to=${to.toISOString()}`,
  );
  expect(res.statusCode).toBe(200);
  return res.json<{ slots: { start: string }[] }>().slots.map((s) => s.start);
}

/** The first start GET /api/v1/availability gives for the online types, as a visitor sees it. */
async function firstSlot(t: TestApp, practitionerId: string) {
  const starts: string[] = [];
  for (const type of ['omt-new', 'omt-follow-up']) {
    const first = (await availableStarts(t, practitionerId, type))[0];
    if (first) starts.push(first);
  }
  return starts.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}

describeEngines('directory search on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('lists a published practitioner with the contract fields and nextAvailable = the first slot availability returns', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const spot = randomSpot();
    const pid = await practice(t, k);
    const busy = await addPractitioner(t, k, 'Dr. Late Starter', ['11:30', '12:00']);
    await list(admin, pid, spot, {
      boardCertifications: [
        {
          board: 'AOBNMM',
          specialty: 'NMM/OMM',
          status: 'active',
          verifiedOn: '2027-01-05',
          source: 'https://certification.osteopathic.org/',
        },
      ],
      languages: ['en', 'es'],
    });
    await list(admin, busy, east(spot, 2));
    const page = await search(t, `near=${nearOf(spot)}&radiusKm=10`);
    expect(page.results.map((r) => r.id)).toEqual([pid, busy]);
    const r = page.results[0]! as Result & Record<string, unknown>;
    for (const field of [
      'credentials',
      'techniques',
      'languages',
      'insurance',
      'acceptingNewPatients',
      'clinic',
    ])
      expect(r).toHaveProperty(field);
    expect(r.credentials).toEqual(['DO']);
    expect(r.languages).toEqual(['en', 'es']);
    expect(r.boardCertifications).toEqual([
      expect.objectContaining({ board: 'AOBNMM', verified: true, verifiedOn: '2027-01-05' }),
    ]);
    expect(r.clinic).toEqual(
      expect.objectContaining({ location: { lat: spot.lat, lng: spot.lng }, name: expect.any(String) }),
    );
    expect(r.distanceKm).toBe(0);
    expect(page.results[1]!.distanceKm).toBeCloseTo(2, 1);
    // The same engine that books: equal to the first slot of GET /api/v1/availability, for each.
    for (const res of page.results) {
      const expected = await firstSlot(t, res.id);
      expect(expected).not.toBeNull();
      expect(res.nextAvailable).toBe(expected);
    }
    expect(page.results[0]!.nextAvailable).not.toBe(page.results[1]!.nextAvailable);
    // The profile's slots are the next starts of each online type, from the same engine.
    const profile = (await anon(t).req('GET', `/api/v1/directory/practitioners/${pid}`)).json<{
      nextAvailable: string;
      slots: { appointmentType: string; starts: string[] }[];
      reviews: { count: number; average: number | null };
    }>();
    expect(profile.nextAvailable).toBe(page.results[0]!.nextAvailable);
    expect(profile.slots.map((s) => s.appointmentType).sort()).toEqual(['omt-follow-up', 'omt-new']);
    for (const s of profile.slots)
      expect(s.starts).toEqual((await availableStarts(t, pid, s.appointmentType)).slice(0, 6));
    expect(profile.reviews).toEqual({ count: 0, average: null });
    // Computed when asked, never stored: a booking of that slot moves nextAvailable on.
    const patient = await login(t, k.users.patient.email);
    const booked = await patient.req(
      'POST',
      '/api/v1/appointments',
      { practitionerId: pid, appointmentType: 'omt-follow-up', start: r.nextAvailable },
      { 'idempotency-key': `k-${pid}` },
    );
    expect(booked.statusCode, booked.body).toBe(201);
    const after = await search(t, `near=${nearOf(spot)}&radiusKm=1`);
    expect(after.results[0]!.nextAvailable).toBe(await firstSlot(t, pid));
    expect(after.results[0]!.nextAvailable).not.toBe(r.nextAvailable);
  });

  it('nextAvailable of a practitioner free only days away (past the first short look) = the first slot availability returns', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const spot = randomSpot();
    // One page, two bookable listings: one free soon, one not in the first short look.
    const soon = await practice(t, k);
    await list(admin, soon, spot);
    // The clock is Wednesday 2027-03-10: Mondays only puts the next free start five days out.
    const mondays = await addPractitioner(t, k, 'Dr. Mondays Only', null);
    await t.database.db.insert(availabilityRules).values({
      clinicId: k.clinicId,
      practitionerId: mondays,
      weekday: 1,
      startTime: '09:00',
      endTime: '12:00',
    });
    await list(admin, mondays, spot);
    const page = await search(t, `near=${nearOf(spot)}&radiusKm=1`);
    expect(page.results.map((r) => r.id).sort()).toEqual([mondays, soon].sort());
    const byId = new Map(page.results.map((r) => [r.id, r.nextAvailable]));
    const expected = await firstSlot(t, mondays);
    expect(expected).not.toBeNull();
    expect(Date.parse(expected!) - t.clock.now).toBeGreaterThan(3 * 86_400_000);
    expect(byId.get(mondays)).toBe(expected);
    const soonest = await firstSlot(t, soon);
    expect(Date.parse(soonest!) - t.clock.now).toBeLessThan(3 * 86_400_000);
    expect(byId.get(soon)).toBe(soonest);
  });

  it('filters by distance within the radius and sorts by it; registry listings have no booking', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const spot = randomSpot();
    const pid = await practice(t, k);
    await list(admin, pid, east(spot, 12));
    await addRegistry(t, [
      { name: 'Near Registry', at: east(spot, 3) },
      { name: 'Far Registry', at: east(spot, 40) },
    ]);
    const within20 = await search(t, `near=${nearOf(spot)}&radiusKm=20`);
    expect(within20.results.map((r) => r.name)).toEqual(['Near Registry', 'Dr. Test, DO']);
    expect(within20.results[0]!.nextAvailable).toBeNull();
    expect(within20.results[0]!.practitionerId).toBeNull();
    expect(within20.results[1]!.practitionerId).toBe(pid);
    const within50 = await search(t, `near=${nearOf(spot)}&radiusKm=50`);
    expect(within50.results.map((r) => r.name)).toEqual(['Near Registry', 'Dr. Test, DO', 'Far Registry']);
    expect(within50.results.map((r) => Math.round(r.distanceKm!))).toEqual([3, 12, 40]);
  });

  it('matches names with typos (trigram) and condition words', async () => {
    const spot = randomSpot();
    await addRegistry(t, [
      { name: 'Marguerite Oyelaran', at: spot },
      { name: 'Bartholomew Quist', at: east(spot, 1) },
    ]);
    const near = `near=${nearOf(spot)}&radiusKm=5`;
    const names = async (q: string) =>
      (await search(t, `${near}&q=${encodeURIComponent(q)}`)).results.map((r) => r.name);
    expect(await names('Margerite Oyelaren')).toEqual(['Marguerite Oyelaran']);
    expect(await names('bartholomew')).toEqual(['Bartholomew Quist']);
    expect(await names('Quisst')).toEqual(['Bartholomew Quist']);
    expect(await names('Zzyzx Wobblenonk')).toEqual([]);
  });

  it('without a place: typo matches in name order, each listing once, pages by cursor, every query word required, edits followed', async () => {
    // A made-up surname of this test's own, so other tests' listings never match it.
    const letters = 'bcdfghjklmnpqrst';
    const sur = randomUUID()
      .replace(/-/g, '')
      .slice(0, 12)
      .replace(/[0-9a-f]/g, (c) => letters[parseInt(c, 16)]!);
    const Sur = sur[0]!.toUpperCase() + sur.slice(1);
    const typo = sur.slice(0, 6) + sur.slice(7); // one letter dropped
    const spot = randomSpot();
    const npis: string[] = [];
    const upsert = (rows: { name: string; npi?: string }[]) =>
      t.database.db.transaction((tx) =>
        upsertRegistry(
          tx,
          rows.map((r) => {
            const npi = r.npi ?? `1${randomUUID().replace(/\D/g, '').padEnd(9, '3').slice(0, 9)}`;
            npis.push(npi);
            return {
              npi,
              source: 'registry' as const,
              name: r.name,
              credentials: ['DO'],
              lat: spot.lat,
              lng: spot.lng,
              searchText: searchTextOf(r.name, []),
              updatedAt: new Date(t.clock.now),
            };
          }),
        ),
      );
    // The last one has two words the typo matches: it must still come once.
    await upsert([
      { name: `Dee ${Sur}` },
      { name: `Ada ${Sur}` },
      { name: `Cy ${Sur}` },
      { name: `Bea ${Sur}` },
      { name: `Eve ${Sur} ${Sur}s` },
      { name: 'Bea Unrelated' },
    ]);
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await search(t, `q=${typo}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.results.map((r) => r.name));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages).toEqual([
      [`Ada ${Sur}`, `Bea ${Sur}`],
      [`Cy ${Sur}`, `Dee ${Sur}`],
      [`Eve ${Sur} ${Sur}s`],
    ]);
    // Every word of the query must match one of the listing's words.
    expect((await search(t, `q=${encodeURIComponent(`bea ${typo}`)}`)).results.map((r) => r.name)).toEqual([
      `Bea ${Sur}`,
    ]);
    // A re-import that renames a listing moves it in the word index too.
    await upsert([{ name: 'Ada Quennell', npi: npis[1]! }]);
    expect((await search(t, `q=${typo}`)).results.map((r) => r.name)).toEqual([
      `Bea ${Sur}`,
      `Cy ${Sur}`,
      `Dee ${Sur}`,
      `Eve ${Sur} ${Sur}s`,
    ]);
    expect((await search(t, `q=quenell&near=${nearOf(spot)}&radiusKm=1`)).results.map((r) => r.name)).toEqual(
      ['Ada Quennell'],
    );
  });

  it('filters by technique, insurance, language, area, board certification (verified only) and new patients', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const spot = randomSpot();
    const a = await practice(t, k);
    const b = await addPractitioner(t, k, 'Dr. Beta', ['09:00', '12:00']);
    await list(admin, a, spot, {
      techniques: ['counterstrain', 'cranial'],
      insurance: ['aetna'],
      languages: ['es'],
      conditions: ['neck-pain'],
      boardCertifications: [
        {
          board: 'AOBNMM',
          specialty: 'NMM/OMM',
          status: 'active',
          verifiedOn: '2026-12-01',
          source: 'https://certification.osteopathic.org/',
        },
      ],
    });
    await list(admin, b, east(spot, 1), {
      techniques: ['hvla'],
      acceptingNewPatients: false,
      // Claimed but not verified: never counts as board certified, never shown as verified.
      boardCertifications: [{ board: 'AOBFP', specialty: 'Family medicine', status: 'active' }],
      conditions: ['low-back-pain', 'sciatica'],
    });
    const ids = async (f: string) =>
      (await search(t, `near=${nearOf(spot)}&radiusKm=5&${f}`)).results.map((r) => r.id);
    expect(await ids('technique=counterstrain')).toEqual([a]);
    expect(await ids('technique=hvla')).toEqual([b]);
    expect(await ids('insurance=aetna')).toEqual([a]);
    expect(await ids('insurance=medicare')).toEqual([b]);
    expect(await ids('language=es')).toEqual([a]);
    expect(await ids('area=neck')).toEqual([a]);
    expect(await ids('area=low-back')).toEqual([b]);
    expect(await ids('area=knee')).toEqual([]);
    expect(await ids('boardCertified=true')).toEqual([a]);
    expect(await ids('boardCertified=false')).toEqual([b]);
    expect(await ids('acceptingNewPatients=false')).toEqual([b]);
    const beta = (await search(t, `near=${nearOf(spot)}&radiusKm=5&technique=hvla`)).results[0]!;
    expect(beta.boardCertifications).toEqual([
      expect.objectContaining({ verified: false, verifiedOn: null }),
    ]);
  });

  it('sorts by soonest and keeps only those free within N days', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const spot = randomSpot();
    const early = await practice(t, k); // 09:00–12:00
    const late = await addPractitioner(t, k, 'Dr. Afternoon', ['11:30', '12:00']);
    const never = await addPractitioner(t, k, 'Dr. Never', null);
    await list(admin, never, spot);
    await list(admin, late, east(spot, 1));
    await list(admin, early, east(spot, 2));
    await addRegistry(t, [{ name: 'Registry Only', at: east(spot, 0.5) }]);
    const near = `near=${nearOf(spot)}&radiusKm=5`;
    const soonest = await search(t, `${near}&sort=soonest`);
    expect(soonest.results.map((r) => r.id).slice(0, 3)).toEqual([early, late, never]);
    expect(soonest.results[3]!.name).toBe('Registry Only');
    const within = await search(t, `${near}&availableWithinDays=7`);
    expect(within.results.map((r) => r.id)).toEqual([late, early]);
    // Paged one by one, the same order, nothing repeated.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await search(t, `${near}&sort=soonest&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.results.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(soonest.results.map((r) => r.id));
    // Free within N days, paged one at a time (ranked in memory): the same two, in distance order.
    const within1: string[] = [];
    let next: string | null = null;
    do {
      const page: Page = await search(
        t,
        `${near}&availableWithinDays=7&limit=1${next ? `&cursor=${next}` : ''}`,
      );
      within1.push(...page.results.map((r) => r.id));
      next = page.nextCursor;
    } while (next);
    expect(within1).toEqual([late, early]);
    // Sorted by name inside the radius.
    const byName = await search(t, `${near}&sort=name`);
    expect(byName.results.map((r) => r.name)).toEqual([
      'Dr. Afternoon',
      'Dr. Never',
      'Dr. Test, DO',
      'Registry Only',
    ]);
  });

  it('pages by cursor, stable when listings are inserted between pages', async () => {
    const spot = randomSpot();
    await addRegistry(
      t,
      [1, 2, 3, 4, 5].map((i) => ({ name: `Paging ${i}`, at: east(spot, i) })),
    );
    const near = `near=${nearOf(spot)}&radiusKm=20`;
    const p1 = await search(t, `${near}&limit=2`);
    expect(p1.results.map((r) => r.name)).toEqual(['Paging 1', 'Paging 2']);
    // One lands before the cursor, one after: neither shifts what follows.
    await addRegistry(t, [
      { name: 'Inserted before', at: east(spot, 0.5) },
      { name: 'Inserted after', at: east(spot, 3.5) },
    ]);
    const p2 = await search(t, `${near}&limit=2&cursor=${p1.nextCursor}`);
    expect(p2.results.map((r) => r.name)).toEqual(['Paging 3', 'Inserted after']);
    const p3 = await search(t, `${near}&limit=2&cursor=${p2.nextCursor}`);
    expect(p3.results.map((r) => r.name)).toEqual(['Paging 4', 'Paging 5']);
    expect(p3.nextCursor).toBeNull();
    // By name (no origin) the same holds.
    const byName = await search(t, `q=${encodeURIComponent('Paging')}&limit=50`);
    const names = byName.results.map((r) => r.name).filter((n) => n.startsWith('Paging'));
    expect(names.length).toBeGreaterThanOrEqual(5);
    expect(names).toEqual([...names].sort());
  });

  it('refuses bad input with a 400 naming the field, and writes no audit entry for visitors', async () => {
    const before = await directoryAudit(t);
    const bad: [string, string][] = [
      ['near=91,0', 'query/near'],
      ['near=10,181', 'query/near'],
      ['near=abc', 'query/near'],
      ['near=10,10&radiusKm=0', 'query/radiusKm'],
      ['near=10,10&radiusKm=-3', 'query/radiusKm'],
      ['near=10,10&radiusKm=501', 'query/radiusKm'],
      ['radiusKm=10', 'query/radiusKm'],
      ['technique=reiki', 'query/technique'],
      ['insurance=acme', 'query/insurance'],
      ['language=xx', 'query/language'],
      ['area=elbow', 'query/area'],
      ['boardCertified=yes', 'query/boardCertified'],
      ['availableWithinDays=0', 'query/availableWithinDays'],
      [`q=${'a'.repeat(2000)}`, 'query/q'],
      ['cursor=not-a-cursor!', 'query/cursor'],
      [`cursor=${Buffer.from('{"s":"name"}').toString('base64url')}`, 'query/cursor'],
      ['zip=00000', 'query/zip'],
      ['zip=6060', 'query/zip'],
      ['frobnicate=1', 'query'],
    ];
    for (const [qs, path] of bad) {
      const res = await anon(t).req('GET', `/api/v1/directory/practitioners?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const errors = res.json<{ errors: { path: string }[] }>().errors;
      expect(
        errors.map((e) => e.path),
        qs,
      ).toContain(path);
    }
    // A cursor of one sort is refused by another.
    const p = await search(t, 'near=10,10&radiusKm=1&limit=1');
    expect(p.nextCursor).toBeNull();
    const missing = await anon(t).req(
      'GET',
      '/api/v1/directory/practitioners/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.statusCode).toBe(404);
    await search(t, 'zip=60601&radiusKm=5');
    expect(await directoryAudit(t)).toBe(before);
  });

  it('lets only the clinic admin edit their own practitioners, audited with what changed', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const pid = await practice(t, k);
    const spot = randomSpot();
    const admin = await login(t, k.users.admin.email);
    const outsider = await login(t, other.users.admin.email);
    const clinician = await login(t, k.users.clinician.email);
    expect(
      (await outsider.req('PUT', `/api/v1/directory/profiles/${pid}`, { published: true })).statusCode,
    ).toBe(404);
    await list(admin, pid, spot);
    await list(admin, pid, spot, { languages: ['en', 'fr'] });
    const denied = await clinician.req('PUT', `/api/v1/directory/profiles/${pid}`, {});
    expect(denied.statusCode).toBe(403);
    const rows = await rawRows<{ details: { changed: string[] } | string }>(
      t.database.db,
      sql`select details from audit_events where clinic_id = ${k.clinicId} and action = 'directory.profile.update' and outcome = 'success' order by n`,
    );
    const changed = rows.map(
      (r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details).changed,
    );
    expect(changed).toEqual([['created'], ['languages']]);
    // A verification needs both date and source, and no date in the future.
    const half = await admin.req('PUT', `/api/v1/directory/profiles/${pid}`, {
      ...(await import('./test-helpers.ts')).fullProfile({
        boardCertifications: [
          { board: 'AOBNMM', specialty: 'x', status: 'active', verifiedOn: '2027-01-01' },
        ],
      }),
    });
    expect(half.statusCode).toBe(400);
    expect(half.json().errors[0].path).toBe('boardCertifications/0/source');
    // A practitioner who leaves the clinic (inactive) leaves the directory too.
    await t.database.db.execute(sql`update practitioners set active = false where id = ${pid}`);
    expect((await search(t, `near=${nearOf(spot)}&radiusKm=1`)).results).toEqual([]);
    expect((await anon(t).req('GET', `/api/v1/directory/practitioners/${pid}`)).statusCode).toBe(404);
    await t.database.db.execute(sql`update practitioners set active = true where id = ${pid}`);
    expect((await search(t, `near=${nearOf(spot)}&radiusKm=1`)).results).toHaveLength(1);
    // Unpublished: gone from search and from its profile address.
    await list(admin, pid, spot, { published: false });
    expect((await search(t, `near=${nearOf(spot)}&radiusKm=1`)).results).toEqual([]);
    expect((await anon(t).req('GET', `/api/v1/directory/practitioners/${pid}`)).statusCode).toBe(404);
  });
});

async function directoryAudit(t: TestApp): Promise<number> {
  const [row] = await rawRows<{ n: number | string }>(
    t.database.db,
    sql`select count(*) as n from audit_events where action like '%/directory/%' and user_id is null`,
  );
  return Number(row!.n);
}

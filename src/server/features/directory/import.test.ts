import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/connect.ts';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';
import { importRegistryFile } from './import.ts';
import { fullProfile, practice } from './test-helpers.ts';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/nppes-sample.csv');
/** The fixture's NPIs (first nine digits 1930000nn): removed first, as PostgreSQL keeps other runs' rows. */
const FIXTURE_NPIS = sql`npi like '1930000%'`;

describeEngines('registry import on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
    await t.database.db.execute(sql`delete from directory_entries where ${FIXTURE_NPIS}`);
  });
  afterAll(() => t.close());

  const rows = () =>
    rawRows<{
      npi: string;
      name: string;
      source: string;
      practitioner_id: string | null;
      lat: number | null;
      address: unknown;
      credentials: string[];
    }>(
      t.database.db,
      sql`select npi, name, source, practitioner_id, lat, address, credentials from directory_entries where ${FIXTURE_NPIS} order by npi`,
    );

  it('keeps osteopathic physicians, skips the rest with reasons, geocodes by ZIP and never makes them bookable', async () => {
    const progress: number[] = [];
    const practitionersBefore = await count(t, 'practitioners');
    const report = await importRegistryFile(t.database.db, FIXTURE, {
      now: new Date(t.clock.now),
      onProgress: (r) => progress.push(r.rows),
    });
    expect(report).toEqual(
      expect.objectContaining({ rows: 11, imported: 4, inserted: 4, updated: 0, notGeocoded: 1 }),
    );
    expect(report.skipped).toEqual({
      'not an osteopathic physician': 1,
      'organisation, not an individual': 1,
      'invalid NPI': 1,
      'deactivated NPI': 1,
      'wrong number of fields': 1,
      'missing name': 1,
      'NPI repeated later in the file': 1,
    });
    expect(report.examples.find((e) => e.reason === 'wrong number of fields')?.line).toBe(8);
    expect(progress.at(-1)).toBe(11);
    const got = await rows();
    expect(got.map((r) => r.name)).toEqual([
      'Andrew Taylor Still',
      'Maria Garcia',
      'Nowhere Zip',
      'Quoted Address',
    ]);
    expect(got.every((r) => r.source === 'registry' && r.practitioner_id === null)).toBe(true);
    // The later row of a repeated NPI wins: Kirksville, placed by its ZIP.
    const still = got[0]!;
    expect(still.address).toEqual(expect.objectContaining({ city: 'Kirksville', postalCode: '63501' }));
    expect(Number(still.lat)).toBeCloseTo(40.19, 1);
    expect(got[2]!.lat).toBeNull();
    expect(got[3]!.address).toEqual(expect.objectContaining({ line: '12 "B" St, Rear' }));
    expect(got[3]!.credentials).toEqual(['DO', 'FAAO']);
    expect(await count(t, 'practitioners')).toBe(practitionersBefore);
    // Findable in public search, without a booking.
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/directory/practitioners?zip=63501&radiusKm=5&q=Still',
    });
    const found = res.json<{ results: { name: string; nextAvailable: null; practitionerId: null }[] }>()
      .results;
    expect(found).toEqual([
      expect.objectContaining({ name: 'Andrew Taylor Still', nextAvailable: null, practitionerId: null }),
    ]);
  });

  it('upserts by NPI on a second run, and leaves alone an NPI a clinic lists itself', async () => {
    const k = await makeClinic(t);
    const pid = await practice(t, k);
    const clinicNpi = '1930000025'; // Maria Garcia's NPI in the fixture, imported by the first test
    expect((await rows()).find((r) => r.npi === clinicNpi)?.source).toBe('registry');
    await t.database.db.execute(sql`update practitioners set npi = ${clinicNpi} where id = ${pid}`);
    // Listing her at the clinic replaces the registry listing: she appears once, bookable.
    const admin = await login(t, k.users.admin.email);
    expect((await admin.req('PUT', `/api/v1/directory/profiles/${pid}`, fullProfile())).statusCode).toBe(200);
    const report = await importRegistryFile(t.database.db, FIXTURE, { now: new Date(t.clock.now) });
    expect(report).toEqual(expect.objectContaining({ imported: 3, inserted: 0, updated: 3 }));
    expect(report.skipped['listed by a clinic on this server']).toBe(1);
    const garcia = (await rows()).find((r) => r.npi === clinicNpi)!;
    expect(garcia).toEqual(
      expect.objectContaining({ source: 'clinic', practitioner_id: pid, name: 'Dr. Test, DO' }),
    );
    expect((await rows()).filter((r) => r.source === 'registry')).toHaveLength(3);
  });

  it('refuses a file without the NPPES columns, naming them, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nppes-'));
    const file = path.join(dir, 'wrong.csv');
    fs.writeFileSync(file, '"NPI","Name"\n"1234567893","X"\n');
    const before = await count(t, 'directory_entries');
    await expect(importRegistryFile(t.database.db, file, { now: new Date(t.clock.now) })).rejects.toThrow(
      /lacks the column\(s\) "Entity Type Code"/,
    );
    expect(await count(t, 'directory_entries')).toBe(before);
  });
});

async function count(t: TestApp, table: 'practitioners' | 'directory_entries') {
  const [row] = await rawRows<{ n: number | string }>(
    t.database.db,
    sql`select count(*) as n from ${sql.identifier(table)}`,
  );
  return Number(row!.n);
}

/**
 * Directory search at 1,500 and 150,000 imported practitioners (issue 12): the synthetic NPPES file
 * (bench/nppes.ts) goes through the real import path, then the real app answers text, distance and
 * filtered searches over HTTP, one request at a time from autocannon (its own process's load, as
 * real traffic); p95 latency per query at both sizes, and the import's rows/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import type { Row } from './run.ts';
import { writeSynthetic } from './nppes.ts';
import { importRegistryFile } from '../src/server/features/directory/index.ts';
import { login, makeClinic, startTestApp, type TestApp } from '../src/server/testing/harness.ts';
import { list, practice } from '../src/server/features/directory/test-helpers.ts';

const CHICAGO = '41.8781,-87.6298';
const QUERIES: Record<string, string> = {
  // A visitor's typo of a surname (MITCHELL, ~300 of 150,000 listings), sorted by name.
  text: 'q=mitchel',
  distance: `near=${CHICAGO}&radiusKm=50`,
  filtered: `near=${CHICAGO}&radiusKm=100&technique=counterstrain&acceptingNewPatients=true`,
  // The same typo within 300 km. (A top-ten surname such as GARCIA, ~740 matches in the country,
  // costs in proportion: the text's matches are all read, then those in the radius sorted.)
  'text + distance': `q=mitchel&near=${CHICAGO}&radiusKm=300`,
};
/**
 * Issue 12 budgets text, distance and filtered searches; text within a radius is measured beside
 * them and reported with its ratio, not judged: sorting a text's matches by distance reads every
 * match in the country, so it grows with them (see the README).
 */
const REPORTED_ONLY = new Set(['text + distance']);
/** The synthetic file keeps about 76 % of its rows (DOs and osteopathic MDs). */
const KEPT = 0.759;
const BUDGET_MS = 25;

async function p95(base: string, qs: string): Promise<number> {
  const url = `${base}/api/v1/directory/practitioners?${qs}`;
  await autocannon({ url, connections: 1, amount: 30 });
  const res = await autocannon({ url, connections: 1, duration: 4 });
  if (res.non2xx || res.errors) throw new Error(`directory bench: ${res.non2xx} non-2xx for ${qs}`);
  return res.latency.p97_5 ?? res.latency.p99;
}

/** Removes the synthetic rows (their NPIs start 100…), so PostgreSQL is left as it was. */
const clear = (t: TestApp) =>
  t.database.db.execute(sql`delete from directory_entries where source = 'registry' and npi < '1002000000'`);

async function importRows(t: TestApp, practitioners: number) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nppes-')), 'npidata.csv');
  writeSynthetic(file, Math.ceil(practitioners / KEPT));
  const r = await importRegistryFile(t.database.db, file, { now: new Date(t.clock.now) });
  fs.rmSync(path.dirname(file), { recursive: true });
  return r;
}

export async function directoryRows(engine: 'pglite' | 'postgres'): Promise<Row[]> {
  const t = await startTestApp(engine);
  await clear(t);
  // A clinic's bookable DO in Chicago, so pages carry nextAvailable from the slot engine.
  const k = await makeClinic(t);
  const pid = await practice(t, k);
  const admin = await login(t, k.users.admin.email);
  await list(admin, pid, { lat: 41.88, lng: -87.63 }, { techniques: ['counterstrain'] });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  const small = await importRows(t, 1_500);
  const at1500: Record<string, number> = {};
  for (const [name, qs] of Object.entries(QUERIES)) at1500[name] = await p95(base, qs);
  const large = await importRows(t, 150_000);
  const out: Row[] = [];
  for (const [name, qs] of Object.entries(QUERIES)) {
    const ms = await p95(base, qs);
    const ratio = ms / Math.max(at1500[name]!, 1);
    out.push({
      what: `Directory search, ${name} (${engine}, ${large.imported.toLocaleString('en-US')} imported)`,
      figure: `p95 ${ms.toFixed(1)} ms vs ${at1500[name]!.toFixed(1)} ms at ${small.imported.toLocaleString('en-US')} (×${ratio.toFixed(2)})`,
      budget: REPORTED_ONLY.has(name)
        ? 'reported (not a budget: grows with the text’s matches)'
        : `p95 ≤ ${BUDGET_MS} ms; ≤ 2× the 1,500 case`,
      ok: REPORTED_ONLY.has(name) ? null : ms <= BUDGET_MS && ratio <= 2,
    });
  }
  out.push({
    what: `Registry import (${engine})`,
    figure: `${Math.round(large.rows / large.seconds).toLocaleString('en-US')} rows/s (${large.rows.toLocaleString('en-US')} rows, ${large.imported.toLocaleString('en-US')} kept, ${large.seconds.toFixed(0)} s)`,
    budget: 'reported',
    ok: null,
  });
  await clear(t);
  await t.close();
  return out;
}

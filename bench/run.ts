/**
 * `npm run bench`: performance budgets from the engineering guide, measured on this machine and
 * printed as a report. Loopback only; every load is bounded in requests and time.
 */
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { makeClinic, startTestApp, TEST_PASSWORD } from '../src/server/testing/harness.ts';
import { chartingRows } from './charting.ts';
import { loadFromOutside } from './outside.ts';
import { quick, saveAndCompare } from './results.ts';

interface Row {
  what: string;
  figure: string;
  budget: string;
  ok: boolean | null;
}
const rows: Row[] = [];

/**
 * Ten connections for a fixed time from autocannon in its own process; the rate is what completed
 * over that time (not bucket averages).
 */
const load = (url: string, headers: Record<string, string>) =>
  loadFromOutside(url, headers, { seconds: quick ? 3 : 8, warmup: quick ? 200 : 500 });

async function readBench(engine: 'pglite' | 'postgres') {
  // The real app: session cookie, role check, clinic scoping, audit entry in the same transaction.
  const t = await startTestApp(engine);
  const k = await makeClinic(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: k.users.clinician.email, password: TEST_PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const app = await load(`${base}/api/v1/patients/${k.patients[0]}`, { cookie });
  if (engine === 'postgres') await peerBench(app.rps);

  // A bare Fastify route doing one primary-key select on the same database.
  const bare = Fastify();
  const db = t.database.db;
  bare.get('/p/:id', async (req) => {
    const r = await db.execute(sql`select * from patients where id = ${(req.params as { id: string }).id}`);
    return (r as unknown as { rows: unknown[] }).rows[0];
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareRes = await load(
    `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/p/${k.patients[0]}`,
    {},
  );
  await bare.close();
  await t.close();
  const ratio = app.rps / bareRes.rps;
  rows.push({
    what: `Authenticated single-record read (${engine})`,
    figure: `${app.rps.toFixed(0)} req/s vs bare ${bareRes.rps.toFixed(0)} req/s = ${(ratio * 100).toFixed(0)}% (non-2xx ${app.errors})`,
    budget: '≥ 50% of bare',
    ok: ratio >= 0.5 && app.errors === 0,
  });
}

/**
 * Beside the peer: the same read against a FHIR server given to the bench (for example a local
 * Medplum: BENCH_FHIR_URL=http://127.0.0.1:8103/fhir/R4 BENCH_FHIR_TOKEN=<access token>
 * BENCH_FHIR_PATIENT=<Patient id>), measured in the same run with the same load, right after our
 * audited read on PostgreSQL. Goal: ours ≥ 1.5× the peer's.
 */
async function peerBench(oursRps: number) {
  const what = 'Beside the peer: audited patient read vs a FHIR server’s Patient read (same load, same run)';
  const budget = '≥ 1.5× the peer';
  const url = process.env.BENCH_FHIR_URL?.replace(/\/$/, '');
  const patient = process.env.BENCH_FHIR_PATIENT;
  if (!url || !patient) {
    rows.push({
      what,
      figure: 'not run: set BENCH_FHIR_URL, BENCH_FHIR_PATIENT and (if it needs one) BENCH_FHIR_TOKEN',
      budget,
      ok: null,
    });
    return;
  }
  const token = process.env.BENCH_FHIR_TOKEN;
  const peer = await load(`${url}/Patient/${encodeURIComponent(patient)}`, {
    accept: 'application/fhir+json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  const ratio = oursRps / peer.rps;
  rows.push({
    what,
    figure: `ours ${oursRps.toFixed(0)} req/s vs ${url} ${peer.rps.toFixed(0)} req/s = ${ratio.toFixed(2)}× (peer non-2xx ${peer.errors})`,
    budget,
    ok: peer.errors === 0 ? ratio >= 1.5 : false,
  });
}

async function main() {
  const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const engines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
    ? ['pglite', 'postgres']
    : ['pglite'];
  for (const e of engines) if (!only || only === 'read') await readBench(e);
  if (!only || only === 'charting') rows.push(...(await chartingRows()));
  const { benches } = await import('./extra.ts');
  for (const b of benches) if (!only || only === b.name) rows.push(...(await b.run()));
  console.log('\nStillpoint benchmarks (2-core budgets from engineering.md)\n');
  for (const r of rows)
    console.log(
      `${r.ok === null ? '  ·' : r.ok ? ' ok' : 'GAP'}  ${r.what}: ${r.figure}  [budget ${r.budget}]`,
    );
  if (!process.env.TEST_DATABASE_URL)
    console.log('\n(set TEST_DATABASE_URL=postgres://… to include the PostgreSQL figures)');
  saveAndCompare(rows, { only: only ?? null });
}

export type { Row };
await main();

/**
 * The outcomes report (`GET /api/v1/reports/outcomes`) for a clinic with 5,000 patients and 50,000
 * scores, through the real HTTP app (session, role check, audit entry in the same transaction):
 * sequential requests after a warm-up, p95 against the 50 ms budget, on each engine.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { rawRows } from '../src/server/db/connect.ts';
import { makeClinic, startTestApp, TEST_PASSWORD } from '../src/server/testing/harness.ts';
import type { Row } from './run.ts';

const BUDGET_MS = 50;
const PATIENTS = 5_000;
const PER_PATIENT = 10;

async function one(engine: 'pglite' | 'postgres'): Promise<Row> {
  const t = await startTestApp(engine);
  const k = await makeClinic(t);
  const db = t.database.db;
  const author = k.users.clinician.id;
  const start = new Date(t.clock.now - 200 * 86_400_000).toISOString();
  await rawRows(
    db,
    sql`insert into patients (clinic_id, given_name, family_name, birth_date, sex)
        select ${k.clinicId}, 'Bench' || g, 'Patient', date '1970-01-01' + (g % 9000), 'female'
        from generate_series(1, ${PATIENTS}) g`,
  );
  // Ten NRS answers per patient, a week apart, drifting down by a patient-specific amount.
  await rawRows(
    db,
    sql`with p as (select id, row_number() over (order by id) as n from patients
                   where clinic_id = ${k.clinicId} and given_name like 'Bench%'),
        s as (select p.id as patient_id, i,
                     greatest(0, least(10, 8 - (i * (p.n % 4)) / 3))::int as pain,
                     ${start}::timestamptz + (i || ' weeks')::interval as at
              from p, generate_series(0, ${PER_PATIENT - 1}) i),
        r as (insert into questionnaire_responses (clinic_id, patient_id, instrument, instrument_version,
                                                   authored, answers, author_user_id, created_at)
              select ${k.clinicId}, patient_id, 'nrs', '1', at, jsonb_build_object('pain', pain), ${author}, at
              from s returning id, patient_id, authored, answers)
        insert into outcome_observations (clinic_id, patient_id, response_id, instrument, effective, score, created_at)
        select ${k.clinicId}, patient_id, id, 'nrs', authored, (answers->>'pain')::float8, authored from r`,
  );
  await rawRows(db, sql`analyze`);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: k.users.clinician.email, password: TEST_PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const url = `${base}/api/v1/reports/outcomes?instrument=nrs`;
  let patients = 0;
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = (await res.json()) as { patients: number };
    if (i >= 10) times.push(performance.now() - t0);
    patients = body.patients;
  }
  await t.close();
  times.sort((a, b) => a - b);
  const p95 = times[Math.ceil(times.length * 0.95) - 1]!;
  return {
    what: `Outcomes report, ${PATIENTS.toLocaleString('en-US')} patients / ${(PATIENTS * PER_PATIENT).toLocaleString('en-US')} scores (${engine})`,
    figure: `p95 ${p95.toFixed(1)} ms over ${times.length} requests (${patients} patients counted)`,
    budget: `p95 ≤ ${BUDGET_MS} ms`,
    ok: p95 <= BUDGET_MS && patients === PATIENTS,
  };
}

export async function outcomesRows(): Promise<Row[]> {
  const engines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
    ? ['pglite', 'postgres']
    : ['pglite'];
  const rows: Row[] = [];
  for (const e of engines) rows.push(await one(e));
  return rows;
}

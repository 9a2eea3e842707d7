/**
 * Flat cost as data grows: the audited single-record read measured with a small clinic (10,000
 * audit entries, 100 patients) and again after its history has grown to 1,000,000 audit entries
 * and 100,000 patients, in the same run and process. Budget: the large-data rate ≥ 90 % of the
 * small-data rate. The history is written with set-based SQL as sealed entries of the clinic's own
 * chain (what years of use leave behind); the requests measured then append and seal after it.
 */
import { sql } from 'drizzle-orm';
import { makeClinic, startTestApp, TEST_PASSWORD, type TestApp } from '../src/server/testing/harness.ts';
import { sealAudit } from '../src/server/platform/audit.ts';
import type { Row } from './run.ts';
import { loadFromOutside } from './outside.ts';
import { quick } from './results.ts';

const SMALL = { audit: 10_000, patients: 100 };
const LARGE = { audit: 1_000_000, patients: 100_000 };

/** Appends sealed history to the clinic's chain up to `total` entries (fake hashes: never verified here). */
async function growAudit(t: TestApp, clinicId: string, total: number) {
  const chain = `clinic:${clinicId}`;
  const db = t.database.db;
  // The entries of requests already answered are sealed first: the history goes after them.
  await sealAudit(db);
  const have = (
    (await db.execute(
      sql`select coalesce(max(seq), 0)::int as n from audit_events where chain = ${chain}`,
    )) as unknown as {
      rows: { n: number }[];
    }
  ).rows[0]!.n;
  // In slices, so PGlite's memory stays bounded.
  for (let from = have + 1; from <= total; from += 100_000) {
    const to = Math.min(total, from + 99_999);
    await db.execute(sql`
      insert into audit_events (id, chain, seq, at, clinic_id, action, resource_type, resource_id,
                                outcome, request_id, emergency, prev_hash, hash)
      select gen_random_uuid(), ${chain}, g, now() - make_interval(secs => ${total} - g), ${clinicId},
             'patient.read', 'patient', gen_random_uuid()::text, 'success', 'history-' || g, false,
             md5((g - 1)::text) || md5((g - 1)::text), md5(g::text) || md5(g::text)
        from generate_series(${from}::int, ${to}::int) g`);
  }
}

/** Adds patients to the clinic up to `total`. */
async function growPatients(t: TestApp, clinicId: string, total: number) {
  const db = t.database.db;
  const have = (
    (await db.execute(
      sql`select count(*)::int as n from patients where clinic_id = ${clinicId}`,
    )) as unknown as {
      rows: { n: number }[];
    }
  ).rows[0]!.n;
  for (let from = have + 1; from <= total; from += 50_000) {
    const to = Math.min(total, from + 49_999);
    await db.execute(sql`
      insert into patients (clinic_id, given_name, family_name, birth_date, sex)
      select ${clinicId}, 'Given' || g, 'Family' || (g % 5000), date '1950-01-01' + (g % 20000), 'other'
        from generate_series(${from}::int, ${to}::int) g`);
  }
}

/**
 * Vacuums, analyzes and checkpoints after a growth, so the measurement meets the steady state of an
 * old history, not autovacuum and a checkpoint catching up with a million fresh rows.
 */
async function settle(t: TestApp) {
  const db = t.database.db;
  await db.execute(sql`vacuum analyze audit_events`);
  await db.execute(sql`vacuum analyze patients`);
  await db.execute(sql`checkpoint`);
}

async function one(engine: 'pglite' | 'postgres'): Promise<Row> {
  const t = await startTestApp(engine);
  try {
    const k = await makeClinic(t);
    await growAudit(t, k.clinicId, SMALL.audit);
    await growPatients(t, k.clinicId, SMALL.patients);
    await settle(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: k.users.clinician.email, password: TEST_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const url = `${base}/api/v1/patients/${k.patients[0]}`;
    const opts = { seconds: quick ? 3 : 8, warmup: quick ? 200 : 500 };
    const small = await loadFromOutside(url, { cookie }, opts);
    await growAudit(t, k.clinicId, LARGE.audit);
    await growPatients(t, k.clinicId, LARGE.patients);
    await settle(t);
    const large = await loadFromOutside(url, { cookie }, opts);
    const ratio = large.rps / small.rps;
    return {
      what: `Audited read as the clinic grows (${engine}): ${SMALL.audit.toLocaleString('en-US')} → ${LARGE.audit.toLocaleString('en-US')} audit entries, ${SMALL.patients} → ${LARGE.patients.toLocaleString('en-US')} patients`,
      figure: `${small.rps.toFixed(0)} → ${large.rps.toFixed(0)} req/s = ${(ratio * 100).toFixed(0)}% (p95 ${small.p95} → ${large.p95} ms; non-2xx ${small.errors + large.errors})`,
      budget: '≥ 90% of the small-data rate',
      ok: ratio >= 0.9 && small.errors + large.errors === 0,
    };
  } finally {
    await t.close();
  }
}

export async function flatRows(): Promise<Row[]> {
  const engines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
    ? ['pglite', 'postgres']
    : ['pglite'];
  const out: Row[] = [];
  for (const e of engines) out.push(await one(e));
  return out;
}

/**
 * The database-only reference for the booking benchmark (issue 14): what PostgreSQL alone does on
 * this machine, in the same run, with a booking-shaped transaction from pgbench and the same 50
 * clients — the session touch, the schedule's advisory lock, the appointment insert under an
 * exclusion constraint, its status row, an outbox row and an audit row, then COMMIT. The app's
 * bookings per second are reported as a share of it, so runs on machines of different speed
 * compare. Tables of its own (schema `bench_reference`, dropped afterwards); slots never clash
 * (a sequence spaces them), as the benchmark's bookings never do.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

const SCHEMA = 'bench_reference';

const SETUP = `
drop schema if exists ${SCHEMA} cascade;
create schema ${SCHEMA};
create extension if not exists btree_gist;
create table ${SCHEMA}.sessions (id int primary key, last_seen timestamptz not null);
insert into ${SCHEMA}.sessions select g, now() from generate_series(1, 50) g;
create sequence ${SCHEMA}.slot;
create table ${SCHEMA}.appointments (
  id uuid primary key default gen_random_uuid(),
  practitioner int not null,
  patient int not null,
  during tstzrange not null,
  status text not null,
  created_at timestamptz not null default now(),
  exclude using gist (practitioner with =, during with &&)
);
create table ${SCHEMA}.appointment_events (
  id bigserial primary key, appointment_id uuid not null, status text not null,
  at timestamptz not null default now());
create table ${SCHEMA}.outbox (
  id bigserial primary key, kind text not null, payload jsonb not null,
  due_at timestamptz not null default now(), sent_at timestamptz);
create index on ${SCHEMA}.outbox (due_at) where sent_at is null;
create table ${SCHEMA}.audit (
  id bigserial primary key, at timestamptz not null default now(), action text not null,
  resource_id uuid, details jsonb not null);
`;

/** One booking: the statements a booking's transaction needs at the least. */
const SCRIPT = `
\\set client random(1, 50)
\\set practitioner random(1, 50)
\\set patient random(1, 200)
BEGIN;
UPDATE ${SCHEMA}.sessions SET last_seen = now() WHERE id = :client;
SELECT pg_advisory_xact_lock(:practitioner);
WITH a AS (
  INSERT INTO ${SCHEMA}.appointments (practitioner, patient, during, status)
  SELECT :practitioner, :patient, tstzrange(t, t + interval '30 minutes'), 'booked'
    FROM (SELECT timestamptz '2030-01-01' + nextval('${SCHEMA}.slot') * interval '30 minutes' AS t) s
  RETURNING id
), e AS (
  INSERT INTO ${SCHEMA}.appointment_events (appointment_id, status) SELECT id, 'booked' FROM a
), o AS (
  INSERT INTO ${SCHEMA}.outbox (kind, payload) SELECT 'confirmation', jsonb_build_object('appointment', id) FROM a
)
INSERT INTO ${SCHEMA}.audit (action, resource_id, details) SELECT 'appointment.book', id, '{}' FROM a;
COMMIT;
`;

export interface PgbenchReference {
  transactionsPerSecond: number;
  clients: number;
  seconds: number;
}

/**
 * Runs the booking-shaped transaction with pgbench against `url` for `seconds` with `clients`
 * clients (two pgbench threads, as the machine has two cores), or null when pgbench is missing.
 */
export async function pgbenchReference(
  url: string,
  opts: { seconds: number; clients: number },
): Promise<PgbenchReference | null> {
  const bin = pgbenchBinary();
  if (!bin) return null;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-pgbench-'));
  try {
    await admin.query(SETUP);
    const script = path.join(dir, 'booking.sql');
    fs.writeFileSync(script, SCRIPT);
    const { stdout } = await run(
      bin,
      ['-n', '-c', String(opts.clients), '-j', '2', '-T', String(opts.seconds), '-f', script, url],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no rate:\n${stdout}`);
    return { transactionsPerSecond: Number(tps[1]), clients: opts.clients, seconds: opts.seconds };
  } finally {
    await admin.query(`drop schema if exists ${SCHEMA} cascade`).catch(() => undefined);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pgbenchBinary(): string | null {
  const candidates = [
    ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'pgbench')),
    ...(fs.existsSync('/usr/lib/postgresql')
      ? fs
          .readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => path.join('/usr/lib/postgresql', v, 'bin', 'pgbench'))
      : []),
  ];
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

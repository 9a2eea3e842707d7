import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Logger } from 'drizzle-orm/logger';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawRows, type Db, type Tx } from '../db/connect.ts';
import * as schema from '../db/schema.ts';
import {
  describeEngines,
  makeClinic,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';
import { claimDue } from '../features/notifications/store.ts';
import { findPatientWithChildren, patientWithLists } from '../features/patients/store.ts';
import {
  claimAndOpen,
  findPractitioner,
  loadBookingFacts,
  loadSchedule,
  typeById,
} from '../features/scheduling/store.ts';
import { lockWithScope, visitReads } from '../features/charting/store.ts';
import { encounterSubject } from '../features/charting/subjects.ts';
import { chainTail } from './audit.ts';
import { prepareSessionLookup } from './session.ts';
import { openPatientRead } from './opening.ts';
import type { AuthedContext } from './context.ts';

/**
 * Issue 14: the cost of a request must not grow with the clinic's history. Against a database with
 * tens of thousands of sessions, patients, appointments, audit entries and sent messages (written
 * in a transaction that is rolled back, then ANALYZEd), each hot query is run through the app's own
 * code with a logger that records the SQL it sends, and every recorded statement is EXPLAINed with
 * its parameters: no sequential scan of a clinic-sized table anywhere in its plan.
 */

/** The tables that grow with a clinic's history. */
const CLINIC_SIZED = [
  'sessions',
  'users',
  'patients',
  'conditions',
  'patient_flags',
  'medications',
  'allergies',
  'patient_list_statuses',
  'appointments',
  'audit_events',
  'outbox_messages',
];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

class Rollback extends Error {}

const READ = { action: 'patient.read', resourceType: 'Patient' };

/** A clinician of the clinic, as the enforcement point hands them to the audited read. */
function staffContext(k: TestClinic): AuthedContext {
  const u = k.users.clinician;
  return {
    requestId: randomUUID(),
    user: {
      id: u.id,
      email: u.email,
      name: 'clinician',
      role: 'clinician',
      clinicId: k.clinicId,
      patientId: null,
    },
    via: 'session',
    ip: '127.0.0.1',
    userAgent: 'hot-queries',
    now: new Date(),
  };
}

/** One of the filled sessions, as a remembered session's proof names it. */
const proofFor = (k: TestClinic, tag: string) => ({
  sessionId: `s-${tag}-777`,
  userId: k.users.clinician.id,
  epoch: 0,
  mfaVerified: false,
  role: 'clinician',
  clinicId: k.clinicId,
  email: k.users.clinician.email,
  name: 'clinician',
  userPatientId: null,
  mfaEnabled: false,
  mfaRequiredForStaff: false,
});

/** A statement as the driver received it, `$n` placeholders and their values. */
interface Sent {
  query: string;
  params: unknown[];
}

/** The recorded statement as EXPLAIN (FORMAT JSON), its placeholders bound to the recorded values. */
function explainOf(s: Sent): SQL {
  const parts = s.query.split(/\$(\d+)/);
  const chunks: SQL[] = [sql.raw('explain (format json) ')];
  parts.forEach((part, i) => chunks.push(i % 2 ? sql`${s.params[Number(part) - 1]}` : sql.raw(part)));
  return sql.join(chunks, sql``);
}

describeEngines('hot queries use indexes on %s', (engine) => {
  let t: TestApp;
  let pool: pg.Pool | null = null;
  let db: Db;
  let recording: Sent[] | null = null;
  const logger: Logger = { logQuery: (query, params) => recording?.push({ query, params }) };

  beforeAll(async () => {
    t = await startTestApp(engine);
    // The app's queries through a drizzle instance that logs what it sends (same database).
    if (engine === 'postgres') {
      pool = new pg.Pool({
        connectionString: process.env.TEST_DATABASE_URL!,
        max: 1,
        options: '-c TimeZone=UTC',
      });
      db = drizzlePg(pool, { schema, logger });
    } else db = drizzlePglite(t.database.pglite!, { schema, logger }) as unknown as Db;
  });
  afterAll(async () => {
    await pool?.end();
    await t.close();
  });

  it('session lookup, patient by id, slot search and booking check, a booking’s claim and facts, audit chain tail, outbox pick-up and charting a visit: no sequential scan of a clinic-sized table', async () => {
    const k = await makeClinic(t);
    const tag = randomUUID().slice(0, 8);
    const chain = `clinic:${randomUUID()}`;
    const plans = new Map<string, PlanNode[]>();
    await db
      .transaction(async (tx) => {
        await fill(tx, k.clinicId, k.users.admin.id, k.patients[0], tag, chain);
        // Statistics of the filled tables only (a shared test database: no lock on the others).
        await tx.execute(sql.raw(`analyze ${CLINIC_SIZED.join(', ')}`));
        const [anyPractitioner] = await rawRows<{ id: string; type: string }>(
          tx,
          sql`select p.id, t.id as type from practitioners p join appointment_types t on t.clinic_id = p.clinic_id
              where p.clinic_id = ${k.clinicId} limit 1`,
        );
        const p = (await findPractitioner(tx, anyPractitioner!.id, k.clinicId))!;
        const type = (await typeById(tx, anyPractitioner!.type))!;
        const day = new Date(Date.UTC(2026, 5, 1, 12));
        const [visit] = await rawRows<{ id: string }>(
          tx,
          sql`insert into encounters (clinic_id, patient_id, practitioner_id, created_by, occurred_at, created_at, updated_at)
              values (${k.clinicId}, ${k.patients[0]}, ${p.id}, ${k.users.clinician.id}, now(), now(), now())
              returning id`,
        );
        const hot: [string, () => Promise<unknown>][] = [
          ['session lookup', () => prepareSessionLookup(tx).execute({ id: `s-${tag}-777` })],
          ['patient by id', () => findPatientWithChildren(tx, k.clinicId, k.patients[0])],
          // The audited read's one statement: session check, record and lists, grant, entry.
          [
            'audited read',
            () =>
              openPatientRead(tx, staffContext(k), k.patients[0], patientWithLists, READ, proofFor(k, tag)),
          ],
          // The slot search and a booking's re-check under the lock read the schedule the same way.
          ['slot search / booking check', () => loadSchedule(tx, p, type, { start: day, end: day }, day)],
          // A booking's first statement: its key's claim, the schedule lock and the named patient.
          [
            'booking claim',
            () =>
              claimAndOpen(tx, {
                userKey: `user:${k.users.clinician.id}`,
                key: `hot-${tag}`,
                requestHash: 'hot',
                createdAt: day.toISOString(),
                clinicId: k.clinicId,
                patientId: k.patients[0],
                practitionerId: p.id,
              }),
          ],
          [
            'booking facts',
            () =>
              loadBookingFacts(tx, {
                clinicId: k.clinicId,
                practitionerId: p.id,
                typeCode: type.code,
                // (The other patient: the fill gives the first one all 40,000 appointments.)
                patientId: k.patients[1],
                start: day,
                now: day,
              }),
          ],
          ['audit chain tail', () => rawRows(tx, chainTail(chain))],
          ['outbox pick-up', () => claimDue(tx, new Date(), 20)],
          // Charting a visit: opening it with its patient, the save's locked read, the visit's read.
          ['visit opening', () => encounterSubject.find(tx, staffContext(k), visit!.id)],
          ['visit save under lock', () => lockWithScope(tx, k.clinicId, visit!.id, k.patients[0], undefined)],
          ['visit read', () => visitReads(tx, k.clinicId, k.patients[0], p.id, visit!.id)],
        ];
        for (const [name, run] of hot) {
          recording = [];
          await run();
          const sent = recording;
          recording = null;
          expect(sent.length, name).toBeGreaterThan(0);
          const all: PlanNode[] = [];
          for (const s of sent) {
            const [row] = await rawRows<{ 'QUERY PLAN': unknown }>(tx, explainOf(s));
            const json = row!['QUERY PLAN'];
            all.push(...nodes((typeof json === 'string' ? JSON.parse(json) : json)[0].Plan as PlanNode));
          }
          plans.set(name, all);
        }
        throw new Rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });

    const seqScans = [...plans].flatMap(([name, all]) =>
      all
        .filter((n) => n['Node Type'] === 'Seq Scan' && CLINIC_SIZED.includes(n['Relation Name'] ?? ''))
        .map((n) => `${name}: Seq Scan on ${n['Relation Name']}`),
    );
    expect(seqScans).toEqual([]);
    // Each query does reach its big table through an index.
    const indexed = (name: string) =>
      plans
        .get(name)!
        .filter((n) => n['Index Name'])
        .map((n) => n['Index Name']);
    expect(indexed('session lookup')).toContain('sessions_pkey');
    expect(indexed('patient by id')).toContain('patients_pkey');
    expect(indexed('audited read')).toEqual(expect.arrayContaining(['sessions_pkey', 'patients_pkey']));
    expect(indexed('slot search / booking check').some((i) => i!.startsWith('appointments_'))).toBe(true);
    expect(indexed('booking facts').filter((i) => i!.startsWith('appointments_')).length).toBeGreaterThan(1);
    expect(indexed('audit chain tail')).toContain('audit_chain_seq_uq');
    expect(indexed('outbox pick-up')).toContain('outbox_due_idx');
    expect(indexed('visit opening')).toContain('patients_pkey');
    for (const name of ['visit save under lock', 'visit read'])
      expect(indexed(name)).toEqual(
        expect.arrayContaining(['conditions_patient_idx', 'patient_flags_patient_idx']),
      );
  }, 120_000);
});

/**
 * A clinic's history: 2,000 staff, 20,000 sessions, 20,000 patients each with a condition, a flag,
 * a medication, an allergy and a list status, 20 practitioners with 40,000
 * appointments over four years, 20,000 sealed audit entries in one chain, 20,000 sent messages and
 * a few due ones.
 */
async function fill(tx: Tx, clinicId: string, userId: string, patientId: string, tag: string, chain: string) {
  await tx.execute(sql`
    insert into users (clinic_id, email, name, role, password_hash)
    select ${clinicId}, 'staff-' || g || '-' || ${tag} || '@test.example', 'Staff ' || g, 'frontdesk', 'x'
    from generate_series(1, 2000) g`);
  await tx.execute(sql`
    insert into sessions (id, user_id, clinic_id, created_at, last_seen_at, expires_at, idle_timeout_minutes, mfa_verified)
    select 's-' || ${tag} || '-' || g, ${userId}, ${clinicId}, now(), now(), now() + interval '1 hour', 15, false
    from generate_series(1, 20000) g`);
  await tx.execute(sql`
    insert into patients (clinic_id, given_name, family_name, birth_date, sex)
    select ${clinicId}, 'Given' || g, 'Family' || g, '1970-01-01', 'other' from generate_series(1, 20000) g`);
  // The record's lists: one entry of each per patient.
  for (const q of [
    sql`insert into conditions (clinic_id, patient_id, system, code, display, clinical_status)
        select clinic_id, id, 'http://hl7.org/fhir/sid/icd-10-cm', 'M54.50', 'Low back pain', 'active'
        from patients where clinic_id = ${clinicId}`,
    sql`insert into patient_flags (clinic_id, patient_id, flag) select clinic_id, id, 'fall-risk' from patients where clinic_id = ${clinicId}`,
    sql`insert into medications (clinic_id, patient_id, name) select clinic_id, id, 'Ibuprofen' from patients where clinic_id = ${clinicId}`,
    sql`insert into allergies (clinic_id, patient_id, substance, severity) select clinic_id, id, 'Latex', 'mild' from patients where clinic_id = ${clinicId}`,
    sql`insert into patient_list_statuses (clinic_id, patient_id, list, status, recorded_at)
        select clinic_id, id, 'allergies', 'recorded', now() from patients where clinic_id = ${clinicId}`,
  ])
    await tx.execute(q);
  await tx.execute(sql`
    insert into practitioners (clinic_id, name, time_zone)
    select ${clinicId}, 'Dr. ' || g, 'UTC' from generate_series(1, 20) g`);
  await tx.execute(sql`
    insert into appointment_types (clinic_id, code, name, duration_minutes, slot_interval_minutes)
    values (${clinicId}, ${`hot-${tag}`}, 'Hot', 30, 30)`);
  await tx.execute(sql`
    with ps as (select array_agg(id order by id) a from practitioners where clinic_id = ${clinicId}),
         ty as (select id from appointment_types where clinic_id = ${clinicId} and code = ${`hot-${tag}`})
    insert into appointments (clinic_id, practitioner_id, patient_id, appointment_type_id, starts_at, ends_at,
                              block_start, block_end, status, source, created_at)
    select ${clinicId}, ps.a[1 + g % 20], ${patientId}, ty.id, s, s + interval '30 minutes',
           s, s + interval '30 minutes', 'booked', 'staff', now()
    from ps, ty, generate_series(0, 39999) g,
         lateral (select timestamptz '2024-01-01 00:00+00' + (g / 20) * interval '1 hour' as s) x`);
  await tx.execute(sql`
    insert into audit_events (id, chain, at, action, resource_type, outcome, seq, prev_hash, hash)
    select gen_random_uuid(), ${chain}, now(), 'test.read', 'Test', 'success', g, md5((g - 1)::text), md5(g::text)
    from generate_series(1, 20000) g`);
  await tx.execute(sql`
    insert into outbox_messages (clinic_id, kind, to_address, subject, text, status, send_after, sent_at, created_at)
    select ${clinicId}, 'account-notice', 'x@test.example', 'S', 'T',
           case when g <= 5 then 'pending' else 'sent' end, now() - interval '1 day',
           case when g <= 5 then null else now() end, now()
    from generate_series(1, 20000) g`);
}

import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows } from '../db/connect.ts';
import {
  describeEngines,
  describePostgres,
  client,
  login,
  makeClinic,
  sessionIdOf,
  startTestApp,
  TEST_PASSWORD,
  type Client,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';
import { countStatements, type StatementCounter } from '../testing/statements.ts';
import { sessionHints } from './session.ts';

/**
 * The audited single-record read (`GET /api/v1/patients/:id`, `auditOnOpen`) is one statement
 * (platform/opening.ts): the session check, the record with its lists, the access rule and the
 * audit entry. The session may come from this process's memory only because that statement checks
 * it against the database: every change that ends or alters a session — made on this instance or
 * on another — is honoured by the very next read.
 */

interface Entry {
  action: string;
  outcome: string;
  user_id: string | null;
  patient_id: string | null;
  request_id: string | null;
}

const entriesOf = (t: TestApp, requestId: string) =>
  rawRows<Entry>(
    t.database.db,
    sql`select action, outcome, user_id, patient_id, request_id from audit_events where request_id = ${requestId}`,
  );

const read = (c: Client, patientId: string) => c.req('GET', `/api/v1/patients/${patientId}`);
/** Lets the audit sealer's pass after the previous request finish, so only the read is counted. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describeEngines('the audited single-record read on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let counter: StatementCounter;
  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
    counter = countStatements(t.database);
  });
  afterAll(async () => {
    counter.stop();
    await t.close();
  });

  it('is one statement with a remembered session, two without, and stores its entry', async () => {
    // A first read on the app (the embedded engine prepares its hot statements once, db/connect.ts).
    expect((await read(await login(t, k.users.admin.email), k.patients[0])).statusCode).toBe(200);
    const c = await login(t, k.users.clinician.email);
    sessionHints(t.database.db).delete(sessionIdOf(c));
    await settle();
    counter.reset();
    const cold = await read(c, k.patients[0]);
    expect(cold.statusCode).toBe(200);
    // The session lookup, then the read with its entry.
    expect(counter.statements).toHaveLength(2);
    await settle();
    counter.reset();
    const warm = await read(c, k.patients[0]);
    const sent = [...counter.statements];
    expect(warm.statusCode).toBe(200);
    expect(warm.json()).toMatchObject({ id: k.patients[0], conditions: [{ code: 'M54.50' }] });
    expect(sent).toHaveLength(1);
    // The statement itself, or on the embedded engine its prepared form (db/connect.ts, keepPrepared).
    if (!sent[0]!.startsWith('execute stillpoint_patient_open_')) {
      expect(sent[0]).toMatch(/insert into audit_events/);
      expect(sent[0]).toMatch(/from sessions/);
    }
    const entries = await entriesOf(t, String(warm.headers['x-request-id']));
    expect(entries).toEqual([
      {
        action: 'patient.read',
        outcome: 'success',
        user_id: k.users.clinician.id,
        patient_id: k.patients[0],
        request_id: String(warm.headers['x-request-id']),
      },
    ]);
  });

  it('a record outside the compartment is still a 404 with its refusal recorded, and no success entry', async () => {
    const c = await login(t, k.users.patient.email);
    expect((await read(c, k.patients[0])).statusCode).toBe(200);
    const res = await read(c, k.patients[1]);
    expect(res.statusCode).toBe(404);
    expect(await entriesOf(t, String(res.headers['x-request-id']))).toEqual([
      expect.objectContaining({ action: 'patient.read', outcome: 'denied', patient_id: k.patients[1] }),
    ]);
  });

  it('a remembered session is refused at once when the user is disabled, their role changes or MFA becomes required', async () => {
    const admin = await login(t, k.users.admin.email);
    const other = await makeClinic(t);
    const otherAdmin = await login(t, other.users.admin.email);
    const cases: { who: Client; change: () => Promise<unknown>; status: number }[] = [
      {
        who: await login(t, other.users.frontdesk.email),
        change: () =>
          otherAdmin.req('PATCH', `/api/v1/admin/users/${other.users.frontdesk.id}`, { disabled: true }),
        status: 401,
      },
      {
        who: await login(t, other.users.clinician.email),
        change: () =>
          otherAdmin.req('PATCH', `/api/v1/admin/users/${other.users.clinician.id}`, { role: 'frontdesk' }),
        status: 401,
      },
      {
        who: await login(t, k.users.frontdesk.email),
        change: () => admin.req('PATCH', '/api/v1/admin/clinic', { mfaRequiredForStaff: true }),
        status: 403,
      },
    ];
    for (const { who, change, status } of cases) {
      const patient = who === cases[2]?.who ? k.patients[0] : other.patients[0];
      expect((await read(who, patient)).statusCode).toBe(200);
      expect(sessionHints(t.database.db).get(sessionIdOf(who))).not.toBeNull();
      const changed = (await change()) as { statusCode: number };
      expect(changed.statusCode).toBe(200);
      const res = await read(who, patient);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.body).not.toContain('Lovelace');
      const entries = await entriesOf(t, String(res.headers['x-request-id']));
      expect(entries.map((e) => e.outcome)).toEqual(['denied']);
    }
    // The admin is staff too (now without a second factor): put the clinic back directly.
    await t.database.db.execute(
      sql`update clinics set mfa_required_for_staff = false where id = ${k.clinicId}`,
    );
  });

  it('the idle timeout holds: the read moves the idle clock on, and a session idle too long is refused', async () => {
    const c = await login(t, k.users.clinician.email);
    expect((await read(c, k.patients[0])).statusCode).toBe(200);
    const id = sessionIdOf(c);
    const lastSeen = async () =>
      (
        await rawRows<{ at: Date }>(
          t.database.db,
          sql`select last_seen_at as at from sessions where id = ${id}`,
        )
      )[0]!.at;
    t.clock.advance(20_000);
    await settle();
    counter.reset();
    expect((await read(c, k.patients[0])).statusCode).toBe(200);
    expect(counter.statements).toHaveLength(1);
    expect(new Date(await lastSeen()).getTime()).toBe(t.clock.now);
    // Staff idle timeout of the clinic: 15 minutes, counted from that read.
    t.clock.advance(15 * 60_000 + 1000);
    const res = await read(c, k.patients[0]);
    expect(res.statusCode).toBe(401);
    expect(await entriesOf(t, String(res.headers['x-request-id']))).toEqual([
      expect.objectContaining({ outcome: 'denied', user_id: null }),
    ]);
  });
});

describePostgres('two app instances on one %s database', () => {
  let a: TestApp;
  let b: TestApp;
  let k: TestClinic;
  beforeAll(async () => {
    a = await startTestApp('postgres');
    b = await startTestApp('postgres');
    k = await makeClinic(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a sign-out on one is honoured by the very next read on the other, whose memory still has the session', async () => {
    const onA = await login(a, k.users.clinician.email);
    const onB = client(b);
    onB.cookie = onA.cookie;
    expect((await read(onB, k.patients[0])).statusCode).toBe(200);
    expect(sessionHints(b.database.db).get(sessionIdOf(onB))).not.toBeNull();
    const counter = countStatements(b.database);
    try {
      await settle();
      counter.reset();
      expect((await read(onB, k.patients[0])).statusCode).toBe(200);
      expect(counter.statements).toHaveLength(1);
      expect((await onA.req('POST', '/api/v1/auth/logout', {})).statusCode).toBeLessThan(300);
      const res = await read(onB, k.patients[0]);
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain('Lovelace');
      const entries = await entriesOf(b, String(res.headers['x-request-id']));
      expect(entries).toEqual([expect.objectContaining({ outcome: 'denied', user_id: null })]);
    } finally {
      counter.stop();
    }
    // A fresh sign-in on A works on B.
    const again = await login(a, k.users.clinician.email, TEST_PASSWORD);
    const againOnB = client(b);
    againOnB.cookie = again.cookie;
    expect((await read(againOnB, k.patients[0])).statusCode).toBe(200);
  });
});

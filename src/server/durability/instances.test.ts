import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, rawRows, type Database } from '../db/connect.ts';
import { patients } from '../db/schema.ts';
import { overlappingPairs } from '../features/scheduling/test-helpers.ts';
import { describePostgres } from '../testing/engines.ts';
import {
  ackedCount,
  judge,
  killServer,
  newLedger,
  seedCrashClinic,
  signIn,
  startLoad,
  startServer,
  type CrashClinic,
  type Ledger,
  type Server,
} from './crash-load.testing.ts';
import {
  addOverlappingType,
  appointmentsOf,
  call,
  createScratchDatabase,
  eventually,
  seedDueMessages,
  seedExpiredHolds,
} from './instances.testing.ts';
import { startMailSink, type MailSink } from './mail-sink.testing.ts';

/**
 * Several app instances on one PostgreSQL (issue 14): three real app processes on their own ports
 * over one fresh database, driven round-robin. Double booking, sessions, idempotency, the outbox,
 * waiting-list holds and a kill -9 of one instance are judged from the database itself.
 */

const DAY_MS = 86_400_000;
const TOMORROW = Math.ceil(Date.now() / DAY_MS) * DAY_MS;
const BOOKINGS = 200;
const STARTS = 24; // 01:00–06:45 UTC every 15 minutes, each booking 30 minutes long
const HOLDS = 40;
const MESSAGES = 300;

describePostgres('three app instances on one %s database', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | null = null;
  let sink: MailSink | null = null;
  let servers: Server[] = [];
  let database: Database | null = null;
  let clinic: CrashClinic;
  let frontdesk: string;
  const db = () => database!.db;
  const bases = () => servers.map((s) => s.base);

  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
    sink = await startMailSink();
    const env = {
      DATABASE_URL: scratch.url,
      SMTP_URL: sink.url,
      STILLPOINT_JOBS_INTERVAL_MS: '1000',
    };
    // All three at once on the empty database: each migrates it on start.
    const started = await Promise.allSettled([startServer(env), startServer(env), startServer(env)]);
    servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    database = await openDatabase({ databaseUrl: scratch.url, migrate: false, poolSize: 4 });
    clinic = await seedCrashClinic(db(), 20);
    // Every patient has an address: each booking's confirmation goes out by mail.
    await db()
      .update(patients)
      .set({ email: sql`'p-' || ${patients.id} || '@test.example'` })
      .where(sql`${patients.clinicId} = ${clinic.clinicId}`);
    frontdesk = await signIn(bases()[0]!, clinic.emails.frontdesk);
  }, 120_000);

  afterAll(async () => {
    const running = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
    await Promise.all(running.map((s) => killServer(s, 'SIGTERM')));
    await database?.close();
    await sink?.close();
    await scratch?.drop();
  }, 60_000);

  it('a session made on one instance works on the others; a sign-out on one is refused by all at once', async () => {
    const [a, b, c] = bases() as [string, string, string];
    const session = await signIn(a, clinic.emails.clinician);
    const mine = await Promise.all([a, b, c].map((base) => call(base, 'GET', '/api/v1/auth/me', session)));
    expect(mine.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(mine.map((r) => (r.body?.user as { email: string }).email))).toEqual(
      new Set([clinic.emails.clinician]),
    );
    expect((await call(b, 'POST', '/api/v1/auth/logout', session, {})).status).toBeLessThan(300);
    // The very next request on each other instance (and on the one that signed out) is refused.
    const after = await Promise.all([c, a, b].map((base) => call(base, 'GET', '/api/v1/auth/me', session)));
    expect(after.map((r) => r.status)).toEqual([401, 401, 401]);
    // The front desk's own session, made on the first instance, is untouched.
    expect((await call(c, 'GET', '/api/v1/auth/me', frontdesk)).status).toBe(200);
  });

  it('an Idempotency-Key replayed to the other instances returns the first result and books nothing new', async () => {
    const booking = {
      practitionerId: clinic.practitionerId,
      appointmentType: 'crash-slot',
      start: new Date(TOMORROW + 20 * 3600_000).toISOString(),
      patientId: clinic.patientIds[0],
    };
    const headers = { 'idempotency-key': `instances-${randomUUID()}` };
    const [a, b, c] = bases() as [string, string, string];
    const first = await call(a, 'POST', '/api/v1/appointments', frontdesk, booking, headers);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'booked', start: booking.start });
    const replays = await Promise.all(
      [b, c, b].map((base) => call(base, 'POST', '/api/v1/appointments', frontdesk, booking, headers)),
    );
    expect(replays.map((r) => r.status)).toEqual([201, 201, 201]);
    for (const r of replays) expect(r.body).toEqual(first.body);
    const stored = (await appointmentsOf(db(), clinic.practitionerId)).filter(
      (x) => x.start === booking.start,
    );
    expect(stored.map((x) => x.id)).toEqual([first.body!.id]);
  });

  it(`${BOOKINGS} concurrent bookings of overlapping slots over the three: no overlap, each slot booked at most once, every 201 stored`, async () => {
    const type = await addOverlappingType(db(), clinic.clinicId);
    const day = TOMORROW + 2 * DAY_MS;
    const starts = Array.from({ length: STARTS }, (_, k) =>
      new Date(day + 3600_000 + k * 900_000).toISOString(),
    );
    const answers = await Promise.all(
      Array.from({ length: BOOKINGS }, (_, i) =>
        call(
          bases()[i % 3]!,
          'POST',
          '/api/v1/appointments',
          frontdesk,
          {
            practitionerId: clinic.practitionerId,
            appointmentType: type,
            start: starts[i % STARTS],
            patientId: clinic.patientIds[i % clinic.patientIds.length],
          },
          { 'idempotency-key': `race-${randomUUID()}` },
        ),
      ),
    );
    const created = answers.filter((r) => r.status === 201);
    const stored = (await appointmentsOf(db(), clinic.practitionerId)).filter((x) =>
      starts.includes(x.start),
    );
    expect(overlappingPairs(stored)).toEqual([]);
    expect(stored.length).toBe(new Set(stored.map((x) => x.start)).size);
    expect(new Set(stored.map((x) => x.id))).toEqual(new Set(created.map((r) => r.body!.id as string)));
    expect(stored.every((x) => x.status === 'booked')).toBe(true);
    // The losers were told the time is taken; nothing failed otherwise.
    expect(answers.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.status)).toEqual([]);
    // At most every other start fits (each visit covers the next start too); at least a few won.
    expect(created.length).toBeGreaterThanOrEqual(STARTS / 4);
    expect(created.length).toBeLessThanOrEqual(STARTS / 2);
  });

  it(`every outbox message is sent exactly once and every hold expires once, with ${MESSAGES} messages and ${HOLDS} holds for the job runners of all three`, async () => {
    const notices = await seedDueMessages(db(), clinic.clinicId, MESSAGES);
    const { offerIds, appointmentIds } = await seedExpiredHolds(db(), clinic, TOMORROW + 3 * DAY_MS, HOLDS);
    // The passes of the three instances (one per second between them) release every hold…
    await eventually(
      'every hold expired',
      async () => {
        const [r] = await rawRows<{ n: number }>(
          db(),
          sql`select count(*)::int as n from waitlist_offers where clinic_id = ${clinic.clinicId} and status = 'pending'`,
        );
        return r!.n === 0 ? true : undefined;
      },
      30_000,
    );
    // …and send every message that is due (reminders wait for their day).
    const due = await eventually(
      'every due message settled',
      async () => {
        const rows = await rawRows<{ id: string; status: string }>(
          db(),
          sql`select id, status from outbox_messages where send_after <= now()`,
        );
        return rows.every((r) => r.status !== 'pending') ? rows : undefined;
      },
      30_000,
    );
    const sent = due.filter((r) => r.status === 'sent').map((r) => r.id);
    expect(due.filter((r) => r.status !== 'sent')).toEqual([]);
    // A confirmation per booking of the tests before: the first 201, and the race's winners.
    expect(sent.length).toBeGreaterThanOrEqual(MESSAGES + 1 + STARTS / 4);
    expect(sent).toEqual(expect.arrayContaining(notices));
    // Exactly once: each sent message reached the mail server once, and nothing else did.
    const received = [...sink!.received];
    expect(received.filter((id, i) => received.indexOf(id) !== i)).toEqual([]);
    expect(received.sort()).toEqual([...sent].sort());

    const offers = await rawRows<{ id: string; status: string }>(
      db(),
      sql`select id, status from waitlist_offers where clinic_id = ${clinic.clinicId}`,
    );
    expect(offers.map((o) => o.status)).toEqual(offerIds.map(() => 'expired'));
    const expiries = await rawRows<{ id: string; n: number }>(
      db(),
      sql`select resource_id as id, count(*)::int as n from audit_events
          where clinic_id = ${clinic.clinicId} and action = 'waitlist.offer.expired' group by resource_id`,
    );
    expect(new Map(expiries.map((e) => [e.id, e.n]))).toEqual(new Map(offerIds.map((id) => [id, 1])));
    const releases = await rawRows<{ id: string; n: number }>(
      db(),
      sql`select appointment_id as id, count(*)::int as n from appointment_events
          where clinic_id = ${clinic.clinicId} and to_status = 'released' group by appointment_id`,
    );
    expect(new Map(releases.map((e) => [e.id, e.n]))).toEqual(new Map(appointmentIds.map((id) => [id, 1])));
  });

  it('kill -9 of one instance mid-load loses no acknowledged write, and the other two carry on answering', async () => {
    const crash = await seedCrashClinic(db(), 3);
    const cookies = {
      clinician: await signIn(bases()[1]!, crash.emails.clinician),
      frontdesk: await signIn(bases()[2]!, crash.emails.frontdesk),
    };
    const ledger = newLedger();
    const firstDay = TOMORROW + 10 * DAY_MS;
    const loads = servers.map((s, cycle) =>
      startLoad({ base: s.base, cookies, clinic: crash, cycle, ledger, firstDay }),
    );
    let inFlightAtKill: number;
    try {
      await untilEachKindAcked(ledger, 60_000);
      inFlightAtKill = loads[0]!.inFlight();
      await killServer(servers[0]!);
      await loads[0]!.stop();
      // The two others keep taking every kind of write.
      await untilEachKindAcked(ledger, 60_000);
    } finally {
      await Promise.all(loads.map((l) => l.stop()));
    }
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(ledger.otherAnswers).toEqual([]);
    const v = await judge(db(), crash, ledger, { clinicId: crash.clinicId });
    expect(v.lost).toEqual([]);
    expect(v.invented).toEqual([]);
    expect(v.auditMismatch).toEqual([]);
    expect(v.chain.ok).toBe(true);
    expect(v.chain.checked).toBeGreaterThanOrEqual(ackedCount(ledger));
    // Both survivors still answer.
    for (const base of bases().slice(1))
      expect((await call(base, 'GET', '/api/v1/auth/me', cookies.frontdesk)).status).toBe(200);
  }, 150_000);
});

/** Waits until a booking, a signed note and a patient update are acknowledged after this call. */
async function untilEachKindAcked(ledger: Ledger, timeoutMs: number) {
  const counts = () => [
    ledger.bookings.acked.size,
    ledger.signs.acked.size,
    [...ledger.updates.values()].reduce((n, u) => n + u.acks, 0),
  ];
  const before = counts();
  await eventually(
    `each kind of write acknowledged (other answers: ${ledger.otherAnswers.slice(-5).join(', ')})`,
    async () => (counts().every((n, i) => n > before[i]!) ? true : undefined),
    timeoutMs,
  );
}

import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rawRows } from '../../db/connect.ts';
import { describeEngines, login, makeClinic, sessionIdOf, type Client } from '../../testing/harness.ts';
import { afterSealerPass, countedApp } from '../../testing/statements.ts';
import { sessionHints } from '../../platform/session.ts';
import { bookAs, followUp, MON_0900_CDT, MON_1000_CDT, setupPractice } from './test-helpers.ts';

const MON_1030_CDT = '2027-03-15T15:30:00.000Z';
const MON_1100_CDT = '2027-03-15T16:00:00.000Z';

describeEngines('a booking’s statements on %s', (engine) => {
  const app = countedApp(engine);

  it('a staff booking is seven statements with a session the instance remembers (eight on its first), four of them inside its transaction', async () => {
    const { t, counter } = app;
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    // First bookings: the session is looked up, then remembered; the embedded engine prepares its
    // hot statements, the app names its own.
    expect((await bookAs(fd, followUp(pid, MON_1000_CDT, k.patients[1]))).statusCode).toBe(201);
    expect((await bookAs(fd, followUp(pid, MON_1030_CDT, k.patients[1]))).statusCode).toBe(201);
    // A statement built once (builtOnce) runs on the embedded engine as the EXECUTE of the
    // statement it keeps prepared, in the transaction too; on PostgreSQL it is sent as a named statement.
    const once = (name: string, text: RegExp) =>
      engine === 'pglite' ? new RegExp(`^execute ${name}\\(`) : text;
    const refs =
      /select \$\d+::text as kind, "patients"\."id"::text as id .* union all select \$\d+::text as kind, "practitioners"\."id"/;
    const inTransaction: [string, RegExp][] = [
      ['begin', /^(BEGIN|begin)$/],
      [
        'the idempotency record, then the schedule lock, and the patient’s row',
        once(
          'stillpoint_booking_claim',
          /^with claim as \(insert into "idempotency_keys".*\), lock as \(select pg_advisory_xact_lock\(4801, hashtext\(\$\d+::text\)\) from claim\) select .* left join "patients"/,
        ),
      ],
      [
        'everything the booking checks, and its notice’s facts',
        once('stillpoint_booking_facts', /^select \(select row_to_json\(x\).* as notice,/),
      ],
      [
        'the appointment, its first event, its confirmation and reminders',
        once(
          'stillpoint_appointment_insert',
          /^with a as \( insert into "appointments".*\(insert into "appointment_events".*o as \(insert into "outbox_messages"/,
        ),
      ],
      [
        'the idempotency result with the audit entry',
        once(
          'stillpoint_idempotency_result',
          /^with audit as \( ?insert into "audit_events".* update "idempotency_keys"/,
        ),
      ],
      ['commit', /^(COMMIT or ROLLBACK|commit)$/],
    ];
    const book = async (start: string, patient: string | undefined) => {
      await afterSealerPass();
      counter.reset();
      const res = await bookAs(fd, followUp(pid, start, patient));
      expect(res.statusCode).toBe(201);
      return { res, sent: counter.statements.map((s) => s.replace(/\s+/g, ' ').trim()) };
    };
    const expectStatements = (sent: string[], expected: [string, RegExp][]) => {
      expect(sent).toHaveLength(expected.length);
      sent.forEach((statement, i) => expect(statement, expected[i]![0]).toMatch(expected[i]![1]));
    };

    // The session's first request on an instance looks it up; the references are checked alone.
    sessionHints(t.database.db).delete(sessionIdOf(fd));
    const cold = await book(MON_1100_CDT, k.patients[1]);
    expectStatements(cold.sent, [
      ['the session', /^(execute stillpoint_session_lookup|select "sessions"\."id")/],
      [
        'the body’s patient and practitioner references',
        once('stillpoint_refs_5', new RegExp(`^${refs.source}`)),
      ],
      ...inTransaction,
    ]);
    // Remembered: the reference check is also the check that the session still holds.
    const { res, sent } = await book(MON_0900_CDT, k.patients[0]);
    expectStatements(sent, [
      [
        'the body’s references and the remembered session',
        once(
          'stillpoint_refs_5_session',
          new RegExp(
            `^with s as \\( select 1 as held .* from sessions se .*touch as \\( update sessions .*'\\(session\\)'::text as kind.* union all ${refs.source}`,
          ),
        ),
      ],
      ...inTransaction,
    ]);
    // The entry stored with the kept answer is the booking's success entry, once, naming it.
    const booked = res.json<{ id: string }>();
    expect(
      await rawRows(
        t.database.db,
        sql`select action, resource_type, outcome, resource_id, patient_id, user_id from audit_events
          where resource_id = ${booked.id}`,
      ),
    ).toEqual([
      {
        action: 'appointment.book',
        resource_type: 'Appointment',
        outcome: 'success',
        resource_id: booked.id,
        patient_id: k.patients[0],
        user_id: k.users.frontdesk.id,
      },
    ]);
    // The confirmation drew on the facts read with the booking's checks: first name, clinic, time.
    const outbox = await fd.req('GET', `/api/v1/outbox?patientId=${k.patients[0]}`);
    const kinds = (outbox.json().results as { kind: string; subject: string }[]).map((m) => m.kind).sort();
    expect(kinds).toEqual(['confirmation', 'reminder', 'reminder']);
  });

  it('a booking on a remembered session is refused at once when the session ends or its user changes elsewhere, and books nothing; it moves the idle clock on', async () => {
    const { t } = app;
    const db = t.database.db;
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const appointmentsAt = async (start: string) =>
      (
        await rawRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from appointments where practitioner_id = ${pid} and starts_at = ${start}`,
        )
      )[0]!.n;
    const outcomesOf = async (res: { headers: Record<string, unknown> }) =>
      (
        await rawRows<{ outcome: string; user_id: string | null }>(
          db,
          sql`select outcome, user_id from audit_events where request_id = ${String(res.headers['x-request-id'])}`,
        )
      ).map((e) => e.outcome);
    const remembered = async (email: string) => {
      const c = await login(t, email);
      // Its first request looks the session up; from then on the instance remembers it.
      expect((await c.req('GET', '/api/v1/auth/me')).statusCode).toBe(200);
      expect(sessionHints(db).get(sessionIdOf(c))).not.toBeNull();
      return c;
    };
    // Each change is made in the database, as another instance would make it: this instance's
    // memory still has the session as it was.
    const cases: [string, (c: Client) => Promise<unknown>][] = [
      [
        'signed out',
        (c) => db.execute(sql`update sessions set revoked_at = now() where id = ${sessionIdOf(c)}`),
      ],
      [
        'user disabled',
        () => db.execute(sql`update users set disabled = true where id = ${k.users.frontdesk.id}`),
      ],
    ];
    for (const [what, change] of cases) {
      const fd = await remembered(k.users.frontdesk.email);
      await change(fd);
      const res = await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[0]));
      expect(res.statusCode, what).toBe(401);
      expect(await appointmentsAt(MON_0900_CDT), what).toBe(0);
      expect(await outcomesOf(res), what).toEqual(['denied']);
    }
    await db.execute(sql`update users set disabled = false where id = ${k.users.frontdesk.id}`);

    // A wrong id is refused, and the refusal recorded once.
    const fd = await remembered(k.users.frontdesk.email);
    const wrong = await bookAs(fd, followUp(pid, MON_0900_CDT, (await makeClinic(t)).patients[0]));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ errors: [{ path: 'patientId' }] });
    expect(await outcomesOf(wrong)).toEqual(['denied']);

    // The idle clock: moved on by the booking's reference check, then a session idle too long is refused.
    const id = sessionIdOf(fd);
    t.clock.advance(20_000);
    expect((await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[0]))).statusCode).toBe(201);
    const [seen] = await rawRows<{ at: Date }>(
      db,
      sql`select last_seen_at as at from sessions where id = ${id}`,
    );
    expect(new Date(seen!.at).getTime()).toBe(t.clock.now);
    t.clock.advance(15 * 60_000 + 1000);
    const idle = await bookAs(fd, followUp(pid, MON_1000_CDT, k.patients[0]));
    expect(idle.statusCode).toBe(401);
    expect(await appointmentsAt(MON_1000_CDT)).toBe(0);
  });
});

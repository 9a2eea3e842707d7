import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rawRows } from '../../db/connect.ts';
import { describeEngines, login, makeClinic } from '../../testing/harness.ts';
import { afterSealerPass, countedApp } from '../../testing/statements.ts';
import { bookAs, followUp, MON_0900_CDT, MON_1000_CDT, setupPractice } from './test-helpers.ts';

describeEngines('a booking’s statements on %s', (engine) => {
  const app = countedApp(engine);

  it('a staff booking is ten statements, six of them inside its transaction', async () => {
    const { t, counter } = app;
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    // A first booking: the embedded engine prepares its hot statements, the app names its own.
    expect((await bookAs(fd, followUp(pid, MON_1000_CDT, k.patients[1]))).statusCode).toBe(201);
    await afterSealerPass();
    counter.reset();
    const res = await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[0]));
    const sent = counter.statements.map((s) => s.replace(/\s+/g, ' ').trim());
    expect(res.statusCode).toBe(201);
    // A statement built once (builtOnce) runs on the embedded engine as the EXECUTE of the
    // statement it keeps prepared, in the transaction too; on PostgreSQL it is sent as a named statement.
    const once = (name: string, text: RegExp) =>
      engine === 'pglite' ? new RegExp(`^execute ${name}\\(`) : text;
    const expected: [string, RegExp][] = [
      ['the session', /^(execute stillpoint_session_lookup|select "sessions"\."id")/],
      [
        'the body’s patient and practitioner references',
        once(
          'stillpoint_refs_5',
          /^select \$1::text as kind, "patients"\."id"::text as id .* union all select \$\d+::text as kind, "practitioners"\."id"/,
        ),
      ],
      ['begin', /^(BEGIN|begin)$/],
      ['the idempotency record', once('stillpoint_idempotency_claim', /^insert into "idempotency_keys"/)],
      [
        'the patient, opened under the access rule',
        once(
          'stillpoint_patient_row',
          /^select \* from "patients" where "patients"\."clinic_id" = \$1::uuid/,
        ),
      ],
      ['the schedule lock', /^select pg_advisory_xact_lock/],
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
    expect(sent).toHaveLength(expected.length);
    sent.forEach((statement, i) => expect(statement, expected[i]![0]).toMatch(expected[i]![1]));
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
});

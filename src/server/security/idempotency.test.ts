import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows } from '../db/connect.ts';
import { problemType } from '../platform/errors.ts';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';
import {
  MON_0900_CDT,
  MON_0930_CDT,
  MON_1000_CDT,
  followUp,
  key,
  setupPractice,
} from '../features/scheduling/test-helpers.ts';

/**
 * `Idempotency-Key` (platform/idempotency.ts, on `POST /api/v1/appointments`): keys belong to the
 * user who sent them. The same key sent by another user of the clinic, or by a user of another
 * clinic, is a new request of theirs — never a replay of someone else's stored answer, never a
 * "reused key" refusal of their write. The same user with the same key and body gets the stored
 * answer and nothing is booked twice; the same key with another body is a 422 and stores nothing;
 * a request that failed leaves no record, so its key can be used again.
 */
describeEngines('idempotency keys are isolated per user on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  interface Practice {
    k: TestClinic;
    pid: string;
    admin: Client;
    fd: Client;
    patient: Client;
  }
  async function practice(): Promise<Practice> {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    return {
      k,
      pid,
      admin: await login(t, k.users.admin.email),
      fd: await login(t, k.users.frontdesk.email),
      patient: await login(t, k.users.patient.email),
    };
  }
  const book = (c: Client, body: object, idem: string) =>
    c.req('POST', '/api/v1/appointments', body, { 'idempotency-key': idem });
  const appointmentsOf = (pid: string) =>
    rawRows<{ id: string; patient_id: string; starts_at: string | Date }>(
      t.database.db,
      sql`select id, patient_id, starts_at from appointments where practitioner_id = ${pid} order by starts_at`,
    );
  const storedKeys = (idem: string) =>
    rawRows<{ user_key: string; status: number | null }>(
      t.database.db,
      sql`select user_key, status from idempotency_keys where key = ${idem} order by user_key`,
    );

  it('the same key from another user of the clinic is their own request: no replay, no refusal', async () => {
    const { k, pid, admin, fd, patient } = await practice();
    const idem = key();
    const adminBody = followUp(pid, MON_0900_CDT, k.patients[1]);
    const first = await book(admin, adminBody, idem);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    // The front desk sends the very same key and body: not the admin's stored answer (that would
    // be a replay of someone else's booking) but a request of their own, refused because the time
    // is taken.
    const sameBody = await book(fd, adminBody, idem);
    expect(sameBody.statusCode, sameBody.body).toBe(409);
    expect(sameBody.headers['idempotent-replayed']).toBeUndefined();
    expect(sameBody.body).not.toContain(first.json().id);
    // That refusal left no record: the same key with another body books (no 422 "reused").
    const fdBody = followUp(pid, MON_0930_CDT, k.patients[0]);
    const fdBooked = await book(fd, fdBody, idem);
    expect(fdBooked.statusCode, fdBooked.body).toBe(201);
    expect(fdBooked.headers['idempotent-replayed']).toBeUndefined();
    expect(fdBooked.json()).toMatchObject({ start: MON_0930_CDT, patientId: k.patients[0] });
    expect(fdBooked.json().id).not.toBe(first.json().id);

    // The patient, with the same key again, books for themself.
    const own = await book(
      patient,
      { practitionerId: pid, appointmentType: 'omt-follow-up', start: MON_1000_CDT },
      idem,
    );
    expect(own.statusCode, own.body).toBe(201);
    expect(own.headers['idempotent-replayed']).toBeUndefined();
    expect(own.json()).toMatchObject({ start: MON_1000_CDT, patientId: k.patients[0] });

    // Each user replays only their own answer.
    for (const [c, body, answer] of [
      [admin, adminBody, first],
      [fd, fdBody, fdBooked],
    ] as const) {
      const again = await book(c, body, idem);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(answer.json());
    }
    expect((await appointmentsOf(pid)).map((a) => [a.id, a.patient_id])).toEqual([
      [first.json().id, k.patients[1]],
      [fdBooked.json().id, k.patients[0]],
      [own.json().id, k.patients[0]],
    ]);
    expect(await storedKeys(idem)).toEqual(
      [k.users.admin.id, k.users.frontdesk.id, k.users.patient.id]
        .map((id) => ({ user_key: `user:${id}`, status: 201 }))
        .sort((a, b) => a.user_key.localeCompare(b.user_key)),
    );
  });

  it('the same key in another clinic books there and shows nothing of this clinic', async () => {
    const here = await practice();
    const there = await practice();
    const idem = key();
    const a = await book(here.admin, followUp(here.pid, MON_0900_CDT, here.k.patients[1]), idem);
    expect(a.statusCode, a.body).toBe(201);
    const b = await book(there.admin, followUp(there.pid, MON_0900_CDT, there.k.patients[1]), idem);
    expect(b.statusCode, b.body).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json()).toMatchObject({ practitionerId: there.pid, patientId: there.k.patients[1] });
    expect(b.body).not.toContain(a.json().id);
    expect(b.body).not.toContain(here.k.patients[1]);
    expect((await appointmentsOf(there.pid)).map((r) => r.id)).toEqual([b.json().id]);
    expect((await appointmentsOf(here.pid)).map((r) => r.id)).toEqual([a.json().id]);
  });

  it('the same user, key and body replay the stored answer; another body with the key is a 422 that stores nothing', async () => {
    const { k, pid, fd } = await practice();
    const idem = key();
    const body = followUp(pid, MON_0900_CDT, k.patients[1]);
    const first = await book(fd, body, idem);
    expect(first.statusCode, first.body).toBe(201);
    const again = await book(fd, body, idem);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());

    const other = await book(fd, { ...body, start: MON_0930_CDT }, idem);
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().type).toBe(problemType('idempotency-mismatch'));
    expect((await appointmentsOf(pid)).map((r) => r.id)).toEqual([first.json().id]);
    expect(await storedKeys(idem)).toEqual([{ user_key: `user:${k.users.frontdesk.id}`, status: 201 }]);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  describeEngines,
  client,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { appointmentTypes, timeOff } from './tables.ts';
import { followUp, setupPractice } from './test-helpers.ts';
import { insertPatient } from '../patients/store.ts';

// The harness clock: Wednesday 2027-03-10 15:00Z. Chicago moves to CDT (UTC-5) on Sunday 2027-03-14.
const MON_0900_CDT = '2027-03-15T14:00:00.000Z';
const MON_0930_CDT = '2027-03-15T14:30:00.000Z';

// The shared practice fixture, without patient emails (no outbox traffic needed here).
const setup = (t: TestApp, k: TestClinic) => setupPractice(t, k, { emails: false });

const key = () => `k-${randomUUID()}`;

describeEngines('scheduling on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('publishes bookable types, practitioners and slots in the practitioner’s time zone', async () => {
    const k = await makeClinic(t);
    const pid = await setup(t, k);
    const anon = client(t);
    const types = (await anon.req('GET', `/api/v1/appointment-types?clinicId=${k.clinicId}`)).json();
    expect(types.map((x: { id: string }) => x.id)).toEqual(['omt-follow-up', 'omt-new']);
    expect(types[1]).toMatchObject({
      id: 'omt-new',
      durationMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      bookableOnline: true,
    });
    const staffTypes = (
      await (await login(t, k.users.frontdesk.email)).req('GET', '/api/v1/appointment-types')
    ).json();
    expect(staffTypes.map((x: { id: string }) => x.id)).toContain('staff-only');
    const docs = (await anon.req('GET', `/api/v1/practitioners?clinicId=${k.clinicId}`)).json();
    expect(docs).toEqual([
      expect.objectContaining({ id: pid, name: 'Dr. Test, DO', timeZone: 'America/Chicago' }),
    ]);
    const res = await anon.req(
      'GET',
      `/api/v1/availability?practitionerId=${pid}&appointmentType=omt-follow-up&from=2027-03-15&to=2027-03-15`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().slots.map((s: { start: string }) => s.start)).toEqual([
      '2027-03-15T14:00:00.000Z',
      '2027-03-15T14:30:00.000Z',
      '2027-03-15T15:00:00.000Z',
      '2027-03-15T15:30:00.000Z',
      '2027-03-15T16:00:00.000Z',
      '2027-03-15T16:30:00.000Z',
    ]);
    // Before DST (CST, UTC-6) the same wall-clock hours are an hour later in UTC.
    const fri = (
      await anon.req(
        'GET',
        `/api/v1/availability?practitionerId=${pid}&appointmentType=omt-new&from=2027-03-12&to=2027-03-12`,
      )
    ).json();
    // 60 minutes plus a 15-minute buffer must end by 12:00: 10:30 is the last start.
    expect(fri.slots.map((s: { start: string }) => s.start)).toEqual([
      '2027-03-12T15:00:00.000Z',
      '2027-03-12T15:30:00.000Z',
      '2027-03-12T16:00:00.000Z',
      '2027-03-12T16:30:00.000Z',
    ]);
    expect(
      (
        await anon.req(
          'GET',
          `/api/v1/availability?practitionerId=${pid}&appointmentType=staff-only&from=2027-03-15`,
        )
      ).statusCode,
    ).toBe(404);
    const bad = await anon.req(
      'GET',
      `/api/v1/availability?practitionerId=${pid}&appointmentType=omt-new&from=2027-03-15&to=2027-06-15`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query/to');
  });

  it('books once per Idempotency-Key, refuses a taken or misaligned time with 409, and frees the slot on cancel', async () => {
    const k = await makeClinic(t);
    const pid = await setup(t, k);
    const me = await login(t, k.users.patient.email);
    const body = { practitionerId: pid, appointmentType: 'omt-follow-up', start: MON_0900_CDT };
    expect((await me.req('POST', '/api/v1/appointments', body)).statusCode).toBe(400); // no key
    const k1 = key();
    const first = await me.req('POST', '/api/v1/appointments', body, { 'idempotency-key': k1 });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'booked',
      start: MON_0900_CDT,
      end: MON_0930_CDT,
      practitionerId: pid,
      patientId: k.patients[0],
    });
    const again = await me.req('POST', '/api/v1/appointments', body, { 'idempotency-key': k1 });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const changed = await me.req(
      'POST',
      '/api/v1/appointments',
      { ...body, start: MON_0930_CDT },
      { 'idempotency-key': k1 },
    );
    expect(changed.statusCode).toBe(422);
    const rows = await t.database.db.execute(
      sql`select count(*)::int as n from appointments where practitioner_id = ${pid}`,
    );
    expect(Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(1);
    // The booking's first status is in its history, written with it (one event, not one per replay).
    const events = await t.database.db.execute(
      sql`select from_status, to_status, by_user_id, at from appointment_events where appointment_id = ${first.json().id}`,
    );
    const booked = (events as unknown as { rows: Record<string, unknown>[] }).rows;
    expect(booked.map((e) => [e.from_status, e.to_status, e.by_user_id])).toEqual([
      [null, 'booked', k.users.patient.id],
    ]);
    expect(new Date(booked[0]!.at as string).getTime()).toBe(t.clock.now);

    const fd = await login(t, k.users.frontdesk.email);
    const taken = await fd.req(
      'POST',
      '/api/v1/appointments',
      { ...body, patientId: k.patients[1] },
      { 'idempotency-key': key() },
    );
    expect(taken.statusCode).toBe(409);
    expect(taken.json().reason).toBe('conflict');
    const odd = await fd.req(
      'POST',
      '/api/v1/appointments',
      { ...body, start: '2027-03-15T14:10:00.000Z', patientId: k.patients[1] },
      { 'idempotency-key': key() },
    );
    expect(odd.json()).toMatchObject({ status: 409, reason: 'misaligned' });
    const night = await fd.req(
      'POST',
      '/api/v1/appointments',
      { ...body, start: '2027-03-15T04:00:00.000Z', patientId: k.patients[1] },
      { 'idempotency-key': key() },
    );
    expect(night.json().reason).toBe('outside-hours');

    const cancel = await me.req('POST', `/api/v1/appointments/${first.json().id}/cancel`, {
      reason: 'Feeling better',
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', lateCancellation: false });
    const slots = (
      await client(t).req(
        'GET',
        `/api/v1/availability?practitionerId=${pid}&appointmentType=omt-follow-up&from=2027-03-15&to=2027-03-15`,
      )
    ).json().slots;
    expect(slots.map((s: { start: string }) => s.start)).toContain(MON_0900_CDT);
    expect(
      (
        await fd.req(
          'POST',
          '/api/v1/appointments',
          { ...body, patientId: k.patients[1] },
          { 'idempotency-key': key() },
        )
      ).statusCode,
    ).toBe(201);
    const history = (await fd.req('GET', `/api/v1/appointments/${first.json().id}`)).json().history;
    expect(history.map((h: { to: string }) => h.to)).toEqual(['booked', 'cancelled']);
  });

  it('blocks the neighbouring slot with a buffer, and the database refuses an overlapping insert', async () => {
    const k = await makeClinic(t);
    const pid = await setup(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const res = await fd.req(
      'POST',
      '/api/v1/appointments',
      { practitionerId: pid, appointmentType: 'omt-new', start: MON_0900_CDT, patientId: k.patients[1] },
      { 'idempotency-key': key() },
    );
    expect(res.statusCode).toBe(201);
    // 09:00–10:00 plus a 15-minute buffer: 10:00 is blocked, 10:30 is free.
    const slots = (
      await fd.req(
        'GET',
        `/api/v1/availability?practitionerId=${pid}&appointmentType=omt-follow-up&from=2027-03-15&to=2027-03-15`,
      )
    )
      .json()
      .slots.map((s: { start: string }) => s.start);
    expect(slots).not.toContain('2027-03-15T15:00:00.000Z');
    expect(slots).toContain('2027-03-15T15:30:00.000Z');
    const [type] = await t.database.db
      .select()
      .from(appointmentTypes)
      .where(
        sql`${appointmentTypes.clinicId} = ${k.clinicId} and ${appointmentTypes.code} = 'omt-follow-up'`,
      );
    const insert = (start: string, end: string) =>
      t.database.db
        .execute(sql`insert into appointments (clinic_id, practitioner_id, patient_id, appointment_type_id, starts_at, ends_at, block_start, block_end, status, source, created_at)
        values (${k.clinicId}, ${pid}, ${k.patients[0]}, ${type!.id}, ${start}, ${end}, ${start}, ${end}, 'booked', 'staff', now())`);
    const err = await insert('2027-03-15T15:00:00Z', '2027-03-15T15:30:00Z').catch(
      (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
    );
    expect(err).toBe('23P01');
    await expect(insert('2027-03-15T15:15:00Z', '2027-03-15T15:45:00Z')).resolves.toBeDefined(); // touches the buffer's end: allowed
  });

  it('keeps patients to their own bookings, limits hoarding, and enforces new-patient types', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const pid = await setup(t, k);
    const me = await login(t, k.users.patient.email);
    const forOther = await me.req(
      'POST',
      '/api/v1/appointments',
      followUp(pid, MON_0900_CDT, k.patients[1]),
      { 'idempotency-key': key() },
    );
    expect(forOther.statusCode).toBe(404);
    const fd = await login(t, k.users.frontdesk.email);
    const foreign = await fd.req(
      'POST',
      '/api/v1/appointments',
      followUp(pid, MON_0900_CDT, other.patients[0]),
      { 'idempotency-key': key() },
    );
    // Another clinic's patient is not a patient of this clinic: the field is named.
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors.map((e: { path: string }) => e.path)).toEqual(['patientId']);
    const starts = [
      '2027-03-15T14:00:00.000Z',
      '2027-03-15T15:00:00.000Z',
      '2027-03-15T16:00:00.000Z',
      '2027-03-16T14:00:00.000Z',
    ];
    const codes: number[] = [];
    for (const start of starts) {
      codes.push(
        (
          await me.req(
            'POST',
            '/api/v1/appointments',
            { practitionerId: pid, appointmentType: 'omt-follow-up', start },
            { 'idempotency-key': key() },
          )
        ).statusCode,
      );
    }
    expect(codes).toEqual([201, 201, 201, 409]);
    const list = (await me.req('GET', '/api/v1/appointments')).json().results;
    expect(list).toHaveLength(3);
    expect(list.every((a: { patientId: string }) => a.patientId === k.patients[0])).toBe(true);
    const newType = await fd.req(
      'POST',
      '/api/v1/appointments',
      {
        practitionerId: pid,
        appointmentType: 'omt-new',
        start: '2027-03-17T14:00:00.000Z',
        patientId: k.patients[0],
      },
      { 'idempotency-key': key() },
    );
    expect(newType.statusCode).toBe(409);
    expect(newType.json().type).toMatch(/new-patient-only$/);
  });

  it('reschedules atomically: a taken target leaves the original untouched', async () => {
    const k = await makeClinic(t);
    const pid = await setup(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const a = (
      await fd.req('POST', '/api/v1/appointments', followUp(pid, MON_0900_CDT, k.patients[0]), {
        'idempotency-key': key(),
      })
    ).json();
    const b = (
      await fd.req('POST', '/api/v1/appointments', followUp(pid, MON_0930_CDT, k.patients[1]), {
        'idempotency-key': key(),
      })
    ).json();
    const clash = await fd.req('POST', `/api/v1/appointments/${a.id}/reschedule`, { start: MON_0930_CDT });
    expect(clash.statusCode).toBe(409);
    expect((await fd.req('GET', `/api/v1/appointments/${a.id}`)).json().start).toBe(MON_0900_CDT);
    const moved = await fd.req('POST', `/api/v1/appointments/${a.id}/reschedule`, {
      start: '2027-03-15T15:00:00.000Z',
    });
    expect(moved.json()).toMatchObject({ id: a.id, start: '2027-03-15T15:00:00.000Z', status: 'booked' });
    // The old time is free again; the other booking is unchanged.
    const slots = (
      await fd.req(
        'GET',
        `/api/v1/availability?practitionerId=${pid}&appointmentType=omt-follow-up&from=2027-03-15&to=2027-03-15`,
      )
    )
      .json()
      .slots.map((s: { start: string }) => s.start);
    expect(slots).toContain(MON_0900_CDT);
    expect((await fd.req('GET', `/api/v1/appointments/${b.id}`)).json().start).toBe(MON_0930_CDT);
  });

  it('respects time off and clinic closures', async () => {
    const k = await makeClinic(t);
    const pid = await setup(t, k);
    await t.database.db.insert(timeOff).values([
      {
        clinicId: k.clinicId,
        practitionerId: pid,
        startsAt: new Date('2027-03-15T14:00:00Z'),
        endsAt: new Date('2027-03-15T15:00:00Z'),
      },
      {
        clinicId: k.clinicId,
        practitionerId: null,
        startsAt: new Date('2027-03-16T00:00:00Z'),
        endsAt: new Date('2027-03-17T00:00:00Z'),
      },
    ]);
    const anon = client(t);
    const mon = (
      await anon.req(
        'GET',
        `/api/v1/availability?practitionerId=${pid}&appointmentType=omt-follow-up&from=2027-03-15&to=2027-03-16`,
      )
    )
      .json()
      .slots.map((s: { start: string }) => s.start);
    expect(mon[0]).toBe('2027-03-15T15:00:00.000Z');
    expect(mon.filter((s: string) => s.startsWith('2027-03-16'))).toEqual([]);
  });

  // Sent together; whether their transactions overlap depends on the engine (PGlite has one
  // connection): the real races are in concurrency.test.ts, on PostgreSQL.
  it('lets exactly one of 30 bookings of one slot sent together succeed', async () => {
    const k = await makeClinic(t);
    const pid = await setup(t, k);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const p = await t.database.db.transaction((tx) =>
        insertPatient(
          tx,
          k.clinicId,
          {
            givenName: `Race${i}`,
            familyName: 'Test',
            birthDate: '1980-01-01',
            sex: 'other',
            restricted: false,
            careTeam: [],
            conditions: [],
            flags: [],
            medications: [],
            allergies: [],
          },
          new Date(t.clock.now),
        ),
      );
      ids.push(p.id);
    }
    const fd = await login(t, k.users.frontdesk.email);
    const results = await Promise.all(
      ids.map((patientId, i) =>
        fd.req(
          'POST',
          '/api/v1/appointments',
          {
            practitionerId: pid,
            appointmentType: i % 2 ? 'omt-new' : 'omt-follow-up',
            start: MON_0900_CDT,
            patientId,
          },
          { 'idempotency-key': key() },
        ),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(29);
    const rows = await t.database.db.execute(
      sql`select count(*)::int as n from appointments where practitioner_id = ${pid} and status = 'booked'`,
    );
    expect(Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(1);
  });
});

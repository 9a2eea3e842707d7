import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { rawRows } from '../../db/connect.ts';
import { runJobsOnce } from '../../platform/jobs.ts';
import {
  addPatient,
  at,
  bookAs,
  followUp,
  MON_0900_CDT,
  MON_0930_CDT,
  setupPractice,
} from './test-helpers.ts';

const silent = pino({ level: 'silent' });

const slotsOn = async (t: TestApp, k: TestClinic, pid: string, date: string) => {
  const fd = await login(t, k.users.frontdesk.email);
  return (
    await fd.req(
      'GET',
      `/api/v1/availability?practitionerId=${pid}&appointmentType=omt-follow-up&from=${date}&to=${date}`,
    )
  )
    .json()
    .slots.map((s: { start: string }) => s.start);
};

const statusOf = async (t: TestApp, id: string) =>
  (await rawRows<{ status: string }>(t.database.db, sql`select status from appointments where id = ${id}`))[0]
    ?.status;

describeEngines('waiting list on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  /** Patient 1 holds Monday 09:00; the portal patient (0) and then Carol wait for Monday. */
  async function scenario() {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const carol = await addPatient(t, k, 'Carol', 'carol@test.example');
    const fd = await login(t, k.users.frontdesk.email);
    const taken = (await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[1]))).json();
    const me = await login(t, k.users.patient.email);
    const mine = await me.req('POST', '/api/v1/waitlist', {
      practitionerId: pid,
      appointmentType: 'omt-follow-up',
      from: '2027-03-15',
      to: '2027-03-15',
    });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({
      patientId: k.patients[0],
      status: 'waiting',
      from: '2027-03-15T05:00:00.000Z', // midnight CDT
      to: '2027-03-16T05:00:00.000Z',
      offer: null,
    });
    const hers = await fd.req('POST', '/api/v1/waitlist', {
      patientId: carol,
      practitionerId: null,
      appointmentType: 'omt-follow-up',
      from: '2027-03-15T00:00:00-05:00',
      to: '2027-03-20T00:00:00-05:00',
    });
    expect(hers.statusCode).toBe(201);
    return {
      k,
      pid,
      carol,
      fd,
      me,
      taken,
      mineId: mine.json().id as string,
      hersId: hers.json().id as string,
    };
  }

  it('offers a cancelled time to the first entry with a real hold; accepting books it', async () => {
    const { k, pid, fd, me, taken, mineId } = await scenario();
    const cancelled = await fd.req('POST', `/api/v1/appointments/${taken.id}/cancel`, { reason: 'Sick' });
    expect(cancelled.json().status).toBe('cancelled');

    const offers = (await fd.req('GET', '/api/v1/waitlist/offers')).json().results;
    expect(offers).toHaveLength(1);
    const offer = offers[0];
    expect(offer).toMatchObject({
      entryId: mineId,
      patientId: k.patients[0],
      practitionerId: pid,
      start: MON_0900_CDT,
      end: MON_0930_CDT,
      status: 'pending',
      expiresAt: new Date(t.clock.now + 2 * 3600_000).toISOString(),
    });
    expect(await statusOf(t, offer.appointmentId)).toBe('held');
    const list = (await fd.req('GET', '/api/v1/waitlist')).json().results;
    expect(list.map((e: { status: string }) => e.status)).toEqual(['offered', 'waiting']);
    expect(list[0].offer).toMatchObject({ id: offer.id, start: MON_0900_CDT });
    expect((await me.req('GET', '/api/v1/waitlist')).json().results).toHaveLength(1);

    // The hold really reserves the time: not offered, not bookable, refused by the database.
    expect(await slotsOn(t, k, pid, '2027-03-15')).not.toContain(MON_0900_CDT);
    const grab = await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[1]));
    expect(grab.statusCode).toBe(409);
    expect(grab.json().reason).toBe('conflict');
    const [type] = await rawRows<{ id: string }>(
      t.database.db,
      sql`select id from appointment_types where clinic_id = ${k.clinicId} and code = 'omt-follow-up'`,
    );
    const sqlState = await t.database.db
      .execute(
        sql`insert into appointments (clinic_id, practitioner_id, patient_id, appointment_type_id, starts_at, ends_at, block_start, block_end, status, source, created_at)
            values (${k.clinicId}, ${pid}, ${k.patients[1]}, ${type!.id}, ${MON_0900_CDT}, ${MON_0930_CDT}, ${MON_0900_CDT}, ${MON_0930_CDT}, 'booked', 'staff', now())`,
      )
      .then(
        () => 'inserted',
        (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
      );
    expect(sqlState).toBe('23P01');

    // Only the offered patient (or staff) may answer it.
    const doc = await login(t, k.users.clinician.email);
    expect((await doc.req('POST', `/api/v1/waitlist/offers/${offer.id}/accept`)).statusCode).toBe(403);
    const accepted = await me.req('POST', `/api/v1/waitlist/offers/${offer.id}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      offer: { status: 'accepted' },
      appointment: {
        id: offer.appointmentId,
        status: 'booked',
        start: MON_0900_CDT,
        patientId: k.patients[0],
      },
    });
    expect((await me.req('POST', `/api/v1/waitlist/offers/${offer.id}/accept`)).statusCode).toBe(200); // idempotent
    const history = (await fd.req('GET', `/api/v1/appointments/${offer.appointmentId}`)).json().history;
    expect(history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'held'],
      ['held', 'booked'],
    ]);
    expect(
      (await fd.req('GET', `/api/v1/waitlist?patientId=${k.patients[0]}`)).json().results[0].status,
    ).toBe('booked');
    const kinds = await rawRows<{ kind: string }>(
      t.database.db,
      sql`select kind from outbox_messages where appointment_id = ${offer.appointmentId} order by created_at, kind`,
    );
    expect(kinds.map((r) => r.kind).sort()).toEqual([
      'confirmation',
      'reminder',
      'reminder',
      'waitlist-offer',
    ]);
  });

  it('passes an expired hold to the next entry when the job runner runs', async () => {
    const { k, fd, me, taken, mineId, hersId, carol } = await scenario();
    await fd.req('POST', `/api/v1/appointments/${taken.id}/cancel`, {});
    const [first] = (await fd.req('GET', '/api/v1/waitlist/offers')).json().results;
    expect(first.entryId).toBe(mineId);

    // Not yet due: nothing happens.
    const early = await runJobsOnce(
      { ...t.app.deps, log: silent },
      { now: new Date(t.clock.now + 3600_000), clinicId: k.clinicId },
    );
    expect(early.holdsExpired).toBe(0);
    const later = new Date(t.clock.now + 2 * 3600_000 + 60_000);
    const run = await runJobsOnce({ ...t.app.deps, log: silent }, { now: later, clinicId: k.clinicId });
    expect(run.holdsExpired).toBe(1);

    const offers = (await fd.req('GET', '/api/v1/waitlist/offers')).json().results;
    expect(
      offers.map((o: { entryId: string; status: string; start: string }) => [o.entryId, o.status, o.start]),
    ).toEqual([
      [hersId, 'pending', MON_0900_CDT],
      [mineId, 'expired', MON_0900_CDT],
    ]);
    expect(await statusOf(t, first.appointmentId)).toBe('released');
    const second = offers[0];
    expect(await statusOf(t, second.appointmentId)).toBe('held');
    expect(second.patientId).toBe(carol);
    expect(second.expiresAt).toBe(new Date(later.getTime() + 2 * 3600_000).toISOString());
    const entries = (await fd.req('GET', '/api/v1/waitlist')).json().results;
    expect(entries.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([
      [mineId, 'waiting'],
      [hersId, 'offered'],
    ]);
    const mine = (await me.req('GET', '/api/v1/appointments')).json().results;
    expect(mine.map((a: { id: string }) => a.id)).not.toContain(first.appointmentId);
    const released = (await me.req('GET', '/api/v1/appointments?status=released')).json().results;
    expect(released.map((a: { id: string }) => a.id)).toEqual([first.appointmentId]);
    const late = await me.req('POST', `/api/v1/waitlist/offers/${first.id}/accept`);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({
      type: 'https://stillpoint.dev/problems/offer-closed',
      offerStatus: 'expired',
    });
    // Each offer's email went out while that offer was open (the second in the same pass as the expiry).
    const mails = await rawRows<{ waitlist_offer_id: string; status: string }>(
      t.database.db,
      sql`select waitlist_offer_id, status from outbox_messages where clinic_id = ${k.clinicId} and kind = 'waitlist-offer'`,
    );
    expect(Object.fromEntries(mails.map((m) => [m.waitlist_offer_id, m.status]))).toEqual({
      [first.id]: 'sent',
      [second.id]: 'sent',
    });
    const history = (await fd.req('GET', `/api/v1/appointments/${first.appointmentId}`)).json().history;
    expect(history.map((h: { to: string }) => h.to)).toEqual(['held', 'released']);
  });

  it('passes a declined offer on, never re-offers the same time to the same entry, and withdraws on leave', async () => {
    const { k, pid, fd, me, taken, mineId, hersId } = await scenario();
    await fd.req('POST', `/api/v1/appointments/${taken.id}/cancel`, {});
    const [first] = (await me.req('GET', '/api/v1/waitlist/offers')).json().results;
    const declined = await me.req('POST', `/api/v1/waitlist/offers/${first.id}/decline`);
    expect(declined.json().offer.status).toBe('declined');
    const [second] = (await fd.req('GET', '/api/v1/waitlist/offers?status=pending')).json().results;
    expect(second).toMatchObject({ entryId: hersId, start: MON_0900_CDT });
    expect((await me.req('GET', '/api/v1/waitlist')).json().results[0]).toMatchObject({
      id: mineId,
      status: 'waiting',
    });

    // Carol leaves: her hold is withdrawn; the only other entry already declined this time.
    const left = await fd.req('POST', `/api/v1/waitlist/${hersId}/cancel`);
    expect(left.json().status).toBe('cancelled');
    expect(await statusOf(t, second.appointmentId)).toBe('released');
    expect((await fd.req('GET', '/api/v1/waitlist/offers?status=pending')).json().results).toEqual([]);
    expect(await slotsOn(t, k, pid, '2027-03-15')).toContain(MON_0900_CDT);
    // Patients cannot answer or leave for someone else.
    expect((await me.req('POST', `/api/v1/waitlist/${hersId}/cancel`)).statusCode).toBe(404);
    expect((await me.req('POST', `/api/v1/waitlist/offers/${second.id}/accept`)).statusCode).toBe(404);
  });

  it('offers the time a reschedule frees, but not the time of a no-show', async () => {
    const { k, fd, taken, mineId } = await scenario();
    const moved = await fd.req('POST', `/api/v1/appointments/${taken.id}/reschedule`, {
      start: '2027-03-15T16:00:00.000Z',
    });
    expect(moved.json().start).toBe('2027-03-15T16:00:00.000Z');
    const [offer] = (await fd.req('GET', '/api/v1/waitlist/offers')).json().results;
    expect(offer).toMatchObject({ entryId: mineId, start: MON_0900_CDT, status: 'pending' });
    await fd.req('POST', `/api/v1/waitlist/offers/${offer.id}/decline`);

    // A no-show on Monday 11:00: its time has begun, so nothing is offered.
    const noShow = await at(t, '2027-03-15T16:10:00Z', async () => {
      const desk = await login(t, k.users.frontdesk.email);
      return desk.req('POST', `/api/v1/appointments/${taken.id}/status`, { status: 'no-show' });
    });
    expect(noShow.json().status).toBe('no-show');
    const pending = await rawRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from waitlist_offers o join appointments a on a.id = o.appointment_id
          where o.clinic_id = ${k.clinicId} and a.starts_at = ${'2027-03-15T16:00:00.000Z'}`,
    );
    expect(pending[0]!.n).toBe(0);
  });

  it('validates joining: own records only, windows in the future, new-patient rules and a limit', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const me = await login(t, k.users.patient.email);
    const body = {
      practitionerId: pid,
      appointmentType: 'omt-follow-up',
      from: '2027-03-15',
      to: '2027-03-19',
    };
    expect((await me.req('POST', '/api/v1/waitlist', { ...body, patientId: k.patients[1] })).statusCode).toBe(
      404,
    );
    const past = await me.req('POST', '/api/v1/waitlist', { ...body, from: '2027-03-01', to: '2027-03-02' });
    expect(past.json().errors).toEqual([{ path: 'to', message: 'Must be in the future' }]);
    const inverted = await me.req('POST', '/api/v1/waitlist', {
      ...body,
      from: '2027-03-19',
      to: '2027-03-15',
    });
    expect(inverted.json().errors[0].path).toBe('to');
    const fd = await login(t, k.users.frontdesk.email);
    expect((await fd.req('POST', '/api/v1/waitlist', body)).json().errors[0].path).toBe('patientId');
    const doc = await login(t, k.users.clinician.email);
    expect(
      (await doc.req('POST', '/api/v1/waitlist', { ...body, patientId: k.patients[0] })).statusCode,
    ).toBe(403);
    const consent = await me.req('POST', '/api/v1/waitlist', { ...body, appointmentType: 'omt-new' });
    expect(consent.json().type).toMatch(/intake-consent-required$/);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await me.req('POST', '/api/v1/waitlist', body)).statusCode);
    expect(codes).toEqual([201, 201, 201, 201, 201, 409]);
  });
});

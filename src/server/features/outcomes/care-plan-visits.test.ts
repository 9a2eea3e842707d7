import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/connect.ts';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { bookAs, followUp, key, setupPractice } from '../scheduling/test-helpers.ts';

/**
 * Booking a plan's remaining visits in one step. The harness clock is Wednesday 2027-03-10 15:00Z
 * (10:00 in Chicago, CST); the practice works 09:00–12:00 Monday to Friday; Chicago moves to CDT on
 * Sunday 2027-03-14, so the proposal crosses a DST change.
 */
const plan = {
  title: 'Neck pain, twice weekly',
  problems: [{ code: 'M54.50' }],
  goals: [],
  activities: [
    { kind: 'omt', perWeek: 2, weeks: 3 },
    { kind: 'exercise', dose: 'Daily' },
  ],
  start: '2027-03-11',
  reviewDate: '2027-04-08',
};

describeEngines('booking a plan’s remaining visits on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let doc: Client;
  let desk: Client;
  let practitionerId: string;
  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
    doc = await login(t, k.users.clinician.email);
    desk = await login(t, k.users.frontdesk.email);
    practitionerId = await setupPractice(t, k);
  });
  afterAll(() => t.close());

  const appointmentsOf = (pid: string) =>
    rawRows<{ starts_at: Date | string; status: string }>(
      t.database.db,
      sql`select starts_at, status from appointments where patient_id = ${pid} order by starts_at`,
    );
  const entries = (action: string, pid: string) =>
    rawRows<{ details: Record<string, unknown>; resource_id: string }>(
      t.database.db,
      sql`select details, resource_id from audit_events
          where clinic_id = ${k.clinicId} and action = ${action} and patient_id = ${pid} and outcome = 'success'
          order by seq`,
    );

  it('proposes the remaining visits at the plan’s pace and books them through the booking service', async () => {
    const pid = k.patients[0];
    const created = await doc.req('POST', `/api/v1/patients/${pid}/care-plans`, plan);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;

    // A draft books nothing.
    const draft = await doc.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      {},
      { 'idempotency-key': key() },
    );
    expect(draft.statusCode).toBe(409);
    expect(draft.json().errors[0].path).toBe('status');
    expect((await doc.req('POST', `/api/v1/care-plans/${id}/sign`)).statusCode).toBe(200);

    // A visit ON the start day counts (Thursday 09:00 CST); one the day before does not.
    expect((await bookAs(doc, followUp(practitionerId, '2027-03-11T15:00:00.000Z', pid))).statusCode).toBe(
      201,
    );
    expect((await bookAs(doc, followUp(practitionerId, '2027-03-10T17:00:00.000Z', pid))).statusCode).toBe(
      201,
    );

    const proposal = await doc.req('GET', `/api/v1/care-plans/${id}/visit-proposal`);
    expect(proposal.statusCode, proposal.body).toBe(200);
    const p = proposal.json();
    expect(p).toMatchObject({
      visitsPlanned: 6,
      visitsCompleted: 0,
      visitsBooked: 1,
      remaining: 5,
      perWeek: 2,
      unproposed: 0,
      practitioner: { id: practitionerId, timeZone: 'America/Chicago' },
      appointmentType: { code: 'omt-follow-up', durationMinutes: 30 },
    });
    // Twice a week from the start day: no earlier than day 0, 3, 7, 10, 14; one a day; the free time.
    expect(p.slots.map((s: { start: string; localStart: string }) => [s.start, s.localStart])).toEqual([
      ['2027-03-11T15:30:00.000Z', '2027-03-11T09:30:00-06:00'],
      ['2027-03-15T14:00:00.000Z', '2027-03-15T09:00:00-05:00'],
      ['2027-03-18T14:00:00.000Z', '2027-03-18T09:00:00-05:00'],
      ['2027-03-22T14:00:00.000Z', '2027-03-22T09:00:00-05:00'],
      ['2027-03-25T14:00:00.000Z', '2027-03-25T09:00:00-05:00'],
    ]);
    expect((await entries('care-plan.visit-proposal', pid)).at(-1)!.details).toEqual({
      remaining: 5,
      proposed: 5,
    });

    // Someone else takes one of the proposed times meanwhile: that one is not booked, with the reason.
    expect(
      (await bookAs(desk, followUp(practitionerId, '2027-03-18T14:00:00.000Z', k.patients[1]))).statusCode,
    ).toBe(201);
    const starts = p.slots.map((s: { start: string }) => s.start);
    const idem = key();
    const res = await doc.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      { starts },
      { 'idempotency-key': idem },
    );
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    expect(answer.booked.map((b: { start: string; status: string }) => [b.start, b.status])).toEqual([
      ['2027-03-11T15:30:00.000Z', 'booked'],
      ['2027-03-15T14:00:00.000Z', 'booked'],
      ['2027-03-22T14:00:00.000Z', 'booked'],
      ['2027-03-25T14:00:00.000Z', 'booked'],
    ]);
    expect(answer.booked[0]).toMatchObject({
      patientId: pid,
      practitionerId,
      localStart: '2027-03-11T09:30:00-06:00',
    });
    expect(answer.notBooked).toEqual([
      {
        start: '2027-03-18T14:00:00.000Z',
        localStart: '2027-03-18T09:00:00-05:00',
        reason: 'That time is no longer free.',
        problem: expect.stringContaining('slot-unavailable'),
      },
    ]);
    expect(await appointmentsOf(pid)).toHaveLength(6);
    // Each booking left its own entry; the step left one naming what was and was not booked.
    expect((await entries('appointment.book', pid)).length).toBe(6);
    const [step] = await entries('care-plan.book-visits', pid);
    expect(step!.resource_id).toBe(id);
    expect(step!.details).toEqual({
      booked: answer.booked.map((b: { id: string }) => b.id),
      notBooked: [{ start: '2027-03-18T14:00:00.000Z', reason: 'That time is no longer free.' }],
    });

    // A replay answers the same and books nothing; the key with another body is refused.
    const again = await doc.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      { starts },
      { 'idempotency-key': idem },
    );
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(answer);
    expect(await appointmentsOf(pid)).toHaveLength(6);
    const other = await doc.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      {},
      { 'idempotency-key': idem },
    );
    expect(other.statusCode).toBe(422);

    // One visit is left; the plan's progress says so.
    const read = (await doc.req('GET', `/api/v1/care-plans/${id}`)).json();
    expect(read.progress).toEqual({ visitsPlanned: 6, visitsCompleted: 0, visitsBooked: 5 });
    const rest = (await doc.req('GET', `/api/v1/care-plans/${id}/visit-proposal`)).json();
    expect(rest.remaining).toBe(1);
    expect(rest.slots).toHaveLength(1);

    // More times than remain, a missing key, a malformed time: 400 naming the field, nothing booked.
    const many = await doc.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      { starts: ['2027-03-29T14:00:00Z', '2027-03-30T14:00:00Z'] },
      { 'idempotency-key': key() },
    );
    expect(many.statusCode).toBe(400);
    expect(many.json().errors[0].path).toBe('starts');
    const noKey = await doc.req('POST', `/api/v1/care-plans/${id}/book-visits`, {});
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().errors[0].path).toBe('header/Idempotency-Key');
    const bad = await doc.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      { starts: ['tomorrow'] },
      { 'idempotency-key': key() },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('starts/0');
    expect(await appointmentsOf(pid)).toHaveLength(6);
  });

  it('books the proposal when no times are given, and front desk may not use the step', async () => {
    const pid = k.patients[1];
    const created = await doc.req('POST', `/api/v1/patients/${pid}/care-plans`, {
      ...plan,
      activities: [{ kind: 'omt', perWeek: 1, weeks: 3 }],
    });
    // Three planned; the visit booked for this patient on 2027-03-18 (above) already counts.
    const id = created.json().id;
    await doc.req('POST', `/api/v1/care-plans/${id}/sign`);
    const before = (await appointmentsOf(pid)).length;
    const refused = await desk.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      {},
      { 'idempotency-key': key() },
    );
    expect(refused.statusCode).toBe(403);
    const res = await doc.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      {},
      { 'idempotency-key': key() },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().booked).toHaveLength(2);
    expect(res.json().notBooked).toEqual([]);
    expect((await appointmentsOf(pid)).length).toBe(before + 2);
    // Nothing remains: the proposal is empty and booking again books nothing.
    const rest = (await doc.req('GET', `/api/v1/care-plans/${id}/visit-proposal`)).json();
    expect(rest).toMatchObject({ remaining: 0, slots: [] });
    const none = await doc.req(
      'POST',
      `/api/v1/care-plans/${id}/book-visits`,
      {},
      { 'idempotency-key': key() },
    );
    expect(none.json()).toMatchObject({ booked: [], notBooked: [] });
  });
});

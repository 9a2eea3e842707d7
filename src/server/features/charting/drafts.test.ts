import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { expectRefused, LOCKED } from '../../testing/refusals.ts';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';
import { auditEvents } from '../../db/schema.ts';
import { at, bookAs, followUp, key, MON_0900_CDT, setupPractice } from '../scheduling/test-helpers.ts';

/**
 * Issue 8: one open draft per patient, practitioner and day; discarding a draft leaves an audited
 * tombstone; "Start note" on an appointment opens or creates its visit from the booking, and signing
 * the note completes the appointment. The harness clock is Wednesday 2027-03-10 15:00Z.
 */
const complaintOnly = (occurredAt: string) => ({ chiefComplaint: 'Neck stiffness', occurredAt });

describeEngines('visit drafts on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  async function setup() {
    const k = await makeClinic(t);
    const practitionerId = await setupPractice(t, k);
    const doc = await login(t, k.users.clinician.email);
    return { k, practitionerId, doc };
  }

  const actions = async (resourceId: string) =>
    (
      await t.database.db
        .select({ action: auditEvents.action, details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.resourceId, resourceId), eq(auditEvents.outcome, 'success')))
    ).map((r) => r.action);

  it('keeps one open draft per patient, practitioner and day', async () => {
    const { k, doc } = await setup();
    const url = `/api/v1/patients/${k.patients[0]}/encounters`;
    const first = await doc.req('POST', url, complaintOnly('2027-03-10T09:00:00-06:00'));
    expect(first.statusCode, first.body).toBe(201);
    // Same clinic day (Chicago), later hour: the open draft is named instead of a second one.
    const again = await doc.req('POST', url, complaintOnly('2027-03-10T16:30:00-06:00'));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      type: 'https://stillpoint.dev/problems/draft-exists',
      encounterId: first.json().id,
    });
    // Two at once: exactly one is created.
    const racing = await Promise.all(
      [0, 1, 2].map(() => doc.req('POST', url, complaintOnly('2027-03-11T10:00:00-06:00'))),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    // Another patient, or another day, is another draft.
    const other = await doc.req(
      'POST',
      `/api/v1/patients/${k.patients[1]}/encounters`,
      complaintOnly('2027-03-10T09:00:00-06:00'),
    );
    expect(other.statusCode).toBe(201);
    const list = (await doc.req('GET', url)).json().results;
    expect(list.filter((v: { status: string }) => v.status === 'draft')).toHaveLength(2);
  });

  it('discards an unsigned draft as an audited tombstone, never a signed note', async () => {
    const { k, doc } = await setup();
    const url = `/api/v1/patients/${k.patients[0]}/encounters`;
    const draft = (await doc.req('POST', url, complaintOnly('2027-03-10T09:00:00-06:00'))).json();

    const noReason = await doc.req('POST', `/api/v1/encounters/${draft.id}/discard`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const desk = await login(t, k.users.frontdesk.email);
    expect(
      (await desk.req('POST', `/api/v1/encounters/${draft.id}/discard`, { reason: 'Wrong' })).statusCode,
    ).toBe(403);

    const gone = await doc.req('POST', `/api/v1/encounters/${draft.id}/discard`, {
      reason: 'Opened for the wrong patient',
    });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toMatchObject({
      status: 'discarded',
      discarded: { reason: 'Opened for the wrong patient', by: k.users.clinician.id },
    });
    // Kept, readable, but out of the list and locked.
    expect((await doc.req('GET', `/api/v1/encounters/${draft.id}`)).json().status).toBe('discarded');
    expect((await doc.req('GET', url)).json().results.map((v: { id: string }) => v.id)).not.toContain(
      draft.id,
    );
    const edit = await doc.req(
      'PUT',
      `/api/v1/encounters/${draft.id}`,
      complaintOnly('2027-03-10T09:00:00-06:00'),
    );
    expect(edit.statusCode).toBe(409);
    expect(edit.json().type).toMatch(/encounter-discarded$/);
    expect((await doc.req('POST', `/api/v1/encounters/${draft.id}/sign`)).statusCode).toBe(409);
    await expectRefused(
      t.database.db.execute(sql`update encounters set chief_complaint = 'x' where id = ${draft.id}`),
      LOCKED,
      new RegExp(`^encounter ${draft.id} is discarded and locked \\(UPDATE refused\\)$`),
    );
    expect(await actions(draft.id)).toContain('encounter.discard');

    // The day is free again for a new draft, which can be signed and then never discarded.
    const next = await doc.req('POST', url, {
      ...complaintOnly('2027-03-10T10:00:00-06:00'),
      exam: [{ region: 'cervical', tart: { tenderness: 1 } }],
    });
    expect(next.statusCode, next.body).toBe(201);
    expect((await doc.req('POST', `/api/v1/encounters/${next.json().id}/sign`)).statusCode).toBe(200);
    const signed = await doc.req('POST', `/api/v1/encounters/${next.json().id}/discard`, { reason: 'Oops' });
    expect(signed.statusCode).toBe(409);
    expect(signed.json().type).toMatch(/encounter-signed$/);
  });

  it('starts the note from an appointment, with the booking’s answers and the last findings, and signing completes it', async () => {
    const { k, practitionerId, doc } = await setup();
    // A signed earlier visit to copy forward.
    const earlier = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, {
      chiefComplaint: 'Low back pain',
      occurredAt: '2027-03-01T09:00:00-06:00',
      exam: [{ region: 'lumbar', tart: { restriction: 2, tenderness: 1 }, segmental: ['L4 FRS(R)'] }],
      rom: [{ joint: 'lumbar', motion: 'flexion', degrees: 40 }],
    });
    expect((await doc.req('POST', `/api/v1/encounters/${earlier.json().id}/sign`)).statusCode).toBe(200);

    const desk = await login(t, k.users.frontdesk.email);
    const booked = await desk.req(
      'POST',
      '/api/v1/appointments',
      {
        ...followUp(practitionerId, MON_0900_CDT, k.patients[0]),
        reason: 'Low back pain again since gardening',
        painScore: 6,
      },
      { 'idempotency-key': key() },
    );
    expect(booked.statusCode, booked.body).toBe(201);
    const appt = booked.json();
    expect(appt).toMatchObject({ reason: 'Low back pain again since gardening', painScore: 6 });

    // The schedule says the visit has no note yet.
    const day = `/api/v1/appointments?practitionerId=${practitionerId}&from=2027-03-15T00:00:00Z&to=2027-03-16T00:00:00Z`;
    const noteOf = async () => (await desk.req('GET', day)).json().results[0].note;
    expect(await noteOf()).toBeNull();

    expect((await desk.req('POST', `/api/v1/appointments/${appt.id}/encounter`)).statusCode).toBe(403);
    const started = await doc.req('POST', `/api/v1/appointments/${appt.id}/encounter`);
    expect(started.statusCode, started.body).toBe(200);
    const v = started.json();
    expect(v).toMatchObject({
      created: true,
      status: 'draft',
      appointmentId: appt.id,
      practitionerId,
      occurredAt: '2027-03-15T14:00:00.000Z',
      chiefComplaint: 'Low back pain again since gardening',
      painBefore: 6,
    });
    expect(v.exam.map((e: { region: string; segmental: string[] }) => [e.region, e.segmental])).toEqual([
      ['lumbar', ['L4 FRS(R)']],
    ]);
    expect(v.rom.map((r: { degrees: number }) => r.degrees)).toEqual([40]);
    // Again: the same visit, not a second one.
    const reopened = (await doc.req('POST', `/api/v1/appointments/${appt.id}/encounter`)).json();
    expect(reopened).toMatchObject({ id: v.id, created: false });
    // The patient's own "new visit" that day is the same draft too.
    const dup = await doc.req(
      'POST',
      `/api/v1/patients/${k.patients[0]}/encounters`,
      complaintOnly(MON_0900_CDT),
    );
    expect(dup.json()).toMatchObject({ encounterId: v.id });

    expect(await noteOf()).toEqual({ encounterId: v.id, status: 'draft' });

    // Signed during the appointment: the appointment is completed, with its history and audit.
    await at(t, '2027-03-15T14:20:00Z', async () => {
      // (Five days on, the earlier session has expired: sign in again.)
      const later = await login(t, k.users.clinician.email);
      const signed = await later.req('POST', `/api/v1/encounters/${v.id}/sign`);
      expect(signed.statusCode, signed.body).toBe(200);
    });
    const after = (await desk.req('GET', `/api/v1/appointments/${appt.id}`)).json();
    expect(after.status).toBe('completed');
    expect(after.history.at(-1)).toMatchObject({ from: 'booked', to: 'completed', note: 'Note signed' });
    expect(await actions(appt.id)).toContain('appointment.status');
    expect(await noteOf()).toEqual({ encounterId: v.id, status: 'signed' });
  });

  it('refuses to start a note for a cancelled appointment or one of another clinic', async () => {
    const { k, practitionerId, doc } = await setup();
    const desk = await login(t, k.users.frontdesk.email);
    const appt = (await bookAs(desk, followUp(practitionerId, MON_0900_CDT, k.patients[1]))).json();
    expect((await desk.req('POST', `/api/v1/appointments/${appt.id}/cancel`, {})).statusCode).toBe(200);
    const cancelled = await doc.req('POST', `/api/v1/appointments/${appt.id}/encounter`);
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().type).toMatch(/appointment-not-active$/);

    const other = await makeClinic(t);
    const stranger = await login(t, other.users.clinician.email);
    expect((await stranger.req('POST', `/api/v1/appointments/${appt.id}/encounter`)).statusCode).toBe(404);
  });
});

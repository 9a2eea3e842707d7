import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { patients, practitioners } from '../../db/schema.ts';
import {
  client,
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
} from '../../testing/harness.ts';
import { MON_0900_CDT, MON_0930_CDT, bookAs, followUp, key, setupPractice } from './test-helpers.ts';

/**
 * Restricted records in the schedule and the waiting list (issue 9, "one visibility rule"): staff
 * outside the patient's care team see the appointment and the waiting-list entry — the time is
 * taken — but of the patient only the name, the date of birth and that the record is restricted.
 * The care team and admins see them in full.
 */
const REASON = 'Sciatica flare after lifting';
const NOTE = 'Call on mobile 555-0199';

interface Row {
  patientId: string;
  patientName: string;
  patient?: Record<string, unknown>;
  [field: string]: unknown;
}

describeEngines('restricted patients in the schedule and waiting-list lists on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  /**
   * Ben (patient 1) has an appointment on Monday at 09:00 with a reason and a pain score, waits
   * for Monday, and is offered Ada's 09:30 when she cancels; then his record is restricted to a
   * care team of the clinic's clinician.
   */
  async function scenario() {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const ben = k.patients[1];
    const admin = await login(t, k.users.admin.email);
    const fd = await login(t, k.users.frontdesk.email);
    const booked = await admin.req(
      'POST',
      '/api/v1/appointments',
      { ...followUp(pid, MON_0900_CDT, ben), reason: REASON, painScore: 7 },
      { 'idempotency-key': key() },
    );
    expect(booked.statusCode).toBe(201);
    const joined = await admin.req('POST', '/api/v1/waitlist', {
      patientId: ben,
      practitionerId: pid,
      appointmentType: 'omt-follow-up',
      from: '2027-03-15',
      to: '2027-03-15',
      note: NOTE,
    });
    expect(joined.statusCode).toBe(201);
    const ada = (await bookAs(fd, followUp(pid, MON_0930_CDT, k.patients[0]))).json();
    expect((await fd.req('POST', `/api/v1/appointments/${ada.id}/cancel`, {})).statusCode).toBe(200);
    await t.database.db
      .update(patients)
      .set({ restricted: true, careTeam: [k.users.clinician.id] })
      .where(eq(patients.id, ben));
    const [row] = await t.database.db.select().from(patients).where(eq(patients.id, ben));
    return { k, ben, benRow: row!, appointmentId: booked.json().id as string, fd, admin };
  }

  const lists = async (c: Client, patientId: string) => {
    const get = async (url: string) => {
      const res = await c.req('GET', url);
      expect(res.statusCode, url).toBe(200);
      return (res.json().results as Row[]).filter((r) => r.patientId === patientId);
    };
    return {
      appointments: await get('/api/v1/appointments?from=2027-03-15&to=2027-03-15'),
      entries: await get('/api/v1/waitlist'),
      offers: await get('/api/v1/waitlist/offers'),
    };
  };

  it('front desk outside the care team: the rows appear, the patient by name and birth date only', async () => {
    const { k, ben, benRow, appointmentId, fd } = await scenario();
    const { appointments, entries, offers } = await lists(fd, ben);
    const limited = {
      id: ben,
      name: `${benRow.givenName} ${benRow.familyName}`,
      givenName: benRow.givenName,
      familyName: benRow.familyName,
      birthDate: '1990-05-06',
      restricted: true,
      limited: true,
    };

    // The schedule shows both of his times as taken: the booking and the offer's hold.
    expect(appointments.map((a) => [a.id, a.status, a.start])).toEqual([
      [appointmentId, 'booked', MON_0900_CDT],
      [expect.any(String), 'held', MON_0930_CDT],
    ]);
    for (const a of appointments) {
      expect(a.patient).toEqual(limited);
      expect(a.patientName).toBe(limited.name);
      expect(a).toMatchObject({ reason: null, painScore: null, note: null });
    }
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: 'offered', note: null, patient: limited });
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ status: 'pending', start: MON_0930_CDT, patient: limited });

    // Nothing clinical or contact about him in any of it (both are on file).
    expect(benRow.phone).toMatch(/\d{4}/);
    expect(benRow.email).toContain('@');
    const text = JSON.stringify({ appointments, entries, offers });
    // His contact details are on file (so their absence below means something).
    expect(benRow.phone).toBe('+1 555 0000');
    expect(benRow.email).toBe(`patient1.${k.clinicId.slice(0, 8)}@test.example`);
    for (const secret of [REASON, NOTE, benRow.phone!, benRow.email!, 'anticoagulated', 'M54']) {
      expect(text).not.toContain(secret);
    }

    // Opening his record (or filtering a list by him) stays "not found" outside the care team.
    for (const url of [
      `/api/v1/appointments/${appointmentId}`,
      `/api/v1/appointments?patientId=${ben}`,
      `/api/v1/waitlist?patientId=${ben}`,
    ]) {
      const res = await fd.req('GET', url);
      expect(res.statusCode, url).toBe(404);
    }
    // Other patients' rows are unchanged: Ada's cancelled visit shows her in full.
    const others = (await fd.req('GET', '/api/v1/appointments?from=2027-03-15&to=2027-03-15')).json()
      .results as Row[];
    const ada = others.filter((a) => a.patientId === k.patients[0]);
    expect(ada.map((a) => [a.status, a.start, a.patient])).toEqual([['cancelled', MON_0930_CDT, undefined]]);
  });

  it("the practitioner's calendar feed shows a restricted patient's visits by initials only, like anyone's", async () => {
    const { k, ben, benRow, admin } = await scenario();
    const [practitioner] = await t.database.db
      .select({ id: practitioners.id })
      .from(practitioners)
      .where(eq(practitioners.clinicId, k.clinicId));
    const feed = await admin.req('POST', `/api/v1/practitioners/${practitioner!.id}/calendar-feed`);
    expect(feed.statusCode, feed.body).toBe(201);
    const ics = await client(t).req('GET', feed.json<{ url: string }>().url);
    expect(ics.statusCode).toBe(200);
    const initials = `${benRow.givenName[0]!.toUpperCase()}.${benRow.familyName[0]!.toUpperCase()}.`;
    // His booking and the offer's hold, both by initials.
    expect(ics.body.match(/SUMMARY:[^\r\n]*/g)).toEqual([
      `SUMMARY:OMT visit ${initials}`,
      `SUMMARY:OMT visit ${initials} (held for waiting list)`,
    ]);
    for (const secret of [
      ben,
      benRow.givenName,
      benRow.familyName,
      REASON,
      NOTE,
      benRow.email!,
      benRow.phone!,
    ])
      expect(ics.body).not.toContain(secret);
  });

  it('the care-team clinician and an admin see the same rows in full', async () => {
    const { k, ben, admin } = await scenario();
    const clinician = await login(t, k.users.clinician.email);
    for (const c of [clinician, admin]) {
      const { appointments, entries, offers } = await lists(c, ben);
      expect(appointments).toHaveLength(2);
      expect(appointments[0]).toMatchObject({ reason: REASON, painScore: 7 });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ note: NOTE });
      expect(offers).toHaveLength(1);
      for (const row of [...appointments, ...entries, ...offers]) expect(row.patient).toBeUndefined();
    }
  });
});

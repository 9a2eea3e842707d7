import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  describeEngines,
  client,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
} from '../../testing/harness.ts';
import { rawRows } from '../../db/connect.ts';
import { at, bookAs, followUp, MON_0900_CDT, MON_0930_CDT, setupPractice } from './test-helpers.ts';

const slotsOn = async (t: TestApp, pid: string, date: string, type = 'omt-follow-up') =>
  (
    await client(t).req(
      'GET',
      `/api/v1/availability?practitionerId=${pid}&appointmentType=${type}&from=${date}&to=${date}`,
    )
  )
    .json()
    .slots.map((s: { start: string }) => s.start);

const audits = async (t: TestApp, clinicId: string, action: string) =>
  (
    await rawRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where clinic_id = ${clinicId} and action = ${action} and outcome = 'success'`,
    )
  )[0]!.n;

describeEngines('schedule management, status and consent on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('replaces weekly hours with validation errors that name the field, clinicians only their own', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const url = `/api/v1/practitioners/${pid}/weekly-hours`;

    const bad = await fd.req('PUT', url, {
      timeZone: 'Mars/Olympus_Mons',
      hours: [
        { weekday: 8, start: '9:00', end: '12:00' },
        { weekday: 2, start: '14:00', end: '13:00' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['timeZone', 'hours/0/weekday', 'hours/0/start', 'hours/1/end']),
    );
    const overlap = await fd.req('PUT', url, {
      hours: [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
      ],
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().errors).toEqual([
      { path: 'hours/1/start', message: 'Overlaps 09:00–12:00 on the same day' },
    ]);

    const ok = await fd.req('PUT', url, {
      timeZone: 'America/Chicago',
      hours: [
        { weekday: 1, start: '13:00', end: '15:00' },
        { weekday: 1, start: '15:00', end: '16:00' },
      ],
    });
    expect(ok.statusCode).toBe(200);
    expect(
      ok
        .json()
        .weeklyHours.map((h: { weekday: number; start: string; end: string }) => [h.weekday, h.start, h.end]),
    ).toEqual([
      [1, '13:00', '15:00'],
      [1, '15:00', '16:00'],
    ]);
    // Monday 13:00–16:00 CDT = 18:00–21:00Z, six half-hour slots; Tuesday is now closed.
    expect(await slotsOn(t, pid, '2027-03-15')).toEqual([
      '2027-03-15T18:00:00.000Z',
      '2027-03-15T18:30:00.000Z',
      '2027-03-15T19:00:00.000Z',
      '2027-03-15T19:30:00.000Z',
      '2027-03-15T20:00:00.000Z',
      '2027-03-15T20:30:00.000Z',
    ]);
    expect(await slotsOn(t, pid, '2027-03-16')).toEqual([]);
    expect(await audits(t, k.clinicId, 'schedule.hours.replace')).toBe(1);

    // The clinician owns this practitioner record; a second practitioner is someone else's.
    const doc = await login(t, k.users.clinician.email);
    const mine = await doc.req('PUT', url, { hours: [{ weekday: 2, start: '08:00', end: '10:00' }] });
    expect(mine.statusCode).toBe(200);
    const [other] = await rawRows<{ id: string }>(
      t.database.db,
      sql`insert into practitioners (clinic_id, name, time_zone) values (${k.clinicId}, 'Dr. Other', 'America/Chicago') returning id`,
    );
    const refused = await doc.req('PUT', `/api/v1/practitioners/${other!.id}/weekly-hours`, { hours: [] });
    expect(refused.statusCode).toBe(403);
    const pat = await login(t, k.users.patient.email);
    expect((await pat.req('PUT', url, { hours: [] })).statusCode).toBe(403);
    const sched = (await doc.req('GET', `/api/v1/practitioners/${other!.id}/schedule`)).json();
    expect(sched).toMatchObject({ editable: false, weeklyHours: [] });
  });

  it('sets date overrides, time off and clinic closures, and reports affected appointments', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const base = `/api/v1/practitioners/${pid}`;

    const badDate = await fd.req('POST', `${base}/overrides`, { date: '2027-02-30', intervals: [] });
    expect(badDate.json().errors[0].path).toBe('date');
    const badInterval = await fd.req('POST', `${base}/overrides`, {
      date: '2027-03-15',
      intervals: [{ start: '12:00', end: '10:00' }],
    });
    expect(badInterval.json().errors).toEqual([{ path: 'intervals/0/end', message: 'Must be after start' }]);

    const short = await fd.req('POST', `${base}/overrides`, {
      date: '2027-03-15',
      intervals: [{ start: '10:00', end: '11:00' }],
      note: 'Short day',
    });
    expect(short.statusCode).toBe(201);
    expect(await slotsOn(t, pid, '2027-03-15')).toEqual([
      '2027-03-15T15:00:00.000Z',
      '2027-03-15T15:30:00.000Z',
    ]);
    const off = await fd.req('POST', `${base}/overrides`, { date: '2027-03-15', intervals: [] });
    expect(off.json()).toMatchObject({ replaced: true, intervals: [] });
    expect(await slotsOn(t, pid, '2027-03-15')).toEqual([]);
    expect((await fd.req('DELETE', `${base}/overrides/${off.json().id}`)).statusCode).toBe(204);
    expect(await slotsOn(t, pid, '2027-03-15')).toHaveLength(6);
    expect((await fd.req('DELETE', `${base}/overrides/${off.json().id}`)).statusCode).toBe(404);

    expect((await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[1]))).statusCode).toBe(201);
    const backwards = await fd.req('POST', `${base}/time-off`, {
      start: '2027-03-16T00:00:00-05:00',
      end: '2027-03-15T00:00:00-05:00',
    });
    expect(backwards.json().errors).toEqual([{ path: 'end', message: 'Must be after start' }]);
    const away = await fd.req('POST', `${base}/time-off`, {
      start: '2027-03-15T00:00:00-05:00',
      end: '2027-03-16T00:00:00-05:00',
      reason: 'Conference',
    });
    expect(away.statusCode).toBe(201);
    expect(away.json()).toMatchObject({ affectedAppointments: 1, reason: 'Conference', practitionerId: pid });
    expect(await slotsOn(t, pid, '2027-03-15')).toEqual([]);
    expect((await fd.req('DELETE', `${base}/time-off/${away.json().id}`)).statusCode).toBe(204);

    const closure = await fd.req('POST', '/api/v1/closures', {
      start: '2027-03-17T00:00:00-05:00',
      end: '2027-03-18T00:00:00-05:00',
      reason: 'Staff training',
    });
    expect(closure.statusCode).toBe(201);
    expect(await slotsOn(t, pid, '2027-03-17')).toEqual([]);
    const schedule = (await fd.req('GET', `${base}/schedule`)).json();
    expect(schedule.closures).toEqual([
      expect.objectContaining({ id: closure.json().id, reason: 'Staff training' }),
    ]);
    expect((await fd.req('GET', '/api/v1/closures')).json().results).toHaveLength(1);
    const doc = await login(t, k.users.clinician.email);
    expect((await doc.req('POST', '/api/v1/closures', closure.json())).statusCode).toBe(403);
    expect((await fd.req('DELETE', `/api/v1/closures/${closure.json().id}`)).statusCode).toBe(204);
    expect(await slotsOn(t, pid, '2027-03-17')).toHaveLength(6);
    for (const action of [
      'schedule.override.put',
      'schedule.override.delete',
      'schedule.time-off.add',
      'schedule.time-off.delete',
      'clinic.closure.add',
      'clinic.closure.delete',
    ]) {
      expect(await audits(t, k.clinicId, action), action).toBeGreaterThanOrEqual(1);
    }
  });

  it('creates, changes and retires appointment types, and changes the clinic policy', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const invalid = await fd.req('POST', '/api/v1/appointment-types', {
      code: 'Bad Code',
      name: '',
      durationMinutes: 3,
      bufferAfterMinutes: -5,
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['code', 'name', 'durationMinutes', 'bufferAfterMinutes']),
    );
    const created = await fd.req('POST', '/api/v1/appointment-types', {
      code: 'omt-extended',
      name: 'Extended OMT',
      durationMinutes: 45,
      bufferBeforeMinutes: 5,
      slotIntervalMinutes: 15,
      minNoticeMinutes: 60,
      horizonDays: 30,
      selfPayPrice: 130,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'omt-extended',
      durationMinutes: 45,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 0,
      slotIntervalMinutes: 15,
      minNoticeMinutes: 60,
      horizonDays: 30,
      bookableOnline: true,
      newPatientOnly: false,
      selfPayPrice: { amount: 130, currency: 'USD' },
    });
    expect(
      (
        await fd.req('POST', '/api/v1/appointment-types', {
          code: 'omt-extended',
          name: 'x',
          durationMinutes: 30,
        })
      ).statusCode,
    ).toBe(409);
    // 09:00 + 5 min buffer before: the first start is 09:15 CDT; the last 45-minute one ends at 12:00.
    const slots = await slotsOn(t, pid, '2027-03-15', 'omt-extended');
    expect(slots[0]).toBe('2027-03-15T14:15:00.000Z');
    expect(slots.at(-1)).toBe('2027-03-15T16:15:00.000Z');

    const patched = await fd.req('PATCH', '/api/v1/appointment-types/omt-extended', {
      bookableOnline: false,
      selfPayPrice: null,
    });
    expect(patched.json()).toMatchObject({ bookableOnline: false, selfPayPrice: null });
    expect((await fd.req('PATCH', '/api/v1/appointment-types/omt-extended', {})).statusCode).toBe(400);
    const publicTypes = (
      await client(t).req('GET', `/api/v1/appointment-types?clinicId=${k.clinicId}`)
    ).json();
    expect(publicTypes.map((x: { id: string }) => x.id)).not.toContain('omt-extended');

    expect((await fd.req('DELETE', '/api/v1/appointment-types/omt-extended')).json()).toMatchObject({
      active: false,
    });
    const staffTypes = (await fd.req('GET', '/api/v1/appointment-types')).json();
    expect(staffTypes.map((x: { id: string }) => x.id)).not.toContain('omt-extended');
    const withRetired = (await fd.req('GET', '/api/v1/appointment-types?includeInactive=true')).json();
    expect(withRetired.find((x: { id: string }) => x.id === 'omt-extended')).toMatchObject({ active: false });
    const retiredBooking = await bookAs(fd, {
      practitionerId: pid,
      appointmentType: 'omt-extended',
      start: '2027-03-15T14:15:00Z',
      patientId: k.patients[0],
    });
    expect(retiredBooking.statusCode).toBe(404);
    expect((await fd.req('PATCH', '/api/v1/appointment-types/no-such-type', { name: 'x' })).statusCode).toBe(
      404,
    );
    expect(await audits(t, k.clinicId, 'appointment-type.create')).toBe(1);
    expect(await audits(t, k.clinicId, 'appointment-type.update')).toBe(1);
    expect(await audits(t, k.clinicId, 'appointment-type.deactivate')).toBe(1);

    const admin = await login(t, k.users.admin.email);
    expect((await fd.req('GET', '/api/v1/scheduling/settings')).json()).toEqual({
      lateCancelHours: 24,
      maxFutureBookingsPerPatient: 3,
      waitlistHoldMinutes: 120,
      reminderLeadMinutes: [2880, 120],
    });
    expect(
      (await fd.req('PATCH', '/api/v1/scheduling/settings', { waitlistHoldMinutes: 30 })).statusCode,
    ).toBe(403);
    const badSettings = await admin.req('PATCH', '/api/v1/scheduling/settings', {
      reminderLeadMinutes: [5],
      waitlistHoldMinutes: 0,
    });
    expect(
      badSettings
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['reminderLeadMinutes/0', 'waitlistHoldMinutes']);
    const changed = await admin.req('PATCH', '/api/v1/scheduling/settings', {
      waitlistHoldMinutes: 30,
      reminderLeadMinutes: [60, 1440],
    });
    expect(changed.json()).toMatchObject({
      waitlistHoldMinutes: 30,
      reminderLeadMinutes: [1440, 60],
      lateCancelHours: 24,
    });
  });

  it('checks in, completes and records no-shows with their history; refuses the wrong order and times', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const a = (await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[0]))).json();
    const b = (await bookAs(fd, followUp(pid, MON_0930_CDT, k.patients[1]))).json();
    let desk = fd;
    const status = (id: string, s: string) =>
      desk.req('POST', `/api/v1/appointments/${id}/status`, { status: s });

    const early = await status(a.id, 'checked-in');
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/2 hours before/);
    expect((await status(a.id, 'no-show')).statusCode).toBe(409);
    expect(
      (await fd.req('POST', `/api/v1/appointments/${a.id}/status`, { status: 'booked' })).json().errors[0]
        .path,
    ).toBe('status');
    const pat = await login(t, k.users.patient.email);
    expect(
      (await pat.req('POST', `/api/v1/appointments/${a.id}/status`, { status: 'checked-in' })).statusCode,
    ).toBe(403);

    // Days pass: sign in again at each moment (sessions end after 15 idle minutes).
    await at(t, '2027-03-15T13:50:00Z', async () => {
      desk = await login(t, k.users.frontdesk.email);
      expect((await status(a.id, 'checked-in')).json()).toMatchObject({ status: 'checked-in' });
      expect((await status(a.id, 'checked-in')).statusCode).toBe(200); // repeating is harmless
      expect((await status(a.id, 'completed')).json().detail).toMatch(/once it has started/);
    });
    const past = await at(t, '2027-03-15T14:35:00Z', async () => {
      desk = await login(t, k.users.frontdesk.email);
      expect((await status(a.id, 'completed')).json()).toMatchObject({ status: 'completed' });
      expect((await status(a.id, 'no-show')).json()).toMatchObject({
        status: 409,
        type: expect.stringMatching(/status-transition$/),
      });
      expect((await status(b.id, 'no-show')).json()).toMatchObject({ status: 'no-show' });
      expect((await status(b.id, 'checked-in')).statusCode).toBe(409);
      expect((await desk.req('POST', `/api/v1/appointments/${b.id}/cancel`, {})).statusCode).toBe(409);
      // The no-show no longer blocks for the overlap constraint, but nothing in the past is bookable.
      return bookAs(desk, followUp(pid, MON_0930_CDT, k.patients[0]));
    });
    expect(past.json()).toMatchObject({ status: 409, reason: 'too-soon' });
    desk = await login(t, k.users.frontdesk.email);
    const ha = (await desk.req('GET', `/api/v1/appointments/${a.id}`)).json().history;
    expect(ha.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'booked'],
      ['booked', 'checked-in'],
      ['checked-in', 'completed'],
    ]);
    const hb = (await desk.req('GET', `/api/v1/appointments/${b.id}`)).json();
    expect(hb.status).toBe('no-show');
    expect(hb.history.map((h: { to: string }) => h.to)).toEqual(['booked', 'no-show']);
    expect(await audits(t, k.clinicId, 'appointment.status')).toBe(3);
  });

  it('asks a patient to accept the intake consent before booking a new-patient visit online', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const me = await login(t, k.users.patient.email);
    const body = { practitionerId: pid, appointmentType: 'omt-new', start: MON_0900_CDT };
    const refused = await bookAs(me, body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      type: 'https://stillpoint.dev/problems/intake-consent-required',
      consentUrl: `/api/v1/patients/${k.patients[0]}/intake-consent`,
    });
    expect(refused.json().detail).toMatch(/accept it with POST/);
    const url = `/api/v1/patients/${k.patients[0]}/intake-consent`;
    const before = (await me.req('GET', url)).json();
    expect(before).toMatchObject({ accepted: false, acceptedAt: null });
    expect(before.text).toMatch(/osteopathic manipulative treatment/);
    expect((await me.req('POST', url, { accepted: false })).json().errors[0].path).toBe('accepted');
    const accepted = await me.req('POST', url, { accepted: true });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      accepted: true,
      method: 'portal',
      acceptedAt: new Date(t.clock.now).toISOString(),
    });
    expect((await me.req('POST', url, { accepted: true })).statusCode).toBe(200);
    expect(
      (await me.req('POST', `/api/v1/patients/${k.patients[1]}/intake-consent`, { accepted: true }))
        .statusCode,
    ).toBe(404);
    expect((await bookAs(me, body)).statusCode).toBe(201);

    // Staff book a first visit without it (consent is collected in person) and can record it.
    const fd = await login(t, k.users.frontdesk.email);
    expect(
      (await bookAs(fd, { ...body, start: '2027-03-16T14:00:00.000Z', patientId: k.patients[1] })).statusCode,
    ).toBe(201);
    const paper = await fd.req('POST', `/api/v1/patients/${k.patients[1]}/intake-consent`, {
      accepted: true,
      method: 'paper',
    });
    expect(paper.json()).toMatchObject({ accepted: true, method: 'paper' });
    expect(await audits(t, k.clinicId, 'intake-consent.accept')).toBe(2);
  });

  it('serves a private calendar feed by token, initials only; rotation and revocation invalidate the old URL', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[0]));
    await bookAs(fd, {
      practitionerId: pid,
      appointmentType: 'omt-new',
      start: '2027-03-16T14:00:00.000Z',
      patientId: k.patients[1],
    });
    expect((await fd.req('POST', `/api/v1/practitioners/${pid}/calendar-feed`)).statusCode).toBe(403);

    const doc = await login(t, k.users.clinician.email);
    expect((await doc.req('GET', `/api/v1/practitioners/${pid}/calendar-feed`)).json()).toMatchObject({
      active: false,
    });
    const created = await doc.req('POST', `/api/v1/practitioners/${pid}/calendar-feed`);
    expect(created.statusCode).toBe(201);
    const { url, token } = created.json();
    expect(url).toBe(`/api/v1/calendar/${token}.ics`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await rawRows<{ token_hash: string }>(
      t.database.db,
      sql`select token_hash from calendar_feeds where practitioner_id = ${pid}`,
    );
    expect(stored.map((r) => r.token_hash)).not.toContain(token);

    const anon = client(t);
    const feed = await anon.req('GET', url);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const ics = feed.body;
    expect(ics).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('DTSTART:20270315T140000Z');
    const [given0] = await rawRows<{ given_name: string; family_name: string }>(
      t.database.db,
      sql`select given_name, family_name from patients where id = ${k.patients[0]}`,
    );
    expect(ics).toContain(`SUMMARY:OMT visit ${given0!.given_name[0]!.toUpperCase()}.L.`);
    expect(ics).not.toContain(given0!.given_name);
    expect(ics).not.toContain('Lovelace');
    expect(ics).not.toMatch(/Follow-up|M54|Low back/);

    expect((await anon.req('GET', '/api/v1/calendar/not-the-token.ics')).statusCode).toBe(404);
    const rotated = (await doc.req('POST', `/api/v1/practitioners/${pid}/calendar-feed`)).json();
    expect(rotated.rotated).toBe(true);
    expect((await anon.req('GET', url)).statusCode).toBe(404);
    expect((await anon.req('GET', rotated.url)).statusCode).toBe(200);
    const admin = await login(t, k.users.admin.email);
    expect((await admin.req('DELETE', `/api/v1/practitioners/${pid}/calendar-feed`)).statusCode).toBe(204);
    expect((await anon.req('GET', rotated.url)).statusCode).toBe(404);
    expect(await audits(t, k.clinicId, 'calendar-feed.read')).toBe(2);
    expect((await doc.req('GET', `/api/v1/practitioners/${pid}/calendar-feed`)).json()).toMatchObject({
      active: false,
    });
  });
});

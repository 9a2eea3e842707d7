/**
 * The scheduling routes across both DST transitions of the practitioner's zone (America/Chicago),
 * through the HTTP app. `vitest.config.ts` runs this file (and scheduling.test.ts) once more under
 * each process TZ of its matrix: the answers below are instants, so they must not change with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
} from '../../testing/harness.ts';
import { availabilityOverrides } from './tables.ts';
import {
  addBufferedType,
  at,
  bookAs,
  followUp,
  overlappingPairs,
  setupPractice,
  storedAppointments,
} from './test-helpers.ts';

/** UTC offsets (getTimezoneOffset, minutes) on 1 January and 1 July 2027 of the zones of the matrix. */
const OFFSETS: Record<string, [number, number]> = {
  UTC: [0, 0],
  'America/New_York': [300, 240],
  'Australia/Sydney': [-660, -600],
  'Asia/Kathmandu': [-345, -345],
  'Europe/Berlin': [-60, -120],
  'Australia/Lord_Howe': [-660, -630],
};

/** Set by the TZ projects of vitest.config.ts next to TZ itself. */
const MATRIX_ZONE = process.env.STILLPOINT_TEST_TZ;

describe.each(MATRIX_ZONE ? [MATRIX_ZONE] : [])('the process time zone of this run (%s)', (zone) => {
  it('is really in effect: Intl and Date both use it', () => {
    expect(OFFSETS[zone]).toBeDefined();
    expect(process.env.TZ).toBe(zone);
    // ICU may report its own spelling of the same zone (Asia/Katmandu).
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(canonical);
    expect([new Date(2027, 0, 1).getTimezoneOffset(), new Date(2027, 6, 1).getTimezoneOffset()]).toEqual(
      OFFSETS[zone],
    );
  });
});

const starts = (res: { json: () => { slots: { start: string; end: string }[] } }) =>
  res.json().slots.map((s) => s.start);
const minutesOf = (s: { start: string; end: string }) => (Date.parse(s.end) - Date.parse(s.start)) / 60_000;

describeEngines('scheduling routes across the DST transitions of America/Chicago on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  /** The practice of the shared fixture, also working the small hours of `date` (a Sunday). */
  async function nightPractice(date: string, start: string, end: string) {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k, { emails: false });
    await addBufferedType(t, k);
    await t.database.db
      .insert(availabilityOverrides)
      .values({ clinicId: k.clinicId, practitionerId: pid, date, intervals: [{ start, end }] });
    const fd = await login(t, k.users.frontdesk.email);
    return { k, pid, fd };
  }

  const availability = (c: Client, pid: string, type: string, date: string) =>
    c.req(
      'GET',
      `/api/v1/availability?practitionerId=${pid}&appointmentType=${type}&from=${date}&to=${date}`,
    );

  it('spring forward (2027-03-14, 02:00 CST → 03:00 CDT): no slot in the gap, every slot its true length', async () => {
    const { k, pid, fd } = await nightPractice('2027-03-14', '00:00', '06:00');
    const follow = await availability(fd, pid, 'omt-follow-up', '2027-03-14');
    expect(follow.json()).toMatchObject({ timeZone: 'America/Chicago', durationMinutes: 30 });
    // 00:00–01:30 CST (UTC-6), then 03:00–05:30 CDT (UTC-5): five real hours of work.
    expect(starts(follow)).toEqual([
      '2027-03-14T06:00:00.000Z',
      '2027-03-14T06:30:00.000Z',
      '2027-03-14T07:00:00.000Z',
      '2027-03-14T07:30:00.000Z',
      '2027-03-14T08:00:00.000Z',
      '2027-03-14T08:30:00.000Z',
      '2027-03-14T09:00:00.000Z',
      '2027-03-14T09:30:00.000Z',
      '2027-03-14T10:00:00.000Z',
      '2027-03-14T10:30:00.000Z',
    ]);
    const newVisit = await availability(fd, pid, 'omt-new', '2027-03-14');
    expect(new Set(newVisit.json().slots.map(minutesOf))).toEqual(new Set([60]));
    // 60 minutes + 15 after must end by 06:00 CDT (11:00Z): 04:30 CDT is the last start.
    expect(starts(newVisit).at(-1)).toBe('2027-03-14T09:30:00.000Z');
    expect(starts(newVisit)).toContain('2027-03-14T07:30:00.000Z'); // 01:30 CST → 03:30 CDT, one real hour

    // A visit across the gap: 01:30 CST to 03:30 CDT, 60 real minutes, blocking until 03:45 CDT.
    const across = await bookAs(fd, {
      practitionerId: pid,
      appointmentType: 'omt-new',
      start: '2027-03-14T07:30:00.000Z',
      patientId: k.patients[1],
    });
    expect(across.statusCode).toBe(201);
    expect(across.json()).toMatchObject({
      start: '2027-03-14T07:30:00.000Z',
      end: '2027-03-14T08:30:00.000Z',
    });
    expect(starts(await availability(fd, pid, 'omt-follow-up', '2027-03-14'))).toEqual([
      '2027-03-14T06:00:00.000Z',
      '2027-03-14T06:30:00.000Z',
      '2027-03-14T07:00:00.000Z',
      '2027-03-14T09:00:00.000Z',
      '2027-03-14T09:30:00.000Z',
      '2027-03-14T10:00:00.000Z',
      '2027-03-14T10:30:00.000Z',
    ]);
    // The buffered type (15 before, 45, 15 after, 15-minute grid) fits between 00:15 and the booking.
    expect(starts(await availability(fd, pid, 'omt-buffered', '2027-03-14'))).toEqual([
      '2027-03-14T06:15:00.000Z',
      '2027-03-14T06:30:00.000Z', // footprint 00:15–01:30 CST touches the booking's start
      '2027-03-14T09:00:00.000Z',
      '2027-03-14T09:15:00.000Z',
      '2027-03-14T09:30:00.000Z',
      '2027-03-14T09:45:00.000Z',
      '2027-03-14T10:00:00.000Z',
    ]);
    // Taken, buffered, and off the grid: 409 with the reason.
    const refuse = async (start: string, appointmentType = 'omt-follow-up') =>
      (await bookAs(fd, { practitionerId: pid, appointmentType, start, patientId: k.patients[0] })).json<{
        status: number;
        reason: string;
      }>();
    expect(await refuse('2027-03-14T08:00:00.000Z')).toMatchObject({ status: 409, reason: 'conflict' });
    expect(await refuse('2027-03-14T08:30:00.000Z')).toMatchObject({ status: 409, reason: 'conflict' });
    expect(await refuse('2027-03-14T06:10:00.000Z')).toMatchObject({ status: 409, reason: 'misaligned' });
    expect(await refuse('2027-03-14T11:00:00.000Z')).toMatchObject({ status: 409, reason: 'outside-hours' });

    // Move it after the gap: same length, the time across the gap is free again.
    const moved = await fd.req(
      'POST',
      `/api/v1/appointments/${across.json<{ id: string }>().id}/reschedule`,
      {
        start: '2027-03-14T08:00:00.000Z',
      },
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      start: '2027-03-14T08:00:00.000Z',
      end: '2027-03-14T09:00:00.000Z',
    });
    expect(starts(await availability(fd, pid, 'omt-follow-up', '2027-03-14'))).toEqual([
      '2027-03-14T06:00:00.000Z',
      '2027-03-14T06:30:00.000Z',
      '2027-03-14T07:00:00.000Z',
      '2027-03-14T07:30:00.000Z',
      '2027-03-14T09:30:00.000Z',
      '2027-03-14T10:00:00.000Z',
      '2027-03-14T10:30:00.000Z',
    ]);
    const taken = await bookAs(fd, followUp(pid, '2027-03-14T07:30:00.000Z', k.patients[0]));
    expect(taken.json()).toMatchObject({
      start: '2027-03-14T07:30:00.000Z',
      end: '2027-03-14T08:00:00.000Z',
    });
    // A day in the clinic's zone is 23 hours long that Sunday: both bookings, nothing of Monday.
    const listed = (await fd.req('GET', '/api/v1/appointments?from=2027-03-14&to=2027-03-14')).json<{
      results: { start: string }[];
    }>();
    expect(listed.results.map((a) => a.start)).toEqual([
      '2027-03-14T07:30:00.000Z',
      '2027-03-14T08:00:00.000Z',
    ]);
    expect(overlappingPairs(await storedAppointments(t, pid))).toEqual([]);
  });

  it('fall back (2027-11-07, 02:00 CDT → 01:00 CST): the repeated hour is offered and booked once', async () => {
    const { k, pid } = await nightPractice('2027-11-07', '00:00', '04:00');
    // Four days before, inside the types' booking horizon (a session of March would have expired).
    await at(t, '2027-11-03T15:00:00.000Z', async () => {
      const fd = await login(t, k.users.frontdesk.email);
      const follow = await availability(fd, pid, 'omt-follow-up', '2027-11-07');
      const slots = follow.json<{ slots: { start: string; end: string }[] }>().slots;
      // 00:00 and 00:30 CDT (UTC-5), 01:00 and 01:30 at their first occurrence (CDT), then CST (UTC-6).
      expect(slots.map((s) => s.start)).toEqual([
        '2027-11-07T05:00:00.000Z',
        '2027-11-07T05:30:00.000Z',
        '2027-11-07T06:00:00.000Z',
        '2027-11-07T06:30:00.000Z',
        '2027-11-07T08:00:00.000Z',
        '2027-11-07T08:30:00.000Z',
        '2027-11-07T09:00:00.000Z',
        '2027-11-07T09:30:00.000Z',
      ]);
      expect(new Set(slots.map(minutesOf))).toEqual(new Set([30]));
      const first = await bookAs(fd, followUp(pid, '2027-11-07T06:00:00.000Z', k.patients[0]));
      expect(first.statusCode).toBe(201);
      // The second 01:00 (CST) is the same wall-clock time: not a second slot of the grid.
      const again = await bookAs(fd, followUp(pid, '2027-11-07T07:00:00.000Z', k.patients[1]));
      expect(again.json()).toMatchObject({ status: 409, reason: 'misaligned' });
      // Moving into the repeated hour is refused the same way; a real slot after it is fine.
      const id = first.json<{ id: string }>().id;
      const intoRepeat = await fd.req('POST', `/api/v1/appointments/${id}/reschedule`, {
        start: '2027-11-07T07:30:00.000Z',
      });
      expect(intoRepeat.statusCode).toBe(409);
      const later = await fd.req('POST', `/api/v1/appointments/${id}/reschedule`, {
        start: '2027-11-07T08:00:00.000Z',
      });
      expect(later.json()).toMatchObject({
        start: '2027-11-07T08:00:00.000Z',
        end: '2027-11-07T08:30:00.000Z',
      });
      // The 25-hour local day lists it; the 15-minute-grid type sees 01:00 CDT free again.
      const listed = (await fd.req('GET', '/api/v1/appointments?from=2027-11-07&to=2027-11-07')).json<{
        results: { start: string; status: string }[];
      }>();
      expect(listed.results).toEqual([
        expect.objectContaining({ start: '2027-11-07T08:00:00.000Z', status: 'booked' }),
      ]);
      expect(starts(await availability(fd, pid, 'omt-buffered', '2027-11-07'))).toEqual([
        '2027-11-07T05:15:00.000Z',
        '2027-11-07T05:30:00.000Z',
        '2027-11-07T05:45:00.000Z',
        '2027-11-07T06:00:00.000Z',
        '2027-11-07T06:15:00.000Z',
        '2027-11-07T06:30:00.000Z',
        '2027-11-07T06:45:00.000Z', // 01:45 CDT, its first occurrence
        '2027-11-07T08:45:00.000Z',
        '2027-11-07T09:00:00.000Z',
      ]);
    });
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/connect.ts';
import { runJobsOnce } from '../../platform/jobs.ts';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { seedPlan } from './index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const silent = pino({ level: 'silent' });

describeEngines('pre-visit questionnaires on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const db = () => t.database.db;

  /** A practitioner and a visit type of the clinic, and the first patient's email. */
  async function practice(k: TestClinic) {
    const [p] = await rawRows<{ id: string }>(
      db(),
      sql`insert into practitioners (clinic_id, name, time_zone) values (${k.clinicId}, 'Dr Ask', 'UTC') returning id`,
    );
    const [ty] = await rawRows<{ id: string }>(
      db(),
      sql`insert into appointment_types (clinic_id, code, name, duration_minutes)
          values (${k.clinicId}, ${`q-${k.clinicId.slice(0, 6)}`}, 'Follow-up', 30) returning id`,
    );
    await rawRows(db(), sql`update patients set email = 'ada@test.example' where id = ${k.patients[0]}`);
    return async (patientId: string, startMs: number, status = 'booked') => {
      const s = new Date(startMs).toISOString();
      const e = new Date(startMs + HOUR / 2).toISOString();
      const [a] = await rawRows<{ id: string }>(
        db(),
        sql`insert into appointments (clinic_id, practitioner_id, patient_id, appointment_type_id, starts_at, ends_at,
              block_start, block_end, status, source, created_at)
            values (${k.clinicId}, ${p!.id}, ${patientId}, ${ty!.id}, ${s}, ${e}, ${s}, ${e}, ${status}, 'staff',
              ${new Date(t.clock.now).toISOString()}) returning id`,
      );
      return a!.id;
    };
  }

  const run = (k: TestClinic, now: number) =>
    runJobsOnce({ ...t.app.deps, log: silent }, { now: new Date(now), clinicId: k.clinicId });

  async function requestsOf(k: TestClinic) {
    return rawRows<{ appointment_id: string; patient_id: string; instruments: string[] }>(
      db(),
      sql`select appointment_id, patient_id, instruments from questionnaire_requests
          where clinic_id = ${k.clinicId} order by appointment_start`,
    );
  }
  async function messagesOf(k: TestClinic) {
    return rawRows<{
      appointment_id: string;
      kind: string;
      subject: string;
      text: string;
      to_address: string | null;
    }>(
      db(),
      sql`select * from outbox_messages where clinic_id = ${k.clinicId} order by created_at, appointment_start`,
    );
  }

  async function setSchedule(k: TestClinic, body: object) {
    const admin = await login(t, k.users.admin.email);
    const res = await admin.req('PUT', '/api/v1/admin/questionnaire-schedule', {
      enabled: true,
      instruments: ['nrs', 'peg'],
      rule: 'every-visit',
      every: null,
      leadHours: 24,
      audience: 'all',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('admin reads the default schedule and changes it (who and when recorded); bad input names the field', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const first = await admin.req('GET', '/api/v1/admin/questionnaire-schedule');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      enabled: true,
      instruments: ['nrs', 'peg'],
      rule: 'every-visit',
      every: null,
      leadHours: 24,
      audience: 'care-plan',
      isDefault: true,
      changedBy: null,
      changedAt: null,
    });
    const saved = await setSchedule(k, {
      rule: 'every-n-visits',
      every: 3,
      instruments: ['peg'],
      leadHours: 48,
    });
    expect(saved).toMatchObject({
      rule: 'every-n-visits',
      every: 3,
      instruments: ['peg'],
      leadHours: 48,
      isDefault: false,
      changedBy: { id: k.users.admin.id },
      changedAt: new Date(t.clock.now).toISOString(),
    });
    const bad = async (body: object, path: string) => {
      const res = await admin.req('PUT', '/api/v1/admin/questionnaire-schedule', {
        enabled: true,
        instruments: ['nrs'],
        rule: 'every-visit',
        every: null,
        leadHours: 24,
        audience: 'all',
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].path).toBe(path);
    };
    await bad({ instruments: ['nrs', 'odi'] }, 'instruments/1'); // licensed and not enabled
    await bad({ rule: 'every-n-days', every: null }, 'every');
    await bad({ leadHours: 0 }, 'leadHours');
    await bad({ rule: 'weekly' }, 'rule');
    // Nothing of the refused bodies was stored.
    expect((await admin.req('GET', '/api/v1/admin/questionnaire-schedule')).json()).toMatchObject({
      rule: 'every-n-visits',
      instruments: ['peg'],
    });
    const doc = await login(t, k.users.clinician.email);
    expect((await doc.req('GET', '/api/v1/admin/questionnaire-schedule')).statusCode).toBe(403);
  });

  it('the job writes one request and one message per visit in its window; run twice, still one', async () => {
    const k = await makeClinic(t);
    const book = await practice(k);
    await setSchedule(k, {});
    const now = t.clock.now;
    const soon = await book(k.patients[0], now + 20 * HOUR); // in the 24 h window
    await book(k.patients[1], now + 30 * HOUR); // not yet
    await book(k.patients[0], now + 10 * HOUR, 'cancelled'); // cancelled: never
    await run(k, now);
    await run(k, now + 60_000);
    expect(await requestsOf(k)).toEqual([
      { appointment_id: soon, patient_id: k.patients[0], instruments: ['nrs', 'peg'] },
    ]);
    const msgs = (await messagesOf(k)).filter((m) => m.subject.startsWith('Before your visit'));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ appointment_id: soon, kind: 'reminder', to_address: 'ada@test.example' });
    expect(msgs[0]!.subject).toMatch(/^Before your visit on .+: 4 quick questions$/);
    expect(msgs[0]!.text).toContain('/app/me/progress');
    // Later the second visit enters its window: its own request.
    await run(k, now + 7 * HOUR);
    expect((await requestsOf(k)).map((r) => r.patient_id)).toEqual([k.patients[0], k.patients[1]]);
  });

  it('every 2 visits and every 14 days ask only the visits due; the default asks only patients with an active plan', async () => {
    const k = await makeClinic(t);
    const book = await practice(k);
    const now = t.clock.now;
    // Default audience (active plan of care): without a plan nothing is asked.
    await book(k.patients[0], now + 2 * HOUR);
    await run(k, now);
    expect(await requestsOf(k)).toEqual([]);
    await db().transaction((tx) =>
      seedPlan(tx, {
        clinicId: k.clinicId,
        patientId: k.patients[0],
        title: 'Neck pain',
        status: 'active',
        goals: [],
        activities: [],
        start: new Date(now).toISOString().slice(0, 10),
        reviewDate: new Date(now + 30 * DAY).toISOString().slice(0, 10),
        createdBy: k.users.clinician.id,
        signedBy: k.users.clinician.id,
        signedAt: new Date(now),
        now: new Date(now),
      }),
    );
    await run(k, now);
    expect(await requestsOf(k)).toHaveLength(1);

    // Every 2 visits, for all patients: of weekly visits 1..4 of the second patient, 1 and 3 are asked.
    await setSchedule(k, { rule: 'every-n-visits', every: 2 });
    const weekly = [];
    for (let w = 1; w <= 4; w++) weekly.push(await book(k.patients[1], now + w * 7 * DAY + HOUR));
    for (let w = 1; w <= 4; w++) await run(k, now + w * 7 * DAY);
    const asked = (await requestsOf(k))
      .filter((r) => r.patient_id === k.patients[1])
      .map((r) => r.appointment_id);
    expect(asked).toEqual([weekly[0], weekly[2]]);

    // Every 14 days: visits 6 days apart → the 1st and the 4th (18 days after the 1st) are asked.
    const k2 = await makeClinic(t);
    const book2 = await practice(k2);
    await setSchedule(k2, { rule: 'every-n-days', every: 14 });
    const visits = [];
    for (let i = 0; i < 4; i++) visits.push(await book2(k2.patients[0], now + (1 + i * 6) * DAY));
    for (let i = 0; i < 4; i++) await run(k2, now + i * 6 * DAY + 1);
    expect((await requestsOf(k2)).map((r) => r.appointment_id)).toEqual([visits[0], visits[3]]);
  });

  it('the patient answers their own request through the outcomes route; it is then answered; front desk sees no scores', async () => {
    const k = await makeClinic(t);
    const book = await practice(k);
    await setSchedule(k, {});
    const now = t.clock.now;
    await book(k.patients[0], now + 5 * HOUR);
    await book(k.patients[1], now + 6 * HOUR);
    await run(k, now);
    const me = await login(t, k.users.patient.email);
    const open = await me.req('GET', `/api/v1/patients/${k.patients[0]}/questionnaire-requests?open=true`);
    expect(open.statusCode).toBe(200);
    const [req] = open.json();
    expect(req).toMatchObject({ instruments: ['nrs', 'peg'], answered: [], answeredAt: null, questions: 4 });
    // The visit's time is shown in the clinic's zone (the message used it), not the device's.
    expect(req.timeZone).toBe('America/Chicago');
    // Not the other patient's requests, nor answering them.
    expect((await me.req('GET', `/api/v1/patients/${k.patients[1]}/questionnaire-requests`)).statusCode).toBe(
      404,
    );
    const doc = await login(t, k.users.clinician.email);
    const theirs = (
      await doc.req('GET', `/api/v1/patients/${k.patients[1]}/questionnaire-requests`)
    ).json()[0];
    const taken = new Date(now).toISOString();
    const other = await me.req('POST', `/api/v1/patients/${k.patients[0]}/outcomes`, {
      instrument: 'nrs',
      takenAt: taken,
      answers: { pain: 4 },
      requestId: theirs.id,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].path).toBe('requestId');
    // An instrument the request does not ask for: refused, nothing stored.
    const psfs = await me.req('POST', `/api/v1/patients/${k.patients[0]}/outcomes`, {
      instrument: 'psfs',
      takenAt: taken,
      answers: { activities: [{ activity: 'Walking', score: 5 }] },
      requestId: req.id,
    });
    expect(psfs.json().errors[0].path).toBe('instrument');

    const nrs = await me.req('POST', `/api/v1/patients/${k.patients[0]}/outcomes`, {
      instrument: 'nrs',
      takenAt: taken,
      answers: { pain: 4 },
      requestId: req.id,
    });
    expect(nrs.statusCode, nrs.body).toBe(201);
    let list = (await doc.req('GET', `/api/v1/patients/${k.patients[0]}/questionnaire-requests`)).json();
    expect(list[0]).toMatchObject({ answered: ['nrs'], answeredAt: null });
    const peg = await me.req('POST', `/api/v1/patients/${k.patients[0]}/outcomes`, {
      instrument: 'peg',
      takenAt: taken,
      answers: { pain: 4, enjoyment: 3, activity: 5 },
      requestId: req.id,
    });
    expect(peg.statusCode, peg.body).toBe(201);
    list = (await doc.req('GET', `/api/v1/patients/${k.patients[0]}/questionnaire-requests`)).json();
    expect(list[0]).toMatchObject({
      answered: ['nrs', 'peg'],
      answeredAt: new Date(t.clock.now).toISOString(),
    });
    expect(
      (await me.req('GET', `/api/v1/patients/${k.patients[0]}/questionnaire-requests?open=true`)).json(),
    ).toEqual([]);
    // Answered: a second answer to it is a conflict.
    const again = await me.req('POST', `/api/v1/patients/${k.patients[0]}/outcomes`, {
      instrument: 'nrs',
      takenAt: taken,
      answers: { pain: 2 },
      requestId: req.id,
    });
    expect(again.statusCode).toBe(409);
    const [linked] = await rawRows<{ n: number | string }>(
      db(),
      sql`select count(*) as n from questionnaire_responses where request_id = ${req.id}`,
    );
    expect(Number(linked!.n)).toBe(2);

    // Front desk: neither requests nor scores.
    const desk = await login(t, k.users.frontdesk.email);
    expect(
      (await desk.req('GET', `/api/v1/patients/${k.patients[0]}/questionnaire-requests`)).statusCode,
    ).toBe(403);
    expect((await desk.req('GET', `/api/v1/patients/${k.patients[0]}/outcomes`)).statusCode).toBe(403);
  });

  it('admin runs the job now (audited); other roles may not', async () => {
    const k = await makeClinic(t);
    const book = await practice(k);
    await setSchedule(k, {});
    await book(k.patients[0], t.clock.now + 3 * HOUR);
    const admin = await login(t, k.users.admin.email);
    const res = await admin.req('POST', '/api/v1/admin/questionnaire-requests/run', {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ requested: 1 });
    expect((await admin.req('POST', '/api/v1/admin/questionnaire-requests/run', {})).json()).toEqual({
      requested: 0,
    });
    const [audit] = await rawRows<{ details: { requested: number } }>(
      db(),
      sql`select details from audit_events where clinic_id = ${k.clinicId} and action = 'questionnaire-request.run'
          order by at, n limit 1`,
    );
    expect(audit!.details.requested).toBe(1);
    const doc = await login(t, k.users.clinician.email);
    expect((await doc.req('POST', '/api/v1/admin/questionnaire-requests/run', {})).statusCode).toBe(403);
  });
});

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
import { bookAs, followUp, MON_0900_CDT, setupPractice } from '../scheduling/test-helpers.ts';
import { allRoutes } from '../../routes.ts';

const DAY = 86_400_000;

/** The test clock is 2027-03-10 (Chicago); a plan from March 1st, reviewed April 26th. */
const plan = {
  title: 'Low back pain, spring 2027',
  problems: [{ code: 'M54.50' }],
  goals: [
    { text: 'Lift my child without pain', instrument: 'psfs', target: 7 },
    { text: 'Pain at most 3 of 10', instrument: 'nrs', target: 3 },
    { text: 'Back to the choir' },
  ],
  activities: [
    { kind: 'omt', perWeek: 1, weeks: 6 },
    { kind: 'exercise', dose: 'Daily, 10 minutes' },
  ],
  start: '2027-03-01',
  reviewDate: '2027-04-26',
};

describeEngines('plans of care on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let doc: Client;
  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
    doc = await login(t, k.users.clinician.email);
  });
  afterAll(() => t.close());

  const plansUrl = (pid: string) => `/api/v1/patients/${pid}/care-plans`;
  const count = async (clinicId: string) =>
    Number(
      (
        await rawRows<{ n: number | string }>(
          t.database.db,
          sql`select count(*) as n from care_plans where clinic_id = ${clinicId}`,
        )
      )[0]!.n,
    );

  it('drafts, signs and reads a plan with its progress: visits, goals’ latest scores, review due', async () => {
    const pid = k.patients[0];
    const created = await doc.req('POST', plansUrl(pid), plan);
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({
      status: 'draft',
      problems: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M54.50', display: 'Low back pain' }],
      progress: { visitsPlanned: 6, visitsCompleted: 0, visitsBooked: 0 },
      reviewDue: false,
      signedBy: null,
      createdBy: { id: k.users.clinician.id },
    });
    expect(p.goals[0]).toEqual({
      text: 'Lift my child without pain',
      instrument: 'psfs',
      target: 7,
      latest: null,
      met: null,
    });

    const signed = await doc.req('POST', `/api/v1/care-plans/${p.id}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'active',
      signedBy: { id: k.users.clinician.id },
      signedAt: new Date(t.clock.now).toISOString(),
    });
    expect((await doc.req('POST', `/api/v1/care-plans/${p.id}/sign`)).statusCode).toBe(409);
    // Signed: the content is fixed, status and review date still move.
    const edit = await doc.req('PATCH', `/api/v1/care-plans/${p.id}`, { title: 'Other' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().errors[0].path).toBe('title');

    // A completed visit and scores: NRS 7 → 6 → 6 over three weeks is a plateau.
    const practitionerId = await setupPractice(t, k);
    const booked = await bookAs(doc, followUp(practitionerId, MON_0900_CDT, pid));
    expect(booked.statusCode, booked.body).toBe(201);
    await rawRows(
      t.database.db,
      sql`update appointments set status = 'completed' where id = ${booked.json().id}`,
    );
    for (const [daysAgo, pain] of [
      [21, 7],
      [10, 6],
      [0, 6],
    ] as const)
      await doc.req('POST', `/api/v1/patients/${pid}/outcomes`, {
        instrument: 'nrs',
        takenAt: new Date(t.clock.now - daysAgo * DAY).toISOString(),
        answers: { pain },
      });
    await doc.req('POST', `/api/v1/patients/${pid}/outcomes`, {
      instrument: 'psfs',
      takenAt: new Date(t.clock.now).toISOString(),
      answers: { activities: [{ activity: 'Lifting', score: 8 }] },
    });
    const read = (await doc.req('GET', `/api/v1/care-plans/${p.id}`)).json();
    expect(read.progress).toEqual({ visitsPlanned: 6, visitsCompleted: 1, visitsBooked: 0 });
    expect(read.goals.map((g: { met: boolean | null }) => g.met)).toEqual([true, false, null]);
    expect(read.goals[1].latest).toEqual({ score: 6, takenAt: new Date(t.clock.now).toISOString() });
    expect(read).toMatchObject({ reviewDue: true, reviewReasons: ['plateau'] });

    // A signed visit note counts as a visit done too.
    const chart = allRoutes.find(
      (r) => r.method === 'POST' && r.url === '/api/v1/patients/:patientId/encounters',
    )!;
    const visit = await doc.req('POST', `/api/v1/patients/${pid}/encounters`, chart.example);
    expect(visit.statusCode, visit.body).toBe(201);
    expect((await doc.req('POST', `/api/v1/encounters/${visit.json().id}/sign`, {})).statusCode).toBe(200);
    const after = (await doc.req('GET', `/api/v1/care-plans/${p.id}`)).json();
    expect(after.progress).toEqual({ visitsPlanned: 6, visitsCompleted: 2, visitsBooked: 0 });

    // The review date passing is the other reason; on hold still counts, completed does not.
    const hold = await doc.req('PATCH', `/api/v1/care-plans/${p.id}`, {
      status: 'on-hold',
      reviewDate: '2027-03-05',
    });
    expect(hold.statusCode, hold.body).toBe(200);
    expect(hold.json()).toMatchObject({ status: 'on-hold', reviewReasons: ['review-date', 'plateau'] });
    const done = await doc.req('PATCH', `/api/v1/care-plans/${p.id}`, { status: 'completed' });
    expect(done.json()).toMatchObject({ status: 'completed', reviewDue: false });
    expect((await doc.req('PATCH', `/api/v1/care-plans/${p.id}`, { status: 'active' })).statusCode).toBe(409);

    // The patient reads their own plans; the front desk reads none.
    const me = await login(t, k.users.patient.email);
    const mine = await me.req('GET', plansUrl(pid));
    expect(mine.statusCode).toBe(200);
    expect(mine.json().results.map((r: { id: string }) => r.id)).toEqual([p.id]);
    expect((await me.req('POST', plansUrl(pid), plan)).statusCode).toBe(403);
    const desk = await login(t, k.users.frontdesk.email);
    expect((await desk.req('GET', plansUrl(pid))).statusCode).toBe(403);
    expect((await desk.req('GET', `/api/v1/care-plans/${p.id}`)).statusCode).toBe(403);
  });

  it('refuses a bad plan naming the field, storing nothing', async () => {
    const c = await makeClinic(t);
    const d = await login(t, c.users.clinician.email);
    const pid = c.patients[0];
    const cases: [unknown, number, string][] = [
      [{ ...plan, reviewDate: '2027-02-28' }, 400, 'reviewDate'],
      [{ ...plan, problems: [{ code: 'M81.0' }] }, 400, 'problems/0/code'],
      [
        { ...plan, goals: [{ text: 'ODI under 20', instrument: 'odi', target: 20 }] },
        409,
        'goals/0/instrument',
      ],
      [
        { ...plan, goals: [{ text: 'Feel better', instrument: 'vas', target: 2 }] },
        400,
        'goals/0/instrument',
      ],
      [{ ...plan, goals: [{ text: 'PSFS 12', instrument: 'psfs', target: 12 }] }, 400, 'goals/0/target'],
      [{ ...plan, activities: [{ kind: 'omt' }] }, 400, 'activities/0/perWeek'],
      [{ ...plan, activities: [{ kind: 'cupping' }] }, 400, 'activities/0/kind'],
      [{ ...plan, start: '2027-13-01' }, 400, 'start'],
    ];
    for (const [body, status, path] of cases) {
      const res = await d.req('POST', plansUrl(pid), body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status);
      expect(
        res.json().errors.map((e: { path: string }) => e.path),
        res.body,
      ).toContain(path);
    }
    expect(await count(c.clinicId)).toBe(0);

    const draft = (await d.req('POST', plansUrl(pid), plan)).json();
    const bad = await d.req('PATCH', `/api/v1/care-plans/${draft.id}`, { reviewDate: '2027-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('reviewDate');
    expect(
      (await d.req('PATCH', `/api/v1/care-plans/${draft.id}`, { status: 'active' })).json().errors[0].message,
    ).toMatch(/Sign the plan/);
    const changed = await d.req('PATCH', `/api/v1/care-plans/${draft.id}`, {
      activities: [{ kind: 'omt', perWeek: 2, weeks: 4 }],
    });
    expect(changed.json().progress.visitsPlanned).toBe(8);
  });
});

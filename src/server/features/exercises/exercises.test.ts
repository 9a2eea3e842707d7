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

const DAY = 86_400_000;

/**
 * The test clock is Wednesday 2027-03-10, 09:00 in Chicago (the clinic's zone). Chin tucks twice a
 * day, five days a week, from Monday 1 March: 10 sessions the first week, and this week (Monday to
 * Wednesday, 3 days) ceil(10 × 3 / 7) = 5.
 */
const chinTucks = {
  exercise: 'chin-tuck',
  sets: 2,
  reps: 10,
  holdSeconds: 5,
  timesPerDay: 2,
  daysPerWeek: 5,
  notes: 'Eyes level',
  start: '2027-03-01',
};

describeEngines('home exercise programs on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let doc: Client;
  let me: Client;
  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
    doc = await login(t, k.users.clinician.email);
    me = await login(t, k.users.patient.email);
  });
  afterAll(() => t.close());

  const programUrl = (pid: string) => `/api/v1/patients/${pid}/exercise-prescriptions`;
  const count = async (table: string, clinicId: string) =>
    Number(
      (
        await rawRows<{ n: number | string }>(
          t.database.db,
          sql`select count(*) as n from ${sql.raw(table)} where clinic_id = ${clinicId}`,
        )
      )[0]!.n,
    );
  /** Runs `fn` with the clock `days` earlier, then puts it back. */
  const daysAgo = async <T>(days: number, fn: () => Promise<T>) => {
    const now = t.clock.now;
    t.clock.now = now - days * DAY;
    try {
      return await fn();
    } finally {
      t.clock.now = now;
    }
  };

  it('prescribes, lets the patient tick off and undo today’s sessions, and counts adherence per week', async () => {
    const pid = k.patients[0];
    const created = await doc.req('POST', programUrl(pid), chinTucks);
    expect(created.statusCode, created.body).toBe(201);
    const rx = created.json();
    expect(rx).toMatchObject({
      exercise: { id: 'chin-tuck', name: 'Chin tucks', builtin: true },
      sets: 2,
      reps: 10,
      holdSeconds: 5,
      timesPerDay: 2,
      daysPerWeek: 5,
      start: '2027-03-01',
      stoppedAt: null,
      prescribedBy: { id: k.users.clinician.id },
      today: { date: '2027-03-10', done: 0, allowed: 2 },
    });
    expect(rx.adherence.weeks).toEqual([
      { weekStart: '2027-03-01', activeDays: 7, prescribed: 10, done: 0, percent: 0 },
      { weekStart: '2027-03-08', activeDays: 3, prescribed: 5, done: 0, percent: 0 },
    ]);

    // Last week: three sessions (Tuesday twice, Wednesday once) → 30 %.
    const tick = () => me.req('POST', `/api/v1/exercise-prescriptions/${rx.id}/sessions`);
    for (const days of [8, 8, 7]) expect((await daysAgo(days, tick)).statusCode).toBe(201);
    // Today: twice, then the dose is reached.
    expect((await tick()).json().today.done).toBe(1);
    const second = await tick();
    expect(second.statusCode).toBe(201);
    expect(second.json().today).toEqual({ date: '2027-03-10', done: 2, allowed: 2 });
    const third = await tick();
    expect(third.statusCode).toBe(409);
    expect(third.json().errors[0].path).toBe('timesPerDay');

    const undo = () => me.req('DELETE', `/api/v1/exercise-prescriptions/${rx.id}/sessions/today`);
    expect((await undo()).json().today.done).toBe(1);
    const program = await doc.req('GET', programUrl(pid));
    expect(program.statusCode).toBe(200);
    expect(program.json().today).toBe('2027-03-10');
    const read = program.json().results[0];
    expect(read.adherence).toEqual({
      weeks: [
        { weekStart: '2027-03-01', activeDays: 7, prescribed: 10, done: 3, percent: 30 },
        { weekStart: '2027-03-08', activeDays: 3, prescribed: 5, done: 1, percent: 20 },
      ],
      total: { prescribed: 15, done: 4, percent: 27 },
    });
    expect((await undo()).json().today.done).toBe(0);
    const none = await undo();
    expect(none.statusCode).toBe(409);
    expect(none.json().errors[0].path).toBe('date');
    expect(await count('exercise_sessions', k.clinicId)).toBe(3);

    // Who may do what: the patient reads and ticks, but neither prescribes nor stops; the front desk sees nothing.
    expect((await me.req('GET', programUrl(pid))).json().results).toHaveLength(1);
    expect((await me.req('POST', programUrl(pid), chinTucks)).statusCode).toBe(403);
    expect((await me.req('POST', `/api/v1/exercise-prescriptions/${rx.id}/stop`)).statusCode).toBe(403);
    expect((await me.req('GET', programUrl(k.patients[1]))).statusCode).toBe(404);
    const desk = await login(t, k.users.frontdesk.email);
    expect((await desk.req('GET', programUrl(pid))).statusCode).toBe(403);
    expect((await desk.req('POST', `/api/v1/exercise-prescriptions/${rx.id}/sessions`)).statusCode).toBe(403);

    // Stopped today: it stays on record with its history, and takes no more sessions.
    const stopped = await doc.req('POST', `/api/v1/exercise-prescriptions/${rx.id}/stop`);
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json()).toMatchObject({ stoppedAt: new Date(t.clock.now).toISOString() });
    expect(stopped.json().adherence.total).toEqual({ prescribed: 15, done: 3, percent: 20 });
    expect((await tick()).statusCode).toBe(409);
    expect((await doc.req('POST', `/api/v1/exercise-prescriptions/${rx.id}/stop`)).statusCode).toBe(409);

    // A later exercise lists before the stopped one; one that starts tomorrow takes no session yet.
    const later = await doc.req('POST', programUrl(pid), {
      ...chinTucks,
      exercise: 'bird-dog',
      start: '2027-03-11',
    });
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().adherence.weeks).toEqual([]);
    const early = await me.req('POST', `/api/v1/exercise-prescriptions/${later.json().id}/sessions`);
    expect(early.statusCode).toBe(409);
    expect(early.json().errors[0].path).toBe('start');
    const list = (await me.req('GET', programUrl(pid))).json().results;
    expect(list.map((r: { exercise: { id: string } }) => r.exercise.id)).toEqual(['bird-dog', 'chin-tuck']);
  });

  it('refuses a bad prescription naming the field, storing nothing', async () => {
    const c = await makeClinic(t);
    const d = await login(t, c.users.clinician.email);
    const pid = c.patients[0];
    const [otherPlan] = await rawRows<{ id: string }>(
      t.database.db,
      sql`insert into care_plans (clinic_id, patient_id, title, problems, goals, activities, start, review_date,
                                  created_by, created_at, updated_at)
          values (${c.clinicId}, ${c.patients[1]}, 'Neck', '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, '2027-03-01',
                  '2027-04-01', ${c.users.clinician.id}, now(), now())
          returning id`,
    );
    const cases: [unknown, number, string][] = [
      [{ ...chinTucks, sets: 0 }, 400, 'sets'],
      [{ ...chinTucks, reps: -3 }, 400, 'reps'],
      [{ ...chinTucks, reps: 2.5 }, 400, 'reps'],
      [{ ...chinTucks, daysPerWeek: 8 }, 400, 'daysPerWeek'],
      [{ ...chinTucks, timesPerDay: 0 }, 400, 'timesPerDay'],
      [{ ...chinTucks, holdSeconds: 0 }, 400, 'holdSeconds'],
      [{ ...chinTucks, exercise: 'headstand' }, 400, 'exercise'],
      [{ ...chinTucks, start: '2027-02-30' }, 400, 'start'],
      [{ ...chinTucks, carePlanId: otherPlan!.id }, 400, 'carePlanId'],
    ];
    for (const [body, status, path] of cases) {
      const res = await d.req('POST', programUrl(pid), body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status);
      expect(
        res.json().errors.map((e: { path: string }) => e.path),
        res.body,
      ).toContain(path);
    }
    expect(await count('exercise_prescriptions', c.clinicId)).toBe(0);
    // The plan of the same patient is accepted.
    const ok = await d.req('POST', programUrl(c.patients[1]), { ...chinTucks, carePlanId: otherPlan!.id });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().carePlanId).toBe(otherPlan!.id);
  });

  it('searches the library, adds and changes the clinic’s own exercises, keeps built-ins read-only', async () => {
    const c = await makeClinic(t);
    const d = await login(t, c.users.clinician.email);
    const chin = await d.req('GET', '/api/v1/exercises?q=chin');
    expect(chin.statusCode).toBe(200);
    expect(chin.json().results[0]).toMatchObject({ id: 'chin-tuck', builtin: true });

    const mine = {
      name: 'Towel squeeze',
      purpose: 'Strengthen the inner thighs.',
      steps: ['Lie on your back.', 'Squeeze a rolled towel between your knees.'],
      regions: ['pelvic'],
    };
    const added = await d.req('POST', '/api/v1/exercises', mine);
    expect(added.statusCode, added.body).toBe(201);
    const own = added.json();
    expect(own).toMatchObject({ ...mine, cautions: [], builtin: false });
    expect(
      (await d.req('GET', '/api/v1/exercises?q=towel')).json().results.map((e: { id: string }) => e.id),
    ).toEqual([own.id]);
    const changed = await d.req('PATCH', `/api/v1/exercises/${own.id}`, {
      cautions: ['Stop if the groin hurts.'],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Towel squeeze', cautions: ['Stop if the groin hurts.'] });
    const builtin = await d.req('PATCH', '/api/v1/exercises/chin-tuck', { name: 'Mine now' });
    expect(builtin.statusCode).toBe(409);
    expect(builtin.json().type).toBe('https://stillpoint.dev/problems/exercise-builtin');
    const bad = await d.req('POST', '/api/v1/exercises', { ...mine, regions: ['elbow'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/^regions/);

    // Prescribed from the clinic's own library; another clinic cannot name it.
    const rx = await d.req('POST', programUrl(c.patients[0]), { ...chinTucks, exercise: own.id });
    expect(rx.statusCode, rx.body).toBe(201);
    expect(rx.json().exercise).toMatchObject({ id: own.id, name: 'Towel squeeze', builtin: false });
    const foreign = await doc.req('POST', programUrl(k.patients[1]), { ...chinTucks, exercise: own.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe('exercise');
    expect((await doc.req('PATCH', `/api/v1/exercises/${own.id}`, { name: 'x y' })).statusCode).toBe(404);
    expect((await doc.req('GET', '/api/v1/exercises?q=towel')).json().results).toEqual([]);

    // The library is for clinicians and admins.
    const desk = await login(t, c.users.frontdesk.email);
    expect((await desk.req('GET', '/api/v1/exercises')).statusCode).toBe(403);
    const patient = await login(t, c.users.patient.email);
    expect((await patient.req('GET', '/api/v1/exercises')).statusCode).toBe(403);
  });
});

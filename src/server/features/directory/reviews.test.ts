import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/connect.ts';
import {
  client,
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
} from '../../testing/harness.ts';
import { list, practice, randomSpot } from './test-helpers.ts';

/** An appointment of the clinic's first patient with its practitioner, in the given status. */
async function visit(
  t: TestApp,
  clinicId: string,
  practitionerId: string,
  patientId: string,
  status: string,
  day: number,
) {
  const [row] = await rawRows<{ id: string }>(
    t.database.db,
    sql`insert into appointments (clinic_id, practitioner_id, patient_id, appointment_type_id, starts_at, ends_at,
                                  block_start, block_end, status, source, created_at)
        select ${clinicId}, ${practitionerId}, ${patientId}, id,
               ${new Date(Date.UTC(2027, 1, day, 15)).toISOString()}, ${new Date(Date.UTC(2027, 1, day, 15, 30)).toISOString()},
               ${new Date(Date.UTC(2027, 1, day, 15)).toISOString()}, ${new Date(Date.UTC(2027, 1, day, 15, 30)).toISOString()},
               ${status}, 'staff', now()
        from appointment_types where clinic_id = ${clinicId} and code = 'omt-follow-up'
        returning id`,
  );
  return row!.id;
}

describeEngines('reviews on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('lets the patient review a completed visit once; published without the name, marked verified', async () => {
    const k = await makeClinic(t);
    const pid = await practice(t, k);
    const admin = await login(t, k.users.admin.email);
    await list(admin, pid, randomSpot());
    const done = await visit(t, k.clinicId, pid, k.patients[0], 'completed', 1);
    const upcoming = await visit(t, k.clinicId, pid, k.patients[0], 'booked', 2);
    const someoneElses = await visit(t, k.clinicId, pid, k.patients[1], 'completed', 3);
    const patient = await login(t, k.users.patient.email);
    const body = { rating: 5, text: 'Clear explanations; my back is better.' };

    const first = await patient.req('POST', `/api/v1/appointments/${done}/review`, body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await patient.req('POST', `/api/v1/appointments/${done}/review`, { rating: 1, text: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ detail: string }>().detail).toMatch(/already reviewed/);
    const early = await patient.req('POST', `/api/v1/appointments/${upcoming}/review`, body);
    expect(early.statusCode).toBe(409);
    expect(early.json<{ detail: string }>().detail).toMatch(/once it has taken place/);
    expect((await patient.req('POST', `/api/v1/appointments/${someoneElses}/review`, body)).statusCode).toBe(
      404,
    );
    const staff = await login(t, k.users.frontdesk.email);
    expect((await staff.req('POST', `/api/v1/appointments/${done}/review`, body)).statusCode).toBe(403);
    for (const bad of [
      { rating: 0 },
      { rating: 6 },
      { rating: 4.5 },
      { rating: 3, text: 'x'.repeat(2001) },
    ]) {
      const res = await patient.req('POST', `/api/v1/appointments/${upcoming}/review`, bad);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { path: string }[] }>().errors[0]!.path).toMatch(/^(rating|text)$/);
    }

    const pub = await client(t).req('GET', `/api/v1/directory/practitioners/${pid}/reviews`);
    expect(pub.json()).toEqual({
      results: [
        {
          rating: 5,
          text: 'Clear explanations; my back is better.',
          date: '2027-03-10',
          verifiedVisit: true,
        },
      ],
    });
    expect(pub.body).not.toContain('Ada');
    const profile = await client(t).req('GET', `/api/v1/directory/practitioners/${pid}`);
    expect(profile.json<{ reviews: unknown }>().reviews).toEqual({ count: 1, average: 5 });
    const [entry] = await rawRows<{ n: number | string }>(
      t.database.db,
      sql`select count(*) as n from audit_events where clinic_id = ${k.clinicId} and action = 'review.create' and outcome = 'success' and patient_id = ${k.patients[0]}`,
    );
    expect(Number(entry!.n)).toBe(1);
  });

  it('lets the clinic admin hide a review with a reason (audited); hidden reviews leave the public list', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const pid = await practice(t, k);
    const admin = await login(t, k.users.admin.email);
    await list(admin, pid, randomSpot());
    const done = await visit(t, k.clinicId, pid, k.patients[0], 'completed', 4);
    const patient = await login(t, k.users.patient.email);
    await patient.req('POST', `/api/v1/appointments/${done}/review`, { rating: 2, text: 'Rude to Dr. X' });
    const listed = await admin.req('GET', '/api/v1/directory/reviews');
    const [review] = listed.json<{ results: { id: string; hidden: boolean }[] }>().results;
    expect(review).toEqual(expect.objectContaining({ hidden: false, rating: 2 }));
    const outsider = await login(t, other.users.admin.email);
    expect(
      (await outsider.req('POST', `/api/v1/directory/reviews/${review!.id}/hide`, { reason: 'spam' }))
        .statusCode,
    ).toBe(404);
    const clinician = await login(t, k.users.clinician.email);
    expect(
      (await clinician.req('POST', `/api/v1/directory/reviews/${review!.id}/hide`, { reason: 'spam' }))
        .statusCode,
    ).toBe(403);
    expect((await admin.req('POST', `/api/v1/directory/reviews/${review!.id}/hide`, {})).statusCode).toBe(
      400,
    );
    const hid = await admin.req('POST', `/api/v1/directory/reviews/${review!.id}/hide`, {
      reason: 'Names a colleague',
    });
    expect(hid.statusCode, hid.body).toBe(200);
    expect(
      (await admin.req('POST', `/api/v1/directory/reviews/${review!.id}/hide`, { reason: 'again' }))
        .statusCode,
    ).toBe(409);
    const pub = await client(t).req('GET', `/api/v1/directory/practitioners/${pid}/reviews`);
    expect(pub.json()).toEqual({ results: [] });
    const [row] = await rawRows<{ reason: string | null; details: unknown }>(
      t.database.db,
      sql`select details from audit_events where clinic_id = ${k.clinicId} and action = 'review.hide' and outcome = 'success'`,
    );
    const details = typeof row!.details === 'string' ? JSON.parse(row!.details) : row!.details;
    expect(details).toEqual(expect.objectContaining({ reason: 'Names a colleague' }));
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { rawRows } from '../../db/connect.ts';
import { auditEvents } from '../../db/schema.ts';
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

describeEngines('outcome measures on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let doc: Client;
  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
    doc = await login(t, k.users.clinician.email);
  });
  afterAll(() => t.close());

  const at = (daysAgo: number) => new Date(t.clock.now - daysAgo * DAY).toISOString();
  const url = (pid: string) => `/api/v1/patients/${pid}/outcomes`;

  async function stored(clinicId: string) {
    const [r] = await rawRows<{ responses: number | string; scores: number | string }>(
      t.database.db,
      sql`select (select count(*) from questionnaire_responses where clinic_id = ${clinicId}) as responses,
                 (select count(*) from outcome_observations where clinic_id = ${clinicId}) as scores`,
    );
    return { responses: Number(r!.responses), scores: Number(r!.scores) };
  }

  it('lists the catalogue: free instruments on, licensed ones off, each with its threshold', async () => {
    const res = await doc.req('GET', '/api/v1/instruments');
    expect(res.statusCode).toBe(200);
    const list =
      res.json<{ id: string; enabled: boolean; licence: string; threshold: object; direction: string }[]>();
    expect(list.map((i) => [i.id, i.enabled, i.licence])).toEqual([
      ['nrs', true, 'free'],
      ['peg', true, 'free'],
      ['psfs', true, 'free'],
      ['ndi', false, 'licence-required'],
      ['odi', false, 'licence-required'],
      ['rmdq', false, 'licence-required'],
      ['hit6', false, 'licence-required'],
    ]);
    expect(list[0]).toMatchObject({
      direction: 'lower-is-better',
      min: 0,
      max: 10,
      threshold: { points: 2, percent: 30, custom: false, source: expect.stringContaining('Farrar') },
    });
    expect(list[2]).toMatchObject({ direction: 'higher-is-better', threshold: { points: 2, percent: null } });
  });

  it('records scores, answers the series with change, responder and plateau, and audits both', async () => {
    const pid = k.patients[1];
    const peg = async (daysAgo: number, pain: number, enjoyment: number, activity: number) =>
      doc.req('POST', url(pid), {
        instrument: 'peg',
        takenAt: at(daysAgo),
        answers: { pain, enjoyment, activity },
      });
    const first = await peg(40, 8, 7, 7);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ id: expect.any(String), instrument: 'peg', takenAt: at(40), score: 7.33 });

    const one = (await doc.req('GET', `${url(pid)}?instrument=peg`)).json();
    expect(one).toMatchObject({
      instrument: 'peg',
      baseline: 7.33,
      latest: 7.33,
      change: null,
      responder: null,
      plateau: null,
    });

    expect((await peg(20, 6, 5, 5)).statusCode).toBe(201); // 5.33
    expect((await peg(10, 6, 5, 5)).statusCode).toBe(201); // 5.33
    expect((await peg(1, 5, 5, 5)).statusCode).toBe(201); // 5
    const res = await doc.req('GET', `${url(pid)}?instrument=peg`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.series.map((p: { score: number }) => p.score)).toEqual([7.33, 5.33, 5.33, 5]);
    expect(s.series[0].takenAt).toBe(at(40));
    // 7.33 → 5: 2.33 points better, 31.8 % of 7.33; the newest three (19 days) moved 0.33 < 1 point.
    expect(s).toMatchObject({
      baseline: 7.33,
      latest: 5,
      change: { points: 2.33, percent: 31.8 },
      responder: true,
      plateau: true,
    });
    // Without ?instrument the series is the instrument last answered.
    expect((await doc.req('GET', url(pid))).json().instrument).toBe('peg');

    const entries = await t.database.db
      .select({
        action: auditEvents.action,
        resourceType: auditEvents.resourceType,
        resourceId: auditEvents.resourceId,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.patientId, pid)))
      .orderBy(asc(auditEvents.n));
    expect(entries.filter((e) => e.action === 'outcome.create')).toHaveLength(4);
    expect(entries.find((e) => e.action === 'outcome.create')).toEqual({
      action: 'outcome.create',
      resourceType: 'Observation',
      resourceId: first.json().id,
    });
    expect(entries.filter((e) => e.action === 'outcome.read').length).toBeGreaterThanOrEqual(3);
    const [raw] = await rawRows<{ answers: unknown; instrument_version: string; author_user_id: string }>(
      t.database.db,
      sql`select r.answers, r.instrument_version, r.author_user_id from questionnaire_responses r
          join outcome_observations o on o.response_id = r.id where o.id = ${first.json().id}`,
    );
    expect(raw).toEqual({
      answers: { pain: 8, enjoyment: 7, activity: 7 },
      instrument_version: '1',
      author_user_id: k.users.clinician.id,
    });
  });

  it('a patient answers and reads only their own; the front desk sees no scores', async () => {
    const me = await login(t, k.users.patient.email);
    const own = await me.req('POST', url(k.patients[0]), {
      instrument: 'psfs',
      takenAt: at(0),
      answers: {
        activities: [
          { activity: 'Lifting my child', score: 4 },
          { activity: 'Driving', score: 7 },
        ],
      },
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().score).toBe(5.5);
    expect((await me.req('GET', `${url(k.patients[0])}?instrument=psfs`)).json().latest).toBe(5.5);
    const other = await me.req('POST', url(k.patients[1]), {
      instrument: 'nrs',
      takenAt: at(0),
      answers: { pain: 3 },
    });
    expect(other.statusCode).toBe(404);
    expect((await me.req('GET', url(k.patients[1]))).statusCode).toBe(404);
    expect((await me.req('GET', '/api/v1/reports/outcomes')).statusCode).toBe(403);

    const desk = await login(t, k.users.frontdesk.email);
    expect((await desk.req('GET', url(k.patients[0]))).statusCode).toBe(403);
    expect(
      (
        await desk.req('POST', url(k.patients[0]), {
          instrument: 'nrs',
          takenAt: at(0),
          answers: { pain: 3 },
        })
      ).statusCode,
    ).toBe(403);
    expect((await desk.req('GET', '/api/v1/reports/outcomes')).statusCode).toBe(403);

    const elsewhere = await makeClinic(t);
    const stranger = await login(t, elsewhere.users.clinician.email);
    expect((await stranger.req('GET', url(k.patients[0]))).statusCode).toBe(404);
  });

  it('refuses bad input with a problem naming the field, storing nothing', async () => {
    const c = await makeClinic(t);
    const d = await login(t, c.users.clinician.email);
    const pid = c.patients[0];
    const cases: [unknown, number, string][] = [
      [{ instrument: 'nrs', takenAt: at(0), answers: { pain: 11 } }, 400, 'answers/pain'],
      [{ instrument: 'nrs', takenAt: at(0), answers: { pain: 2.5 } }, 400, 'answers/pain'],
      [{ instrument: 'peg', takenAt: at(0), answers: { pain: 2, enjoyment: 3 } }, 400, 'answers/activity'],
      [{ instrument: 'psfs', takenAt: at(0), answers: { activities: [] } }, 400, 'answers/activities'],
      [
        {
          instrument: 'psfs',
          takenAt: at(0),
          answers: { activities: Array.from({ length: 6 }, (_, i) => ({ activity: `a${i}`, score: 5 })) },
        },
        400,
        'answers/activities',
      ],
      [{ instrument: 'vas', takenAt: at(0), answers: { pain: 3 } }, 400, 'instrument'],
      [{ instrument: 'odi', takenAt: at(0), answers: { score: 40 } }, 409, 'instrument'],
      [{ instrument: 'nrs', takenAt: '2027-03-14', answers: { pain: 3 } }, 400, 'takenAt'],
      [
        { instrument: 'nrs', takenAt: new Date(t.clock.now + DAY).toISOString(), answers: { pain: 3 } },
        400,
        'takenAt',
      ],
    ];
    for (const [body, status, path] of cases) {
      const res = await d.req('POST', url(pid), body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.json().errors.map((e: { path: string }) => e.path),
        res.body,
      ).toContain(path);
    }
    expect(await stored(c.clinicId)).toEqual({ responses: 0, scores: 0 });
  });

  it('an admin enables a licensed instrument with its licence and sets thresholds, recorded with who and when', async () => {
    const c = await makeClinic(t);
    const admin = await login(t, c.users.admin.email);
    const d = await login(t, c.users.clinician.email);
    const put = (body: unknown) => admin.req('PUT', '/api/v1/admin/instruments', body);

    const noLicence = await put({ instrument: 'hit6', enabled: true });
    expect(noLicence.statusCode).toBe(400);
    expect(noLicence.json().errors).toEqual([{ path: 'licenceReference', message: expect.any(String) }]);
    expect(
      (
        await d.req('PUT', '/api/v1/admin/instruments', {
          instrument: 'hit6',
          enabled: true,
          licenceReference: 'QM-1',
        })
      ).statusCode,
    ).toBe(403);

    const on = await put({
      instrument: 'hit6',
      enabled: true,
      licenceReference: 'QualityMetric order 2027-114',
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({
      id: 'hit6',
      enabled: true,
      licenceReference: 'QualityMetric order 2027-114',
      settingsChangedBy: { id: c.users.admin.id },
      settingsChangedAt: new Date(t.clock.now).toISOString(),
    });
    const hit = await d.req('POST', url(c.patients[0]), {
      instrument: 'hit6',
      takenAt: at(30),
      answers: { score: 64 },
    });
    expect(hit.statusCode, hit.body).toBe(201);
    expect(
      (
        await d.req('POST', url(c.patients[0]), {
          instrument: 'hit6',
          takenAt: at(1),
          answers: { score: 30 },
        })
      ).json().errors[0].path,
    ).toBe('answers/score');

    // NRS 8 → 6 is a responder by default (2 points); the clinic asks for 3 points and no percent.
    await d.req('POST', url(c.patients[1]), { instrument: 'nrs', takenAt: at(20), answers: { pain: 8 } });
    await d.req('POST', url(c.patients[1]), { instrument: 'nrs', takenAt: at(2), answers: { pain: 6 } });
    expect((await d.req('GET', `${url(c.patients[1])}?instrument=nrs`)).json().responder).toBe(true);
    const strict = await put({ instrument: 'nrs', threshold: { points: 3, percent: null } });
    expect(strict.json().threshold).toEqual({
      points: 3,
      percent: null,
      custom: true,
      source: 'Set by this clinic',
    });
    expect((await d.req('GET', `${url(c.patients[1])}?instrument=nrs`)).json().responder).toBe(false);
    expect(
      (await put({ instrument: 'nrs', threshold: { points: 30, percent: null } })).json().errors[0].path,
    ).toBe('threshold/points');

    const [entry] = await t.database.db
      .select({ userId: auditEvents.userId, details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.clinicId, c.clinicId),
          eq(auditEvents.action, 'outcome-instrument.settings'),
          eq(auditEvents.outcome, 'success'),
        ),
      )
      .orderBy(asc(auditEvents.n))
      .limit(1);
    expect(entry).toMatchObject({ userId: c.users.admin.id, details: { instrument: 'hit6', enabled: true } });

    // Switched off again: answers are refused.
    await put({ instrument: 'hit6', enabled: false });
    expect(
      (
        await d.req('POST', url(c.patients[0]), {
          instrument: 'hit6',
          takenAt: at(0),
          answers: { score: 50 },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('reports the responder rate with its Wilson interval beside the published figures', async () => {
    const c = await makeClinic(t);
    const d = await login(t, c.users.clinician.email);
    const admin = await login(t, c.users.admin.email);
    const nrs = (pid: string, daysAgo: number, pain: number) =>
      d.req('POST', url(pid), { instrument: 'nrs', takenAt: at(daysAgo), answers: { pain } });
    await nrs(c.patients[0], 30, 8);
    await nrs(c.patients[0], 5, 4); // responder
    await nrs(c.patients[1], 30, 6);
    await nrs(c.patients[1], 5, 6); // not

    const res = await admin.req('GET', '/api/v1/reports/outcomes?instrument=nrs');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    // 1 of 2: Wilson 95 % [0.0945, 0.9055]
    expect(r).toMatchObject({
      instrument: 'nrs',
      patients: 2,
      responders: 1,
      rate: 0.5,
      ci95: [0.0945, 0.9055],
    });
    expect(r.definition).toContain('at least 2 points or 30 % of the baseline');
    const claim = r.published.find((p: { kind: string }) => p.kind === 'marketing-claim');
    expect(claim).toMatchObject({ value: '70–85 %', source: null });
    expect(r.published.find((p: { value: string }) => p.value.startsWith('1.38'))).toMatchObject({
      kind: 'response-ratio',
      source: expect.stringContaining('Ann Fam Med 2013'),
    });

    // A period holding only the later scores counts nobody.
    const day = (daysAgo: number) => at(daysAgo).slice(0, 10);
    const late = (
      await d.req('GET', `/api/v1/reports/outcomes?instrument=nrs&from=${day(10)}&to=${day(0)}`)
    ).json();
    expect(late).toMatchObject({ patients: 0, responders: 0, rate: null, ci95: null });
    const bad = await d.req('GET', `/api/v1/reports/outcomes?instrument=nrs&from=${day(0)}&to=${day(10)}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('to');
    expect((await d.req('GET', '/api/v1/reports/outcomes?instrument=xyz')).json().errors[0].path).toBe(
      'instrument',
    );
  });

  it('keeps the all-time summary equal to the scores: ties, backdated scores, moves and removals', async () => {
    const c = await makeClinic(t);
    const db = t.database.db;
    const [a, b] = [c.patients[0], c.patients[1]];
    const author = c.users.clinician.id;
    const base = t.clock.now - 100 * DAY;
    // Scores out of order, three sharing one effective and created time (the id breaks the tie).
    const rows: [string, number, number, number][] = [
      [a, 50, 50, 7],
      [a, 10, 60, 9],
      [a, 10, 60, 3],
      [a, 10, 60, 5],
      [a, 90, 90, 2],
      [a, 90, 90, 6],
      [b, 40, 40, 8],
      [b, 5, 95, 4],
      [b, 70, 70, 1],
    ];
    for (const [pid, day, created, score] of rows) {
      const eff = new Date(base + day * DAY).toISOString();
      const made = new Date(base + created * DAY).toISOString();
      await rawRows(
        db,
        sql`with r as (insert into questionnaire_responses (clinic_id, patient_id, instrument, instrument_version,
                         authored, answers, author_user_id, created_at)
                       values (${c.clinicId}, ${pid}, 'nrs', '1', ${eff}, '{}'::jsonb, ${author}, ${made}) returning id)
            insert into outcome_observations (clinic_id, patient_id, response_id, instrument, effective, score, created_at)
            select ${c.clinicId}, ${pid}, r.id, 'nrs', ${eff}, ${score}, ${made} from r`,
      );
    }
    const { firstAndLast, firstAndLastAllTime } = await import('./store.ts');
    const sort = (x: { first: number; last: number; patients: number }[]) =>
      [...x].sort((p, q) => p.first - q.first || p.last - q.last);
    const same = async () => {
      const scanned = await db.transaction((tx) => firstAndLast(tx, c.clinicId, 'nrs', 'UTC', null, null));
      const summary = await firstAndLastAllTime(db, c.clinicId, 'nrs');
      expect(sort(summary)).toEqual(sort(scanned));
      const counts = await rawRows<{ patient_id: string; scores: number | string; n: number | string }>(
        db,
        sql`select s.patient_id, s.scores,
                   (select count(*) from outcome_observations o where o.clinic_id = s.clinic_id
                      and o.patient_id = s.patient_id and o.instrument = s.instrument) as n
            from outcome_series_summary s where s.clinic_id = ${c.clinicId}`,
      );
      for (const r of counts) expect(Number(r.scores)).toBe(Number(r.n));
      return { scanned, rows: counts.length };
    };
    const first = await same();
    expect(first.rows).toBe(2);
    // b: first on day 5 (4), latest on day 70 (1); a's ties are settled by id, as in the scan.
    expect(sort(first.scanned).find((p) => p.first === 4)).toEqual({ first: 4, last: 1, patients: 1 });

    // A merge moves b's scores to a; then a's latest is removed; then all of b's (now a's) go.
    await rawRows(
      db,
      sql`update outcome_observations set patient_id = ${a} where clinic_id = ${c.clinicId} and patient_id = ${b}`,
    );
    expect((await same()).rows).toBe(1);
    await rawRows(
      db,
      sql`delete from outcome_observations where id = (select o.id from outcome_observations o
            where o.clinic_id = ${c.clinicId} order by o.effective desc, o.created_at desc, o.id desc limit 1)`,
    );
    await same();
    await rawRows(db, sql`delete from outcome_observations where clinic_id = ${c.clinicId}`);
    expect((await same()).rows).toBe(0);
  });
});

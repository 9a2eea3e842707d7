import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  client,
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
} from '../../testing/harness.ts';
import { rawRows } from '../../db/connect.ts';

describeEngines('POST /api/v1/self-check on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    client(t).req('POST', '/api/v1/self-check', body, headers);

  async function auditTotal() {
    const rows = await rawRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events`,
    );
    return Number(rows[0]!.n);
  }

  it('answers the contract example: emergency for saddle numbness, with reason and source', async () => {
    const res = await post({ area: 'low-back', weeks: 12, ageYears: 44, flags: ['saddle-numbness'] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.result).toBe('emergency');
    expect(body.reasons).toHaveLength(1);
    expect(body.reasons[0]).toMatchObject({ flag: 'saddle-numbness' });
    expect(body.reasons[0].source).toContain('NICE Clinical Knowledge Summaries');
    expect(body.reasons[0].message).toContain('cauda equina');
    expect(body.cautions).toEqual([]);
  });

  it('most urgent wins, cautions listed: fever + chest pain + pregnant', async () => {
    const res = await post({
      area: 'mid-back',
      weeks: 1,
      ageYears: 61,
      flags: ['fever', 'pregnant', 'chest-pain'],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.result).toBe('emergency');
    expect(body.reasons.map((r: { flag: string }) => r.flag)).toEqual(['chest-pain', 'fever']);
    expect(body.cautions).toHaveLength(1);
    expect(body.cautions[0].flag).toBe('pregnant');
    expect(body.cautions[0].message).toMatch(/^Tell the DO you are pregnant/);
    expect(body.cautions[0].techniques).toContain('hvla');
  });

  it('see-a-doctor-first and omt-may-help', async () => {
    const first = await post({ area: 'neck', weeks: 2, ageYears: 30, flags: ['neck-pain-after-injury'] });
    expect(first.json().result).toBe('see-a-doctor-first');
    const ok = await post({ area: 'neck', weeks: 8, ageYears: 30, flags: [] });
    expect(ok.json()).toEqual({ result: 'omt-may-help', reasons: [], cautions: [] });
  });

  it.each([
    [{ area: 'elbow', weeks: 1, ageYears: 30, flags: [] }, 'area'],
    [{ area: 'neck', weeks: 1, ageYears: 30, flags: ['fever', 'dizzy'] }, 'flags/1'],
    [{ area: 'neck', weeks: -1, ageYears: 30, flags: [] }, 'weeks'],
    [{ area: 'neck', weeks: 1.5, ageYears: 30, flags: [] }, 'weeks'],
    [{ area: 'neck', weeks: 1, ageYears: 'old', flags: [] }, 'ageYears'],
    [{ area: 'neck', weeks: 1, ageYears: 30, flags: 'fever' }, 'flags'],
    [{ weeks: 1, ageYears: 30, flags: [] }, 'area'],
  ])('bad input %j → 400 naming %s', async (body, path) => {
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(problem.errors.find((e: { path: string }) => e.path === path).message.length).toBeGreaterThan(10);
  });

  it('stores nothing and writes no audit entry, for answers and refusals alike; logs carry no answers', async () => {
    // Anonymous self-checks leave no entry. (On the shared PostgreSQL test database the security
    // tests' refused cookie calls without the CSRF header are recorded, as they should be, so count
    // this route's entries before and after rather than in total.)
    const ofRoute = async () =>
      Number(
        (
          await rawRows<{ n: number }>(
            t.database.db,
            sql`select count(*)::int as n from audit_events where action like '%self-check%'`,
          )
        )[0]!.n,
      );
    const before = await auditTotal();
    const beforeRoute = await ofRoute();
    await post({
      area: 'low-back',
      weeks: 3,
      ageYears: 50,
      flags: ['cancer-history', 'unexplained-weight-loss'],
    });
    await post({ area: 'nowhere', weeks: 3, ageYears: 50, flags: [] });
    if (engine === 'pglite') expect(await auditTotal()).toBe(before);
    expect(await ofRoute()).toBe(beforeRoute);
    expect(t.logs.join('\n')).not.toContain('unexplained-weight-loss');
  });

  it('works signed in too (a patient checking), with the CSRF header the web client sends', async () => {
    const k = await makeClinic(t);
    const c = await login(t, k.users.clinician.email);
    const res = await c.req('POST', '/api/v1/self-check', {
      area: 'hip',
      weeks: 5,
      ageYears: 70,
      flags: ['osteoporosis'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toBe('omt-may-help');
  });
});

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
import { UNVERIFIED_NOTE } from '../../../domain/omt/index.ts';

/** Modality safety on plans of care: flags in the check, the plan view, and the signing gate. */
const base = {
  title: 'Plantar heel pain',
  problems: [{ code: 'M54.50' }],
  goals: [],
  start: '2027-03-01',
  reviewDate: '2027-04-26',
};

describeEngines('modality safety on plans of care on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let doc: Client;
  let admin: Client;
  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
    doc = await login(t, k.users.clinician.email);
    admin = await login(t, k.users.admin.email);
  });
  afterAll(() => t.close());

  const addCondition = (pid: string, code: string, status = 'active') =>
    rawRows(
      t.database.db,
      sql`insert into conditions (clinic_id, patient_id, system, code, display, clinical_status)
          values (${k.clinicId}, ${pid}, 'http://hl7.org/fhir/sid/icd-10-cm', ${code}, ${code}, ${status})`,
    );
  const addFlag = (pid: string, flag: string) =>
    rawRows(
      t.database.db,
      sql`insert into patient_flags (clinic_id, patient_id, flag) values (${k.clinicId}, ${pid}, ${flag})`,
    );
  const entries = (action: string) =>
    rawRows<{ details: Record<string, unknown>; patient_id: string }>(
      t.database.db,
      sql`select details, patient_id from audit_events where clinic_id = ${k.clinicId} and action = ${action} order by seq`,
    );

  it('the check flags a shockwave activity of an anticoagulated patient with a pacemaker: unsourced, warn by default', async () => {
    const pid = k.patients[0];
    await addCondition(pid, 'Z95.0');
    await addCondition(pid, 'Z79.01');
    await addCondition(pid, 'L03.90', 'resolved');
    const res = await doc.req('POST', `/api/v1/patients/${pid}/care-plans/safety-check`, {
      activities: [
        { kind: 'omt', perWeek: 1, weeks: 4 },
        { kind: 'shockwave', region: 'lower-extremity' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.policy).toBe('warn');
    // Only the modality activity is checked; the resolved skin infection does not count.
    expect(body.results).toHaveLength(1);
    expect(body.results[0]).toMatchObject({ activity: 1, kind: 'shockwave' });
    expect(body.results[0].flags.map((f: { rule: string }) => f.rule)).toEqual([
      'modality-bleeding-risk',
      'shockwave-implanted-device',
    ]);
    for (const f of body.results[0].flags)
      expect(f).toMatchObject({
        severity: 'warn',
        source: null,
        basis: 'clinic-policy',
        note: UNVERIFIED_NOTE,
      });
    const [entry] = await entries('care-plan.safety-check');
    expect(entry!.patient_id).toBe(pid);
    expect(entry!.details.rules).toEqual(['modality-bleeding-risk', 'shockwave-implanted-device']);
  });

  it('refuses bad input naming the field: no activities, an unknown kind, an unknown site', async () => {
    const url = `/api/v1/patients/${k.patients[0]}/care-plans/safety-check`;
    const empty = await doc.req('POST', url, { activities: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('activities');
    const kind = await doc.req('POST', url, { activities: [{ kind: 'cupping' }] });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().errors[0].path).toBe('activities/0/kind');
    const site = await doc.req('POST', url, { activities: [{ kind: 'shockwave', region: 'elbow' }] });
    expect(site.statusCode).toBe(400);
    expect(site.json().errors[0].path).toBe('activities/0/region');
  });

  it('the plan carries its flags; with the policy at block, signing needs an acknowledgement naming the activity', async () => {
    const pid = k.patients[1];
    await addFlag(pid, 'pregnant');
    const created = await doc.req('POST', `/api/v1/patients/${pid}/care-plans`, {
      ...base,
      activities: [
        { kind: 'exercise', dose: 'Daily' },
        { kind: 'dry-needling', perWeek: 1, weeks: 3, region: 'lower-extremity' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json();
    expect(plan.modalityPolicy).toBe('warn');
    // The demo-like record of the harness is anticoagulated; the pregnancy flag was added here.
    expect(plan.safety).toHaveLength(1);
    expect(plan.safety[0]).toMatchObject({ activity: 1, kind: 'dry-needling' });
    expect(plan.safety[0].flags.map((f: { rule: string; severity: string }) => [f.rule, f.severity])).toEqual(
      [
        ['modality-bleeding-risk', 'warn'],
        ['modality-pregnancy', 'warn'],
      ],
    );
    expect(plan.safety[0].flags[1].matched).toEqual(['flag pregnant']);
    expect(plan.activities[1].region).toBe('lower-extremity');

    // Only an admin sets the policy; the change is audited with before and after.
    expect(
      (await doc.req('PATCH', '/api/v1/care-plan-settings', { modalityPolicy: 'block' })).statusCode,
    ).toBe(403);
    const bad = await admin.req('PATCH', '/api/v1/care-plan-settings', { modalityPolicy: 'ignore' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('modalityPolicy');
    const set = await admin.req('PATCH', '/api/v1/care-plan-settings', { modalityPolicy: 'block' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().modalityPolicy).toBe('block');
    expect((await doc.req('GET', '/api/v1/care-plan-settings')).json().modalityPolicy).toBe('block');
    expect((await entries('clinic.care-plan-settings.update')).at(-1)!.details).toEqual({
      before: { modalityPolicy: 'warn' },
      after: { modalityPolicy: 'block' },
    });

    const sign = (body?: unknown) => doc.req('POST', `/api/v1/care-plans/${plan.id}/sign`, body);
    const refused = await sign({});
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().errors).toEqual([
      { path: 'activities/1/kind', message: expect.stringContaining('modality-bleeding-risk') },
      { path: 'activities/1/kind', message: expect.stringContaining('modality-pregnancy') },
    ]);
    expect(refused.json().detail).toContain('Dry needling (activity 2)');
    const stray = await sign({ acknowledgements: [{ activity: 0, reason: 'Exercise is fine for her' }] });
    expect(stray.statusCode).toBe(400);
    expect(stray.json().errors[0].path).toBe('acknowledgements/0/activity');
    const short = await sign({ acknowledgements: [{ activity: 1, reason: 'ok' }] });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].path).toBe('acknowledgements/0/reason');
    expect((await doc.req('GET', `/api/v1/care-plans/${plan.id}`)).json().status).toBe('draft');

    const reason = 'Obstetrician cleared needling of the calf, 2nd trimester';
    const ok = await sign({ acknowledgements: [{ activity: 1, reason }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'active', modalityPolicy: 'block' });
    expect(ok.json().safety[0].flags[0].severity).toBe('block');
    const signedEntry = (await entries('care-plan.sign')).at(-1);
    expect(signedEntry!.details).toEqual({
      status: 'active',
      modalityPolicy: 'block',
      safetyAcknowledgements: [
        { activity: 1, rules: ['modality-bleeding-risk', 'modality-pregnancy'], reason },
      ],
    });
    await admin.req('PATCH', '/api/v1/care-plan-settings', { modalityPolicy: 'warn' });
  });

  it('missing consent blocks signing whatever the policy, and cannot be acknowledged', async () => {
    const pid = k.patients[0];
    await addFlag(pid, 'no-consent');
    const created = await doc.req('POST', `/api/v1/patients/${pid}/care-plans`, {
      ...base,
      activities: [{ kind: 'shockwave', perWeek: 1, weeks: 4 }],
    });
    const plan = created.json();
    const flag = plan.safety[0].flags[0];
    expect(flag).toMatchObject({
      rule: 'modality-no-consent',
      severity: 'block',
      basis: 'reference',
      acknowledgeable: false,
    });
    expect(flag.source).toContain('WHO');
    const res = await doc.req('POST', `/api/v1/care-plans/${plan.id}/sign`, {
      acknowledgements: [{ activity: 0, reason: 'Patient said yes on the phone' }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].path).toBe('activities/0/kind');
    expect(res.json().detail).toContain('cannot be acknowledged');
  });

  it('a plan without modality risks signs with an empty body, as before', async () => {
    const created = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/care-plans`, {
      ...base,
      activities: [{ kind: 'omt', perWeek: 1, weeks: 6 }],
    });
    expect(created.json().safety).toEqual([]);
    const res = await doc.req('POST', `/api/v1/care-plans/${created.json().id}/sign`);
    expect(res.statusCode, res.body).toBe(200);
  });
});

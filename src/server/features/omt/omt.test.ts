import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';

describeEngines('OMT contract routes on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('answers the safety-check example of the contract', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const res = await doc.req('POST', '/api/v1/omt/safety-check', {
      patient: {
        birthDate: '1950-10-24',
        conditions: [{ system: ICD, code: 'M81.0' }],
        flags: [{ flag: 'anticoagulated' }],
      },
      plan: [
        { technique: 'hvla', region: 'thoracic' },
        { technique: 'counterstrain', region: 'thoracic' },
      ],
      policy: 'strict',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.results).toHaveLength(2);
    expect(body.results[0]).toMatchObject({
      technique: 'hvla',
      region: 'thoracic',
      verdict: 'contraindicated',
    });
    expect(body.results[0].reasons.map((r: { rule: string }) => r.rule)).toContain('hvla-osteoporosis');
    for (const r of body.results[0].reasons) {
      expect(r).toMatchObject({
        rule: expect.any(String),
        severity: expect.stringMatching(/absolute|relative/),
        message: expect.any(String),
        source: expect.any(String),
      });
    }
    expect(body.results[0].alternatives).toContain('counterstrain');
    expect(body.results[1]).toMatchObject({
      technique: 'counterstrain',
      region: 'thoracic',
      verdict: 'ok',
      reasons: [],
      alternatives: [],
    });
    expect(body.redFlags).toEqual([]);
  });

  it('keeps a cervical-only danger off lumbar work and flags cauda equina for referral', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.admin.email);
    const res = await doc.req('POST', '/api/v1/omt/safety-check', {
      patient: {
        ageYears: 52,
        conditions: [
          { system: ICD, code: 'G45.0' },
          { system: ICD, code: 'G83.4' },
        ],
      },
      plan: [
        { technique: 'hvla', region: 'cervical' },
        { technique: 'muscle-energy', region: 'thoracic' },
      ],
    });
    const body = res.json();
    expect(body.results[0].verdict).toBe('contraindicated');
    expect(body.results[1].verdict).toBe('ok');
    expect(body.redFlags.map((f: { rule: string; action: string }) => [f.rule, f.action])).toContainEqual([
      'cauda-equina',
      'refer',
    ]);
  });

  it('refuses unknown techniques, regions and malformed ICD-10-CM codes with the field path, and the patient role', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const bad = await doc.req('POST', '/api/v1/omt/safety-check', {
      patient: { ageYears: 40, conditions: [{ system: ICD, code: 'M8' }] },
      plan: [{ technique: 'cracking', region: 'lumbar' }],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['plan/0/technique', 'patient/conditions/0/code']));
    const region = await doc.req('POST', '/api/v1/omt/coding', { regions: ['cervical', 'tail'] });
    expect(region.statusCode).toBe(400);
    expect(region.json().errors[0].path).toBe('regions/1');
    const future = await doc.req('POST', '/api/v1/omt/safety-check', {
      patient: { birthDate: '2099-01-01' },
      plan: [{ technique: 'hvla', region: 'lumbar' }],
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].path).toBe('patient/birthDate');
    const patient = await login(t, k.users.patient.email);
    expect(
      (await patient.req('POST', '/api/v1/omt/safety-check', { patient: { ageYears: 40 }, plan: [] }))
        .statusCode,
    ).toBe(403);
    expect((await patient.req('POST', '/api/v1/omt/coding', { regions: ['lumbar'] })).statusCode).toBe(403);
  });

  it('answers the coding example of the contract for frontdesk too', async () => {
    const k = await makeClinic(t);
    const fd = await login(t, k.users.frontdesk.email);
    const res = await fd.req('POST', '/api/v1/omt/coding', {
      regions: ['cervical', 'thoracic', 'lumbar'],
      sameDayEm: { significantAndSeparate: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      regionCount: 3,
      cpt: '98926',
      icd10: [
        { region: 'cervical', code: 'M99.01' },
        { region: 'thoracic', code: 'M99.02' },
        { region: 'lumbar', code: 'M99.03' },
      ],
      em: { modifier: '25' },
      warnings: [],
    });
    const none = (await fd.req('POST', '/api/v1/omt/coding', { regions: [] })).json();
    expect(none.cpt).toBeNull();
    expect(none.warnings.length).toBeGreaterThan(0);
    const noEm = (
      await fd.req('POST', '/api/v1/omt/coding', {
        regions: ['lumbar', 'lumbar'],
        sameDayEm: { significantAndSeparate: false },
      })
    ).json();
    expect(noEm).toMatchObject({ regionCount: 1, cpt: '98925', em: null });
    expect(noEm.warnings.join(' ')).toMatch(/E\/M/);
  });
});

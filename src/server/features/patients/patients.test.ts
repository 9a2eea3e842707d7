import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';
import { auditEvents, patients, users } from '../../db/schema.ts';

const newPatient = {
  givenName: 'Dorothy',
  familyName: 'Whitfield',
  birthDate: '1946-04-09',
  sex: 'female',
  phone: '(660) 555-0105',
  address: { line: '1 Main St', city: 'Kirksville', postalCode: '63501' },
  conditions: [
    {
      system: 'http://hl7.org/fhir/sid/icd-10-cm',
      code: 'm81.0',
      display: 'Age-related osteoporosis',
      clinicalStatus: 'active',
      onsetDate: '2019-10-11',
    },
  ],
  flags: [{ flag: 'recent-surgery', region: 'lumbar' }, { flag: 'anticoagulated' }],
  medications: [{ name: 'Alendronate', dose: '70 mg', frequency: 'weekly' }],
  allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'severe' }],
};

describeEngines('patients on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('creates, reads, searches and updates a patient, auditing each access in the same transaction', async () => {
    const k = await makeClinic(t);
    // A clinician registers this one: only clinicians and admins record conditions (codes.test.ts).
    const doc = await login(t, k.users.clinician.email);
    const created = await doc.req('POST', '/api/v1/patients', newPatient);
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({
      name: 'Dorothy Whitfield',
      birthDate: '1946-04-09',
      conditions: [
        {
          system: 'http://hl7.org/fhir/sid/icd-10-cm',
          code: 'M81.0',
          // The code set's own description, whatever the client sent.
          display: 'Age-related osteoporosis without current pathological fracture',
          clinicalStatus: 'active',
          onsetDate: '2019-10-11',
        },
      ],
      flags: [{ flag: 'recent-surgery', region: 'lumbar' }, { flag: 'anticoagulated' }],
      medications: [{ name: 'Alendronate', dose: '70 mg', frequency: 'weekly' }],
      allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'severe' }],
    });
    const read = await doc.req('GET', `/api/v1/patients/${p.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.json().conditions[0].code).toBe('M81.0');

    const byName = await doc.req('GET', '/api/v1/patients?q=whitf');
    expect(byName.json().results.map((r: { id: string }) => r.id)).toEqual([p.id]);
    const byDob = await doc.req('GET', '/api/v1/patients?q=1946-04-09');
    expect(byDob.json().results).toHaveLength(1);
    expect(byDob.json().results[0]).toMatchObject({
      id: p.id,
      name: 'Dorothy Whitfield',
      birthDate: '1946-04-09',
    });
    const none = await doc.req('GET', '/api/v1/patients?q=zzzz');
    expect(none.json().results).toEqual([]);

    const upd = await doc.req('PATCH', `/api/v1/patients/${p.id}`, { phone: '+1 660 555 9999', flags: [] });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({
      phone: '+16605559999',
      flags: [],
      medications: [{ name: 'Alendronate' }],
    });

    const actions = await t.database.db
      .select({ action: auditEvents.action, userId: auditEvents.userId, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.patientId, p.id)));
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'patient.create', userId: k.users.clinician.id, outcome: 'success' },
        { action: 'patient.read', userId: k.users.clinician.id, outcome: 'success' },
        { action: 'patient.update', userId: k.users.clinician.id, outcome: 'success' },
      ]),
    );
  });

  it('answers invalid input with a 400 problem naming the field', async () => {
    const k = await makeClinic(t);
    const fd = await login(t, k.users.frontdesk.email);
    const bad = await fd.req('POST', '/api/v1/patients', {
      ...newPatient,
      birthDate: '1946-02-30',
      conditions: [{ code: 'M8', display: 'x' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['birthDate', 'conditions/0/code']));
    expect(bad.body).not.toMatch(/at .*\.ts/);
    // Mass assignment: a client cannot choose the clinic.
    const sneaky = await fd.req('POST', '/api/v1/patients', {
      ...newPatient,
      clinicId: '00000000-0000-4000-8000-000000000000',
    });
    expect(sneaky.statusCode).toBe(400);
    expect(sneaky.json().errors[0].message).toMatch(/clinicId/);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { cookie: fd.cookie!, 'x-requested-with': 't', 'content-type': 'application/json' },
      payload: '{"givenName": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().title).toBe('Invalid request');
  });

  it('lets a patient read only their own record; other patients and other clinics get 404', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const me = await login(t, k.users.patient.email);
    expect((await me.req('GET', `/api/v1/patients/${k.patients[0]}`)).statusCode).toBe(200);
    const sibling = await me.req('GET', `/api/v1/patients/${k.patients[1]}`);
    expect(sibling.statusCode).toBe(404);
    expect((await me.req('GET', '/api/v1/patients')).statusCode).toBe(403);
    const doc = await login(t, k.users.clinician.email);
    const foreign = await doc.req('GET', `/api/v1/patients/${other.patients[0]}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(
      sibling.body
        .replace(sibling.json().requestId, foreign.json().requestId)
        .replace(sibling.json().instance, foreign.json().instance),
    );
    const search = await doc.req('GET', `/api/v1/patients?q=${other.patients[0]}`);
    expect(search.json().results).toEqual([]);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.outcome, 'denied')));
    expect(denied.map((d) => [d.userId, d.patientId])).toEqual(
      expect.arrayContaining([
        [k.users.patient.id, k.patients[1]],
        [k.users.clinician.id, other.patients[0]],
      ]),
    );
  });

  it('opens a restricted record only through an emergency grant that expires and is conspicuously audited', async () => {
    const k = await makeClinic(t);
    const db = t.database.db;
    await db
      .update(patients)
      .set({ restricted: true, careTeam: [k.users.admin.id] })
      .where(eq(patients.id, k.patients[1]));
    const fd = await login(t, k.users.frontdesk.email);
    expect((await fd.req('GET', `/api/v1/patients/${k.patients[1]}`)).statusCode).toBe(404);
    // Not on the emergency list: refused.
    const refused = await fd.req('POST', '/api/v1/break-glass', {
      patientId: k.patients[1],
      reason: 'Patient collapsed in the waiting room',
      minutes: 15,
    });
    expect(refused.statusCode).toBe(403);
    await db.update(users).set({ breakGlass: true }).where(eq(users.id, k.users.frontdesk.id));
    const tooShort = await fd.req('POST', '/api/v1/break-glass', { patientId: k.patients[1], reason: 'x' });
    expect(tooShort.statusCode).toBe(400);
    const grant = await fd.req('POST', '/api/v1/break-glass', {
      patientId: k.patients[1],
      reason: 'Patient collapsed in the waiting room',
      minutes: 15,
    });
    expect(grant.statusCode).toBe(201);
    const open = await fd.req('GET', `/api/v1/patients/${k.patients[1]}`);
    expect(open.statusCode).toBe(200);
    expect(open.json().emergencyAccess.expiresAt).toBe(grant.json().expiresAt);
    t.clock.advance(16 * 60_000);
    const fd2 = await login(t, k.users.frontdesk.email);
    expect((await fd2.req('GET', `/api/v1/patients/${k.patients[1]}`)).statusCode).toBe(404);
    const admin = await login(t, k.users.admin.email);
    const list = await admin.req('GET', '/api/v1/admin/break-glass');
    expect(list.json().results).toMatchObject([
      {
        userId: k.users.frontdesk.id,
        patientId: k.patients[1],
        reason: 'Patient collapsed in the waiting room',
        active: false,
      },
    ]);
    const emergencyAudit = await admin.req('GET', `/api/v1/audit?patientId=${k.patients[1]}&emergency=true`);
    const rows = emergencyAudit.json().results as { action: string; emergency: boolean; reason: string }[];
    expect(rows.map((r) => r.action).sort()).toEqual(['break-glass.grant', 'patient.read']);
    expect(rows.every((r) => r.emergency && r.reason === 'Patient collapsed in the waiting room')).toBe(true);
  });
});

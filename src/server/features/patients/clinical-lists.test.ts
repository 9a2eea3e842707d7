import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { auditEvents, patients } from '../../db/schema.ts';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

describeEngines('medications and allergies on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  async function auditOf(k: TestClinic, patientId: string) {
    return (
      t.database.db
        .select({
          action: auditEvents.action,
          resourceType: auditEvents.resourceType,
          resourceId: auditEvents.resourceId,
          userId: auditEvents.userId,
          outcome: auditEvents.outcome,
          details: auditEvents.details,
        })
        .from(auditEvents)
        .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.patientId, patientId)))
        // Insertion order: the test clock gives every entry the same time.
        .orderBy(asc(auditEvents.at), asc(auditEvents.n))
    );
  }

  const writes = (rows: { action: string }[]) =>
    rows.map((r) => r.action).filter((a) => a.startsWith('medication') || a.startsWith('allergy'));

  it('starts "not asked", records no known allergies, then an allergy replaces it; each change audited', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const pid = k.patients[0];
    const url = `/api/v1/patients/${pid}`;

    const fresh = (await doc.req('GET', url)).json();
    expect(fresh.allergyStatus).toEqual({ status: 'unknown', recordedAt: null, recordedBy: null });
    expect(fresh.medicationStatus).toEqual({ status: 'unknown', recordedAt: null, recordedBy: null });

    const nka = await doc.req('PUT', `${url}/allergy-status`, { status: 'none-known' });
    expect(nka.statusCode).toBe(200);
    expect(nka.json()).toEqual({
      allergies: [],
      allergyStatus: {
        status: 'none-known',
        recordedAt: new Date(t.clock.now).toISOString(),
        recordedBy: { id: k.users.clinician.id, name: expect.stringContaining('clinician') },
        code: { system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy' },
      },
    });
    expect((await doc.req('GET', url)).json().allergyStatus.status).toBe('none-known');

    const added = await doc.req('POST', `${url}/allergies`, {
      substance: 'Amoxicillin',
      code: '723',
      reaction: 'Hives',
      severity: 'severe',
    });
    expect(added.statusCode).toBe(201);
    const body = added.json();
    expect(body.allergy).toEqual({
      id: expect.any(String),
      substance: 'Amoxicillin',
      system: RXNORM,
      code: '723',
      reaction: 'Hives',
      severity: 'severe',
    });
    expect(body.replacedStatus).toBe('none-known');
    expect(body.allergies).toHaveLength(1);
    expect(body.allergyStatus).toMatchObject({
      status: 'recorded',
      recordedBy: { id: k.users.clinician.id },
    });

    // With an allergy listed, "no known allergies" (and "not asked") are contradictions.
    const refused = await doc.req('PUT', `${url}/allergy-status`, { status: 'none-known' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual([
      { path: 'status', message: expect.stringMatching(/1 allergy is recorded.*cannot be recorded/) },
    ]);
    expect((await doc.req('PUT', `${url}/allergy-status`, { status: 'unknown' })).statusCode).toBe(409);

    const changed = await doc.req('PATCH', `${url}/allergies/${body.allergy.id}`, {
      severity: 'moderate',
      code: null,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().allergy).toMatchObject({
      severity: 'moderate',
      code: null,
      system: null,
      reaction: 'Hives',
    });

    const removed = await doc.req('DELETE', `${url}/allergies/${body.allergy.id}`);
    expect(removed.statusCode).toBe(200);
    // Removing the last allergy is not "no known allergies": the list is "not asked" again.
    expect(removed.json()).toMatchObject({ allergies: [], allergyStatus: { status: 'unknown' } });
    const confirm = await doc.req('PUT', `${url}/allergy-status`, { status: 'recorded' });
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json().errors[0].message).toMatch(/No allergies are recorded/);

    const rows = await auditOf(k, pid);
    expect(writes(rows.filter((r) => r.outcome === 'success'))).toEqual([
      'allergy-status.update',
      'allergy.create',
      'allergy.update',
      'allergy.delete',
    ]);
    // The three refused writes (409s on the list's status) are recorded against the patient too.
    expect(rows.filter((r) => r.outcome === 'denied').map((r) => [r.action, r.details])).toEqual([
      ['allergy.write', expect.objectContaining({ status: 409 })],
      ['allergy.write', expect.objectContaining({ status: 409 })],
      ['allergy.write', expect.objectContaining({ status: 409 })],
    ]);
    const create = rows.find((r) => r.action === 'allergy.create')!;
    expect(create).toMatchObject({
      resourceType: 'AllergyIntolerance',
      resourceId: body.allergy.id,
      userId: k.users.clinician.id,
      outcome: 'success',
      details: { replacedStatus: 'none-known', coded: true },
    });
    // Field names only: the audit trail does not copy clinical text.
    expect(JSON.stringify(rows.map((r) => r.details))).not.toContain('Amoxicillin');
    expect(rows.find((r) => r.action === 'allergy.update')!.details).toEqual({
      fields: ['code', 'severity'],
    });
  });

  it('adds, changes and removes medications in order; "none" only while the list is empty', async () => {
    const k = await makeClinic(t);
    const fd = await login(t, k.users.frontdesk.email);
    const pid = k.patients[1];
    const url = `/api/v1/patients/${pid}`;

    const none = await fd.req('PUT', `${url}/medication-status`, { status: 'none' });
    expect(none.statusCode).toBe(200);
    expect(none.json().medicationStatus).toMatchObject({
      status: 'none',
      recordedBy: { id: k.users.frontdesk.id },
    });

    const a = await fd.req('POST', `${url}/medications`, {
      name: 'Warfarin 5 mg tablet',
      system: RXNORM,
      code: '11289',
      frequency: 'once daily',
    });
    expect(a.statusCode).toBe(201);
    expect(a.json().replacedStatus).toBe('none');
    const b = await fd.req('POST', `${url}/medications`, { name: 'Paracetamol', dose: '500 mg', code: '' });
    expect(b.statusCode).toBe(201);
    expect(b.json().medications.map((m: { name: string }) => m.name)).toEqual([
      'Warfarin 5 mg tablet',
      'Paracetamol',
    ]);
    expect(b.json().medication).toMatchObject({ code: null, system: null, dose: '500 mg', frequency: null });

    const wid = a.json().medication.id;
    const edit = await fd.req('PATCH', `${url}/medications/${wid}`, { dose: '2.5 mg', frequency: null });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().medication).toEqual({
      id: wid,
      name: 'Warfarin 5 mg tablet',
      system: RXNORM,
      code: '11289',
      dose: '2.5 mg',
      frequency: null,
    });

    const refused = await fd.req('PUT', `${url}/medication-status`, { status: 'none' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0]).toEqual({
      path: 'status',
      message: expect.stringMatching(/2 medications are on this patient’s list/),
    });
    const reviewed = await fd.req('PUT', `${url}/medication-status`, { status: 'recorded' });
    expect(reviewed.statusCode).toBe(200);

    expect((await fd.req('DELETE', `${url}/medications/${wid}`)).json().medicationStatus.status).toBe(
      'recorded',
    );
    const last = await fd.req('DELETE', `${url}/medications/${b.json().medication.id}`);
    expect(last.json()).toMatchObject({ medications: [], medicationStatus: { status: 'unknown' } });
    // Gone: a second delete is "not found".
    expect((await fd.req('DELETE', `${url}/medications/${wid}`)).statusCode).toBe(404);

    const read = (await fd.req('GET', url)).json();
    expect(read.medications).toEqual([]);
    expect(read.medicationStatus.status).toBe('unknown');
    const trail = await auditOf(k, pid);
    // The refused "none" while the list had medications (409) and the refused second delete (404)
    // are recorded against the patient the route opened.
    expect(trail.filter((r) => r.outcome === 'denied').map((r) => [r.action, r.details])).toEqual([
      ['medication.write', expect.objectContaining({ status: 409 })],
      ['medication.write', expect.objectContaining({ status: 404 })],
    ]);
    expect(writes(trail.filter((r) => r.outcome === 'success'))).toEqual([
      'medication-status.update',
      'medication.create',
      'medication.create',
      'medication.update',
      'medication-status.update',
      'medication.delete',
      'medication.delete',
    ]);
  });

  it('validates items with messages naming the field', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const url = `/api/v1/patients/${k.patients[0]}`;
    const bad = await doc.req('POST', `${url}/medications`, { name: ' ', code: 'RX123' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'Enter the medication name' },
        { path: 'code', message: expect.stringMatching(/RxNorm code \(RXCUI\) is 1 to 10 digits/) },
      ]),
    );
    const sys = await doc.req('POST', `${url}/allergies`, {
      substance: 'Latex',
      system: 'http://snomed.info/sct',
      severity: 'deadly',
    });
    expect(sys.statusCode).toBe(400);
    expect(
      sys
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['severity', 'system']);
    const extra = await doc.req('POST', `${url}/allergies`, { substance: 'Latex', clinicId: k.clinicId });
    expect(extra.statusCode).toBe(400);
    const empty = await doc.req('PATCH', `${url}/medications/${crypto.randomUUID()}`, {});
    expect(empty.statusCode).toBe(400);
    const status = await doc.req('PUT', `${url}/allergy-status`, { status: 'nka' });
    expect(status.statusCode).toBe(400);
    expect(status.json().errors[0].path).toBe('status');
    // Nothing was written by refused requests.
    const read = (await doc.req('GET', url)).json();
    expect(read.medications).toEqual([]);
    expect(read.allergies).toEqual([]);
  });

  it('refuses other roles, other patients and other clinics', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const [p0, p1] = k.patients;
    const med = (await doc.req('POST', `/api/v1/patients/${p0}/medications`, { name: 'Metformin' })).json()
      .medication;
    const alg = (await doc.req('POST', `/api/v1/patients/${p0}/allergies`, { substance: 'Latex' })).json()
      .allergy;
    expect(alg.severity).toBe('moderate');

    // An item addressed through another patient of the same clinic does not exist there.
    for (const [method, path, body] of [
      ['PATCH', `/api/v1/patients/${p1}/medications/${med.id}`, { dose: '1 g' }],
      ['DELETE', `/api/v1/patients/${p1}/medications/${med.id}`, undefined],
      ['PATCH', `/api/v1/patients/${p1}/allergies/${alg.id}`, { severity: 'mild' }],
      ['DELETE', `/api/v1/patients/${p1}/allergies/${alg.id}`, undefined],
    ] as const) {
      const res = await doc.req(method, path, body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    // Another clinic's clinician sees neither the patient nor the items.
    const foreign = await login(t, other.users.clinician.email);
    for (const [method, path, body] of [
      ['POST', `/api/v1/patients/${p0}/medications`, { name: 'Aspirin' }],
      ['PATCH', `/api/v1/patients/${p0}/medications/${med.id}`, { dose: '1 g' }],
      ['DELETE', `/api/v1/patients/${p0}/allergies/${alg.id}`, undefined],
      ['PUT', `/api/v1/patients/${p0}/allergy-status`, { status: 'unknown' }],
    ] as const) {
      const res = await foreign.req(method, path, body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
      expect(res.json().detail).toMatch(/No such (patient|medication|allergy), or you do not have access/);
    }

    // Front desk records medications at intake, but not allergies; patients edit neither.
    const fd = await login(t, k.users.frontdesk.email);
    expect((await fd.req('POST', `/api/v1/patients/${p0}/allergies`, { substance: 'Nuts' })).statusCode).toBe(
      403,
    );
    expect(
      (await fd.req('PUT', `/api/v1/patients/${p1}/allergy-status`, { status: 'none-known' })).statusCode,
    ).toBe(403);
    expect((await fd.req('DELETE', `/api/v1/patients/${p0}/allergies/${alg.id}`)).statusCode).toBe(403);
    const pat = await login(t, k.users.patient.email);
    expect(
      (await pat.req('POST', `/api/v1/patients/${p0}/medications`, { name: 'Aspirin' })).statusCode,
    ).toBe(403);
    expect((await pat.req('DELETE', `/api/v1/patients/${p0}/medications/${med.id}`)).statusCode).toBe(403);

    // The patient reads their own lists with their record.
    const own = (await pat.req('GET', `/api/v1/patients/${p0}`)).json();
    expect(own.medications.map((m: { name: string }) => m.name)).toEqual(['Metformin']);
    expect(own.allergies.map((a: { substance: string }) => a.substance)).toEqual(['Latex']);
    expect(own.allergyStatus.status).toBe('recorded');

    // Nothing changed, and each refusal is in the audit trail.
    const after = (await doc.req('GET', `/api/v1/patients/${p0}`)).json();
    expect(after.medications).toEqual([expect.objectContaining({ id: med.id, dose: null })]);
    expect(after.allergies).toEqual([expect.objectContaining({ id: alg.id, severity: 'moderate' })]);
    const denied = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.outcome, 'denied')));
    expect(denied.map((d) => d.action).sort()).toEqual([
      'allergy.write',
      'allergy.write',
      'allergy.write',
      'allergy.write',
      'allergy.write',
      'medication.write',
      'medication.write',
      'medication.write',
      'medication.write',
    ]);
  });

  it('a restricted record outside the care team is "not found" for list writes too', async () => {
    const k = await makeClinic(t);
    await t.database.db
      .update(patients)
      .set({ restricted: true, careTeam: [k.users.admin.id] })
      .where(eq(patients.id, k.patients[1]));
    const doc = await login(t, k.users.clinician.email);
    const url = `/api/v1/patients/${k.patients[1]}`;
    expect((await doc.req('POST', `${url}/medications`, { name: 'Aspirin' })).statusCode).toBe(404);
    expect((await doc.req('PUT', `${url}/allergy-status`, { status: 'none-known' })).statusCode).toBe(404);
    const admin = await login(t, k.users.admin.email);
    const ok = await admin.req('PUT', `${url}/allergy-status`, { status: 'none-known' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().allergyStatus.recordedBy.id).toBe(k.users.admin.id);
    expect((await admin.req('GET', url)).json().medications).toEqual([]);
  });

  it('keeps the status in step when a whole list is replaced through PATCH /patients/:id', async () => {
    const k = await makeClinic(t);
    const doc: Client = await login(t, k.users.clinician.email);
    const url = `/api/v1/patients/${k.patients[0]}`;
    await doc.req('PUT', `${url}/allergy-status`, { status: 'none-known' });
    const withList = await doc.req('PATCH', url, { allergies: [{ substance: 'Iodine', severity: 'mild' }] });
    expect(withList.json().allergyStatus).toMatchObject({
      status: 'recorded',
      recordedBy: { id: k.users.clinician.id },
    });
    const emptied = await doc.req('PATCH', url, { allergies: [] });
    expect(emptied.json().allergyStatus.status).toBe('unknown');
    // Untouched lists keep their answer.
    await doc.req('PUT', `${url}/medication-status`, { status: 'none' });
    const phone = await doc.req('PATCH', url, { phone: '+1 312 555 0100' });
    expect(phone.json().medicationStatus.status).toBe('none');
    const [row] = await t.database.db.select().from(patients).where(eq(patients.id, k.patients[0]));
    expect(row!.updatedAt.toISOString()).toBe(new Date(t.clock.now).toISOString());
  });
});

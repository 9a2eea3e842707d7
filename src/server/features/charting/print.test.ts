import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';
import { clinics, practitioners } from '../../db/schema.ts';
import { pdfText } from './pdf-text.testing.ts';

/** A short visit: one region examined and treated, consent given. */
const visit = {
  occurredAt: '2027-03-10T07:00:00-08:00',
  chiefComplaint: 'Neck stiffness after a long drive',
  consent: { omt: 'given', hvla: 'not-asked' },
  exam: [{ region: 'cervical', tart: { tissueTexture: 1, asymmetry: 1, restriction: 2, tenderness: 1 } }],
  rom: [],
  treatment: [
    {
      region: 'cervical',
      techniques: [{ technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'AC7' }],
      response: 'improved',
    },
  ],
};

describeEngines('printed note on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('carries the clinic’s address and contact, the practitioner’s NPI, and times in the clinic’s zone', async () => {
    const k = await makeClinic(t);
    // A clinic on Pacific time: the test machine runs in UTC (or another zone of the TZ matrix).
    await t.database.db
      .update(clinics)
      .set({ timeZone: 'America/Los_Angeles' })
      .where(eq(clinics.id, k.clinicId));
    await t.database.db.insert(practitioners).values({
      clinicId: k.clinicId,
      userId: k.users.clinician.id,
      name: 'Dr. Print, DO',
      timeZone: 'America/Los_Angeles',
    });
    const admin = await login(t, k.users.admin.email);

    const contact = await admin.req('PATCH', '/api/v1/admin/clinic', {
      address: { line: '500 Harbor Way', city: 'Sausalito', state: 'CA', postalCode: '94965' },
      phone: '+1 415 555 0142',
      email: 'desk@clinic.example',
    });
    expect(contact.statusCode, contact.body).toBe(200);
    expect(contact.json()).toMatchObject({
      address: { line: '500 Harbor Way', city: 'Sausalito', state: 'CA', postalCode: '94965' },
      phone: '+1 415 555 0142',
      email: 'desk@clinic.example',
    });

    const typo = await admin.req('PATCH', `/api/v1/admin/users/${k.users.clinician.id}`, {
      npi: '1234567890',
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().errors).toEqual([{ path: 'npi', message: expect.stringMatching(/check digit/) }]);
    const notPractitioner = await admin.req('PATCH', `/api/v1/admin/users/${k.users.frontdesk.id}`, {
      npi: '1234567893',
    });
    expect(notPractitioner.statusCode).toBe(400);
    expect(notPractitioner.json().errors[0].path).toBe('npi');
    const npi = await admin.req('PATCH', `/api/v1/admin/users/${k.users.clinician.id}`, {
      npi: '1234567893',
    });
    expect(npi.statusCode, npi.body).toBe(200);
    expect(npi.json()).toMatchObject({ npi: '1234567893', practitionerId: expect.any(String) });
    const listed = (await admin.req('GET', '/api/v1/admin/users')).json().results;
    expect(listed.find((u: { id: string }) => u.id === k.users.clinician.id).npi).toBe('1234567893');

    const doc = await login(t, k.users.clinician.email);
    const created = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, visit);
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/v1/encounters/${created.json().id}`;
    expect((await doc.req('POST', `${url}/sign`)).statusCode).toBe(200);
    const pdf = await doc.req('GET', `${url}/note.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);

    expect(text).toContain('500 Harbor Way');
    expect(text).toContain('Sausalito, CA 94965');
    expect(text).toContain('Phone +1 415 555 0142');
    expect(text).toContain('desk@clinic.example');
    expect(text).toContain('NPI: 1234567893');
    // Signed and printed at the test clock, 2027-03-10T15:00Z: 7:00 AM in Sausalito, not 15:00 UTC.
    expect(text).toContain('Electronically signed by clinician');
    expect(text).toMatch(/on Mar 10, 2027, 7:00 AM PST\./);
    expect(text).toContain('Printed Mar 10, 2027, 7:00 AM PST.');
    expect(text).not.toContain('2027-03-10T15:00');
  });

  it('says when a practitioner has no NPI on file, and prints no empty contact lines', async () => {
    const k = await makeClinic(t);
    await t.database.db.insert(practitioners).values({
      clinicId: k.clinicId,
      userId: k.users.clinician.id,
      name: 'Dr. Blank, DO',
      timeZone: 'America/Chicago',
    });
    const doc = await login(t, k.users.clinician.email);
    const created = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, visit);
    const pdf = await doc.req('GET', `/api/v1/encounters/${created.json().id}/note.pdf`);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('NPI: not on file');
    expect(text).not.toContain('Phone');
    expect(text).toContain('Printed Mar 10, 2027, 9:00 AM CST.');
  });
});

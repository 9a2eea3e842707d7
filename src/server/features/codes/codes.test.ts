import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  describeEngines,
  client,
  loginOnce as login,
  makeClinic,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { auditEvents } from '../../db/schema.ts';

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const person = { givenName: 'Ruth', familyName: 'Okafor', birthDate: '1961-08-21', sex: 'female' };
const condition = (code: string, extra: Record<string, unknown> = {}) => ({
  system: ICD,
  code,
  display: 'whatever the client typed',
  ...extra,
});

describeEngines('ICD-10-CM codes on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
  });
  afterAll(() => t.close());

  describe('GET /api/v1/codes/icd10', () => {
    it('finds codes by words, billable codes first, with their official text', async () => {
      const doc = await login(t, k.users.clinician.email);
      const res = await doc.req('GET', '/api/v1/codes/icd10?q=low%20back&limit=5');
      expect(res.statusCode).toBe(200);
      const { results } = res.json();
      expect(results).toHaveLength(5);
      expect(results[0]).toEqual({ code: 'M54.50', display: 'Low back pain, unspecified', billable: true });
      expect(results.map((r: { code: string }) => r.code).slice(0, 3)).toEqual([
        'M54.50',
        'M54.59',
        'M54.51',
      ]);
      // Every word must start a word of the description.
      for (const r of results) expect(r.display.toLowerCase()).toMatch(/\blow.*\bback|\bback.*\blow/);
    });

    it('finds codes by prefix, with or without the dot and in any case; headers after billable codes', async () => {
      const fd = await login(t, k.users.frontdesk.email);
      for (const q of ['M54.5', 'm545']) {
        const res = await fd.req('GET', `/api/v1/codes/icd10?q=${q}`);
        expect(res.statusCode, q).toBe(200);
        expect(res.json().results, q).toEqual([
          { code: 'M54.50', display: 'Low back pain, unspecified', billable: true },
          { code: 'M54.51', display: 'Vertebrogenic low back pain', billable: true },
          { code: 'M54.59', display: 'Other low back pain', billable: true },
          { code: 'M54.5', display: 'Low back pain', billable: false },
        ]);
      }
      const many = await fd.req('GET', '/api/v1/codes/icd10?q=S33&limit=50');
      const codes = many.json().results.map((r: { code: string }) => r.code);
      expect(codes).toHaveLength(50);
      expect(codes.every((c: string) => c.startsWith('S33.'))).toBe(true);
      expect(many.json().results.every((r: { billable: boolean }) => r.billable)).toBe(true);
    });

    it('refuses a too-short query and a too-large limit, and answers nothing found with an empty list', async () => {
      const doc = await login(t, k.users.clinician.email);
      const short = await doc.req('GET', '/api/v1/codes/icd10?q=m');
      expect(short.statusCode).toBe(400);
      expect(short.json().errors).toEqual([
        { path: 'query/q', message: 'Type at least 2 characters of a code or a word' },
      ]);
      const big = await doc.req('GET', '/api/v1/codes/icd10?q=pain&limit=500');
      expect(big.statusCode).toBe(400);
      expect(big.json().errors[0].path).toBe('query/limit');
      const none = await doc.req('GET', '/api/v1/codes/icd10?q=zzqx');
      expect(none.json()).toEqual({ results: [] });
    });

    it('is for staff only', async () => {
      const pat = await login(t, k.users.patient.email);
      expect((await pat.req('GET', '/api/v1/codes/icd10?q=back')).statusCode).toBe(403);
      expect((await client(t).req('GET', '/api/v1/codes/icd10?q=back')).statusCode).toBe(401);
      const admin = await login(t, k.users.admin.email);
      expect((await admin.req('GET', '/api/v1/codes/icd10?q=back')).statusCode).toBe(200);
    });
  });

  describe('conditions on the patient record', () => {
    it('stores billable codes with the code set’s description, on create and on patch', async () => {
      const doc = await login(t, k.users.clinician.email);
      const created = await doc.req('POST', '/api/v1/patients', {
        ...person,
        conditions: [condition('m54.50', { onsetDate: '2027-01-04' })],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().conditions).toMatchObject([
        { system: ICD, code: 'M54.50', display: 'Low back pain, unspecified', onsetDate: '2027-01-04' },
      ]);
      const id = created.json().id;
      const patched = await doc.req('PATCH', `/api/v1/patients/${id}`, {
        conditions: [condition('M54.50', { onsetDate: '2027-01-04' }), { system: ICD, code: 'M99.03' }],
      });
      expect(patched.statusCode).toBe(200);
      expect(
        patched.json().conditions.map((c: { code: string; display: string }) => [c.code, c.display]),
      ).toEqual([
        ['M54.50', 'Low back pain, unspecified'],
        ['M99.03', 'Segmental and somatic dysfunction of lumbar region'],
      ]);
    });

    it('refuses unknown codes and headers with a 400 naming the field, on create and on patch', async () => {
      // Its own clinic: the patients it reads and changes are not shared with the other cases.
      const k = await makeClinic(t);
      const doc = await login(t, k.users.clinician.email);
      const bad = await doc.req('POST', '/api/v1/patients', {
        ...person,
        conditions: [condition('M54.2'), condition('M54.5'), condition('M54.7')],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toMatch(/problem\+json/);
      expect(bad.json().detail).toBe('conditions/1/code: M54.5 is a category; use M54.50, M54.51 or M54.59');
      expect(bad.json().errors).toEqual([
        { path: 'conditions/1/code', message: 'M54.5 is a category; use M54.50, M54.51 or M54.59' },
        {
          path: 'conditions/2/code',
          message:
            'M54.7 is not an ICD-10-CM code (FY2026); search by code or words and pick one from the list',
        },
      ]);

      const id = k.patients[1];
      const before = (await doc.req('GET', `/api/v1/patients/${id}`)).json().conditions;
      const header = await doc.req('PATCH', `/api/v1/patients/${id}`, { conditions: [condition('M54')] });
      expect(header.statusCode).toBe(400);
      expect(header.json().errors).toEqual([
        {
          path: 'conditions/0/code',
          message: 'M54 is a category; pick a more specific code under M54 (33 codes)',
        },
      ]);
      const unknown = await doc.req('PATCH', `/api/v1/patients/${id}`, {
        conditions: [condition('M54.50'), condition('Z99.99')],
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors[0]).toMatchObject({
        path: 'conditions/1/code',
        message: expect.stringMatching(/^Z99\.99 is not an ICD-10-CM code \(FY2026\)/),
      });
      // Nothing was written.
      expect((await doc.req('GET', `/api/v1/patients/${id}`)).json().conditions).toEqual(before);
    });

    it('refuses the front desk adding or changing conditions (403), and allows everything else', async () => {
      // Its own clinic: the patients it reads and changes are not shared with the other cases.
      const k = await makeClinic(t);
      const fd = await login(t, k.users.frontdesk.email);
      const create = await fd.req('POST', '/api/v1/patients', {
        ...person,
        conditions: [condition('M54.50')],
      });
      expect(create.statusCode).toBe(403);
      expect(create.headers['content-type']).toMatch(/problem\+json/);
      expect(create.json().detail).toMatch(
        /^Diagnoses are recorded by clinicians: front desk staff cannot add/,
      );
      // (The same person again: confirmed as a different patient past the duplicate check.)
      const plain = await fd.req('POST', '/api/v1/patients', {
        ...person,
        conditions: [],
        confirmNotDuplicate: true,
      });
      expect(plain.statusCode).toBe(201);

      const id = k.patients[0];
      const record = (await fd.req('GET', `/api/v1/patients/${id}`)).json();
      expect(record.conditions).toMatchObject([{ code: 'M54.50' }]);
      const asStored = record.conditions.map((c: Record<string, unknown>) => ({
        system: c.system,
        code: c.code,
        display: c.display,
        clinicalStatus: c.clinicalStatus,
        onsetDate: c.onsetDate,
      }));
      const tries = [
        [...asStored, condition('M54.2')], // add
        [{ ...asStored[0], code: 'M54.59' }], // change the code
        [{ ...asStored[0], clinicalStatus: 'resolved' }], // change the status
        [], // remove
      ];
      for (const conditions of tries) {
        const res = await fd.req('PATCH', `/api/v1/patients/${id}`, { conditions });
        expect(res.statusCode, JSON.stringify(conditions)).toBe(403);
      }
      // The whole record sent back with its conditions unchanged is fine: only the phone changes.
      const sameBack = await fd.req('PATCH', `/api/v1/patients/${id}`, {
        phone: '+1 312 555 0177',
        conditions: asStored,
      });
      expect(sameBack.statusCode, sameBack.body).toBe(200);
      // Phones are stored in E.164.
      expect(sameBack.json()).toMatchObject({ phone: '+13125550177', conditions: [{ code: 'M54.50' }] });
      const denied = await t.database.db
        .select({ action: auditEvents.action, outcome: auditEvents.outcome })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.clinicId, k.clinicId),
            eq(auditEvents.userId, k.users.frontdesk.id),
            eq(auditEvents.outcome, 'denied'),
          ),
        );
      expect(denied.filter((d) => d.action === 'patient.update')).toHaveLength(4);
      expect(denied.filter((d) => d.action === 'patient.create')).toHaveLength(1);
    });
  });
});

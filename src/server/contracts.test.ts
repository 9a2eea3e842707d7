import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import { auditReportResponse, auditVerifyResponse } from '../contracts/audit.ts';
import {
  adminUserResponse,
  breakGlassGrantResponse,
  clinicSettingsResponse,
  publicClinicResponse,
} from '../contracts/admin.ts';
import {
  apiTokenResponse,
  createdApiTokenResponse,
  loginResponse,
  meResponse,
  mfaSetupResponse,
} from '../contracts/auth.ts';
import { problemResponse } from '../contracts/common.ts';
import {
  encounterListItemResponse,
  encounterResponse,
  latestFindingsResponse,
  noteResponse,
  omtSettingsResponse,
  regionHistoryResponse,
  safetyProblemItem,
  visitSummaryResponse,
} from '../contracts/charting.ts';
import { icd10Result } from '../contracts/codes.ts';
import {
  allergySectionResponse,
  duplicatesResponse,
  medicationSectionResponse,
  mergePreviewResponse,
  patientResponse,
  patientSummaryResponse,
} from '../contracts/patients.ts';
import {
  appointmentDetailResponse,
  appointmentResponse,
  appointmentTypeResponse,
  availabilityResponse,
  practitionerResponse,
} from '../contracts/scheduling.ts';
import {
  describeEngines,
  TEST_PASSWORD,
  client,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
} from './testing/harness.ts';
import { bookAs, followUp, MON_0900_CDT, setupPractice } from './features/scheduling/test-helpers.ts';

/** A chart the safety check accepts for the test clinics' patients (anticoagulated, low back pain). */
const chart = {
  occurredAt: '2027-03-10T09:00:00-06:00',
  chiefComplaint: 'Low back pain after lifting boxes',
  painBefore: 6,
  painAfter: 3,
  consent: { omt: 'given', hvla: 'not-asked' },
  exam: [
    {
      region: 'lumbar',
      tart: { tissueTexture: 'moderate', restriction: 2, tenderness: 'severe' },
      segmental: ['L4 FRS(R)'],
      tenderPoints: [{ name: 'Posterior L5 (PL5)', side: 'R', tenderness: 7, tendernessAfter: 2 }],
    },
  ],
  rom: [{ joint: 'lumbar', motion: 'flexion', degrees: 35 }],
  treatment: [
    {
      region: 'lumbar',
      techniques: [{ technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'PL5' }],
      response: 'improved',
      tolerance: 'good',
    },
  ],
  followUp: 'Return in 2 weeks',
};

/**
 * The web app reads the API through the types of src/contracts; this checks that the server's answers
 * have those shapes (every field the contract names is there, with its type), so a change on either
 * side that would break the web app fails here rather than in the browser.
 */
describeEngines('answers match their contracts on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  /** The answer's status, and its body parsed by `schema` without a single issue; returns the body. */
  function conforms(schema: z.ZodType, res: LightMyRequestResponse, status = 200) {
    expect(res.statusCode, res.body).toBe(status);
    const parsed = schema.safeParse(res.json());
    expect(parsed.success ? [] : parsed.error.issues, res.body.slice(0, 500)).toEqual([]);
    return res.json();
  }
  const results = (item: z.ZodType) => z.object({ results: z.array(item).min(1) });

  it('sign-in, patients, charting, scheduling and administration', async () => {
    const k = await makeClinic(t);
    const practitionerId = await setupPractice(t, k);
    const [own, other] = k.patients;

    const doc = client(t);
    conforms(
      loginResponse,
      await doc.req('POST', '/api/v1/auth/login', {
        email: k.users.clinician.email,
        password: TEST_PASSWORD,
      }),
    );
    conforms(meResponse, await doc.req('GET', '/api/v1/auth/me'));
    conforms(
      createdApiTokenResponse,
      await doc.req('POST', '/api/v1/auth/tokens', { name: 't', expiresInDays: 1 }),
      201,
    );
    conforms(results(apiTokenResponse), await doc.req('GET', '/api/v1/auth/tokens'));
    conforms(mfaSetupResponse, await doc.req('POST', '/api/v1/auth/mfa/setup'));

    // Patients
    conforms(results(patientSummaryResponse), await doc.req('GET', '/api/v1/patients?q='));
    const record = conforms(patientResponse, await doc.req('GET', `/api/v1/patients/${own}`));
    conforms(
      medicationSectionResponse,
      await doc.req('POST', `/api/v1/patients/${own}/medications`, {
        name: 'Warfarin 5 mg tablet',
        code: '11289',
      }),
      201,
    );
    conforms(
      allergySectionResponse,
      await doc.req('PUT', `/api/v1/patients/${own}/allergy-status`, { status: 'none-known' }),
    );
    const person = new URLSearchParams({
      givenName: record.givenName,
      familyName: record.familyName,
      birthDate: record.birthDate,
    });
    conforms(duplicatesResponse, await doc.req('GET', `/api/v1/patients/duplicates?${person}`));
    conforms(
      mergePreviewResponse,
      await doc.req('GET', `/api/v1/patients/merge-preview?survivorId=${own}&duplicateId=${other}`),
    );
    conforms(results(icd10Result), await doc.req('GET', '/api/v1/codes/icd10?q=M54.5'));

    // Charting
    const refused = conforms(
      problemResponse,
      await doc.req('POST', `/api/v1/patients/${own}/encounters`, {
        ...chart,
        consent: { omt: 'given', hvla: 'given' },
        treatment: [{ region: 'lumbar', techniques: [{ technique: 'hvla' }] }],
      }),
      422,
    );
    expect(z.array(safetyProblemItem).min(1).safeParse(refused.safety).error?.issues).toBeUndefined();
    const visit = conforms(
      encounterResponse,
      await doc.req('POST', `/api/v1/patients/${own}/encounters`, chart),
      201,
    );
    conforms(encounterResponse, await doc.req('GET', `/api/v1/encounters/${visit.id}`));
    conforms(results(encounterListItemResponse), await doc.req('GET', `/api/v1/patients/${own}/encounters`));
    conforms(noteResponse, await doc.req('GET', `/api/v1/encounters/${visit.id}/note`));
    conforms(encounterResponse, await doc.req('POST', `/api/v1/encounters/${visit.id}/sign`));
    conforms(
      noteResponse,
      await doc.req('POST', `/api/v1/encounters/${visit.id}/amendments`, {
        reason: 'Wrong side noted',
        text: 'The tender point was on the right.',
      }),
      201,
    );
    conforms(noteResponse, await doc.req('GET', `/api/v1/encounters/${visit.id}/note`));
    conforms(visitSummaryResponse, await doc.req('GET', `/api/v1/encounters/${visit.id}/summary`));
    conforms(
      latestFindingsResponse,
      await doc.req('GET', `/api/v1/patients/${own}/encounters/latest-findings`),
    );
    conforms(regionHistoryResponse, await doc.req('GET', `/api/v1/patients/${own}/region-history`));
    conforms(omtSettingsResponse, await doc.req('GET', '/api/v1/omt/settings'));

    // Scheduling
    conforms(z.array(appointmentTypeResponse).min(1), await doc.req('GET', '/api/v1/appointment-types'));
    conforms(z.array(practitionerResponse).min(1), await doc.req('GET', '/api/v1/practitioners'));
    const times = conforms(
      availabilityResponse,
      await doc.req(
        'GET',
        `/api/v1/availability?practitionerId=${practitionerId}&appointmentType=omt-follow-up&from=2027-03-15`,
      ),
    );
    expect(times.slots.length).toBeGreaterThan(0);
    const booked = conforms(
      appointmentResponse,
      await bookAs(doc, followUp(practitionerId, MON_0900_CDT, own)),
      201,
    );
    conforms(results(appointmentResponse), await doc.req('GET', '/api/v1/appointments'));
    conforms(appointmentDetailResponse, await doc.req('GET', `/api/v1/appointments/${booked.id}`));

    // Administration
    const admin = await login(t, k.users.admin.email);
    conforms(
      adminUserResponse,
      await admin.req('PATCH', `/api/v1/admin/users/${k.users.clinician.id}`, { breakGlass: true }),
    );
    await doc.req('POST', '/api/v1/break-glass', {
      patientId: other,
      reason: 'Unconscious in the waiting room',
    });
    conforms(results(adminUserResponse), await admin.req('GET', '/api/v1/admin/users'));
    conforms(clinicSettingsResponse, await admin.req('GET', '/api/v1/admin/clinic'));
    conforms(results(publicClinicResponse), await client(t).req('GET', '/api/v1/clinics'));
    conforms(results(breakGlassGrantResponse), await admin.req('GET', '/api/v1/admin/break-glass'));
    conforms(auditReportResponse, await admin.req('GET', '/api/v1/audit'));
    conforms(auditVerifyResponse, await admin.req('GET', '/api/v1/audit/verify'));
  });
});

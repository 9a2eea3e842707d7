import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
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
import { auditEvents, practitioners } from '../../db/schema.ts';
import { pdfText } from './pdf-text.testing.ts';
import { expectRefused, LOCKED } from '../../testing/refusals.ts';

/** The test clinics' patients are anticoagulated (level check not recorded) and have low back pain. */
const visit = {
  occurredAt: '2027-03-10T09:00:00-06:00',
  chiefComplaint: 'Low back pain after lifting boxes, 5 days',
  historyUpdate: 'No leg pain, numbness or bladder symptoms.',
  painBefore: 6,
  painAfter: 3,
  consent: { omt: 'given', hvla: 'not-asked' },
  exam: [
    {
      region: 'lumbar',
      tart: { tissueTexture: 'moderate', asymmetry: 1, restriction: 2, tenderness: 'severe' },
      segmental: ['L4 frs(r)'],
      tenderPoints: [{ name: 'Posterior L5 (PL5)', side: 'R', tenderness: 7, tendernessAfter: 2 }],
    },
    {
      region: 'sacral',
      tart: { asymmetry: 2, restriction: 1 },
      otherDiagnoses: ['Left-on-left forward sacral torsion'],
    },
    { region: 'thoracic', tart: { tissueTexture: 0, asymmetry: 0, restriction: 0, tenderness: 0 } },
  ],
  rom: [
    { joint: 'lumbar', motion: 'flexion', degrees: 35 },
    { joint: 'hip', motion: 'internal-rotation', side: 'R', degrees: 24 },
    { joint: 'lumbar', motion: 'flexion', degrees: 45, phase: 'post' },
  ],
  treatment: [
    {
      region: 'lumbar',
      techniques: [{ technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'PL5' }],
      response: 'improved',
      tolerance: 'good',
    },
    {
      region: 'sacral',
      techniques: [{ technique: 'balanced-ligamentous-tension' }],
      response: 'resolved',
      tolerance: 'good',
    },
    // Treated but examined without findings: must not count toward the CPT level.
    { region: 'thoracic', techniques: [{ technique: 'facilitated-positional-release' }] },
  ],
  followUp: 'Return in 2 weeks',
};

type Chart = typeof visit & Record<string, unknown>;
const withTreatment = (extra: Record<string, unknown>[], base: Chart = visit): Chart => ({
  ...base,
  treatment: [...base.treatment, ...extra] as Chart['treatment'],
});

describeEngines('charting on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  /** A clinic whose clinician has a practitioner record (the rendering clinician of the visits). */
  async function setup() {
    const k = await makeClinic(t);
    const [pr] = await t.database.db
      .insert(practitioners)
      .values({
        clinicId: k.clinicId,
        userId: k.users.clinician.id,
        name: 'Dr. Test, DO',
        timeZone: 'America/Chicago',
      })
      .returning();
    const doc = await login(t, k.users.clinician.email);
    return { k, doc, practitionerId: pr!.id };
  }

  async function actions(k: TestClinic, resourceId: string) {
    return (
      t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.resourceId, resourceId)))
        // Insertion order (the test clock gives every entry the same time).
        .orderBy(auditEvents.n)
    );
  }

  async function create(c: Client, patientId: string, body: unknown = visit) {
    const res = await c.req('POST', `/api/v1/patients/${patientId}/encounters`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  it('charts a visit: notation parsed, ROM against norms, coding derived from what was documented', async () => {
    const { k, doc, practitionerId } = await setup();
    const e = await create(doc, k.patients[0]);
    expect(e).toMatchObject({
      status: 'draft',
      version: 0,
      patientId: k.patients[0],
      practitionerId,
      practitioner: { id: practitionerId, name: 'Dr. Test, DO' },
      date: '2027-03-10',
      occurredAt: '2027-03-10T15:00:00.000Z',
      painBefore: 6,
      painAfter: 3,
      consent: { omt: 'given', hvla: 'not-asked' },
    });
    expect(e.exam[0].tart).toEqual({ tissueTexture: 2, asymmetry: 1, restriction: 2, tenderness: 3 });
    expect(e.exam[0].segmental).toEqual(['L4 FRS(R)']);
    expect(e.exam[0].diagnoses).toEqual([
      {
        notation: 'L4 FRS(R)',
        from: 'L4',
        to: 'L4',
        segments: ['L4'],
        regions: ['lumbar'],
        sagittal: 'F',
        rotation: 'R',
        sidebend: 'R',
        fryetteType: 'II',
        warnings: [],
      },
    ]);
    expect(e.exam[0].tenderPoints).toEqual([
      { name: 'Posterior L5 (PL5)', side: 'R', tenderness: 7, tendernessAfter: 2 },
    ]);
    expect(e.rom.map((r: { percentOfNormal: number }) => r.percentOfNormal)).toEqual([70, 80, 90]);
    expect(e.rom[0]).toMatchObject({
      region: 'lumbar',
      normSet: 'lumbar-physiopedia',
      normal: { low: 50, high: 50 },
    });
    expect(e.rom[1]).toMatchObject({ region: 'lower-extremity', side: 'R', normal: { low: 30, high: 40 } });
    // Lumbar and sacral count (treated + TART); thoracic was treated without a finding.
    expect(e.coding).toMatchObject({
      regionCount: 2,
      cpt: '98925',
      icd10: [
        { region: 'lumbar', code: 'M99.03' },
        { region: 'sacral', code: 'M99.04' },
      ],
      excludedRegions: ['thoracic'],
      em: null,
    });
    expect(e.coding.warningDetails.map((w: { code: string }) => w.code)).toEqual([
      'region-without-somatic-dysfunction',
    ]);
    expect(e.coding.warnings[0]).toMatch(/thoracic region: it is not counted/);
    expect(e.treatment[0].techniques[0].safety).toEqual({ verdict: 'ok', rules: [], override: false });
    expect(e.note.status).toBe('draft');
    expect(e.note.assessment).toContain('M99.03 somatic dysfunction of the lumbar region');

    // Pelvic findings + treatment and a same-day E/M: three regions, modifier 25.
    const more: { exam: object[]; treatment: object[] } & Record<string, unknown> = {
      ...visit,
      exam: [
        ...visit.exam,
        { region: 'pelvic', tart: { tenderness: 'mild' }, segmental: [] },
        { region: 'rib-cage', tart: {}, segmental: ['T5-T9 NSLRL'] },
      ],
      treatment: [...visit.treatment, { region: 'pelvic', techniques: [{ technique: 'muscle-energy' }] }],
      sameDayEm: { significantAndSeparate: true },
    };
    const bad = await doc.req('PUT', `/api/v1/encounters/${e.id}`, more);
    // The rib cage cannot hold a thoracic segmental diagnosis.
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: 'exam/4/segmental/0', message: expect.stringMatching(/thoracic region, not rib cage/) },
    ]);
    more.exam[4] = { region: 'thoracic', tart: { restriction: 1 }, segmental: ['T5-T9 NSLRL'] };
    more.exam.splice(2, 1);
    more.treatment[3] = { region: 'pelvic', techniques: [{ technique: 'counterstrain' }] };
    const saved = await doc.req('PUT', `/api/v1/encounters/${e.id}`, { ...more, version: 0 });
    expect(saved.statusCode, saved.body).toBe(200);
    const s = saved.json();
    expect(s.version).toBe(1);
    expect(s.coding).toMatchObject({
      regionCount: 4,
      cpt: '98926',
      em: { modifier: '25' },
      excludedRegions: [],
    });
    // Fryette: a neutral group with same-side coupling is saved, with a warning on that field.
    expect(s.warnings).toEqual([
      { path: 'exam/3/segmental/0', message: expect.stringMatching(/type I .*opposite sides/) },
    ]);
    expect(s.exam[3].diagnoses[0]).toMatchObject({
      notation: 'T5-T9 NSLRL',
      fryetteType: 'I',
      warnings: [expect.any(String)],
    });
    // A stale version is a conflict, not a silent overwrite.
    const stale = await doc.req('PUT', `/api/v1/encounters/${e.id}`, { ...more, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toMatch(/version-conflict/);

    const read = await doc.req('GET', `/api/v1/encounters/${e.id}`);
    expect(read.statusCode).toBe(200);
    // What a save answers is exactly what a later read returns.
    expect(read.json()).toEqual(s);
    expect((await actions(k, e.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['encounter.create', 'encounter.update', 'encounter.read']),
    );
  });

  it('answers invalid charts with a 400 naming the field', async () => {
    const { k, doc } = await setup();
    const res = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, {
      ...visit,
      painBefore: 11,
      exam: [{ region: 'lumbar', tart: { tenderness: 'very' }, segmental: ['T13 ERS(L)', 'L2 FRS left'] }],
      rom: [
        { joint: 'lumbar', motion: 'abduction', degrees: 20 },
        { joint: 'hip', motion: 'flexion', degrees: 90 },
      ],
      treatment: [{ region: 'lumbar', techniques: [{ technique: 'reiki' }] }],
      clinicId: k.clinicId,
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((x: { path: string }) => x.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'painBefore',
        'exam/0/tart/tenderness',
        'treatment/0/techniques/0/technique',
        '',
      ]),
    );
    const segmental = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, {
      exam: [{ region: 'lumbar', segmental: ['T13 ERS(L)', 'L2 FRS left'] }],
      rom: [
        { joint: 'lumbar', motion: 'abduction', degrees: 20 },
        { joint: 'hip', motion: 'flexion', degrees: 90 },
      ],
    });
    expect(segmental.statusCode).toBe(400);
    expect(segmental.json().errors).toEqual([
      { path: 'exam/0/segmental/0', message: expect.stringMatching(/T13.*does not exist/) },
      { path: 'exam/0/segmental/1', message: expect.stringMatching(/Write sides as L or R/) },
      { path: 'rom/0/motion', message: expect.stringMatching(/no value for lumbar abduction/) },
      { path: 'rom/1/side', message: expect.stringMatching(/which side/) },
    ]);
    const noPractitioner = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, {
      practitionerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noPractitioner.statusCode).toBe(400);
    expect(noPractitioner.json().errors[0].path).toBe('practitionerId');
  });

  it('runs the safety engine on the write path: refusals, cautions and overrides are recorded and audited', async () => {
    const { k, doc } = await setup();
    const e = await create(doc, k.patients[0]);
    const url = `/api/v1/encounters/${e.id}`;
    // Anticoagulated with no recorded level check: direct techniques are absolutely contraindicated (strict).
    const met = withTreatment([{ region: 'pelvic', techniques: [{ technique: 'muscle-energy' }] }]);
    const refused = await doc.req('PUT', url, met);
    expect(refused.statusCode).toBe(422);
    const p = refused.json();
    expect(p.type).toMatch(/safety$/);
    expect(p.rules).toEqual(['direct-anticoagulation-unchecked']);
    expect(p.errors).toEqual([
      {
        path: 'treatment/3/techniques/0/technique',
        message: expect.stringMatching(/does not allow overrides/),
      },
    ]);
    expect(p.safety[0]).toMatchObject({
      region: 'pelvic',
      technique: 'muscle-energy',
      verdict: 'contraindicated',
      reasons: [{ rule: 'direct-anticoagulation-unchecked', severity: 'absolute' }],
    });
    expect(p.safety[0].alternatives.length).toBeGreaterThan(0);
    const stillDraft = (await doc.req('GET', url)).json();
    expect(stillDraft.version).toBe(0);
    expect(stillDraft.treatment).toHaveLength(3);

    // Caution (relative): allowed only with a documented reason.
    const mfr = withTreatment([{ region: 'pelvic', techniques: [{ technique: 'myofascial-release' }] }]);
    const noReason = await doc.req('PUT', url, mfr);
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].path).toBe('treatment/3/techniques/0/safetyReason');
    expect(noReason.json().rules).toEqual(['mfr-anticoagulation']);
    const reason = 'INR 2.4 checked today; light pressure only';
    const cautioned = await doc.req(
      'PUT',
      url,
      withTreatment([
        { region: 'pelvic', techniques: [{ technique: 'myofascial-release', safetyReason: reason }] },
      ]),
    );
    expect(cautioned.statusCode, cautioned.body).toBe(200);
    expect(cautioned.json().treatment[3].techniques[0]).toMatchObject({
      technique: 'myofascial-release',
      safetyReason: reason,
      safety: { verdict: 'caution', rules: ['mfr-anticoagulation'], override: false },
    });

    // Overrides need the clinic's permission AND a reason.
    const admin = await login(t, k.users.admin.email);
    expect(
      (await doc.req('PATCH', '/api/v1/omt/settings', { allowContraindicatedOverride: true })).statusCode,
    ).toBe(403);
    const settings = await admin.req('PATCH', '/api/v1/omt/settings', { allowContraindicatedOverride: true });
    expect(settings.json()).toMatchObject({ safetyPolicy: 'strict', allowContraindicatedOverride: true });
    expect((await doc.req('GET', '/api/v1/omt/settings')).json().allowContraindicatedOverride).toBe(true);
    const withoutOverride = await doc.req('PUT', url, met);
    expect(withoutOverride.statusCode).toBe(422);
    expect(withoutOverride.json().errors[0].path).toBe('treatment/3/techniques/0/override');
    const withoutReason = await doc.req(
      'PUT',
      url,
      withTreatment([{ region: 'pelvic', techniques: [{ technique: 'muscle-energy', override: true }] }]),
    );
    expect(withoutReason.json().errors[0].path).toBe('treatment/3/techniques/0/safetyReason');
    const why = 'INR 2.1 checked this morning, within range';
    const overridden = await doc.req(
      'PUT',
      url,
      withTreatment([
        { region: 'pelvic', techniques: [{ technique: 'muscle-energy', override: true, safetyReason: why }] },
      ]),
    );
    expect(overridden.statusCode, overridden.body).toBe(200);
    expect(overridden.json().treatment[3].techniques[0]).toMatchObject({
      override: true,
      safetyReason: why,
      safety: { verdict: 'contraindicated', rules: ['direct-anticoagulation-unchecked'], override: true },
    });
    expect(overridden.json().note.plan).toContain(
      `Contraindication overridden for muscle energy on the pelvic region (direct-anticoagulation-unchecked): ${why}.`,
    );

    // Consent: no technique without OMT consent; HVLA needs its own.
    const noConsent = await doc.req('PUT', url, { ...visit, consent: { omt: 'not-asked' } });
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.json().errors.map((x: { path: string }) => x.path)).toEqual(['consent/omt']);
    const hvla = await doc.req(
      'PUT',
      url,
      withTreatment([
        { region: 'cervical', techniques: [{ technique: 'hvla', override: true, safetyReason: why }] },
      ]),
    );
    expect(hvla.json().errors.map((x: { path: string }) => x.path)).toContain('consent/hvla');

    const audit = await actions(k, e.id);
    const by = (action: string) => audit.filter((a) => a.action === action);
    expect(by('encounter.safety-refused').length).toBeGreaterThanOrEqual(4);
    expect(by('encounter.safety-refused')[0]).toMatchObject({
      outcome: 'denied',
      patientId: k.patients[0],
      details: { rules: ['direct-anticoagulation-unchecked'] },
    });
    // The caution is recorded with its rule and reason in the details of the save's own entry.
    const cautionSave = by('encounter.update').find(
      (a) => (a.details as { safety: { cautions: unknown[] } }).safety.cautions.length > 0,
    )!;
    expect(cautionSave.details).toMatchObject({
      safety: {
        policy: 'strict',
        cautions: [
          {
            path: 'treatment/3/techniques/0',
            region: 'pelvic',
            technique: 'myofascial-release',
            rules: ['mfr-anticoagulation'],
            reason,
          },
        ],
        overrides: [],
      },
    });
    expect(by('encounter.safety-override')).toHaveLength(1);
    expect(by('encounter.safety-override')[0]).toMatchObject({
      reason: why,
      userId: k.users.clinician.id,
      details: { rules: ['direct-anticoagulation-unchecked'], verdict: 'contraindicated', policy: 'strict' },
    });
    const settingsAudit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.action, 'clinic.omt-settings.update')));
    expect(settingsAudit.map((a) => [a.userId, a.outcome])).toEqual(
      expect.arrayContaining([
        [k.users.clinician.id, 'denied'],
        [k.users.admin.id, 'success'],
      ]),
    );
    expect(settingsAudit.find((a) => a.outcome === 'success')!.details).toEqual({
      before: { safetyPolicy: 'strict', allowContraindicatedOverride: false },
      after: { safetyPolicy: 'strict', allowContraindicatedOverride: true },
    });
  });

  it('signs, locks the note in the database, amends, prints and summarises', async () => {
    const { k, doc } = await setup();
    const e = await create(doc, k.patients[0]);
    const url = `/api/v1/encounters/${e.id}`;
    const fd = await login(t, k.users.frontdesk.email);
    expect((await fd.req('POST', `${url}/sign`)).statusCode).toBe(403);
    const admin = await login(t, k.users.admin.email);
    // Another clinician of the clinic is not the visit's practitioner.
    const other = await create(admin, k.patients[0], { chiefComplaint: 'Check-up' });
    expect(other.practitionerId).toBeNull();
    expect((await doc.req('POST', `/api/v1/encounters/${other.id}/sign`)).statusCode).toBe(403);

    const signed = await doc.req('POST', `${url}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    const s = signed.json();
    expect(s).toMatchObject({
      status: 'signed',
      signedAt: '2027-03-10T15:00:00.000Z',
      signedBy: { id: k.users.clinician.id },
      coding: { cpt: '98925', regionCount: 2 },
      safety: null,
    });
    expect(s.note).toMatchObject({
      status: 'signed',
      amendments: [],
      signedBy: { id: k.users.clinician.id },
    });
    expect(s.note.subjective).toBe(
      'Chief complaint: Low back pain after lifting boxes, 5 days.\nPain before treatment: 6/10 (numeric rating scale).\nHistory update: No leg pain, numbness or bladder symptoms.',
    );
    expect(s.note.contentHash).toMatch(/^[0-9a-f]{64}$/);

    // Edits after signing: 409 from the API ...
    const edit = await doc.req('PUT', url, visit);
    expect(edit.statusCode).toBe(409);
    expect(edit.json().detail).toMatch(/amendment/);
    expect((await doc.req('POST', `${url}/sign`)).statusCode).toBe(409);
    // ... and refused by the database itself, whoever sends the SQL: by the lock triggers
    // (SQLSTATE 42501, migrations 0004/0012/0016), each naming the table and the operation.
    const db = t.database.db;
    const noteLocked = (table: string, op: string) =>
      new RegExp(
        `^${table} is append-only: a signed note is locked \\(${op} refused\\); add an amendment instead$`,
      );
    const visitLocked = (op: string) =>
      new RegExp(`^encounter ${e.id} is signed and locked \\(${op} refused\\)$`);
    const partLocked = (table: string, op: string) =>
      new RegExp(
        `^${table} of encounter ${e.id} is signed and locked \\(${op} refused\\); add an amendment instead$`,
      );
    await expectRefused(
      db.execute(sql`update encounter_notes set plan = 'edited' where encounter_id = ${e.id}`),
      LOCKED,
      noteLocked('encounter_notes', 'UPDATE'),
    );
    await expectRefused(
      db.execute(sql`delete from encounter_notes where encounter_id = ${e.id}`),
      LOCKED,
      noteLocked('encounter_notes', 'DELETE'),
    );
    await expectRefused(
      db.execute(sql`update encounters set chief_complaint = 'x' where id = ${e.id}`),
      LOCKED,
      visitLocked('UPDATE'),
    );
    await expectRefused(
      db.execute(sql`update encounters set status = 'draft', signed_at = null where id = ${e.id}`),
      LOCKED,
      visitLocked('UPDATE'),
    );
    await expectRefused(
      db.execute(sql`delete from encounters where id = ${e.id}`),
      LOCKED,
      visitLocked('DELETE'),
    );
    await expectRefused(
      db.execute(sql`delete from encounter_findings where encounter_id = ${e.id}`),
      LOCKED,
      partLocked('encounter_findings', 'DELETE'),
    );
    await expectRefused(
      db.execute(sql`update encounter_techniques set technique = 'hvla' where encounter_id = ${e.id}`),
      LOCKED,
      partLocked('encounter_techniques', 'UPDATE'),
    );
    await expectRefused(
      db.execute(sql`insert into encounter_rom (clinic_id, encounter_id, region, position, joint, motion, phase, degrees, norm_set, normal_low, normal_high, percent_of_normal)
        values (${k.clinicId}, ${e.id}, 'lumbar', 9, 'lumbar', 'extension', 'pre', 10, 'lumbar-physiopedia', 15, 15, 66.7)`),
      LOCKED,
      partLocked('encounter_rom', 'INSERT'),
    );
    const unchanged = (await doc.req('GET', url)).json();
    expect(unchanged.note.plan).toBe(s.note.plan);
    expect(unchanged.exam).toEqual(s.exam);
    // The draft of the other visit is still editable directly by SQL (the lock is only for signed ones).
    await db.execute(sql`update encounters set follow_up = 'Call in a week' where id = ${other.id}`);

    // Corrections are amendments returned with the note.
    const amend = await doc.req('POST', `${url}/amendments`, {
      section: 'plan',
      reason: 'Hold time entered wrongly',
      text: 'Counterstrain at PL5 was held 120 s, not 90 s.',
    });
    expect(amend.statusCode, amend.body).toBe(201);
    expect(amend.json().amendments).toEqual([
      {
        id: expect.any(String),
        noteId: s.note.id,
        section: 'plan',
        reason: 'Hold time entered wrongly',
        text: 'Counterstrain at PL5 was held 120 s, not 90 s.',
        author: { id: k.users.clinician.id, name: expect.stringContaining('clinician') },
        createdAt: '2027-03-10T15:00:00.000Z',
      },
    ]);
    const note = (await doc.req('GET', `${url}/note`)).json();
    expect(note.plan).toBe(s.note.plan);
    expect(note.amendments).toHaveLength(1);
    expect((await doc.req('GET', url)).json().note.amendments[0].text).toMatch(/120 s/);
    await expectRefused(
      db.execute(sql`update note_amendments set text = 'x' where encounter_id = ${e.id}`),
      LOCKED,
      noteLocked('note_amendments', 'UPDATE'),
    );
    await expectRefused(
      db.execute(sql`delete from note_amendments where encounter_id = ${e.id}`),
      LOCKED,
      noteLocked('note_amendments', 'DELETE'),
    );
    const draftAmend = await doc.req('POST', `/api/v1/encounters/${other.id}/amendments`, {
      reason: 'test',
      text: 'x',
    });
    expect(draftAmend.statusCode).toBe(409);

    // Printable note.
    const pdf = await doc.req('GET', `${url}/note.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="visit-note-2027-03-10.pdf"');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(1500);

    // The patient reads their own signed visit summary in plain language.
    const me = await login(t, k.users.patient.email);
    const summary = await me.req('GET', `${url}/summary`);
    expect(summary.statusCode, summary.body).toBe(200);
    const sum = summary.json();
    expect(sum).toMatchObject({
      encounterId: e.id,
      visitDate: '2027-03-10',
      practitionerName: 'Dr. Test, DO',
      pain: 'You rated your pain 6 out of 10 before treatment and 3 out of 10 afterwards.',
      followUp: 'Return in 2 weeks',
    });
    expect(sum.whatWeFound).toBe(
      'Your doctor found areas of tightness, tenderness or restricted movement in your lower back and base of the spine (sacrum).',
    );
    expect(sum.aftercare[0]).toMatch(/24 to 48 hours/);
    expect(sum.whenToCall.join(' ')).toMatch(/bladder or bowels/);
    expect(sum.text).not.toMatch(/M99|FRS|TART/);
    // ... but not a draft, and not another patient's visit.
    expect((await me.req('GET', `/api/v1/encounters/${other.id}/summary`)).statusCode).toBe(404);
    const sibling = await create(doc, k.patients[1]);
    expect((await doc.req('POST', `/api/v1/encounters/${sibling.id}/sign`)).statusCode).toBe(200);
    const foreign = await me.req('GET', `/api/v1/encounters/${sibling.id}/summary`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toMatch(/No such encounter/);
    expect((await me.req('GET', url)).statusCode).toBe(403);
    const mine = await me.req('GET', `/api/v1/patients/${k.patients[0]}/encounters`);
    expect(mine.json().results.map((r: { id: string }) => r.id)).toEqual([e.id]);
    expect(mine.json().results[0].chiefComplaint).toBeUndefined();

    const audit = (await actions(k, e.id)).map((a) => a.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        'encounter.sign',
        'encounter.amend',
        'encounter.note.read',
        'encounter.print',
        'encounter.summary.read',
      ]),
    );
    const print = (await actions(k, e.id)).find((a) => a.action === 'encounter.print')!;
    expect(print).toMatchObject({
      userId: k.users.clinician.id,
      patientId: k.patients[0],
      details: { format: 'pdf' },
    });
  });

  it('refuses TRUNCATE of every table holding signed visits and notes, by its own trigger, SQLSTATE 42501', async () => {
    const { k, doc } = await setup();
    const e = await create(doc, k.patients[0]);
    expect((await doc.req('POST', `/api/v1/encounters/${e.id}/sign`)).statusCode).toBe(200);
    const signed = () =>
      rawRows<{ n: number }>(
        t.database.db,
        sql`select (select count(*) from encounter_findings where encounter_id = ${e.id})::int
          + (select count(*) from encounter_notes where encounter_id = ${e.id})::int as n`,
      );
    const [before] = await signed();
    expect(before!.n).toBeGreaterThan(1);
    // TRUNCATE skips row triggers: a statement trigger per table refuses it. CASCADE so that no
    // foreign key refuses first; the message names the table whose own trigger answered.
    const truncateRefusals: [string, RegExp][] = [
      ['encounters', /^encounters holds signed clinical records: TRUNCATE refused$/],
      ['encounter_findings', /^encounter_findings holds signed clinical records: TRUNCATE refused$/],
      ['encounter_diagnoses', /^encounter_diagnoses holds signed clinical records: TRUNCATE refused$/],
      ['encounter_rom', /^encounter_rom holds signed clinical records: TRUNCATE refused$/],
      ['encounter_treatments', /^encounter_treatments holds signed clinical records: TRUNCATE refused$/],
      ['encounter_techniques', /^encounter_techniques holds signed clinical records: TRUNCATE refused$/],
      [
        'encounter_notes',
        /^encounter_notes is append-only: a signed note is locked \(TRUNCATE refused\); add an amendment instead$/,
      ],
      [
        'note_amendments',
        /^note_amendments is append-only: a signed note is locked \(TRUNCATE refused\); add an amendment instead$/,
      ],
    ];
    for (const [table, message] of truncateRefusals) {
      await expectRefused(t.database.db.execute(sql.raw(`truncate ${table} cascade`)), LOCKED, message);
    }
    expect(await signed()).toEqual([before]);
  });

  it('refuses to sign without a chief complaint or TART findings', async () => {
    const { k, doc } = await setup();
    const e = await create(doc, k.patients[0], {
      consent: { omt: 'given' },
      treatment: [{ region: 'lumbar', techniques: [{ technique: 'counterstrain' }] }],
    });
    expect(e.coding).toMatchObject({ cpt: null, regionCount: 0 });
    expect(e.coding.warningDetails.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining([
        'region-without-somatic-dysfunction',
        'no-regions',
        'no-chief-complaint',
        'no-pain-score',
      ]),
    );
    const res = await doc.req('POST', `/api/v1/encounters/${e.id}/sign`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((x: { path: string }) => x.path)).toEqual(['chiefComplaint', 'exam']);
  });

  it('keeps free-text additions per SOAP section: saved, previewed, signed, printed, then read-only', async () => {
    const { k, doc } = await setup();
    const notes = {
      subjective: 'Slept through the night for the first time in a week.',
      objective: 'Gait symmetric; heel and toe walking normal.',
      assessment: 'Improving lumbar somatic dysfunction; responds well to indirect techniques.',
      plan: 'Continue walking program; recheck in 2 weeks.',
    };
    const e = await create(doc, k.patients[0], { ...visit, notes });
    expect(e.notes).toEqual(notes);
    for (const section of ['subjective', 'objective', 'assessment', 'plan'] as const)
      expect(e.note[section].split('\n').at(-1), section).toBe(notes[section]);
    // Saved like the rest of the chart: a PUT replaces them (and an absent section is no addition).
    const url = `/api/v1/encounters/${e.id}`;
    const edited = await doc.req('PUT', url, {
      ...visit,
      notes: { assessment: '  Improving; continue OMT.  ', plan: notes.plan },
      version: e.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().notes).toEqual({ assessment: 'Improving; continue OMT.', plan: notes.plan });
    expect(edited.json().note.subjective).not.toContain('Slept through');
    const preview = (await doc.req('GET', `${url}/note`)).json();
    expect(preview.status).toBe('draft');
    expect(preview.assessment.split('\n').at(-1)).toBe('Improving; continue OMT.');
    const tooLong = await doc.req('PUT', url, { ...visit, notes: { plan: 'x'.repeat(5001) } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].path).toBe('notes/plan');

    const signed = await doc.req('POST', `${url}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    const note = (await doc.req('GET', `${url}/note`)).json();
    expect(note.status).toBe('signed');
    expect(note.assessment.split('\n').at(-1)).toBe('Improving; continue OMT.');
    expect(note.plan.split('\n').at(-1)).toBe(notes.plan);
    expect(note.assessment).toBe(preview.assessment);

    // Read-only once signed: the chart (additions included) cannot be edited ...
    const late = await doc.req('PUT', url, { ...visit, notes: { assessment: 'Changed after signing' } });
    expect(late.statusCode).toBe(409);
    expect((await doc.req('GET', url)).json().notes.assessment).toBe('Improving; continue OMT.');
    // ... and corrections are amendments beside the signed text.
    const amend = await doc.req('POST', `${url}/amendments`, {
      section: 'assessment',
      reason: 'Clarify the response',
      text: 'Response to counterstrain at PL5 in particular.',
    });
    expect(amend.statusCode, amend.body).toBe(201);
    expect(amend.json().assessment).toBe(note.assessment);
    expect(amend.json().amendments.map((a: { text: string }) => a.text)).toEqual([
      'Response to counterstrain at PL5 in particular.',
    ]);

    // The printable note carries them too.
    const pdf = await doc.req('GET', `${url}/note.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('Improving; continue OMT.');
    expect(text).toContain('Continue walking program; recheck in 2 weeks.');
    expect(text).toContain('Response to counterstrain at PL5 in particular.');
    expect(text).not.toContain('Slept through');
  });

  it('keeps clinical content from the front desk and other clinics', async () => {
    const { k, doc } = await setup();
    const e = await create(doc, k.patients[0]);
    const fd = await login(t, k.users.frontdesk.email);
    const list = await fd.req('GET', `/api/v1/patients/${k.patients[0]}/encounters`);
    expect(list.statusCode).toBe(200);
    expect(list.json().results).toEqual([
      {
        id: e.id,
        status: 'draft',
        occurredAt: '2027-03-10T15:00:00.000Z',
        date: '2027-03-10',
        practitioner: { id: e.practitionerId, name: 'Dr. Test, DO' },
        signedAt: null,
      },
    ]);
    expect(list.body).not.toMatch(/Low back/);
    for (const path of ['', '/note', '/note.pdf', '/summary']) {
      const res = await fd.req('GET', `/api/v1/encounters/${e.id}${path}`);
      expect(res.statusCode, path).toBe(403);
    }
    expect(
      (await fd.req('GET', `/api/v1/patients/${k.patients[0]}/encounters/latest-findings`)).statusCode,
    ).toBe(403);
    expect((await fd.req('PUT', `/api/v1/encounters/${e.id}`, visit)).statusCode).toBe(403);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.clinicId, k.clinicId),
          eq(auditEvents.userId, k.users.frontdesk.id),
          eq(auditEvents.outcome, 'denied'),
        ),
      );
    expect(denied.length).toBeGreaterThanOrEqual(6);

    const otherClinic = await setup();
    const res = await otherClinic.doc.req('GET', `/api/v1/encounters/${e.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Low back');
    expect((await otherClinic.doc.req('PUT', `/api/v1/encounters/${e.id}`, visit)).statusCode).toBe(404);
    expect((await otherClinic.doc.req('GET', `/api/v1/encounters/${e.id}/summary`)).statusCode).toBe(404);
  });

  it('audits every refused write to patient data: a locked note, a stale version, an invalid body', async () => {
    const { k, doc } = await setup();
    const e = await create(doc, k.patients[0]);
    const url = `/api/v1/encounters/${e.id}`;
    const draft = await create(doc, k.patients[1], { ...visit, occurredAt: '2027-03-11T09:00:00-06:00' });
    expect((await doc.req('POST', `${url}/sign`)).statusCode).toBe(200);
    const refusals = async () =>
      (
        await t.database.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.outcome, 'denied')))
      ).map((a) => ({
        action: a.action,
        resourceId: a.resourceId,
        patientId: a.patientId,
        userId: a.userId,
        details: a.details,
      }));
    expect(await refusals()).toEqual([]);

    const edit = await doc.req('PUT', url, visit);
    expect(edit.statusCode).toBe(409);
    expect(edit.json().type).toBe('https://stillpoint.dev/problems/encounter-signed');
    const discard = await doc.req('POST', `${url}/discard`, { reason: 'Charted on the wrong patient' });
    expect(discard.statusCode).toBe(409);
    const stale = await doc.req('PUT', `/api/v1/encounters/${draft.id}`, {
      ...visit,
      occurredAt: '2027-03-11T09:00:00-06:00',
      version: draft.version + 5,
    });
    expect(stale.statusCode).toBe(409);
    const badPatch = await doc.req('PATCH', `/api/v1/patients/${k.patients[0]}`, { birthDate: 'soon' });
    expect(badPatch.statusCode).toBe(400);

    const entries = await refusals();
    expect(entries).toHaveLength(4);
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          action: 'encounter.update',
          resourceId: e.id,
          patientId: k.patients[0],
          userId: k.users.clinician.id,
          details: { status: 409, reason: 'encounter-signed' },
        },
        expect.objectContaining({
          resourceId: e.id,
          patientId: k.patients[0],
          details: { status: 409, reason: 'encounter-signed' },
        }),
        {
          action: 'encounter.update',
          resourceId: draft.id,
          patientId: k.patients[1],
          userId: k.users.clinician.id,
          details: { status: 409, reason: 'version-conflict' },
        },
        {
          action: 'patient.update',
          resourceId: k.patients[0],
          patientId: k.patients[0],
          userId: k.users.clinician.id,
          details: { status: 400, reason: 'validation' },
        },
      ]),
    );
    // Refused reads stay as they were: a read the caller may make is not a refusal.
    expect((await doc.req('GET', url)).statusCode).toBe(200);
    expect(await refusals()).toHaveLength(4);
  });

  it('copies forward the last signed visit’s findings as a chart body', async () => {
    const { k, doc } = await setup();
    const empty = await doc.req('GET', `/api/v1/patients/${k.patients[0]}/encounters/latest-findings`);
    expect(empty.json()).toEqual({ source: null, chart: { exam: [], rom: [] } });

    const first = await create(doc, k.patients[0], { ...visit, occurredAt: '2027-02-24T09:00:00-06:00' });
    await doc.req('POST', `/api/v1/encounters/${first.id}/sign`);
    const second = await create(doc, k.patients[0], {
      ...visit,
      occurredAt: '2027-03-03T09:00:00-06:00',
      painBefore: 4,
      exam: [
        {
          region: 'lumbar',
          tart: { tenderness: 'mild', restriction: 1 },
          segmental: ['L4 FRS(R)'],
          tenderPoints: [{ name: 'Posterior L5 (PL5)', side: 'R', tenderness: 6, tendernessAfter: 1 }],
          note: 'Paraspinal hypertonicity',
        },
      ],
      rom: [
        { joint: 'lumbar', motion: 'flexion', degrees: 42 },
        { joint: 'lumbar', motion: 'flexion', degrees: 50, phase: 'post' },
      ],
      treatment: [{ region: 'lumbar', techniques: [{ technique: 'counterstrain', holdSeconds: 90 }] }],
    });
    await doc.req('POST', `/api/v1/encounters/${second.id}/sign`);
    // A newer draft does not count: copy-forward takes signed visits only.
    await create(doc, k.patients[0], {
      chiefComplaint: 'Follow-up',
      occurredAt: '2027-03-10T09:00:00-06:00',
    });

    const latest = await doc.req('GET', `/api/v1/patients/${k.patients[0]}/encounters/latest-findings`);
    expect(latest.statusCode).toBe(200);
    const copied = {
      exam: [
        {
          region: 'lumbar',
          tart: { tissueTexture: null, asymmetry: null, restriction: 1, tenderness: 1 },
          segmental: ['L4 FRS(R)'],
          otherDiagnoses: [],
          // Tenderness after treatment belonged to that visit.
          tenderPoints: [{ name: 'Posterior L5 (PL5)', side: 'R', tenderness: 6, tendernessAfter: null }],
          note: 'Paraspinal hypertonicity',
        },
      ],
      // Pre-treatment measurements only.
      rom: [
        {
          joint: 'lumbar',
          motion: 'flexion',
          side: null,
          phase: 'pre',
          degrees: 42,
          normSet: 'lumbar-physiopedia',
        },
      ],
    };
    expect(latest.json()).toEqual({
      source: { encounterId: second.id, occurredAt: '2027-03-03T15:00:00.000Z', date: '2027-03-03' },
      chart: {
        ...copied,
        // The complaint and plan are offered too; the consent is marked as carried forward.
        chiefComplaint: 'Low back pain after lifting boxes, 5 days',
        consent: {
          omt: 'given',
          hvla: 'not-asked',
          note: 'As at the visit of 2027-03-03; confirm with the patient.',
        },
        followUp: 'Return in 2 weeks',
        notes: { plan: null },
      },
    });
    const audit = await actions(k, second.id);
    expect(audit.map((a) => a.action)).toContain('encounter.latest-findings.read');
  });

  it('round-trips copy-forward: the chart GET returns is posted unchanged and starts an identical exam', async () => {
    const { k, doc } = await setup();
    const first = await create(doc, k.patients[0]);
    expect((await doc.req('POST', `/api/v1/encounters/${first.id}/sign`)).statusCode).toBe(200);
    const latest = (
      await doc.req('GET', `/api/v1/patients/${k.patients[0]}/encounters/latest-findings`)
    ).json();
    expect(latest.source.encounterId).toBe(first.id);
    // Posted as read: no field stripped, none refused.
    const next = await create(doc, k.patients[0], latest.chart);
    expect(next.status).toBe('draft');
    expect(next.exam.map(({ diagnoses: _d, ...e }: Record<string, unknown>) => e)).toEqual(latest.chart.exam);
    expect(
      next.rom.map((r: Record<string, unknown>) => ({
        joint: r.joint,
        motion: r.motion,
        side: r.side,
        phase: r.phase,
        degrees: r.degrees,
        normSet: r.normSet,
      })),
    ).toEqual(latest.chart.rom);
    expect(latest.chart.rom.map((r: { phase: string }) => r.phase)).toEqual(['pre', 'pre']);
    // The same body is accepted by the draft's PUT too.
    const put = await doc.req('PUT', `/api/v1/encounters/${next.id}`, latest.chart);
    expect(put.statusCode, put.body).toBe(200);
    // The read-only envelope is not a chart body: the strict top level still refuses it.
    const wrapped = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, latest);
    expect(wrapped.statusCode).toBe(400);
  });

  it('lists each visit with the coding derived from what was documented (clinicians only)', async () => {
    const { k, doc } = await setup();
    const signed = await create(doc, k.patients[0], { ...visit, occurredAt: '2027-02-24T09:00:00-06:00' });
    expect((await doc.req('POST', `/api/v1/encounters/${signed.id}/sign`)).statusCode).toBe(200);
    // Five regions treated, four with a TART finding: 98926 (3–4 regions); the thoracic one does not count.
    const draft = await create(doc, k.patients[0], {
      ...visit,
      exam: [
        ...visit.exam,
        { region: 'cervical', tart: { restriction: 1 } },
        { region: 'pelvic', tart: { asymmetry: 1 } },
      ],
      treatment: [
        ...visit.treatment,
        { region: 'cervical', techniques: [{ technique: 'counterstrain' }] },
        { region: 'pelvic', techniques: [{ technique: 'balanced-ligamentous-tension' }] },
      ],
    });
    const empty = await create(doc, k.patients[0], {
      chiefComplaint: 'Phone follow-up',
      occurredAt: '2027-03-11T09:00:00-06:00',
    });
    const list = await doc.req('GET', `/api/v1/patients/${k.patients[0]}/encounters`);
    expect(list.statusCode).toBe(200);
    const byId = new Map(
      list.json().results.map((r: { id: string; coding: unknown }) => [r.id, r.coding] as const),
    );
    expect(byId.get(signed.id)).toEqual({ cpt: '98925', regionCount: 2, icd10: ['M99.03', 'M99.04'] });
    expect(byId.get(draft.id)).toEqual({
      cpt: '98926',
      regionCount: 4,
      icd10: ['M99.01', 'M99.03', 'M99.04', 'M99.05'],
    });
    expect(byId.get(empty.id)).toEqual({ cpt: null, regionCount: 0, icd10: [] });
    // The same coding the visit itself (and, once signed, its note) carries.
    for (const e of [signed, draft]) {
      const view = (await doc.req('GET', `/api/v1/encounters/${e.id}`)).json();
      expect(byId.get(e.id)).toEqual({
        cpt: view.coding.cpt,
        regionCount: view.coding.regionCount,
        icd10: view.coding.icd10.map((c: { code: string }) => c.code),
      });
    }
    // Front desk and the patient see no coding.
    for (const who of [k.users.frontdesk.email, k.users.patient.email]) {
      const c = await login(t, who);
      const res = await c.req('GET', `/api/v1/patients/${k.patients[0]}/encounters`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('98925');
      const visits = res.json().results as Record<string, unknown>[];
      expect(visits.length).toBeGreaterThan(0);
      expect(visits.filter((r) => 'coding' in r)).toEqual([]);
    }
  });

  it('shows a region across visits', async () => {
    const { k, doc } = await setup();
    const first = await create(doc, k.patients[0], { ...visit, occurredAt: '2027-02-24T09:00:00-06:00' });
    await doc.req('POST', `/api/v1/encounters/${first.id}/sign`);
    const second = await create(doc, k.patients[0], {
      ...visit,
      occurredAt: '2027-03-03T09:00:00-06:00',
      painBefore: 4,
      exam: [{ region: 'lumbar', tart: { tenderness: 'mild', restriction: 1 }, segmental: ['L4 FRS(R)'] }],
      rom: [{ joint: 'lumbar', motion: 'flexion', degrees: 42 }],
      treatment: [{ region: 'lumbar', techniques: [{ technique: 'counterstrain', holdSeconds: 90 }] }],
    });
    await doc.req('POST', `/api/v1/encounters/${second.id}/sign`);

    const history = await doc.req('GET', `/api/v1/patients/${k.patients[0]}/region-history?region=lumbar`);
    expect(history.statusCode).toBe(200);
    const rows = history.json().results.filter((r: { status: string }) => r.status === 'signed');
    expect(rows.map((r: { date: string; painBefore: number }) => [r.date, r.painBefore])).toEqual([
      ['2027-03-03', 4],
      ['2027-02-24', 6],
    ]);
    expect(
      rows.map((r: { rom: { percentOfNormal: number }[] }) => r.rom.map((m) => m.percentOfNormal)),
    ).toEqual([[84], [70, 90]]);
    expect(rows[1].exam.diagnoses[0].notation).toBe('L4 FRS(R)');
    expect(rows[1].treatment.techniques[0].technique).toBe('counterstrain');
    expect(
      (await doc.req('GET', `/api/v1/patients/${k.patients[0]}/region-history?region=knee`)).statusCode,
    ).toBe(400);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';
import { auditEvents, patients, users } from '../../db/schema.ts';
import { rawRows } from '../../db/connect.ts';
import { expectRefused, LOCKED } from '../../testing/refusals.ts';

const person = {
  givenName: 'Dorothy',
  familyName: 'Whitfield',
  birthDate: '1946-04-09',
  sex: 'female',
};

describeEngines('duplicate check and merge on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const auditOf = (clinicId: string, action: string) =>
    t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.clinicId, clinicId), eq(auditEvents.action, action)));

  it('answers 409 with the possible duplicates before saving, and saves once confirmed', async () => {
    const k = await makeClinic(t);
    const fd = await login(t, k.users.frontdesk.email);
    const first = await fd.req('POST', '/api/v1/patients', person);
    expect(first.statusCode).toBe(201);
    const firstId = first.json().id as string;

    // Accents, case and swapped fields, same date of birth: flagged, nothing saved.
    const again = await fd.req('POST', '/api/v1/patients', {
      ...person,
      givenName: 'WHITFIELD',
      familyName: 'Dorothé',
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect(again.json()).toMatchObject({
      type: 'https://stillpoint.dev/problems/possible-duplicate',
      status: 409,
      detail: expect.stringContaining('"confirmNotDuplicate": true'),
      candidates: [{ id: firstId, name: 'Dorothy Whitfield', birthDate: '1946-04-09', restricted: false }],
    });
    const count = async () =>
      (await t.database.db.select().from(patients).where(eq(patients.clinicId, k.clinicId))).length;
    expect(await count()).toBe(3);

    // A different birth date or a different name is not a duplicate.
    expect(
      (await fd.req('POST', '/api/v1/patients', { ...person, birthDate: '1946-04-10' })).statusCode,
    ).toBe(201);
    expect((await fd.req('POST', '/api/v1/patients', { ...person, givenName: 'Daniel' })).statusCode).toBe(
      201,
    );

    const confirmed = await fd.req('POST', '/api/v1/patients', {
      ...person,
      givenName: 'Dorothy',
      confirmNotDuplicate: true,
    });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json()).toMatchObject({ name: 'Dorothy Whitfield', birthDate: '1946-04-09' });
    expect(confirmed.json().id).not.toBe(firstId);
    expect(await count()).toBe(6);

    const created = await auditOf(k.clinicId, 'patient.create');
    expect(created.find((a) => a.patientId === confirmed.json().id)?.details).toEqual({
      confirmedNotDuplicate: true,
    });
    const checks = await auditOf(k.clinicId, 'patient.duplicate-check');
    expect(checks.map((c) => [c.userId, c.outcome, c.details])).toEqual([
      [k.users.frontdesk.id, 'success', { context: 'create', resultCount: 1, shownIds: [firstId] }],
    ]);
  });

  it('offers a read route for the form, audited; restricted candidates show only the limited view; other clinics never', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const open = (await admin.req('POST', '/api/v1/patients', person)).json().id as string;
    const hidden = (
      await admin.req('POST', '/api/v1/patients', {
        ...person,
        givenName: 'Dorothy',
        familyName: 'Whitfeild',
        restricted: true,
        careTeam: [k.users.admin.id],
        confirmNotDuplicate: true,
      })
    ).json().id as string;
    const otherAdmin = await login(t, other.users.admin.email);
    const foreign = await otherAdmin.req('POST', '/api/v1/patients', person);
    expect(foreign.statusCode).toBe(201);

    const q = '/api/v1/patients/duplicates?givenName=dorothy&familyName=whitfield&birthDate=1946-04-09';
    const fd = await login(t, k.users.frontdesk.email);
    const seen = await fd.req('GET', q);
    expect(seen.statusCode).toBe(200);
    // A restricted record the desk may not open shows what search shows of it (issue 9: one view
    // of restricted records everywhere): its name and date of birth, and that it is restricted.
    expect(seen.json()).toEqual({
      candidates: [
        { id: open, name: 'Dorothy Whitfield', birthDate: '1946-04-09', restricted: false },
        {
          id: hidden,
          name: 'Dorothy Whitfeild',
          givenName: 'Dorothy',
          familyName: 'Whitfeild',
          birthDate: '1946-04-09',
          restricted: true,
          limited: true,
        },
      ],
    });
    expect(seen.body).not.toContain(foreign.json().id);

    // The admin may open the restricted record, so sees it.
    const adminView = (await admin.req('GET', q)).json().candidates as { id?: string }[];
    expect(adminView.map((c) => c.id).sort()).toEqual([open, hidden].sort());

    const none = await fd.req('GET', q.replace('1946-04-09', '1950-01-01'));
    expect(none.json()).toEqual({ candidates: [] });
    const bad = await fd.req(
      'GET',
      '/api/v1/patients/duplicates?givenName=a&familyName=b&birthDate=1946-13-01',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: 'query/birthDate', message: 'Enter the date of birth as YYYY-MM-DD' },
    ]);
    const pt = await login(t, k.users.patient.email);
    expect((await pt.req('GET', q)).statusCode).toBe(403);

    const checks = (await auditOf(k.clinicId, 'patient.duplicate-check')).filter(
      (c) => c.userId === k.users.frontdesk.id,
    );
    expect(checks.map((c) => c.details)).toEqual(
      expect.arrayContaining([
        { context: 'lookup', resultCount: 2, shownIds: [open, hidden] },
        { context: 'lookup', resultCount: 0, shownIds: [] },
      ]),
    );
  });

  /** A duplicate with something in every table that holds patient rows, including a signed visit. */
  async function seedHistory(clinicId: string, patientId: string, authorId: string) {
    const db = t.database.db;
    const one = async <T>(q: ReturnType<typeof sql>) => (await rawRows<T>(db, q))[0]!;
    const prac = await one<{ id: string }>(
      sql`insert into practitioners (clinic_id, name, time_zone) values (${clinicId}, 'Dr Merge', 'UTC') returning id`,
    );
    const type = await one<{ id: string }>(
      sql`insert into appointment_types (clinic_id, code, name, duration_minutes)
          values (${clinicId}, ${`t-${patientId.slice(0, 6)}`}, 'Follow-up', 30) returning id`,
    );
    const appt = await one<{ id: string }>(
      sql`insert into appointments (clinic_id, practitioner_id, patient_id, appointment_type_id, starts_at, ends_at,
            block_start, block_end, source, created_at)
          values (${clinicId}, ${prac.id}, ${patientId}, ${type.id}, '2027-04-01T15:00Z', '2027-04-01T15:30Z',
            '2027-04-01T15:00Z', '2027-04-01T15:30Z', 'staff', now()) returning id`,
    );
    await rawRows(
      db,
      sql`insert into waitlist_entries (clinic_id, patient_id, appointment_type_id, window_start, window_end, created_at, updated_at)
          values (${clinicId}, ${patientId}, ${type.id}, '2027-04-01T00:00Z', '2027-04-30T00:00Z', now(), now())`,
    );
    await rawRows(
      db,
      sql`insert into intake_consents (clinic_id, patient_id, version, accepted_at, method)
          values (${clinicId}, ${patientId}, 'v1', now(), 'paper')`,
    );
    await rawRows(
      db,
      sql`insert into outbox_messages (clinic_id, patient_id, appointment_id, kind, subject, text, send_after, created_at)
          values (${clinicId}, ${patientId}, ${appt.id}, 'reminder', 'Reminder', 'See you soon', now(), now())`,
    );
    const enc = await one<{ id: string }>(
      sql`insert into encounters (clinic_id, patient_id, created_by, status, occurred_at, created_at, updated_at, signed_at, signed_by)
          values (${clinicId}, ${patientId}, ${authorId}, 'signed', '2027-01-05T15:00Z', now(), now(), now(), ${authorId})
          returning id`,
    );
    const note = await one<{ id: string }>(
      sql`insert into encounter_notes (clinic_id, encounter_id, patient_id, subjective, objective, assessment, plan,
            coding, signed_by, signed_by_name, signed_at, content_hash)
          values (${clinicId}, ${enc.id}, ${patientId}, 'S', 'O', 'A', 'P', '{}'::jsonb, ${authorId}, 'Dr Merge', now(), 'abc')
          returning id`,
    );
    await rawRows(
      db,
      sql`insert into note_amendments (clinic_id, note_id, encounter_id, patient_id, author_id, author_name, created_at, section, reason, text)
          values (${clinicId}, ${note.id}, ${enc.id}, ${patientId}, ${authorId}, 'Dr Merge', now(), 'plan', 'typo', 'Plan: rest')`,
    );
    return { encounterId: enc.id, noteId: note.id, appointmentId: appt.id };
  }

  it('merges a duplicate: everything moves, the duplicate stays as a tombstone, one audit entry per record', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const [survivorId, duplicateId] = k.patients; // the duplicate is linked to the portal user
    await doc.req('PATCH', `/api/v1/patients/${survivorId}`, {
      conditions: [{ code: 'M54.50', display: 'Low back pain' }],
      flags: [{ flag: 'anticoagulated' }],
    });
    await t.database.db.update(users).set({ patientId: duplicateId }).where(eq(users.id, k.users.patient.id));
    await doc.req('PATCH', `/api/v1/patients/${duplicateId}`, {
      email: 'dup@example.com',
      conditions: [{ code: 'M81.0', display: 'Osteoporosis' }],
      flags: [{ flag: 'anticoagulated' }, { flag: 'pregnant' }],
      medications: [{ name: 'Alendronate' }],
      allergies: [{ substance: 'Latex', severity: 'mild' }],
    });
    const history = await seedHistory(k.clinicId, duplicateId, k.users.clinician.id);
    const score = await doc.req('POST', `/api/v1/patients/${duplicateId}/outcomes`, {
      instrument: 'nrs',
      takenAt: new Date(t.clock.now).toISOString(),
      answers: { pain: 6 },
    });
    expect(score.statusCode, score.body).toBe(201);
    // A plan of care with a home exercise of it (their sessions follow the prescription).
    const [plan] = await rawRows<{ id: string }>(
      t.database.db,
      sql`insert into care_plans (clinic_id, patient_id, title, problems, goals, activities, start, review_date,
                                  created_by, created_at, updated_at)
          values (${k.clinicId}, ${duplicateId}, 'Neck', '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, '2027-03-01',
                  '2027-04-01', ${k.users.clinician.id}, now(), now())
          returning id`,
    );
    const rx = await doc.req('POST', `/api/v1/patients/${duplicateId}/exercise-prescriptions`, {
      exercise: 'chin-tuck',
      sets: 2,
      reps: 10,
      timesPerDay: 1,
      daysPerWeek: 7,
      carePlanId: plan!.id,
    });
    expect(rx.statusCode, rx.body).toBe(201);
    // A pre-visit questionnaire request for the duplicate's visit.
    await t.database.db.execute(
      sql`insert into questionnaire_requests (clinic_id, patient_id, appointment_id, appointment_start, instruments, created_at)
          values (${k.clinicId}, ${duplicateId}, ${history.appointmentId}, now(), '["nrs"]'::jsonb, now())`,
    );

    const preview = await doc.req(
      'GET',
      `/api/v1/patients/merge-preview?survivorId=${survivorId}&duplicateId=${duplicateId}`,
    );
    expect(preview.statusCode).toBe(200);
    expect(preview.json().moves).toEqual({
      conditions: 1,
      flags: 1,
      medications: 1,
      allergies: 1,
      appointments: 1,
      waitlistEntries: 1,
      intakeConsents: 1,
      messages: 1,
      encounters: 1,
      notes: 1,
      amendments: 1,
      questionnaireResponses: 1,
      outcomeScores: 1,
      carePlans: 1,
      exercisePrescriptions: 1,
      questionnaireRequests: 1,
      portalAccount: 1,
    });

    const merged = await doc.req('POST', '/api/v1/patients/merge', { survivorId, duplicateId });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({
      survivor: { id: survivorId },
      duplicate: { id: duplicateId, mergedIntoId: survivorId },
      moved: { encounters: 1, notes: 1, amendments: 1, appointments: 1, flags: 1, portalAccount: 1 },
    });

    // The survivor has everything, in order: its own rows first.
    const record = (await doc.req('GET', `/api/v1/patients/${survivorId}`)).json();
    expect(record.conditions.map((c: { code: string }) => c.code)).toEqual(['M54.50', 'M81.0']);
    expect(record.flags).toEqual([{ flag: 'anticoagulated' }, { flag: 'pregnant' }]);
    expect(record.medications).toMatchObject([{ name: 'Alendronate' }]);
    expect(record.allergies).toMatchObject([{ substance: 'Latex' }]);
    expect(record.email).toBe('dup@example.com');
    const owner = async (table: string, id: string) =>
      (
        await rawRows<{ p: string }>(
          t.database.db,
          sql`select patient_id as p from ${sql.identifier(table)} where id = ${id}`,
        )
      )[0]!.p;
    expect(await owner('encounters', history.encounterId)).toBe(survivorId);
    expect(await owner('encounter_notes', history.noteId)).toBe(survivorId);
    expect(await owner('appointments', history.appointmentId)).toBe(survivorId);
    for (const table of [
      'waitlist_entries',
      'intake_consents',
      'outbox_messages',
      'note_amendments',
      'conditions',
      'medications',
      'allergies',
      'care_plans',
      'exercise_prescriptions',
      'questionnaire_requests',
    ]) {
      const left = await rawRows(
        t.database.db,
        sql`select id from ${sql.identifier(table)} where patient_id = ${duplicateId}`,
      );
      expect(left, table).toEqual([]);
    }
    // The signed note's content is untouched and still locked.
    const [noteRow] = await rawRows<{ subjective: string; content_hash: string }>(
      t.database.db,
      sql`select subjective, content_hash from encounter_notes where id = ${history.noteId}`,
    );
    expect(noteRow).toEqual({ subjective: 'S', content_hash: 'abc' });
    // Refused by the lock triggers (SQLSTATE 42501): a content change, and a move of the patient
    // outside a declared merge ...
    const noteLocked = /^encounter_notes is append-only: a signed note is locked \(UPDATE refused\)/;
    await expectRefused(
      t.database.db.execute(
        sql`update encounter_notes set subjective = 'changed' where id = ${history.noteId}`,
      ),
      LOCKED,
      noteLocked,
    );
    await expectRefused(
      t.database.db.execute(
        sql`update encounter_notes set patient_id = ${duplicateId} where id = ${history.noteId}`,
      ),
      LOCKED,
      noteLocked,
    );
    await expectRefused(
      t.database.db.execute(
        sql`update encounters set chief_complaint = 'x' where id = ${history.encounterId}`,
      ),
      LOCKED,
      new RegExp(`^encounter ${history.encounterId} is signed and locked \\(UPDATE refused\\)$`),
    );
    // ... and, inside a declared merge (migration 0016), anything but the patient id.
    for (const [statement, message] of [
      [
        sql`update encounter_notes set patient_id = ${duplicateId}, subjective = 'changed' where id = ${history.noteId}`,
        noteLocked,
      ],
      [
        sql`update encounters set patient_id = ${duplicateId}, chief_complaint = 'x' where id = ${history.encounterId}`,
        new RegExp(`^encounter ${history.encounterId} is signed and locked \\(UPDATE refused\\)$`),
      ],
    ] as const) {
      await expectRefused(
        t.database.db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('stillpoint.patient_merge', 'on', true)`);
          await tx.execute(statement);
        }),
        LOCKED,
        message,
      );
    }

    // The portal account now opens the survivor.
    const [portal] = await t.database.db.select().from(users).where(eq(users.id, k.users.patient.id));
    expect(portal!.patientId).toBe(survivorId);

    // Tombstone: kept, hidden from search, and reading it says where it went.
    const [tomb] = await t.database.db.select().from(patients).where(eq(patients.id, duplicateId));
    expect(tomb).toMatchObject({ mergedIntoId: survivorId, mergedBy: k.users.clinician.id });
    const gone = await doc.req('GET', `/api/v1/patients/${duplicateId}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({
      type: 'https://stillpoint.dev/problems/patient-merged',
      mergedIntoId: survivorId,
      detail: expect.stringMatching(
        /merged into another record on \d{4}-\d{2}-\d{2}\. Open that record instead/,
      ),
    });
    expect((await doc.req('PATCH', `/api/v1/patients/${duplicateId}`, { email: null })).statusCode).toBe(410);
    const search = (await doc.req('GET', '/api/v1/patients?q='))
      .json()
      .results.map((r: { id: string }) => r.id);
    expect(search).toEqual([survivorId]);
    const again = await doc.req('POST', '/api/v1/patients/merge', { survivorId, duplicateId });
    expect(again.statusCode).toBe(410);

    const entries = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.clinicId, k.clinicId),
          sql`${auditEvents.action} in ('patient.merge', 'patient.merged-into')`,
        ),
      )
      .orderBy(auditEvents.n);
    expect(entries.map((e) => [e.action, e.patientId, e.userId, e.outcome])).toEqual([
      ['patient.merge', survivorId, k.users.clinician.id, 'success'],
      ['patient.merged-into', duplicateId, k.users.clinician.id, 'success'],
      // The refused second merge (410: already merged) is recorded too.
      ['patient.merge', null, k.users.clinician.id, 'denied'],
    ]);
    expect(entries[1]!.details).toMatchObject({
      mergedIntoId: survivorId,
      movedIds: {
        encounters: [history.encounterId],
        notes: [history.noteId],
        appointments: [history.appointmentId],
      },
      portalUserId: k.users.patient.id,
    });
  });

  it('refuses merging a record into itself, across clinics, by the front desk, and restricted records out of reach', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const [a, b] = k.patients;
    const self = await doc.req('POST', '/api/v1/patients/merge', { survivorId: a, duplicateId: a });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors).toEqual([
      { path: 'duplicateId', message: 'Choose a different record: a record cannot be merged into itself.' },
    ]);
    const cross = await doc.req('POST', '/api/v1/patients/merge', {
      survivorId: a,
      duplicateId: other.patients[1],
    });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().errors.map((e: { path: string }) => e.path)).toEqual(['duplicateId']);
    const crossBack = await doc.req('POST', '/api/v1/patients/merge', {
      survivorId: other.patients[1],
      duplicateId: a,
    });
    expect(crossBack.statusCode).toBe(400);
    expect(crossBack.json().errors.map((e: { path: string }) => e.path)).toEqual(['survivorId']);
    const fd = await login(t, k.users.frontdesk.email);
    expect(
      (await fd.req('POST', '/api/v1/patients/merge', { survivorId: a, duplicateId: b })).statusCode,
    ).toBe(403);
    await t.database.db
      .update(patients)
      .set({ restricted: true, careTeam: [k.users.admin.id] })
      .where(eq(patients.id, b));
    expect(
      (await doc.req('POST', '/api/v1/patients/merge', { survivorId: a, duplicateId: b })).statusCode,
    ).toBe(404);
    // Nothing changed.
    const rows = await t.database.db.select().from(patients).where(eq(patients.clinicId, k.clinicId));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r.mergedIntoId !== null)).toEqual([]);
    const [foreign] = await t.database.db.select().from(patients).where(eq(patients.id, other.patients[1]));
    expect(foreign!.mergedIntoId).toBeNull();
    // An admin may merge the restricted record; the survivor becomes restricted with both care teams.
    const admin = await login(t, k.users.admin.email);
    const ok = await admin.req('POST', '/api/v1/patients/merge', { survivorId: a, duplicateId: b });
    expect(ok.statusCode).toBe(200);
    const [survivor] = await t.database.db.select().from(patients).where(eq(patients.id, a));
    expect(survivor).toMatchObject({ restricted: true, careTeam: [k.users.admin.id] });
  });
});

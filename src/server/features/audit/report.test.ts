import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';
import { rawRows } from '../../db/connect.ts';
import { auditEvents, patients, users } from '../../db/schema.ts';
import { csvCell } from './csv.ts';
import { listEntries, lookupNames } from './store.ts';

type Entry = Record<string, string | boolean | null>;

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF), enough to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

/** The export as objects keyed by its header. */
function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

describeEngines('audit report on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('names the user, the patient and the record of each entry, looked up at read time', async () => {
    const k = await makeClinic(t);
    const db = t.database.db;
    // A restricted record: named in the report (a name is part of every view of a restricted record).
    await db.update(patients).set({ restricted: true }).where(eq(patients.id, k.patients[1]));
    const doc = await login(t, k.users.clinician.email);
    await doc.req('GET', `/api/v1/patients/${k.patients[0]}`);
    const visit = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, {
      occurredAt: '2027-03-10T15:30:00Z',
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const admin = await login(t, k.users.admin.email);
    expect((await admin.req('GET', `/api/v1/patients/${k.patients[1]}`)).statusCode).toBe(200);
    const renamed = await admin.req('PATCH', `/api/v1/admin/users/${k.users.frontdesk.id}`, {
      name: 'Fran Desk',
    });
    expect(renamed.statusCode).toBe(200);

    const res = await admin.req('GET', '/api/v1/audit?sort=at&order=asc');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.timeZone).toBe('America/Chicago');
    expect(body.filters).toEqual({ patient: null, user: null });
    const rows = body.results as Entry[];
    const [ada, ben] = await db
      .select()
      .from(patients)
      .where(sql`${patients.clinicId} = ${k.clinicId}`);
    const nameOf = (id: string) => {
      const p = [ada, ben].find((x) => x!.id === id)!;
      return `${p.givenName} ${p.familyName}`;
    };

    const read = rows.find((r) => r.action === 'patient.read' && r.userId === k.users.clinician.id)!;
    expect(read).toMatchObject({
      userId: k.users.clinician.id,
      userName: expect.stringMatching(/^clinician /),
      role: 'clinician',
      resourceType: 'Patient',
      resourceId: k.patients[0],
      resourceLabel: nameOf(k.patients[0]),
      patientId: k.patients[0],
      patientName: nameOf(k.patients[0]),
      outcome: 'success',
    });
    const created = rows.find((r) => r.action === 'encounter.create')!;
    expect(created).toMatchObject({
      resourceType: 'Encounter',
      resourceId: visit.json().id,
      // 15:30 UTC is 09:30 in Chicago, on the 10th.
      resourceLabel: 'Visit of Mar 10, 2027 (draft)',
      patientName: nameOf(k.patients[0]),
    });
    const restricted = rows.find((r) => r.action === 'patient.read' && r.userId === k.users.admin.id)!;
    expect(restricted.patientName).toBe(nameOf(k.patients[1]));
    const update = rows.find((r) => r.action === 'user.update')!;
    expect(update).toMatchObject({
      userName: expect.stringMatching(/^admin /),
      role: 'admin',
      resourceType: 'User',
      resourceId: k.users.frontdesk.id,
      resourceLabel: 'Fran Desk',
      patientName: null,
    });
    // Entries keep the contract's fields.
    for (const r of rows) {
      for (const key of ['at', 'userId', 'action', 'resourceType', 'resourceId', 'patientId', 'outcome'])
        expect(r).toHaveProperty(key);
    }

    // Names are not written into the trail: a rename shows everywhere, old entries included.
    await db.update(patients).set({ givenName: 'Renamed' }).where(eq(patients.id, k.patients[0]));
    const again = (await admin.req('GET', `/api/v1/audit?patientId=${k.patients[0]}`)).json();
    expect(again.results.length).toBeGreaterThan(0);
    expect(again.results.filter((r: Entry) => r.patientName !== `Renamed ${ada!.familyName}`)).toEqual([]);
    const stored = await db.select().from(auditEvents).where(eq(auditEvents.clinicId, k.clinicId));
    const text = JSON.stringify(stored);
    expect(text).not.toContain(ada!.givenName);
    expect(text).not.toContain(ben!.givenName);
    expect(text).not.toContain('Renamed');
  });

  it('filters by a picked patient and by a picked user, and names them', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const desk = await login(t, k.users.frontdesk.email);
    for (const p of k.patients) await doc.req('GET', `/api/v1/patients/${p}`);
    await desk.req('GET', `/api/v1/patients/${k.patients[1]}`);
    const admin = await login(t, k.users.admin.email);

    const byPatient = (await admin.req('GET', `/api/v1/audit?patientId=${k.patients[1]}`)).json();
    expect(byPatient.results.map((r: Entry) => [r.userId, r.action]).sort()).toEqual(
      [
        [k.users.clinician.id, 'patient.read'],
        [k.users.frontdesk.id, 'patient.read'],
      ].sort(),
    );
    expect(byPatient.filters.patient).toEqual({ id: k.patients[1], name: expect.stringMatching(/^Ben/) });
    expect(byPatient.filters.user).toBeNull();

    const byUser = (await admin.req('GET', `/api/v1/audit?userId=${k.users.frontdesk.id}`)).json();
    expect(byUser.results.map((r: Entry) => r.action).sort()).toEqual(['auth.login', 'patient.read']);
    expect(byUser.results.every((r: Entry) => /^frontdesk [0-9a-f]{8}$/.test(String(r.userName)))).toBe(true);
    expect(byUser.filters.user).toEqual({
      id: k.users.frontdesk.id,
      name: expect.stringMatching(/^frontdesk /),
      role: 'frontdesk',
    });

    const both = (
      await admin.req('GET', `/api/v1/audit?userId=${k.users.clinician.id}&patientId=${k.patients[0]}`)
    ).json();
    expect(both.results).toHaveLength(1);
    expect(both.results[0]).toMatchObject({ action: 'patient.read', patientId: k.patients[0] });

    // Another clinic's patient or user: nothing listed and no name given away.
    const foreign = (await admin.req('GET', `/api/v1/audit?patientId=${other.patients[0]}`)).json();
    expect(foreign.results).toEqual([]);
    expect(foreign.filters.patient).toEqual({ id: other.patients[0], name: null });
    const foreignUser = (await admin.req('GET', `/api/v1/audit?userId=${other.users.admin.id}`)).json();
    expect(foreignUser.filters.user).toEqual({ id: other.users.admin.id, name: null, role: null });
  });

  it('exports CSV on the clinic’s wall clock with its offset, across a DST change, names beside ids', async () => {
    const k = await makeClinic(t);
    // America/Chicago: CST (UTC−6) until 2 a.m. on 14 March 2027, CDT (UTC−5) after.
    const winter = new Date('2027-03-13T15:00:02.250Z');
    const summer = new Date('2027-03-15T15:00:02.250Z');
    for (const [at, patient] of [
      [winter, k.patients[0]],
      [summer, k.patients[1]],
    ] as const) {
      t.clock.now = at.getTime();
      const doc = await login(t, k.users.clinician.email);
      await doc.req('GET', `/api/v1/patients/${patient}`);
    }
    const admin = await login(t, k.users.admin.email);
    const csv = await admin.req(
      'GET',
      `/api/v1/audit?userId=${k.users.clinician.id}&action=patient.read&sort=at&order=asc&format=csv`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="stillpoint-audit-2027-03-15.csv"');
    expect(parseCsv(csv.body)[0]).toEqual([
      'id',
      'at',
      'timeZone',
      'atUtc',
      'userId',
      'userName',
      'userEmail',
      'role',
      'action',
      'resourceType',
      'resourceId',
      'resourceLabel',
      'patientId',
      'patientName',
      'outcome',
      'requestId',
      'emergency',
      'reason',
    ]);
    const rows = csvRecords(csv.body);
    expect(rows.map((r) => [r.at, r.timeZone, r.atUtc])).toEqual([
      ['2027-03-13T09:00:02-06:00', 'America/Chicago', '2027-03-13T15:00:02.250Z'],
      ['2027-03-15T10:00:02-05:00', 'America/Chicago', '2027-03-15T15:00:02.250Z'],
    ]);
    expect(rows[1]).toMatchObject({
      userId: k.users.clinician.id,
      userName: expect.stringMatching(/^clinician [0-9a-f]{8}$/),
      userEmail: k.users.clinician.email,
      role: 'clinician',
      action: 'patient.read',
      resourceType: 'Patient',
      resourceId: k.patients[1],
      resourceLabel: expect.stringMatching(/^Ben[0-9a-f]{8} Okri$/),
      patientId: k.patients[1],
      patientName: expect.stringMatching(/^Ben[0-9a-f]{8} Okri$/),
      outcome: 'success',
      emergency: 'false',
      reason: '',
    });
  });

  it('reads a date range as days in the clinic’s time zone and checks its order', async () => {
    const k = await makeClinic(t);
    // 03:00 UTC on 16 April is still the evening of the 15th in Chicago (CDT, UTC−5).
    t.clock.now = Date.parse('2027-04-16T03:00:00Z');
    const doc = await login(t, k.users.clinician.email);
    await doc.req('GET', `/api/v1/patients/${k.patients[0]}`);
    const admin = await login(t, k.users.admin.email);
    const on = async (from: string, to: string) =>
      (
        await admin.req(
          'GET',
          `/api/v1/audit?userId=${k.users.clinician.id}&action=patient.read&from=${from}&to=${to}`,
        )
      ).json().results as Entry[];
    expect((await on('2027-04-15', '2027-04-15')).map((r) => r.at)).toEqual(['2027-04-16T03:00:00.000Z']);
    expect(await on('2027-04-16', '2027-04-16')).toEqual([]);
    // Instants are taken as they are.
    expect(await on('2027-04-16T02:59:00Z', '2027-04-16T03:01:00Z')).toHaveLength(1);
    const bad = await admin.req('GET', '/api/v1/audit?from=2027-04-02&to=2027-04-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toEqual({
      path: 'query/to',
      message: 'Choose an end on or after the start',
    });
    const impossible = await admin.req('GET', '/api/v1/audit?from=2027-02-30');
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().errors[0].path).toBe('query/from');
  });

  it('escapes cells a spreadsheet would run as formulas', async () => {
    const k = await makeClinic(t);
    const db = t.database.db;
    await db
      .update(patients)
      .set({ givenName: '=HYPERLINK("http://evil.example","x")', familyName: 'Smith' })
      .where(eq(patients.id, k.patients[0]));
    await db.update(users).set({ name: '@SUM(A1)' }).where(eq(users.id, k.users.clinician.id));
    await db.update(users).set({ name: '+1 Desk' }).where(eq(users.id, k.users.frontdesk.id));
    const doc = await login(t, k.users.clinician.email);
    await doc.req('GET', `/api/v1/patients/${k.patients[0]}`);
    const desk = await login(t, k.users.frontdesk.email);
    await desk.req('GET', `/api/v1/patients/${k.patients[0]}`);
    const admin = await login(t, k.users.admin.email);
    const csv = await admin.req('GET', `/api/v1/audit?patientId=${k.patients[0]}&format=csv`);
    // The raw text never has a cell starting with a formula character.
    expect(csv.body).not.toMatch(/(^|,|\r\n)"?[=+@-]/);
    const rows = csvRecords(csv.body);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.patientName).toBe(`'=HYPERLINK("http://evil.example","x") Smith`);
    expect(rows.map((r) => r.userName).sort()).toEqual([`'+1 Desk`, `'@SUM(A1)`]);

    expect(csvCell('-2+3')).toBe(`'-2+3`);
    expect(csvCell('\tcmd')).toBe(`'\tcmd`);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
  });

  it('pages by index: patient and user filters use their (clinic, who, time) index, no sort of the trail', async () => {
    const k = await makeClinic(t);
    const db = t.database.db;
    for (const [label, filters, index] of [
      ['none', {}, 'audit_clinic_at_idx'],
      ['patient', { patientId: k.patients[0] }, 'audit_patient_idx'],
      ['user', { userId: k.users.clinician.id }, 'audit_user_idx'],
    ] as const) {
      const q = listEntries(db, k.clinicId, filters, 'at', 'desc', 500).toSQL();
      const plan = await db.transaction(async (tx) => {
        // A small test table would be read whole; the plan wanted is the one a huge trail gets.
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_bitmapscan = off`);
        const text = q.sql.replace(/\$(\d+)/g, (_m, n: string) => {
          const v = q.params[Number(n) - 1];
          return typeof v === 'number' ? String(v) : `'${String(v)}'`;
        });
        return rawRows<Record<string, string>>(tx, sql.raw(`explain ${text}`));
      });
      const lines = plan.map((r) => Object.values(r)[0]).join('\n');
      expect(lines, label).toMatch(new RegExp(`Index Scan Backward using ${index} on audit_events`));
      // Narrowed by the index to this clinic and person: never a scan of the whole trail. (A sort of
      // the few rows the index returns, on the insertion-order tiebreak, is the planner's choice.)
      if (label !== 'none')
        expect(lines, label).toMatch(/Index Cond: \(\(clinic_id = .+ AND \((patient_id|user_id) = /);
      expect(lines, label).not.toMatch(/Seq Scan/);
    }
    const names = await lookupNames(db, k.clinicId, {
      patientIds: [k.patients[0], 'not-a-uuid'],
      userIds: [],
      records: new Map([['Unknown', ['x']]]),
    });
    expect(names).toEqual([
      { kind: 'patient', id: k.patients[0], name: expect.stringMatching(/^Ada/), at: null, extra: null },
    ]);
  });
});

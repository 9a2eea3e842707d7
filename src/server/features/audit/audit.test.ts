import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';
import { auditEvents, patients } from '../../db/schema.ts';
import { sealAudit, verifyAuditChain, writeAudit } from '../../platform/audit.ts';
import { expectRefused, LOCKED } from '../../testing/refusals.ts';

describeEngines('audit trail on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('is append-only for the application: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    await doc.req('GET', `/api/v1/patients/${k.patients[0]}`);
    const db = t.database.db;
    // The entries without their chain fields, which the background sealer may fill in meanwhile.
    const entries = async () =>
      (
        await db
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.clinicId, k.clinicId))
          .orderBy(auditEvents.id)
      ).map(({ seq: _seq, prevHash: _prevHash, hash: _hash, ...content }) => content);
    const before = await entries();
    expect(before.map((r) => [r.action, r.outcome]).sort()).toEqual([
      ['auth.login', 'success'],
      ['patient.read', 'success'],
    ]);
    // Each refused by the trigger itself (SQLSTATE 42501, its message naming the operation).
    await expectRefused(
      db.execute(sql`update audit_events set outcome = 'denied' where clinic_id = ${k.clinicId}`),
      LOCKED,
      /^audit_events is append-only \(UPDATE refused\)$/,
    );
    await expectRefused(
      db.execute(sql`delete from audit_events where clinic_id = ${k.clinicId}`),
      LOCKED,
      /^audit_events is append-only \(DELETE refused\)$/,
    );
    // TRUNCATE skips row triggers; a statement trigger refuses it. On PostgreSQL the statement first
    // waits for its table lock behind the other test files' short transactions.
    await expectRefused(
      db.execute(sql`truncate audit_events`),
      LOCKED,
      /^audit_events is append-only \(TRUNCATE refused\)$/,
    );
    expect(await entries()).toEqual(before);
  });

  it('allows only the one-time seal: chain fields from empty to set, nothing else, never again', async () => {
    const k = await makeClinic(t);
    const db = t.database.db;
    const ctx = {
      requestId: 'seal-test',
      user: null,
      via: 'anonymous' as const,
      ip: '127.0.0.1',
      userAgent: 'test',
      now: new Date(),
    };
    // Written inside a transaction that is still open, so no sealer can have reached it yet.
    const id = await db.transaction(async (tx) => {
      await writeAudit(tx, ctx, {
        action: 'test.seal',
        resourceType: 'Test',
        outcome: 'success',
        clinicId: k.clinicId,
      });
      const [row] = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.clinicId, k.clinicId), eq(auditEvents.action, 'test.seal')));
      expect(row).toMatchObject({ seq: null, prevHash: null, hash: null });
      // A "seal" that also changes the content is refused.
      await expectRefused(
        tx.transaction((sp) =>
          sp.execute(
            sql`update audit_events set seq = 1, prev_hash = 'x', hash = 'y', outcome = 'denied' where id = ${row!.id}`,
          ),
        ),
        LOCKED,
        /^audit_events is append-only \(UPDATE refused\)$/,
      );
      return row!.id;
    });
    await sealAudit(db);
    const [sealed] = await db.select().from(auditEvents).where(eq(auditEvents.id, id));
    expect(sealed!.seq).toBeGreaterThan(0);
    expect(sealed!.hash).toMatch(/^[0-9a-f]{64}$/);
    await expectRefused(
      db.execute(sql`update audit_events set hash = ${'0'.repeat(64)} where id = ${id}`),
      LOCKED,
      /^audit_events is append-only \(UPDATE refused\)$/,
    );
    await expectRefused(
      db.execute(sql`update audit_events set seq = null, prev_hash = null, hash = null where id = ${id}`),
      LOCKED,
      /^audit_events is append-only \(UPDATE refused\)$/,
    );
    expect((await verifyAuditChain(db, { clinicId: k.clinicId })).ok).toBe(true);
  });

  it('seals writes and several sealers started together into one gap-free chain', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const db = t.database.db;
    await Promise.all([
      ...Array.from({ length: 24 }, (_, i) => doc.req('GET', `/api/v1/patients/${k.patients[i % 2]}`)),
      sealAudit(db),
      sealAudit(db),
      sealAudit(db),
    ]);
    await Promise.all([sealAudit(db), sealAudit(db)]);
    const rows = await db
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.chain, `clinic:${k.clinicId}`));
    const seqs = rows.map((r) => r.seq).sort((a, b) => a! - b!);
    expect(seqs).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(25); // the login and the 24 reads
    const res = await verifyAuditChain(db, { clinicId: k.clinicId });
    expect(res).toMatchObject({ ok: true, checked: rows.length });
  });

  it('detects an edited, a deleted and a re-ordered entry', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    for (let i = 0; i < 6; i++) await doc.req('GET', `/api/v1/patients/${k.patients[i % 2]}`);
    const db = t.database.db;
    expect((await verifyAuditChain(db, { clinicId: k.clinicId })).ok).toBe(true);
    const chain = `clinic:${k.clinicId}`;
    // A superuser (not the application) bypasses the trigger: the chain still tells.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_events set outcome = 'denied' where chain = ${chain} and seq = 2`);
      await tx.execute(sql`delete from audit_events where chain = ${chain} and seq = 4`);
      await tx.execute(sql`update audit_events set seq = 100 where chain = ${chain} and seq = 6`);
      await tx.execute(sql`update audit_events set seq = 6 where chain = ${chain} and seq = 7`);
      await tx.execute(sql`update audit_events set seq = 7 where chain = ${chain} and seq = 100`);
    });
    const res = await verifyAuditChain(db, { clinicId: k.clinicId });
    expect(res.ok).toBe(false);
    const at = (seq: number) =>
      res.problems
        .filter((p) => p.seq === seq)
        .map((p) => p.message)
        .join('; ');
    expect(at(2)).toMatch(/altered/);
    expect(at(3)).toBe(''); // the entry after an edited one still links to its stored hash
    expect(at(5)).toMatch(/entries 4–4 are missing/);
    expect(at(6)).toMatch(/altered/);
    expect(at(7)).toMatch(/altered/);
    const admin = await login(t, k.users.admin.email);
    const api = await admin.req('GET', '/api/v1/audit/verify');
    expect(api.json().ok).toBe(false);
    expect(api.json().problems.length).toBeGreaterThanOrEqual(3);
  });

  it('rolls the business write back when its audit entry cannot be written', async () => {
    const k = await makeClinic(t);
    const fd = await login(t, k.users.frontdesk.email);
    const db = t.database.db;
    const cname = `sabotage_${k.clinicId.slice(0, 8)}`;
    await db.execute(
      sql.raw(
        `alter table audit_events add constraint ${cname} check (not (action = 'patient.create' and user_email = '${k.users.frontdesk.email}')) not valid`,
      ),
    );
    try {
      const res = await fd.req('POST', '/api/v1/patients', {
        givenName: 'Lost',
        familyName: 'Write',
        birthDate: '1990-01-01',
        sex: 'male',
      });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toMatch(/sabotage|constraint|audit_events/);
      const found = await db
        .select()
        .from(patients)
        .where(and(eq(patients.clinicId, k.clinicId), eq(patients.givenName, 'Lost')));
      expect(found).toEqual([]);
    } finally {
      await db.execute(sql.raw(`alter table audit_events drop constraint ${cname}`));
    }
  });

  it('reports by filter and sort, exports CSV, audits the report itself, and is admin-only', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    await doc.req('GET', `/api/v1/patients/${k.patients[0]}`);
    t.clock.advance(60_000);
    await doc.req('GET', `/api/v1/patients/${k.patients[1]}`);
    const admin = await login(t, k.users.admin.email);
    const all = (
      await admin.req('GET', `/api/v1/audit?userId=${k.users.clinician.id}&sort=at&order=asc`)
    ).json().results;
    expect(all.map((r: { action: string }) => r.action)).toEqual([
      'auth.login',
      'patient.read',
      'patient.read',
    ]);
    expect(all[1]).toMatchObject({
      userId: k.users.clinician.id,
      action: 'patient.read',
      resourceType: 'Patient',
      resourceId: k.patients[0],
      patientId: k.patients[0],
      outcome: 'success',
    });
    expect(Date.parse(all[1].at)).toBeLessThanOrEqual(Date.parse(all[2].at));
    const byPatient = (await admin.req('GET', `/api/v1/audit?patientId=${k.patients[1]}`)).json().results;
    expect(byPatient.map((r: { action: string }) => r.action)).toContain('patient.read');
    expect(byPatient.filter((r: { patientId: string }) => r.patientId !== k.patients[1])).toEqual([]);
    for (const sort of ['userId', 'action', 'resourceType', 'patientId', 'outcome', 'at']) {
      const rows = (await admin.req('GET', `/api/v1/audit?sort=${sort}&order=asc`)).json().results as Record<
        string,
        string | null
      >[];
      const keys = rows.map((r) => r[sort]).filter((v) => v !== null) as string[];
      expect(keys).toEqual(
        [...keys].sort((a, b) =>
          sort === 'at' ? Date.parse(a) - Date.parse(b) : a < b ? -1 : a > b ? 1 : 0,
        ),
      );
    }
    const future = (await admin.req('GET', '/api/v1/audit?from=2099-01-01')).json().results;
    expect(future).toEqual([]);
    const csv = await admin.req(
      'GET',
      `/api/v1/audit?userId=${k.users.clinician.id}&sort=at&order=asc&format=csv`,
    );
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,at,timeZone,atUtc,userId,userName,userEmail,role,action,resourceType,resourceId,resourceLabel,patientId,patientName,outcome,requestId,emergency,reason',
    );
    expect(lines).toHaveLength(all.length + 1);
    expect(lines[2]).toMatch(
      new RegExp(
        `,patient\\.read,Patient,${k.patients[0]},Ada\\w+ Lovelace,${k.patients[0]},Ada\\w+ Lovelace,success,`,
      ),
    );
    const reports = (await admin.req('GET', '/api/v1/audit?action=audit.export')).json().results;
    expect(reports).toHaveLength(1);
    expect((await doc.req('GET', '/api/v1/audit')).statusCode).toBe(403);
    const bad = await admin.req('GET', '/api/v1/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query/from');
  });
});

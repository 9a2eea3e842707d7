import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
  describeEngines,
  client,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { rawRows } from '../../db/connect.ts';
import { clinics, patients } from '../../db/schema.ts';
import { portalInvitations } from './tables.ts';

const NEW_PASSWORD = 'quiet river under the old bridge';
const DAY = 86_400_000;

/**
 * The addresses are this run's own (a fresh domain per run): on a PostgreSQL database kept between
 * runs, the last run's accounts and sign-ups would otherwise already hold them.
 */
const domain = `${randomUUID().slice(0, 8)}.test.example`;

describeEngines('onboarding on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  async function patientRow(id: string) {
    const [p] = await t.database.db.select().from(patients).where(eq(patients.id, id));
    return p!;
  }

  async function setEmail(k: TestClinic, patientId: string, email: string) {
    await t.database.db.update(patients).set({ email }).where(eq(patients.id, patientId));
    void k;
  }

  async function auditCount(action: string, patientId: string | null, clinicId: string) {
    const rows = await rawRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = ${action} and clinic_id = ${clinicId}
          and outcome = 'success' ${patientId ? sql`and patient_id = ${patientId}` : sql``}`,
    );
    return Number(rows[0]!.n);
  }

  /** The link in the newest message of a kind to an address, read through the outbox API (the dev mailbox). */
  async function linkFromMailbox(desk: Client, kind: string, to: string): Promise<string> {
    const list = await desk.req('GET', `/api/v1/outbox?kind=${kind}`);
    expect(list.statusCode).toBe(200);
    const m = list.json().results.find((r: { to: string }) => r.to === to);
    expect(m, `${kind} to ${to}`).toBeDefined();
    const full = await desk.req('GET', `/api/v1/outbox/${m.id}`);
    const link = /https?:\/\/\S+\/(invite|verify-email)\/([\w-]+)/.exec(full.json().text);
    expect(link, full.json().text).not.toBeNull();
    return link![2]!;
  }

  async function kinds(clinicId: string, to: string) {
    const rows = await rawRows<{ kind: string }>(
      t.database.db,
      sql`select kind from outbox_messages where clinic_id = ${clinicId} and lower(to_address) = ${to.toLowerCase()} order by created_at, kind`,
    );
    return rows.map((r) => r.kind);
  }

  describe('portal invitation', () => {
    it('front desk invites; the emailed link sets a password once and signs the patient in to their record', async () => {
      const k = await makeClinic(t);
      const [, p2] = k.patients;
      await setEmail(k, p2, `ben.invite@${domain}`);
      const desk = await login(t, k.users.frontdesk.email);
      const sent = await desk.req('POST', `/api/v1/patients/${p2}/portal-invitation`);
      expect(sent.statusCode, sent.body).toBe(201);
      expect(sent.json()).toMatchObject({ sentTo: `ben.invite@${domain}` });
      expect(Date.parse(sent.json().expiresAt) - t.clock.now).toBe(7 * DAY);

      const status = await desk.req('GET', `/api/v1/patients/${p2}/portal-access`);
      expect(status.json()).toMatchObject({
        account: null,
        invitation: { sentTo: `ben.invite@${domain}` },
      });

      const token = await linkFromMailbox(desk, 'portal-invitation', `ben.invite@${domain}`);
      // Only the hash is stored.
      const [inv] = await t.database.db
        .select()
        .from(portalInvitations)
        .where(eq(portalInvitations.patientId, p2));
      expect(inv!.tokenHash).not.toContain(token);
      expect(inv!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

      const phone = client(t);
      const look = await phone.req('POST', '/api/v1/invitations/lookup', { token });
      expect(look.statusCode).toBe(200);
      expect(look.json()).toMatchObject({
        firstName: (await patientRow(p2)).givenName,
        email: `ben.invite@${domain}`,
      });

      const weak = await phone.req('POST', '/api/v1/invitations/accept', { token, password: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors[0].path).toBe('password');

      const ok = await phone.req('POST', '/api/v1/invitations/accept', { token, password: NEW_PASSWORD });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().user).toMatchObject({
        role: 'patient',
        patientId: p2,
        email: `ben.invite@${domain}`,
      });
      const me = await phone.req('GET', '/api/v1/auth/me');
      expect(me.json().user.patientId).toBe(p2);
      expect((await phone.req('GET', `/api/v1/patients/${p2}`)).statusCode).toBe(200);
      expect((await phone.req('GET', `/api/v1/patients/${k.patients[0]}`)).statusCode).toBe(404);
      // The new password signs in from anywhere.
      await login(t, `ben.invite@${domain}`, NEW_PASSWORD);

      // The page the link opens is logged without its token.
      await client(t).req('GET', `/invite/${token}`);
      expect(t.logs.join('\n')).toContain('/invite/[token]');
      expect(t.logs.join('\n')).not.toContain(token);

      // Single use.
      const again = await client(t).req('POST', '/api/v1/invitations/accept', {
        token,
        password: NEW_PASSWORD,
      });
      expect(again.statusCode).toBe(404);
      expect(again.json().type).toMatch(/link-invalid$/);

      const after = await desk.req('GET', `/api/v1/patients/${p2}/portal-access`);
      expect(after.json()).toMatchObject({ account: { email: `ben.invite@${domain}` }, invitation: null });
      expect(await auditCount('portal-invitation.send', p2, k.clinicId)).toBe(1);
      expect(await auditCount('portal-invitation.accept', p2, k.clinicId)).toBe(1);
    });

    it('refuses without an email, for a record with an account, and for roles other than the desk', async () => {
      const k = await makeClinic(t);
      const [p1, p2] = k.patients;
      const desk = await login(t, k.users.frontdesk.email);
      const none = await desk.req('POST', `/api/v1/patients/${p2}/portal-invitation`);
      expect(none.statusCode).toBe(409);
      expect(none.json().errors).toEqual([
        { path: 'email', message: 'Add the patient’s email address first' },
      ]);
      expect(none.json().detail).toMatch(/no email address/);

      await setEmail(k, p1, `ada.has@${domain}`);
      const has = await desk.req('POST', `/api/v1/patients/${p1}/portal-invitation`);
      expect(has.statusCode).toBe(409);
      expect(has.json().type).toMatch(/portal-account-exists$/);

      await setEmail(k, p2, `ben.roles@${domain}`);
      const clinician = await login(t, k.users.clinician.email);
      expect((await clinician.req('POST', `/api/v1/patients/${p2}/portal-invitation`)).statusCode).toBe(403);
      // …but a clinician sees the status on the record.
      expect((await clinician.req('GET', `/api/v1/patients/${p2}/portal-access`)).statusCode).toBe(200);
      const patient = await login(t, k.users.patient.email);
      expect((await patient.req('POST', `/api/v1/patients/${p2}/portal-invitation`)).statusCode).toBe(403);
      const admin = await login(t, k.users.admin.email);
      expect((await admin.req('POST', `/api/v1/patients/${p2}/portal-invitation`)).statusCode).toBe(201);
    });

    it('a new invitation replaces the open one; an expired link is refused', async () => {
      const k = await makeClinic(t);
      const p2 = k.patients[1];
      await setEmail(k, p2, `ben.again@${domain}`);
      const desk = await login(t, k.users.frontdesk.email);
      await desk.req('POST', `/api/v1/patients/${p2}/portal-invitation`);
      const first = await linkFromMailbox(desk, 'portal-invitation', `ben.again@${domain}`);
      t.clock.advance(60_000);
      await desk.req('POST', `/api/v1/patients/${p2}/portal-invitation`);
      const second = await linkFromMailbox(desk, 'portal-invitation', `ben.again@${domain}`);
      expect(second).not.toBe(first);
      expect((await client(t).req('POST', '/api/v1/invitations/lookup', { token: first })).statusCode).toBe(
        404,
      );
      expect((await client(t).req('POST', '/api/v1/invitations/lookup', { token: second })).statusCode).toBe(
        200,
      );

      t.clock.advance(7 * DAY + 1000);
      const late = await client(t).req('POST', '/api/v1/invitations/accept', {
        token: second,
        password: NEW_PASSWORD,
      });
      expect(late.statusCode).toBe(404);
      expect(late.json().detail).toMatch(/expired/);
      const deskLater = await login(t, k.users.frontdesk.email);
      const status = await deskLater.req('GET', `/api/v1/patients/${p2}/portal-access`);
      expect(status.json()).toMatchObject({ account: null, invitation: null });
    });

    it('another clinic cannot invite, and an invitation opens only its own clinic’s record', async () => {
      const a = await makeClinic(t);
      const b = await makeClinic(t);
      await setEmail(a, a.patients[1], `ben.a@${domain}`);
      const deskB = await login(t, b.users.frontdesk.email);
      const cross = await deskB.req('POST', `/api/v1/patients/${a.patients[1]}/portal-invitation`);
      expect(cross.statusCode).toBe(404);
      expect((await deskB.req('GET', `/api/v1/patients/${a.patients[1]}/portal-access`)).statusCode).toBe(
        404,
      );

      const deskA = await login(t, a.users.frontdesk.email);
      // A restricted record outside the desk's care team is not theirs to invite either.
      await t.database.db.update(patients).set({ restricted: true }).where(eq(patients.id, a.patients[1]));
      expect(
        (await deskA.req('POST', `/api/v1/patients/${a.patients[1]}/portal-invitation`)).statusCode,
      ).toBe(404);
      await t.database.db.update(patients).set({ restricted: false }).where(eq(patients.id, a.patients[1]));
      await deskA.req('POST', `/api/v1/patients/${a.patients[1]}/portal-invitation`);
      const token = await linkFromMailbox(deskA, 'portal-invitation', `ben.a@${domain}`);
      // Clinic B's mailbox never shows it.
      const listB = await deskB.req('GET', '/api/v1/outbox?kind=portal-invitation');
      expect(listB.json().results).toEqual([]);
      const phone = client(t);
      const ok = await phone.req('POST', '/api/v1/invitations/accept', { token, password: NEW_PASSWORD });
      expect(ok.json().user.clinicId).toBe(a.clinicId);
      expect((await phone.req('GET', `/api/v1/patients/${b.patients[1]}`)).statusCode).toBe(404);
    });

    it('a made-up token is refused, and repeated guesses are throttled', async () => {
      const phone = client(t);
      for (let i = 0; i < 30; i++) {
        const r = await phone.req('POST', '/api/v1/invitations/lookup', {
          token: `made-up-token-${i}-xxxxxxxxxxxx`,
        });
        expect(r.statusCode).toBe(404);
      }
      const r = await phone.req('POST', '/api/v1/invitations/lookup', {
        token: 'made-up-token-final-xxxxxxxxxx',
      });
      expect(r.statusCode).toBe(429);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('self sign-up', () => {
    async function signup(k: TestClinic, body: Record<string, string>, c = client(t)) {
      return c.req('POST', '/api/v1/signup', { clinicId: k.clinicId, password: NEW_PASSWORD, ...body });
    }
    async function ada(k: TestClinic) {
      return patientRow(k.patients[0]);
    }

    it('verifies the email, then links to the one exact match (case and spaces normalised) and signs in', async () => {
      const k = await makeClinic(t);
      const p2 = await patientRow(k.patients[1]);
      await setEmail(k, p2.id, `Ben.Exact@${domain}`);
      const res = await signup(k, {
        givenName: `  ${p2.givenName.toUpperCase()} `,
        familyName: `${p2.familyName.toLowerCase()}`,
        birthDate: p2.birthDate,
        email: `ben.exact@${domain.toUpperCase()}`,
      });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().detail).toMatch(/check your spam|open the link/i);
      const desk = await login(t, k.users.frontdesk.email);
      const token = await linkFromMailbox(desk, 'email-verification', `ben.exact@${domain.toUpperCase()}`);
      const phone = client(t);
      const v = await phone.req('POST', '/api/v1/signup/verify', { token });
      expect(v.statusCode, v.body).toBe(200);
      expect(v.json()).toMatchObject({ status: 'active', user: { role: 'patient', patientId: p2.id } });
      expect((await phone.req('GET', `/api/v1/patients/${p2.id}`)).statusCode).toBe(200);
      // Single use.
      expect((await client(t).req('POST', '/api/v1/signup/verify', { token })).statusCode).toBe(404);
      expect(await auditCount('signup.verify', p2.id, k.clinicId)).toBe(1);
    });

    it('creates a new record when nothing matches', async () => {
      const k = await makeClinic(t);
      await signup(k, {
        givenName: 'Nora',
        familyName: 'Quinn',
        birthDate: '1975-03-04',
        email: `nora@${domain}`,
      });
      const desk = await login(t, k.users.frontdesk.email);
      const token = await linkFromMailbox(desk, 'email-verification', `nora@${domain}`);
      const v = await client(t).req('POST', '/api/v1/signup/verify', { token });
      expect(v.json().status).toBe('active');
      const created = await patientRow(v.json().user.patientId);
      expect(created).toMatchObject({
        clinicId: k.clinicId,
        givenName: 'Nora',
        familyName: 'Quinn',
        birthDate: '1975-03-04',
        email: `nora@${domain}`,
        sex: 'unknown',
      });
      expect(k.patients).not.toContain(created.id);
    });

    it('a partial match (same name and birth date, other email) goes to staff, who link it to the record', async () => {
      const k = await makeClinic(t);
      const a = await ada(k);
      await setEmail(k, k.patients[1], `ben.partial@${domain}`);
      const b = await patientRow(k.patients[1]);
      await signup(k, {
        givenName: b.givenName,
        familyName: b.familyName,
        birthDate: b.birthDate,
        email: `ben.new@${domain}`,
      });
      const desk = await login(t, k.users.frontdesk.email);
      const token = await linkFromMailbox(desk, 'email-verification', `ben.new@${domain}`);
      const v = await client(t).req('POST', '/api/v1/signup/verify', { token });
      expect(v.statusCode).toBe(200);
      expect(v.json().status).toBe('review');
      expect(v.headers['set-cookie']).toBeUndefined();
      // Nobody can sign in yet.
      const early = await client(t).req('POST', '/api/v1/auth/login', {
        email: `ben.new@${domain}`,
        password: NEW_PASSWORD,
      });
      expect(early.statusCode).toBe(401);

      const queue = await desk.req('GET', '/api/v1/signups');
      expect(queue.statusCode).toBe(200);
      const [item] = queue.json().results;
      expect(item).toMatchObject({
        email: `ben.new@${domain}`,
        status: 'review',
        reviewReason: 'partial-match',
      });
      expect(item.candidates).toEqual([
        expect.objectContaining({ patientId: b.id, matchedOn: ['name', 'birthDate'], exact: false }),
      ]);
      expect(item.candidates.map((c: { patientId: string }) => c.patientId)).not.toContain(a.id);

      const clinician = await login(t, k.users.clinician.email);
      expect(
        (await clinician.req('POST', `/api/v1/signups/${item.id}/approve`, { patientId: b.id })).statusCode,
      ).toBe(403);
      const ok = await desk.req('POST', `/api/v1/signups/${item.id}/approve`, { patientId: b.id });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'active', outcome: 'linked', patientId: b.id });
      const twice = await desk.req('POST', `/api/v1/signups/${item.id}/approve`, { patientId: b.id });
      expect(twice.statusCode).toBe(409);
      expect((await kinds(k.clinicId, `ben.new@${domain}`)).sort()).toEqual([
        'account-notice',
        'email-verification',
      ]);
      const patient = await login(t, `ben.new@${domain}`, NEW_PASSWORD);
      expect((await patient.req('GET', '/api/v1/auth/me')).json().user.patientId).toBe(b.id);
      expect(await auditCount('signup.approve', b.id, k.clinicId)).toBe(1);
    });

    it('with "require staff approval" every sign-up waits; staff create a new record or reject', async () => {
      const k = await makeClinic(t);
      const admin = await login(t, k.users.admin.email);
      const set = await admin.req('PATCH', '/api/v1/admin/clinic', { selfSignupRequiresApproval: true });
      expect(set.json().selfSignupRequiresApproval).toBe(true);
      const p2 = await patientRow(k.patients[1]);
      await setEmail(k, p2.id, `ben.appr@${domain}`);
      await signup(k, {
        givenName: p2.givenName,
        familyName: p2.familyName,
        birthDate: p2.birthDate,
        email: `ben.appr@${domain}`,
      });
      await signup(k, {
        givenName: 'Zed',
        familyName: 'Null',
        birthDate: '2001-01-01',
        email: `zed@${domain}`,
      });
      for (const to of [`ben.appr@${domain}`, `zed@${domain}`]) {
        const token = await linkFromMailbox(admin, 'email-verification', to);
        expect((await client(t).req('POST', '/api/v1/signup/verify', { token })).json().status).toBe(
          'review',
        );
      }
      const queue = (await admin.req('GET', '/api/v1/signups')).json().results;
      const ben = queue.find((s: { email: string }) => s.email === `ben.appr@${domain}`);
      const zed = queue.find((s: { email: string }) => s.email === `zed@${domain}`);
      expect(ben).toMatchObject({ reviewReason: 'approval-required' });
      expect(ben.candidates).toEqual([expect.objectContaining({ patientId: p2.id, exact: true })]);
      expect(zed.candidates).toEqual([]);

      const created = await admin.req('POST', `/api/v1/signups/${zed.id}/approve`, { patientId: null });
      expect(created.json()).toMatchObject({ status: 'active', outcome: 'created' });
      expect((await patientRow(created.json().patientId)).givenName).toBe('Zed');

      const rejected = await admin.req('POST', `/api/v1/signups/${ben.id}/reject`);
      expect(rejected.json().status).toBe('rejected');
      const refused = await client(t).req('POST', '/api/v1/auth/login', {
        email: `ben.appr@${domain}`,
        password: NEW_PASSWORD,
      });
      expect(refused.statusCode).toBe(401);
      expect((await admin.req('GET', '/api/v1/signups')).json().results).toEqual([]);
      expect((await admin.req('GET', '/api/v1/signups?status=rejected')).json().results).toHaveLength(1);
      // Another clinic's staff cannot decide it.
      const other = await makeClinic(t);
      const otherDesk = await login(t, other.users.frontdesk.email);
      expect((await otherDesk.req('POST', `/api/v1/signups/${zed.id}/reject`)).statusCode).toBe(404);
    });

    it('never reveals an existing account: same answer, and the email tells the owner', async () => {
      const k = await makeClinic(t);
      const fresh = await signup(k, {
        givenName: 'Una',
        familyName: 'Known',
        birthDate: '1970-01-01',
        email: `una@${domain}`,
      });
      const taken = await signup(k, {
        givenName: 'Una',
        familyName: 'Known',
        birthDate: '1970-01-01',
        email: k.users.patient.email.toUpperCase(),
      });
      expect(taken.statusCode).toBe(fresh.statusCode);
      expect(taken.body).toBe(fresh.body);
      expect(await kinds(k.clinicId, k.users.patient.email)).toEqual(['account-notice']);
      expect(await kinds(k.clinicId, `una@${domain}`)).toEqual(['email-verification']);
    });

    it('throttles sign-ups per address, refuses weak passwords and unknown clinics, and expires links', async () => {
      const k = await makeClinic(t);
      const body = {
        givenName: 'Tia',
        familyName: 'Lim',
        birthDate: '1999-09-09',
        email: `tia@${domain}`,
      };
      const weak = await signup(k, { ...body, password: 'password1234' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors[0].path).toBe('password');
      const unknown = await client(t).req('POST', '/api/v1/signup', {
        ...body,
        password: NEW_PASSWORD,
        clinicId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.json().errors[0].path).toBe('clinicId');
      const badDate = await signup(k, { ...body, birthDate: '09/09/1999' });
      expect(badDate.json().errors[0].path).toBe('birthDate');
      // The refused password and the unknown clinic counted too: five attempts per address a window.
      for (let i = 0; i < 3; i++) expect((await signup(k, body, client(t))).statusCode).toBe(202);
      const limited = await signup(k, body, client(t));
      expect(limited.statusCode).toBe(429);
      // An earlier link stops working once a newer sign-up was sent, and every link expires.
      const rows = await rawRows<{ status: string }>(
        t.database.db,
        sql`select status from self_signups where email = ${`tia@${domain}`} order by created_at`,
      );
      expect(rows.map((r) => r.status)).toEqual(['superseded', 'superseded', 'unverified']);
      const desk = await login(t, k.users.frontdesk.email);
      const token = await linkFromMailbox(desk, 'email-verification', `tia@${domain}`);
      t.clock.advance(DAY + 1000);
      const late = await client(t).req('POST', '/api/v1/signup/verify', { token });
      expect(late.statusCode).toBe(404);
      expect(late.json().detail).toMatch(/expired/);
      const ended = await rawRows<{ status: string; password_hash: string | null }>(
        t.database.db,
        sql`select status, password_hash from self_signups where email = ${`tia@${domain}`} and status <> 'superseded'`,
      );
      expect(ended).toEqual([{ status: 'expired', password_hash: null }]);
    });

    it('lists the clinics to sign up with', async () => {
      const k = await makeClinic(t);
      // The list holds the first 200 clinics by name, and the test database holds every test
      // file's clinics ("Clinic <random hex>"): this one's name sorts first.
      await t.database.db
        .update(clinics)
        .set({ name: `Clinic 0000 sign-up ${k.clinicId.slice(0, 8)}` })
        .where(eq(clinics.id, k.clinicId));
      const [c] = await t.database.db.select().from(clinics).where(eq(clinics.id, k.clinicId));
      const res = await client(t).req('GET', '/api/v1/signup/clinics');
      expect(res.json().results).toContainEqual({ id: k.clinicId, name: c!.name });
    });
  });
});

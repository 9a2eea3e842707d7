import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import {
  describeEngines,
  TEST_PASSWORD,
  client,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
} from '../../testing/harness.ts';
import { users } from '../../db/schema.ts';

describeEngines('authentication on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('signs in, answers me, and signs out; the old cookie is then refused', async () => {
    const k = await makeClinic(t);
    const c = client(t);
    const res = await c.req('POST', '/api/v1/auth/login', {
      email: k.users.clinician.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: {
        id: k.users.clinician.id,
        email: k.users.clinician.email,
        name: expect.any(String),
        role: 'clinician',
        clinicId: k.clinicId,
      },
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const me = await c.req('GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.role).toBe('clinician');
    expect(me.json().session).toMatchObject({ via: 'session', idleTimeoutMinutes: 15, mfaRequired: false });
    expect(Date.parse(me.json().session.expiresAt)).toBe(t.clock.now + 12 * 3600_000);
    const cookie = c.cookie;
    expect((await c.req('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    c.cookie = cookie;
    expect((await c.req('GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('includes patientId in me for the patient role', async () => {
    const k = await makeClinic(t);
    const c = await login(t, k.users.patient.email);
    expect((await c.req('GET', '/api/v1/auth/me')).json().user.patientId).toBe(k.patients[0]);
  });

  it('answers a wrong email and a wrong password with the same 401', async () => {
    const k = await makeClinic(t);
    const a = await client(t).req('POST', '/api/v1/auth/login', {
      email: 'nobody@test.example',
      password: TEST_PASSWORD,
    });
    const b = await client(t).req('POST', '/api/v1/auth/login', {
      email: k.users.admin.email,
      password: 'wrong password here',
    });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().detail).toBe(b.json().detail);
    expect(a.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('rotates the session id on sign-in (no fixation)', async () => {
    const k = await makeClinic(t);
    const c = await login(t, k.users.frontdesk.email);
    const first = c.cookie;
    await c.req('POST', '/api/v1/auth/login', { email: k.users.frontdesk.email, password: TEST_PASSWORD });
    expect(c.cookie).not.toBe(first);
    const stale = client(t);
    stale.cookie = first;
    expect((await stale.req('GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('pauses a guessing client with Retry-After, without locking the account out; every refusal is audited', async () => {
    const k = await makeClinic(t);
    const attacker = client(t);
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) {
      codes.push(
        (
          await attacker.req('POST', '/api/v1/auth/login', {
            email: k.users.admin.email,
            password: `wrong-${i}-password`,
          })
        ).statusCode,
      );
    }
    // Five free failures, a sixth that starts a 1 s pause; paused attempts are refused unchecked.
    expect(codes).toEqual([...Array(6).fill(401), ...Array(14).fill(429)]);
    const limited = await attacker.req('POST', '/api/v1/auth/login', {
      email: k.users.admin.email,
      password: TEST_PASSWORD,
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    // The real user, from another address, still gets in.
    expect(
      (
        await client(t).req('POST', '/api/v1/auth/login', {
          email: k.users.admin.email,
          password: TEST_PASSWORD,
        })
      ).statusCode,
    ).toBe(200);
    // And the pause ends by itself.
    t.clock.advance(1000);
    expect(
      (
        await attacker.req('POST', '/api/v1/auth/login', {
          email: k.users.admin.email,
          password: TEST_PASSWORD,
        })
      ).statusCode,
    ).toBe(200);
    const rows = await t.database.db.execute(
      sql`select count(*)::int as n from audit_events where action = 'auth.login' and user_id = ${k.users.admin.id} and outcome = 'denied'`,
    );
    expect(Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(21);
  });

  it('requires X-Requested-With on cookie-authenticated state changes, not on bearer tokens', async () => {
    const k = await makeClinic(t);
    const c = await login(t, k.users.admin.email);
    const body = { givenName: 'Csrf', familyName: 'Test', birthDate: '1970-01-01', sex: 'male' };
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { cookie: c.cookie! },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().type).toMatch(/csrf$/);
    const tok = await c.req('POST', '/api/v1/auth/tokens', { name: 'integration', expiresInDays: 30 });
    expect(tok.statusCode).toBe(201);
    const bearer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { authorization: `Bearer ${tok.json().token}` },
      payload: body,
    });
    expect(bearer.statusCode).toBe(201);
    // Revoked tokens stop working.
    expect((await c.req('DELETE', `/api/v1/auth/tokens/${tok.json().id}`)).statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/patients',
      headers: { authorization: `Bearer ${tok.json().token}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('ends a staff session after 15 idle minutes; activity keeps it alive; the absolute lifetime ends it anyway', async () => {
    const k = await makeClinic(t);
    const c = await login(t, k.users.clinician.email);
    t.clock.advance(14 * 60_000);
    expect((await c.req('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(14 * 60_000);
    expect((await c.req('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await c.req('GET', '/api/v1/auth/me')).statusCode).toBe(401);

    const d = await login(t, k.users.clinician.email);
    for (let i = 0; i < 12 * 6; i++) {
      t.clock.advance(10 * 60_000);
      const s = (await d.req('GET', '/api/v1/auth/me')).statusCode;
      if (s !== 200) {
        expect(i).toBeGreaterThanOrEqual(71); // 12 h absolute lifetime
        return;
      }
    }
    expect((await d.req('GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('kills the live sessions of a user an admin disables', async () => {
    const k = await makeClinic(t);
    const victim = await login(t, k.users.frontdesk.email);
    const admin = await login(t, k.users.admin.email);
    expect(
      (await admin.req('PATCH', `/api/v1/admin/users/${k.users.frontdesk.id}`, { disabled: true }))
        .statusCode,
    ).toBe(200);
    expect((await victim.req('GET', '/api/v1/patients')).statusCode).toBe(401);
    expect(
      (
        await client(t).req('POST', '/api/v1/auth/login', {
          email: k.users.frontdesk.email,
          password: TEST_PASSWORD,
        })
      ).statusCode,
    ).toBe(401);
  });

  it('enrols TOTP, then requires the code at sign-in; a used code cannot be replayed', async () => {
    const k = await makeClinic(t);
    const c = await login(t, k.users.clinician.email);
    const setup = await c.req('POST', '/api/v1/auth/mfa/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = setup.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrSvg).toMatch(/^<svg/);
    // The secret is stored encrypted, never in the clear.
    const [row] = await t.database.db.select().from(users).where(eq(users.id, k.users.clinician.id));
    expect(row!.mfaSecretEnc).not.toContain(secret);
    const epoch = () => Math.floor(t.clock.now / 1000);
    const enable = await c.req('POST', '/api/v1/auth/mfa/enable', {
      code: await generate({ secret, epoch: epoch() }),
    });
    expect(enable.statusCode).toBe(200);

    t.clock.advance(60_000);
    const d = client(t);
    const first = await d.req('POST', '/api/v1/auth/login', {
      email: k.users.clinician.email,
      password: TEST_PASSWORD,
    });
    expect(first.json()).toMatchObject({ mfaRequired: true });
    const blocked = await d.req('GET', '/api/v1/patients');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().type).toMatch(/mfa-required$/);
    expect((await d.req('POST', '/api/v1/auth/mfa/verify', { code: '000000' })).statusCode).toBe(401);
    const code = await generate({ secret, epoch: epoch() });
    expect((await d.req('POST', '/api/v1/auth/mfa/verify', { code })).statusCode).toBe(200);
    expect((await d.req('GET', '/api/v1/patients')).statusCode).toBe(200);
    // Replaying the same code in another sign-in fails.
    const e = client(t);
    await e.req('POST', '/api/v1/auth/login', { email: k.users.clinician.email, password: TEST_PASSWORD });
    expect((await e.req('POST', '/api/v1/auth/mfa/verify', { code })).statusCode).toBe(401);
  });

  it('blocks patient data for staff without MFA when the clinic requires it', async () => {
    const k = await makeClinic(t, { mfaRequiredForStaff: true });
    const c = client(t);
    const res = await c.req('POST', '/api/v1/auth/login', {
      email: k.users.frontdesk.email,
      password: TEST_PASSWORD,
    });
    expect(res.json()).toMatchObject({ mfaSetupRequired: true });
    const blocked = await c.req('GET', '/api/v1/patients');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ mfaSetupRequired: true });
    // Patients are not forced.
    const p = await login(t, k.users.patient.email);
    expect((await p.req('GET', `/api/v1/patients/${k.patients[0]}`)).statusCode).toBe(200);
  });

  it('applies a new MFA requirement to staff sessions that are already signed in', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const admin = await login(t, k.users.admin.email);
    expect((await doc.req('GET', '/api/v1/patients')).statusCode).toBe(200);
    expect((await admin.req('PATCH', '/api/v1/admin/clinic', { mfaRequiredForStaff: true })).statusCode).toBe(
      200,
    );
    const now = await doc.req('GET', '/api/v1/patients');
    expect(now.statusCode).toBe(403);
    expect(now.json()).toMatchObject({ mfaSetupRequired: true });
    // The admin who turned it on is staff too: enrolment first.
    expect((await admin.req('GET', '/api/v1/patients')).statusCode).toBe(403);
    expect((await admin.req('POST', '/api/v1/auth/mfa/setup')).statusCode).toBe(200);
  });

  it('refuses a weak password for a new user with a message that says what to do', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    for (const password of ['short', 'password1234', 'stillpoint2026']) {
      const res = await admin.req('POST', '/api/v1/admin/users', {
        email: `n${Math.random()}@test.example`,
        name: 'New',
        role: 'frontdesk',
        password,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('password');
    }
    const ok = await admin.req('POST', '/api/v1/admin/users', {
      email: `ok${Math.random()}@test.example`,
      name: 'New',
      role: 'frontdesk',
      password: 'a long and unusual sentence',
    });
    expect(ok.statusCode).toBe(201);
    const dupe = await admin.req('POST', '/api/v1/admin/users', {
      email: k.users.admin.email.toUpperCase(),
      name: 'Dupe',
      role: 'frontdesk',
      password: 'a long and unusual sentence',
    });
    expect(dupe.statusCode).toBe(409);
  });

  it('changes a password with the current one, ending the other sessions but keeping this one', async () => {
    const k = await makeClinic(t);
    const other = await login(t, k.users.clinician.email);
    const me = await login(t, k.users.clinician.email);
    const wrong = await me.req('POST', '/api/v1/auth/password', {
      currentPassword: 'nope nope nope',
      newPassword: 'a brand new long sentence',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('currentPassword');
    const weak = await me.req('POST', '/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.json().errors[0].path).toBe('newPassword');
    const ok = await me.req('POST', '/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new long sentence',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ changed: true, otherSessionsEnded: 1 });
    expect((await me.req('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await other.req('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(
      (
        await client(t).req('POST', '/api/v1/auth/login', {
          email: k.users.clinician.email,
          password: 'a brand new long sentence',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('lets an admin set a new password for a user of their clinic only, signing that user out', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const victim = await login(t, k.users.frontdesk.email);
    const admin = await login(t, k.users.admin.email);
    const res = await admin.req('POST', `/api/v1/admin/users/${k.users.frontdesk.id}/password`, {
      password: 'reset by the administrator today',
    });
    expect(res.json()).toEqual({ reset: true, revoked: 1 });
    expect((await victim.req('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(
      (
        await admin.req('POST', `/api/v1/admin/users/${other.users.frontdesk.id}/password`, {
          password: 'reset by the administrator today',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('production transport rules', () => {
  it('refuses plain-http API calls in production instead of redirecting', async () => {
    const { buildApp } = await import('../../app.ts');
    const { loadConfig } = await import('../../platform/config.ts');
    const { openDatabase } = await import('../../db/connect.ts');
    const database = await openDatabase({ dataDir: 'memory://' });
    const config = loadConfig({
      NODE_ENV: 'production',
      STILLPOINT_SECRET_KEY: 'k'.repeat(44),
      STILLPOINT_TRUST_PROXY: 'true',
      LOG_LEVEL: 'silent',
    });
    const app = await buildApp({ config, database });
    try {
      const plain = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { 'x-forwarded-proto': 'http' },
      });
      expect(plain.statusCode).toBe(400);
      expect(plain.headers.location).toBeUndefined();
      expect(plain.json().title).toBe('HTTPS required');
      const tls = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(tls.statusCode).toBe(401);
      expect(tls.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: 'nobody@test.example', password: 'whatever it is' },
      });
      expect(login.statusCode).toBe(401);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

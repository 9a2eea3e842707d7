import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import {
  describeEngines,
  TEST_PASSWORD,
  client,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
} from '../../testing/harness.ts';

/**
 * Personal API tokens obey the rules sessions obey: MFA, password change and reset, "sign out
 * everywhere", disabling (re-enabling revives nothing); a token cannot manage credentials; a read
 * token cannot write; owners and admins see each token's scope and last use.
 */
describeEngines('personal API tokens on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const PATIENT = { givenName: 'Token', familyName: 'Writer', birthDate: '1970-01-01', sex: 'male' };

  /** A token made by the signed-in client `c`, and a client that calls with it alone. */
  async function tokenOf(c: Client, body: Record<string, unknown> = {}) {
    const res = await c.req('POST', '/api/v1/auth/tokens', { name: 'script', ...body });
    expect(res.statusCode, res.body).toBe(201);
    const bearer = client(t);
    const created = res.json<{ id: string; token: string; scopes: string[] }>();
    bearer.bearer = created.token;
    return { bearer, id: created.id, created };
  }

  const patients = (c: Client) => c.req('GET', '/api/v1/patients');

  it('refuses a token made before the clinic required MFA, as it refuses such a session', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const { bearer } = await tokenOf(doc);
    expect((await patients(bearer)).statusCode).toBe(200);
    const admin = await login(t, k.users.admin.email);
    expect((await admin.req('PATCH', '/api/v1/admin/clinic', { mfaRequiredForStaff: true })).statusCode).toBe(
      200,
    );
    const session = await patients(doc);
    const token = await patients(bearer);
    expect(session.statusCode).toBe(403);
    expect(token.statusCode).toBe(403);
    expect(token.json().type).toBe(session.json().type);
    expect(token.json().type).toMatch(/\/mfa-required$/);
    expect((await bearer.req('POST', '/api/v1/patients', PATIENT)).statusCode).toBe(403);
  });

  it('keeps a token made after a second-factor sign-in working when the clinic requires MFA', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const { secret } = (await doc.req('POST', '/api/v1/auth/mfa/setup')).json();
    const code = await generate({ secret, epoch: Math.floor(t.clock.now / 1000) });
    expect((await doc.req('POST', '/api/v1/auth/mfa/enable', { code })).statusCode).toBe(200);
    const { bearer } = await tokenOf(doc);
    const admin = await login(t, k.users.admin.email);
    await admin.req('PATCH', '/api/v1/admin/clinic', { mfaRequiredForStaff: true });
    expect((await patients(bearer)).statusCode).toBe(200);
  });

  it('ends the tokens made before the user enrolled an authenticator', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const { bearer } = await tokenOf(doc);
    const { secret } = (await doc.req('POST', '/api/v1/auth/mfa/setup')).json();
    const code = await generate({ secret, epoch: Math.floor(t.clock.now / 1000) });
    expect((await doc.req('POST', '/api/v1/auth/mfa/enable', { code })).statusCode).toBe(200);
    expect((await patients(bearer)).statusCode).toBe(401);
    expect((await patients(doc)).statusCode).toBe(200);
  });

  it('refuses a token after an admin resets its owner’s password', async () => {
    const k = await makeClinic(t);
    const { bearer } = await tokenOf(await login(t, k.users.frontdesk.email));
    expect((await patients(bearer)).statusCode).toBe(200);
    const admin = await login(t, k.users.admin.email);
    const reset = await admin.req('POST', `/api/v1/admin/users/${k.users.frontdesk.id}/password`, {
      password: 'reset by the administrator today',
    });
    expect(reset.json()).toEqual({ reset: true, revoked: 1 });
    expect((await patients(bearer)).statusCode).toBe(401);
  });

  it('refuses a token after an admin signs its owner out everywhere', async () => {
    const k = await makeClinic(t);
    const { bearer } = await tokenOf(await login(t, k.users.clinician.email));
    expect((await patients(bearer)).statusCode).toBe(200);
    const admin = await login(t, k.users.admin.email);
    const res = await admin.req('POST', `/api/v1/admin/users/${k.users.clinician.id}/revoke-sessions`);
    expect(res.json()).toEqual({ revoked: 1 });
    expect((await patients(bearer)).statusCode).toBe(401);
    // …and it no longer shows up among the owner's tokens.
    const again = await login(t, k.users.clinician.email);
    expect((await again.req('GET', '/api/v1/auth/tokens')).json().results).toEqual([]);
  });

  it('refuses a token after its owner changes their password; the session that changed it goes on', async () => {
    const k = await makeClinic(t);
    const me = await login(t, k.users.clinician.email);
    const { bearer } = await tokenOf(me);
    const res = await me.req('POST', '/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new long sentence',
    });
    expect(res.json()).toEqual({ changed: true, otherSessionsEnded: 0 });
    expect((await patients(bearer)).statusCode).toBe(401);
    expect((await patients(me)).statusCode).toBe(200);
    // A token made in the new generation works.
    const fresh = await tokenOf(me);
    expect((await patients(fresh.bearer)).statusCode).toBe(200);
  });

  it('does not revive old tokens when a disabled user is enabled again; a role change ends them too', async () => {
    const k = await makeClinic(t);
    const { bearer } = await tokenOf(await login(t, k.users.frontdesk.email));
    const admin = await login(t, k.users.admin.email);
    const user = `/api/v1/admin/users/${k.users.frontdesk.id}`;
    expect((await admin.req('PATCH', user, { disabled: true })).statusCode).toBe(200);
    expect((await patients(bearer)).statusCode).toBe(401);
    expect((await admin.req('PATCH', user, { disabled: false })).statusCode).toBe(200);
    expect((await patients(bearer)).statusCode).toBe(401);

    const next = await tokenOf(await login(t, k.users.frontdesk.email));
    expect((await patients(next.bearer)).statusCode).toBe(200);
    expect((await admin.req('PATCH', user, { role: 'clinician' })).statusCode).toBe(200);
    expect((await patients(next.bearer)).statusCode).toBe(401);
  });

  it('refuses credential management with a token: no tokens, passwords, MFA or user changes', async () => {
    const k = await makeClinic(t);
    const { bearer } = await tokenOf(await login(t, k.users.admin.email));
    const refused = [
      await bearer.req('POST', '/api/v1/auth/tokens', { name: 'minted by a token' }),
      await bearer.req('POST', '/api/v1/auth/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'a brand new long sentence',
      }),
      await bearer.req('POST', '/api/v1/auth/mfa/setup'),
      await bearer.req('POST', '/api/v1/admin/users', {
        email: 'minted@test.example',
        name: 'Minted',
        role: 'admin',
        password: 'a long and unusual sentence',
      }),
      await bearer.req('PATCH', `/api/v1/admin/users/${k.users.clinician.id}`, { role: 'admin' }),
      await bearer.req('POST', `/api/v1/admin/users/${k.users.clinician.id}/password`, {
        password: 'reset by a stolen token today',
      }),
      await bearer.req('PATCH', '/api/v1/admin/clinic', { mfaRequiredForStaff: false }),
    ];
    for (const res of refused) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().type).toMatch(/\/session-required$/);
    }
    // Nothing happened: one token, the old password, the clinician still a clinician.
    const admin = await login(t, k.users.admin.email);
    expect((await admin.req('GET', '/api/v1/auth/tokens')).json().results).toHaveLength(1);
    const users = (await admin.req('GET', '/api/v1/admin/users')).json().results as {
      id: string;
      role: string;
    }[];
    expect(users.find((u) => u.id === k.users.clinician.id)!.role).toBe('clinician');
    expect(
      users.some((u) => u.id !== k.users.clinician.id && u.role === 'admin' && u.id !== k.users.admin.id),
    ).toBe(false);
    // The refusals are audited.
    const rows = await t.database.db.execute(
      sql`select count(*)::int as n from audit_events where user_id = ${k.users.admin.id}
          and outcome = 'denied' and details->>'reason' = 'session-required'`,
    );
    expect(Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(refused.length);
  });

  it('lets a read token read and refuses its writes; tokens are read-write by default', async () => {
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const read = await tokenOf(doc, { scope: 'read' });
    expect(read.created.scopes).toEqual(['read']);
    expect((await patients(read.bearer)).statusCode).toBe(200);
    const write = await read.bearer.req('POST', '/api/v1/patients', PATIENT);
    expect(write.statusCode).toBe(403);
    expect(write.json().type).toMatch(/\/insufficient-scope$/);
    expect((await read.bearer.req('DELETE', `/api/v1/auth/tokens/${read.id}`)).statusCode).toBe(403);

    const rw = await tokenOf(doc);
    expect(rw.created.scopes).toEqual(['read-write']);
    expect((await rw.bearer.req('POST', '/api/v1/patients', PATIENT)).statusCode).toBe(201);
    const bad = await doc.req('POST', '/api/v1/auth/tokens', { name: 'x', scope: 'admin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('scope');
  });

  it('shows each token’s scope and last use to its owner and to the clinic’s admins only', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const { bearer, id } = await tokenOf(doc, { scope: 'read' });
    const used = new Date(t.clock.now).toISOString();
    await patients(bearer);
    t.clock.advance(30_000);
    await patients(bearer); // within the minute: not written again
    const mine = (await doc.req('GET', '/api/v1/auth/tokens')).json().results;
    expect(mine).toEqual([
      expect.objectContaining({ id, name: 'script', scopes: ['read'], lastUsedAt: used }),
    ]);
    t.clock.advance(31_000);
    await patients(bearer);
    const later = new Date(t.clock.now).toISOString();

    const admin = await login(t, k.users.admin.email);
    const theirs = await admin.req('GET', `/api/v1/admin/users/${k.users.clinician.id}/tokens`);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().results).toEqual([
      {
        id,
        name: 'script',
        scopes: ['read'],
        createdAt: used,
        expiresAt: expect.any(String),
        lastUsedAt: later,
      },
    ]);
    expect(JSON.stringify(theirs.json())).not.toContain(bearer.bearer!);

    const foreign = await login(t, other.users.admin.email);
    expect((await foreign.req('GET', `/api/v1/admin/users/${k.users.clinician.id}/tokens`)).statusCode).toBe(
      404,
    );
    const desk = await login(t, k.users.frontdesk.email);
    expect((await desk.req('GET', `/api/v1/admin/users/${k.users.clinician.id}/tokens`)).statusCode).toBe(
      403,
    );
  });

  it('lets an admin revoke a user’s token, which then stops working; audited', async () => {
    const k = await makeClinic(t);
    const other = await makeClinic(t);
    const { bearer, id } = await tokenOf(await login(t, k.users.clinician.email));
    const url = `/api/v1/admin/users/${k.users.clinician.id}/tokens/${id}`;
    const foreign = await login(t, other.users.admin.email);
    expect((await foreign.req('DELETE', url)).statusCode).toBe(404);
    // A token of someone else, named under this user: no such token.
    const admin = await login(t, k.users.admin.email);
    expect(
      (await admin.req('DELETE', `/api/v1/admin/users/${k.users.frontdesk.id}/tokens/${id}`)).statusCode,
    ).toBe(404);
    expect((await patients(bearer)).statusCode).toBe(200);

    expect((await admin.req('DELETE', url)).statusCode).toBe(204);
    expect((await patients(bearer)).statusCode).toBe(401);
    expect(
      (await admin.req('GET', `/api/v1/admin/users/${k.users.clinician.id}/tokens`)).json().results,
    ).toEqual([]);
    const rows = await t.database.db.execute(
      sql`select user_id, details from audit_events where action = 'token.revoke' and resource_id = ${id}
          and outcome = 'success'`,
    );
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([
      { user_id: k.users.admin.id, details: { ownerId: k.users.clinician.id, by: 'admin' } },
    ]);
  });
});

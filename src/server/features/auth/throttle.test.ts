import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import {
  describeEngines,
  TEST_PASSWORD,
  client,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
} from '../../testing/harness.ts';
import { LOGIN_THROTTLE, pairDelaySeconds } from './throttle.ts';

/** Sign-in throttling cannot be used to lock a user out (checklist C3); clients are 127.0.0.x. */
describeEngines('sign-in throttling on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());
  // Counters of earlier tests (same addresses, same database) are forgotten after a day; the
  // clock then sits 7 minutes into a 15-minute window, so a test's failures share one window.
  // The addresses (127.0.x.y; other test files sign in from 10.x addresses) and the unknown emails
  // are the same on every run: on a database kept between runs, the last run's counters of this
  // test's windows would still be counting, so each test starts without them.
  beforeEach(async () => {
    await t.database.db.execute(
      sql`delete from rate_limits where key like 'login:ip:127.%' or key like 'login:acct:nobody-%'
        or key like 'login:pair:nobody-%'`,
    );
    t.clock.advance(25 * 3600_000);
    const into = t.clock.now % LOGIN_THROTTLE.windowMs;
    t.clock.advance(LOGIN_THROTTLE.windowMs - into + 7 * 60_000);
  });

  const at = (ip: string) => client(t, ip);
  const signIn = (c: Client, email: string, password = TEST_PASSWORD, code?: string) =>
    c.req('POST', '/api/v1/auth/login', { email, password, ...(code ? { code } : {}) });
  /** `n` wrong passwords for `email`, from 127.0.<net>.(first…), `perAddress` from each address. */
  async function spray(email: (i: number) => string, n: number, net: number, first: number, perAddress = 1) {
    const codes: number[] = [];
    for (let i = 0; i < n; i += 10) {
      const batch = Array.from({ length: Math.min(10, n - i) }, (_, j) => i + j);
      const res = await Promise.all(
        batch.map((k) =>
          signIn(at(`127.0.${net}.${first + Math.floor(k / perAddress)}`), email(k), `wrong-${k}-password`),
        ),
      );
      codes.push(...res.map((r) => r.statusCode));
    }
    return codes;
  }
  const secondsToWindowEnd = () => (LOGIN_THROTTLE.windowMs - (t.clock.now % LOGIN_THROTTLE.windowMs)) / 1000;

  it('pair delays: 5 free failures, then 1, 2, 4 … 512 s, then 15 minutes; success and a quiet day reset them', async () => {
    const k = await makeClinic(t);
    const email = k.users.frontdesk.email;
    const pair = at('127.0.0.21');
    const wrong = async () => (await signIn(pair, email, 'not the password')).statusCode;
    /** Failures in a row answered 401 (never paused), then the pause the right password meets. */
    async function failuresThenPause(n: number) {
      const codes: number[] = [];
      for (let i = 0; i < n; i++) codes.push(await wrong());
      const paused = await signIn(pair, email, TEST_PASSWORD);
      return { codes, paused };
    }
    const first = await failuresThenPause(6);
    expect(first.codes).toEqual([401, 401, 401, 401, 401, 401]);
    expect(first.paused.statusCode).toBe(429);
    const waits = [Number(first.paused.headers['retry-after'])];
    const body = first.paused.json();
    expect(body).toMatchObject({ type: expect.stringMatching(/rate-limited$/), codeAccepted: true });
    expect(body.retryAt).toBe(new Date(t.clock.now + 1000).toISOString());
    expect(body.detail).toContain(`at ${body.retryAt.slice(11, 16)} UTC`);
    expect(body.detail).toMatch(/authenticator app, enter its code/);
    // The pair's pause is the pair's: the same account from another address signs in meanwhile.
    expect((await signIn(at('127.0.0.22'), email)).statusCode).toBe(200);
    for (let failures = 7; failures <= 17; failures++) {
      t.clock.advance(waits.at(-1)! * 1000);
      const next = await failuresThenPause(1);
      expect(next.codes).toEqual([401]);
      expect(next.paused.statusCode).toBe(429);
      waits.push(Number(next.paused.headers['retry-after']));
    }
    // Refused attempts (the right password among them) were not counted: the waits only double.
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    expect(waits).toEqual(Array.from({ length: 12 }, (_, i) => pairDelaySeconds(i + 6)));
    t.clock.advance(899_000);
    expect((await signIn(pair, email)).statusCode).toBe(429);
    t.clock.advance(1000);
    expect((await signIn(pair, email)).statusCode).toBe(200);
    // The success reset the pair: five free failures again, then a 1 s pause.
    const afterSuccess = await failuresThenPause(6);
    expect(afterSuccess.codes).toEqual([401, 401, 401, 401, 401, 401]);
    expect(afterSuccess.paused.headers['retry-after']).toBe('1');
    // A day without failures forgets them too (else the 7th failure would pause the next try).
    t.clock.advance(LOGIN_THROTTLE.pairMemoryMs + 1000);
    const nextDay = await failuresThenPause(6);
    expect(nextDay.codes).toEqual([401, 401, 401, 401, 401, 401]);
    expect(nextDay.paused.headers['retry-after']).toBe('1');
  });

  it('failures spread over many addresses do not stop the right password from the user’s device or address', async () => {
    const k = await makeClinic(t);
    const email = k.users.clinician.email;
    // The user signed in before: from 127.0.0.2, with this browser.
    const own = at('127.0.0.2');
    expect((await signIn(own, email)).statusCode).toBe(200);
    expect(own.device).toMatch(/^sp_device=/);
    own.cookie = null; // signed out: only the device cookie is left
    // 60 guesses, one from each of 60 addresses: past the account's soft limit, no pair pauses.
    const codes = await spray(() => email, 60, 1, 10);
    expect(codes.filter((c) => c === 401)).toHaveLength(LOGIN_THROTTLE.account);
    expect(codes.filter((c) => c === 429)).toHaveLength(10);
    // A stranger's new client, even with the right password, is paused …
    const stranger = await signIn(at('127.0.0.200'), email);
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().codeAccepted).toBe(true);
    expect(Number(stranger.headers['retry-after'])).toBe(secondsToWindowEnd());
    // … the user's own browser is not, wherever it is now …
    own.ip = '127.0.0.3';
    expect((await signIn(own, email)).statusCode).toBe(200);
    // … nor is another browser on the address the user signed in from.
    expect((await signIn(at('127.0.0.2'), email)).statusCode).toBe(200);
    // An address stays known for 30 days after the user signed in from it; the device longer.
    t.clock.advance(LOGIN_THROTTLE.knownAddressMs + 60_000);
    expect(await spray(() => email, 50, 5, 10)).toEqual(Array(50).fill(401));
    expect((await signIn(at('127.0.0.2'), email)).statusCode).toBe(429);
    expect((await signIn(own, email)).statusCode).toBe(200);
  });

  it('a burst of unknown emails from the clinic’s address does not block its known accounts', async () => {
    const k = await makeClinic(t);
    const email = k.users.admin.email;
    const own = at('127.0.0.4');
    expect((await signIn(own, email)).statusCode).toBe(200);
    own.cookie = null;
    // 110 unknown emails from 127.0.0.9: past the address's soft limit.
    const codes = await spray((i) => `nobody-${i}@test.example`, 110, 0, 9, 110);
    expect(codes.filter((c) => c === 401)).toHaveLength(LOGIN_THROTTLE.address);
    expect(codes.slice(LOGIN_THROTTLE.address)).toEqual(Array(110 - LOGIN_THROTTLE.address).fill(429));
    // A new client on that address is paused, for any account …
    const colleague = await signIn(at('127.0.0.9'), k.users.frontdesk.email);
    expect(colleague.statusCode).toBe(429);
    expect(colleague.json().codeAccepted).toBe(true);
    // … the admin's own browser, now at the office, is not …
    own.ip = '127.0.0.9';
    expect((await signIn(own, email)).statusCode).toBe(200);
    // … and the unknown emails did not count against any account: elsewhere all sign in.
    expect((await signIn(at('127.0.0.5'), k.users.frontdesk.email)).statusCode).toBe(200);
    expect((await signIn(at('127.0.0.6'), email)).statusCode).toBe(200);
  });

  it('soft limits stop a stranger’s new client, not the user’s session; a forged device cookie is a stranger', async () => {
    const k = await makeClinic(t);
    const email = k.users.patient.email;
    // A browser signed in before the attack (its session is live); its address is then forgotten.
    const session = at('127.0.0.41');
    expect((await signIn(session, email)).statusCode).toBe(200);
    session.device = null;
    session.ip = '127.0.0.42';
    const otherUser = at('127.0.0.43');
    expect((await signIn(otherUser, k.users.clinician.email)).statusCode).toBe(200);
    otherUser.ip = '127.0.0.44';
    // 50 guesses: 5 from each of 10 addresses, the free failures of each pair.
    const codes = await spray(() => email, 50, 2, 10, 5);
    expect(codes).toEqual(Array(50).fill(401));
    const strangerOf = (ip: string) => signIn(at(ip), email);
    const paused = await strangerOf('127.0.0.45');
    expect(paused.statusCode).toBe(429);
    expect(Number(paused.headers['retry-after'])).toBe(secondsToWindowEnd());
    expect(paused.json().detail).toMatch(/device you have used before/);
    // The user's own live session vouches for its browser; another user's session does not.
    expect((await signIn(session, email)).statusCode).toBe(200);
    expect((await signIn(otherUser, email)).statusCode).toBe(429);
    // Another account's device cookie, or a forged one, vouches for nothing.
    const forged = at('127.0.0.46');
    forged.device = otherUser.device!.replace(/\.[^.]+$/, '.AAAA');
    expect((await signIn(forged, email)).statusCode).toBe(429);
    const elsewhere = at('127.0.0.47');
    elsewhere.device = otherUser.device;
    expect((await signIn(elsewhere, email)).statusCode).toBe(429);
    const tampered = at('127.0.0.48');
    tampered.device = otherUser.device!.replace(k.users.clinician.id, k.users.patient.id);
    expect(tampered.device).toContain(k.users.patient.id);
    expect((await signIn(tampered, email)).statusCode).toBe(429);
    // The window ends by itself.
    t.clock.advance(secondsToWindowEnd() * 1000);
    expect((await strangerOf('127.0.0.45')).statusCode).toBe(200);
  });

  it('the right password with the authenticator’s code passes the soft limit; a wrong code is a failure', async () => {
    const k = await makeClinic(t);
    const email = k.users.clinician.email;
    const enrol = at('127.0.0.60');
    expect((await signIn(enrol, email)).statusCode).toBe(200);
    const { secret } = (await enrol.req('POST', '/api/v1/auth/mfa/setup')).json();
    const code = () => generate({ secret, epoch: Math.floor(t.clock.now / 1000) });
    expect((await enrol.req('POST', '/api/v1/auth/mfa/enable', { code: await code() })).statusCode).toBe(200);
    t.clock.advance(60_000);
    // Both factors at once, with no pause: a full session straight away.
    const both = at('127.0.0.61');
    const direct = await signIn(both, email, TEST_PASSWORD, await code());
    expect(direct.statusCode).toBe(200);
    expect(direct.json().mfaRequired).toBeUndefined();
    expect((await both.req('GET', '/api/v1/auth/me')).json().session.mfaRequired).toBe(false);
    t.clock.advance(60_000);

    expect(await spray(() => email, 50, 3, 10, 5)).toEqual(Array(50).fill(401));
    const accountFailures = async () => {
      const res = (await t.database.db.execute(
        sql`select count from rate_limits where key = ${`login:acct:${email}`} and expires_at > ${new Date(t.clock.now).toISOString()}::timestamptz`,
      )) as unknown as { rows: { count: number | string }[] };
      return Number(res.rows[0]?.count ?? 0);
    };
    expect(await accountFailures()).toBe(50);
    const phone = at('127.0.0.62');
    expect((await signIn(phone, email)).statusCode).toBe(429);
    expect(await accountFailures()).toBe(50); // a paused attempt is refused unchecked, not counted
    // A wrong code with the right password: still paused, and counted as a failure.
    const wrongCode = (await code()) === '123456' ? '654321' : '123456';
    const refused = await signIn(phone, email, TEST_PASSWORD, wrongCode);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().codeAccepted).toBe(true);
    expect(await accountFailures()).toBe(51);
    // The right code with a wrong password is no way in either.
    expect((await signIn(phone, email, 'not the password', await code())).statusCode).toBe(429);
    expect(await accountFailures()).toBe(52);
    // The right password with the right code: in, with both factors given.
    const ok = await signIn(phone, email, TEST_PASSWORD, await code());
    expect(ok.statusCode).toBe(200);
    expect((await phone.req('GET', '/api/v1/auth/me')).json().session.mfaRequired).toBe(false);
    const audit = (await t.database.db.execute(
      sql`select details->>'reason' as reason from audit_events where action = 'auth.login' and user_id = ${k.users.clinician.id} and outcome = 'denied' and ip = '127.0.0.62'`,
    )) as unknown as { rows: { reason: string }[] };
    expect(audit.rows.map((r) => r.reason).sort()).toEqual([
      'rate-limited',
      'rate-limited:bad-code',
      'rate-limited:bad-password',
    ]);
  });

  it('a code is tried at most 10 times per window, and a used code is not accepted again', async () => {
    const k = await makeClinic(t);
    const email = k.users.clinician.email;
    const enrol = at('127.0.0.70');
    expect((await signIn(enrol, email)).statusCode).toBe(200);
    const { secret } = (await enrol.req('POST', '/api/v1/auth/mfa/setup')).json();
    const code = () => generate({ secret, epoch: Math.floor(t.clock.now / 1000) });
    expect((await enrol.req('POST', '/api/v1/auth/mfa/enable', { code: await code() })).statusCode).toBe(200);
    t.clock.advance(60_000);
    const used = await code();
    expect((await signIn(at('127.0.0.71'), email, TEST_PASSWORD, used)).statusCode).toBe(200);
    const replay = await signIn(at('127.0.0.72'), email, TEST_PASSWORD, used);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toBe('The email, password or code is incorrect.');
    t.clock.advance(60_000);
    const guesser = at('127.0.0.73');
    for (let i = 0; i < LOGIN_THROTTLE.codes - 1; i++) {
      // Free failures of a new pair each time, so only the code budget is at stake.
      guesser.ip = `127.0.4.${i + 1}`;
      expect((await signIn(guesser, email, TEST_PASSWORD, String(100000 + i))).statusCode).toBe(401);
    }
    // Ten codes tried (the replay was one): even the right one is refused until the window ends.
    expect((await signIn(at('127.0.0.74'), email, TEST_PASSWORD, await code())).statusCode).toBe(401);
    t.clock.advance(secondsToWindowEnd() * 1000);
    expect((await signIn(at('127.0.0.75'), email, TEST_PASSWORD, await code())).statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import {
  ENGINES,
  TEST_PASSWORD,
  client,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
} from '../../testing/harness.ts';
import { LOGIN_THROTTLE, pairDelaySeconds } from './throttle.ts';

/** Sign-in throttling cannot be used to lock a user out (checklist C3); clients are 127.0.0.x. */
describe.each(ENGINES)('sign-in throttling on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());
  // Counters of earlier tests (same addresses, same database) are forgotten after a day; the
  // clock then sits 7 minutes into a 15-minute window, so a test's failures share one window.
  beforeEach(() => {
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
  const secondsToWindowEnd = () =>
    (LOGIN_THROTTLE.windowMs - (t.clock.now % LOGIN_THROTTLE.windowMs)) / 1000;

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
});

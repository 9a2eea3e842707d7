import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  launch,
  newPage,
  patientIdByName,
  signIn,
  signInAndWait,
  startServer,
  type Server,
} from './support';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const STEP_SECONDS = 30;
const stepNow = () => Math.floor(Date.now() / 1000 / STEP_SECONDS);
const codeAt = (secret: string, step: number) => generate({ secret, epoch: step * STEP_SECONDS });

/**
 * A code the server accepts now and has not seen yet. It accepts one step either side of its clock
 * and never a step at or before the last one used, so right after enrolment (same 30-second window)
 * this is the next window's code, as an authenticator would show a few seconds later.
 */
async function freshCode(secret: string, lastUsedStep: number): Promise<{ code: string; step: number }> {
  const step = Math.max(stepNow(), lastUsedStep + 1);
  return { code: await codeAt(secret, step), step };
}

/** A six-digit code that is wrong for every step the server could accept around now. */
async function wrongCode(secret: string): Promise<string> {
  const now = stepNow();
  const valid = new Set(await Promise.all([-2, -1, 0, 1, 2].map((d) => codeAt(secret, now + d))));
  let n = Number(await codeAt(secret, now));
  let code: string;
  do {
    n = (n + 500_001) % 1_000_000;
    code = String(n).padStart(6, '0');
  } while (valid.has(code));
  return code;
}

/**
 * Enrols an authenticator on the page in front of us: starts the setup, reads the setup key shown,
 * checks it against the server's answer, and turns MFA on with a code. Returns the secret and the
 * time step of the code used.
 */
async function enrol(page: Page): Promise<{ secret: string; step: number }> {
  const setupResponse = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/auth/mfa/setup'),
  );
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const setup = await (await setupResponse).json();
  await page.getByRole('heading', { name: 'Scan the code with your authenticator app' }).waitFor();
  expect(await page.getByRole('img', { name: /QR code for your authenticator app/ }).isVisible()).toBe(true);

  // The key as a person would type it into an app: grouped in fours, spaces ignored.
  const shown = (await page.locator('[aria-labelledby="mfa-secret-label"]').innerText()).trim();
  expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  const secret = shown.replace(/\s+/g, '');
  expect(secret).toBe(setup.secret);

  const codeBox = page.getByRole('textbox', { name: /^code from the app/i });
  // Focus moves to the code field once the setup is drawn.
  await expect
    .poll(() => codeBox.evaluate((el) => el === document.activeElement), { timeout: 5000 })
    .toBe(true);
  const { code, step } = await freshCode(secret, -1);
  await codeBox.fill(code);
  const enabled = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/mfa/enable'));
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  expect((await enabled).status()).toBe(200);
  return { secret, step };
}

describe('two-step sign-in (MFA)', () => {
  it('a staff member enrols on My account, then every sign-in asks for a code', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'frontdesk@example.com');
      await page.getByRole('link', { name: 'My account' }).click();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      const mfaSection = page.getByRole('region', { name: /two-step sign-in/i });
      expect(await mfaSection.getByText('Off', { exact: true }).isVisible()).toBe(true);

      const { secret, step } = await enrol(page);
      await mfaSection
        .getByRole('status')
        .filter({ hasText: 'Two-step sign-in is on. You will be asked for a code at your next sign-in.' })
        .waitFor();
      expect(await mfaSection.getByText('On', { exact: true }).isVisible()).toBe(true);
      const me = await (await page.request.get(`${server.base}/api/v1/auth/me`)).json();
      expect(me.user.mfaEnabled).toBe(true);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/login\?signedout=1$/);
      await page.getByText('You have signed out.').waitFor();

      // Password first: the code step appears, and nothing of the clinic opens yet.
      await signIn(page, server.base, 'frontdesk@example.com');
      await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor();
      const codeBox = page.getByRole('textbox', { name: /^authentication code/i });
      await expect
        .poll(() => codeBox.evaluate((el) => el === document.activeElement), { timeout: 5000 })
        .toBe(true);
      expect(page.url()).toMatch(/\/login$/);
      const pending = await page.request.get(`${server.base}/api/v1/patients`);
      expect(pending.status()).toBe(403);
      expect((await pending.json()).type).toMatch(/mfa-required$/);

      // A wrong code is refused with a message, and the form stays.
      await codeBox.fill(await wrongCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Code not accepted' });
      await alert.waitFor();
      expect(await alert.innerText()).toContain('That code is wrong, expired or already used');
      expect(await codeBox.inputValue()).toBe('');
      expect((await page.request.get(`${server.base}/api/v1/patients`)).status()).toBe(403);

      // The right code gets in.
      await codeBox.fill((await freshCode(secret, step)).code);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/\/app\/patients$/);
      await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
      await page.getByRole('link', { name: 'Dorothy Whitfield' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('when the clinic requires MFA, staff without it must enrol before they see any patient data', async () => {
    const admin = await newPage(browser);
    const staff = await newPage(browser);
    try {
      const dorothy = await patientIdByName(
        await apiAs(server.base, 'admin@example.com'),
        'Dorothy Whitfield',
      );

      // The administrator turns the requirement on in Clinic settings.
      await signInAndWait(admin.page, server.base, 'admin@example.com');
      await admin.page.getByRole('link', { name: 'Clinic settings' }).click();
      await admin.page.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
      const requireMfa = admin.page.getByRole('switch', { name: /require mfa for staff/i });
      await requireMfa.waitFor({ state: 'attached' });
      expect(await requireMfa.isChecked()).toBe(false);
      await requireMfa.click();
      expect(await requireMfa.isChecked()).toBe(true);
      await admin.page.getByRole('button', { name: 'Save settings' }).click();
      await admin.page.getByRole('status').filter({ hasText: 'Clinic settings saved.' }).waitFor();
      // The requirement applies at once, to the administrator's own session too: enrol first.
      const after = await admin.page.request.get(`${server.base}/api/v1/admin/clinic`);
      expect(after.status()).toBe(403);
      expect((await after.json()).mfaSetupRequired).toBe(true);

      // A clinician without an authenticator signs in: enrolment first, no patient data.
      const { page } = staff;
      await signIn(page, server.base, 'clinician@example.com');
      await page.waitForURL(/\/app\/setup-mfa$/);
      await page.getByRole('heading', { level: 1, name: 'Set up two-step sign-in' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);

      for (const path of ['/app/patients', `/app/patients/${dorothy}`, '/app/admin/audit']) {
        await page.goto(`${server.base}${path}`);
        await page.waitForURL(/\/app\/setup-mfa$/);
        await page.getByRole('heading', { level: 1, name: 'Set up two-step sign-in' }).waitFor();
        expect(await page.locator('body').innerText()).not.toMatch(/Whitfield|Kowalski|Alvarez/);
      }
      for (const path of ['/api/v1/patients', `/api/v1/patients/${dorothy}`]) {
        const res = await page.request.get(`${server.base}${path}`);
        expect(res.status(), path).toBe(403);
        const problem = await res.json();
        expect(problem.type).toMatch(/mfa-required$/);
        expect(problem.mfaSetupRequired).toBe(true);
        expect(JSON.stringify(problem)).not.toContain('Whitfield');
      }

      // Once enrolled, the clinician reaches the patients.
      await enrol(page);
      await page.waitForURL(/\/app\/patients$/);
      await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
      await page.getByRole('link', { name: 'Dorothy Whitfield' }).waitFor();
      expect((await page.request.get(`${server.base}/api/v1/patients/${dorothy}`)).status()).toBe(200);
      expect(admin.errors).toEqual([]);
      expect(staff.errors).toEqual([]);
    } finally {
      await admin.context.close();
      await staff.context.close();
    }
  });
});

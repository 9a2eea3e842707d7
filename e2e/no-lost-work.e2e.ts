import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  apiAs,
  axeSerious,
  DEMO_PASSWORD,
  launch,
  newPage,
  patientIdByName,
  shoot,
  signInAndWait,
  startServer,
  type Server,
} from './support.ts';

/** Polls wait on the server (saves, page loads, the job runner): longer than expect.poll's 1 s default. */
const POLL_MS = 10_000;

/**
 * Issue 8, "no lost work": a clinician signed out for idleness in the middle of typing a chart, or
 * whose session ends on the server while typing, finds every character after signing in again.
 */
describe('no lost chart work', () => {
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

  async function newVisit(page: Page, patientId: string): Promise<string> {
    await page.goto(`${server.base}/app/patients/${patientId}/visits`);
    await page.getByRole('button', { name: 'New visit' }).click();
    await page.waitForURL(/\/app\/visits\/[0-9a-f-]{36}(\?.*)?$/);
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  /** The sign-in form the app left for, filled in: it returns to `next`. */
  async function signInAgain(page: Page, email: string) {
    await page.getByRole('heading', { level: 1, name: 'Sign in to Stillpoint' }).waitFor();
    await page.getByRole('textbox', { name: /^email/i }).fill(email);
    await page.getByLabel(/^password/i).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /^sign in$/i }).click();
  }

  it('an idle sign-out in the middle of typing keeps every character; typing itself is activity', async () => {
    const api = await apiAs(server.base, 'clinician@example.com');
    const maria = await patientIdByName(api, 'Maria Alvarez');
    const { context, page, errors } = await newPage(browser);
    try {
      await page.clock.install();
      await signInAndWait(page, server.base, 'clinician@example.com');
      const visitId = await newVisit(page, maria);
      const complaint = page.getByRole('textbox', { name: /chief complaint/i });

      // Typing is activity: a keystroke every 10 minutes for 30 minutes (the clinic signs staff out
      // after 15 idle minutes) keeps the clinician signed in.
      await complaint.click();
      for (const word of ['Low ', 'back ', 'pain ']) {
        await page.clock.fastForward('10:00');
        await complaint.pressSequentially(word);
      }
      expect(new URL(page.url()).pathname).toBe(`/app/visits/${visitId}`);

      // Mid-sentence, the clinician walks away: no pause long enough for the autosave yet.
      const typed = 'Low back pain since Tuesday, worse bending forward; no leg symptoms. Ibupro';
      await complaint.fill(typed);
      await page.getByRole('textbox', { name: 'Add to Plan' }).fill('Home walking 20 min daily; rev');
      await page.clock.fastForward('16:00');
      await page.waitForURL(/\/login\?expired=1/, { timeout: 20_000 });
      const url = new URL(page.url());
      expect(url.searchParams.get('next')).toBe(`/app/visits/${visitId}`);
      // Nothing of the chart stays on the sign-in screen.
      expect(await page.content()).not.toContain('worse bending forward');

      await signInAgain(page, 'clinician@example.com');
      await page.waitForURL(new RegExp(`/app/visits/${visitId}$`));
      const back = page.getByRole('textbox', { name: /chief complaint/i });
      await expect.poll(async () => back.inputValue(), { timeout: POLL_MS }).toBe(typed);
      await expect
        .poll(async () => page.getByRole('textbox', { name: 'Add to Plan' }).inputValue(), {
          timeout: POLL_MS,
        })
        .toBe('Home walking 20 min daily; rev');
      // It was saved on the server before the sign-out, not only kept in the tab.
      const stored = await api.get(`/api/v1/encounters/${visitId}`);
      expect(stored.body.chiefComplaint).toBe(typed);
      expect(stored.body.notes.plan).toBe('Home walking 20 min daily; rev');
      await page.getByText(/all changes saved/i).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an autosave in the middle of typing keeps the space just typed at the end of a field', async () => {
    const api = await apiAs(server.base, 'clinician@example.com');
    const daniel = await patientIdByName(api, 'Daniel Nguyen');
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'clinician@example.com');
      const visitId = await newVisit(page, daniel);
      const complaint = page.getByRole('textbox', { name: /chief complaint/i });
      await complaint.click();
      // A pause after a word: the autosave sends "Low " and the server stores "Low".
      await complaint.pressSequentially('Low ');
      await page.getByText(/saved automatically/i).waitFor({ timeout: 15_000 });
      await expect
        .poll(async () => (await api.get(`/api/v1/encounters/${visitId}`)).body.chiefComplaint, {
          timeout: POLL_MS,
        })
        .toBe('Low');
      // Typing on: the space before the next word is still there.
      await complaint.pressSequentially('back pain');
      expect(await complaint.inputValue()).toBe('Low back pain');
      await expect
        .poll(async () => (await api.get(`/api/v1/encounters/${visitId}`)).body.chiefComplaint, {
          timeout: POLL_MS,
        })
        .toBe('Low back pain');
      expect(await complaint.inputValue()).toBe('Low back pain');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a session ended on the server while typing: the tab keeps the work and saves it after signing in', async () => {
    const api = await apiAs(server.base, 'clinician@example.com');
    const james = await patientIdByName(api, 'James Okafor');
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'clinician@example.com');
      const visitId = await newVisit(page, james);
      const complaint = page.getByRole('textbox', { name: /chief complaint/i });
      await complaint.fill('Neck stiffness after a long drive');
      await page.getByText(/saved automatically/i).waitFor({ timeout: 15_000 });

      // An administrator signs the clinician out everywhere while they keep typing.
      const admin = await apiAs(server.base, 'admin@example.com');
      const users = await admin.get('/api/v1/admin/users');
      const me = users.body.results.find((u: { email: string }) => u.email === 'clinician@example.com');
      expect((await admin.post(`/api/v1/admin/users/${me.id}/revoke-sessions`)).status).toBe(200);
      const typed = 'Neck stiffness after a long drive; turning left hurts most, 5/10';
      await complaint.fill(typed);
      // The autosave finds the session gone: the app goes to sign in, asking nothing.
      await page.waitForURL(/\/login\?expired=1/, { timeout: 20_000 });
      await signInAgain(page, 'clinician@example.com');
      await page.waitForURL(new RegExp(`/app/visits/${visitId}$`));
      await page.getByText('Your unsaved changes are back').waitFor();
      await expect
        .poll(async () => page.getByRole('textbox', { name: /chief complaint/i }).inputValue(), {
          timeout: POLL_MS,
        })
        .toBe(typed);
      await shoot(page, 'chart-restored-after-sign-in', { fullPage: true });
      expect(await axeSerious(page)).toEqual([]);
      // Restored, then saved by the autosave.
      const fresh = await apiAs(server.base, 'clinician@example.com');
      await expect
        .poll(async () => (await fresh.get(`/api/v1/encounters/${visitId}`)).body.chiefComplaint, {
          timeout: 15_000,
        })
        .toBe(typed);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

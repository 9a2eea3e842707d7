import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { invitePatientToPortal } from './onboarding-helpers.ts';
import {
  apiAs,
  axeSerious,
  launch,
  newPage,
  shoot,
  signInAndWait,
  startServer,
  type Server,
} from './support.ts';

/** Polls wait on the server (saves, page loads, the job runner): longer than expect.poll's 1 s default. */
const POLL_MS = 10_000;

/**
 * Issue 8's day in the clinic, end to end in Chromium: the front desk invites a new patient, who accepts
 * on a phone and books (saying what brings them in); on the day, the clinician's schedule opens on
 * their own day, they start the note from the appointment (the complaint, pain and consent come from
 * the booking), sign it, and the schedule shows the visit completed with its note signed.
 * The server runs with STILLPOINT_TEST_CLOCK so the journey can jump to the day of the visit.
 */
describe('a day in the clinic', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ STILLPOINT_TEST_CLOCK: 'true' });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('invite → accept on a phone → book → start the note from the appointment → sign → visit done', async () => {
    const desk = await apiAs(server.base, 'frontdesk@example.com');
    const created = await desk.post('/api/v1/patients', {
      givenName: 'Nora',
      familyName: 'Lindqvist',
      birthDate: '1986-05-14',
      sex: 'female',
      email: 'nora.lindqvist@example.com',
      phone: '+1 312 555 0147',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const deskPage = await newPage(browser);
    let phone: Awaited<ReturnType<typeof invitePatientToPortal>> | undefined;
    const doc = await newPage(browser);
    try {
      // 1. The front desk invites Nora from her record; she accepts on her phone.
      await signInAndWait(deskPage.page, server.base, 'frontdesk@example.com');
      phone = await invitePatientToPortal({
        browser,
        base: server.base,
        deskPage: deskPage.page,
        patientName: 'Nora Lindqvist',
        patientEmail: 'nora.lindqvist@example.com',
        password: 'lindqvist books her first visit',
      });
      const p = phone.page;

      // 2. She books her first visit with Dr. Rivera, and says what brings her in.
      await p.goto(`${server.base}/app/book`);
      await p.getByRole('button', { name: /^New patient evaluation/ }).click();
      await p.getByRole('button', { name: /^Dr\. Sam Rivera/ }).click();
      await p.getByRole('heading', { name: 'Pick a day' }).waitFor();
      await p.getByRole('button', { name: 'Next week' }).click();
      await p.getByText(/days? with free times this week\.$/).waitFor();
      await p
        .getByRole('button', { name: / \d+ free: / })
        .first()
        .click();
      await p.getByRole('heading', { name: 'Pick a time' }).waitFor();
      await p.locator('.time-button').first().click();
      await p.getByRole('heading', { name: 'Check and book' }).waitFor();
      await p
        .getByLabel('What brings you in? (optional)')
        .fill('Mid-back pain between the shoulder blades, 3 weeks');
      await p.getByLabel('How bad is the pain today? (optional)').selectOption('5');
      expect(await axeSerious(p)).toEqual([]);
      await p.getByRole('button', { name: 'Book this visit' }).click();
      // A first visit asks for the intake consent once; accepting it books.
      const consent = p.getByRole('checkbox', { name: 'I have read this and I agree' });
      await consent.waitFor();
      await consent.check();
      await p.getByRole('button', { name: 'Agree and book' }).click();
      await p.waitForURL(/\/app\/appointments\/[0-9a-f-]{36}\?booked=1/, { timeout: 20_000 });
      await p.getByRole('heading', { name: 'You are booked' }).waitFor();
      const appointmentId = new URL(p.url()).pathname.split('/').pop()!;
      await shoot(p, 'day-booked-390', { fullPage: true });
      const booked = await desk.get(`/api/v1/appointments/${appointmentId}`);
      expect(booked.body).toMatchObject({
        status: 'booked',
        reason: 'Mid-back pain between the shoulder blades, 3 weeks',
        painScore: 5,
        note: null,
      });

      // 3. The day of the visit, ten minutes in: the server's and the browser's clocks move there.
      const visitTime = new Date(Date.parse(booked.body.start) + 10 * 60_000);
      const moved = await fetch(`${server.base}/api/test/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'stillpoint' },
        body: JSON.stringify({ at: visitTime.toISOString() }),
      });
      expect(moved.status).toBe(200);
      await doc.page.clock.install({ time: visitTime });

      // 4. The clinician's schedule opens on their own day, with Nora's visit waiting for a note.
      await signInAndWait(doc.page, server.base, 'clinician@example.com');
      await doc.page.goto(`${server.base}/app/schedule`);
      const practitionerFilter = doc.page.getByLabel('Practitioner', { exact: true });
      await expect
        .poll(
          async () => practitionerFilter.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text),
          { timeout: POLL_MS },
        )
        .toMatch(/Sam Rivera/);
      const block = doc.page.locator(`[data-appointment-id="${appointmentId}"]`).first();
      await block.waitFor();
      expect(await block.getAttribute('aria-label')).toMatch(/Nora Lindqvist.*needs a note/);
      await block.click();
      await doc.page.getByRole('button', { name: 'Start note' }).click();

      // 5. The draft starts from the booking: complaint, pain and the intake consent.
      await doc.page.waitForURL(/\/app\/visits\/[0-9a-f-]{36}$/);
      const visitId = new URL(doc.page.url()).pathname.split('/').pop()!;
      await expect
        .poll(async () => doc.page.getByRole('textbox', { name: /chief complaint/i }).inputValue(), {
          timeout: POLL_MS,
        })
        .toBe('Mid-back pain between the shoulder blades, 3 weeks');
      expect(await doc.page.getByLabel('Pain before (0–10)').inputValue()).toBe('5');
      await doc.page.getByRole('textbox', { name: 'Add to Plan' }).fill('Follow up in two weeks.');
      await doc.page.getByText(/saved automatically/i).waitFor({ timeout: 15_000 });
      expect(await axeSerious(doc.page)).toEqual([]);

      // 6. Signed: the appointment is completed, and the schedule says the note is signed.
      await doc.page
        .getByRole('button', { name: /sign note/i })
        .last()
        .click();
      const confirm = doc.page.getByRole('dialog', { name: /sign this note/i });
      await confirm.getByRole('button', { name: /sign note/i }).click();
      await doc.page.getByRole('heading', { name: 'SOAP note' }).waitFor({ timeout: 15_000 });
      expect(await doc.page.locator('.printable-note').innerText()).toContain('Mid-back pain');

      await doc.page.goto(`${server.base}/app/schedule`);
      const done = doc.page.locator(`[data-appointment-id="${appointmentId}"]`).first();
      await expect
        .poll(async () => done.getAttribute('aria-label'), { timeout: POLL_MS })
        .toMatch(/Completed · note signed/);
      await shoot(doc.page, 'day-schedule-done', { fullPage: true });
      expect(await axeSerious(doc.page)).toEqual([]);
      const after = await apiAs(server.base, 'frontdesk@example.com');
      expect((await after.get(`/api/v1/appointments/${appointmentId}`)).body).toMatchObject({
        status: 'completed',
        note: { encounterId: visitId, status: 'signed' },
      });
      expect(doc.errors).toEqual([]);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone?.context.close();
      await deskPage.context.close();
      await doc.context.close();
    }
  });
});

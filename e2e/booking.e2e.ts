import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  apiAs,
  axeSerious,
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

const PRACTITIONER = /^Dr\. Anika Patel/;
/** Three weeks ahead: past the demo's own waitlist entries (tomorrow to two weeks), inside the 60-day horizon. */
const WEEKS_AHEAD = 3;
const JAMES_PASSWORD = 'okafor waits for a freed time';

/** Patient booking flow up to the day step of the week `WEEKS_AHEAD` from now, with Dr. Patel. */
async function openWeek(page: Page, base: string) {
  await page.goto(`${base}/app/book`);
  await page.getByRole('button', { name: /^OMT follow-up/ }).click();
  await page.getByRole('button', { name: PRACTITIONER }).click();
  await page.getByRole('heading', { name: 'Pick a day' }).waitFor();
  for (let i = 0; i < WEEKS_AHEAD; i++) {
    await page.getByRole('button', { name: 'Next week' }).click();
  }
  await page.getByText(/days? with free times this week\.$/).waitFor();
}

/** How far the page is wider than the window (a phone must not scroll sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Books through the API as `email` (setup, not under test): the route wants an Idempotency-Key. */
async function bookAs(
  base: string,
  email: string,
  password: string,
  body: object,
): Promise<{ id: string; start: string }> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/api/v1/appointments`, {
    method: 'POST',
    headers: {
      cookie,
      'content-type': 'application/json',
      'x-requested-with': 'e2e',
      'idempotency-key': `e2e-${Date.now()}-${Math.random()}`,
    },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`booking failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; start: string };
}

/** "20261215T150000Z" for an ISO instant, as iCalendar writes UTC times. */
const icsUtc = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * The scheduling issue's acceptance path, in the browser: a patient books and the front desk sees
 * the confirmation with its .ics in the development mailbox; another patient joins the waitlist
 * for that week; the first cancels from the confirmation page; the second is offered the freed
 * time on their page and accepts it.
 */
describe('booking, confirmation, cancellation and the waitlist', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    // The runner delivers every second, so "sent" shows up while the test watches.
    server = await startServer({ STILLPOINT_JOBS_INTERVAL_MS: '1000', SMTP_URL: '' });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('books, mails the invitation, cancels, and offers the freed time to the waiting patient who accepts it', async () => {
    // Setup (not under test): James Okafor, a demo patient, gets a portal login.
    const admin = await apiAs(server.base, 'admin@example.com');
    const james = await patientIdByName(admin, 'James Okafor');
    const maria = await patientIdByName(admin, 'Maria Alvarez');
    const created = await admin.post('/api/v1/admin/users', {
      email: 'james.okafor@example.com',
      name: 'James Okafor',
      role: 'patient',
      password: JAMES_PASSWORD,
      patientId: james,
    });
    expect(created.status).toBe(201);

    const a = await newPage(browser);
    const b = await newPage(browser, { width: 390, height: 844 });
    const desk = await newPage(browser);
    try {
      // 1. Maria books a follow-up with Dr. Patel three weeks ahead, through the booking screens.
      await signInAndWait(a.page, server.base, 'patient@example.com');
      await openWeek(a.page, server.base);
      await a.page
        .getByRole('button', { name: / \d+ free: / })
        .first()
        .click();
      await a.page.getByRole('heading', { name: 'Pick a time' }).waitFor();
      await a.page.locator('.time-button').first().click();
      await a.page.getByRole('heading', { name: 'Check and book' }).waitFor();
      const start = new URL(a.page.url()).searchParams.get('start')!;
      expect(Date.parse(start)).toBeGreaterThan(Date.now() + 14 * 86_400_000);
      await a.page.getByRole('button', { name: 'Book this visit' }).click();
      await a.page.waitForURL(/\/app\/appointments\/[0-9a-f-]{36}\?booked=1/);
      await a.page.getByRole('heading', { name: 'You are booked' }).waitFor();
      const appointmentId = new URL(a.page.url()).pathname.split('/').pop()!;

      // 2. James (phone width) looks at the same day, finds no time that suits him, and joins the
      //    waitlist from the time step for that day and the six after it.
      await signInAndWait(b.page, server.base, 'james.okafor@example.com', JAMES_PASSWORD);
      await openWeek(b.page, server.base);
      await b.page
        .getByRole('button', { name: / \d+ free: / })
        .first()
        .click();
      await b.page.getByRole('heading', { name: 'Pick a time' }).waitFor();
      await b.page.getByRole('button', { name: 'Join the waitlist' }).click();
      const form = b.page.getByRole('form', { name: 'Join the waitlist' });
      await expect
        .poll(async () => form.getByLabel('Visit type').inputValue(), { timeout: POLL_MS })
        .toBe('omt-follow-up');
      expect(await form.getByLabel('With').locator('option:checked').innerText()).toMatch(PRACTITIONER);
      const from = await form.getByLabel('First day you could come').inputValue();
      const to = await form.getByLabel('Last day you could come').inputValue();
      const startDay = new Date(start).toLocaleDateString('en-CA', { timeZone: 'America/Chicago' });
      expect(from).toBe(startDay);
      expect(Date.parse(to) - Date.parse(from)).toBe(6 * 86_400_000);
      expect(await axeSerious(b.page)).toEqual([]);
      await shoot(b.page, 'booking-join-waitlist-390', { fullPage: true });
      await form.getByRole('button', { name: 'Join the waitlist' }).click();
      await b.page.getByText('You are on the waitlist').waitFor();

      // 3. The front desk sees Maria's confirmation in the development mailbox, with its invitation.
      await signInAndWait(desk.page, server.base, 'frontdesk@example.com');
      await desk.page.goto(`${server.base}/app/messages`);
      await desk.page.getByText('Development mailbox — messages are not emailed').waitFor();
      await desk.page.getByLabel('Kind').selectOption('confirmation');
      const row = desk.page.getByRole('row').filter({ hasText: 'patient@example.com' }).first();
      await expect
        .poll(
          async () => {
            await desk.page.getByRole('button', { name: 'Refresh' }).click();
            return row.innerText();
          },
          { timeout: POLL_MS },
        )
        .toMatch(/Sent/);
      expect(await desk.page.getByRole('row').filter({ hasText: 'patient@example.com' }).count()).toBe(2);
      expect(await axeSerious(desk.page)).toEqual([]);
      await shoot(desk.page, 'messages-desktop');
      await row.getByRole('button', { name: /^Appointment confirmed/ }).click();
      const drawer = desk.page.getByRole('dialog', { name: 'Confirmation message' });
      await drawer.getByText('Hello Maria,').waitFor();
      expect(await drawer.innerText()).toContain('development mailbox (not emailed)');
      // The drawer fades in: mid-transition its text is translucent, so check once it has settled.
      await expect.poll(() => axeSerious(desk.page), { timeout: 5000 }).toEqual([]);
      await shoot(desk.page, 'message-open-desktop');
      const [download] = await Promise.all([
        desk.page.waitForEvent('download'),
        drawer.getByRole('link', { name: /appointment\.ics/ }).click(),
      ]);
      const ics = fs.readFileSync(await download.path(), 'utf8');
      expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
      expect(ics).toMatch(/^METHOD:REQUEST\r?$/m);
      expect(ics).toMatch(new RegExp(`^DTSTART:${icsUtc(start)}\\r?$`, 'm'));
      expect(ics).toContain(`UID:${appointmentId}@stillpoint`);

      // 4. Maria cancels from her confirmation page.
      await a.page.getByRole('button', { name: /^Cancel visit/ }).click();
      await a.page
        .getByRole('dialog', { name: 'Cancel this visit?' })
        .getByRole('button', { name: 'Cancel the visit' })
        .click();
      await a.page.getByText(/^Cancelled: /).waitFor();

      // 5. James, on his page, sees the freed time held for him and accepts it.
      await b.page.goto(`${server.base}/app/me`);
      const offer = b.page.locator('.offer-card').filter({ hasText: 'A time is held for you' });
      await offer.waitFor();
      expect(await offer.innerText()).toMatch(/Held until .* left\)/);
      expect(await axeSerious(b.page)).toEqual([]);
      expect(await overflow(b.page)).toBeLessThanOrEqual(0);
      await shoot(b.page, 'waitlist-offer-patient-390', { fullPage: true });
      await offer.getByRole('button', { name: /^Accept and book/ }).click();
      await b.page.getByText(/^Booked: .*A confirmation is on its way\./).waitFor();
      const upcoming = b.page.getByRole('region', { name: 'Upcoming visits' });
      await expect
        .poll(async () => upcoming.getByRole('listitem').filter({ hasText: 'Dr. Anika Patel' }).count(), {
          timeout: POLL_MS,
        })
        .toBeGreaterThan(0);

      // The time is James's now, and Maria was sent a cancellation (with a CANCEL invitation).
      const fd = await apiAs(server.base, 'frontdesk@example.com');
      const offers = (await fd.get(`/api/v1/waitlist/offers?patientId=${james}`)).body.results;
      expect(offers).toHaveLength(1);
      expect(offers[0]).toMatchObject({ status: 'accepted', start: new Date(start).toISOString() });
      const now = (await fd.get(`/api/v1/appointments/${offers[0].appointmentId}`)).body;
      expect(now).toMatchObject({ status: 'booked', patientId: james, start: new Date(start).toISOString() });
      expect((await fd.get(`/api/v1/appointments/${appointmentId}`)).body.status).toBe('cancelled');
      const cancellations = (await fd.get(`/api/v1/outbox?kind=cancellation&patientId=${maria}`)).body
        .results;
      expect(cancellations.map((m: { appointmentId: string }) => m.appointmentId)).toEqual([appointmentId]);
      const offerMail = (await fd.get(`/api/v1/outbox?kind=waitlist-offer&patientId=${james}`)).body.results;
      expect(offerMail).toHaveLength(1);
      expect(offerMail[0].to).toBe('james.okafor@example.com');

      // The front desk's waitlist shows the accepted offer; the page passes axe at both widths.
      await desk.page.goto(`${server.base}/app/waitlist`);
      await desk.page.getByLabel('Show').selectOption('accepted');
      const offersTable = desk.page.getByRole('table', { name: 'Offers' });
      await offersTable.getByRole('row').filter({ hasText: 'James Okafor' }).getByText('Accepted').waitFor();
      expect(await axeSerious(desk.page)).toEqual([]);
      await shoot(desk.page, 'waitlist-desktop', { fullPage: true });
      await desk.page.setViewportSize({ width: 390, height: 844 });
      expect(await axeSerious(desk.page)).toEqual([]);
      expect(await overflow(desk.page)).toBeLessThanOrEqual(0);
      await shoot(desk.page, 'waitlist-390', { fullPage: true });
      await desk.page.goto(`${server.base}/app/messages`);
      await desk.page.getByText('Development mailbox — messages are not emailed').waitFor();
      expect(await axeSerious(desk.page)).toEqual([]);
      expect(await overflow(desk.page)).toBeLessThanOrEqual(0);
      await shoot(desk.page, 'messages-390');

      expect([...a.errors, ...b.errors, ...desk.errors]).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
      await desk.context.close();
    }
  });

  it('lets the front desk add a caller to the waitlist, refusing a backwards window first, and take them off', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'frontdesk@example.com');
      await page.goto(`${server.base}/app/waitlist`);
      await page.getByRole('button', { name: 'Add a patient' }).click();
      await page.getByRole('searchbox', { name: /find the patient/i }).fill('Chen');
      await page.getByRole('button', { name: /^Linda Chen/ }).click();
      const form = page.getByRole('form', { name: 'Join the waitlist' });
      await form.getByLabel('Visit type').selectOption('omt-follow-up');
      const first = form.getByLabel('First day they could come');
      const last = form.getByLabel('Last day they could come');
      const from = await first.inputValue();
      // A last day before the first: explained beside the field, nothing sent, nothing typed lost.
      const before = new Date(Date.parse(`${from}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await last.fill(before);
      await form.getByLabel('Note for the clinic (optional)').fill('Can come at short notice');
      await form.getByRole('button', { name: 'Add to the waitlist' }).click();
      await form.getByText('The last day must be on or after the first day.').waitFor();
      await expect
        .poll(async () => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), {
          timeout: POLL_MS,
        })
        .toBe('true');
      expect(await form.getByLabel('Note for the clinic (optional)').inputValue()).toBe(
        'Can come at short notice',
      );
      expect(await axeSerious(page)).toEqual([]);
      await shoot(page, 'waitlist-add-error-desktop', { fullPage: true });

      await last.fill(from);
      await form.getByRole('button', { name: 'Add to the waitlist' }).click();
      await page
        .getByText(/^Linda Chen is on the waitlist for OMT follow-up with Any practitioner/)
        .waitFor();
      const table = page.getByRole('table', { name: 'Waiting patients' });
      const row = table.getByRole('row').filter({ hasText: 'Linda Chen' });
      await row.getByText('Can come at short notice').waitFor();
      expect(await row.innerText()).toMatch(/Anyone/);

      await row.getByRole('button', { name: /^Remove from the waitlist: Linda Chen/ }).click();
      await page
        .getByRole('dialog', { name: 'Remove from the waitlist' })
        .getByRole('button', { name: 'Remove from the waitlist' })
        .click();
      await page.getByText('Linda Chen is off the waitlist.').waitFor();
      await expect
        .poll(async () => table.getByRole('row').filter({ hasText: 'Linda Chen' }).count(), {
          timeout: POLL_MS,
        })
        .toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells the waiting patient when a held time has run out, without an Accept that cannot work', async () => {
    // Setup through the API: a 5-minute hold, James waiting for Dr. Patel four weeks ahead, and a
    // time of Maria's there that she cancels, so it is held for James.
    const admin = await apiAs(server.base, 'admin@example.com');
    expect((await admin.patch('/api/v1/scheduling/settings', { waitlistHoldMinutes: 5 })).status).toBe(200);
    const practitioners = (await admin.get('/api/v1/practitioners')).body as { id: string; name: string }[];
    const patel = practitioners.find((p) => PRACTITIONER.test(p.name))!;
    const from = new Date(Date.now() + (WEEKS_AHEAD + 1) * 7 * 86_400_000);
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const jamesApi = await apiAs(server.base, 'james.okafor@example.com', JAMES_PASSWORD);
    const joined = await jamesApi.post('/api/v1/waitlist', {
      practitionerId: patel.id,
      appointmentType: 'omt-follow-up',
      from: from.toISOString(),
      to: to.toISOString(),
    });
    expect(joined.status).toBe(201);
    const maria = await apiAs(server.base, 'patient@example.com');
    const free = await maria.get(
      `/api/v1/availability?practitionerId=${patel.id}&appointmentType=omt-follow-up&from=${from.toISOString()}&to=${to.toISOString()}`,
    );
    const slot = (free.body.slots as { start: string }[])[0]!;
    const booked = await bookAs(server.base, 'patient@example.com', 'stillpoint-demo', {
      practitionerId: patel.id,
      appointmentType: 'omt-follow-up',
      start: slot.start,
    });
    expect((await maria.post(`/api/v1/appointments/${booked.id}/cancel`)).status).toBe(200);

    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    try {
      await page.clock.install();
      await signInAndWait(page, server.base, 'james.okafor@example.com', JAMES_PASSWORD);
      const offer = page.locator('.offer-card').filter({ hasText: 'A time is held for you' });
      await offer.waitFor();
      expect(await offer.innerText()).toMatch(/\((4|5) min left\)/);
      await offer.getByRole('button', { name: /^Accept and book/ }).waitFor();

      // The browser's clock runs past the hold (the server has not expired it yet).
      await page.clock.fastForward('06:00');
      const lapsed = page.locator('.offer-card').filter({ hasText: 'Offer expired' });
      await lapsed.getByText(/The hold ran out at .* You are still on the waitlist/).waitFor();
      expect(await lapsed.getByRole('button', { name: /^Accept/ }).count()).toBe(0);
      expect(await axeSerious(page)).toEqual([]);
      await shoot(page, 'waitlist-offer-expired-390', { fullPage: true });
      // Still on the list for that week, waiting again.
      await page.getByRole('list', { name: 'Waiting for' }).getByText('Waiting', { exact: true }).waitFor();
      await page
        .getByRole('list', { name: 'Waiting for' })
        .getByText(/OMT follow-up with Dr\. Anika Patel/)
        .waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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

const PHONE = { width: 390, height: 844 };

/** How far the page is wider than the window (a phone must not scroll sideways). */
const overflow = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * The public directory as a new visitor finds it, logged out on a phone: search by ZIP (and by the
 * self-check's area), open a DO's profile, pick a free time, create a patient account (the email
 * verified through the outbox) and book it in the existing flow. Then the patient reviews their completed visit and the profile shows it, without a name.
 */
describe('find a DO', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launch()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a logged-out visitor on a phone finds a DO by ZIP, opens the profile, signs up as a new patient and books a shown time', async () => {
    const { page, errors } = await newPage(browser, PHONE);
    await page.goto(`${server.base}/find-a-do`);
    await page.getByRole('heading', { level: 1, name: 'Find a DO near you' }).waitFor();
    await page.getByRole('textbox', { name: 'ZIP code' }).fill('63501');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/DOs found near Kirksville, MO/).waitFor();
    const rivera = page.getByRole('article').filter({ hasText: 'Dr. Sam Rivera' });
    await expect.poll(() => rivera.getByText(/^Next free: /).count()).toBe(1);
    // A registry listing says plainly that it cannot be booked here.
    await page
      .getByText(/From the public NPI registry: no online booking here/)
      .first()
      .waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeSerious(page)).toEqual([]);
    await shoot(page, 'directory-search-390');

    await rivera.getByRole('link', { name: /^Dr\. Sam Rivera/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Dr\. Sam Rivera/ }).waitFor();
    const ld = await page.locator('script[type="application/ld+json"]').textContent();
    expect(JSON.parse(ld!)).toMatchObject({ '@type': 'Physician', name: 'Dr. Sam Rivera, DO' });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeSerious(page)).toEqual([]);
    await shoot(page, 'directory-profile-390', { fullPage: true });

    // A new visitor: the time they picked asks them to sign in, or to create a patient account.
    const time = page.getByRole('link', { name: /^Book OMT follow-up on / }).first();
    await time.click();
    await page.waitForURL(/\/login\?next=/);
    const booking = new URL(page.url()).searchParams.get('next')!;
    expect(booking).toMatch(/^\/app\/book\?with=/);
    await page.getByRole('link', { name: 'Create your patient account' }).click();
    await page.waitForURL(/\/signup\?next=/);
    await page.getByRole('heading', { name: 'Create your patient account' }).waitFor();
    await page.getByLabel(/^First name/).fill('Imogen');
    await page.getByLabel(/^Last name/).fill('Vasquez-Hale');
    await page.getByLabel(/^Date of birth/).fill('1988-06-14');
    await page.getByLabel(/^Email/).fill('imogen.vh@example.net');
    await page.getByLabel(/^Choose a password/).fill('imogen walks the long way home');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeSerious(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    // The verification email, from the outbox (the development mailbox), as the desk sees it.
    const desk = await apiAs(server.base, 'frontdesk@example.com');
    const mails = await desk.get('/api/v1/outbox?kind=email-verification');
    const mail = (mails.body.results as { id: string; to: string }[]).find(
      (m) => m.to === 'imogen.vh@example.net',
    );
    expect(mail, JSON.stringify(mails.body)).toBeTruthy();
    const text = (await desk.get(`/api/v1/outbox/${mail!.id}`)).body.text as string;
    const link = /https?:\/\/[^\s/]+(\/verify-email\/[\w-]+)/.exec(text);
    expect(link, text).not.toBeNull();
    await page.goto(`${server.base}${link![1]}`);
    await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
    await page.getByRole('button', { name: 'Confirm my email' }).click();
    // Confirmed and signed in, the new patient is back at the time they picked.
    await page.waitForURL((u) => `${u.pathname}${u.search}` === booking);
    await page.getByRole('heading', { name: 'Pick a time' }).waitFor();
    await page.locator('.time-button').first().click();
    await page.getByRole('heading', { name: 'Check and book' }).waitFor();
    await page.getByRole('button', { name: 'Book this visit' }).click();
    await page.waitForURL(/\/app\/appointments\/[0-9a-f-]{36}\?booked=1/);
    await page.getByRole('heading', { name: 'You are booked' }).waitFor();
    expect(errors).toEqual([]);
  });

  it("the self-check's area pre-filters the search; a reviewed visit shows on the profile without a name", async () => {
    const { page } = await newPage(browser, PHONE);
    await page.goto(`${server.base}/find-a-do?zip=63501&area=jaw`);
    await page.getByText(/1 DO found near Kirksville, MO/).waitFor();
    await page.getByRole('article').filter({ hasText: 'Dr. Anika Patel' }).waitFor();

    // The demo patient's completed visit with Dr. Rivera, reviewed from the visit's page.
    const maria = await apiAs(server.base, 'patient@example.com');
    const visits = await maria.get('/api/v1/appointments?status=completed');
    const done = (visits.body.results ?? visits.body).find(
      (a: { status: string }) => a.status === 'completed',
    );
    expect(done).toBeTruthy();
    const patient = await newPage(browser, PHONE);
    await signInAndWait(patient.page, server.base, 'patient@example.com');
    await patient.page.goto(`${server.base}/app/appointments/${done.id}`);
    await patient.page.getByRole('heading', { name: 'Review this visit' }).waitFor();
    await patient.page.getByRole('combobox', { name: /^Your rating/ }).selectOption('5');
    await patient.page
      .getByRole('textbox', { name: /^What would you tell/ })
      .fill('Gentle and clear; my neck moves again.');
    await patient.page.getByRole('button', { name: 'Send review' }).click();
    await patient.page.getByRole('status').filter({ hasText: 'your review is published' }).waitFor();
    expect(await axeSerious(patient.page)).toEqual([]);
    expect((await maria.post(`/api/v1/appointments/${done.id}/review`, { rating: 1 })).status).toBe(409);
    await page.goto(`${server.base}/find-a-do/${done.practitionerId}`);
    await page.getByText('5 out of 5 from 1 review').waitFor();
    await page.getByText('Gentle and clear; my neck moves again.').waitFor();
    expect(await page.getByText('Maria').count()).toBe(0);
  });

  it('the clinic admin edits a listing and hides a review, and the public pages follow', async () => {
    const { page } = await newPage(browser, PHONE);
    await signInAndWait(page, server.base, 'admin@example.com');
    await page.goto(`${server.base}/app/admin/directory`);
    await page.getByRole('heading', { level: 1, name: 'Directory listings' }).waitFor();
    const card = page.locator('.mantine-Card-root').filter({ hasText: 'Dr. Liam O’Connor' });
    await card.getByRole('button', { name: 'Edit listing' }).click();
    await card.getByRole('switch', { name: 'Telehealth' }).check({ force: true });
    await card.getByRole('button', { name: 'Save listing' }).click();
    await card.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeSerious(page)).toEqual([]);
    await shoot(page, 'directory-admin-390', { fullPage: true });
    const review = page.locator('.mantine-Card-root').filter({ hasText: 'Gentle and clear' });
    await review.getByRole('textbox', { name: 'Reason for hiding' }).fill('Test of moderation');
    await review.getByRole('button', { name: 'Hide review' }).click();
    await review.getByText('Hidden from the public: Test of moderation').waitFor();

    const visitor = await newPage(browser, PHONE);
    await visitor.page.goto(`${server.base}/find-a-do?zip=63501&q=${encodeURIComponent("O'Connor")}`);
    const oconnor = visitor.page.getByRole('article').filter({ hasText: 'Dr. Liam O’Connor' });
    await oconnor.getByText('Telehealth').waitFor();
    await oconnor.getByRole('link', { name: /^Dr\. Liam/ }).click();
    await visitor.page.getByRole('heading', { level: 1, name: /^Dr\. Liam/ }).waitFor();
    // The unverified certification says so.
    await visitor.page.getByText('· not verified').first().waitFor();
  });
  it('a red-flag answer in the self-check shows the emergency advice, not the directory', async () => {
    const { page, errors } = await newPage(browser, PHONE);
    await page.goto(`${server.base}/self-check`);
    await page.getByLabel('Headache', { exact: true }).check();
    await page.getByLabel('How many weeks has it lasted?').fill('1');
    await page.getByLabel('Your age in years').fill('44');
    await page.getByLabel(/^A sudden, severe headache/).check();
    await page.getByRole('button', { name: 'See my result' }).click();
    await page
      .getByRole('heading', { name: 'Call 911 or go to the nearest emergency department now' })
      .waitFor();
    await page.getByText(/can be bleeding in or around the brain/).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeSerious(page)).toEqual([]);
    await shoot(page, 'directory-selfcheck-emergency-390', { fullPage: true });
    expect(errors).toEqual([]);
  });
});

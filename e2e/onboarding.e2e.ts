import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeSerious, launch, newPage, shoot, signInAndWait, startServer, type Server } from './support.ts';
import {
  PHONE,
  invitePatientToPortal,
  readInvitationLink,
  sendPortalInvitation,
} from './onboarding-helpers.ts';

const MARCUS_PASSWORD = 'marcus walks the long way home';

/** How far the page is wider than the window (a phone must not scroll sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Onboarding without ids: the front desk invites a patient from the record, the link is read from
 * the development mailbox, the patient opens it on a phone, sets a password and sees their record;
 * the link works once. The public booking page leads to sign-up.
 */
describe('patient onboarding', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launch()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('front desk invites from the record; the patient sets a password on a phone and lands on their record', async () => {
    const desk = await newPage(browser);
    await signInAndWait(desk.page, server.base, 'frontdesk@example.com');
    const patient = await invitePatientToPortal({
      browser,
      base: server.base,
      deskPage: desk.page,
      patientName: 'Marcus Bell',
      patientEmail: 'marcus.bell@example.com',
      password: MARCUS_PASSWORD,
    });
    const { page } = patient;
    await page.getByRole('heading', { level: 1, name: 'My record' }).waitFor();
    await page.getByText(/^Marcus Bell · Born/).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await axeSerious(page)).toEqual([]);
    await shoot(page, 'onboarding-record-390', { fullPage: true });

    // The link works once.
    const again = await newPage(browser, PHONE);
    await again.page.goto(`${server.base}${patient.invitePath}`);
    await again.page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    expect(await again.page.getByRole('alert').innerText()).toMatch(/already used/);
    expect(await axeSerious(again.page)).toEqual([]);
    await shoot(again.page, 'onboarding-invite-used-390');

    // The record shows the access to staff.
    await desk.page.goto(`${server.base}/app/patients/${patient.patientId}`);
    await desk.page.getByText('Has portal access').waitFor();
    expect(await desk.page.getByText('Signs in as marcus.bell@example.com').count()).toBe(1);
    expect(await axeSerious(desk.page)).toEqual([]);
    expect([...desk.errors, ...patient.errors, ...again.errors]).toEqual([]);
    await Promise.all([desk.context.close(), patient.context.close(), again.context.close()]);
  });

  it('the invitation page asks for a password on a phone, accessibly', async () => {
    const desk = await newPage(browser);
    await signInAndWait(desk.page, server.base, 'frontdesk@example.com');
    await sendPortalInvitation(desk.page, server.base, 'Sofia Rossi');
    expect(await axeSerious(desk.page)).toEqual([]);
    await shoot(desk.page, 'onboarding-record-invited-desktop', { fullPage: true });
    const path = await readInvitationLink(desk.page, server.base, 'sofia.rossi@example.com');
    const phone = await newPage(browser, PHONE);
    await phone.page.goto(`${server.base}${path}`);
    await phone.page.getByRole('heading', { name: 'Welcome, Sofia' }).waitFor();
    expect(await phone.page.getByLabel(/^Email/).inputValue()).toBe('sofia.rossi@example.com');
    // The server's policy speaks through the form.
    await phone.page.getByLabel(/^Choose a password/).fill('password1234');
    await phone.page.getByRole('button', { name: 'Set password and open my record' }).click();
    await phone.page
      .getByText(/too common/)
      .first()
      .waitFor();
    expect(await overflow(phone.page)).toBeLessThanOrEqual(0);
    expect(await axeSerious(phone.page)).toEqual([]);
    await shoot(phone.page, 'onboarding-invite-390', { fullPage: true });
    await Promise.all([desk.context.close(), phone.context.close()]);
  });

  it('the public booking page leads to sign-up, which always says to check the email', async () => {
    const phone = await newPage(browser, PHONE);
    await phone.page.goto(`${server.base}/book`);
    await phone.page
      .getByRole('heading', { name: /Book a visit online at Stillpoint Demo Clinic/ })
      .waitFor();
    expect(await axeSerious(phone.page)).toEqual([]);
    await shoot(phone.page, 'onboarding-book-390', { fullPage: true });
    await phone.page.getByRole('link', { name: 'Create your patient account' }).click();
    await phone.page.waitForURL(/\/signup\?clinic=/);
    await phone.page.getByRole('heading', { name: 'Create your patient account' }).waitFor();
    await phone.page.getByText(/With Stillpoint Demo Clinic\./).waitFor();
    await phone.page.getByLabel(/^First name/).fill('Nadia');
    await phone.page.getByLabel(/^Last name/).fill('Quist');
    await phone.page.getByLabel(/^Date of birth/).fill('1991-02-03');
    await phone.page.getByLabel(/^Email/).fill('nadia.quist@example.org');
    await phone.page.getByLabel(/^Choose a password/).fill('nadia keeps her bicycle blue');
    expect(await axeSerious(phone.page)).toEqual([]);
    await shoot(phone.page, 'onboarding-signup-390', { fullPage: true });
    await phone.page.getByRole('button', { name: 'Create account' }).click();
    await phone.page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(await overflow(phone.page)).toBeLessThanOrEqual(0);
    await shoot(phone.page, 'onboarding-signup-sent-390');

    // The verification link (read from the mailbox through the API) signs the new patient in.
    const desk = await newPage(browser);
    await signInAndWait(desk.page, server.base, 'frontdesk@example.com');
    const list = await desk.context.request.get(`${server.base}/api/v1/outbox?kind=email-verification`);
    const msg = ((await list.json()) as { results: { id: string; to: string }[] }).results.find(
      (m) => m.to === 'nadia.quist@example.org',
    )!;
    const full = (await (
      await desk.context.request.get(`${server.base}/api/v1/outbox/${msg.id}`)
    ).json()) as {
      text: string;
    };
    const path = /https?:\/\/[^\s/]+(\/verify-email\/[\w-]+)/.exec(full.text)![1]!;
    await phone.page.goto(`${server.base}${path}`);
    await phone.page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
    expect(await axeSerious(phone.page)).toEqual([]);
    await phone.page.getByRole('button', { name: 'Confirm my email' }).click();
    await phone.page.waitForURL(/\/app\/me$/);
    await phone.page.getByText(/^Nadia Quist · Born 1991-02-03/).waitFor();

    // A near miss (same name and birth date, another email) waits for the desk, who links it.
    const api = phone.context.request;
    const clinics = (await (await api.get(`${server.base}/api/v1/signup/clinics`)).json()) as {
      results: { id: string }[];
    };
    const started = await api.post(`${server.base}/api/v1/signup`, {
      headers: { 'x-requested-with': 'e2e' },
      data: {
        clinicId: clinics.results[0]!.id,
        givenName: 'Thomas',
        familyName: 'Wright',
        birthDate: '1972-09-19',
        email: 'tom.wright@home.example',
        password: 'thomas paints the garden fence',
      },
    });
    expect(started.status()).toBe(202);
    const mails = (await (
      await desk.context.request.get(`${server.base}/api/v1/outbox?kind=email-verification`)
    ).json()) as { results: { id: string; to: string }[] };
    const tomMail = mails.results.find((m) => m.to === 'tom.wright@home.example')!;
    const tomText = (
      (await (await desk.context.request.get(`${server.base}/api/v1/outbox/${tomMail.id}`)).json()) as {
        text: string;
      }
    ).text;
    const tomToken = /\/verify-email\/([\w-]+)/.exec(tomText)![1]!;
    const verified = await api.post(`${server.base}/api/v1/signup/verify`, {
      headers: { 'x-requested-with': 'e2e' },
      data: { token: tomToken },
    });
    expect(((await verified.json()) as { status: string }).status).toBe('review');
    const review = await newPage(browser, PHONE);
    await signInAndWait(review.page, server.base, 'frontdesk@example.com');
    await review.page.goto(`${server.base}/app/signups`);
    const card = review.page.getByRole('article', { name: 'Sign-up of Thomas Wright' });
    await card.getByText('A record shares some but not all').waitFor();
    const record = card.getByRole('radio', { name: /^Thomas Wright, born 1972-09-19/ });
    expect(await record.isChecked()).toBe(false);
    expect(await axeSerious(review.page)).toEqual([]);
    expect(await overflow(review.page)).toBeLessThanOrEqual(0);
    await shoot(review.page, 'onboarding-review-390', { fullPage: true });
    await record.check();
    await card.getByRole('button', { name: 'Approve' }).click();
    await review.page.getByText('Sign-up of Thomas Wright decided.').waitFor();
    await review.page.getByText('No sign-ups are waiting.').waitFor();
    expect([...phone.errors, ...review.errors]).toEqual([]);
    await Promise.all([desk.context.close(), phone.context.close(), review.context.close()]);
  });
});

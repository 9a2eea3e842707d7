import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newPage } from './support.ts';

export const PHONE = { width: 390, height: 844 };

export interface SignedInPatient {
  context: BrowserContext;
  page: Page;
  errors: string[];
  consoleErrors: string[];
  /** The invitation link's path (`/invite/<token>`), as read from the development mailbox. */
  invitePath: string;
  patientId: string;
}

/** The id of a patient by full name, through the desk page's own session (setup, not under test). */
async function patientId(deskPage: Page, base: string, name: string): Promise<string> {
  const res = await deskPage
    .context()
    .request.get(`${base}/api/v1/patients?q=${encodeURIComponent(name.split(' ').pop()!)}`);
  const hit = ((await res.json()) as { results: { id: string; name: string }[] }).results.find(
    (p) => p.name === name,
  );
  if (!hit) throw new Error(`no patient named ${name}: HTTP ${res.status()}`);
  return hit.id;
}

/** Front desk (or admin), signed in on `deskPage`: opens the record and clicks "Invite to the portal". */
export async function sendPortalInvitation(
  deskPage: Page,
  base: string,
  patientName: string,
): Promise<string> {
  const id = await patientId(deskPage, base, patientName);
  await deskPage.goto(`${base}/app/patients/${id}`);
  const panel = deskPage
    .locator('div')
    .filter({ has: deskPage.getByRole('heading', { name: 'Patient portal' }) })
    .last();
  await panel.getByText('No portal access').waitFor();
  await deskPage.getByRole('button', { name: 'Invite to the portal' }).click();
  await deskPage.getByText(/^Invitation sent to \S+@\S+\. The link works once/).waitFor();
  await deskPage.getByText('Invitation pending').waitFor();
  return id;
}

/** Reads the newest invitation link to `email` from the Messages page (the development mailbox). */
export async function readInvitationLink(deskPage: Page, base: string, email: string): Promise<string> {
  await deskPage.goto(`${base}/app/messages`);
  await deskPage.getByText('Development mailbox — messages are not emailed').waitFor();
  await deskPage.getByLabel('Kind').selectOption('portal-invitation');
  const row = deskPage.getByRole('row').filter({ hasText: email }).first();
  await row.getByRole('button', { name: /^Your patient portal at / }).click();
  const drawer = deskPage.getByRole('dialog', { name: 'Portal invitation message' });
  await drawer.getByText(/^Hello /).waitFor();
  const text = await drawer.innerText();
  const link = /https?:\/\/[^\s/]+(\/invite\/[\w-]+)/.exec(text);
  expect(link, text).not.toBeNull();
  await deskPage.keyboard.press('Escape');
  return link![1]!;
}

/**
 * The whole invitation, as a building block for longer journeys: the desk invites `patientName`
 * from their record, the link is read from the Messages page, and the patient opens it on a phone
 * (390 px), chooses `password` and lands on their own record. Returns the patient's signed-in page.
 */
export async function invitePatientToPortal(opts: {
  browser: Browser;
  base: string;
  deskPage: Page;
  patientName: string;
  patientEmail: string;
  password: string;
  viewport?: { width: number; height: number };
}): Promise<SignedInPatient> {
  const patientId = await sendPortalInvitation(opts.deskPage, opts.base, opts.patientName);
  const invitePath = await readInvitationLink(opts.deskPage, opts.base, opts.patientEmail);
  const phone = await newPage(opts.browser, opts.viewport ?? PHONE);
  await phone.page.goto(`${opts.base}${invitePath}`);
  await phone.page.getByRole('heading', { name: `Welcome, ${opts.patientName.split(' ')[0]}` }).waitFor();
  await phone.page.getByLabel(/^Choose a password/).fill(opts.password);
  await phone.page.getByRole('button', { name: 'Set password and open my record' }).click();
  await phone.page.waitForURL(/\/app\/me$/);
  await phone.page.getByRole('heading', { level: 1 }).waitFor();
  return { ...phone, invitePath, patientId };
}

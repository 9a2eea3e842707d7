import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  axeSerious,
  launch,
  newPage,
  patientIdByName,
  shoot,
  signInContext,
  startServer,
  type Server,
} from './support';

let server: Server;
let browser: Browser;
let mariaId = '';
let clinicianId = '';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const admin = await apiAs(server.base, 'admin@example.com');
  mariaId = await patientIdByName(admin, 'Maria Alvarez');
  const users = (await admin.get('/api/v1/admin/users')).body.results as { id: string; email: string }[];
  clinicianId = users.find((u) => u.email === 'clinician@example.com')!.id;
  // A day in the clinic: the clinician and the front desk open Maria's record.
  const clinician = await apiAs(server.base, 'clinician@example.com');
  const desk = await apiAs(server.base, 'frontdesk@example.com');
  expect((await clinician.get(`/api/v1/patients/${mariaId}`)).status).toBe(200);
  expect((await desk.get(`/api/v1/patients/${mariaId}`)).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Text a sighted user sees in an element (visually hidden screen-reader text left out). */
const visibleText = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((nodes) =>
    nodes.map((n) => {
      const copy = n.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((h) => h.remove());
      return copy.textContent ?? '';
    }),
  );

describe('audit log', () => {
  it('the admin picks a patient and a user, sees named entries, and shares the link', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInContext(context, server.base, 'admin@example.com');
      await page.goto(`${server.base}/app/admin/audit`);
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await page.getByRole('table', { name: 'Audit entries' }).waitFor();

      // Pick the patient by typing part of her name.
      const patient = page.getByRole('combobox', { name: 'Patient' });
      await patient.fill('Alvar');
      await page.getByRole('option', { name: /Maria Alvarez/ }).click();
      expect(await patient.inputValue()).toBe('Maria Alvarez');
      const filtered = page.waitForResponse(
        (r) => r.url().includes('/api/v1/audit?') && r.url().includes(`patientId=${mariaId}`),
      );
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(new RegExp(`[?&]patientId=${mariaId}`));
      const body = await (await filtered).json();
      expect(body.results.length).toBeGreaterThanOrEqual(2);

      const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
      await page
        .getByRole('status')
        .filter({ hasText: new RegExp(`^${body.results.length} entries\\.$`) })
        .waitFor();
      expect(await rows.count()).toBe(body.results.length);
      const shown = await visibleText(page, 'table[aria-label="Audit entries"] tbody tr');
      for (const text of shown) {
        expect(text).toContain('Maria Alvarez');
        expect(text).not.toMatch(UUID); // names on screen, ids only on hover, for screen readers and under IDs
      }
      const readers = shown.filter((t) => t.includes('patient.read')).join('\n');
      expect(readers).toContain('Dr. Sam Rivera, DO');
      expect(readers).toContain('Clinician');
      expect(readers).toContain('Jordan Lee');
      expect(readers).toContain('Front desk');
      // The raw id is on hover and in the accessible text of the name.
      const name = rows.first().getByTitle(`patient ID: ${mariaId}`);
      expect(await name.count()).toBe(1);
      expect(await rows.first().innerText()).toContain(mariaId);
      // …and copyable from the entry's IDs.
      await rows.first().getByRole('button', { name: /^IDs/ }).click();
      const ids = page.getByRole('dialog');
      await ids.getByRole('term').filter({ hasText: 'Patient ID' }).waitFor();
      expect(await ids.innerText()).toMatch(new RegExp(`Patient ID\\s+${mariaId}`));
      expect(await ids.getByRole('button', { name: 'Copy Patient ID' }).count()).toBe(1);
      await page.keyboard.press('Escape');
      expect(await axeSerious(page)).toEqual([]);
      await shoot(page, 'audit-patient-1280', { fullPage: true });

      // Narrow it to the clinician, picked from the user list.
      const user = page.getByRole('combobox', { name: 'User' });
      await user.fill('Rivera');
      await page.getByRole('option', { name: /Dr\. Sam Rivera, DO/ }).click();
      const narrowed = page.waitForResponse(
        (r) => r.url().includes('/api/v1/audit?') && r.url().includes(`userId=${clinicianId}`),
      );
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(new RegExp(`[?&]userId=${clinicianId}`));
      const mine = (await (await narrowed).json()).results as { userId: string; patientId: string }[];
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.length).toBeLessThan(body.results.length);
      expect(mine.every((r) => r.userId === clinicianId && r.patientId === mariaId)).toBe(true);
      const count = new RegExp(`^${mine.length} entr${mine.length === 1 ? 'y' : 'ies'}\\.$`);
      await page.getByRole('status').filter({ hasText: count }).waitFor();
      const theirs = await visibleText(page, 'table[aria-label="Audit entries"] tbody tr');
      expect(theirs).toHaveLength(mine.length);
      for (const text of theirs) expect(text).toMatch(/Dr\. Sam Rivera, DO.*Maria Alvarez/s);

      // The link is the report: opened afresh it names both people in the filters.
      const shared = page.url();
      expect(shared).not.toMatch(/Maria|Rivera/);
      const second = await newPage(browser);
      try {
        await signInContext(second.context, server.base, 'admin@example.com');
        await second.page.goto(shared);
        await second.page.getByRole('status').filter({ hasText: count }).waitFor();
        expect(await second.page.getByRole('combobox', { name: 'Patient' }).inputValue()).toBe(
          'Maria Alvarez',
        );
        await second.page.waitForFunction(
          () => (document.querySelector('input[placeholder="Any user"]') as HTMLInputElement)?.value !== '',
        );
        expect(await second.page.getByRole('combobox', { name: 'User' }).inputValue()).toBe(
          'Dr. Sam Rivera, DO (Clinician)',
        );
        expect(second.errors).toEqual([]);
      } finally {
        await second.context.close();
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows entries as cards on a 390 px phone, with no sideways scrolling', async () => {
    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    try {
      await signInContext(context, server.base, 'admin@example.com');
      await page.goto(`${server.base}/app/admin/audit?patientId=${mariaId}`);
      const cards = page.getByRole('list', { name: 'Audit entries' });
      await cards.waitFor();
      expect(await page.getByRole('table', { name: 'Audit entries' }).count()).toBe(0);
      expect(await cards.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
      expect(await cards.getByRole('listitem').first().innerText()).toMatch(
        /User[\s\S]*Patient\s+Maria Alvarez/,
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeSerious(page)).toEqual([]);
      await shoot(page, 'audit-patient-390', { fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

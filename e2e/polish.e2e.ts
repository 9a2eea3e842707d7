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

/** Issue 8, "a day in the clinic": the smaller faults, checked on a 390 px phone. */
let server: Server;
let browser: Browser;
let mariaId = '';
let cancelledId = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  const desk = await apiAs(server.base, 'frontdesk@example.com');
  mariaId = await patientIdByName(desk, 'Maria Alvarez');
  const booked = (await desk.get(`/api/v1/appointments?patientId=${mariaId}&status=booked`)).body.results;
  expect(booked.length).toBeGreaterThan(0);
  cancelledId = booked[0].id;
  const cancel = await desk.post(`/api/v1/appointments/${cancelledId}/cancel`, { reason: 'Feeling better' });
  expect(cancel.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Nothing wider than the phone: neither the page nor any table region scrolls sideways. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const regions = [...document.querySelectorAll<HTMLElement>('.sp-table')].filter(
      (r) => r.scrollWidth > r.clientWidth + 1,
    );
    return { page: doc.scrollWidth - doc.clientWidth, tables: regions.length };
  });
}

describe('at 390 px', () => {
  for (const c of [
    { name: 'patients', who: 'frontdesk', path: () => '/app/patients', table: 'Patients', label: 'Name' },
    {
      name: 'visits',
      who: 'clinician',
      path: () => `/app/patients/${mariaId}/visits`,
      table: 'Visits',
      label: 'Status',
    },
    { name: 'messages', who: 'frontdesk', path: () => '/app/messages', table: 'Messages', label: 'Status' },
  ]) {
    it(`${c.name}: rows are cards, nothing scrolls sideways, axe clean`, async () => {
      const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
      try {
        await signInContext(context, server.base, `${c.who}@example.com`);
        await page.goto(`${server.base}${c.path()}`);
        const table = page.getByRole('table', { name: c.table });
        await table.waitFor();
        await page.locator('.sp-table tbody tr').first().waitFor();
        expect(await overflow(page)).toEqual({ page: 0, tables: 0 });
        // Each value sits under its column's heading on the card.
        const labels = await page
          .locator('.sp-table tbody tr')
          .first()
          .locator('td, th')
          .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-label')));
        expect(labels).toContain(c.label);
        const header = await page.locator('.sp-table thead').boundingBox();
        expect(header?.height ?? 0).toBeLessThanOrEqual(1);
        await shoot(page, `polish-${c.name}-390`, { fullPage: true });
        expect(await axeSerious(page)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('messages: the reminders of the cancelled visit say so', async () => {
    const { context, page } = await newPage(browser, { width: 390, height: 844 });
    try {
      await signInContext(context, server.base, 'frontdesk@example.com');
      await page.goto(`${server.base}/app/messages?kind=reminder&status=skipped`);
      await page.getByText('Cancelled — not sent').first().waitFor();
      await expect
        .poll(() => page.getByText(/^Appointment cancelled on .* CST; not sent$/).count())
        .toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it('landing: the menu opens as a drawer, leads to the clinic’s contact details, axe clean', async () => {
    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    try {
      await page.goto(`${server.base}/`);
      // The section links are in the menu on a phone, not in the header.
      await expect.poll(() => page.getByRole('link', { name: 'For clinics' }).isVisible()).toBe(false);
      const burger = page.getByRole('button', { name: 'Open the menu' });
      expect(await burger.getAttribute('aria-expanded')).toBe('false');
      await burger.click();
      const menu = page.getByRole('dialog', { name: 'Menu' });
      await menu.waitFor();
      await menu.getByRole('link', { name: 'For clinics' }).waitFor();
      expect(await overflow(page)).toEqual({ page: 0, tables: 0 });
      expect(await axeSerious(page)).toEqual([]);
      await shoot(page, 'polish-landing-menu-390');
      await menu.getByRole('link', { name: 'Contact' }).click();
      await menu.waitFor({ state: 'hidden' });
      expect(page.url()).toMatch(/#contact$/);
      const contact = page.getByRole('region', { name: 'Contact' });
      await contact.getByRole('link', { name: '+1 660 555 0100' }).waitFor();
      expect(await contact.getByRole('link', { name: '+1 660 555 0100' }).getAttribute('href')).toBe(
        'tel:+16605550100',
      );
      expect(await contact.textContent()).toContain('Kirksville, MO 63501');
      await contact.getByRole('link', { name: 'contact@example.com' }).waitFor();
      expect(await overflow(page)).toEqual({ page: 0, tables: 0 });
      expect(await axeSerious(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a cancelled appointment says it was cancelled, when, and offers to book again', async () => {
    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    try {
      await signInContext(context, server.base, 'patient@example.com');
      // Even from the booking confirmation's link.
      await page.goto(`${server.base}/app/appointments/${cancelledId}?booked=1`);
      await page.getByRole('heading', { level: 1, name: 'This visit was cancelled' }).waitFor();
      expect(await page.getByText('You are booked').count()).toBe(0);
      expect(await page.title()).toMatch(/^Visit cancelled/);
      const when = await page
        .locator('dt', { hasText: 'Cancelled' })
        .locator('xpath=following-sibling::dd')
        .textContent();
      expect(when).toMatch(/^\w+day, \w+ \d+, \d{4} at \d+:\d\d (AM|PM) \((CST|CDT)\)$/);
      const again = page.getByRole('link', { name: 'Book again' });
      expect(await again.getAttribute('href')).toMatch(/^\/app\/book\?type=[\w-]+&with=[0-9a-f-]{36}$/);
      expect(await page.getByRole('button', { name: /^Cancel visit/ }).count()).toBe(0);
      expect(await overflow(page)).toEqual({ page: 0, tables: 0 });
      await shoot(page, 'polish-cancelled-appointment-390', { fullPage: true });
      expect(await axeSerious(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

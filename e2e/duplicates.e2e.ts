import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSerious, launch, newPage, shoot, signInAndWait, startServer, type Server } from './support';

/** Polls wait on the server (saves, page loads, the job runner): longer than expect.poll's 1 s default. */
const POLL_MS = 10_000;

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

describe('New patient: possible duplicates', () => {
  it('warns before saving a patient who looks registered already, links to the record, and saves a different person on request', async () => {
    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    try {
      await signInAndWait(page, server.base, 'frontdesk@example.com');
      await page.goto(`${server.base}/app/patients/new`);
      await page.getByRole('heading', { level: 1, name: 'New patient' }).waitFor();

      // The demo clinic has Maria Alvarez, born 1984-06-12: typed without the accent and swapped.
      await page.getByRole('textbox', { name: /^given name/i }).fill('Álvarez');
      await page.getByRole('textbox', { name: /^family name/i }).fill('maria');
      await page.getByLabel(/^date of birth/i).fill('1984-06-12');
      await page.getByRole('combobox', { name: /^sex/i }).selectOption('female');

      const warning = page.getByRole('alert').filter({ hasText: 'This patient may already be registered' });
      await warning.waitFor();
      const link = warning.getByRole('link', { name: /Maria Alvarez, born 1984-06-12/ });
      expect(await link.getAttribute('href')).toMatch(/^\/app\/patients\/[0-9a-f-]{36}$/);
      await shoot(page, 'duplicate-warning-phone', { fullPage: true });
      expect(await axeSerious(page)).toEqual([]);

      // "Create patient" is refused by the server with the same candidates; nothing is saved.
      const posts: number[] = [];
      page.on('response', (r) => {
        if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/patients')) posts.push(r.status());
      });
      await page.getByRole('button', { name: 'Create patient' }).click();
      await expect.poll(() => posts, { timeout: POLL_MS }).toEqual([409]);
      expect(page.url()).toMatch(/\/app\/patients\/new$/);
      await warning.waitFor();
      // The refused save takes the keyboard to the warning.
      await expect
        .poll(() => warning.evaluate((el) => el.contains(document.activeElement)), { timeout: POLL_MS })
        .toBe(true);

      // The person confirms it is someone else: saved with the confirmation, and the record opens.
      const created = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/patients'),
      );
      await warning.getByRole('button', { name: 'This is a different person — save anyway' }).click();
      const res = await created;
      expect(res.status()).toBe(201);
      expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ confirmNotDuplicate: true });
      await page.getByRole('heading', { level: 1, name: 'Álvarez maria' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

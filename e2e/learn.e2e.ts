import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, startServer, watchErrors, type Server, shoot } from './support';

/**
 * The public site as a new visitor meets it: logged out, on a phone, with JavaScript switched off
 * (the library and the self-check are server-rendered HTML and must work without it).
 */
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

const PHONE = { width: 390, height: 844 };

/** Every axe violation, whatever its impact: the public pages are meant to be clean. */
async function axeAll(page: Page) {
  const source = fs.readFileSync(path.join('node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Through the DevTools protocol, so it runs under the page's CSP (axe needs JavaScript in the
  // browser; the pages themselves load none).
  await page.evaluate(source);
  type Violation = { id: string; impact: string; nodes: { html?: string }[] };
  type Axe = { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> };
  const { violations } = await page.evaluate<{ violations: Violation[] }>(() =>
    (window as unknown as { axe: Axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes[0]?.html?.slice(0, 200)}`);
}

async function phone(js: boolean): Promise<{ context: BrowserContext; page: Page; scripts: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: js });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  return { context, page, scripts };
}

describe('public site on a phone, logged out', () => {
  it('the landing page leads into the library and the self-check', async () => {
    const { context, page } = await phone(true);
    try {
      await page.goto(`${server.base}/`);
      await page.getByRole('link', { name: 'Is OMT right for me?' }).first().waitFor();
      expect(await axeAll(page)).toEqual([]);
      await page.getByRole('link', { name: 'Learn about OMT' }).first().click();
      await page.waitForURL(/\/learn$/);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Learn about');
    } finally {
      await context.close();
    }
  });

  it('reads a technique page (no script is loaded): what it feels like, who should avoid it, sources; axe clean', async () => {
    const { context, page, scripts } = await phone(true);
    const { consoleErrors } = watchErrors(page);
    try {
      await page.goto(`${server.base}/learn`);
      expect(await axeAll(page)).toEqual([]);
      await page.getByRole('link', { name: 'The techniques, one by one' }).click();
      await page.getByRole('link', { name: /^Counterstrain \(CS\)/ }).click();
      await page.waitForURL(/\/learn\/techniques\/counterstrain$/);
      await page.getByRole('heading', { level: 1, name: /Counterstrain/ }).waitFor();
      await page.getByRole('heading', { name: 'What it feels like', exact: true }).waitFor();
      await page.getByRole('heading', { name: 'Who should avoid it', exact: true }).waitFor();
      const sources = page.getByRole('region', { name: 'Sources' }).getByRole('listitem');
      expect(await sources.count()).toBeGreaterThan(0);
      // The page fits the phone: nothing wider than the viewport.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(PHONE.width);
      expect(await axeAll(page)).toEqual([]);
      await shoot(page, 'learn-technique-phone', { fullPage: true });
      // No JavaScript at all on the public pages.
      // The evidence page's tables stack into cards on a phone rather than overflow.
      await page.goto(`${server.base}/learn/evidence`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      expect(await axeAll(page)).toEqual([]);
      expect(scripts).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('takes the self-check: a red-flag answer shows the emergency advice; axe clean on form and result', async () => {
    const { context, page, scripts } = await phone(true);
    try {
      await page.goto(`${server.base}/learn/techniques/counterstrain`);
      await page.getByRole('link', { name: 'Is OMT right for me?' }).first().click();
      await page.waitForURL(/\/self-check$/);
      expect(await axeAll(page)).toEqual([]);
      await page.getByLabel('Low back', { exact: true }).check();
      await page.getByLabel('How many weeks has it lasted?').fill('3');
      await page.getByLabel('Your age in years').fill('52');
      await page.getByLabel(/Numbness or tingling between your legs/).check();
      await page.getByLabel('You have osteoporosis or thin bones').check();
      await page.getByRole('button', { name: 'See my result' }).click();
      await page
        .getByRole('heading', { name: 'Call 911 or go to the nearest emergency department now' })
        .waitFor();
      await page.getByRole('heading', { name: 'Tell the DO' }).waitFor();
      const find = page.getByRole('link', { name: 'Find a DO near you' });
      expect(await find.getAttribute('href')).toBe('/find-a-do?area=low-back');
      expect(await axeAll(page)).toEqual([]);
      await shoot(page, 'learn-selfcheck-emergency-phone', { fullPage: true });
      expect(scripts).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an incomplete self-check comes back with the missing answers named, and then gives a result', async () => {
    const { context, page } = await phone(true);
    try {
      await page.goto(`${server.base}/self-check`);
      await page.getByRole('button', { name: 'See my result' }).click();
      await page.getByRole('heading', { name: /Please check 3 answers/ }).waitFor();
      expect(await axeAll(page)).toEqual([]);
      await page.getByLabel('Knee', { exact: true }).check();
      await page.getByLabel('How many weeks has it lasted?').fill('10');
      await page.getByLabel('Your age in years').fill('67');
      await page.getByRole('button', { name: 'See my result' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your result: OMT may help you' }).waitFor();
      expect(await page.getByRole('link', { name: 'Find a DO near you' }).getAttribute('href')).toBe(
        '/find-a-do?area=knee',
      );
    } finally {
      await context.close();
    }
  });

  it('works with JavaScript switched off: a technique page, then a red-flag self-check', async () => {
    const { context, page } = await phone(false);
    try {
      await page.goto(`${server.base}/learn/techniques/hvla`);
      await page.getByRole('heading', { name: 'Who should avoid it', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Is OMT right for me?' }).first().click();
      await page.getByLabel('Headache', { exact: true }).check();
      await page.getByLabel('How many weeks has it lasted?').fill('0');
      await page.getByLabel('Your age in years').fill('38');
      await page.getByLabel(/A sudden, severe headache/).check();
      await page.getByRole('button', { name: 'See my result' }).click();
      await page
        .getByRole('heading', { name: 'Call 911 or go to the nearest emergency department now' })
        .waitFor();
    } finally {
      await context.close();
    }
  });
});

import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSerious, launch, newPage, shoot, signIn, startServer, type Server } from './support';

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

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Link texts of the main navigation, in order. */
async function navItems(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link').first().waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
}

/** Names in the patient table (waits until the table has loaded). */
async function patientNames(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Patients', exact: true });
  await table.waitFor();
  return (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
}

/** Signs in through the form, as a person would, and waits for the landing page. */
async function signInThroughUi(page: Page, email: string, home: RegExp, heading: string) {
  await signIn(page, server.base, email);
  await page.waitForURL(home);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('each role signs in through the form and sees what that role may see', () => {
  it('admin: every staff and admin page in the navigation', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInThroughUi(page, 'admin@example.com', /\/app\/patients$/, 'Patients');
      expect(await navItems(page)).toEqual([
        'Patients',
        'Schedule',
        'Waitlist',
        'Messages',
        'Sign-ups',
        'Schedule settings',
        'Outcomes',
        'Exercise library',
        'Audit log',
        'Users',
        'Clinic settings',
        'Outcome instruments',
        'Directory listings',
        'My account',
      ]);
      expect(await patientNames(page)).toHaveLength(20);
      await shoot(page, 'roles-admin-patients-1280');

      // The admin pages open and show data.
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Audit log' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await page.getByRole('table', { name: 'Audit entries' }).waitFor();
      expect(
        await page.getByRole('table', { name: 'Audit entries' }).getByRole('row').count(),
      ).toBeGreaterThan(1);
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Users' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      const users = page.getByRole('table', { name: 'Users', exact: true });
      await users.waitFor();
      expect(await users.getByText('clinician@example.com', { exact: true }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const [email, label, nav] of [
    [
      'clinician@example.com',
      'clinician',
      ['Patients', 'Schedule', 'Waitlist', 'Schedule settings', 'Outcomes', 'Exercise library', 'My account'],
    ],
    [
      'frontdesk@example.com',
      'frontdesk',
      ['Patients', 'Schedule', 'Waitlist', 'Messages', 'Sign-ups', 'Schedule settings', 'My account'],
    ],
  ] as const) {
    it(`${label}: patients, scheduling and their account only; admin pages are refused without data`, async () => {
      const { context, page, errors } = await newPage(browser);
      try {
        await signInThroughUi(page, email, /\/app\/patients$/, 'Patients');
        expect(await navItems(page)).toEqual(nav);
        expect(await patientNames(page)).toContain('Dorothy Whitfield');
        await shoot(page, `roles-${label}-patients-1280`);

        const auditCalls: string[] = [];
        page.on('request', (r) => {
          if (r.url().includes('/api/v1/audit') || r.url().includes('/api/v1/admin/'))
            auditCalls.push(r.url());
        });
        for (const path of ['/app/admin/audit', '/app/admin/users']) {
          await page.goto(`${server.base}${path}`);
          await page.getByRole('heading', { level: 1, name: 'Not available for your role' }).waitFor();
          expect(await page.getByRole('table').count()).toBe(0);
          expect(await page.locator('main').innerText()).not.toMatch(
            /@example\.com|patient\.read|auth\.login/,
          );
        }
        expect(auditCalls).toEqual([]);
        // The server refuses too (the hidden page is not the only guard).
        expect((await page.request.get(`${server.base}/api/v1/audit`)).status()).toBe(403);
        expect((await page.request.get(`${server.base}/api/v1/admin/users`)).status()).toBe(403);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('patient: lands on their own record and has no Patients navigation', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInThroughUi(page, 'patient@example.com', /\/app\/me$/, 'My record');
      expect(await navItems(page)).toEqual(['My record', 'My progress', 'Book a visit', 'My account']);
      const main = page.locator('main');
      await main
        .getByText(/Maria Alvarez/)
        .first()
        .waitFor();
      const conditions = page.getByRole('table', { name: 'Conditions', exact: true });
      await conditions.waitFor();
      const codes = (await conditions.locator('tbody code').allInnerTexts()).map((t) => t.trim());
      expect(codes).toEqual(expect.arrayContaining(['M54.50', 'M99.03']));
      expect(await conditions.getByText('Low back pain, unspecified').count()).toBe(1);
      // Read-only: no editing controls on the patient's own record.
      expect(await page.getByRole('button', { name: /^(edit|add condition)$/i }).count()).toBe(0);
      await shoot(page, 'roles-patient-me-1280');

      // The staff list is neither offered nor reachable, and nobody else's data appears.
      await page.goto(`${server.base}/app/patients`);
      await page.getByRole('heading', { level: 1, name: 'Not available for your role' }).waitFor();
      expect(await page.locator('body').innerText()).not.toMatch(/Whitfield|Kowalski/);
      expect((await page.request.get(`${server.base}/api/v1/patients`)).status()).toBe(403);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('staff work with patients', () => {
  it('searches by name and opens a record with its conditions and flags', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInThroughUi(page, 'clinician@example.com', /\/app\/patients$/, 'Patients');
      const all = await patientNames(page);
      expect(all).toEqual(expect.arrayContaining(['Dorothy Whitfield', 'Robert Kowalski', 'Maria Alvarez']));

      await page.getByRole('searchbox', { name: /search patients/i }).fill('whit');
      await page.getByRole('status').filter({ hasText: '1 patient matching “whit”.' }).waitFor();
      expect(await patientNames(page)).toEqual(['Dorothy Whitfield']);

      await page.getByRole('searchbox', { name: /search patients/i }).fill('Kowal');
      await page.getByRole('status').filter({ hasText: 'matching “Kowal”' }).waitFor();
      expect(await patientNames(page)).toEqual(['Robert Kowalski']);
      const row = page.getByRole('row', { name: /Robert Kowalski/ });
      expect(await row.getByText('Anticoagulated', { exact: true }).count()).toBe(1);

      await page.getByRole('link', { name: 'Robert Kowalski' }).click();
      await page.waitForURL(new RegExp(`/app/patients/${UUID.source}$`));
      await page.getByRole('heading', { level: 1, name: 'Robert Kowalski' }).waitFor();
      const conditions = page.getByRole('table', { name: 'Conditions', exact: true });
      await conditions.waitFor();
      const codes = (await conditions.locator('tbody code').allInnerTexts()).map((t) => t.trim());
      expect(codes.sort()).toEqual(['I48.91', 'M54.50']);
      expect(await conditions.getByText('Unspecified atrial fibrillation').count()).toBe(1);
      const flags = page.getByRole('list', { name: 'Flags', exact: true });
      expect(await flags.getByText('Anticoagulated', { exact: true }).isVisible()).toBe(true);
      expect(await flags.getByText('Apixaban for atrial fibrillation').count()).toBe(1);
      const meds = page.getByRole('list', { name: 'Medications', exact: true });
      expect(await meds.getByText('Apixaban').count()).toBe(1);

      // "All patients" returns to the remembered search.
      await page.getByRole('link', { name: '← All patients' }).click();
      await page.waitForURL(/\/app\/patients$/);
      expect(await page.getByRole('searchbox', { name: /search patients/i }).inputValue()).toBe('Kowal');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a clinician adds a condition by searching the code set; the front desk sees conditions read-only', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInThroughUi(page, 'clinician@example.com', /\/app\/patients$/, 'Patients');
      await page.getByRole('link', { name: 'Dorothy Whitfield' }).click();
      await page.getByRole('heading', { level: 1, name: 'Dorothy Whitfield' }).waitFor();
      await page.getByRole('button', { name: 'Add condition' }).click();
      await page.getByRole('combobox', { name: /^Condition \(ICD-10-CM\)/ }).fill('low back');
      const option = page.getByRole('option', { name: /^M54\.50 Low back pain, unspecified/ });
      await option.waitFor();
      expect(await axeSerious(page)).toEqual([]);
      await option.click();
      await page.getByRole('button', { name: 'Save condition' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Added M54.50 Low back pain, unspecified.' })
        .waitFor();
      const conditions = page.getByRole('table', { name: 'Conditions', exact: true });
      const codes = (await conditions.locator('tbody code').allInnerTexts()).map((t) => t.trim());
      expect(codes).toEqual(['M81.0', 'M54.6', 'M54.50']);
      await shoot(page, 'roles-clinician-condition-added-1280');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    const desk = await newPage(browser);
    try {
      await signInThroughUi(desk.page, 'frontdesk@example.com', /\/app\/patients$/, 'Patients');
      await desk.page.getByRole('link', { name: 'Dorothy Whitfield' }).click();
      const conditions = desk.page.getByRole('table', { name: 'Conditions', exact: true });
      await conditions.getByText('M54.50').waitFor();
      expect(await desk.page.getByRole('button', { name: 'Add condition' }).count()).toBe(0);
      expect(desk.errors).toEqual([]);
    } finally {
      await desk.context.close();
    }
  });

  it('frontdesk creates a patient through the form; invalid fields get a message under them', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInThroughUi(page, 'frontdesk@example.com', /\/app\/patients$/, 'Patients');
      await page.getByRole('link', { name: 'New patient' }).click();
      await page.waitForURL(/\/app\/patients\/new$/);
      await page.getByRole('heading', { level: 1, name: 'New patient' }).waitFor();

      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/v1/patients')) posts.push(r.url());
      });
      const given = page.getByRole('textbox', { name: /^given name/i });
      const family = page.getByRole('textbox', { name: /^family name/i });
      const birth = page.getByLabel(/^date of birth/i);
      const sex = page.getByRole('combobox', { name: /^sex/i });

      // Empty family name and a birth date in the future.
      await given.fill('Theodora');
      await birth.fill('2999-01-01');
      await sex.selectOption('female');
      await page.getByRole('button', { name: 'Create patient' }).click();

      await expectFieldError(page, family, 'Enter the family (last) name.');
      await expectFieldError(
        page,
        birth,
        'Enter the date of birth as YYYY-MM-DD; it can’t be in the future.',
      );
      expect(await given.getAttribute('aria-invalid')).not.toBe('true');
      expect(posts).toEqual([]);
      expect(page.url()).toMatch(/\/app\/patients\/new$/);
      // Focus goes to the first field that needs attention (once it is marked aria-invalid).
      // Soft, so that a failure here still lets the creation below be checked.
      expect
        .soft(
          await family.evaluate((el) => el === document.activeElement),
          'focus moves to the first invalid field (Family name)',
        )
        .toBe(true);

      // Fixed: the patient is created and its record opens.
      await family.fill('Quillfeather');
      await birth.fill('1990-03-14');
      await page.getByRole('textbox', { name: /^phone/i }).fill('(314) 555-0199');
      const created = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/patients'),
      );
      await page.getByRole('button', { name: 'Create patient' }).click();
      expect((await created).status()).toBe(201);
      await page.waitForURL(new RegExp(`/app/patients/${UUID.source}$`));
      await page.getByRole('heading', { level: 1, name: 'Theodora Quillfeather' }).waitFor();
      expect(await page.locator('main').innerText()).toMatch(/Born 1990-03-14/);
      expect(await page.locator('main').innerText()).toContain('(314) 555-0199');

      const id = UUID.exec(page.url())![0];
      const stored = await page.request.get(`${server.base}/api/v1/patients/${id}`);
      expect(stored.status()).toBe(200);
      expect(await stored.json()).toMatchObject({
        givenName: 'Theodora',
        familyName: 'Quillfeather',
        birthDate: '1990-03-14',
        sex: 'female',
        phone: '+13145550199',
      });
      expect(posts).toHaveLength(1);

      // And it is found by search.
      await page.getByRole('link', { name: '← All patients' }).click();
      await page.getByRole('searchbox', { name: /search patients/i }).fill('Quill');
      await page.getByRole('status').filter({ hasText: 'matching “Quill”' }).waitFor();
      expect(await patientNames(page)).toEqual(['Theodora Quillfeather']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** The input is marked invalid and the message is its description, shown just below it. */
async function expectFieldError(page: Page, input: Locator, message: string) {
  await page.getByText(message, { exact: true }).waitFor();
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  const error = page.getByText(message, { exact: true });
  const errorId = await error.getAttribute('id');
  expect(errorId, `error "${message}" has an id`).toBeTruthy();
  expect(describedBy.split(/\s+/)).toContain(errorId);
  const inputBox = (await input.boundingBox())!;
  const errorBox = (await error.boundingBox())!;
  expect(errorBox.y).toBeGreaterThanOrEqual(inputBox.y + inputBox.height - 1);
  expect(errorBox.y).toBeLessThan(inputBox.y + inputBox.height + 40);
  expect(Math.abs(errorBox.x - inputBox.x)).toBeLessThan(8);
}

/** Whether the element lies inside the viewport (a collapsed navbar is only moved off screen). */
async function onScreen(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  return !!box && box.x >= 0 && box.x + box.width <= 390;
}

describe('small screens', () => {
  it('the patient list works at 390×844 behind the navigation menu', async () => {
    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    try {
      await signInThroughUi(page, 'frontdesk@example.com', /\/app\/patients$/, 'Patients');
      expect(await patientNames(page)).toContain('Dorothy Whitfield');
      // The navigation is collapsed behind the menu button, and the page does not scroll sideways.
      const burger = page.getByRole('button', { name: 'Open navigation' });
      expect(await burger.isVisible()).toBe(true);
      const accountLink = page.getByRole('link', { name: 'My account' });
      expect(await page.locator('#app-navigation').getAttribute('inert')).not.toBeNull();
      expect(await onScreen(accountLink)).toBe(false);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shoot(page, 'roles-frontdesk-patients-390');

      await burger.click();
      await page.getByRole('button', { name: 'Close navigation' }).waitFor();
      await expect.poll(() => onScreen(accountLink), { timeout: 5000 }).toBe(true);
      expect(await page.locator('#app-navigation').getAttribute('inert')).toBeNull();
      await accountLink.click();
      await page.waitForURL(/\/app\/account$/);
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

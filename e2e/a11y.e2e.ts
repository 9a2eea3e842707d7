import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  axeSerious,
  launch,
  newPage,
  patientIdByName,
  signInContext,
  startServer,
  watchErrors,
  type Server,
} from './support';

let server: Server;
let browser: Browser;
let kowalskiId = '';
type Who = 'anonymous' | 'admin' | 'clinician' | 'patient';
const contexts = new Map<Who, BrowserContext>();

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  kowalskiId = await patientIdByName(await apiAs(server.base, 'admin@example.com'), 'Robert Kowalski');
  for (const who of ['anonymous', 'admin', 'clinician', 'patient'] as const) {
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    if (who !== 'anonymous') await signInContext(context, server.base, `${who}@example.com`);
    contexts.set(who, context);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface PageCase {
  name: string;
  who: Who;
  path: () => string;
  heading: string | RegExp;
  /** Shown once the page's data has loaded. */
  ready: (page: Page) => ReturnType<Page['getByRole']>;
}

const PAGES: PageCase[] = [
  {
    name: 'landing',
    who: 'anonymous',
    path: () => '/',
    heading: 'Gentle, hands-on care, documented with the same care',
    ready: (p) => p.getByRole('heading', { name: 'For clinics' }),
  },
  {
    name: 'login',
    who: 'anonymous',
    path: () => '/login',
    heading: 'Sign in to Stillpoint',
    ready: (p) => p.getByRole('button', { name: /^sign in$/i }),
  },
  {
    name: 'find a DO',
    who: 'anonymous',
    path: () => '/find-a-do',
    heading: 'Find a DO near you',
    ready: (p) => p.getByRole('article').first(),
  },
  {
    name: 'directory listings',
    who: 'admin',
    path: () => '/app/admin/directory',
    heading: 'Directory listings',
    ready: (p) => p.getByRole('button', { name: 'Edit listing' }).first(),
  },
  {
    name: 'patients',
    who: 'clinician',
    path: () => '/app/patients',
    heading: 'Patients',
    ready: (p) => p.getByRole('table', { name: 'Patients', exact: true }),
  },
  {
    name: 'patient detail',
    who: 'clinician',
    path: () => `/app/patients/${kowalskiId}`,
    heading: 'Robert Kowalski',
    ready: (p) => p.getByRole('region', { name: 'Allergies', exact: true }),
  },
  {
    name: 'my record (patient)',
    who: 'patient',
    path: () => '/app/me',
    heading: 'My record',
    ready: (p) => p.getByRole('table', { name: 'Conditions', exact: true }),
  },
  {
    name: 'audit log',
    who: 'admin',
    path: () => '/app/admin/audit',
    heading: 'Audit log',
    // A table on a desktop, cards on a phone.
    ready: (p) =>
      p
        .getByRole('table', { name: 'Audit entries', exact: true })
        .or(p.getByRole('list', { name: 'Audit entries', exact: true })),
  },
  {
    name: 'users',
    who: 'admin',
    path: () => '/app/admin/users',
    heading: 'Users',
    ready: (p) => p.getByText('No emergency access has been used.'),
  },
  {
    name: 'clinic settings',
    who: 'admin',
    path: () => '/app/admin/clinic',
    heading: 'Clinic settings',
    ready: (p) => p.getByRole('textbox', { name: /^clinic name/i }),
  },
  {
    name: 'my account',
    who: 'clinician',
    path: () => '/app/account',
    heading: 'My account',
    ready: (p) => p.getByText('You have no tokens.'),
  },
];

/** Waits until no loading spinner is left (data requests done). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.mantine-Loader-root').length === 0);
}

describe('axe', () => {
  it('reports a planted serious violation (self-check)', async () => {
    const page = await contexts.get('anonymous')!.newPage();
    try {
      await page.goto(`${server.base}/login`);
      await page.getByRole('heading', { level: 1, name: 'Sign in to Stillpoint' }).waitFor();
      await page.evaluate(() => {
        const button = document.createElement('button');
        button.type = 'button';
        document.querySelector('main')!.append(button);
      });
      expect((await axeSerious(page)).map((v) => v.id)).toContain('button-name');
    } finally {
      await page.close();
    }
  });
});

for (const width of [1280, 390]) {
  const height = width === 390 ? 844 : 900;
  describe(`axe at ${width} px: no serious or critical violations, no console errors`, () => {
    for (const c of PAGES) {
      it(c.name, async () => {
        const page = await contexts.get(c.who)!.newPage();
        const { errors, consoleErrors } = watchErrors(page);
        try {
          await page.setViewportSize({ width, height });
          await page.goto(`${server.base}${c.path()}`);
          await page.getByRole('heading', { level: 1, name: c.heading }).waitFor();
          await c.ready(page).first().waitFor();
          await settled(page);
          expect(new URL(page.url()).pathname).toBe(c.path());
          expect(await axeSerious(page)).toEqual([]);
          expect(errors).toEqual([]);
          expect(consoleErrors).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  });
}

describe('keyboard', () => {
  it('on /login, Tab reaches email, password and Sign in in that order, and Enter submits', async () => {
    const { context, page, errors, consoleErrors } = await newPage(browser);
    try {
      await page.goto(`${server.base}/login`);
      await page.getByRole('heading', { level: 1, name: 'Sign in to Stillpoint' }).waitFor();
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return 'body';
          const name = el.getAttribute('name') ?? el.getAttribute('aria-label') ?? el.textContent?.trim();
          return `${el.tagName.toLowerCase()}:${name ?? ''}`;
        });
      const order: string[] = [];
      for (let i = 0; i < 12 && !order.includes('button:Sign in'); i++) {
        await page.keyboard.press('Tab');
        const now = await focused();
        order.push(now);
        if (now === 'input:email') await page.keyboard.type('clinician@example.com');
        if (now === 'input:password') await page.keyboard.type('stillpoint-demo');
      }
      const email = order.indexOf('input:email');
      const password = order.indexOf('input:password');
      const button = order.indexOf('button:Sign in');
      expect(email, order.join(' → ')).toBeGreaterThanOrEqual(0);
      expect(password, order.join(' → ')).toBeGreaterThan(email);
      expect(button, order.join(' → ')).toBeGreaterThan(password);
      // The skip link comes first.
      expect(order[0]).toBe('a:Skip to content');

      await page.keyboard.press('Enter');
      await page.waitForURL(/\/app\/patients$/);
      await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
      expect(errors).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('public pages stay small', () => {
  const BUDGET = 250 * 1024;
  for (const path of ['/', '/login']) {
    it(`${path} loads at most 250 KB of gzipped JavaScript`, async () => {
      const { context, page } = await newPage(browser);
      try {
        const scripts: Promise<{ url: string; gzipped: number }>[] = [];
        page.on('response', (r) => {
          const type = r.headers()['content-type'] ?? '';
          if (r.request().resourceType() === 'script' || type.includes('javascript')) {
            scripts.push(r.body().then((b) => ({ url: r.url(), gzipped: gzipSync(b).length })));
          }
        });
        await page.goto(`${server.base}${path}`, { waitUntil: 'networkidle' });
        await page.getByRole('heading', { level: 1 }).waitFor();
        const loaded = await Promise.all(scripts);
        const total = loaded.reduce((sum, s) => sum + s.gzipped, 0);
        const report = loaded.map((s) => `${new URL(s.url).pathname}: ${s.gzipped} B`).join(', ');
        expect(loaded.length, 'the page loads its script').toBeGreaterThan(0);
        expect(total, report).toBeLessThanOrEqual(BUDGET);
        // The signed-in part of the app is a separate chunk that public pages do not fetch.
        expect(loaded.map((s) => s.url).filter((u) => /SignedInApp/.test(u))).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});

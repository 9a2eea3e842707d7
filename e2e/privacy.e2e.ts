import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, launch, newPage, patientIdByName, signInAndWait, startServer, type Server } from './support';

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

interface Stored {
  where: string;
  text: string;
}

/** Everything the origin keeps in the browser: Web Storage, every IndexedDB store, Cache Storage. */
async function browserStorage(page: Page): Promise<Stored[]> {
  return page.evaluate(async () => {
    const out: { where: string; text: string }[] = [];
    for (const [name, store] of [
      ['localStorage', window.localStorage],
      ['sessionStorage', window.sessionStorage],
    ] as const) {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i)!;
        out.push({ where: `${name}:${key}`, text: `${key}\n${store.getItem(key)}` });
      }
    }
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        out.push({ where: `indexedDB:${info.name}/${storeName}`, text: JSON.stringify({ keys, values }) });
      }
      db.close();
    }
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        out.push({ where: `cache:${cacheName}`, text: `${req.url}\n${res ? await res.text() : ''}` });
      }
    }
    return out;
  });
}

/** The stored items that mention any of the needles. */
function leaks(stored: Stored[], needles: string[]): string[] {
  return stored.flatMap((s) =>
    needles.filter((n) => s.text.includes(n)).map((n) => `${s.where} holds "${n}"`),
  );
}

/** Names and record ids from the patient table currently on screen. */
async function visiblePatients(page: Page): Promise<{ name: string; id: string }[]> {
  const table = page.getByRole('table', { name: 'Patients', exact: true });
  await table.waitFor();
  const links = table.getByRole('rowheader').getByRole('link');
  const out: { name: string; id: string }[] = [];
  for (const link of await links.all()) {
    const href = (await link.getAttribute('href')) ?? '';
    out.push({ name: (await link.innerText()).trim(), id: decodeURIComponent(href.split('/').pop()!) });
  }
  return out;
}

describe('privacy in the browser', () => {
  it('the storage scan finds data where it is planted (self-check)', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${server.base}/login`);
      const canary = 'canary-7f3a91';
      await page.evaluate(async (value) => {
        localStorage.setItem('k', value);
        sessionStorage.setItem('k', value);
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('canary-db');
          open.onupgradeneeded = () => open.result.createObjectStore('s');
          open.onerror = () => reject(open.error ?? new Error('open failed'));
          open.onsuccess = () => {
            const tx = open.result.transaction('s', 'readwrite');
            tx.objectStore('s').put({ value }, 'k');
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        });
        await (await caches.open('canary-cache')).put('/canary', new Response(value));
      }, canary);
      const found = leaks(await browserStorage(page), [canary]).sort();
      expect(found).toEqual([
        `cache:canary-cache holds "${canary}"`,
        `indexedDB:canary-db/s holds "${canary}"`,
        `localStorage:k holds "${canary}"`,
        `sessionStorage:k holds "${canary}"`,
      ]);
    } finally {
      await context.close();
    }
  });

  it('after signing out, no patient name or id is left in browser storage, cookies or on screen', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'clinician@example.com');
      const listed = await visiblePatients(page);
      expect(listed.length).toBeGreaterThanOrEqual(20);
      // Search (remembered while the app is open) and open two records.
      await page.getByRole('searchbox', { name: /search patients/i }).fill('Kowal');
      await page.getByRole('status').filter({ hasText: 'matching “Kowal”' }).waitFor();
      await page.getByRole('link', { name: 'Robert Kowalski' }).click();
      await page.getByRole('heading', { level: 1, name: 'Robert Kowalski' }).waitFor();
      await page.getByRole('link', { name: '← All patients' }).click();
      await page.getByRole('searchbox', { name: /search patients/i }).fill('');
      await page.getByRole('link', { name: 'Dorothy Whitfield' }).click();
      await page.getByRole('heading', { level: 1, name: 'Dorothy Whitfield' }).waitFor();

      const names = listed.slice(0, 8).map((p) => p.name);
      const ids = listed.slice(0, 8).map((p) => p.id);
      expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^[A-Z][a-z]+ [A-Z]/)]));
      const needles = [...names, ...ids, 'Robert Kowalski', 'Dorothy Whitfield', 'Kowal', 'Apixaban'];
      // Sanity: the names really were on screen, so their absence later means something.
      expect(await page.locator('main').innerText()).toContain('Alendronate');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/login\?signedout=1$/);
      await page.getByText('You have signed out.').waitFor();

      expect(leaks(await browserStorage(page), needles)).toEqual([]);
      const cookies = await context.cookies();
      expect(cookies.filter((c) => /session/i.test(c.name))).toEqual([]);
      expect(await page.evaluate(() => document.title)).not.toMatch(/Kowalski|Whitfield/);
      const html = await page.content();
      expect(needles.filter((n) => html.includes(n))).toEqual([]);
      expect((await page.request.get(`${server.base}/api/v1/auth/me`)).status()).toBe(401);

      // Back does not bring the record back.
      await page.goBack();
      // The restored page's first session check (→ ?next=) or a request of the page it left
      // (→ ?expired=1&next=) gets the 401 first; either way it lands on the sign-in page.
      await page.waitForURL(/\/login\?(expired=1&)?next=/);
      await page.getByRole('heading', { level: 1, name: 'Sign in to Stillpoint' }).waitFor();
      const after = await page.content();
      expect(needles.filter((n) => after.includes(n))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a session ended on the server sends the user to sign in, with a message and no patient data', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'clinician@example.com');
      const listed = await visiblePatients(page);
      await page.getByRole('link', { name: 'Dorothy Whitfield' }).click();
      await page.getByRole('heading', { level: 1, name: 'Dorothy Whitfield' }).waitFor();
      const names = [...listed.slice(0, 8).map((p) => p.name), 'Dorothy Whitfield', 'Alendronate'];
      // Marks this page's memory: a full reload (which must follow) forgets it.
      await page.evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 1));
      const recordPath = new URL(page.url()).pathname;

      const admin = await apiAs(server.base, 'admin@example.com');
      const users = await admin.get('/api/v1/admin/users');
      const clinician = users.body.results.find(
        (u: { email: string }) => u.email === 'clinician@example.com',
      );
      const revoked = await admin.post(`/api/v1/admin/users/${clinician.id}/revoke-sessions`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revoked).toBeGreaterThanOrEqual(1);

      // The next action in the app finds the session gone. The app's own session check may get there
      // first and leave the page mid-click (a click then never completes): either way it must end on
      // the sign-in page, which is what is asserted.
      await page
        .getByRole('link', { name: '← All patients' })
        .click({ timeout: 5_000 })
        .catch(() => undefined);
      await page.waitForURL(/\/login\?expired=1/);
      // Where the user was: the list they clicked to, or the record when the check came first.
      const next = new URL(page.url()).searchParams.get('next');
      expect(['/app/patients', recordPath]).toContain(next);
      await page.getByRole('heading', { level: 1, name: 'Sign in to Stillpoint' }).waitFor();
      const notice = page.getByRole('status').filter({ hasText: 'You were signed out' });
      await notice.waitFor();
      expect(await notice.innerText()).toContain('Sign in again to continue.');

      expect(
        await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker),
      ).toBeUndefined();
      const html = await page.content();
      expect(names.filter((n) => html.includes(n))).toEqual([]);
      expect((await page.request.get(`${server.base}/api/v1/patients`)).status()).toBe(401);

      // Signing in again returns to where the user was.
      await page.getByRole('textbox', { name: /^email/i }).fill('clinician@example.com');
      await page.getByLabel(/^password/i).fill('stillpoint-demo');
      await page.getByRole('button', { name: /^sign in$/i }).click();
      await page.waitForURL((u) => u.pathname === next);
      if (next === recordPath)
        await page.getByRole('heading', { level: 1, name: 'Dorothy Whitfield' }).waitFor();
      else await page.getByRole('link', { name: 'Dorothy Whitfield' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('emergency access to a restricted record: reason, audited banner, and an entry in the audit log', async () => {
    const clinician = await newPage(browser);
    const admin = await newPage(browser);
    try {
      const priyaId = await patientIdByName(await apiAs(server.base, 'admin@example.com'), 'Priya Patel');
      const { page } = clinician;
      await signInAndWait(page, server.base, 'clinician@example.com');
      await page.getByRole('searchbox', { name: /search patients/i }).fill('Priya');
      await page.getByRole('status').filter({ hasText: 'matching “Priya”' }).waitFor();
      await page.getByRole('link', { name: 'Priya Patel' }).click();
      await page.waitForURL(new RegExp(`/app/patients/${priyaId}$`));

      // Not available: no clinical data, but an emergency option.
      await page.getByRole('heading', { level: 2, name: 'Emergency access' }).waitFor();
      expect(await page.getByText('This record is not available to you').isVisible()).toBe(true);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Patient record');
      const mainBefore = await page.locator('main').innerText();
      expect(mainBefore).not.toMatch(/M76\.891|enthesopathies|1983-02-14|Emergency access — audited/);

      // A reason is required.
      const open = page.getByRole('button', { name: 'Open record in emergency mode' });
      await page.getByRole('textbox', { name: /^reason/i }).fill('urgent');
      await open.click();
      await page.getByText('Describe the emergency in at least 10 characters.').waitFor();
      expect(await page.getByRole('textbox', { name: /^reason/i }).getAttribute('aria-invalid')).toBe('true');

      const reason = 'Patient collapsed in the waiting room; Dr. Patel is away (e2e)';
      await page.getByRole('textbox', { name: /^reason/i }).fill(reason);
      await page.getByRole('radio', { name: '15 minutes' }).check();
      const granted = page.waitForResponse((r) => r.url().endsWith('/api/v1/break-glass'));
      await open.click();
      expect((await granted).status()).toBe(201);

      const banner = page.getByRole('alert').filter({ hasText: 'Emergency access — audited' });
      await banner.waitFor();
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.innerText()).toMatch(/Every view of this record is recorded.*Access ends at/s);
      await page.getByRole('heading', { level: 1, name: 'Priya Patel' }).waitFor();
      const conditions = page.getByRole('table', { name: 'Conditions', exact: true });
      expect(await conditions.getByText('M76.891').count()).toBe(1);

      // The administrator finds it in the audit log, filtered to emergency access.
      await signInAndWait(admin.page, server.base, 'admin@example.com');
      await admin.page.getByRole('link', { name: 'Audit log' }).click();
      await admin.page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      const entries = admin.page.getByRole('table', { name: 'Audit entries' });
      await entries.waitFor();
      const allCount = await entries.locator('tbody tr').count();

      await admin.page.getByRole('combobox', { name: 'Emergency access' }).selectOption('true');
      const filtered = admin.page.waitForResponse(
        (r) => r.url().includes('/api/v1/audit?') && r.url().includes('emergency=true'),
      );
      await admin.page.getByRole('button', { name: 'Apply filters' }).click();
      await admin.page.waitForURL(/[?&]emergency=true/);
      const filteredCount = ((await (await filtered).json()).results as unknown[]).length;
      expect(filteredCount).toBeGreaterThanOrEqual(2);
      expect(filteredCount).toBeLessThan(allCount);
      const label = new RegExp(`^${filteredCount} entr${filteredCount === 1 ? 'y' : 'ies'}\\.$`);
      await admin.page.getByRole('status').filter({ hasText: label }).waitFor();
      const rows = entries.locator('tbody tr');
      expect(await rows.count()).toBe(filteredCount);
      const rowTexts = await rows.allInnerTexts();
      // Every listed entry is an emergency one, by the clinician, about Priya Patel.
      for (const text of rowTexts) {
        expect(text).toContain('Emergency');
        expect(text).toContain('clinician@example.com');
        expect(text).toContain(priyaId);
        expect(text).toContain(`Reason: ${reason}`);
      }
      const actions = rowTexts.map((t) => /break-glass\.grant|patient\.read/.exec(t)?.[0]);
      expect(actions).toEqual(expect.arrayContaining(['break-glass.grant', 'patient.read']));
      expect(clinician.errors).toEqual([]);
      expect(admin.errors).toEqual([]);
    } finally {
      await clinician.context.close();
      await admin.context.close();
    }
  });
});

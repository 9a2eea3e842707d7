/**
 * Public-page JavaScript (issue 12): the bytes of every script each public page loads in Chromium
 * at 390 px — the HTML's scripts and module preloads, any chunk loaded after (lazy routes) and inline
 * scripts — each gzipped at level 9, with the built web app (`npm run build:web`) served by the real
 * app. The library and self-check are server-rendered and load none. Budget: ≤ 250 KB per page.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Row } from './run.ts';
import { startTestApp } from '../src/server/testing/harness.ts';
import { projectRoot } from '../src/server/paths.ts';

const BUDGET_BYTES = 250 * 1024;
const PAGES: Record<string, string> = {
  home: '/',
  library: '/learn',
  'technique page': '/learn/techniques/counterstrain',
  'self-check': '/self-check',
  'find a DO': '/find-a-do?zip=60601',
};
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

export async function publicJsRows(): Promise<Row[]> {
  const what = 'Public-page JS (gzipped, per page)';
  const budget = '≤ 250 KB each';
  if (!fs.existsSync(path.join(projectRoot, 'dist/web/index.html')))
    return [{ what, figure: 'skipped: run npm run build:web first', budget, ok: null }];
  if (!CHROMIUM) return [{ what, figure: 'skipped: Chromium not installed', budget, ok: null }];
  const t = await startTestApp('pglite');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const out: Row[] = [];
  try {
    for (const [name, url] of Object.entries(PAGES)) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const scripts = new Map<string, Promise<Buffer>>();
      page.on('response', (res) => {
        const type = res.request().resourceType();
        if (type === 'script' || /\.m?js(\?|$)/.test(res.url())) scripts.set(res.url(), res.body());
      });
      await page.goto(`${base}${url}`, { waitUntil: 'networkidle' });
      // Inline scripts count too (structured data, JSON-LD, is not JavaScript).
      const inline = await page.evaluate(() =>
        [...document.querySelectorAll('script:not([src])')]
          .filter((s) => !/json/.test(s.getAttribute('type') ?? ''))
          .map((s) => s.textContent ?? ''),
      );
      let gz = 0;
      let raw = 0;
      for (const b of [...(await Promise.all(scripts.values())), ...inline.map((t) => Buffer.from(t))]) {
        raw += b.length;
        gz += zlib.gzipSync(b, { level: 9 }).length;
      }
      await context.close();
      out.push({
        what: `Public-page JS, ${name} (${url})`,
        figure: `${(gz / 1024).toFixed(1)} KB gzipped: ${scripts.size} file(s), ${inline.length} inline (${(raw / 1024).toFixed(0)} KB raw)`,
        budget,
        ok: gz <= BUDGET_BYTES,
      });
    }
  } finally {
    await browser.close();
    await t.close();
  }
  return out;
}

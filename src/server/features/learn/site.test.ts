import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TECHNIQUES } from '../../../domain/omt/index.ts';
import { RED_FLAG_RULES } from '../../../domain/selfcheck/index.ts';
import { describeEngines, startTestApp, type TestApp } from '../../testing/harness.ts';
import { rawRows } from '../../db/connect.ts';
import { LIBRARY_PAGES, PROCEDURE_FACTS } from './site/content/library.ts';
import { conditionsOf, rulesFor } from './site/content/techniques.ts';
import { citedSources, type Block } from './site/model.ts';
import { resolveSource } from './site/sources.ts';
import Fastify from 'fastify';
import { registerPublicSite } from './index.ts';

const pathOf = (slug: string) => (slug ? `/learn/${slug}` : '/learn');
const claimsOf = (b: Block) =>
  b.kind === 'list'
    ? b.items
    : b.kind === 'table'
      ? b.rows
      : b.kind === 'facts'
        ? b.facts
        : b.kind === 'link'
          ? []
          : [b];
/** React escapes these in text; compare page text against the escaped form. */
const escaped = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');

describe('library content', () => {
  it('every technique of the catalogue has its page', () => {
    const slugs = new Set(LIBRARY_PAGES.map((p) => p.slug));
    for (const t of TECHNIQUES) expect(slugs, t.id).toContain(`techniques/${t.id}`);
  });

  it('every page lists sources, every claim cites at least one, and every source resolves', () => {
    for (const page of LIBRARY_PAGES) {
      const ids = citedSources(page);
      expect(ids.length, page.slug).toBeGreaterThan(0);
      for (const s of page.sections)
        for (const b of s.blocks)
          for (const claim of claimsOf(b)) expect(claim.cite.length, page.slug).toBeGreaterThan(0);
      for (const id of ids) {
        const src = resolveSource(id);
        expect(src.title.length, id).toBeGreaterThan(5);
        // Only the reference's own "unverified" marker has no address.
        if (id !== 'unverified') expect(src.url, id).toMatch(/^https?:\/\//);
      }
      expect(page.description.length, page.slug).toBeLessThanOrEqual(160);
    }
  });

  it('the facts panel shows only sourced ranges: a figure is a range, weak sources say so, unsourced ones show none', () => {
    for (const f of PROCEDURE_FACTS) {
      if (f.value !== null) expect(f.value, f.label).toMatch(/\d\s*[–-]\s*\d/);
      const weakSource = f.cite.some((id) => resolveSource(id).grade !== 'V');
      if (f.value !== null && weakSource) expect(f.weak, f.label).toBeTruthy();
    }
    expect(PROCEDURE_FACTS.find((f) => f.label === 'Cost')!.value).toBeNull();
    expect(PROCEDURE_FACTS.find((f) => f.label === 'US volume per year')!.value).toBeNull();
  });
});

describe('canonical links', () => {
  it('come from STILLPOINT_PUBLIC_URL, never from a forged Host header', async () => {
    const app = Fastify();
    await registerPublicSite(app, { publicUrl: 'https://clinic.example.org/', host: '0.0.0.0', port: 3000 });
    const res = await app.inject({
      method: 'GET',
      url: '/learn/evidence',
      headers: { host: 'evil.example' },
    });
    expect(res.body).toContain('<link rel="canonical" href="https://clinic.example.org/learn/evidence"/>');
    expect(res.body).not.toContain('evil.example');
    const map = await app.inject({ method: 'GET', url: '/sitemap.xml', headers: { host: 'evil.example' } });
    expect(map.body).toContain('<loc>https://clinic.example.org/learn</loc>');
    await app.close();
  });

  it('fall back to the server’s own address in development', async () => {
    const app = Fastify();
    await registerPublicSite(app, { publicUrl: null, host: '0.0.0.0', port: 3103 });
    const res = await app.inject({ method: 'GET', url: '/learn', headers: { host: 'evil.example' } });
    expect(res.body).toContain('<link rel="canonical" href="http://localhost:3103/learn"/>');
    await app.close();
  });
});

describeEngines('public site on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const form = (body: string) =>
    t.app.inject({
      method: 'POST',
      url: '/self-check',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
    });

  it('serves every library page as HTML without JavaScript, with title, description, canonical and JSON-LD', async () => {
    for (const page of LIBRARY_PAGES) {
      const res = await get(pathOf(page.slug));
      expect(res.statusCode, page.slug).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      const body = res.body;
      expect(body).toContain(`<title>${escaped(page.title)} · Stillpoint</title>`);
      expect(body).toContain(`<meta name="description" content="${escaped(page.description)}"/>`);
      expect(body).toMatch(new RegExp(`<link rel="canonical" href="http://[^"]+${pathOf(page.slug)}"/>`));
      // No executable script at all: only the structured data block.
      expect(body.match(/<script/g)).toHaveLength(1);
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)![1]!);
      expect(ld['@type']).toBe('MedicalWebPage');
      expect(ld.name).toBe(page.title);
      // The sources are listed on the page, numbered as cited.
      const ids = citedSources(page);
      expect(body).toContain('<h2 id="sources-title">Sources</h2>');
      expect(body).toContain(`id="source-${ids.length}"`);
      expect(body).not.toContain(`id="source-${ids.length + 1}"`);
    }
  });

  it('a technique page shows every safety rule the clinicians’ check applies to it', async () => {
    for (const tech of TECHNIQUES) {
      const body = (await get(`/learn/techniques/${tech.id}`)).body;
      expect(body).toContain(escaped(tech.patientDescription));
      for (const rule of rulesFor(tech.id)) expect(body, rule.id).toContain(escaped(conditionsOf(rule)));
    }
    const hvla = (await get('/learn/techniques/hvla')).body;
    expect(hvla).toContain('Osteoporosis');
    expect(hvla).toContain('Should not be used');
  });

  it('an unknown page is a 404 page that says where to go', async () => {
    const res = await get('/learn/no-such-page');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('library’s front page');
  });

  it('sitemap.xml lists every public page; robots.txt points to it', async () => {
    const map = (await get('/sitemap.xml')).body;
    for (const page of LIBRARY_PAGES) expect(map).toContain(`${pathOf(page.slug)}</loc>`);
    expect(map).toContain('/self-check</loc>');
    const robots = await get('/robots.txt');
    expect(robots.statusCode).toBe(200);
    expect(robots.body).toMatch(/Sitemap: http:\/\/.+\/sitemap\.xml/);
    expect(robots.body).toContain('Disallow: /api/');
  });

  it('the self-check form works without JavaScript and asks every red flag in plain words', async () => {
    const page = (await get('/self-check')).body;
    expect(page).toMatch(/<form[^>]* action="\/self-check" method="post">/);
    for (const r of RED_FLAG_RULES) expect(page).toContain(`value="${r.flag}"`);
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it('a red-flag answer shows the emergency advice with its sources; nothing is stored', async () => {
    const before = await rawRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events`,
    );
    const res = await form('area=low-back&weeks=3&ageYears=52&flags=saddle-numbness&flags=osteoporosis');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Call 911 or go to the nearest emergency department now');
    expect(res.body).toContain('cauda equina');
    expect(res.body).toContain('NICE Clinical Knowledge Summaries');
    expect(res.body).toContain('Tell the DO you have osteoporosis');
    expect(res.body).toContain('href="/find-a-do?area=low-back"');
    const after = await rawRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events`,
    );
    if (engine === 'pglite') expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('no flags: OMT may help, and the page ends with find a DO for the area', async () => {
    const res = await form('area=neck&weeks=10&ageYears=35');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('OMT may help you');
    expect(res.body).toContain('href="/find-a-do?area=neck"');
  });

  it('bad answers come back as the form, 400, naming each field, keeping what was typed', async () => {
    const res = await form('area=elbow&weeks=lots&ageYears=&flags=fever&flags=dizzy');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose the area that hurts');
    expect(res.body).toContain('Enter how many weeks');
    expect(res.body).toContain('Enter your age');
    expect(res.body).toContain('Unknown flag');
    expect(res.body).toContain('value="lots"');
    expect(res.body).toMatch(/id="flag-fever" name="flags" checked="" value="fever"/);
  });
});

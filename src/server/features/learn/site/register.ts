import type { FastifyInstance, FastifyReply } from 'fastify';
import { selfCheckRequest } from '../../../../contracts/selfcheck.ts';
import { selfCheck } from '../../../../domain/selfcheck/index.ts';
import { LIBRARY_PAGES, PAGE_BY_SLUG } from './content/library.ts';
import { citedSources, type LibraryPage } from './model.ts';
import { resolveSource } from './sources.ts';
import { renderPage, type Head } from './render/layout.tsx';
import { Article } from './render/article.tsx';
import {
  SelfCheckForm,
  SelfCheckResultView,
  type FieldErrors,
  type FormValues,
} from './render/selfcheck.tsx';
import { createElement } from 'react';

/**
 * The public site, rendered on the server at request time with react-dom/server: plain HTML and one
 * inlined style sheet, no JavaScript at all (0 KB against the 250 KB budget), readable by search
 * engines and by visitors without scripts. The pages are built from the domain's catalogue and
 * safety rules when the server starts serving them, so a change to the rules is on the page at the
 * next deploy with no separate build step to forget.
 */
export interface SiteOptions {
  /** STILLPOINT_PUBLIC_URL. */
  publicUrl: string | null;
  host: string;
  port: number;
}

/**
 * The origin of canonical links and the sitemap: STILLPOINT_PUBLIC_URL, or this server's own
 * address (development). Never the request's Host header: these pages are cacheable, and a forged
 * Host must not end up in a cached canonical link.
 */
function siteOrigin(opts: SiteOptions): string {
  if (opts.publicUrl) return opts.publicUrl.replace(/\/$/, '');
  const host = ['0.0.0.0', '::', ''].includes(opts.host) ? 'localhost' : opts.host;
  return `http://${host}:${opts.port}`;
}

const THERAPY = { '@type': 'MedicalTherapy', name: 'Osteopathic manipulative treatment (OMT)' };

function pageHead(page: LibraryPage, origin: string): Head {
  const path = page.slug ? `/learn/${page.slug}` : '/learn';
  const url = `${origin}${path}`;
  return {
    title: page.title,
    description: page.description,
    canonical: url,
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'MedicalWebPage',
      name: page.title,
      description: page.description,
      url,
      inLanguage: 'en',
      audience: { '@type': 'Patient' },
      about: THERAPY,
      citation: citedSources(page).flatMap((id) => {
        const s = resolveSource(id);
        return s.url ? [{ '@type': 'CreativeWork', name: s.title, url: s.url }] : [];
      }),
      isPartOf: { '@type': 'WebSite', name: 'Stillpoint', url: `${origin}/` },
    },
  };
}

function html(reply: FastifyReply, status: number, body: string, cache = 'public, max-age=300') {
  return reply.code(status).header('cache-control', cache).type('text/html; charset=utf-8').send(body);
}

const SELF_CHECK_DESCRIPTION =
  'A short, private self-check: warning signs that need emergency care or a doctor first, and what to tell a DO before OMT. Nothing is stored.';

function selfCheckHead(origin: string): Head {
  return {
    title: 'Is OMT right for me? A private self-check',
    description: SELF_CHECK_DESCRIPTION,
    canonical: `${origin}/self-check`,
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'MedicalWebPage',
      name: 'Is OMT right for me?',
      description: SELF_CHECK_DESCRIPTION,
      url: `${origin}/self-check`,
      audience: { '@type': 'Patient' },
      about: THERAPY,
    },
  };
}

/** The form's fields as the contract's body: numbers where the visitor typed a number. */
function formBody(values: FormValues) {
  const num = (v: string | undefined) =>
    v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
  return { area: values.area, weeks: num(values.weeks), ageYears: num(values.ageYears), flags: values.flags };
}

function readForm(body: unknown): FormValues {
  const params = body instanceof URLSearchParams ? body : new URLSearchParams();
  const one = (k: string) => params.get(k) ?? undefined;
  return { area: one('area'), weeks: one('weeks'), ageYears: one('ageYears'), flags: params.getAll('flags') };
}

export function sitemapXml(origin: string): string {
  const paths = ['/', '/self-check', ...LIBRARY_PAGES.map((p) => (p.slug ? `/learn/${p.slug}` : '/learn'))];
  const urls = paths.map((p) => `  <url><loc>${origin}${p}</loc></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

function notFoundPage(origin: string): string {
  const index = PAGE_BY_SLUG.get('')!;
  return renderPage(
    { ...pageHead(index, origin), title: 'Page not found' },
    createElement('div', null, [
      createElement('h1', { key: 'h' }, 'We could not find that page'),
      createElement('p', { key: 'p' }, [
        'It may have moved. Start from the ',
        createElement('a', { key: 'a', href: '/learn' }, 'library’s front page'),
        '.',
      ]),
    ]),
  );
}

/** The no-JavaScript form's answer: the form again with each problem named (400), or the result. */
function answerSelfCheck(origin: string, body: unknown): { status: number; html: string } {
  const head = selfCheckHead(origin);
  const values = readForm(body);
  const parsed = selfCheckRequest.safeParse(formBody(values));
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'area') as keyof FieldErrors;
      errors[field] ??= issue.message;
    }
    return { status: 400, html: renderPage(head, createElement(SelfCheckForm, { values, errors })) };
  }
  const out = selfCheck(parsed.data);
  return {
    status: 200,
    html: renderPage(
      { ...head, title: 'Your self-check result' },
      createElement(SelfCheckResultView, { area: parsed.data.area, out }),
    ),
  };
}

const robotsTxt = (origin: string) =>
  `User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /fhir/\nDisallow: /app\n\nSitemap: ${origin}/sitemap.xml\n`;

export async function registerPublicSite(app: FastifyInstance, opts: SiteOptions): Promise<void> {
  const origin = siteOrigin(opts);
  // The library's pages depend only on the code and the origin: rendered once each, on first visit.
  const rendered = new Map<string, string>();
  const libraryPage = (page: LibraryPage) => {
    if (!rendered.has(page.slug))
      rendered.set(page.slug, renderPage(pageHead(page, origin), createElement(Article, { page })));
    return rendered.get(page.slug)!;
  };
  const serve = (slug: string, reply: FastifyReply) => {
    const page = PAGE_BY_SLUG.get(slug);
    return page ? html(reply, 200, libraryPage(page)) : html(reply, 404, notFoundPage(origin), 'no-cache');
  };
  await app.register(async (site) => {
    // The no-JavaScript self-check posts an ordinary HTML form; only these routes read that format.
    site.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8 * 1024 },
      (_req, body, done) => done(null, new URLSearchParams(String(body))),
    );
    site.get('/learn', async (_req, reply) => serve('', reply));
    site.get('/learn/*', async (req, reply) =>
      serve((req.params as { '*': string })['*'].replace(/\/$/, ''), reply),
    );
    site.get('/self-check', async (_req, reply) =>
      html(
        reply,
        200,
        renderPage(
          selfCheckHead(origin),
          createElement(SelfCheckForm, { values: { flags: [] }, errors: {} }),
        ),
      ),
    );
    site.post('/self-check', async (req, reply) => {
      const answer = answerSelfCheck(origin, req.body);
      return html(reply, answer.status, answer.html, 'no-store');
    });
    site.get('/sitemap.xml', async (_req, reply) =>
      reply.type('application/xml; charset=utf-8').send(sitemapXml(origin)),
    );
    site.get('/robots.txt', async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send(robotsTxt(origin)),
    );
  });
}

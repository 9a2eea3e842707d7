import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { SITE_CSS } from './style.ts';

export interface Head {
  title: string;
  description: string;
  /** Absolute URL of this page. */
  canonical: string;
  /** schema.org structured data. */
  jsonLd: Record<string, unknown>;
}

/** JSON inside <script>: `<` escaped so no text can close the element. */
const safeJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

function Page({ head, children }: { head: Head; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${head.title} · Stillpoint`}</title>
        <meta name="description" content={head.description} />
        <link rel="canonical" href={head.canonical} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <meta property="og:title" content={head.title} />
        <meta property="og:description" content={head.description} />
        <meta property="og:url" content={head.canonical} />
        <style dangerouslySetInnerHTML={{ __html: SITE_CSS }} />
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: safeJson(head.jsonLd) }} />
      </head>
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site">
          <div className="bar">
            <a className="brand" href="/">
              Stillpoint
            </a>
            <nav className="site" aria-label="Main">
              <ul>
                <li>
                  <a href="/learn">Learn about OMT</a>
                </li>
                <li>
                  <a href="/self-check">Is OMT right for me?</a>
                </li>
                <li>
                  <a href="/find-a-do">Find a DO</a>
                </li>
                <li>
                  <a href="/login">Sign in</a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main">{children}</main>
        <footer className="site">
          <div>
            <p>
              This page explains; it does not give medical advice. Talk to a doctor about your own health. In
              an emergency call 911.
            </p>
            <p>Stillpoint is open-source software (AGPL-3.0-or-later).</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(head: Head, body: ReactNode): string {
  return `<!doctype html>${renderToStaticMarkup(<Page head={head}>{body}</Page>)}`;
}

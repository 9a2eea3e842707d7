import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { problemType } from './errors.ts';

/** The path of a request URL, percent-decoded; null when it does not decode. */
function pathOf(url: string): string | null {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return null;
  }
}

const isApi = (p: string) => p.startsWith('/api') || p.startsWith('/fhir');

/**
 * The one decision of the SPA fallback: a path the web app routes itself (`/patients/123`,
 * `/app/schedule`) gets index.html. Not: API paths, any path with a dot-segment (`/.env`,
 * `/.git/config`, `/x/.htaccess`, `..`), and anything that looks like a file (its last segment has
 * an extension): a missing file is a 404, not the app's front page.
 */
export function isClientRoute(url: string): boolean {
  const p = pathOf(url);
  if (p === null || !p.startsWith('/') || isApi(p)) return false;
  const segments = p.split('/');
  if (segments.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0'))) return false;
  return !(segments.at(-1) ?? '').includes('.');
}

/** A built asset's path under `/assets/` (hashed file names, served for a year), or null. */
function builtAsset(webRoot: string, url: string): string | null {
  const p = pathOf(url);
  if (!p || !/^\/assets\/[\w.-]+$/.test(p) || p.includes('/.')) return null;
  return fs.existsSync(path.join(webRoot, p)) ? p.slice(1) : null;
}

function notFound(req: FastifyRequest, reply: FastifyReply) {
  const p = req.url.split('?')[0] ?? '/';
  if (isApi(p) || req.method !== 'GET') {
    return reply
      .code(404)
      .type('application/problem+json')
      .send({
        type: problemType('not-found'),
        title: 'Not found',
        status: 404,
        detail: `There is no ${req.method} ${p} route. The API is described at /api/docs.`,
      });
  }
  return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
}

/**
 * The built web app (when `webRoot` holds one) and the not-found answer: built files as they are,
 * client routes of the SPA get index.html, everything else is a 404.
 */
export async function registerWeb(app: FastifyInstance, webRoot: string): Promise<void> {
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, cacheControl: false });
  }
  app.setNotFoundHandler(async (req, reply) => {
    if (req.method === 'GET' && hasWeb) {
      const asset = builtAsset(webRoot, req.url);
      if (asset) {
        void reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(asset);
      }
    }
    if (req.method !== 'GET' || !isClientRoute(req.url)) return notFound(req, reply);
    if (!hasWeb) {
      return reply
        .type('text/plain')
        .send('The web app is not built yet: run `npm run build:web` (npm start does it).');
    }
    void reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}

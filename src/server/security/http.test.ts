import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, client, login, makeClinic, startTestApp, type TestApp } from '../testing/harness.ts';
import { allRoutes } from '../routes.ts';

describe('HTTP surface (pglite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.close());

  it('sets the security headers on API, HTML and error responses', async () => {
    for (const url of ['/api/health', '/', '/api/v1/patients', '/api/nope', '/api/docs']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['x-request-id'], url).toBeTruthy();
    }
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/patients' });
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('answers health, the OpenAPI document for every /api/v1 route, and human-readable docs', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
      status: 'ok',
      database: 'pglite',
      version: '0.1.0',
    });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of allRoutes) {
      const p = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[p]?.[r.method.toLowerCase()], `${r.method} ${p}`).toBeDefined();
    }
    expect(
      doc.paths['/api/v1/patients'].post.requestBody.content['application/json'].schema.properties.birthDate,
    ).toBeDefined();
    const html = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('/api/v1/patients/{id}');
    expect(html.body).not.toContain('<script');
  });

  it('answers unknown API routes, oversized and non-JSON bodies with problem details', async () => {
    const nope = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(nope.statusCode).toBe(404);
    expect(nope.headers['content-type']).toMatch(/problem\+json/);
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().title).toBe('Payload too large');
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(text.statusCode).toBe(415);
  });

  it('keeps passwords, tokens, cookies, names and query strings out of the logs, one escaped line per entry', async () => {
    const k = await makeClinic(t);
    const evil = 'evil\n{"level":60,"msg":"forged"}\u001b[31m@test.example';
    await client(t).req('POST', '/api/v1/auth/login', { email: evil, password: 'SeCrEt-Pa55word-Sentinel' });
    const c = await login(t, k.users.clinician.email);
    const tok = (await c.req('POST', '/api/v1/auth/tokens', { name: 't', expiresInDays: 1 })).json()
      .token as string;
    const p = await c.req('GET', `/api/v1/patients?q=Lovelace`);
    expect(p.statusCode).toBe(200);
    await c.req('POST', '/api/v1/patients', {
      givenName: 'Sentinelname',
      familyName: 'Zed',
      birthDate: '1970-01-01',
      sex: 'male',
    });
    const all = t.logs.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [
      'SeCrEt-Pa55word-Sentinel',
      TEST_PASSWORD,
      tok,
      c.cookie!.split('=')[1]!,
      'Lovelace',
      'Sentinelname',
      'forged',
    ]) {
      expect(all).not.toContain(secret);
    }
    for (const line of t.logs.join('').trim().split('\n'))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});

describe('log redaction of URLs', () => {
  it('drops query strings and the secret of calendar feed URLs', async () => {
    const { redactUrl } = await import('../app.ts');
    expect(redactUrl('/api/v1/patients?q=Lovelace')).toBe('/api/v1/patients');
    expect(redactUrl('/api/v1/calendar/spc_abcdef123456.ics')).toBe('/api/v1/calendar/[token]');
    expect(redactUrl('/api/v1/patients/1234')).toBe('/api/v1/patients/1234');
  });
});

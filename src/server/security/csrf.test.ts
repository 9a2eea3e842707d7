import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { allRoutes } from '../routes.ts';
import type { Role } from '../platform/context.ts';
import { problemType } from '../platform/errors.ts';
import type { RouteDef } from '../platform/route.ts';
import { describeEngines, login, type Client } from '../testing/harness.ts';
import { World, recordSubject } from './matrix-fixtures.testing.ts';

/**
 * CSRF (README, "API"): a cookie-authenticated request that changes state must carry an
 * `X-Requested-With` header (a browser sends one cross-site only after a CORS preflight the app
 * never grants). Driven by the route table: every POST, PUT, PATCH and DELETE route is sent with
 * the caller's session cookie and no header — refused with `403 csrf`, one `denied` audit entry, and
 * not a row of any table changed — then the same request with the header, which the CSRF rule lets
 * through. A personal API token (`Authorization: Bearer`) is not a cookie and needs no header.
 * Public state-changing routes follow the same rule when a session cookie comes with them; only
 * sign-in is exempt (`noCsrf`), and that list is checked here so that no route is added to it
 * unnoticed.
 */
const CSRF = problemType('csrf');
const isCsrfRefusal = (res: LightMyRequestResponse) =>
  res.statusCode === 403 && res.json<{ type?: string }>().type === CSRF;

/** Staff first (they may call the most routes); patients only where only they may. */
const PREFERENCE: Role[] = ['admin', 'frontdesk', 'clinician', 'patient'];

describeEngines('the CSRF header on every state-changing route on %s', (engine) => {
  let w: World;
  let tables: { name: string; clinicScoped: boolean }[];
  const bearer = new Map<Role, string>();
  /** Routes where a request let through (token, or cookie with the header) succeeded. */
  const acted: string[] = [];

  const stateChanging = allRoutes.filter((r) => r.method !== 'GET');
  const signedIn = stateChanging.filter((r) => !('public' in r.access));
  const publicRoutes = stateChanging.filter((r) => 'public' in r.access);

  beforeAll(async () => {
    w = await World.start(engine);
    tables = (
      await w.rows<{ name: string; clinic_scoped: boolean }>(sql`
        select t.table_name as name,
               exists (select 1 from information_schema.columns c
                        where c.table_schema = t.table_schema and c.table_name = t.table_name
                          and c.column_name = 'clinic_id') as clinic_scoped
          from information_schema.tables t
         where t.table_schema = 'public' and t.table_type = 'BASE TABLE' order by 1`)
    )
      .map((r) => ({ name: r.name, clinicScoped: r.clinic_scoped }))
      // Refusals are recorded in the audit trail (checked per request; the sealer also updates its
      // rows later). Sign-in throttling counters are keyed by account and address, not clinic, and
      // other test files sign in on the shared PostgreSQL database meanwhile.
      .filter((t) => t.name !== 'audit_events' && t.name !== 'rate_limits');
    // One read-write personal token per role, for the bearer requests.
    for (const role of PREFERENCE) {
      const c = await login(w.t, w.k.users[role].email);
      const res = await c.req('POST', '/api/v1/auth/tokens', { name: 'csrf test', scope: 'read-write' });
      expect(res.statusCode, res.body).toBe(201);
      bearer.set(role, res.json<{ token: string }>().token);
    }
  }, 120_000);
  afterAll(() => w?.t.close());

  /**
   * Every table's content for the two clinics of this test, as a checksum per table (all but the
   * audit trail and throttling counters). Scoped to the clinics because on PostgreSQL other test
   * files write to the same database at the same time.
   */
  async function snapshot(): Promise<Record<string, string>> {
    const ids = [w.k.clinicId, w.other.clinicId];
    const clinics = sql`(${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`;
    const scope = (name: string, clinicScoped: boolean) =>
      clinicScoped
        ? sql`where x.clinic_id in ${clinics}`
        : name === 'clinics'
          ? sql`where x.id in ${clinics}`
          : name === 'idempotency_keys'
            ? sql`where x.user_key in (select 'user:' || u.id from users u where u.clinic_id in ${clinics})`
            : // The directory's word index (kept by triggers) holds every clinic's listings: only
              // the words of these clinics' listings are theirs.
              name === 'directory_words'
              ? sql`where x.entry_id in (select e.id from directory_entries e where e.clinic_id in ${clinics})`
              : name === 'directory_vocabulary'
                ? sql`where x.word in (select w.word from directory_words w
                    join directory_entries e on e.id = w.entry_id where e.clinic_id in ${clinics})`
                : sql``;
    const rows = await w.rows<{ name: string; n: number; h: string }>(
      sql.join(
        tables.map(
          ({ name, clinicScoped }) =>
            sql`select ${name}::text as name, count(*)::int as n,
                       md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h
                  from ${sql.identifier(name)} x ${scope(name, clinicScoped)}`,
        ),
        sql` union all `,
      ),
    );
    return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.h}`]));
  }

  const auditOf = (res: LightMyRequestResponse) =>
    w.rows<{ outcome: string; reason: string | null }>(
      sql`select outcome, details->>'reason' as reason from audit_events
           where request_id = ${String(res.headers['x-request-id'])}`,
    );

  /** A request as a browser or integration would send it, with exactly the credentials given. */
  function send(
    route: RouteDef,
    url: string,
    how: { cookie?: string | null; bearer?: string; csrfHeader: boolean },
  ) {
    return w.t.app.inject({
      method: route.method,
      url,
      headers: {
        ...(how.cookie ? { cookie: how.cookie } : {}),
        ...(how.bearer ? { authorization: `Bearer ${how.bearer}` } : {}),
        ...(how.csrfHeader ? { 'x-requested-with': 'XMLHttpRequest' } : {}),
        'idempotency-key': `csrf-${randomUUID()}`,
      },
      payload: route.example ?? {},
    });
  }

  async function urlFor(route: RouteDef, caller: Role): Promise<string> {
    const subject = recordSubject(route);
    const target = subject ? await w.target(route, caller, 'own') : null;
    return route.url.replace(/:(\w+)/g, (_m, name: string) =>
      subject && name === subject.param ? target!.id : randomUUID(),
    );
  }

  /** The refused request: 403 csrf, one denied entry saying so, and not a row changed anywhere. */
  async function expectRefusedUnchanged(label: string, request: () => Promise<LightMyRequestResponse>) {
    const before = await snapshot();
    const res = await request();
    expect(res.statusCode, `${label} → ${res.body}`).toBe(403);
    expect(res.json().type, label).toBe(CSRF);
    expect(await snapshot(), `${label}: something was stored`).toEqual(before);
    expect(await auditOf(res), label).toEqual([{ outcome: 'denied', reason: 'csrf' }]);
  }

  it('covers every state-changing route of the table', () => {
    expect(signedIn.length).toBeGreaterThan(40);
    expect(new Set(stateChanging.map((r) => r.method))).toEqual(new Set(['POST', 'PUT', 'PATCH', 'DELETE']));
    // The one exemption is sign-in (it runs before there is a session to protect).
    expect(stateChanging.filter((r) => r.noCsrf).map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/auth/login',
    ]);
  });

  for (const route of signedIn) {
    it(`${route.method} ${route.url}: a session cookie needs the header, a bearer token does not`, async () => {
      const roles = 'roles' in route.access ? route.access.roles : [];
      const caller = PREFERENCE.find((r) => roles.includes(r))!;
      const url = await urlFor(route, caller);
      // A session of its own: the request with the header may end it (sign out, a password change).
      const c: Client = await login(w.t, w.k.users[caller].email);
      const label = `${caller} ${route.method} ${url}`;

      await expectRefusedUnchanged(`${label} (cookie, no header)`, () =>
        send(route, url, { cookie: c.cookie, csrfHeader: false }),
      );

      const token = await send(route, url, { bearer: bearer.get(caller)!, csrfHeader: false });
      const tokenLabel = `${label} (token, no header) → ${token.statusCode} ${token.body.slice(0, 200)}`;
      expect(token.statusCode, tokenLabel).not.toBe(401);
      expect(isCsrfRefusal(token), tokenLabel).toBe(false);
      if (route.sessionOnly) expect(token.json().type, tokenLabel).toBe(problemType('session-required'));

      const withHeader = await send(route, url, { cookie: c.cookie, csrfHeader: true });
      const okLabel = `${label} (cookie + header) → ${withHeader.statusCode} ${withHeader.body.slice(0, 200)}`;
      expect(withHeader.statusCode, okLabel).not.toBe(401);
      expect(isCsrfRefusal(withHeader), okLabel).toBe(false);
      if ([token, withHeader].some((r) => r.statusCode >= 200 && r.statusCode < 300))
        acted.push(`${route.method} ${route.url}`);
    });
  }

  it('most of those requests, let through, did their work: the refused ones were real writes', () => {
    // Runs after the per-route cases above (a file's tests run in order).
    expect(acted.length, acted.join('\n')).toBeGreaterThanOrEqual(Math.floor(signedIn.length / 2));
  });

  for (const route of publicRoutes) {
    it(`${route.method} ${route.url} (public): ${route.noCsrf ? 'exempt' : 'a session cookie needs the header'}`, async () => {
      const c = await login(w.t, w.k.users.frontdesk.email);
      const label = `public ${route.method} ${route.url}`;
      if (!route.noCsrf)
        await expectRefusedUnchanged(`${label} (cookie, no header)`, () =>
          send(route, route.url, { cookie: c.cookie, csrfHeader: false }),
        );
      for (const how of [
        { cookie: null, csrfHeader: false },
        { cookie: c.cookie, csrfHeader: true },
        ...(route.noCsrf ? [{ cookie: c.cookie, csrfHeader: false }] : []),
      ]) {
        const res = await send(route, route.url, how);
        const l = `${label} (${how.cookie ? 'cookie' : 'no cookie'}, ${how.csrfHeader ? 'header' : 'no header'}) → ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, l).toBeLessThan(500);
        expect(isCsrfRefusal(res), l).toBe(false);
      }
    });
  }
});

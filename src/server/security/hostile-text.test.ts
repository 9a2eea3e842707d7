import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rawRows } from '../db/connect.ts';
import { allRoutes } from '../routes.ts';
import type { RouteDef } from '../platform/route.ts';
import { MAX_PROBLEMS } from '../platform/text.ts';
import {
  describeEngines,
  client,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';

/**
 * Hostile text, driven by the route table (so it grows with the API): for every route, every
 * string field of its body, query string and path parameters (found in the route's own zod
 * schemas, so also fields its example leaves out) gets each hostile value below. Every request is
 * answered 400 naming exactly the hostile fields, never 5xx, and nothing is stored: the caller's
 * clinic's rows are unchanged and no row anywhere holds the run's marker.
 *
 * The checks are batched: one request per route, place and hostile value carries the value in
 * all of the route's string fields at once (the refusal names every field, at most 20 a request).
 */

type Js = Record<string, unknown>;
const MARK = `hostile${randomUUID().slice(0, 8)}`;

/**
 * What is sent in JSON bodies (any string, `\ud800` escapes included) and in URLs (percent-encoded
 * UTF-8). An unpaired surrogate has no UTF-8 form: in a URL it is sent as its WTF-8 bytes, which
 * the router refuses in a path (400) and the query parser keeps as the literal `%ED%A0%80` text.
 */
const HOSTILE: { name: string; text: string; url: string; surrogate?: true }[] = [
  { name: 'NUL', text: `${MARK}\u0000x`, url: `${MARK}%00x` },
  { name: 'lone high surrogate', text: `${MARK}\ud800x`, url: `${MARK}%ED%A0%80x`, surrogate: true },
  { name: 'lone low surrogate', text: `\udc00${MARK}`, url: `%ED%B0%80${MARK}`, surrogate: true },
  { name: 'ESC sequence', text: `${MARK}\u001b[2J\u001b]0;owned\u0007`, url: `${MARK}%1B%5B2J` },
  { name: 'C1 control (CSI)', text: `${MARK}\u009b31m`, url: `${MARK}%C2%9B31m` },
  { name: 'DEL', text: `${MARK}\u007f`, url: `${MARK}%7F` },
];

/** Every string leaf of a JSON Schema (zod's), as a path; array items are item 0. */
function stringPaths(schema: Js): string[][] {
  const out = new Map<string, string[]>();
  const defs = (schema.$defs ?? {}) as Record<string, Js>;
  const walk = (js: Js, at: string[], depth: number) => {
    if (depth > 12) return;
    if (typeof js.$ref === 'string') walk(defs[js.$ref.split('/').pop()!] ?? {}, at, depth + 1);
    for (const key of ['anyOf', 'oneOf', 'allOf'])
      if (Array.isArray(js[key])) for (const option of js[key] as Js[]) walk(option, at, depth + 1);
    const types = Array.isArray(js.type) ? (js.type as unknown[]) : [js.type];
    if (types.includes('string') && at.length) out.set(at.join('/'), at);
    for (const [key, value] of Object.entries((js.properties ?? {}) as Record<string, Js>))
      walk(value, [...at, key], depth + 1);
    if (js.items && typeof js.items === 'object') walk(js.items as Js, [...at, '0'], depth + 1);
    if (js.additionalProperties && typeof js.additionalProperties === 'object')
      walk(js.additionalProperties as Js, [...at, 'key'], depth + 1);
  };
  walk(schema, [], 0);
  return [...out.values()];
}

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Js;

/** `base` with `value` at `path`, creating the objects and arrays on the way. */
function setAt(base: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '0') {
    const list = Array.isArray(base) ? [...(base as unknown[])] : [];
    list[0] = setAt(list[0], rest, value);
    return list;
  }
  const obj = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Js) } : {};
  obj[head] = setAt(obj[head], rest, value);
  return obj;
}

const chunks = <T>(list: T[]) =>
  Array.from({ length: Math.ceil(list.length / MAX_PROBLEMS) }, (_, i) =>
    list.slice(i * MAX_PROBLEMS, (i + 1) * MAX_PROBLEMS),
  );

/** A request of the run: where it goes, what it sends, and the fields the refusal must name. */
interface Probe {
  label: string;
  method: RouteDef['method'];
  url: string;
  payload?: string;
  /** The fields the 400 must name; null: the value reaches the route as harmless literal text. */
  fields: string[] | null;
}

/** The path with each parameter a random id, or `value` for the parameters in `hostile`. */
function urlOf(route: RouteDef, hostile: string[] = [], value = ''): string {
  return route.url.replace(/:(\w+)/g, (_m, name: string) => (hostile.includes(name) ? value : randomUUID()));
}

function probesOf(route: RouteDef): Probe[] {
  const probes: Probe[] = [];
  const name = `${route.method} ${route.url}`;
  const base = route.method === 'GET' ? undefined : (route.example ?? {});
  const body = (b: unknown) => (b === undefined ? undefined : JSON.stringify(b));
  for (const h of HOSTILE) {
    if (route.body) {
      const paths = stringPaths(jsonSchema(route.body));
      for (const part of chunks(paths)) {
        const sent = part.reduce<unknown>((b, p) => setAt(b, p, h.text), base);
        probes.push({
          label: `${name} body ${h.name}`,
          method: route.method,
          url: urlOf(route),
          payload: body(sent),
          fields: part.map((p) => p.join('/')),
        });
      }
    }
    if (route.query) {
      const names = [...new Set(stringPaths(jsonSchema(route.query)).map((p) => p[0]!))];
      for (const part of chunks(names))
        probes.push({
          label: `${name} query ${h.name}`,
          method: route.method,
          url: `${urlOf(route)}?${part.map((q) => `${q}=${h.url}`).join('&')}`,
          payload: body(base),
          fields: h.surrogate ? null : part.map((q) => `query/${q}`),
        });
    }
    const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    if (params.length)
      probes.push({
        label: `${name} params ${h.name}`,
        method: route.method,
        url: urlOf(route, params, h.url),
        payload: body(base),
        // The router cannot decode the path at all: the refusal names the path parameters together.
        fields: h.surrogate ? ['params'] : params.map((p) => `params/${p}`),
      });
  }
  if (base !== undefined && route.body)
    probes.push({
      label: `${name} hostile key`,
      method: route.method,
      url: urlOf(route),
      payload: body({ ...(base as Js), [`${MARK}\u0000`]: 'x' }),
      fields: [`${MARK}\\u0000`],
    });
  return probes;
}

describeEngines('hostile text on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  const clients = new Map<string, Client>();

  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
  }, 120_000);
  afterAll(() => t?.close());

  const rows = <T>(q: Parameters<TestApp['database']['db']['execute']>[0]) => rawRows<T>(t.database.db, q);

  async function callerOf(route: RouteDef): Promise<Client> {
    const role = 'public' in route.access ? 'anonymous' : route.access.roles[0]!;
    let c = clients.get(role);
    if (!c) {
      c = role === 'anonymous' ? client(t) : await login(t, k.users[role].email);
      clients.set(role, c);
    }
    return c;
  }

  /** The tables of the schema, with whether they hold a clinic id. */
  async function tables(): Promise<{ name: string; clinic: boolean }[]> {
    const found = await rows<{ table_name: string; clinic: boolean }>(sql`
      select t.table_name, bool_or(c.column_name = 'clinic_id') as clinic
      from information_schema.tables t join information_schema.columns c
        on c.table_schema = t.table_schema and c.table_name = t.table_name
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
      group by t.table_name order by t.table_name`);
    return found.map((r) => ({ name: r.table_name, clinic: r.clinic }));
  }

  /** Count and hash of the clinic's rows in every table with a clinic id (sessions and the trail move on their own). */
  async function digest(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const table of await tables()) {
      if (!table.clinic || ['sessions', 'audit_events', 'rate_limits'].includes(table.name)) continue;
      const [row] = await rows<{ n: number | string; h: string | null }>(sql`
        select count(*) as n, md5(string_agg(t::text, '|' order by t::text)) as h
        from ${sql.identifier(table.name)} t where t.clinic_id = ${k.clinicId}`);
      out[table.name] = `${String(row!.n)}:${row!.h ?? ''}`;
    }
    return out;
  }

  /** Rows anywhere (every table, every clinic) holding the run's marker. */
  async function marked(): Promise<string[]> {
    const hits: string[] = [];
    for (const table of await tables()) {
      const [row] = await rows<{ n: number | string }>(sql`
        select count(*) as n from ${sql.identifier(table.name)} t where t::text like ${`%${MARK}%`}`);
      if (Number(row!.n) > 0) hits.push(table.name);
    }
    return hits;
  }

  it('every route covers its string fields: the walk finds the fields the API names', () => {
    const patientCreate = allRoutes.find((r) => r.method === 'POST' && r.url === '/api/v1/patients')!;
    const fields = stringPaths(jsonSchema(patientCreate.body!)).map((p) => p.join('/'));
    for (const f of ['givenName', 'familyName', 'phone', 'address/line', 'address/city', 'careTeam/0'])
      expect(fields).toContain(f);
    const tokens = allRoutes.find((r) => r.method === 'POST' && r.url === '/api/v1/auth/tokens')!;
    expect(stringPaths(jsonSchema(tokens.body!)).map((p) => p.join('/'))).toContain('name');
    const clinic = allRoutes.find((r) => r.method === 'PATCH' && r.url === '/api/v1/admin/clinic')!;
    expect(stringPaths(jsonSchema(clinic.body!)).map((p) => p.join('/'))).toContain('name');
  });

  it('a path the router cannot decode, or an overlong path part, is the usual problem, without echoing the path', async () => {
    const c = client(t);
    const bad = await c.req('GET', `/api/v1/patients/${MARK}%ED%A0%80`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json()).toMatchObject({
      type: 'https://stillpoint.dev/problems/validation',
      status: 400,
      errors: [{ path: 'params' }],
    });
    expect(bad.body).not.toContain(MARK);
    const long = await c.req('GET', `/api/v1/patients/${MARK}${'x'.repeat(200)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ type: 'https://stillpoint.dev/problems/validation', status: 414 });
    expect(long.body).not.toContain(MARK);
  });

  it('stores text in NFC: a name typed with a combining accent is the same name as the precomposed one', async () => {
    const admin = await callerOf(
      allRoutes.find((r) => r.url === '/api/v1/patients/:id' && r.method === 'PATCH')!,
    );
    const res = await admin.req('PATCH', `/api/v1/patients/${k.patients[1]}`, {
      familyName: 'Zoe\u0308 Lo\u0301pez',
    });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await rows<{ family_name: string }>(
      sql`select family_name from patients where id = ${k.patients[1]}`,
    );
    expect(row!.family_name).toBe('Zo\u00eb L\u00f3pez');
  });

  it('refuses hostile text in every string field of every route with a 400 naming the field, and stores nothing', async () => {
    const before = await digest();
    let sent = 0;
    const failures: string[] = [];
    for (const route of allRoutes) {
      const c = await callerOf(route);
      for (const probe of probesOf(route)) {
        sent++;
        const res = await c.req(
          probe.method,
          probe.url,
          probe.payload,
          probe.payload === undefined ? {} : { 'content-type': 'application/json' },
        );
        const label = `${probe.label} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        if (res.statusCode >= 500 || probe.fields === null) {
          if (res.statusCode >= 500) failures.push(label);
          continue;
        }
        const named =
          res.statusCode === 400 ? (res.json<{ errors?: { path: string }[] }>().errors ?? []) : [];
        const paths = named.map((e) => e.path);
        const missing = probe.fields.filter((f) => !paths.includes(f));
        if (res.statusCode !== 400 || missing.length)
          failures.push(`${label} (not named: ${missing.join(', ')})`);
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(failures.slice(0, 30), `${failures.length} of ${sent} probes`).toEqual([]);
    expect(await digest()).toEqual(before);
    expect(await marked()).toEqual([]);
  }, 300_000);
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { buildApp } from '../app.ts';
import { openDatabase } from '../db/connect.ts';
import { clinics, users } from '../db/schema.ts';
import { jobs, runJobsOnce } from '../platform/jobs.ts';
import { emit } from '../platform/outbox.ts';
import { createLogger, redactUrl, safeError, type SafeError } from '../platform/logging.ts';
import { defineRoute, type AnyRoute } from '../platform/route.ts';
import { deliverDue, MAX_ATTEMPTS } from '../features/notifications/delivery.ts';
import {
  describeEngines,
  client,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';

/**
 * Patient data never reaches the log, whatever fails (issue 10, checklist C6): each test provokes a
 * failure that carries MARKER (in bound values, error messages, bodies, query strings, headers),
 * then searches the whole log output for it, and checks the log still says what failed.
 */
const MARKER = 'ZQX-marker-4417';

interface Line {
  level: number;
  msg?: string;
  err?: SafeError;
  [key: string]: unknown;
}
const linesOf = (chunks: string[]): Line[] =>
  chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

/** Every key of an object, at any depth. */
const keysOf = (v: unknown): string[] =>
  v && typeof v === 'object'
    ? Object.entries(v).flatMap(([k, x]) => [...(Array.isArray(v) ? [] : [k]), ...keysOf(x)])
    : [];

/** Routes that fail in the ways a feature can, each with MARKER in the failing values. */
const value = z.object({ value: z.string() });
const failing = (url: string, handler: AnyRoute['handler']): AnyRoute =>
  defineRoute({
    method: 'POST',
    url: `/api/v1/test/logs/${url}`,
    summary: 'test',
    tags: ['test'],
    access: { public: true },
    body: value,
    handler,
  });
const testRoutes: AnyRoute[] = [
  // A value the database refuses to cast: its message quotes it ("invalid input syntax …").
  failing('cast', async (_ctx, input, req) => {
    await req.server.deps.db.execute(sql`select ${(input.body as { value: string }).value}::int`);
  }),
  // A unique violation: drizzle's message has the parameters, the driver's detail the key's value.
  failing('unique', async (_ctx, input, req) => {
    const { value: v } = input.body as { value: string };
    const [c] = await req.server.deps.db.select({ id: clinics.id }).from(clinics).limit(1);
    const row = { clinicId: c!.id, email: `${v}@test.example`, name: v, role: 'admin', passwordHash: v };
    await req.server.deps.db.insert(users).values(row);
    await req.server.deps.db.insert(users).values(row);
  }),
  // A feature's own error, with the value in its message and in its cause's.
  failing('throw', async (_ctx, input) => {
    const { value: v } = input.body as { value: string };
    throw new Error(`could not save ${v}`, {
      cause: Object.assign(new Error(`upstream refused ${v}`), { code: 'EUPSTREAM', detail: v }),
    });
  }),
  // Careless logging: an error alone, its message as the log message, an error under another key,
  // and patient data under the keys that hold it.
  failing('careless', async (_ctx, input, req) => {
    const { value: v } = input.body as { value: string };
    const err = Object.assign(new Error(`no patient ${v}`), { query: `where name = '${v}'`, params: [v] });
    req.log.error(err);
    req.log.warn({ err }, err.message);
    req.log.info({ error: err, patientId: 'p-1' }, 'lookup failed');
    req.log.info(
      { body: { givenName: v }, patient: { email: v, phone: v, birthDate: v, note: v }, password: v },
      'request data',
    );
    return { ok: true };
  }),
];

/** A job that fails on a value the database refuses, while a test arms it. */
let failJob = false;
const JOB = 'test.logs-fails';
jobs.register(JOB, async (ctx) => {
  if (failJob) await ctx.db.execute(sql`select ${MARKER}::date`);
  return {};
});

describeEngines('patient data never reaches the log on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  beforeAll(async () => {
    t = await startTestApp(engine, testRoutes);
    k = await makeClinic(t);
  });
  afterAll(async () => {
    await t.database.db.execute(sql`alter table patients drop constraint if exists zqx_logs_chk`);
    await t.close();
  });
  const logText = () => t.logs.join('');
  const errorLines = () => linesOf(t.logs).filter((l) => l.level >= 50);

  it('a constraint violation of a real route: a 500 that is logged as class, SQLSTATE and constraint', async () => {
    await t.database.db.execute(
      sql`alter table patients add constraint zqx_logs_chk check (given_name not like 'ZQX%') not valid`,
    );
    const c = await login(t, k.users.clinician.email);
    t.logs.length = 0;
    const res = await c.req('POST', '/api/v1/patients', {
      givenName: MARKER,
      familyName: MARKER,
      birthDate: '1970-01-01',
      sex: 'male',
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain(MARKER);
    expect(res.json().title).toBe('Unexpected error');
    const [line] = errorLines();
    expect(line?.msg).toBe('unexpected error');
    expect(line?.err?.statement).toBe('insert patients');
    expect(line?.err?.cause).toMatchObject({ code: '23514', constraint: 'zqx_logs_chk', table: 'patients' });
    expect(logText()).not.toContain(MARKER);
  });

  it('a refused cast and a unique violation with the value bound: class and code, no value', async () => {
    t.logs.length = 0;
    const cast = await client(t).req('POST', '/api/v1/test/logs/cast', { value: MARKER });
    const unique = await client(t).req('POST', '/api/v1/test/logs/unique', { value: MARKER });
    expect([cast.statusCode, unique.statusCode]).toEqual([500, 500]);
    const [castLine, uniqueLine] = errorLines();
    expect(castLine?.err).toMatchObject({ type: 'DrizzleQueryError', cause: { code: '22P02' } });
    expect(castLine?.err?.statement).toBe('select');
    expect(uniqueLine?.err).toMatchObject({
      statement: 'insert users',
      cause: { type: 'DatabaseError', code: '23505', constraint: 'users_email_uq', table: 'users' },
    });
    for (const key of ['message', 'query', 'params', 'detail', 'where', 'hint'])
      expect(keysOf(uniqueLine), key).not.toContain(key);
    expect(logText()).not.toContain(MARKER);
  });

  it("an error thrown by a handler: its class, code and stack, not its or its cause's message", async () => {
    t.logs.length = 0;
    const res = await client(t).req('POST', '/api/v1/test/logs/throw', { value: MARKER });
    expect(res.statusCode).toBe(500);
    const [line] = errorLines();
    expect(line?.err).toMatchObject({ type: 'Error', cause: { type: 'Error', code: 'EUPSTREAM' } });
    expect(line?.err?.stack?.[0]).toMatch(/^at /);
    expect(logText()).not.toContain(MARKER);
  });

  it('careless log calls in a handler are reduced by the logger itself', async () => {
    t.logs.length = 0;
    const res = await client(t).req('POST', '/api/v1/test/logs/careless', { value: MARKER });
    expect(res.statusCode).toBe(200);
    const lines = linesOf(t.logs).filter((l) => l.err || l.error || l.patient);
    expect(lines.map((l) => l.msg)).toEqual([
      'error (its message is not logged)',
      'error (its message is not logged)',
      'lookup failed',
      'request data',
    ]);
    expect(lines[2]!.error).toMatchObject({ type: 'Error' });
    expect(lines[3]!.patient).toEqual({
      email: '[not logged]',
      phone: '[not logged]',
      birthDate: '[not logged]',
      note: '[not logged]',
    });
    expect(logText()).not.toContain(MARKER);
  });

  it('bad JSON bodies, query strings, headers and unknown paths carrying the value', async () => {
    t.logs.length = 0;
    const headers = {
      'x-request-id': MARKER,
      'user-agent': MARKER,
      referer: `https://x.example/?q=${MARKER}`,
      cookie: `sp_session=${MARKER}`,
      authorization: `Bearer ${MARKER}`,
      'x-forwarded-for': MARKER,
    };
    const statuses: number[] = [];
    for (const [method, url, payload] of [
      ['POST', '/api/v1/patients', `{"givenName": "${MARKER}", `],
      ['POST', '/api/v1/auth/login', `{"email": "${MARKER}@test.example", "password": ${MARKER}}`],
      ['GET', `/api/v1/patients?q=${MARKER}&birthDate=${MARKER}`, undefined],
      ['GET', `/api/v1/${MARKER}/x?name=${MARKER}`, undefined],
      ['GET', `/patients/${MARKER}.png`, undefined],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: { ...headers, 'content-type': 'application/json', 'x-requested-with': 'test' },
        ...(payload ? { payload } : {}),
      });
      statuses.push(res.statusCode);
      expect(res.headers['x-request-id']).not.toBe(MARKER);
    }
    expect(statuses).toEqual([400, 400, 401, 404, 404]);
    const completed = linesOf(t.logs).filter((l) => l.msg === 'request completed');
    expect(completed.map((l) => (l.res as { statusCode: number }).statusCode)).toEqual(statuses);
    const urls = linesOf(t.logs).flatMap((l) => (l.req ? [(l.req as { url: string }).url] : []));
    expect(urls).toContain('/api/v1/patients');
    expect(urls).toContain('/api/v1/[…]/x');
    expect(logText()).not.toContain(MARKER);
  });

  it('a failing background job: logged with its name and SQLSTATE, not the value', async () => {
    t.logs.length = 0;
    failJob = true;
    try {
      await expect(
        runJobsOnce(t.app.deps, { now: new Date(t.clock.now), clinicId: k.clinicId }),
      ).rejects.toThrow(`background jobs failed: ${JOB}`);
    } finally {
      failJob = false;
    }
    const [line] = errorLines();
    expect(line).toMatchObject({ msg: 'background job failed', job: JOB });
    expect(line?.err).toMatchObject({ type: 'DrizzleQueryError', cause: { code: '22007' } });
    expect(logText()).not.toContain(MARKER);
  });

  it('a failing message delivery: the transport error is logged by class and code, never its text', async () => {
    const now = new Date(t.clock.now);
    await t.database.db.transaction((tx) =>
      emit(tx, {
        kind: 'confirmation',
        clinicId: k.clinicId,
        patientId: k.patients[0],
        to: `${MARKER}@test.example`,
        subject: `Your visit, ${MARKER}`,
        text: `Hello ${MARKER}`,
        sendAfter: now,
        now,
      }),
    );
    const broken = {
      name: 'broken',
      send: () => Promise.reject(new Error(`550 mailbox ${MARKER}@test.example unavailable for ${MARKER}`)),
    };
    t.logs.length = 0;
    let at = now;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDue(t.app.deps, { now: at, transport: broken, clinicId: k.clinicId });
      at = new Date(at.getTime() + 24 * 3600_000);
    }
    const lines = linesOf(t.logs).filter((l) => l.messageId);
    expect(lines.map((l) => l.msg)).toEqual([
      ...Array<string>(MAX_ATTEMPTS - 1).fill('outbox send failed; retrying'),
      'outbox message failed for good',
    ]);
    expect(lines.at(-1)!.err).toMatchObject({ type: 'Error' });
    expect(logText()).not.toContain(MARKER);
  });

  it('a CLI command that fails on a database error prints its class and code, not the value', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STILLPOINT_NEW_PASSWORD: 'amber kettles drift over quiet hills 42',
      LOG_LEVEL: 'info',
    };
    delete env.DATABASE_URL;
    let where: string[];
    let tmp: string | null = null;
    if (engine === 'postgres') {
      where = ['--database-url', process.env.TEST_DATABASE_URL!, '--clinic', k.clinicId];
    } else {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-logs-cli-'));
      const d = await openDatabase({ dataDir: tmp });
      const [c] = await d.db.insert(clinics).values({ name: 'CLI clinic', timeZone: 'UTC' }).returning();
      await d.close();
      where = ['--data-dir', tmp, '--clinic', c!.id];
    }
    const bin = path.resolve(import.meta.dirname, '../../../bin/stillpoint.mjs');
    const args = ['user', 'create', '--email', 'cli@test.example', '--name', MARKER];
    const run = await promisify(execFile)(
      process.execPath,
      [bin, ...args, '--role', 'patient', '--patient-id', MARKER, ...where],
      { env, timeout: 60_000 },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'stillpoint: the command failed: DrizzleQueryError (select patients) <- DatabaseError (22P02)',
    );
    const [line] = linesOf([
      run.stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .join('\n'),
    ]);
    expect(line?.err).toMatchObject({ type: 'DrizzleQueryError', cause: { code: '22P02' } });
    expect(run.stdout + run.stderr).not.toContain(MARKER);
  });
});

describe('safeError and redactUrl', () => {
  it('keep the class, codes, constraint, statement and frames of an error chain, nothing else', () => {
    const driver = Object.assign(new Error(`duplicate key: Key (email)=(${MARKER}) already exists`), {
      name: 'DatabaseError',
      code: '23505',
      constraint: 'users_email_uq',
      table: 'users',
      detail: `Key (email)=(${MARKER})`,
      where: MARKER,
      routine: '_bt_check_unique',
    });
    const wrapped = Object.assign(
      new Error(`Failed query: insert into "users" ("email")\nparams: ${MARKER}`),
      {
        name: 'DrizzleQueryError',
        query: 'insert into "users" ("email") values ($1)',
        params: [MARKER],
        cause: driver,
      },
    );
    // A stack whose message lines try to pass for frames.
    wrapped.stack = `DrizzleQueryError: ${wrapped.message}\n    at ${MARKER} (evil)\n    at save (/app/store.ts:1:1)`;
    wrapped.message = `Failed query: insert into "users" ("email")\nparams: ${MARKER}\n    at ${MARKER} (evil)`;
    const safe = safeError(wrapped);
    expect(safe).toMatchObject({
      type: 'DrizzleQueryError',
      statement: 'insert users',
      stack: ['at save (/app/store.ts:1:1)'],
      cause: { type: 'DatabaseError', code: '23505', constraint: 'users_email_uq', table: 'users' },
    });
    expect(safe.cause?.routine).toBe('_bt_check_unique');
    expect(JSON.stringify(safe)).not.toContain(MARKER);
    expect(safeError('a string')).toEqual({ type: 'string' });
  });

  it('a logger line with an error and redacted keys, written to a captured stream', () => {
    const out: string[] = [];
    const log = createLogger({
      level: 'info',
      stream: new Writable({ write: (c: Buffer, _e, cb) => (out.push(c.toString()), cb()) }),
    });
    log.error(new Error(MARKER));
    log.error({ err: new Error('x') }, 'saving %s failed', MARKER);
    log.info({ name: MARKER, token: MARKER, req: { url: `/a?q=${MARKER}` } }, 'fields');
    expect(linesOf(out).map((l) => l.msg)).toEqual([
      'error (its message is not logged)',
      'error (its message is not logged)',
      'fields',
    ]);
    expect(out.join('')).not.toContain(MARKER);
  });

  it('redactUrl keeps ids and route words of the path, nothing of the query or of free text', () => {
    expect(redactUrl('/api/v1/patients?q=Lovelace')).toBe('/api/v1/patients');
    expect(redactUrl('/api/v1/calendar/spc_abcdef123456.ics')).toBe('/api/v1/calendar/[token]');
    expect(redactUrl('/invite/AbC_dEf-123')).toBe('/invite/[token]');
    expect(redactUrl('/api/v1/patients/0b7c6a2e-8a1d-4f7e-9c3b-2d6f1e0a9b8c')).toBe(
      '/api/v1/patients/0b7c6a2e-8a1d-4f7e-9c3b-2d6f1e0a9b8c',
    );
    expect(redactUrl(`/api/v1/patients/Ada%20Lovelace/x`)).toBe('/api/v1/patients/[…]/x');
    expect(redactUrl('/.env')).toBe('/.env');
  });
});

describe('dot-paths and missing files are 404s; client routes get the app', () => {
  let t: TestApp;
  let web: Awaited<ReturnType<typeof buildApp>>;
  let root: string;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-web-'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>SPA-INDEX</title>');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets', 'app-1a2b.js'), 'console.log("app")');
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    web = await buildApp({ config: t.config, database: t.database, webRoot: root, logStream: sink });
    await web.ready();
  });
  afterAll(async () => {
    await web.close();
    await t.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  const get = (url: string) => web.inject({ method: 'GET', url });

  it('answers 404 for dot-paths and file-looking paths, never the index page', async () => {
    for (const url of [
      '/.env',
      '/.git/config',
      '/foo/.bar',
      '/x/.htaccess',
      '/favicon-missing.png',
      '/%2eenv',
      '/patients/../.env',
      '/assets/missing-9z.js',
      // (robots.txt is served by the public site: another file-looking path with a query instead.)
      '/security.txt?x=1',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('SPA-INDEX');
      expect(res.headers['content-type'], url).toMatch(/^text\/plain/);
    }
    const api = await get('/api/.env');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
  });

  it('serves index.html for client routes and built assets as they are', async () => {
    for (const url of ['/patients/123', '/app/schedule', '/', '/invite/AbC_dEf-123', '/login?next=/app']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('SPA-INDEX');
    }
    const asset = await get('/assets/app-1a2b.js');
    expect([asset.statusCode, asset.body]).toEqual([200, 'console.log("app")']);
  });
});

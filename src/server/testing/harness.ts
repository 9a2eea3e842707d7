import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { inject } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../platform/config.ts';
import { openDatabase, type Database, type OpenOptions } from '../db/connect.ts';
import { clinics, users } from '../db/schema.ts';
import { hashPassword } from '../platform/passwords.ts';
import { sha256 } from '../platform/secrets.ts';
import { insertPatient } from '../features/patients/store.ts';
import type { Role } from '../platform/context.ts';
import type { RouteDef } from '../platform/route.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  clock: { now: number; advance: (ms: number) => void };
  logs: string[];
  close: () => Promise<void>;
}

let hashCache: Promise<string> | null = null;
const testHash = () => (hashCache ??= hashPassword(TEST_PASSWORD));

/** A value of global-setup.ts; undefined outside a Vitest worker (the benchmarks use this harness too). */
function provided<K extends 'pgliteTemplate' | 'postgresMigrated'>(key: K): string | undefined {
  try {
    return inject(key);
  } catch {
    return undefined;
  }
}

let templateCache: Blob | null = null;
/** The migrated embedded database of global-setup.ts, read once per test file (null: none provided). */
function pgliteTemplate(): Blob | null {
  if (templateCache) return templateCache;
  const file = provided('pgliteTemplate');
  if (!file) return null;
  templateCache = new Blob([fs.readFileSync(file)]);
  return templateCache;
}

/** How a test app opens its database: from the migrated template when global-setup.ts made one. */
export function testDatabaseOptions(engine: 'pglite' | 'postgres', poolSize?: number): OpenOptions {
  if (engine === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    return { databaseUrl: url, poolSize, migrate: provided('postgresMigrated') !== url };
  }
  const template = pgliteTemplate();
  return template ? { dataDir: 'memory://', template, migrate: false } : { dataDir: 'memory://' };
}

export async function startTestApp(
  engine: 'pglite' | 'postgres',
  extraRoutes: RouteDef[] = [],
  opts: {
    poolSize?: number;
    /** A PostgreSQL server of the test's own (migrated at start) instead of TEST_DATABASE_URL, and its replica. */
    databaseUrl?: string;
    replicaUrl?: string;
  } = {},
): Promise<TestApp> {
  const database = await openDatabase(
    opts.databaseUrl
      ? { databaseUrl: opts.databaseUrl, replicaUrl: opts.replicaUrl ?? null, poolSize: opts.poolSize }
      : testDatabaseOptions(engine, opts.poolSize),
  );
  const clock = {
    now: Date.parse('2027-03-10T15:00:00Z'),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const logs: string[] = [];
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...(engine === 'postgres' ? { DATABASE_URL: opts.databaseUrl ?? process.env.TEST_DATABASE_URL } : {}),
      ...(opts.replicaUrl ? { DATABASE_REPLICA_URL: opts.replicaUrl } : {}),
    },
    { now: () => new Date(clock.now), dataDir: '/nonexistent' },
  );
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const app = await buildApp({ config, database, routes: extraRoutes, logStream });
  await app.ready();
  return {
    app,
    database,
    config,
    clock,
    logs,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface TestClinic {
  clinicId: string;
  users: Record<Role, { id: string; email: string }>;
  /** Two patients: the first is linked to the patient user. */
  patients: [string, string];
}

/** A fresh tenant with one user per role and two patients: tests isolate by clinic, not by mocks. */
export async function makeClinic(
  t: TestApp,
  opts: { mfaRequiredForStaff?: boolean } = {},
): Promise<TestClinic> {
  const db = t.database.db;
  const tag = randomUUID().slice(0, 8);
  const [c] = await db
    .insert(clinics)
    .values({
      name: `Clinic ${tag}`,
      timeZone: 'America/Chicago',
      mfaRequiredForStaff: opts.mfaRequiredForStaff ?? false,
    })
    .returning();
  const clinicId = c!.id;
  const now = new Date(t.clock.now);
  const p1 = await db.transaction((tx) =>
    insertPatient(tx, clinicId, base(`Ada${tag}`, 'Lovelace', '1980-01-02'), now),
  );
  const p2 = await db.transaction((tx) =>
    insertPatient(tx, clinicId, base(`Ben${tag}`, 'Okri', '1990-05-06'), now),
  );
  const hash = await testHash();
  const mk = async (role: Role) => {
    const email = `${role}.${tag}@test.example`;
    const [u] = await db
      .insert(users)
      .values({
        clinicId,
        email,
        name: `${role} ${tag}`,
        role,
        passwordHash: hash,
        patientId: role === 'patient' ? p1.id : null,
      })
      .returning();
    return { id: u!.id, email };
  };
  return {
    clinicId,
    users: {
      admin: await mk('admin'),
      clinician: await mk('clinician'),
      frontdesk: await mk('frontdesk'),
      patient: await mk('patient'),
    },
    patients: [p1.id, p2.id],
  };
}

function base(givenName: string, familyName: string, birthDate: string) {
  return {
    givenName,
    familyName,
    birthDate,
    sex: 'female' as const,
    phone: '+1 555 0000',
    email: null,
    address: null,
    restricted: false,
    careTeam: [],
    conditions: [
      {
        system: 'http://hl7.org/fhir/sid/icd-10-cm' as const,
        code: 'M54.50',
        display: 'Low back pain',
        clinicalStatus: 'active' as const,
        onsetDate: '2027-01-01',
      },
    ],
    flags: [{ flag: 'anticoagulated' as const }],
    medications: [],
    allergies: [],
  };
}

/** A signed-in client: carries the session cookie and the CSRF header. */
export interface Client {
  cookie: string | null;
  /** The device cookie (`sp_device=…`) the server set on a successful sign-in, sent back like a browser. */
  device: string | null;
  bearer?: string;
  ip: string;
  req: (
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<LightMyRequestResponse>;
}

/** The id the server keeps a signed-in client's session under (the hash of its cookie's token). */
export const sessionIdOf = (c: Client) => sha256(c.cookie!.split('=')[1]!);

/**
 * Each process starts at a random place in 10.0.0.0/8: test apps share the PostgreSQL database
 * (and keep it between runs), their clocks start at the same instant, and the rate limits count per
 * address and window, so two forks (or two runs) handing out the same addresses would count each
 * other's sign-ups and guesses.
 */
let ipCounter = randomInt(1, 0xffffff - 200_000);
export function freshIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export function client(t: TestApp, ip = freshIp()): Client {
  const c: Client = {
    cookie: null,
    device: null,
    ip,
    req: async (method, url, body, headers = {}) => {
      const res = await t.app.inject({
        method,
        url,
        remoteAddress: c.ip,
        headers: {
          ...(c.cookie || c.device ? { cookie: [c.cookie, c.device].filter(Boolean).join('; ') } : {}),
          ...(c.bearer ? { authorization: `Bearer ${c.bearer}` } : {}),
          ...(method !== 'GET' ? { 'x-requested-with': 'test' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      const set = res.cookies.find((k) => k.name === 'sp_session');
      if (set) c.cookie = set.value ? `sp_session=${set.value}` : null;
      const device = res.cookies.find((k) => k.name === 'sp_device');
      if (device) c.device = device.value ? `sp_device=${device.value}` : null;
      return res;
    },
  };
  return c;
}

export async function login(t: TestApp, email: string, password = TEST_PASSWORD): Promise<Client> {
  const c = client(t);
  const res = await c.req('POST', '/api/v1/auth/login', { email, password });
  if (res.statusCode !== 200) throw new Error(`login ${email} → ${res.statusCode} ${res.body}`);
  return c;
}

/** A map kept per test app (by email, for the sign-ins below). */
function perApp<T>(store: WeakMap<TestApp, Map<string, T>>, t: TestApp): Map<string, T> {
  let map = store.get(t);
  if (!map) store.set(t, (map = new Map<string, T>()));
  return map;
}

const live = new WeakMap<TestApp, Map<string, Client>>();
/**
 * A signed-in client kept per app and email while its session holds, for files whose cases each
 * want a live session of a role but may end it (sign out, a password change): checked with
 * `GET /api/v1/auth/me` before it is handed out again and signed in anew only when that fails,
 * instead of a sign-in — an argon2 verification — per case. Each call gives it a fresh address,
 * as a new sign-in would have.
 */
export async function liveLogin(t: TestApp, email: string): Promise<Client> {
  const byEmail = perApp(live, t);
  const kept = byEmail.get(email);
  if (kept) {
    kept.ip = freshIp();
    if ((await kept.req('GET', '/api/v1/auth/me')).statusCode === 200) return kept;
  }
  const c = await login(t, email);
  byEmail.set(email, c);
  return c;
}

// PostgreSQL-visible engine blocks (`describeEngines`, `describePostgres`): see engines.ts.
export { describeEngines, describePostgres, NEEDS_POSTGRES } from './engines.ts';

const signedIn = new WeakMap<TestApp, Map<string, Promise<Client>>>();
/**
 * `login` once per app and email: later calls return the same signed-in client (each sign-in is an
 * argon2 verification). Only for files whose tests share a clinic and never sign out, change the
 * password or read the client's cookies.
 */
export function loginOnce(t: TestApp, email: string): Promise<Client> {
  const byEmail = perApp(signedIn, t);
  let c = byEmail.get(email);
  if (!c) {
    c = login(t, email);
    byEmail.set(email, c);
  }
  return c;
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { allRoutes } from '../routes.ts';
import { ROLES, type Role } from '../platform/context.ts';
import { opensPatientData, routeProblems, type SubjectDecl } from '../platform/route.ts';
import { subjectKinds } from '../platform/subjects.ts';
import { describeEngines, client, liveLogin, type Client } from '../testing/harness.ts';
import {
  FIXTURES,
  World,
  recordSubject,
  variantsOf,
  type Fixture,
  type Variant,
} from './matrix-fixtures.testing.ts';

/**
 * The security matrix, driven by the route table and the subjects the routes declare: every route
 * × every role (and anonymous) × for a route that opens a record by id, the caller's own record,
 * another patient's of the same clinic, another clinic's and a random id (see matrix-fixtures.ts).
 * It checks the answer (401 / 403 / the "No such <kind>" 404 / an answer about the record), that no
 * other clinic's or other patient's data leaks, and the audit entry of every refusal and of every
 * success that opened patient data. It grows by itself as features add routes and subject kinds.
 */
type Caller = Role | 'anonymous';

interface AuditRow {
  outcome: string;
  action: string;
  resource_id: string | null;
  patient_id: string | null;
}

describeEngines('security matrix on %s', (engine) => {
  let w: World;
  let secrets: {
    /** The other patient of the caller's clinic: a patient caller never sees them. */
    sibling: string[];
    /** Another clinic's names (never shown to anyone) and ids (shown only as what someone tried to open). */
    foreignNames: string[];
    foreignIds: string[];
  };

  const routes = allRoutes.filter((r) => !('public' in r.access));
  const callers: Caller[] = ['anonymous', ...ROLES];

  beforeAll(async () => {
    w = await World.start(engine);
    const names = async (ids: string[]) =>
      (
        await w.rows<{ id: string; given_name: string; family_name: string }>(
          sql`select id, given_name, family_name from patients where id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        )
      ).flatMap((p) => [p.given_name, p.id]);
    await w.prepare(routes, callers);
    const foreignRecords: Fixture[] = [];
    for (const route of routes)
      if (recordSubject(route))
        for (const caller of callers) foreignRecords.push(await w.target(route, caller, 'foreign'));
    const sibling = await names([w.k.patients[1]]);
    const foreignPatients = await names(w.other.patients);
    secrets = {
      sibling,
      foreignNames: [
        ...foreignPatients.filter((x) => !isId(x)),
        w.practice(w.other).practitionerName,
        ...Object.values(w.other.users).map((u) => u.email),
      ],
      foreignIds: [...new Set([...foreignPatients.filter(isId), ...foreignRecords.map((r) => r.id)])],
    };
  }, 300_000);
  afterAll(() => w?.t.close());

  const isId = (x: string) => /^[0-9a-f-]{36}$/.test(x);

  /** A new anonymous client, or the role's live session (`liveLogin`: a route may have ended it). */
  async function as(caller: Caller): Promise<Client> {
    return caller === 'anonymous' ? client(w.t) : liveLogin(w.t, w.k.users[caller].email);
  }

  /** The route's path with the subject's parameter set to `id` and any further parameter random. */
  function pathFor(url: string, param: string | null, id: string | null): string {
    return url.replace(/:(\w+)/g, (_m, name: string) => (name === param && id !== null ? id : randomUUID()));
  }

  async function auditOf(res: LightMyRequestResponse): Promise<AuditRow[]> {
    const requestId = String(res.headers['x-request-id']);
    return w.rows<AuditRow>(
      sql`select outcome, action, resource_id, patient_id from audit_events where request_id = ${requestId}`,
    );
  }

  const denied = (rows: AuditRow[]) => rows.filter((r) => r.outcome === 'denied');
  const successes = (rows: AuditRow[]) => rows.filter((r) => r.outcome === 'success');

  it('covers every non-public route, and every signed-in route declares its subject', () => {
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) expect(r.subject, `${r.method} ${r.url} needs a subject`).toBeDefined();
  });

  it('every route passes the start-up check: a path parameter is a declared record kind', () => {
    for (const r of allRoutes) expect(routeProblems(r), `${r.method} ${r.url}`).toEqual([]);
    for (const r of routes) {
      if (!/:\w+/.test(r.url)) continue;
      const subject = recordSubject(r);
      expect(subject, `${r.method} ${r.url} has a path parameter but opens no record kind`).not.toBeNull();
      expect(r.url, `${r.method} ${r.url}`).toContain(`:${subject!.param}`);
    }
  });

  it('every declared subject kind has a fixture, so its routes are in the matrix', () => {
    const kinds = subjectKinds().map((k) => k.name);
    expect(kinds.length).toBeGreaterThanOrEqual(12);
    for (const name of kinds)
      expect(FIXTURES[name], `no matrix fixture for the kind "${name}"`).toBeDefined();
    // …and every kind a route opens is a declared one.
    for (const r of routes) {
      const subject = recordSubject(r);
      if (subject) expect(kinds, `${r.method} ${r.url}`).toContain(subject.kind.name);
    }
  });

  for (const route of routes) {
    it(`${route.method} ${route.url}`, async () => {
      const allowed = 'roles' in route.access ? route.access.roles : [];
      const subject = recordSubject(route);
      const kind = subject?.kind ?? null;
      if (kind) expect(FIXTURES[kind.name], `no matrix fixture for the kind "${kind.name}"`).toBeDefined();
      const ownerOnly = !!(kind && FIXTURES[kind.name]?.ownerOnly);
      const patientData = opensPatientData(route.subject as SubjectDecl | undefined);
      const childIds = (route.url.match(/:\w+/g) ?? []).length > 1;
      const variants: (Variant | null)[] = kind ? variantsOf(kind) : [null];
      /** Answers to callers let in to their own or a sibling record. */
      const admittedAnswers: number[] = [];
      for (const caller of callers) {
        const c = await as(caller);
        for (const variant of variants) {
          const target = variant ? await w.target(route, caller, variant) : null;
          const url = pathFor(route.url, subject?.param ?? null, target?.id ?? null);
          // Writes carry an Idempotency-Key: routes that book (appointments, a plan's visits) need one.
          const res = await c.req(
            route.method,
            url,
            route.method === 'GET' ? undefined : (route.example ?? {}),
            route.method === 'GET' ? undefined : { 'idempotency-key': `matrix-${randomUUID()}` },
          );
          const label = `${caller} ${route.method} ${url} (${variant ?? '-'}) → ${res.statusCode} ${res.body.slice(0, 200)}`;
          expect(res.statusCode, label).toBeLessThan(500);
          expect(res.body, label).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |node_modules/);
          // The problem's `instance` echoes the caller's own URL; everything else must not name foreign records.
          const body = res.body.split(url).join('');
          for (const secret of secrets.foreignNames) expect(body, label).not.toContain(secret);
          // The audit report lists the ids others *tried* to open (that is its job); names never appear.
          if (route.url !== '/api/v1/audit')
            for (const secret of secrets.foreignIds) expect(body, label).not.toContain(secret);
          const audit = await auditOf(res);
          if (caller === 'anonymous') {
            expect(res.statusCode, label).toBe(401);
            // Every refused attempt is recorded, on every signed-in route (README, Roles).
            expect(denied(audit), label).toHaveLength(1);
            expect(successes(audit), label).toEqual([]);
            continue;
          }
          if (!allowed.includes(caller)) {
            expect(res.statusCode, label).toBe(403);
            expect(denied(audit), label).toHaveLength(1);
            expect(successes(audit), label).toEqual([]);
            continue;
          }
          if (caller === 'patient')
            for (const secret of secrets.sibling) expect(body, label).not.toContain(secret);
          const refused =
            variant === 'foreign' ||
            variant === 'random' ||
            (variant === 'sibling' && (caller === 'patient' || ownerOnly));
          if (kind && refused) {
            // Another clinic's record, another patient's, a token of someone else, or none at all:
            // one answer, and one refusal entry naming what was asked for.
            expect(res.statusCode, label).toBe(404);
            expect(res.json().detail, label).toBe(`No such ${kind.name}, or you do not have access to it.`);
            expect(denied(audit), label).toHaveLength(1);
            expect(denied(audit)[0]!.resource_id, label).toBe(target!.id);
            expect(successes(audit), label).toEqual([]);
            continue;
          }
          // Let in: an answer about the record (a success, a state conflict such as an appointment
          // already cancelled, or — for a route with a further id, which is random here — that
          // child's 404), never a refusal of the caller or of the subject.
          expect([401, 403], label).not.toContain(res.statusCode);
          if (res.statusCode === 404 && kind)
            expect(res.json().detail, label).not.toMatch(new RegExp(`^No such ${kind.name},`));
          if (kind) admittedAnswers.push(res.statusCode);
          if (res.statusCode >= 200 && res.statusCode < 300) {
            // Every success that opened patient data left its entry, naming the patient it opened.
            if (patientData || route.audit)
              expect(successes(audit).length, `${label}: success entry`).toBeGreaterThan(0);
            const patientId = target?.patientId ?? null;
            if (patientId && (patientData || route.audit))
              expect(
                successes(audit).map((r) => r.patient_id),
                `${label}: success entry names the patient`,
              ).toContain(patientId);
          }
        }
      }
      // The success checks above ran at least once: some caller let in got a success (a route
      // with a further id, random here, answers about that id instead).
      if (kind && !childIds)
        expect(
          admittedAnswers.some((s) => s >= 200 && s < 300),
          `no caller let in succeeded: ${admittedAnswers.join(', ')}`,
        ).toBe(true);
    });
  }
});

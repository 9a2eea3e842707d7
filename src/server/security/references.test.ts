import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { referenceFields, type ReferenceKindName } from '../../contracts/references.ts';
import { allReferenceKinds, allRoutes } from '../routes.ts';
import type { Role } from '../platform/context.ts';
import { describeEngines, login, type Client, type TestClinic } from '../testing/harness.ts';
import { World } from './matrix-fixtures.testing.ts';

/**
 * Integrity of references, driven by the route table: every id a request body names is declared
 * with its kind (`ref(kind)`), and every declared reference of every route is refused — 400 naming
 * the field, nothing stored — when it names another clinic's record, a record of another kind, or
 * nothing at all. A new route with an id in its body is covered by itself.
 */
const routesWithReferences = allRoutes
  .filter((r) => r.body && !('public' in r.access))
  .map((route) => ({ route, fields: referenceFields(route.body as z.ZodType).declared }))
  .filter((r) => r.fields.length > 0);

describe('the route table', () => {
  it('declares the kind of every id a signed-in route’s body names', () => {
    const undeclared = allRoutes
      .filter((r) => r.body && !('public' in r.access))
      .flatMap((r) =>
        referenceFields(r.body as z.ZodType).undeclared.map((path) => `${r.method} ${r.url}: ${path}`),
      );
    expect(undeclared).toEqual([]);
    // Every kind a body uses is declared by a feature (the app also refuses to start otherwise).
    const kinds = new Set(allReferenceKinds.map((k) => k.name));
    const used = routesWithReferences.flatMap((r) => r.fields.map((f) => f.kind));
    expect(used.filter((k) => !kinds.has(k))).toEqual([]);
    // The routes this test drives (it grows with the API; these must stay among them).
    expect(routesWithReferences.map((r) => `${r.route.method} ${r.route.url}`)).toEqual(
      expect.arrayContaining([
        'PATCH /api/v1/patients/:id',
        'POST /api/v1/appointments',
        'POST /api/v1/waitlist',
        'POST /api/v1/admin/users',
        'PUT /api/v1/encounters/:id',
        'POST /api/v1/patients/:patientId/exercise-prescriptions',
      ]),
    );
  });
});

describeEngines('references in request bodies on %s', (engine) => {
  let w: World;
  const clients = new Map<Role, Client>();
  /** A plan of care of each clinic's first patient, by clinic id. */
  const plans = new Map<string, string>();
  /** A pre-visit questionnaire request of each clinic's first patient, by clinic. */
  const requests = new Map<string, string>();
  beforeAll(async () => {
    w = await World.start(engine);
    for (const clinic of [w.k, w.other]) {
      const [plan] = await w.rows<{ id: string }>(sql`
        insert into care_plans (clinic_id, patient_id, title, problems, goals, activities, start, review_date,
                                created_by, created_at, updated_at)
        values (${clinic.clinicId}, ${clinic.patients[0]}, 'Matrix plan', '[]'::jsonb, '[]'::jsonb, '[]'::jsonb,
                '2027-03-01', '2027-04-26', ${clinic.users.clinician.id}, now(), now())
        returning id`);
      plans.set(clinic.clinicId, plan!.id);
      const [row] = await w.rows<{ id: string }>(
        sql`insert into questionnaire_requests (clinic_id, patient_id, appointment_id, appointment_start, instruments, created_at)
            values (${clinic.clinicId}, ${clinic.patients[0]}, ${randomUUID()}, ${new Date(w.t.clock.now + 86_400_000).toISOString()},
                    '["peg"]'::jsonb, ${new Date(w.t.clock.now).toISOString()}) returning id`,
      );
      requests.set(clinic.clinicId, row!.id);
    }
    for (const role of ['admin', 'clinician', 'frontdesk'] as const)
      clients.set(role, await login(w.t, w.k.users[role].email));
  }, 120_000);
  afterAll(() => w?.t.close());

  /** A record of the kind in a clinic, and ids that are not one: another kind's, and nothing's. */
  const record = (kind: ReferenceKindName, clinic: TestClinic): string =>
    ({
      patient: clinic.patients[0],
      'staff-user': clinic.users.clinician.id,
      practitioner: w.practice(clinic).practitionerId,
      'care-plan': plans.get(clinic.clinicId)!,
      'questionnaire-request': requests.get(clinic.clinicId)!,
    })[kind];
  const otherKinds = (kind: ReferenceKindName): [string, string][] =>
    ({
      patient: [['a staff user', w.k.users.clinician.id] as [string, string]],
      'staff-user': [
        ['a patient login', w.k.users.patient.id] as [string, string],
        ['a patient record', w.k.patients[0]] as [string, string],
      ],
      practitioner: [['the practitioner’s user account', w.k.users.clinician.id] as [string, string]],
      'care-plan': [['a patient record', w.k.patients[0]] as [string, string]],
      'questionnaire-request': [['a patient record', w.k.patients[0]] as [string, string]],
    })[kind];

  /** The body with the value at a schema path (`careTeam/*` is a one-item list). */
  function withValue(body: unknown, path: string, value: string): Record<string, unknown> {
    const copy = structuredClone((body ?? {}) as Record<string, unknown>);
    const keys = path.split('/');
    let at: Record<string, unknown> = copy;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      if (keys[i + 1] === '*') {
        at[key] = [value];
        return;
      }
      if (key === '*') return;
      if (last) at[key] = value;
      else at = (at[key] ??= {}) as Record<string, unknown>;
    });
    return copy;
  }

  /**
   * Row counts and the care teams of this test's two clinics: what a refused request must leave as
   * it was. Scoped to the clinics because on PostgreSQL other test files share the database.
   */
  const digest = async () => {
    const ids = [w.k.clinicId, w.other.clinicId];
    const mine = (table: string) => sql.raw(`${table} where clinic_id in ('${ids.join("','")}')`);
    return w.rows(sql`select (select count(*) from ${mine('patients')})::int as patients,
                      (select count(*) from ${mine('users')})::int as users,
                      (select count(*) from ${mine('appointments')})::int as appointments,
                      (select count(*) from ${mine('waitlist_entries')})::int as waitlist,
                      (select count(*) from ${mine('encounters')})::int as encounters,
                      (select count(*) from ${mine('exercise_prescriptions')})::int as prescriptions,
                      (select count(*) from ${mine('break_glass_grants')})::int as grants,
                      (select string_agg(care_team::text, ',' order by id) from ${mine('patients')}) as teams,
                      (select string_agg(practitioner_id::text || updated_at::text, ',' order by id)
                         from ${mine('encounters')}) as charts`);
  };

  it.each(routesWithReferences.map((r) => [`${r.route.method} ${r.route.url}`, r] as const))(
    '%s refuses ids of another clinic, of another kind and of nothing, naming the field',
    async (_name, { route, fields }) => {
      const roles = 'roles' in route.access ? route.access.roles : [];
      const caller = (['clinician', 'admin', 'frontdesk'] as const).find((r) => roles.includes(r))!;
      let url = route.url;
      for (const [, param] of route.url.matchAll(/:(\w+)/g)) {
        const target = await w.target(route, caller, 'own');
        url = url.replace(`:${param}`, target.id);
      }
      // Every declared field holds a record of its kind of the caller's clinic…
      let valid = route.example;
      for (const f of fields) valid = withValue(valid, f.path, record(f.kind, w.k));
      const client = clients.get(caller)!;
      const headers = { 'idempotency-key': randomUUID() };
      const before = await digest();
      for (const field of fields) {
        // …but this one, in turn, holds a wrong id.
        const wrong: [string, string][] = [
          ['another clinic’s record', record(field.kind, w.other)],
          ...otherKinds(field.kind),
          ['an id of nothing', randomUUID()],
        ];
        for (const [what, id] of wrong) {
          const res = await client.req(route.method, url, withValue(valid, field.path, id), headers);
          expect(res.statusCode, `${field.path} = ${what}: ${res.body}`).toBe(400);
          const problem = res.json();
          expect(problem.type).toBe('https://stillpoint.dev/problems/unknown-reference');
          expect(problem.errors).toEqual([
            { path: field.path.replace('*', '0'), message: expect.stringContaining(id) },
          ]);
        }
      }
      expect(await digest()).toEqual(before);
      // The valid body is not refused for its references (other rules may still apply).
      const res = await client.req(route.method, url, valid, { 'idempotency-key': randomUUID() });
      expect(res.statusCode === 400 ? res.json().type : res.statusCode).not.toBe(
        'https://stillpoint.dev/problems/unknown-reference',
      );
    },
  );
});

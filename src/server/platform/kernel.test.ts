import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, patientFlags, patients } from '../db/schema.ts';
import { STAFF_ROLES } from './context.ts';
import { defineRoute, type AnyRoute } from './route.ts';
import { patientSubject } from './subjects.ts';
import { buildApp } from '../app.ts';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';

/**
 * The platform kernel: a route says what it opens and how it is audited, and the platform does
 * the rest. A route that forgets either cannot be registered; one that declares them cannot
 * skip the access check or the audit entry.
 */
const idParams = z.object({ id: z.uuid() });

const undeclared = defineRoute({
  method: 'GET',
  url: '/api/v1/test/undeclared/:id',
  summary: 'test',
  tags: ['test'],
  access: { roles: STAFF_ROLES },
  params: idParams,
  handler: async () => ({ ok: true }),
});

describe('routes that do not declare what they open are refused at start-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.close());
  /** Builds a second app on the same database with one more route: it must refuse to start. */
  const start = async (route: AnyRoute) =>
    buildApp({ config: t.config, database: t.database, routes: [route] }).then(
      () => new Error('the app started'),
      (err: Error) => err,
    );

  it('refuses a signed-in route without a subject', async () => {
    const err = await start(undeclared);
    expect(err.message).toContain('GET /api/v1/test/undeclared/:id declares no subject');
  });

  it('refuses a route that opens a patient but declares no audit entry', async () => {
    const err = await start({ ...undeclared, subject: { kind: patientSubject, param: 'id' } });
    expect(err.message).toContain('opens patient data but declares no audit entry');
  });

  it("refuses a route with an id in its path that says it opens nothing ('none')", async () => {
    const err = await start({ ...undeclared, subject: 'none' });
    expect(err.message).toContain('has path parameters (:id) but opens no record kind');
  });

  it('refuses a subject on a parameter the path does not have', async () => {
    const err = await start({
      ...undeclared,
      subject: { kind: patientSubject, param: 'patientId' },
      audit: { action: 'test.read', resourceType: 'Patient' },
    });
    expect(err.message).toContain('opens patient by :patientId, which is not in its path');
  });
});

describeEngines('declared subjects and the audited unit of work on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let other: TestClinic;

  /** Reads nothing itself and writes no audit entry: the platform must still check and audit. */
  const lazyRead = defineRoute({
    method: 'GET',
    url: '/api/v1/test/patients/:id/name',
    summary: 'test',
    tags: ['test'],
    access: { roles: STAFF_ROLES },
    params: idParams,
    subject: { kind: patientSubject, param: 'id' },
    audit: { action: 'test.name', resourceType: 'Patient' },
    handler: async (ctx) => ({ name: ctx.patient.patient.givenName, emergency: !!ctx.patient.emergency }),
  });

  /** Sends its answer itself and writes no entry: the entry is stored before the answer leaves. */
  const selfSent = defineRoute({
    method: 'GET',
    url: '/api/v1/test/patients/:id/sent',
    summary: 'test',
    tags: ['test'],
    access: { roles: STAFF_ROLES },
    params: idParams,
    subject: { kind: patientSubject, param: 'id' },
    audit: { action: 'test.sent', resourceType: 'Patient' },
    handler: async (ctx, _input, _req, reply) => reply.code(200).send({ id: ctx.patient.patient.id }),
  });

  /** Writes through `ctx.work`: the work and its entry commit together, or neither. */
  const flagWrite = defineRoute({
    method: 'POST',
    url: '/api/v1/test/patients/:id/flag',
    summary: 'test',
    tags: ['test'],
    access: { roles: ['admin', 'clinician'] },
    params: idParams,
    body: z.object({ fail: z.boolean() }),
    subject: { kind: patientSubject, param: 'id' },
    audit: { action: 'test.flag', resourceType: 'Patient' },
    handler: async (ctx, { body }) =>
      ctx.work(async (tx, entry) => {
        await tx
          .insert(patientFlags)
          .values({ clinicId: ctx.user.clinicId, patientId: ctx.patient.patient.id, flag: 'pregnancy' });
        entry.details = { flag: 'pregnancy' };
        if (body.fail) throw new Error('the work failed after writing');
        return { ok: true };
      }),
  });

  beforeAll(async () => {
    t = await startTestApp(engine, [lazyRead, selfSent, flagWrite]);
    k = await makeClinic(t);
    other = await makeClinic(t);
  });
  afterAll(() => t.close());

  const entries = async (requestId: string) =>
    t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, requestId));

  it('opens the subject before the handler and writes the success entry the handler forgot', async () => {
    const c = await login(t, k.users.frontdesk.email);
    const res = await c.req('GET', `/api/v1/test/patients/${k.patients[1]}/name`);
    expect(res.statusCode).toBe(200);
    const [row] = await t.database.db.select().from(patients).where(eq(patients.id, k.patients[1]));
    expect(res.json()).toEqual({ name: row!.givenName, emergency: false });
    const written = await entries(res.headers['x-request-id'] as string);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      action: 'test.name',
      resourceType: 'Patient',
      resourceId: k.patients[1],
      patientId: k.patients[1],
      outcome: 'success',
      userId: k.users.frontdesk.id,
    });
  });

  it('stores the entry before an answer the handler sent itself leaves', async () => {
    const c = await login(t, k.users.clinician.email);
    const res = await c.req('GET', `/api/v1/test/patients/${k.patients[0]}/sent`);
    expect(res.json()).toEqual({ id: k.patients[0] });
    const written = await entries(res.headers['x-request-id'] as string);
    expect(written.map((e) => [e.action, e.outcome, e.patientId])).toEqual([
      ['test.sent', 'success', k.patients[0]],
    ]);
  });

  it('refuses other clinics, random ids and restricted records outside the care team, audited', async () => {
    const c = await login(t, k.users.frontdesk.email);
    await t.database.db
      .update(patients)
      .set({ restricted: true, careTeam: [k.users.clinician.id] })
      .where(eq(patients.id, k.patients[0]));
    for (const id of [other.patients[0], randomUUID(), k.patients[0]]) {
      const res = await c.req('GET', `/api/v1/test/patients/${id}/name`);
      expect(res.statusCode, id).toBe(404);
      expect(res.json().detail).toMatch(/No such patient, or you do not have access/);
      const written = await entries(res.json().requestId as string);
      expect(written.map((e) => [e.action, e.outcome, e.patientId])).toEqual([['test.name', 'denied', id]]);
    }
    // The care team opens it.
    const clinician = await login(t, k.users.clinician.email);
    expect((await clinician.req('GET', `/api/v1/test/patients/${k.patients[0]}/name`)).statusCode).toBe(200);
    await t.database.db.update(patients).set({ restricted: false }).where(eq(patients.id, k.patients[0]));
  });

  it('commits the work and its entry together, and neither when the work fails', async () => {
    const c = await login(t, k.users.clinician.email);
    const flagsOf = async () =>
      t.database.db
        .select()
        .from(patientFlags)
        .where(and(eq(patientFlags.patientId, k.patients[1]), eq(patientFlags.flag, 'pregnancy')));

    const failed = await c.req('POST', `/api/v1/test/patients/${k.patients[1]}/flag`, { fail: true });
    expect(failed.statusCode).toBe(500);
    expect(await flagsOf()).toHaveLength(0);
    expect(await entries(failed.json().requestId as string)).toHaveLength(0);

    const ok = await c.req('POST', `/api/v1/test/patients/${k.patients[1]}/flag`, { fail: false });
    expect(ok.statusCode).toBe(200);
    expect(await flagsOf()).toHaveLength(1);
    const written = await entries(ok.headers['x-request-id'] as string);
    expect(written.map((e) => [e.action, e.outcome, e.patientId, e.details])).toEqual([
      ['test.flag', 'success', k.patients[1], { flag: 'pregnancy' }],
    ]);
  });
});

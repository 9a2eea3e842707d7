import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { allRoutes } from '../routes.ts';
import type { Role } from '../platform/context.ts';
import { opensPatientData, type RouteDef, type SubjectDecl } from '../platform/route.ts';
import { describeEngines, client, login, makeClinic, type Client } from '../testing/harness.ts';
import { pdfText } from '../features/charting/pdf-text.testing.ts';
import { FIXTURES, World, recordSubject } from './matrix-fixtures.testing.ts';

/**
 * "A read returns the record only after its entry is stored" (README, Roles), proven for every read
 * of patient data in the route table: every GET route that declares its audit entry is called by a
 * role allowed to, and once the answer has arrived exactly its entry is in the trail (action,
 * resource type, the patient it opened, the caller). A new read fails here until it has a way to be
 * called in READS below, as a new subject kind fails the security matrix until it has a fixture.
 *
 * Then, per kind of read, the audit insert is made to fail (a BEFORE INSERT trigger on the audit
 * table that raises for the read's action): the read answers 5xx and its body has none of the
 * patient's data. And every signed-in route called without a session answers 401 and records the
 * refusal ("every refused attempt is recorded too").
 */

/** What a read's test knows about the world it runs in. */
interface Known {
  w: World;
  /** The first patient of the callers' clinic (the patient user's own record) and their given name. */
  patientId: string;
  given: string;
}

/** How to call one read, and which entry it must leave (default: the route's declared one). */
interface ReadCall {
  caller: Role;
  /** The query string (without `?`), if the read needs or is given one. */
  query?: (k: Known) => string;
  /**
   * The patient the entry names: `'own'` the first patient (a record route's fixture, or the
   * patient a list was filtered by), `null` none (a list across the clinic).
   */
  patient: 'own' | 'own and sibling' | null;
  action?: string;
  resourceType?: string;
  /**
   * What the answer shows of the patient, so the read did return patient data: their given name
   * (`true`) or a text of their record.
   */
  shows?: true | string;
}

/** The chief complaint of the visits the fixtures chart (the charting route's example). */
const COMPLAINT = 'Low back pain after lifting boxes';

/**
 * Every read of patient data and how to call it. Record routes name the first patient's record
 * (the matrix's `own` fixture of their kind); lists are filtered by that patient where they can be.
 */
const READS: Record<string, ReadCall[]> = {
  'GET /api/v1/patients': [{ caller: 'frontdesk', query: (k) => `q=${k.given}`, patient: null, shows: true }],
  'GET /api/v1/patients/duplicates': [
    {
      caller: 'frontdesk',
      query: (k) => `givenName=${k.given}&familyName=Lovelace&birthDate=1980-01-02`,
      patient: null,
      shows: true,
    },
  ],
  'GET /api/v1/patients/merge-preview': [
    {
      caller: 'admin',
      query: (k) => `survivorId=${k.patientId}&duplicateId=${k.w.k.patients[1]}`,
      patient: 'own and sibling',
      shows: true,
    },
  ],
  'GET /api/v1/patients/:id': [{ caller: 'frontdesk', patient: 'own', shows: true }],
  'GET /api/v1/admin/break-glass': [{ caller: 'admin', patient: null, shows: true }],
  'GET /api/v1/audit': [
    { caller: 'admin', query: (k) => `patientId=${k.patientId}`, patient: 'own', shows: true },
    {
      caller: 'admin',
      query: (k) => `patientId=${k.patientId}&format=csv`,
      patient: 'own',
      action: 'audit.export',
      shows: true,
    },
  ],
  'GET /api/v1/appointments': [
    { caller: 'frontdesk', query: (k) => `patientId=${k.patientId}`, patient: 'own', shows: true },
    // A patient's list is always of their own record.
    { caller: 'patient', patient: 'own', shows: true },
  ],
  'GET /api/v1/appointments/:id': [{ caller: 'frontdesk', patient: 'own' }],
  'GET /api/v1/patients/:id/intake-consent': [{ caller: 'frontdesk', patient: 'own' }],
  'GET /api/v1/waitlist': [
    { caller: 'frontdesk', query: (k) => `patientId=${k.patientId}`, patient: 'own', shows: true },
  ],
  'GET /api/v1/waitlist/offers': [
    { caller: 'frontdesk', query: (k) => `patientId=${k.patientId}`, patient: 'own', shows: true },
  ],
  'GET /api/v1/patients/:patientId/encounters': [{ caller: 'clinician', patient: 'own' }],
  'GET /api/v1/patients/:patientId/encounters/latest-findings': [{ caller: 'clinician', patient: 'own' }],
  'GET /api/v1/patients/:patientId/region-history': [
    { caller: 'clinician', patient: 'own' },
    { caller: 'clinician', query: () => 'region=lumbar', patient: 'own' },
  ],
  'GET /api/v1/encounters/:id': [{ caller: 'clinician', patient: 'own', shows: COMPLAINT }],
  'GET /api/v1/encounters/:id/note': [{ caller: 'clinician', patient: 'own', shows: COMPLAINT }],
  'GET /api/v1/encounters/:id/note.pdf': [{ caller: 'clinician', patient: 'own', shows: true }],
  'GET /api/v1/encounters/:id/summary': [{ caller: 'patient', patient: 'own' }],
  'GET /api/v1/outbox': [
    { caller: 'frontdesk', query: (k) => `patientId=${k.patientId}`, patient: 'own', shows: true },
  ],
  'GET /api/v1/outbox/:id': [{ caller: 'frontdesk', patient: 'own', shows: true }],
  'GET /api/v1/outbox/:id/ics': [{ caller: 'frontdesk', patient: 'own', shows: true }],
  'GET /api/v1/patients/:id/portal-access': [{ caller: 'frontdesk', patient: 'own' }],
  'GET /api/v1/signups': [{ caller: 'frontdesk', patient: null }],
  'GET /api/v1/patients/:patientId/outcomes': [
    { caller: 'clinician', patient: 'own' },
    { caller: 'patient', query: () => 'instrument=nrs', patient: 'own' },
  ],
  'GET /api/v1/patients/:patientId/care-plans': [
    { caller: 'clinician', patient: 'own' },
    { caller: 'patient', patient: 'own' },
  ],
  'GET /api/v1/care-plans/:id': [{ caller: 'clinician', patient: 'own' }],
  'GET /api/v1/care-plans/:id/visit-proposal': [{ caller: 'clinician', patient: 'own' }],
  'GET /api/v1/patients/:patientId/questionnaire-requests': [
    { caller: 'clinician', patient: 'own' },
    { caller: 'patient', query: () => 'open=true', patient: 'own' },
  ],
  'GET /api/v1/admin/questionnaire-schedule': [{ caller: 'admin', patient: null }],
  'GET /api/v1/reports/outcomes': [{ caller: 'clinician', query: () => 'instrument=peg', patient: null }],
  'GET /api/v1/directory/reviews': [{ caller: 'admin', patient: null }],
  'GET /api/v1/exercises': [{ caller: 'clinician', query: () => 'q=neck', patient: null }],
  'GET /api/v1/patients/:patientId/exercise-prescriptions': [
    { caller: 'clinician', patient: 'own' },
    { caller: 'patient', patient: 'own' },
  ],
};

interface Entry {
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  user_id: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
}

const name = (r: RouteDef) => `${r.method} ${r.url}`;

/** Reads of patient data: every signed-in GET route that declares its audit entry. */
const reads = allRoutes.filter((r) => r.method === 'GET' && !('public' in r.access) && r.audit);
const signedIn = allRoutes.filter((r) => !('public' in r.access));

/** The text a body shows: a PDF's text, anything else as it came. */
const shown = (res: LightMyRequestResponse) =>
  String(res.headers['content-type']).startsWith('application/pdf') ? pdfText(res.rawPayload) : res.body;

describeEngines('audit of every read on %s', (engine) => {
  let w: World;
  let k: Known;
  const clients = new Map<Role, Client>();

  beforeAll(async () => {
    w = await World.start(engine);
    const patientId = w.k.patients[0];
    const [p] = await w.rows<{ given_name: string }>(
      sql`select given_name from patients where id = ${patientId}`,
    );
    k = { w, patientId, given: p!.given_name };
    // Something for every list to find: a visit and a message (made by the fixtures of the record
    // routes), a place on the waiting list with an offer, a sign-up waiting for review.
    await w.prepare(reads, ['admin', 'clinician', 'frontdesk', 'patient']);
    await w.insertEntry(w.k, patientId, 'waiting');
    const offerRoute = allRoutes.find((r) => r.url === '/api/v1/waitlist/offers/:id/accept')!;
    await FIXTURES.offer!.make(w, {
      clinic: w.k,
      variant: 'own',
      caller: 'frontdesk',
      route: offerRoute,
      fresh: true,
    });
    const signupRoute = allRoutes.find((r) => r.url === '/api/v1/signups/:id/approve')!;
    await FIXTURES['sign-up']!.make(w, {
      clinic: w.k,
      variant: 'own',
      caller: 'frontdesk',
      route: signupRoute,
      fresh: true,
    });
    // The message the outbox reads open (the matrix's fixture) is about the patient by name, as a
    // real confirmation and its invitation are.
    const message = await w.target(
      reads.find((r) => r.url === '/api/v1/outbox/:id/ics')!,
      'frontdesk',
      'own',
    );
    await w.rows(sql`
      update outbox_messages
      set text = ${`Dear ${k.given}, see you soon.`},
          ics = ${`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:OMT visit\r\nATTENDEE;CN=${k.given} Lovelace:mailto:p@test.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`}
      where id = ${message.id}`);
    await w.rows(sql`
      insert into break_glass_grants (clinic_id, user_id, patient_id, reason, created_at, expires_at)
      values (${w.k.clinicId}, ${w.k.users.clinician.id}, ${patientId}, 'Unconscious in the waiting room',
              ${new Date(w.t.clock.now).toISOString()}, ${new Date(w.t.clock.now + 3_600_000).toISOString()})`);
  }, 120_000);
  afterAll(() => w?.t.close());

  async function as(role: Role): Promise<Client> {
    let c = clients.get(role);
    if (!c) {
      c = await login(w.t, w.k.users[role].email);
      clients.set(role, c);
    }
    return c;
  }

  async function entriesOf(res: LightMyRequestResponse): Promise<Entry[]> {
    return w.rows<Entry>(sql`
      select action, resource_type, resource_id, patient_id, user_id, outcome, details
      from audit_events where request_id = ${String(res.headers['x-request-id'])} order by n`);
  }

  /** Calls one read as its spec says; returns the answer and the entry it must have left. */
  async function call(route: RouteDef, spec: ReadCall) {
    const subject = recordSubject(route);
    const target = subject ? await w.target(route, spec.caller, 'own') : null;
    const path = route.url.replace(/:(\w+)/g, (_m, p: string) =>
      subject && p === subject.param ? target!.id : randomUUID(),
    );
    const query = spec.query?.(k);
    const url = query ? `${path}?${query}` : path;
    const res = await (await as(spec.caller)).req('GET', url);
    const own = target?.patientId ?? k.patientId;
    const patients =
      spec.patient === 'own' ? [own] : spec.patient === 'own and sibling' ? [own, w.k.patients[1]] : [null];
    const expected = patients.map((patient_id) => ({
      action: spec.action ?? route.audit!.action,
      resource_type: spec.resourceType ?? route.audit!.resourceType,
      patient_id,
      user_id: w.k.users[spec.caller].id,
      outcome: 'success',
    }));
    return {
      res,
      url,
      expected,
      label: `${spec.caller} GET ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`,
    };
  }

  it('knows how to call every read of patient data in the route table', () => {
    expect(reads.length).toBeGreaterThanOrEqual(20);
    for (const r of reads)
      expect(READS[name(r)], `${name(r)} reads patient data: add how to call it to READS`).toBeDefined();
    // Every GET that opens patient data is one of them (the app refuses to start otherwise, too).
    for (const r of signedIn)
      if (r.method === 'GET' && opensPatientData(r.subject as SubjectDecl | undefined))
        expect(reads.map(name), `${name(r)} opens patient data without an audit entry`).toContain(name(r));
    // …and nothing in READS is stale.
    for (const key of Object.keys(READS)) expect(reads.map(name), key).toContain(key);
  });

  for (const route of reads) {
    it(`${name(route)} leaves exactly its entry before the answer arrives`, async () => {
      const specs = READS[name(route)];
      expect(specs, `${name(route)} reads patient data: add how to call it to READS`).toBeDefined();
      for (const spec of specs!) {
        expect(route.access).toHaveProperty('roles');
        expect((route.access as { roles: Role[] }).roles, name(route)).toContain(spec.caller);
        const { res, expected, label } = await call(route, spec);
        expect(res.statusCode, label).toBe(200);
        if (spec.shows) expect(shown(res), label).toContain(spec.shows === true ? k.given : spec.shows);
        // Read straight after the answer arrived: nothing is left to be written later.
        const entries = await entriesOf(res);
        expect(
          entries.map(({ action, resource_type, patient_id, user_id, outcome }) => ({
            action,
            resource_type,
            patient_id,
            user_id,
            outcome,
          })),
          label,
        ).toEqual(expected);
        // A record route whose entry is about the record it opened names it (a route whose entry is
        // about something else of the patient, such as their consent or last visit, names that).
        const subject = recordSubject(route);
        if (subject && route.audit!.resourceType === subject.kind.resourceType) {
          const opened = await w.target(route, spec.caller, 'own');
          expect(
            entries.map((e) => e.resource_id),
            label,
          ).toEqual(expected.map(() => opened.id));
        }
      }
    });
  }
  /**
   * Runs `fn` while every insert of an audit entry with this action fails (a BEFORE INSERT trigger
   * on the audit table, made in the test's database and dropped after; the same on both engines).
   */
  async function whileAuditFails<T>(action: string, fn: () => Promise<T>): Promise<T> {
    const trigger = `read_audit_fails_${randomUUID().replace(/-/g, '')}`;
    await w.rows(
      sql.raw(`create function ${trigger}() returns trigger language plpgsql as $$
        begin
          if new.action = '${action}' then raise exception 'the audit trail cannot be written (test)'; end if;
          return new;
        end $$`),
    );
    await w.rows(
      sql.raw(
        `create trigger ${trigger} before insert on audit_events for each row execute function ${trigger}()`,
      ),
    );
    try {
      return await fn();
    } finally {
      await w.rows(sql.raw(`drop trigger ${trigger} on audit_events`));
      await w.rows(sql.raw(`drop function ${trigger}()`));
    }
  }

  /**
   * One kind of read: first it answers with the patient's data and leaves its entry, written the
   * way the kind says (by the route's unit of work, or by the platform before the answer leaves);
   * then, with the audit insert failing, it answers 5xx and the body shows none of that data.
   */
  async function failsClosed(key: string, index: number, writtenBy: 'work' | 'platform') {
    const route = reads.find((r) => name(r) === key);
    expect(route, `${key} is no longer in the route table`).toBeDefined();
    const spec = READS[key]![index]!;
    expect(spec.shows, `${key}: a fail-closed test needs to know what the read shows`).toBeDefined();
    const marker = spec.shows === true ? k.given : spec.shows!;

    const ok = await call(route!, spec);
    expect(ok.res.statusCode, ok.label).toBe(200);
    expect(shown(ok.res), ok.label).toContain(marker);
    const [entry, ...more] = await entriesOf(ok.res);
    expect(more, ok.label).toEqual([]);
    expect(entry!.action, ok.label).toBe(ok.expected[0]!.action);
    expect(entry!.details?.recordedBy === 'platform' ? 'platform' : 'work', ok.label).toBe(writtenBy);

    const failed = await whileAuditFails(ok.expected[0]!.action, () => call(route!, spec));
    expect(failed.res.statusCode, failed.label).toBeGreaterThanOrEqual(500);
    expect(failed.res.headers['content-type'], failed.label).toMatch(/^application\/problem\+json/);
    expect(failed.res.body, failed.label).not.toContain(marker);
    expect(failed.res.rawPayload.toString('latin1'), failed.label).not.toContain(marker);
    expect(failed.res.body, failed.label).not.toMatch(/cannot be written \(test\)/);
    expect(await entriesOf(failed.res), failed.label).toEqual([]);
  }

  describe('when the audit entry cannot be written, the read fails closed', () => {
    it('a single-record read whose entry the unit of work writes (GET /api/v1/patients/:id)', async () => {
      await failsClosed('GET /api/v1/patients/:id', 0, 'work');
    });

    it("a read whose entry is the platform's fallback, written before the answer leaves (GET /api/v1/admin/break-glass)", async () => {
      await failsClosed('GET /api/v1/admin/break-glass', 0, 'platform');
    });

    it("a search across the clinic's patients (GET /api/v1/patients?q=)", async () => {
      await failsClosed('GET /api/v1/patients', 0, 'work');
    });

    it('a list filtered by patient (GET /api/v1/appointments?patientId=)', async () => {
      await failsClosed('GET /api/v1/appointments', 0, 'work');
    });

    it('a download: the visit note as PDF (GET /api/v1/encounters/:id/note.pdf)', async () => {
      await failsClosed('GET /api/v1/encounters/:id/note.pdf', 0, 'work');
    });

    it('an export: the audit report as CSV (GET /api/v1/audit?format=csv)', async () => {
      await failsClosed('GET /api/v1/audit', 1, 'work');
    });

    it("a download: a message's calendar file (GET /api/v1/outbox/:id/ics)", async () => {
      await failsClosed('GET /api/v1/outbox/:id/ics', 0, 'work');
    });
  });

  it('the route table has signed-in routes to call anonymously', () => {
    expect(signedIn.length).toBeGreaterThan(60);
  });

  for (const route of signedIn) {
    it(`${name(route)} without a session answers 401 and records the refusal`, async () => {
      const anonymous = client(w.t);
      const ids = new Map<string, string>();
      const url = route.url.replace(/:(\w+)/g, (_m, p: string) => {
        ids.set(p, randomUUID());
        return ids.get(p)!;
      });
      // The refusal names what was asked for: the patient named in the path, else the first id.
      const subject = recordSubject(route);
      const namedPatient = subject?.kind.name === 'patient' ? ids.get(subject.param)! : null;
      const res = await anonymous.req(
        route.method,
        url,
        route.method === 'GET' ? undefined : (route.example ?? {}),
      );
      const label = `anonymous ${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      expect(res.statusCode, label).toBe(401);
      const entries = await entriesOf(res);
      expect(
        entries.map((e) => ({
          action: e.action,
          resource_type: e.resource_type,
          outcome: e.outcome,
          user_id: e.user_id,
          resource_id: e.resource_id,
          patient_id: e.patient_id,
          status: e.details?.status,
        })),
        label,
      ).toEqual([
        {
          action: route.audit?.action ?? `${route.method} ${route.url}`,
          resource_type: route.audit?.resourceType ?? 'Route',
          outcome: 'denied',
          user_id: null,
          resource_id: namedPatient ?? [...ids.values()][0] ?? null,
          patient_id: namedPatient,
          status: 401,
        },
      ]);
    });
  }
  it('every signed-in route refuses a session that has not completed MFA with 403 and records it', async () => {
    // A clinic that requires an authenticator for staff: a password-only sign-in is MFA-pending.
    const strict = await makeClinic(w.t, { mfaRequiredForStaff: true });
    const pending = await login(w.t, strict.users.frontdesk.email);
    const gated = signedIn.filter((r) => !r.allowMfaPending);
    expect(gated.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const route of gated) {
      const url = route.url.replace(/:(\w+)/g, () => randomUUID());
      const res = await pending.req(
        route.method,
        url,
        route.method === 'GET' ? undefined : (route.example ?? {}),
      );
      const entries = await entriesOf(res);
      const recorded = entries.filter(
        (e) => e.outcome === 'denied' && e.user_id === strict.users.frontdesk.id && e.details?.status === 403,
      );
      if (res.statusCode !== 403 || !/mfa-required$/.test(String(res.json<{ type: string }>().type)))
        problems.push(`${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      else if (entries.length !== 1 || recorded.length !== 1)
        problems.push(`${route.method} ${route.url}: ${JSON.stringify(entries)}`);
    }
    expect(problems).toEqual([]);
  });
});

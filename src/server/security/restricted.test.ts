import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { allRoutes } from '../routes.ts';
import type { Role } from '../platform/context.ts';
import type { RouteDef } from '../platform/route.ts';
import { World, recordSubject } from './matrix-fixtures.testing.ts';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';

/**
 * One view of a restricted record (issue 9, "Fix the drift"). Staff outside the care team see, in
 * every search, list and export, only the name and date of birth of a restricted patient (enough
 * to find and book them) and that the record is restricted; the care team and admins see it in
 * full. The rule is the platform's (platform/access.ts: `seesInFull`, `visibleInFull`,
 * `limitedPatient`); this file checks that every surface shows a given user the same thing.
 */

const person = {
  givenName: 'Imogen',
  familyName: 'Quarrington',
  birthDate: '1979-05-21',
  sex: 'female',
  phone: '(660) 555-0177',
  email: 'imogen.quarrington@example.org',
  address: { line: '12 Elm St', city: 'Kirksville', postalCode: '63501' },
  flags: [{ flag: 'pregnant' }],
};

/** What a surface showed of the patient: refused (the role may not call it), or the item. */
type Shown = { status: number; item?: Record<string, unknown>; body: string };
type Surface = 'search' | 'duplicates' | 'outbox' | 'audit';

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF), enough to read the export back. */
function csvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  const [header, ...rest] = rows;
  return rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

describeEngines('restricted records show one view per user on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let id: string;
  let stored: Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const created = await admin.req('POST', '/api/v1/patients', {
      ...person,
      restricted: true,
      careTeam: [k.users.clinician.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    stored = created.json();
    id = stored.id as string;
    // A message about the patient in the outbox, and entries about them in the audit trail.
    const invited = await admin.req('POST', `/api/v1/patients/${id}/portal-invitation`);
    expect(invited.statusCode, invited.body).toBe(201);
    expect((await admin.req('GET', `/api/v1/patients/${id}`)).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const limited = () => ({
    id,
    name: 'Imogen Quarrington',
    givenName: 'Imogen',
    familyName: 'Quarrington',
    birthDate: '1979-05-21',
    restricted: true,
    limited: true,
  });

  /** Every surface that names patients, as this user sees the restricted patient on it. */
  async function surfaces(c: Client): Promise<Record<Surface, Shown>> {
    const get = async (url: string, pick: (res: { json: () => unknown; body: string }) => unknown) => {
      const res = await c.req('GET', url);
      return {
        status: res.statusCode,
        body: res.body,
        ...(res.statusCode === 200 ? { item: pick(res) as Record<string, unknown> | undefined } : {}),
      };
    };
    return {
      search: await get('/api/v1/patients?q=quarrington', (r) =>
        (r.json() as { results: { id: string }[] }).results.find((x) => x.id === id),
      ),
      duplicates: await get(
        `/api/v1/patients/duplicates?givenName=Imogen&familyName=Quarrington&birthDate=${person.birthDate}`,
        (r) => (r.json() as { candidates: { id?: string }[] }).candidates.find((x) => x.id === id),
      ),
      outbox: await get('/api/v1/outbox?kind=portal-invitation', (r) =>
        (r.json() as { results: { patientId: string }[] }).results.find((x) => x.patientId === id),
      ),
      audit: await get(`/api/v1/audit?patientId=${id}&format=csv`, (r) => {
        const rows = csvRecords(r.body);
        return { names: [...new Set(rows.map((x) => x.patientName))], count: rows.length };
      }),
    };
  }

  it('front desk outside the care team: name and date of birth only, the same on every surface', async () => {
    const fd = await login(t, k.users.frontdesk.email);
    const seen = await surfaces(fd);
    expect(seen.search.item).toEqual(limited());
    expect(seen.duplicates.item).toEqual(limited());
    expect(seen.outbox.item).toMatchObject({ kind: 'portal-invitation', to: null, limited: true });
    expect(seen.outbox.item!.patient).toEqual(limited());
    // The audit report is an admin's: refused, and so shows nothing.
    expect(seen.audit.status).toBe(403);
    for (const [surface, shown] of Object.entries(seen)) {
      for (const secret of [person.email, '555-0177', '5550177', 'pregnant', 'Elm St'])
        expect(shown.body, `${surface} shows ${secret}`).not.toContain(secret);
    }
    // The record itself does not open for them (a live emergency grant would open it).
    expect((await fd.req('GET', `/api/v1/patients/${id}`)).statusCode).toBe(404);
  });

  it('a clinician in the care team sees the record in full wherever the role may look', async () => {
    const doc = await login(t, k.users.clinician.email);
    const seen = await surfaces(doc);
    expect(seen.search.item).toEqual({
      id,
      name: 'Imogen Quarrington',
      givenName: 'Imogen',
      familyName: 'Quarrington',
      birthDate: '1979-05-21',
      sex: 'female',
      phone: stored.phone,
      email: person.email,
      restricted: true,
      flags: [{ flag: 'pregnant' }],
    });
    expect(seen.duplicates.item).toEqual({
      id,
      name: 'Imogen Quarrington',
      birthDate: '1979-05-21',
      restricted: false,
    });
    // The outbox and the audit report are not a clinician's.
    expect(seen.outbox.status).toBe(403);
    expect(seen.audit.status).toBe(403);
  });

  it('an admin sees the record in full on every surface, and the export names the patient', async () => {
    const admin = await login(t, k.users.admin.email);
    const seen = await surfaces(admin);
    expect(seen.search.item).toMatchObject({ id, phone: stored.phone, email: person.email, sex: 'female' });
    expect(seen.search.item).not.toHaveProperty('limited');
    expect(seen.duplicates.item).toEqual({
      id,
      name: 'Imogen Quarrington',
      birthDate: '1979-05-21',
      restricted: false,
    });
    expect(seen.outbox.item).toMatchObject({ to: person.email });
    expect(seen.outbox.item).not.toHaveProperty('limited');
    expect(seen.outbox.item!.patient).toEqual({
      id,
      name: 'Imogen Quarrington',
      givenName: 'Imogen',
      familyName: 'Quarrington',
      birthDate: '1979-05-21',
      restricted: true,
    });
    expect(seen.audit.status).toBe(200);
    expect(seen.audit.item).toMatchObject({ names: ['Imogen Quarrington'] });
    expect(seen.audit.item!.count).toBeGreaterThanOrEqual(3);
  });
});

// The appointment list and the waiting lists apply the same rule (the limited patient above, and no
// reason, pain score or note): src/server/features/scheduling/restricted-lists.test.ts.

/**
 * The care team, admins and everyone else, driven by the route table (issue 13). The clinic's
 * second patient is restricted to a care team of a clinician and a front-desk user; another
 * clinician and another front-desk user are outside it; the admin is not in it either.
 * - Every route that opens a record of a patient by id (the record, its chart, appointments,
 *   waiting-list entries, offers, messages…): the care team and the admin get in, staff outside
 *   the team get the "No such <kind>" 404 and a `denied` audit entry naming what they asked for.
 * - Every list of the table (each GET route whose subject is `'clinic'`): staff outside the team
 *   see the patient's name, date of birth and that the record is restricted, nothing more; the care
 *   team and the admin see the rows in full. A list route without a probe below fails the test.
 * - Admin versus care team: the admin opens a restricted record without being in its team; for
 *   other staff, membership is what opens it. Emergency access (README, "Roles"): only staff on the
 *   emergency-access list, only while the grant lasts, audited as an emergency.
 */
type Person = 'admin' | 'teamClinician' | 'teamDesk' | 'outsideClinician' | 'outsideDesk';
/** Outsiders first: on a write, their refused attempt must find the record untouched. */
const PEOPLE: Person[] = ['outsideClinician', 'outsideDesk', 'teamClinician', 'teamDesk', 'admin'];
const inTeamOrAdmin = (p: Person) => !p.startsWith('outside');
/** Kinds that are not patient data as such but may belong to a patient (an outbox message). */
const CARRY_A_PATIENT = ['message'];

interface AuditRow {
  outcome: string;
  resource_id: string | null;
  patient_id: string | null;
  emergency: boolean;
  reason: string | null;
}

describeEngines('restricted records: care team, admin and other staff on %s', (engine) => {
  let w: World;
  let pid: string;
  let patientRow: { givenName: string; familyName: string; birthDate: string };
  let confirmationId: string;
  const people = {} as Record<Person, { id: string; email: string; role: Role }>;
  const clients = new Map<Person, Client>();
  const SECRET = {
    phone: '+16605550188',
    email: '',
    reason: 'Sciatica after a fall from a ladder',
    note: 'Only call after six, not at work',
    grant: 'Collapsed in the car park, allergies needed',
  };

  const recordRoutes = allRoutes.filter((r) => {
    const subject = recordSubject(r);
    return (
      !('public' in r.access) &&
      // Restriction is about staff: a route only the patient calls (reviewing their own visit) has none.
      r.access.roles.some((role) => role !== 'patient') &&
      !!subject &&
      (subject.kind.patientData || CARRY_A_PATIENT.includes(subject.kind.name))
    );
  });
  const listRoutes = allRoutes.filter((r) => r.method === 'GET' && r.subject === 'clinic');

  const as = async (p: Person) => {
    let c = clients.get(p);
    if (!c) clients.set(p, (c = await login(w.t, people[p].email)));
    return c;
  };
  const auditOf = (res: { headers: Record<string, unknown> }) =>
    w.rows<AuditRow>(
      sql`select outcome, resource_id, patient_id, emergency, reason from audit_events
           where request_id = ${String(res.headers['x-request-id'])} order by n`,
    );
  const secrets = () => [SECRET.phone, '6605550188', SECRET.email, SECRET.reason, SECRET.note, SECRET.grant];
  const limited = () => ({
    id: pid,
    name: `${patientRow.givenName} ${patientRow.familyName}`,
    givenName: patientRow.givenName,
    familyName: patientRow.familyName,
    birthDate: patientRow.birthDate,
    restricted: true,
    limited: true,
  });

  beforeAll(async () => {
    w = await World.start(engine);
    pid = w.k.patients[1];
    const [row] = await w.rows<{
      given_name: string;
      family_name: string;
      birth_date: string;
      email: string;
    }>(
      sql`select given_name, family_name, birth_date::text as birth_date, email from patients where id = ${pid}`,
    );
    patientRow = { givenName: row!.given_name, familyName: row!.family_name, birthDate: row!.birth_date };
    SECRET.email = row!.email;
    const extra = async (role: Role) => {
      const id = await w.insertUser(w.k, role);
      const [u] = await w.rows<{ email: string }>(sql`select email from users where id = ${id}`);
      return { id, email: u!.email, role };
    };
    Object.assign(people, {
      admin: { ...w.k.users.admin, role: 'admin' },
      teamClinician: { ...w.k.users.clinician, role: 'clinician' },
      teamDesk: await extra('frontdesk'),
      outsideClinician: await extra('clinician'),
      outsideDesk: { ...w.k.users.frontdesk, role: 'frontdesk' },
    });
    // The records the lists show: a booking with a reason (and its confirmation in the outbox), a
    // waiting-list entry with a note and a pending offer, signed visits (the matrix fixtures), a
    // portal invitation, an expired emergency grant and a sign-up that matches the record.
    for (const route of recordRoutes)
      if (recordSubject(route)!.kind.name !== 'message') await w.target(route, 'admin', 'sibling');
    const admin = await as('admin');
    const booked = await admin.req(
      'POST',
      '/api/v1/appointments',
      {
        practitionerId: w.practice(w.k).practitionerId,
        appointmentType: 'omt-follow-up',
        start: '2027-03-15T14:00:00.000Z',
        patientId: pid,
        reason: SECRET.reason,
        painScore: 7,
      },
      { 'idempotency-key': `restricted-${randomUUID()}` },
    );
    expect(booked.statusCode, booked.body).toBe(201);
    const invited = await admin.req('POST', `/api/v1/patients/${pid}/portal-invitation`);
    expect(invited.statusCode, invited.body).toBe(201);
    const [confirmation] = await w.rows<{ id: string }>(
      sql`select id from outbox_messages where patient_id = ${pid} and kind = 'confirmation'`,
    );
    confirmationId = confirmation!.id;
    await w.rows(
      sql`update appointments set reason = ${SECRET.reason}, pain_score = 7 where patient_id = ${pid}`,
    );
    await w.rows(sql`update waitlist_entries set note = ${SECRET.note} where patient_id = ${pid}`);
    const now = w.t.clock.now;
    await w.rows(sql`
      insert into break_glass_grants (clinic_id, user_id, patient_id, reason, created_at, expires_at)
      values (${w.k.clinicId}, ${people.outsideDesk.id}, ${pid}, ${SECRET.grant},
              ${new Date(now - 7_200_000).toISOString()}, ${new Date(now - 3_600_000).toISOString()})`);
    await w.rows(sql`
      insert into self_signups (clinic_id, given_name, family_name, birth_date, email, password_hash,
                                token_hash, status, created_at, expires_at, verified_at, review_reason,
                                candidates)
      values (${w.k.clinicId}, ${patientRow.givenName}, ${patientRow.familyName}, ${patientRow.birthDate},
              ${`signup.${randomUUID().slice(0, 8)}@test.example`}, ${await w.passwordHash(w.k)},
              ${randomUUID()}, 'review', ${new Date(now).toISOString()},
              ${new Date(now + 86_400_000).toISOString()}, ${new Date(now).toISOString()}, 'near miss',
              ${JSON.stringify([{ id: pid, matchedOn: ['name', 'birthDate'], exact: false }])}::jsonb)`);
    // Then the record is restricted to its care team.
    await w.rows(sql`
      update patients set restricted = true, phone = ${SECRET.phone},
                          care_team = ${JSON.stringify([people.teamClinician.id, people.teamDesk.id])}::jsonb
       where id = ${pid}`);
  }, 300_000);
  afterAll(() => w?.t.close());

  /** A review the restricted patient wrote of a visit (the admin's moderation list shows it). */
  let reviewId: string;
  beforeAll(async () => {
    const hide = allRoutes.find((r) => r.url === '/api/v1/directory/reviews/:id/hide')!;
    const review = await w.target(hide, 'admin', 'sibling');
    expect(review.patientId).toBe(pid);
    reviewId = review.id;
  });

  /** The record a route names: the restricted patient's (a matrix fixture, or its confirmation). */
  async function targetOf(route: RouteDef, role: Role) {
    if (recordSubject(route)!.kind.name === 'message') return { id: confirmationId, patientId: pid };
    const target = await w.target(route, role, 'sibling');
    expect(target.patientId, `${route.method} ${route.url}: fixture of another patient`).toBe(pid);
    return target;
  }

  it('drives every route that opens a record of a patient by id, and every list', async () => {
    const kinds = new Set(recordRoutes.map((r) => recordSubject(r)!.kind.name));
    expect([...kinds].sort()).toEqual([
      'appointment',
      'care-plan',
      'encounter',
      'exercise prescription',
      'message',
      'offer',
      'patient',
      'review',
      'waiting-list entry',
    ]);
    expect(recordRoutes.length).toBeGreaterThan(30);
    // Any other kind a route opens belongs to no patient (else its routes belong above).
    for (const route of allRoutes) {
      const subject = recordSubject(route);
      if (!subject || kinds.has(subject.kind.name) || 'public' in route.access) continue;
      const role = route.access.roles[0]!;
      const fixture = await w.target(route, role, 'own');
      expect(fixture.patientId, `${route.method} ${route.url} opens a record of a patient`).toBeNull();
    }
    expect(listRoutes.map((r) => r.url).sort()).toEqual(Object.keys(LIST_PROBES).sort());
  });

  /**
   * How each list of the table shows the restricted patient. `rows` picks the rows about them;
   * `limited` checks a row as shown to staff outside the care team, `full` as shown to the team and
   * the admin.
   */
  interface ListProbe {
    url: () => string;
    rows: (res: LightMyRequestResponse) => Record<string, unknown>[];
    limited?: (row: Record<string, unknown>) => void;
    full: (row: Record<string, unknown>) => void;
  }
  const results = (res: LightMyRequestResponse) => res.json<{ results: Record<string, unknown>[] }>().results;
  const mine = (rows: Record<string, unknown>[], field = 'patientId') => rows.filter((r) => r[field] === pid);
  const LIST_PROBES: Record<string, ListProbe> = {
    // The admin's moderation list: reviews carry no patient's name or contact, for anyone.
    '/api/v1/directory/reviews': {
      url: () => '/api/v1/directory/reviews',
      rows: (res) => results(res).filter((r) => r.id === reviewId),
      full: (row) => {
        expect(row).toMatchObject({ id: reviewId, hidden: expect.any(Boolean) });
        for (const secret of [patientRow.givenName, patientRow.familyName, SECRET.email, SECRET.phone])
          expect(JSON.stringify(row)).not.toContain(secret);
      },
    },
    '/api/v1/patients': {
      url: () => `/api/v1/patients?q=${encodeURIComponent(patientRow.familyName)}`,
      rows: (res) => mine(results(res), 'id'),
      limited: (row) => expect(row).toEqual(limited()),
      full: (row) =>
        expect(row).toMatchObject({ id: pid, email: SECRET.email, phone: SECRET.phone, restricted: true }),
    },
    '/api/v1/patients/duplicates': {
      url: () =>
        `/api/v1/patients/duplicates?givenName=${patientRow.givenName}&familyName=${patientRow.familyName}&birthDate=${patientRow.birthDate}`,
      rows: (res) => mine(res.json<{ candidates: Record<string, unknown>[] }>().candidates, 'id'),
      limited: (row) => expect(row).toEqual(limited()),
      full: (row) => expect(row).not.toHaveProperty('limited'),
    },
    // Opens both records: outside the care team it is the patient's 404, not a limited view.
    '/api/v1/patients/merge-preview': {
      url: () => `/api/v1/patients/merge-preview?survivorId=${pid}&duplicateId=${w.k.patients[0]}`,
      rows: (res) => [res.json<{ survivor: Record<string, unknown> }>().survivor],
      full: (row) => expect(row).toMatchObject({ id: pid, restricted: true }),
    },
    '/api/v1/admin/break-glass': {
      url: () => '/api/v1/admin/break-glass',
      rows: (res) => mine(results(res)),
      full: (row) => expect(row).toMatchObject({ patientName: limited().name, reason: SECRET.grant }),
    },
    '/api/v1/audit': {
      url: () => `/api/v1/audit?patientId=${pid}`,
      rows: (res) => mine(results(res)),
      full: (row) => expect(row).toMatchObject({ patientName: limited().name }),
    },
    '/api/v1/appointments': {
      url: () => '/api/v1/appointments',
      rows: (res) => mine(results(res)),
      limited: (row) => {
        expect(row.patient).toEqual(limited());
        expect(row).toMatchObject({ patientName: limited().name, reason: null, painScore: null });
      },
      full: (row) => {
        expect(row).not.toHaveProperty('patient');
        expect(row).toMatchObject({ reason: SECRET.reason, painScore: 7 });
      },
    },
    '/api/v1/waitlist': {
      url: () => '/api/v1/waitlist',
      rows: (res) => mine(results(res)),
      limited: (row) => expect(row).toMatchObject({ patient: limited(), note: null }),
      full: (row) => {
        expect(row).not.toHaveProperty('patient');
        expect(row).toMatchObject({ note: SECRET.note });
      },
    },
    '/api/v1/waitlist/offers': {
      url: () => '/api/v1/waitlist/offers',
      rows: (res) => mine(results(res)),
      limited: (row) => expect(row).toMatchObject({ patient: limited() }),
      full: (row) => expect(row).not.toHaveProperty('patient'),
    },
    '/api/v1/outbox': {
      url: () => '/api/v1/outbox',
      rows: (res) => mine(results(res)),
      limited: (row) => expect(row).toMatchObject({ to: null, limited: true, patient: limited() }),
      full: (row) => {
        expect(row).not.toHaveProperty('limited');
        expect(row).toMatchObject({ to: SECRET.email });
      },
    },
    // A sign-up that matches a record the reviewer may not open says only that a match exists.
    '/api/v1/signups': {
      url: () => '/api/v1/signups',
      rows: (res) =>
        results(res).flatMap((s) =>
          (s.candidates as Record<string, unknown>[]).filter((c) => c.patientId === pid || c.hidden === true),
        ),
      limited: (row) =>
        expect(row).toEqual({
          patientId: null,
          hidden: true,
          matchedOn: ['name', 'birthDate'],
          exact: false,
        }),
      full: (row) => expect(row).toMatchObject({ patientId: pid, hidden: false, email: SECRET.email }),
    },
  };

  for (const route of listRoutes) {
    it(`GET ${route.url}: name, date of birth and the restricted mark outside the care team; in full for the team and the admin`, async () => {
      const probe = LIST_PROBES[route.url];
      expect(
        probe,
        `no probe for the list ${route.url}: say how it shows a restricted patient`,
      ).toBeDefined();
      const roles = 'roles' in route.access ? route.access.roles : [];
      const seen: Person[] = [];
      for (const person of PEOPLE) {
        const c = await as(person);
        const res = await c.req('GET', probe!.url());
        const label = `${person} GET ${probe!.url()} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        if (!roles.includes(people[person].role)) {
          expect(res.statusCode, label).toBe(403);
          continue;
        }
        if (!inTeamOrAdmin(person)) {
          for (const secret of secrets()) expect(res.body, `${label}: shows ${secret}`).not.toContain(secret);
          if (!probe!.limited) {
            // A list that opens the record itself: outside the care team it does not open.
            expect(res.statusCode, label).toBe(404);
            continue;
          }
        }
        expect(res.statusCode, label).toBe(200);
        const rows = probe!.rows(res);
        expect(rows.length, `${label}: the patient is not listed`).toBeGreaterThan(0);
        for (const row of rows) (inTeamOrAdmin(person) ? probe!.full : probe!.limited!)(row);
        seen.push(person);
      }
      expect(seen.some(inTeamOrAdmin), 'nobody saw the list in full').toBe(true);
    });
  }

  it('the admin sees the record without being on the care team; for other staff the care team is what opens it', async () => {
    const admin = await as('admin');
    const created = await admin.req('POST', '/api/v1/patients', {
      givenName: 'Perpetua',
      familyName: `Vance${randomUUID().slice(0, 6)}`,
      birthDate: '1966-02-03',
      sex: 'female',
      restricted: true,
      careTeam: [people.outsideClinician.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const opens = async () => {
      const out: Record<string, number> = {};
      for (const person of PEOPLE)
        out[person] = (await (await as(person)).req('GET', `/api/v1/patients/${id}`)).statusCode;
      return out;
    };
    // Restricted to the "outside" clinician alone: they open it, the usual care team does not.
    expect(await opens()).toEqual({
      outsideClinician: 200,
      outsideDesk: 404,
      teamClinician: 404,
      teamDesk: 404,
      admin: 200,
    });
    // Nobody on the care team: only the admin.
    await w.rows(sql`update patients set care_team = '[]'::jsonb where id = ${id}`);
    expect(await opens()).toEqual({
      outsideClinician: 404,
      outsideDesk: 404,
      teamClinician: 404,
      teamDesk: 404,
      admin: 200,
    });
    // Not restricted: every member of staff.
    await w.rows(sql`update patients set restricted = false where id = ${id}`);
    expect(Object.values(await opens())).toEqual([200, 200, 200, 200, 200]);
  });

  it('emergency access (README): only staff on the emergency-access list, for the minutes granted, audited as an emergency and listed for the admin', async () => {
    const doc = await as('outsideClinician');
    const id = people.outsideClinician.id;
    const open = () => doc.req('GET', `/api/v1/patients/${pid}/encounters`);
    const grant = () =>
      doc.req('POST', '/api/v1/break-glass', {
        patientId: pid,
        reason: 'Unconscious on the table, need history',
        minutes: 5,
      });
    expect((await open()).statusCode).toBe(404);
    const refused = await grant();
    expect(refused.statusCode, refused.body).toBe(403);
    expect((await open()).statusCode).toBe(404);

    await w.rows(sql`update users set break_glass = true where id = ${id}`);
    const granted = await grant();
    expect(granted.statusCode, granted.body).toBe(201);
    const chart = await open();
    expect(chart.statusCode, chart.body).toBe(200);
    const record = await doc.req('GET', `/api/v1/patients/${pid}`);
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({
      id: pid,
      phone: SECRET.phone,
      emergencyAccess: { expiresAt: granted.json().expiresAt },
    });
    for (const res of [chart, record])
      expect(await auditOf(res)).toEqual([
        expect.objectContaining({
          outcome: 'success',
          patient_id: pid,
          emergency: true,
          reason: 'Unconscious on the table, need history',
        }),
      ]);
    // Others are not let in by someone else's grant.
    expect((await (await as('outsideDesk')).req('GET', `/api/v1/patients/${pid}`)).statusCode).toBe(404);
    const listed = await (await as('admin')).req('GET', '/api/v1/admin/break-glass?activeOnly=true');
    expect(results(listed).map((g) => [g.userId, g.patientId, g.active])).toEqual([[id, pid, true]]);

    const before = w.t.clock.now;
    w.t.clock.advance(5 * 60_000 + 1_000);
    try {
      const expired = await open();
      expect(expired.statusCode).toBe(404);
      expect((await auditOf(expired)).map((a) => [a.outcome, a.emergency])).toEqual([['denied', false]]);
    } finally {
      w.t.clock.now = before;
      await w.rows(sql`update users set break_glass = false where id = ${id}`);
      await w.rows(
        sql`update break_glass_grants set expires_at = ${new Date(before).toISOString()} where user_id = ${id}`,
      );
    }
  });

  for (const route of recordRoutes) {
    it(`${route.method} ${route.url}: the care team and the admin get in, other staff get an audited 404`, async () => {
      const kind = recordSubject(route)!.kind;
      const roles = 'roles' in route.access ? route.access.roles : [];
      // Earlier writes of the care team (a new phone number…) left the record restricted to it.
      expect(await w.rows(sql`select restricted, care_team from patients where id = ${pid}`)).toEqual([
        { restricted: true, care_team: [people.teamClinician.id, people.teamDesk.id] },
      ]);
      let admitted = 0;
      for (const person of PEOPLE) {
        const { role } = people[person];
        if (!roles.includes(role)) continue;
        const target = await targetOf(route, role);
        const url = route.url.replace(/:(\w+)/g, (_m, name: string) =>
          name === recordSubject(route)!.param ? target.id : randomUUID(),
        );
        const c = await as(person);
        const res = await c.req(
          route.method,
          url,
          route.method === 'GET' ? undefined : (route.example ?? {}),
          {
            'idempotency-key': `restricted-${randomUUID()}`,
          },
        );
        const label = `${person} ${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        const audit = await auditOf(res);
        if (!inTeamOrAdmin(person)) {
          expect(res.statusCode, label).toBe(404);
          expect(res.json().detail, label).toBe(`No such ${kind.name}, or you do not have access to it.`);
          for (const secret of secrets()) expect(res.body, label).not.toContain(secret);
          expect(
            audit.map((a) => [a.outcome, a.resource_id]),
            label,
          ).toEqual([['denied', target.id]]);
          if (kind.name === 'patient') expect(audit[0]!.patient_id, label).toBe(pid);
          continue;
        }
        expect([401, 403], label).not.toContain(res.statusCode);
        if (res.statusCode === 404)
          expect(res.json().detail, label).not.toMatch(new RegExp(`^No such ${kind.name},`));
        if (route.method === 'GET') {
          expect(res.statusCode, label).toBe(200);
          expect(
            audit.filter((a) => a.outcome === 'success').map((a) => a.patient_id),
            label,
          ).toContain(pid);
        }
        admitted++;
      }
      const allowed = PEOPLE.filter((p) => inTeamOrAdmin(p) && roles.includes(people[p].role));
      expect(allowed.length, 'nobody of the care team or admin may call it').toBeGreaterThan(0);
      expect(admitted, 'a member of the care team or the admin was not let in').toBe(allowed.length);
    });
  }
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rawRows } from '../db/connect.ts';
import type { Role } from '../platform/context.ts';
import type { RouteDef, SubjectDecl } from '../platform/route.ts';
import { allRoutes } from '../routes.ts';
import {
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';

/**
 * The records the security matrix names, per subject kind. Every kind a route can open by id has a
 * factory here (the matrix fails for a kind without one), so a new kind cannot escape the matrix.
 *
 * For each kind the matrix asks for:
 * - `own`: a record of the clinic's first patient (the one linked to the patient user), or for a
 *   kind without patient data a record of the caller's clinic; for owner-only kinds (tokens) a
 *   record of the caller;
 * - `sibling`: a record of the clinic's second patient (patient-data kinds), or of another user of
 *   the clinic (owner-only kinds); other kinds have no sibling;
 * - `foreign`: a record of another clinic;
 * - `random`: an id that names nothing.
 *
 * Records are written through the API where that is easy (encounters) and with SQL otherwise, in
 * `World.prepare` before any request of the matrix runs. A state-changing route gets a fresh record
 * per caller and variant (a cancelled appointment cannot be cancelled again); reads share one.
 */
export type Variant = 'own' | 'sibling' | 'foreign' | 'random';

/** A record a request names, and the patient it belongs to (null: none). */
export interface Fixture {
  id: string;
  patientId: string | null;
}

/** What one request needs: a record of this clinic, for this variant, named by this caller on this route. */
export interface Want {
  clinic: TestClinic;
  variant: Exclude<Variant, 'random'>;
  /** The caller the record is made for (owner-only kinds: whose token). */
  caller: Role;
  route: RouteDef;
  /** A record of its own, not shared with other requests (state-changing routes). */
  fresh: boolean;
}

export interface KindFixture {
  /** Records only their owner may open: `own` is the caller's, `sibling` another user's (always refused). */
  ownerOnly?: boolean;
  /** Part of the cache key of shared records: a route that needs the record in another state. */
  state?: (route: RouteDef) => string;
  /** An id that names nothing (default: a random uuid). */
  random?: () => string;
  make: (w: World, want: Want) => Promise<Fixture>;
}

/** Where the practice of each clinic lives: one practitioner (the clinician's) and a follow-up type. */
interface Practice {
  practitionerId: string;
  practitionerName: string;
  followUpTypeId: string;
  /** Appointments are laid one hour apart from here, so no two blocks overlap. */
  nextSlot: number;
}

const HOUR = 3_600_000;
const ts = (ms: number) => new Date(ms).toISOString();

/** The first patient for `own`, the second for `sibling`. */
const patientOf = (want: Want) => want.clinic.patients[want.variant === 'sibling' ? 1 : 0];

/** Encounters are created and signed through the API, as the clinic's clinician. */
const chartExample = allRoutes.find(
  (r) => r.method === 'POST' && r.url === '/api/v1/patients/:patientId/encounters',
)?.example;

const carePlanExample = allRoutes.find(
  (r) => r.method === 'POST' && r.url === '/api/v1/patients/:patientId/care-plans',
)?.example;

export const FIXTURES: Record<string, KindFixture> = {
  patient: {
    make: async (_w, want) => {
      const id = patientOf(want);
      return { id, patientId: id };
    },
  },

  encounter: {
    // Reads and amendments need a signed note (patients see only signed summaries); the other
    // writes (save, sign, discard) need a draft. One draft per patient and day is allowed, so each
    // visit is dated a day earlier than the one before.
    state: (route) => (route.method === 'GET' || route.url.endsWith('/amendments') ? 'signed' : 'draft'),
    make: async (w, want) => {
      const patientId = patientOf(want);
      const c = await w.clinicianOf(want.clinic);
      const id = await w.onAnEarlierDay(async () => {
        const res = await c.req('POST', `/api/v1/patients/${patientId}/encounters`, chartExample);
        if (res.statusCode !== 201) throw new Error(`encounter fixture: ${res.statusCode} ${res.body}`);
        const { id } = res.json<{ id: string }>();
        if (FIXTURES.encounter!.state!(want.route) === 'signed') {
          const signed = await c.req('POST', `/api/v1/encounters/${id}/sign`, {});
          if (signed.statusCode !== 200) throw new Error(`sign fixture: ${signed.statusCode} ${signed.body}`);
        }
        return id;
      });
      return { id, patientId };
    },
  },

  appointment: {
    // Weeks ahead, except for status changes: check-in opens two hours before the visit, so those
    // are in an hour (each with a practitioner of its own, so that they do not overlap).
    // A review needs a completed visit.
    state: (route) =>
      route.url.endsWith('/status') ? 'soon' : route.url.endsWith('/review') ? 'completed' : 'later',
    make: async (w, want) => {
      const patientId = patientOf(want);
      const soon = FIXTURES.appointment!.state!(want.route) === 'soon';
      const at = soon
        ? { practitionerId: await w.insertPractitioner(want.clinic, null), start: w.t.clock.now + HOUR }
        : {};
      const status = FIXTURES.appointment!.state!(want.route) === 'completed' ? 'completed' : 'booked';
      return { id: await w.insertAppointment(want.clinic, patientId, status, at), patientId };
    },
  },

  review: {
    // A published review of the patient's completed visit (directory).
    make: async (w, want) => {
      const patientId = patientOf(want);
      const appointmentId = await w.insertAppointment(want.clinic, patientId, 'completed');
      const [row] = await w.rows<{ id: string }>(sql`
        insert into directory_reviews (clinic_id, practitioner_id, appointment_id, patient_id, rating, text, created_at)
        select clinic_id, practitioner_id, id, patient_id, 4, 'Helpful visit', ${ts(w.t.clock.now)}
        from appointments where id = ${appointmentId}
        returning id`);
      return { id: row!.id, patientId };
    },
  },

  'waiting-list entry': {
    make: async (w, want) => {
      const patientId = patientOf(want);
      return { id: await w.insertEntry(want.clinic, patientId, 'waiting'), patientId };
    },
  },

  offer: {
    // A pending offer: the entry is `offered` and the offered time is held by a `held` appointment.
    make: async (w, want) => {
      const patientId = patientOf(want);
      const p = w.practice(want.clinic);
      const entryId = await w.insertEntry(want.clinic, patientId, 'offered');
      const start = p.nextSlot;
      const appointmentId = await w.insertAppointment(want.clinic, patientId, 'held');
      const [row] = await w.rows<{ id: string }>(sql`
        insert into waitlist_offers (clinic_id, entry_id, appointment_id, practitioner_id, slot_start,
                                     offered_at, expires_at, status)
        values (${want.clinic.clinicId}, ${entryId}, ${appointmentId}, ${p.practitionerId}, ${ts(start)},
                ${ts(w.t.clock.now)}, ${ts(w.t.clock.now + 24 * HOUR)}, 'pending')
        returning id`);
      return { id: row!.id, patientId };
    },
  },

  message: {
    // A sent confirmation to the first patient, with its calendar attachment.
    make: async (w, want) => {
      const patientId = want.clinic.patients[0];
      const [row] = await w.rows<{ id: string }>(sql`
        insert into outbox_messages (clinic_id, patient_id, kind, to_address, subject, text, ics, status,
                                     send_after, sent_at, transport, created_at)
        values (${want.clinic.clinicId}, ${patientId}, 'confirmation', ${`matrix.${w.tag()}@test.example`},
                'Your visit is booked', 'See you soon.',
                ${'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n'}, 'sent',
                ${ts(w.t.clock.now)}, ${ts(w.t.clock.now)}, 'development', ${ts(w.t.clock.now)})
        returning id`);
      return { id: row!.id, patientId };
    },
  },

  user: {
    // A clinician account of the clinic that none of the callers uses (its password and sessions
    // change), with its practitioner record (an NPI belongs to one).
    make: async (w, want) => {
      const id = await w.insertUser(want.clinic, 'clinician');
      await w.insertPractitioner(want.clinic, id);
      return { id, patientId: null };
    },
  },

  token: {
    ownerOnly: true,
    make: async (w, want) => {
      const owner =
        want.variant === 'sibling'
          ? want.clinic.users[want.caller === 'admin' ? 'clinician' : 'admin'].id
          : want.clinic.users[want.variant === 'foreign' ? 'admin' : want.caller].id;
      const [row] = await w.rows<{ id: string }>(sql`
        insert into api_tokens (user_id, clinic_id, name, token_hash, created_at, expires_at)
        values (${owner}, ${want.clinic.clinicId}, 'matrix', ${randomUUID()}, ${ts(w.t.clock.now)},
                ${ts(w.t.clock.now + 90 * 24 * HOUR)})
        returning id`);
      return { id: row!.id, patientId: null };
    },
  },

  'sign-up': {
    // A verified sign-up waiting for staff review.
    make: async (w, want) => {
      const tag = w.tag();
      const [row] = await w.rows<{ id: string }>(sql`
        insert into self_signups (clinic_id, given_name, family_name, birth_date, email, password_hash,
                                  token_hash, status, created_at, expires_at, verified_at, review_reason)
        values (${want.clinic.clinicId}, ${`Signup${tag}`}, 'Matrix', '1970-07-07',
                ${`signup.${tag}@test.example`}, ${await w.passwordHash(want.clinic)}, ${randomUUID()},
                'review', ${ts(w.t.clock.now)}, ${ts(w.t.clock.now + 24 * HOUR)}, ${ts(w.t.clock.now)},
                'approval required')
        returning id`);
      return { id: row!.id, patientId: null };
    },
  },

  practitioner: {
    // The clinician's own practitioner record: clinicians may manage only their own schedule.
    make: async (w, want) => ({ id: w.practice(want.clinic).practitionerId, patientId: null }),
  },

  'appointment type': {
    random: () => `matrix-none-${randomUUID().slice(0, 8)}`,
    make: async (w, want) => {
      const code = `matrix-${want.variant}-${w.tag()}`;
      await w.rows(sql`
        insert into appointment_types (clinic_id, code, name, duration_minutes, slot_interval_minutes)
        values (${want.clinic.clinicId}, ${code}, 'Matrix visit', 30, 30)`);
      return { id: code, patientId: null };
    },
  },

  closure: {
    make: async (w, want) => {
      const [row] = await w.rows<{ id: string }>(sql`
        insert into time_off (clinic_id, practitioner_id, starts_at, ends_at, reason)
        values (${want.clinic.clinicId}, null, '2028-12-25T06:00:00Z', '2028-12-26T06:00:00Z', 'Matrix closure')
        returning id`);
      return { id: row!.id, patientId: null };
    },
  },

  'care-plan': {
    // A draft plan, written through the API by the clinic's clinician (the route's own example);
    // booking its visits needs an active plan, so for that route it is signed too.
    state: (route) => (route.url.endsWith('/book-visits') ? 'active' : 'draft'),
    make: async (w, want) => {
      const patientId = patientOf(want);
      const c = await w.clinicianOf(want.clinic);
      const res = await c.req('POST', `/api/v1/patients/${patientId}/care-plans`, carePlanExample);
      if (res.statusCode !== 201) throw new Error(`care-plan fixture: ${res.statusCode} ${res.body}`);
      const id = res.json<{ id: string }>().id;
      if (FIXTURES['care-plan']!.state!(want.route) === 'active') {
        const signed = await c.req('POST', `/api/v1/care-plans/${id}/sign`, {});
        if (signed.statusCode !== 200)
          throw new Error(`care-plan sign fixture: ${signed.statusCode} ${signed.body}`);
      }
      return { id, patientId };
    },
  },

  exercise: {
    // One of the clinic's own exercises (built-ins are named by slug and belong to every clinic).
    make: async (w, want) => {
      const [row] = await w.rows<{ id: string }>(sql`
        insert into clinic_exercises (clinic_id, name, purpose, steps, cautions, regions, created_by, created_at, updated_at)
        values (${want.clinic.clinicId}, ${`Matrix stretch ${w.tag()}`}, 'A matrix exercise.', '["Do it."]'::jsonb,
                '[]'::jsonb, '["lumbar"]'::jsonb, ${want.clinic.users.clinician.id}, ${ts(w.t.clock.now)},
                ${ts(w.t.clock.now)})
        returning id`);
      return { id: row!.id, patientId: null };
    },
  },

  'exercise prescription': {
    // Chin tucks twice a day since January; taking back today's session needs one ticked today.
    state: (route) => (route.method === 'DELETE' ? 'logged' : 'fresh'),
    make: async (w, want) => {
      const patientId = patientOf(want);
      const [row] = await w.rows<{ id: string }>(sql`
        insert into exercise_prescriptions (clinic_id, patient_id, builtin_exercise, sets, reps, times_per_day,
                                            days_per_week, start, prescribed_by, created_at)
        values (${want.clinic.clinicId}, ${patientId}, 'chin-tuck', 2, 10, 2, 7, '2027-01-04',
                ${want.clinic.users.clinician.id}, ${ts(w.t.clock.now)})
        returning id`);
      if (FIXTURES['exercise prescription']!.state!(want.route) === 'logged')
        await w.rows(sql`
          insert into exercise_sessions (clinic_id, prescription_id, date, logged_by, logged_at)
          select ${want.clinic.clinicId}, ${row!.id},
                 (${ts(w.t.clock.now)}::timestamptz at time zone c.time_zone)::date,
                 ${want.clinic.users.clinician.id}, ${ts(w.t.clock.now)}
          from clinics c where c.id = ${want.clinic.clinicId}`);
      return { id: row!.id, patientId };
    },
  },
};

/** The record kind a route opens by id, or null. */
export function recordSubject(route: RouteDef) {
  const subject = route.subject as SubjectDecl | undefined;
  return subject && typeof subject === 'object' ? subject : null;
}

/** The variants the matrix sends to a route that opens this kind. */
export function variantsOf(kind: { name: string; patientData: boolean }): Variant[] {
  const fixture = FIXTURES[kind.name];
  return kind.patientData || fixture?.ownerOnly
    ? ['own', 'sibling', 'foreign', 'random']
    : ['own', 'foreign', 'random'];
}

/** The test app, two clinics (the callers' and another), their practices, and the records made so far. */
export class World {
  private readonly practices = new Map<string, Practice>();
  private readonly clinicians = new Map<string, Client>();
  private readonly hashes = new Map<string, string>();
  private readonly shared = new Map<string, Promise<Fixture>>();
  private readonly targets = new Map<string, Promise<Fixture>>();
  private counter = 0;
  private daysBack = 0;

  private constructor(
    readonly t: TestApp,
    readonly k: TestClinic,
    readonly other: TestClinic,
  ) {}

  static async start(engine: 'pglite' | 'postgres'): Promise<World> {
    const t = await startTestApp(engine);
    const w = new World(t, await makeClinic(t), await makeClinic(t));
    for (const clinic of [w.k, w.other]) {
      await w.setupPractice(clinic);
      // An address on file, so that invitations and messages can go out.
      for (const [i, id] of clinic.patients.entries())
        await w.rows(sql`update patients set email = ${`patient${i}.${clinic.clinicId.slice(0, 8)}@test.example`}
                         where id = ${id}`);
    }
    return w;
  }

  rows<T>(query: Parameters<TestApp['database']['db']['execute']>[0]): Promise<T[]> {
    return rawRows<T>(this.t.database.db, query);
  }

  tag(): string {
    return `${++this.counter}-${randomUUID().slice(0, 6)}`;
  }

  practice(clinic: TestClinic): Practice {
    const p = this.practices.get(clinic.clinicId);
    if (!p) throw new Error('no practice set up for this clinic');
    return p;
  }

  async clinicianOf(clinic: TestClinic): Promise<Client> {
    let c = this.clinicians.get(clinic.clinicId);
    if (!c) {
      c = await login(this.t, clinic.users.clinician.email);
      this.clinicians.set(clinic.clinicId, c);
    }
    return c;
  }

  /** Runs `fn` with the app's clock one more day in the past, then puts the clock back. */
  async onAnEarlierDay<T>(fn: () => Promise<T>): Promise<T> {
    const now = this.t.clock.now;
    this.t.clock.now = now - ++this.daysBack * 24 * HOUR;
    try {
      return await fn();
    } finally {
      this.t.clock.now = now;
    }
  }

  async passwordHash(clinic: TestClinic): Promise<string> {
    let hash = this.hashes.get(clinic.clinicId);
    if (!hash) {
      const [row] = await this.rows<{ password_hash: string }>(
        sql`select password_hash from users where id = ${clinic.users.admin.id}`,
      );
      hash = row!.password_hash;
      this.hashes.set(clinic.clinicId, hash);
    }
    return hash;
  }

  /**
   * The record a request of the matrix names: made once per (route, caller, variant) and kept, so
   * the request finds it whatever ran before. `random` is a fresh id that names nothing.
   */
  target(route: RouteDef, caller: Role | 'anonymous', variant: Variant): Promise<Fixture> {
    const subject = recordSubject(route);
    if (!subject) throw new Error(`${route.method} ${route.url} opens no record kind`);
    const fixture = FIXTURES[subject.kind.name];
    if (!fixture) throw new Error(`no fixture for the subject kind "${subject.kind.name}"`);
    if (variant === 'random')
      return Promise.resolve({ id: fixture.random?.() ?? randomUUID(), patientId: null });
    const key = `${route.method} ${route.url}|${caller}|${variant}`;
    let found = this.targets.get(key);
    if (!found) {
      const allowed = 'roles' in route.access ? route.access.roles : [];
      const admitted = caller !== 'anonymous' && allowed.includes(caller);
      const want: Want = {
        clinic: variant === 'foreign' ? this.other : this.k,
        variant,
        // Refused callers never reach the record: they name the one made for the first allowed role.
        caller: admitted ? caller : (allowed[0] ?? 'admin'),
        route,
        // A state-changing request the route lets through gets a record of its own; refusals and
        // another clinic's records are shared (nothing may change them).
        fresh: admitted && route.method !== 'GET' && variant !== 'foreign',
      };
      found = this.make(subject.kind.name, fixture, want);
      this.targets.set(key, found);
    }
    return found;
  }

  private make(kind: string, fixture: KindFixture, want: Want): Promise<Fixture> {
    if (want.fresh) return fixture.make(this, want);
    const owner = fixture.ownerOnly ? want.caller : '';
    const key = `${kind}|${want.clinic.clinicId}|${want.variant}|${owner}|${fixture.state?.(want.route) ?? ''}`;
    let found = this.shared.get(key);
    if (!found) {
      found = fixture.make(this, want);
      this.shared.set(key, found);
    }
    return found;
  }

  /** Makes every record the matrix will name, before any request of it runs. */
  async prepare(routes: RouteDef[], callers: (Role | 'anonymous')[]): Promise<void> {
    for (const route of routes) {
      const subject = recordSubject(route);
      if (!subject || !FIXTURES[subject.kind.name]) continue;
      for (const caller of callers)
        for (const variant of variantsOf(subject.kind)) await this.target(route, caller, variant);
    }
  }

  /** One practitioner (the clinic's clinician) working 08:00–18:00 on weekdays, and a follow-up type. */
  private async setupPractice(clinic: TestClinic) {
    const name = `Dr. Matrix${clinic.clinicId.slice(0, 8)}, DO`;
    const practitionerId = await this.insertPractitioner(clinic, clinic.users.clinician.id, name);
    for (const weekday of [1, 2, 3, 4, 5])
      await this.rows(sql`
        insert into availability_rules (clinic_id, practitioner_id, weekday, start_time, end_time)
        values (${clinic.clinicId}, ${practitionerId}, ${weekday}, '08:00', '18:00')`);
    const [type] = await this.rows<{ id: string }>(sql`
      insert into appointment_types (clinic_id, code, name, duration_minutes, slot_interval_minutes)
      values (${clinic.clinicId}, 'omt-follow-up', 'Follow-up', 30, 30)
      returning id`);
    this.practices.set(clinic.clinicId, {
      practitionerId,
      practitionerName: name,
      followUpTypeId: type!.id,
      nextSlot: Date.parse('2027-05-03T13:00:00Z'),
    });
  }

  async insertPractitioner(
    clinic: TestClinic,
    userId: string | null,
    name = 'Dr. Matrix, DO',
  ): Promise<string> {
    const [row] = await this.rows<{ id: string }>(sql`
      insert into practitioners (clinic_id, user_id, name, credentials, time_zone)
      values (${clinic.clinicId}, ${userId}, ${name}, '["DO"]'::jsonb, 'America/Chicago')
      returning id`);
    return row!.id;
  }

  /** A follow-up visit: by default with the clinic's practitioner at the next free hour, weeks ahead. */
  async insertAppointment(
    clinic: TestClinic,
    patientId: string,
    status: 'booked' | 'held' | 'completed',
    at: { practitionerId?: string; start?: number } = {},
  ): Promise<string> {
    const p = this.practice(clinic);
    const start = at.start ?? p.nextSlot;
    if (at.start === undefined) p.nextSlot += HOUR;
    const end = start + HOUR / 2;
    const [row] = await this.rows<{ id: string }>(sql`
      insert into appointments (clinic_id, practitioner_id, patient_id, appointment_type_id, starts_at,
                                ends_at, block_start, block_end, status, source, created_at)
      values (${clinic.clinicId}, ${at.practitionerId ?? p.practitionerId}, ${patientId}, ${p.followUpTypeId}, ${ts(start)},
              ${ts(end)}, ${ts(start)}, ${ts(end)}, ${status}, ${status === 'held' ? 'waitlist' : 'staff'},
              ${ts(this.t.clock.now)})
      returning id`);
    return row!.id;
  }

  async insertEntry(clinic: TestClinic, patientId: string, status: 'waiting' | 'offered'): Promise<string> {
    const p = this.practice(clinic);
    const [row] = await this.rows<{ id: string }>(sql`
      insert into waitlist_entries (clinic_id, patient_id, practitioner_id, appointment_type_id, window_start,
                                    window_end, status, created_at, updated_at)
      values (${clinic.clinicId}, ${patientId}, null, ${p.followUpTypeId}, '2027-05-01T05:00:00Z',
              '2027-06-01T05:00:00Z', ${status}, ${ts(this.t.clock.now)}, ${ts(this.t.clock.now)})
      returning id`);
    return row!.id;
  }

  async insertUser(clinic: TestClinic, role: Role): Promise<string> {
    const [row] = await this.rows<{ id: string }>(sql`
      insert into users (clinic_id, email, name, role, password_hash)
      values (${clinic.clinicId}, ${`matrix.${this.tag()}@test.example`}, 'Matrix Staff', ${role},
              ${await this.passwordHash(clinic)})
      returning id`);
    return row!.id;
  }
}

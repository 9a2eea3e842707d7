import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rawRows } from '../../db/connect.ts';
import { availabilityRules, patients, practitioners } from '../../db/schema.ts';
import type { Client, TestApp, TestClinic } from '../../testing/harness.ts';
import { insertPatient } from '../patients/store.ts';
import { ACTIVE_STATUSES, appointmentTypes } from './tables.ts';

// The harness clock: Wednesday 2027-03-10 15:00Z. Chicago moves to CDT (UTC-5) on Sunday 2027-03-14.
export const MON_0900_CDT = '2027-03-15T14:00:00.000Z';
export const MON_0930_CDT = '2027-03-15T14:30:00.000Z';
export const MON_1000_CDT = '2027-03-15T15:00:00.000Z';

export const key = () => `k-${randomUUID()}`;

/**
 * One practitioner (linked to the clinic's clinician) working 09:00–12:00 Monday to Friday in
 * Chicago, and three types: a 60-minute new-patient visit with a 15-minute buffer, a 30-minute
 * follow-up, and a staff-only type.
 */
export async function setupPractice(t: TestApp, k: TestClinic, opts: { emails?: boolean } = {}) {
  const db = t.database.db;
  const [p] = await db
    .insert(practitioners)
    .values({
      clinicId: k.clinicId,
      userId: k.users.clinician.id,
      name: 'Dr. Test, DO',
      credentials: ['DO'],
      timeZone: 'America/Chicago',
    })
    .returning();
  await db.insert(availabilityRules).values(
    [1, 2, 3, 4, 5].map((weekday) => ({
      clinicId: k.clinicId,
      practitionerId: p!.id,
      weekday,
      startTime: '09:00',
      endTime: '12:00',
    })),
  );
  await db.insert(appointmentTypes).values([
    {
      clinicId: k.clinicId,
      code: 'omt-new',
      name: 'New',
      durationMinutes: 60,
      bufferAfterMinutes: 15,
      slotIntervalMinutes: 30,
      newPatientOnly: true,
    },
    {
      clinicId: k.clinicId,
      code: 'omt-follow-up',
      name: 'Follow-up',
      durationMinutes: 30,
      bufferAfterMinutes: 0,
      slotIntervalMinutes: 30,
    },
    {
      clinicId: k.clinicId,
      code: 'staff-only',
      name: 'Internal',
      durationMinutes: 30,
      slotIntervalMinutes: 30,
      bookableOnline: false,
    },
  ]);
  if (opts.emails !== false) {
    for (const [i, id] of k.patients.entries()) {
      await db
        .update(patients)
        .set({ email: `patient${i}.${k.clinicId.slice(0, 8)}@test.example` })
        .where(eq(patients.id, id));
    }
  }
  return p!.id;
}

/** A third patient of the clinic (no user account). */
export async function addPatient(t: TestApp, k: TestClinic, givenName: string, email?: string) {
  const p = await t.database.db.transaction((tx) =>
    insertPatient(
      tx,
      k.clinicId,
      {
        givenName,
        familyName: 'Waiting',
        birthDate: '1975-04-04',
        sex: 'other',
        email: email ?? null,
        restricted: false,
        careTeam: [],
        conditions: [],
        flags: [],
        medications: [],
        allergies: [],
      },
      new Date(t.clock.now),
    ),
  );
  return p.id;
}

export async function bookAs(
  c: Client,
  body: { practitionerId: string; appointmentType: string; start: string; patientId?: string },
) {
  return c.req('POST', '/api/v1/appointments', body, { 'idempotency-key': key() });
}

/** The body of a follow-up booking (the type most tests book). */
export const followUp = (practitionerId: string, start: string, patientId: string | undefined) => ({
  practitionerId,
  appointmentType: 'omt-follow-up',
  start,
  patientId,
});

/** Runs `fn` with the app's clock at `iso`, then puts the clock back. */
export async function at<T>(t: TestApp, iso: string, fn: () => Promise<T>): Promise<T> {
  const before = t.clock.now;
  t.clock.now = Date.parse(iso);
  try {
    return await fn();
  } finally {
    t.clock.now = before;
  }
}

/** `n` more patients of the clinic (no user accounts), created in one transaction. */
export async function addPatients(t: TestApp, k: TestClinic, n: number, prefix = 'Racer') {
  return t.database.db.transaction(async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const p = await insertPatient(
        tx,
        k.clinicId,
        {
          givenName: `${prefix}${i}`,
          familyName: 'Test',
          birthDate: '1980-01-01',
          sex: 'other',
          restricted: false,
          careTeam: [],
          conditions: [],
          flags: [],
          medications: [],
          allergies: [],
        },
        new Date(t.clock.now),
      );
      ids.push(p.id);
    }
    return ids;
  });
}

/**
 * A type with buffers on both sides and a 15-minute grid (45 minutes, 15 before, 15 after), so
 * footprints of different types overlap partially.
 */
export async function addBufferedType(t: TestApp, k: TestClinic, code = 'omt-buffered') {
  await t.database.db.insert(appointmentTypes).values({
    clinicId: k.clinicId,
    code,
    name: 'Buffered',
    durationMinutes: 45,
    bufferBeforeMinutes: 15,
    bufferAfterMinutes: 15,
    slotIntervalMinutes: 15,
    minNoticeMinutes: 0,
    horizonDays: 365,
  });
}

export interface StoredAppointment {
  id: string;
  patientId: string;
  status: string;
  start: string;
  end: string;
  blockStart: string;
  blockEnd: string;
}

/** Every appointment of a practitioner as stored (ISO instants), ordered by block start then id. */
export async function storedAppointments(t: TestApp, practitionerId: string): Promise<StoredAppointment[]> {
  const rows = await rawRows<{
    id: string;
    patient_id: string;
    status: string;
    starts_at: string | Date;
    ends_at: string | Date;
    block_start: string | Date;
    block_end: string | Date;
  }>(
    t.database.db,
    sql`select id, patient_id, status, starts_at, ends_at, block_start, block_end
          from appointments where practitioner_id = ${practitionerId} order by block_start, id`,
  );
  const iso = (v: string | Date) => new Date(v).toISOString();
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    status: r.status,
    start: iso(r.starts_at),
    end: iso(r.ends_at),
    blockStart: iso(r.block_start),
    blockEnd: iso(r.block_end),
  }));
}

export const isActive = (status: string) => (ACTIVE_STATUSES as readonly string[]).includes(status);

/** Pairs of active appointments whose blocks (buffers included) overlap: always empty. */
export function overlappingPairs(rows: readonly StoredAppointment[]): [string, string][] {
  const active = rows.filter((r) => isActive(r.status));
  const pairs: [string, string][] = [];
  for (const [i, a] of active.entries()) {
    for (const b of active.slice(i + 1)) {
      if (
        Date.parse(a.blockStart) < Date.parse(b.blockEnd) &&
        Date.parse(b.blockStart) < Date.parse(a.blockEnd)
      )
        pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}

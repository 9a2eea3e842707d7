import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { availabilityRules, patients, practitioners } from '../../db/schema.ts';
import type { Client, TestApp, TestClinic } from '../../testing/harness.ts';
import { insertPatient } from '../patients/store.ts';
import { appointmentTypes } from './tables.ts';

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

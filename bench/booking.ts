/**
 * Booking under load (PostgreSQL): 50 concurrent clients book distinct slots over many
 * practitioners through the real HTTP app (session cookie, role check, Idempotency-Key, slot
 * re-check, exclusion constraint, audit entry and outbox messages in one transaction). Then one
 * slot is raced by 50 clients, and overlaps are counted by SQL. The clients run in a process of
 * their own (bench/book-client.mjs), so the app's event loop and CPU serve only the app.
 */
import { DateTime } from 'luxon';
import { sql } from 'drizzle-orm';
import { makeClinic, startTestApp, TEST_PASSWORD } from '../src/server/testing/harness.ts';
import { availabilityRules, practitioners } from '../src/server/db/schema.ts';
import { rawRows } from '../src/server/db/connect.ts';
import { insertPatient } from '../src/server/features/patients/store.ts';
import { appointmentTypes } from '../src/server/features/scheduling/tables.ts';
import { bookFromOutside, type BookingJob } from './outside.ts';

export interface BookingBenchResult {
  bookings: number;
  clients: number;
  perSecond: number;
  p95Ms: number;
  non2xx: number;
  overlaps: number;
  /** CPU time of the app's process per booking (the load comes from a child process): less sensitive to a busy machine. */
  cpuMsPerBooking: number;
  race: { created: number; conflicts: number; other: number };
}

const ZONE = 'America/Chicago';
const PRACTITIONERS = 50;
const PATIENTS = 200;
const CLIENTS = 50;
// The harness clock is Wednesday 2027-03-10; these are the following two working weeks.
const DAYS = ['15', '16', '17', '18', '19', '22', '23', '24', '25', '26'].map((d) => `2027-03-${d}`);
const WARMUP_DAY = '2027-03-29';

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
}

/** Half-hour starts 08:00–17:30 local on `date`, as UTC instants. */
function startsOn(date: string): string[] {
  const out: string[] = [];
  for (let m = 8 * 60; m < 18 * 60; m += 30) {
    out.push(
      DateTime.fromISO(date, { zone: ZONE })
        .plus({ minutes: m })
        .toUTC()
        .toISO({ suppressMilliseconds: true })!,
    );
  }
  return out;
}

export async function benchBooking(total = 3000): Promise<BookingBenchResult> {
  const t = await startTestApp('postgres');
  try {
    const k = await makeClinic(t);
    const db = t.database.db;
    const docs = await db
      .insert(practitioners)
      .values(
        Array.from({ length: PRACTITIONERS }, (_, i) => ({
          clinicId: k.clinicId,
          name: `Dr. Bench ${i + 1}, DO`,
          timeZone: ZONE,
        })),
      )
      .returning({ id: practitioners.id });
    await db.insert(availabilityRules).values(
      docs.flatMap((d) =>
        [1, 2, 3, 4, 5].map((weekday) => ({
          clinicId: k.clinicId,
          practitionerId: d.id,
          weekday,
          startTime: '08:00',
          endTime: '18:00',
        })),
      ),
    );
    await db.insert(appointmentTypes).values({
      clinicId: k.clinicId,
      code: 'bench-visit',
      name: 'Bench visit',
      durationMinutes: 30,
      slotIntervalMinutes: 30,
      minNoticeMinutes: 0,
      horizonDays: 60,
    });
    const patientIds: string[] = [];
    for (let i = 0; i < PATIENTS; i++) {
      const p = await db.transaction((tx) =>
        insertPatient(
          tx,
          k.clinicId,
          {
            givenName: `Bench${i}`,
            familyName: 'Patient',
            birthDate: '1980-01-01',
            sex: 'other',
            email: `bench${i}@bench.example`,
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
      patientIds.push(p.id);
    }

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: k.users.frontdesk.email, password: TEST_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const run = (jobs: BookingJob[], clients = CLIENTS) => bookFromOutside(base, cookie, jobs, clients);

    // Distinct slots, interleaved across practitioners so concurrent clients mostly hit different ones.
    const slots = DAYS.flatMap(startsOn);
    const jobs = slots
      .flatMap((start, si) =>
        docs.map((d, di) => ({
          practitionerId: d.id,
          start,
          patientId: patientIds[(si * docs.length + di) % patientIds.length]!,
        })),
      )
      .slice(0, total);
    const warmup = startsOn(WARMUP_DAY).flatMap((start, si) =>
      docs.slice(0, 10).map((d, di) => ({ practitionerId: d.id, start, patientId: patientIds[si + di]! })),
    );
    await run(warmup);
    const cpu = process.cpuUsage();
    const measured = await run(jobs);
    const used = process.cpuUsage(cpu);

    // The race: 50 clients, one slot, two durations would be the same story; one must win.
    const raceSlot = startsOn('2027-03-31')[4]!;
    const race = (
      await run(
        patientIds
          .slice(0, CLIENTS)
          .map((patientId) => ({ practitionerId: docs[0]!.id, start: raceSlot, patientId })),
      )
    ).results;

    const [overlap] = await rawRows<{ n: number | string }>(
      db,
      sql`select count(*) as n from appointments a join appointments b
            on a.practitioner_id = b.practitioner_id and a.id < b.id
           and tstzrange(a.block_start, a.block_end, '[)') && tstzrange(b.block_start, b.block_end, '[)')
         where a.clinic_id = ${k.clinicId}
           and a.status in ('held','booked','checked-in','completed')
           and b.status in ('held','booked','checked-in','completed')`,
    );
    const ok = measured.results.filter((r) => r.status === 201).length;
    return {
      bookings: ok,
      clients: CLIENTS,
      perSecond: ok / measured.seconds,
      p95Ms: p95(measured.results.map((r) => r.ms)),
      non2xx: measured.results.length - ok,
      overlaps: Number(overlap?.n ?? 0),
      cpuMsPerBooking: (used.user + used.system) / 1000 / Math.max(1, measured.results.length),
      race: {
        created: race.filter((r) => r.status === 201).length,
        conflicts: race.filter((r) => r.status === 409).length,
        other: race.filter((r) => r.status !== 201 && r.status !== 409).length,
      },
    };
  } finally {
    await t.close();
  }
}

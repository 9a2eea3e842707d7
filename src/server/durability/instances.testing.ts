import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { rawRows, type Db } from '../db/connect.ts';
import { outboxMessages } from '../db/schema.ts';
import {
  appointments,
  appointmentTypes,
  waitlistEntries,
  waitlistOffers,
} from '../features/scheduling/tables.ts';
import type { StoredAppointment } from '../features/scheduling/test-helpers.ts';
import type { CrashClinic } from './crash-load.testing.ts';

/** Helpers of instances.test.ts: several app processes over one PostgreSQL database. */

/** A fresh database on the server of `baseUrl`, dropped (connections and all) by `drop`. */
export async function createScratchDatabase(
  baseUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(baseUrl);
  // Named after the test database (`<db>_inst_<random>`): whose it is shows in a listing.
  const name = `${url.pathname.slice(1).replace(/\W/g, '')}_inst_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export interface Answer {
  status: number;
  body: Record<string, unknown> | null;
}

/** One JSON request with a session cookie (and the CSRF header state changes need). */
export async function call(
  base: string,
  method: string,
  path: string,
  cookie: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      cookie,
      'x-requested-with': 'instances',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** Polls `check` until it returns a value (not undefined), failing with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every appointment of a practitioner as stored, in the shape `overlappingPairs` reads. */
export async function appointmentsOf(db: Db, practitionerId: string): Promise<StoredAppointment[]> {
  const rows = await rawRows<{
    id: string;
    patient_id: string;
    status: string;
    starts_at: Date;
    ends_at: Date;
    block_start: Date;
    block_end: Date;
  }>(
    db,
    sql`select id, patient_id, status, starts_at, ends_at, block_start, block_end
          from appointments where practitioner_id = ${practitionerId} order by block_start, id`,
  );
  const iso = (v: Date) => new Date(v).toISOString();
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

/** A 30-minute visit bookable every 15 minutes: neighbouring starts overlap. */
export async function addOverlappingType(db: Db, clinicId: string): Promise<string> {
  await db.insert(appointmentTypes).values({
    clinicId,
    code: 'overlap-30',
    name: 'Overlapping half hour',
    durationMinutes: 30,
    slotIntervalMinutes: 15,
    minNoticeMinutes: 0,
  });
  return 'overlap-30';
}

/**
 * Waiting-list offers whose hold ran out a minute ago, as `offerFreedSlot` leaves them (a held
 * appointment, the entry `offered`, the offer pending), one per 15-minute slot of `day` from 01:00
 * UTC. Each entry waits for its own slot only, so a released hold is offered to nobody else.
 */
export async function seedExpiredHolds(
  db: Db,
  clinic: CrashClinic,
  day: number,
  n: number,
): Promise<{ offerIds: string[]; appointmentIds: string[] }> {
  const [type] = await db
    .select({ id: appointmentTypes.id })
    .from(appointmentTypes)
    .where(
      sql`${appointmentTypes.clinicId} = ${clinic.clinicId} and ${appointmentTypes.code} = 'crash-slot'`,
    );
  const now = new Date();
  const offeredAt = new Date(now.getTime() - 3 * 3600_000);
  const expiresAt = new Date(now.getTime() - 60_000);
  const offerIds: string[] = [];
  const appointmentIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = new Date(day + 3600_000 + i * 900_000);
    const end = new Date(start.getTime() + 900_000);
    const patientId = clinic.patientIds[i % clinic.patientIds.length]!;
    const [entry] = await db
      .insert(waitlistEntries)
      .values({
        clinicId: clinic.clinicId,
        patientId,
        practitionerId: clinic.practitionerId,
        appointmentTypeId: type!.id,
        windowStart: start,
        windowEnd: end,
        status: 'offered',
        createdAt: offeredAt,
        updatedAt: offeredAt,
      })
      .returning();
    const [held] = await db
      .insert(appointments)
      .values({
        clinicId: clinic.clinicId,
        practitionerId: clinic.practitionerId,
        patientId,
        appointmentTypeId: type!.id,
        startsAt: start,
        endsAt: end,
        blockStart: start,
        blockEnd: end,
        status: 'held',
        source: 'waitlist',
        createdAt: offeredAt,
      })
      .returning();
    const [offer] = await db
      .insert(waitlistOffers)
      .values({
        clinicId: clinic.clinicId,
        entryId: entry!.id,
        appointmentId: held!.id,
        practitionerId: clinic.practitionerId,
        slotStart: start,
        offeredAt,
        expiresAt,
        status: 'pending',
      })
      .returning();
    offerIds.push(offer!.id);
    appointmentIds.push(held!.id);
  }
  return { offerIds, appointmentIds };
}

/**
 * `n` account notices due now, written at once: enough mail that a pass of one instance is still
 * sending when the next instance's pass starts, so the passes really compete for the messages.
 */
export async function seedDueMessages(db: Db, clinicId: string, n: number): Promise<string[]> {
  const now = new Date();
  const rows = await db
    .insert(outboxMessages)
    .values(
      Array.from({ length: n }, (_, i) => ({
        clinicId,
        kind: 'account-notice',
        toAddress: `notice-${i}@test.example`,
        subject: `Notice ${i}`,
        text: `Account notice ${i}.`,
        sendAfter: now,
        createdAt: now,
      })),
    )
    .returning({ id: outboxMessages.id });
  return rows.map((r) => r.id);
}

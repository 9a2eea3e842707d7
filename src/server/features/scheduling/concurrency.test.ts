/**
 * Double booking is impossible (security checklist D1, D2, D4): the database's exclusion constraint
 * on one practitioner's active blocks, exercised directly in SQL on both engines, and real races
 * of the HTTP API on PostgreSQL.
 */
import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows, type Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import { HttpError } from '../../platform/errors.ts';
import { practitioners } from '../../db/schema.ts';
import {
  describeEngines,
  describePostgres,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { bookingTx, sqlStateOf } from './common.ts';
import { ACTIVE_STATUSES, APPOINTMENT_STATUSES, appointmentTypes } from './tables.ts';
import {
  addBufferedType,
  addPatients,
  bookAs,
  followUp,
  isActive,
  key,
  overlappingPairs,
  setupPractice,
  storedAppointments,
  type StoredAppointment,
} from './test-helpers.ts';

const INACTIVE_STATUSES = APPOINTMENT_STATUSES.filter((s) => !isActive(s));

/** Enough connections that dozens of booking transactions are open at the same moment. */
const RACE_POOL_SIZE = 30;

/** A local time on a weekday of March 2027 in Chicago (CDT from the 14th: UTC-5) as an instant. */
const cdt = (day: number, hhmm: string) =>
  new Date(`2027-03-${String(day).padStart(2, '0')}T${hhmm}:00-05:00`).toISOString();

const problemsOf = (responses: LightMyRequestResponse[]) =>
  responses.filter((r) => r.statusCode === 409).map((r) => r.json<{ type: string; reason?: string }>());

/** No request of a race ended in a server error: every failure is a 409 problem. */
function expectOnlySuccessOr409(responses: LightMyRequestResponse[], success: number, logs: string[]) {
  const statuses = responses.map((r) => r.statusCode);
  expect(statuses.filter((s) => s !== success && s !== 409)).toEqual([]);
  for (const r of responses.filter((x) => x.statusCode === 409)) {
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  }
  expect(logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  // The schedule lock orders the transactions: no deadlock to detect, nothing to retry.
  expect(logs.filter((line) => line.includes('booking transaction'))).toEqual([]);
}

/** The most connections checked out of the pool at once while `run` runs. */
async function peakConnections<T>(pool: pg.Pool, run: () => Promise<T>): Promise<[T, number]> {
  let busy = 0;
  let peak = 0;
  const acquire = () => {
    busy++;
    peak = Math.max(peak, busy);
  };
  const release = () => {
    busy--;
  };
  pool.on('acquire', acquire);
  pool.on('release', release);
  try {
    return [await run(), peak];
  } finally {
    pool.off('acquire', acquire);
    pool.off('release', release);
  }
}

const overlaps = (a: Pick<StoredAppointment, 'blockStart' | 'blockEnd'>, b: typeof a) =>
  Date.parse(a.blockStart) < Date.parse(b.blockEnd) && Date.parse(b.blockStart) < Date.parse(a.blockEnd);

/** A driver error as drizzle surfaces it: the SQLSTATE on `cause`. */
const driverError = (code: string) =>
  Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('driver'), { code }) });

/** Deps whose database runs `fn` on a dummy transaction, with a logger that keeps its lines. */
function fakeDeps() {
  const lines: { code?: string; attempt?: number; msg: string }[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        cb();
      },
    }),
  );
  const deps = {
    db: { transaction: <T>(fn: (tx: Tx) => Promise<T>) => fn({} as Tx) },
    log,
  } as unknown as Deps;
  return { deps, lines };
}

describe('bookingTx: bounded retry, and a 409 rather than a 500', () => {
  it('retries a deadlock and a serialization failure, and logs each retry', async () => {
    const { deps, lines } = fakeDeps();
    const codes = ['40P01', '40001'];
    let attempts = 0;
    const result = await bookingTx(deps, () => {
      attempts++;
      const code = codes.shift();
      return code ? Promise.reject(driverError(code)) : Promise.resolve('booked');
    });
    expect(result).toBe('booked');
    expect(attempts).toBe(3);
    expect(lines.map((l) => [l.msg, l.code, l.attempt])).toEqual([
      ['booking transaction retried', '40P01', 1],
      ['booking transaction retried', '40001', 2],
    ]);
  });

  it('gives up after four attempts with a 409 slot problem', async () => {
    const { deps, lines } = fakeDeps();
    let attempts = 0;
    const err = await bookingTx(deps, () => {
      attempts++;
      return Promise.reject(driverError('40001'));
    }).catch((e: unknown) => e);
    expect(attempts).toBe(4);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 409 });
    expect(JSON.stringify(err)).not.toContain('40001');
    expect(lines.map((l) => l.msg)).toEqual([
      'booking transaction retried',
      'booking transaction retried',
      'booking transaction retried',
      'booking transaction gave up',
    ]);
  });

  it('turns an exclusion violation into a 409 at once and lets other errors through', async () => {
    const { deps } = fakeDeps();
    let attempts = 0;
    const taken = await bookingTx(deps, () => {
      attempts++;
      return Promise.reject(driverError('23P01'));
    }).catch((e: unknown) => e);
    expect(attempts).toBe(1);
    expect(taken).toMatchObject({ status: 409 });
    const other = driverError('23505');
    await expect(bookingTx(deps, () => Promise.reject(other))).rejects.toBe(other);
  });
});

describeEngines('the no-overlap exclusion constraint on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  /** A practitioner of a fresh clinic and a raw insert of one of their appointments (no service). */
  async function rawPractice() {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k, { emails: false });
    const [type] = await t.database.db
      .select()
      .from(appointmentTypes)
      .where(
        sql`${appointmentTypes.clinicId} = ${k.clinicId} and ${appointmentTypes.code} = 'omt-follow-up'`,
      );
    const insert = async (
      block: [string, string],
      status: string,
      opts: { practitionerId?: string; times?: [string, string] } = {},
    ) => {
      const [start, end] = opts.times ?? block;
      const rows = await rawRows<{ id: string }>(
        t.database.db,
        sql`insert into appointments (clinic_id, practitioner_id, patient_id, appointment_type_id,
              starts_at, ends_at, block_start, block_end, status, source, created_at)
            values (${k.clinicId}, ${opts.practitionerId ?? pid}, ${k.patients[0]}, ${type!.id},
              ${start}, ${end}, ${block[0]}, ${block[1]}, ${status}, 'staff', now())
            returning id`,
      );
      return rows[0]!.id;
    };
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => 'committed',
        (err: unknown) => sqlStateOf(err) ?? String(err),
      );
    return { k, pid, insert, failure };
  }

  it('covers exactly the active statuses', async () => {
    const [row] = await rawRows<{ def: string }>(
      t.database.db,
      sql`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'appointments_no_overlap'`,
    );
    expect(row!.def).toMatch(
      /^EXCLUDE USING gist \(practitioner_id WITH =, tstzrange\(block_start, block_end, '\[\)'::text\) WITH &&\)/,
    );
    const statuses = [...row!.def.matchAll(/'([a-z-]+)'::text/g)].map((m) => m[1]).filter((s) => s !== '[)');
    expect(new Set(statuses)).toEqual(new Set(ACTIVE_STATUSES));
  });

  it('refuses an overlapping active row with SQLSTATE 23P01, whatever the two active statuses', async () => {
    const { insert, failure } = await rawPractice();
    const outcomes: string[] = [];
    for (const [i, existing] of ACTIVE_STATUSES.entries()) {
      // One hour per existing status, on Monday 2027-03-15 between 09:00 and 13:00 CDT.
      const from = cdt(15, `${String(9 + i).padStart(2, '0')}:00`);
      const to = cdt(15, `${String(9 + i).padStart(2, '0')}:30`);
      await insert([from, to], existing);
      for (const incoming of ACTIVE_STATUSES) {
        const inside = [
          cdt(15, `${String(9 + i).padStart(2, '0')}:15`),
          cdt(15, `${String(9 + i).padStart(2, '0')}:45`),
        ];
        outcomes.push(
          `${existing}/${incoming}: ${await failure(insert(inside as [string, string], incoming))}`,
        );
      }
    }
    expect(outcomes).toEqual(ACTIVE_STATUSES.flatMap((a) => ACTIVE_STATUSES.map((b) => `${a}/${b}: 23P01`)));
  });

  it('allows touching [) ranges, another practitioner, and overlapping inactive rows', async () => {
    const { k, insert, failure } = await rawPractice();
    const [other] = await t.database.db
      .insert(practitioners)
      .values({ clinicId: k.clinicId, name: 'Dr. Other, DO', timeZone: 'America/Chicago' })
      .returning();
    await insert([cdt(15, '10:00'), cdt(15, '10:30')], 'booked');
    expect(await failure(insert([cdt(15, '10:30'), cdt(15, '11:00')], 'booked'))).toBe('committed');
    expect(await failure(insert([cdt(15, '09:30'), cdt(15, '10:00')], 'held'))).toBe('committed');
    for (const status of INACTIVE_STATUSES) {
      expect(await failure(insert([cdt(15, '10:00'), cdt(15, '10:30')], status))).toBe('committed');
    }
    // The practitioner is part of the key: the same time for someone else is fine.
    expect(
      await failure(insert([cdt(15, '10:00'), cdt(15, '10:30')], 'booked', { practitionerId: other!.id })),
    ).toBe('committed');
    // Buffers are part of the block: appointment times that do not meet can still collide.
    expect(
      await failure(
        insert([cdt(15, '10:15'), cdt(15, '11:15')], 'booked', {
          times: [cdt(15, '11:00'), cdt(15, '11:15')],
        }),
      ),
    ).toBe('23P01');
  });

  it('guards every transition into an active status and every move of an active block', async () => {
    const { pid, insert, failure } = await rawPractice();
    await insert([cdt(16, '10:00'), cdt(16, '10:30')], 'booked');
    const outcomes: string[] = [];
    for (const from of INACTIVE_STATUSES) {
      const id = await insert([cdt(16, '10:15'), cdt(16, '10:45')], from);
      for (const to of ACTIVE_STATUSES) {
        const res = await failure(
          t.database.db.execute(sql`update appointments set status = ${to} where id = ${id}`),
        );
        outcomes.push(`${from}→${to}: ${res}`);
      }
    }
    expect(outcomes).toEqual(
      INACTIVE_STATUSES.flatMap((a) => ACTIVE_STATUSES.map((b) => `${a}→${b}: 23P01`)),
    );
    // Moving an active appointment (a reschedule) onto another one is refused the same way.
    const moving = await insert([cdt(16, '11:00'), cdt(16, '11:30')], 'booked');
    expect(
      await failure(
        t.database.db.execute(
          sql`update appointments set starts_at = ${cdt(16, '10:20')}, ends_at = ${cdt(16, '10:50')},
                block_start = ${cdt(16, '10:20')}, block_end = ${cdt(16, '10:50')} where id = ${moving}`,
        ),
      ),
    ).toBe('23P01');
    const rows = await storedAppointments(t, pid);
    expect(rows.find((r) => r.id === moving)).toMatchObject({ start: cdt(16, '11:00'), status: 'booked' });
    expect(overlappingPairs(rows)).toEqual([]);
  });
});

/**
 * Real concurrency only: PGlite has a single connection, so its transactions run one after another
 * and a race cannot happen there; the races below only make sense on PostgreSQL.
 */
describePostgres('booking races on %s', (engine) => {
  let t: TestApp;
  let pool: pg.Pool;
  beforeAll(async () => {
    t = await startTestApp(engine, [], { poolSize: RACE_POOL_SIZE });
    pool = (t.database.db as unknown as { $client: pg.Pool }).$client;
  });
  afterAll(() => t.close());

  async function racePractice() {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k, { emails: false });
    await addBufferedType(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    t.logs.length = 0;
    return { k, pid, fd };
  }

  const successfulBookings = async (k: TestClinic) =>
    Number(
      (
        await rawRows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from audit_events
              where clinic_id = ${k.clinicId} and action = 'appointment.book' and outcome = 'success'`,
        )
      )[0]!.n,
    );

  it('100 bookings of one slot sent at once, 30 transactions side by side: one 201, 99 × 409, one active row', async () => {
    const { k, pid, fd } = await racePractice();
    const patients = await addPatients(t, k, 100);
    const start = cdt(15, '09:00');
    const [responses, peak] = await peakConnections(pool, () =>
      Promise.all(
        patients.map((patientId) =>
          bookAs(fd, { practitionerId: pid, appointmentType: 'omt-follow-up', start, patientId }),
        ),
      ),
    );
    expectOnlySuccessOr409(responses, 201, t.logs);
    const won = responses.filter((r) => r.statusCode === 201);
    expect(won).toHaveLength(1);
    const problems = problemsOf(responses);
    expect(problems).toHaveLength(99);
    expect(new Set(problems.map((p) => p.type.split('/').pop()))).toEqual(new Set(['slot-unavailable']));
    expect(new Set(problems.map((p) => p.reason))).toEqual(new Set(['conflict']));
    // Every connection of the pool was busy at once: the transactions really ran side by side.
    expect(peak).toBe(RACE_POOL_SIZE);
    const rows = await storedAppointments(t, pid);
    expect(rows).toEqual([
      expect.objectContaining({ id: won[0]!.json<{ id: string }>().id, status: 'booked', start }),
    ]);
    expect(await successfulBookings(k)).toBe(1);
    // Messages are queued by the booking's own insert: the winner's confirmation and reminders,
    // none for the 99 refused.
    const queued = await rawRows<{ appointment_id: string | null; n: number }>(
      t.database.db,
      sql`select appointment_id, count(*)::int as n from outbox_messages
        where patient_id in (${sql.join(
          patients.map((p) => sql`${p}`),
          sql`, `,
        )}) group by appointment_id`,
    );
    expect(queued).toEqual([{ appointment_id: won[0]!.json<{ id: string }>().id, n: 3 }]);
  });

  it('pairwise overlapping requests of three types and different lengths: exactly one wins', async () => {
    const { k, pid, fd } = await racePractice();
    const patients = await addPatients(t, k, 100);
    // Every footprint contains 09:30–09:45 but no two are the same interval.
    const variants = [
      { appointmentType: 'omt-new', start: cdt(15, '09:00') }, // 09:00–10:15 (60 + 15 after)
      { appointmentType: 'omt-new', start: cdt(15, '09:30') }, // 09:30–10:45
      { appointmentType: 'omt-follow-up', start: cdt(15, '09:30') }, // 09:30–10:00
      { appointmentType: 'omt-buffered', start: cdt(15, '09:15') }, // 09:00–10:15 (15 + 45 + 15)
      { appointmentType: 'omt-buffered', start: cdt(15, '09:30') }, // 09:15–10:30
    ];
    const [responses, peak] = await peakConnections(pool, () =>
      Promise.all(
        patients.map((patientId, i) =>
          bookAs(fd, { practitionerId: pid, patientId, ...variants[i % variants.length]! }),
        ),
      ),
    );
    expectOnlySuccessOr409(responses, 201, t.logs);
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(peak).toBe(RACE_POOL_SIZE);
    const active = (await storedAppointments(t, pid)).filter((r) => isActive(r.status));
    expect(active).toHaveLength(1);
    expect(await successfulBookings(k)).toBe(1);
  });

  it('a morning of mixed, partially overlapping requests: winners never overlap and no loser is refused without cause', async () => {
    const { k, pid, fd } = await racePractice();
    const patients = await addPatients(t, k, 90);
    const variants = [
      ...['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((s) => ({
        appointmentType: 'omt-follow-up',
        start: cdt(17, s),
      })),
      ...['09:00', '09:30', '10:00', '10:30'].map((s) => ({ appointmentType: 'omt-new', start: cdt(17, s) })),
      ...['09:15', '09:45', '10:15', '10:45', '11:00'].map((s) => ({
        appointmentType: 'omt-buffered',
        start: cdt(17, s),
      })),
    ];
    const responses = await Promise.all(
      patients.map((patientId, i) =>
        bookAs(fd, { practitionerId: pid, patientId, ...variants[i % variants.length]! }),
      ),
    );
    expectOnlySuccessOr409(responses, 201, t.logs);
    const rows = await storedAppointments(t, pid);
    const winners = responses.filter((r) => r.statusCode === 201).map((r) => r.json<{ id: string }>().id);
    expect(rows.map((r) => r.id).sort()).toEqual([...winners].sort());
    expect(overlappingPairs(rows)).toEqual([]);
    // A refusal is only right when the requested footprint meets a booking that won.
    const footprint = (v: { appointmentType: string; start: string }) => {
      const s = Date.parse(v.start);
      const [before, length] =
        v.appointmentType === 'omt-new' ? [0, 75] : v.appointmentType === 'omt-buffered' ? [15, 75] : [0, 30];
      return {
        blockStart: new Date(s - before * 60_000).toISOString(),
        blockEnd: new Date(s - before * 60_000 + length * 60_000).toISOString(),
      };
    };
    const refusedWithoutCause = responses
      .map((r, i) => ({ r, v: variants[i % variants.length]! }))
      .filter(({ r }) => r.statusCode === 409)
      .filter(({ v }) => !rows.some((w) => overlaps(w, footprint(v))));
    expect(refusedWithoutCause).toEqual([]);
    expect(winners.length).toBeGreaterThanOrEqual(3);
  });

  it('a real deadlock inside a booking transaction is retried once and then succeeds', async () => {
    const deps = t.app.deps;
    const lockClass = randomInt(1_000_000, 2_000_000);
    const lock = (tx: Tx, key: number) => tx.execute(sql`select pg_advisory_xact_lock(${lockClass}, ${key})`);
    t.logs.length = 0;
    const pidOf = async (tx: Tx) =>
      (await rawRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`))[0]!.pid;
    let attempts = 0;
    let rival: Promise<unknown> = Promise.resolve();
    const result = await bookingTx(deps, async (tx) => {
      attempts++;
      if (attempts === 1) {
        // This transaction holds lock 1; a rival holds 2 and waits for 1; then this one asks for 2.
        await lock(tx, 1);
        const pid = await pidOf(tx);
        let rivalPid = 0;
        let rivalHolds = () => undefined as void;
        const holding = new Promise<void>((resolve) => (rivalHolds = resolve));
        rival = t.database.db.transaction(async (tx2) => {
          // The rival checks for a deadlock only after a minute (superuser setting; the test server's
          // role is one), so the check of this transaction (1 s) finds the cycle and it is the victim,
          // whatever the timing of the two waits.
          await tx2.execute(sql`set local deadlock_timeout = '60s'`);
          await lock(tx2, 2);
          rivalPid = await pidOf(tx2);
          rivalHolds();
          await lock(tx2, 1);
        });
        await holding;
        // No sleep: ask for lock 2 once the server shows the rival waiting for lock 1.
        const deadline = Date.now() + 20_000;
        for (;;) {
          const [row] = await rawRows<{ waiting: boolean }>(
            t.database.db,
            sql`select ${pid}::int = any(pg_blocking_pids(${rivalPid}::int)) as waiting`,
          );
          if (row!.waiting) break;
          if (Date.now() > deadline) throw new Error('the rival never waited for lock 1');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await lock(tx, 2);
      }
      return 'booked';
    });
    await rival;
    expect(result).toBe('booked');
    expect(attempts).toBe(2);
    const retries = t.logs
      .map((line) => JSON.parse(line) as { msg: string; code?: string; attempt?: number })
      .filter((l) => l.msg.startsWith('booking transaction'));
    expect(retries).toEqual([
      expect.objectContaining({ msg: 'booking transaction retried', code: '40P01', attempt: 1 }),
    ]);
  });

  it('ten same-key retries of one booking at once: one appointment, every answer the same 201', async () => {
    const { k, pid, fd } = await racePractice();
    const body = {
      practitionerId: pid,
      appointmentType: 'omt-follow-up',
      start: cdt(15, '10:00'),
      patientId: k.patients[1],
    };
    const sameKey = key();
    const [responses, peak] = await peakConnections(pool, () =>
      Promise.all(
        Array.from({ length: 10 }, () =>
          fd.req('POST', '/api/v1/appointments', body, { 'idempotency-key': sameKey }),
        ),
      ),
    );
    // At once: the requests held several connections of the pool at the same moment.
    expect(peak).toBeGreaterThan(1);
    expectOnlySuccessOr409(responses, 201, t.logs);
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    const ids = new Set(responses.map((r) => r.json<{ id: string }>().id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect((await storedAppointments(t, pid)).map((r) => r.id)).toEqual([...ids]);
    expect(await successfulBookings(k)).toBe(1);
  });

  it('a waiting-list hold accepted and declined at once (20 requests): one outcome, one booking at most', async () => {
    const { k, pid, fd } = await racePractice();
    const [waiting] = await addPatients(t, k, 1, 'Waiting');
    const first = await bookAs(fd, {
      practitionerId: pid,
      appointmentType: 'omt-follow-up',
      start: cdt(15, '09:00'),
      patientId: k.patients[1],
    });
    const joined = await fd.req('POST', '/api/v1/waitlist', {
      patientId: waiting,
      practitionerId: pid,
      appointmentType: 'omt-follow-up',
      from: '2027-03-15',
      to: '2027-03-15',
    });
    expect(joined.statusCode).toBe(201);
    await fd.req('POST', `/api/v1/appointments/${first.json<{ id: string }>().id}/cancel`, { reason: null });
    const offers = (await fd.req('GET', '/api/v1/waitlist/offers')).json<{
      results: { id: string; appointmentId: string; status: string }[];
    }>().results;
    expect(offers).toEqual([expect.objectContaining({ status: 'pending' })]);
    const offer = offers[0]!;
    t.logs.length = 0;
    const [[accepts, declines], peak] = await peakConnections(pool, () =>
      Promise.all([
        Promise.all(
          Array.from({ length: 10 }, () => fd.req('POST', `/api/v1/waitlist/offers/${offer.id}/accept`)),
        ),
        Promise.all(
          Array.from({ length: 10 }, () => fd.req('POST', `/api/v1/waitlist/offers/${offer.id}/decline`)),
        ),
      ]),
    );
    expect(peak).toBeGreaterThan(1);
    expectOnlySuccessOr409([...accepts, ...declines], 200, t.logs);
    const accepted = accepts.some((r) => r.statusCode === 200);
    // Whichever came first decided; every later request of the same kind replays it, the other kind is refused.
    expect(accepts.map((r) => r.statusCode)).toEqual(Array(10).fill(accepted ? 200 : 409));
    expect(declines.map((r) => r.statusCode)).toEqual(Array(10).fill(accepted ? 409 : 200));
    const rows = await storedAppointments(t, pid);
    const hold = rows.find((r) => r.id === offer.appointmentId)!;
    expect(hold.status).toBe(accepted ? 'booked' : 'released');
    expect(rows.filter((r) => isActive(r.status))).toHaveLength(accepted ? 1 : 0);
    const events = await rawRows<{ to_status: string }>(
      t.database.db,
      sql`select to_status from appointment_events where appointment_id = ${offer.appointmentId}`,
    );
    // One event per change (the clock stands still, so compare them as a set).
    expect(events.map((e) => e.to_status).sort()).toEqual(['held', accepted ? 'booked' : 'released'].sort());
  });

  /** `n` follow-ups booked one by one on distinct times from Tuesday 16 to Monday 22 March. */
  async function bookedSpread(k: TestClinic, pid: string, fd: Client, n: number) {
    const patients = await addPatients(t, k, n, 'Mover');
    const times = [16, 17, 18, 19, 22].flatMap((day) =>
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((s) => cdt(day, s)),
    );
    const ids: string[] = [];
    for (const [i, patientId] of patients.entries()) {
      const res = await bookAs(fd, {
        practitionerId: pid,
        appointmentType: 'omt-follow-up',
        start: times[i]!,
        patientId,
      });
      expect(res.statusCode).toBe(201);
      ids.push(res.json<{ id: string }>().id);
    }
    return ids;
  }

  it('30 appointments rescheduled at once onto one free slot: one moves, the others stay exactly where they were', async () => {
    const { k, pid, fd } = await racePractice();
    const ids = await bookedSpread(k, pid, fd, 30);
    const before = await storedAppointments(t, pid);
    t.logs.length = 0;
    const target = cdt(15, '09:00');
    const [responses, peak] = await peakConnections(pool, () =>
      Promise.all(
        ids.map((id) => fd.req('POST', `/api/v1/appointments/${id}/reschedule`, { start: target })),
      ),
    );
    expect(peak).toBeGreaterThan(RACE_POOL_SIZE / 2);
    expectOnlySuccessOr409(responses, 200, t.logs);
    const moved = responses.filter((r) => r.statusCode === 200).map((r) => r.json<{ id: string }>().id);
    expect(moved).toHaveLength(1);
    expect(new Set(problemsOf(responses).map((p) => p.reason))).toEqual(new Set(['conflict']));
    const after = await storedAppointments(t, pid);
    const unchanged = (r: StoredAppointment) => r.id !== moved[0];
    expect(after.filter(unchanged)).toEqual(before.filter(unchanged));
    expect(after.find((r) => r.id === moved[0])).toMatchObject({
      status: 'booked',
      start: target,
      end: cdt(15, '09:30'),
      blockStart: target,
    });
    expect(overlappingPairs(after)).toEqual([]);
    // Only the winner's history says it was moved.
    const events = await rawRows<{ appointment_id: string }>(
      t.database.db,
      sql`select appointment_id from appointment_events where clinic_id = ${k.clinicId} and note = 'rescheduled'`,
    );
    expect(events.map((e) => e.appointment_id)).toEqual(moved);
  });

  it('an appointment being rescheduled keeps one of its two times whatever races it (5 rounds)', async () => {
    const { k, pid, fd } = await racePractice();
    for (const day of [15, 16, 17, 18, 19]) {
      const [mover] = await addPatients(t, k, 1, `Mover${day}-`);
      const others = await addPatients(t, k, 40, `Rival${day}-`);
      const oldStart = cdt(day, '10:00');
      const newStart = cdt(day, '11:00');
      const a = (await bookAs(fd, followUp(pid, oldStart, mover))).json<{ id: string }>();
      t.logs.length = 0;
      const book = (patientId: string, i: number) =>
        bookAs(fd, {
          practitionerId: pid,
          appointmentType: 'omt-follow-up',
          start: i % 2 ? newStart : oldStart,
          patientId,
        });
      // Rivals for both times start before and after the move.
      const [early, move, late] = await Promise.all([
        Promise.all(others.slice(0, 20).map(book)),
        fd.req('POST', `/api/v1/appointments/${a.id}/reschedule`, { start: newStart }),
        Promise.all(others.slice(20).map(book)),
      ]);
      const bookings = [...early, ...late];
      expectOnlySuccessOr409(bookings, 201, t.logs);
      expect([200, 409]).toContain(move.statusCode);
      const rows = (await storedAppointments(t, pid)).filter((r) => isActive(r.status));
      const mine = rows.filter((r) => r.patientId === mover);
      // The mover never loses both times, and never holds both.
      expect(mine).toHaveLength(1);
      expect(mine[0]!.start).toBe(move.statusCode === 200 ? newStart : oldStart);
      const at = (s: string) => rows.filter((r) => r.start === s);
      expect(at(newStart)).toHaveLength(1);
      if (move.statusCode === 409) expect(at(oldStart).map((r) => r.patientId)).toEqual([mover]);
      else expect(at(oldStart).length).toBeLessThanOrEqual(1); // a rival may take the freed time
      // Odd rivals asked for the new time (20 per group, so the parity carries over).
      const wonNew = bookings.filter((r, j) => r.statusCode === 201 && j % 2 === 1);
      expect(wonNew).toHaveLength(move.statusCode === 200 ? 0 : 1);
      expect(overlappingPairs(rows)).toEqual([]);
    }
  });
});

import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger } from '../../platform/logging.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
  describeEngines,
  login,
  makeClinic,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../../testing/harness.ts';
import { rawRows } from '../../db/connect.ts';
import { patients } from '../../db/schema.ts';
import type { RequestContext } from '../../platform/context.ts';
import { book } from '../scheduling/service.ts';
import { bookAs, followUp, MON_0900_CDT, setupPractice } from '../scheduling/test-helpers.ts';
import { runJobsOnce } from '../../platform/jobs.ts';
import { MAX_ATTEMPTS, deliverDue } from './delivery.ts';
import { smtpTransport, type OutgoingMail, type Transport } from './transport.ts';
import { buildIcs } from '../scheduling/index.ts';

const silent = pino({ level: 'silent' });

interface Msg {
  id: string;
  kind: string;
  status: string;
  send_after: Date | string;
  sent_at: Date | string | null;
  to_address: string | null;
  subject: string;
  text: string;
  ics: string | null;
  attempts: number;
  last_error: string | null;
  transport: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

async function messages(t: TestApp, where: ReturnType<typeof sql>) {
  return rawRows<Msg>(
    t.database.db,
    sql`select * from outbox_messages where ${where} order by send_after, kind`,
  );
}

/** A minimal RFC 5545 reader: unfolds lines and checks that components nest and close. */
function parseIcs(text: string) {
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n/)
    .filter(Boolean);
  const stack: string[] = [];
  const props: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    expect(colon, line).toBeGreaterThan(0);
    const name = line.slice(0, colon).split(';')[0]!;
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') stack.push(value);
    else if (name === 'END') expect(stack.pop()).toBe(value);
    else (props[name] ??= []).push(value);
  }
  expect(stack).toEqual([]);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  return props;
}

function recorder(
  delayMs = 0,
  fail?: (m: OutgoingMail) => Error | null,
): Transport & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    name: 'test',
    sent,
    send: async (m) => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const err = fail?.(m);
      if (err) throw err;
      sent.push(m);
    },
  };
}

describeEngines('outbox and notifications on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  // One pass of every job, delivering through the app's transport (the development mailbox).
  const run = (k: TestClinic, now: Date | string) =>
    runJobsOnce({ ...t.app.deps, log: silent }, { now: new Date(now), clinicId: k.clinicId });

  it('writes the confirmation and reminders with the booking, in its transaction', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const a = (await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[0]))).json();
    const rows = await messages(t, sql`appointment_id = ${a.id}`);
    expect(rows.map((r) => [r.kind, r.status, iso(r.send_after)])).toEqual([
      ['confirmation', 'pending', new Date(t.clock.now).toISOString()],
      ['reminder', 'pending', '2027-03-13T14:00:00.000Z'], // 48 h before
      ['reminder', 'pending', '2027-03-15T12:00:00.000Z'], // 2 h before
    ]);
    const [given] = await rawRows<{ given_name: string; email: string }>(
      t.database.db,
      sql`select given_name, email from patients where id = ${k.patients[0]}`,
    );
    const confirmation = rows[0]!;
    expect(confirmation.to_address).toBe(given!.email);
    expect(confirmation.subject).toBe('Appointment confirmed: Monday, March 15, 2027 at 9:00 AM CDT');
    expect(confirmation.text).toContain(`Hello ${given!.given_name},`);
    expect(confirmation.text).toContain('Dr. Test, DO');
    // Minimal: no family name, no appointment type, no diagnosis.
    expect(confirmation.text).not.toMatch(/Lovelace|Follow-up|M54|back pain/i);

    // Roll the surrounding transaction back: neither the appointment nor a single message remains.
    const ctx: RequestContext = {
      requestId: 'test-rollback',
      via: 'session',
      ip: '127.0.0.1',
      userAgent: 'test',
      now: new Date(t.clock.now),
      user: {
        id: k.users.frontdesk.id,
        email: k.users.frontdesk.email,
        name: 'fd',
        role: 'frontdesk',
        clinicId: k.clinicId,
        patientId: null,
      },
    };
    let appointmentId = '';
    const rollback = new Error('roll back');
    await expect(
      t.database.db.transaction(async (tx) => {
        const res = await book(
          { ...t.app.deps, db: tx },
          ctx,
          followUp(pid, '2027-03-16T14:00:00.000Z', k.patients[1]),
          'rollback-key-1',
        );
        appointmentId = res.body.id;
        const inside = await rawRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from outbox_messages where appointment_id = ${appointmentId}`,
        );
        expect(inside[0]!.n).toBe(3);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(appointmentId).not.toBe('');
    expect(await messages(t, sql`appointment_id = ${appointmentId}`)).toEqual([]);
    expect(
      await rawRows(t.database.db, sql`select id from appointments where id = ${appointmentId}`),
    ).toEqual([]);

    // A replayed Idempotency-Key books nothing and writes no second confirmation.
    const body = followUp(pid, '2027-03-17T14:00:00.000Z', k.patients[1]);
    const first = await fd.req('POST', '/api/v1/appointments', body, { 'idempotency-key': 'same-key-123' });
    await fd.req('POST', '/api/v1/appointments', body, { 'idempotency-key': 'same-key-123' });
    expect(
      (await messages(t, sql`appointment_id = ${first.json().id} and kind = 'confirmation'`)).length,
    ).toBe(1);
  });

  it('delivers due messages into the development mailbox, with an .ics staff can open', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const a = (await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[0]))).json();
    const now = new Date(t.clock.now);
    expect(await run(k, now)).toMatchObject({ sent: 1, skipped: 0, failed: 0 });
    expect(await run(k, now)).toMatchObject({ sent: 0 }); // nothing twice
    let rows = await messages(t, sql`appointment_id = ${a.id}`);
    expect(rows.map((r) => [r.kind, r.status, r.transport, iso(r.sent_at)])).toEqual([
      ['confirmation', 'sent', 'dev-mailbox', now.toISOString()],
      ['reminder', 'pending', null, null],
      ['reminder', 'pending', null, null],
    ]);
    expect(await run(k, '2027-03-13T14:00:00Z')).toMatchObject({ sent: 1 });
    rows = await messages(t, sql`appointment_id = ${a.id}`);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'pending']);

    const listed = (await fd.req('GET', `/api/v1/outbox?status=sent&patientId=${k.patients[0]}`)).json();
    // No SMTP_URL in tests: the screen is told these messages sit in the development mailbox.
    expect(listed.mailbox).toBe('development');
    const list = listed.results;
    expect(list.map((m: { kind: string }) => m.kind).sort()).toEqual(['confirmation', 'reminder']);
    expect(list[0]).not.toHaveProperty('text');
    const confirmation = list.find((m: { kind: string }) => m.kind === 'confirmation');
    const full = (await fd.req('GET', `/api/v1/outbox/${confirmation.id}`)).json();
    expect(full).toMatchObject({ status: 'sent', transport: 'dev-mailbox', hasCalendarInvite: true });
    expect(full.text).toMatch(/is confirmed for Monday, March 15, 2027 at 9:00 AM CDT/);
    const icsRes = await fd.req('GET', `/api/v1/outbox/${confirmation.id}/ics`);
    expect(icsRes.headers['content-type']).toMatch(/^text\/calendar/);
    const ics = parseIcs(icsRes.body);
    expect(ics.METHOD).toEqual(['REQUEST']);
    expect(ics.UID).toEqual([`${a.id}@stillpoint`]);
    expect(ics.DTSTART).toEqual(['20270315T140000Z']);
    expect(ics.DTEND).toEqual(['20270315T143000Z']);
    expect(ics.STATUS).toEqual(['CONFIRMED']);
    expect(ics.SEQUENCE).toEqual(['0']);

    const me = await login(t, k.users.patient.email);
    expect((await me.req('GET', '/api/v1/outbox')).statusCode).toBe(403);
    const doc = await login(t, k.users.clinician.email);
    expect((await doc.req('GET', `/api/v1/outbox/${confirmation.id}`)).statusCode).toBe(403);
    const other = await makeClinic(t);
    const stranger = await login(t, other.users.frontdesk.email);
    expect((await stranger.req('GET', `/api/v1/outbox/${confirmation.id}`)).statusCode).toBe(404);
  });

  it('never sends the reminders of a cancelled or moved appointment', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const a = (await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[0]))).json();
    const b = (await bookAs(fd, followUp(pid, '2027-03-16T14:00:00.000Z', k.patients[1]))).json();
    await fd.req('POST', `/api/v1/appointments/${a.id}/cancel`, {});
    await fd.req('POST', `/api/v1/appointments/${b.id}/reschedule`, { start: '2027-03-17T15:00:00.000Z' });

    // At once, in the cancelling transaction: the messages screen never shows them as still to come.
    const cancelledOn = 'Appointment cancelled on Wednesday, March 10, 2027 at 9:00 AM CST; not sent';
    const listed = (await fd.req('GET', '/api/v1/outbox?kind=reminder')).json().results as {
      appointmentId: string;
      status: string;
      lastError: string | null;
    }[];
    expect(listed.filter((m) => m.appointmentId === a.id).map((m) => [m.status, m.lastError])).toEqual([
      ['skipped', cancelledOn],
      ['skipped', cancelledOn],
    ]);
    expect(
      listed
        .filter((m) => m.appointmentId === b.id)
        .map((m) => m.status)
        .sort(),
    ).toEqual(['pending', 'pending', 'skipped', 'skipped']);

    const result = await run(k, '2027-03-16T13:00:00Z');
    const ra = await messages(t, sql`appointment_id = ${a.id}`);
    expect(ra.map((r) => [r.kind, r.status, r.last_error])).toEqual([
      ['cancellation', 'sent', null],
      ['confirmation', 'sent', null],
      ['reminder', 'skipped', cancelledOn],
      ['reminder', 'skipped', cancelledOn],
    ]);
    const cancel = parseIcs(ra[0]!.ics!);
    expect(cancel.METHOD).toEqual(['CANCEL']);
    expect(cancel.STATUS).toEqual(['CANCELLED']);
    expect(cancel.UID).toEqual([`${a.id}@stillpoint`]);
    expect(Number(cancel.SEQUENCE![0])).toBeGreaterThan(0);

    const rb = await messages(t, sql`appointment_id = ${b.id}`);
    expect(rb.map((r) => [r.kind, iso(r.send_after), r.status])).toEqual([
      ['confirmation', new Date(t.clock.now).toISOString(), 'sent'],
      ['reschedule', new Date(t.clock.now).toISOString(), 'sent'],
      ['reminder', '2027-03-14T14:00:00.000Z', 'skipped'], // for the old time
      ['reminder', '2027-03-15T15:00:00.000Z', 'sent'], // 48 h before the new time
      ['reminder', '2027-03-16T12:00:00.000Z', 'skipped'],
      ['reminder', '2027-03-17T13:00:00.000Z', 'pending'],
    ]);
    expect(rb[2]!.last_error).toMatch(/moved/);
    expect(rb[4]!.last_error).toMatch(/moved/);
    expect(parseIcs(rb[1]!.ics!).DTSTART).toEqual(['20270317T150000Z']);
    // Nothing was left for the runner to skip: it was all decided when the visits changed.
    expect(result).toMatchObject({ sent: 5, skipped: 0 });
  });

  it('keeps messages without an address as skipped, retries failures with backoff, and logs no text', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    await t.database.db.update(patients).set({ email: null }).where(eq(patients.id, k.patients[1]));
    const fd = await login(t, k.users.frontdesk.email);
    const noMail = (await bookAs(fd, followUp(pid, MON_0900_CDT, k.patients[1]))).json();
    const [skipped] = await messages(t, sql`appointment_id = ${noMail.id} and kind = 'confirmation'`);
    expect([skipped!.status, skipped!.last_error]).toEqual([
      'skipped',
      'No email address on file for this patient',
    ]);

    const a = (await bookAs(fd, followUp(pid, '2027-03-16T14:00:00.000Z', k.patients[0]))).json();
    const lines: string[] = [];
    // The logger of the app and its jobs: it reduces the transport's error to its class and code.
    const log = createLogger({
      level: 'info',
      stream: new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }),
    });
    const broken = recorder(0, () =>
      Object.assign(new Error('connect ECONNREFUSED for patient0@test.example'), { code: 'ECONNREFUSED' }),
    );
    let now = new Date(t.clock.now);
    const waits: number[] = [];
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await deliverDue({ db: t.database.db, log }, { now, transport: broken, clinicId: k.clinicId });
      const [m] = await messages(t, sql`appointment_id = ${a.id} and kind = 'confirmation'`);
      expect(m!.attempts).toBe(i);
      expect(m!.last_error).toBe('ECONNREFUSED');
      if (i < MAX_ATTEMPTS) {
        expect(m!.status).toBe('pending');
        waits.push((new Date(m!.send_after).getTime() - now.getTime()) / 60_000);
        now = new Date(m!.send_after);
      } else {
        expect(m!.status).toBe('failed');
      }
    }
    expect(waits).toEqual([1, 5, 30, 120]);
    const [m] = await messages(t, sql`appointment_id = ${a.id} and kind = 'confirmation'`);
    const logText = lines.join('\n');
    expect(logText).toContain(m!.id);
    expect(logText).not.toContain(m!.subject);
    expect(logText).not.toContain('Hello');
    expect(logText).not.toContain('@test.example');
    expect(logText).toContain('"code":"ECONNREFUSED"');
    expect(
      (await fd.req('GET', '/api/v1/outbox?status=failed')).json().results.map((x: { id: string }) => x.id),
    ).toEqual([m!.id]);
  });

  it('two delivery runners started together send every message exactly once (FOR UPDATE SKIP LOCKED)', async () => {
    const k = await makeClinic(t);
    const pid = await setupPractice(t, k);
    const fd = await login(t, k.users.frontdesk.email);
    const starts = ['2027-03-15', '2027-03-16', '2027-03-17', '2027-03-18', '2027-03-19'].flatMap((d) =>
      ['14:00', '14:30', '15:00', '15:30'].map((h) => `${d}T${h}:00.000Z`),
    );
    for (const [i, start] of starts.entries()) {
      expect(
        (
          await bookAs(fd, {
            practitionerId: pid,
            appointmentType: 'omt-follow-up',
            start,
            patientId: k.patients[i % 2],
          })
        ).statusCode,
      ).toBe(201);
    }
    const due = await messages(
      t,
      sql`clinic_id = ${k.clinicId} and status = 'pending' and send_after <= ${new Date(t.clock.now)}`,
    );
    expect(due).toHaveLength(20);
    const one = recorder(3);
    const two = recorder(3);
    const now = new Date(t.clock.now);
    const [r1, r2] = await Promise.all([
      deliverDue(
        { db: t.database.db, log: silent },
        { now, transport: one, clinicId: k.clinicId, batchSize: 3 },
      ),
      deliverDue(
        { db: t.database.db, log: silent },
        { now, transport: two, clinicId: k.clinicId, batchSize: 3 },
      ),
    ]);
    const ids = [...one.sent, ...two.sent].map((m) => m.messageId);
    expect(ids).toHaveLength(20);
    expect(new Set(ids)).toEqual(new Set(due.map((d) => d.id)));
    expect(r1.sent + r2.sent).toBe(20);
    if (engine === 'postgres') {
      // Real concurrency: both runners did part of the work.
      expect(one.sent.length).toBeGreaterThan(0);
      expect(two.sent.length).toBeGreaterThan(0);
    }
    const after = await messages(t, sql`clinic_id = ${k.clinicId} and kind = 'confirmation'`);
    expect(after.map((m) => [m.status, m.attempts])).toEqual(Array(20).fill(['sent', 1]));
  });
});

describe('SMTP transport', () => {
  it('sends the text and the invitation as text/calendar with its METHOD over SMTP', async () => {
    // A minimal SMTP server on loopback that records what it receives.
    const received: string[] = [];
    const server = net.createServer((socket) => {
      let inData = false;
      let buffer = '';
      socket.write('220 test ESMTP\r\n');
      socket.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 2);
          if (inData) {
            if (line === '.') {
              inData = false;
              socket.write('250 queued\r\n');
            } else received.push(line);
            continue;
          }
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
          else if (verb === 'DATA') {
            inData = true;
            socket.write('354 go ahead\r\n');
          } else if (verb === 'QUIT') socket.end('221 bye\r\n');
          else socket.write('250 ok\r\n');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    try {
      const ics = buildIcs({
        method: 'CANCEL',
        events: [
          {
            appointmentId: '00000000-0000-4000-8000-000000000001',
            start: new Date('2027-03-15T14:00:00Z'),
            end: new Date('2027-03-15T14:30:00Z'),
            summary: 'Appointment',
            sequence: 2,
            stamp: new Date('2027-03-10T15:00:00Z'),
            status: 'CANCELLED',
          },
        ],
      });
      await transport.send({
        messageId: 'm-1',
        from: '"Clinic" <clinic@test.example>',
        to: 'ada@test.example',
        subject: 'Appointment cancelled',
        text: 'Hello Ada',
        ics,
      });
    } finally {
      transport.close?.();
      server.close();
    }
    const mail = received.join('\n');
    expect(mail).toContain('Subject: Appointment cancelled');
    expect(mail).toContain('To: ada@test.example');
    expect(mail).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL/i);
    expect(mail).toContain('X-Stillpoint-Message: m-1');
    expect(mail).toContain('Hello Ada');
  });
});

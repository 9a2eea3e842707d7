import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/connect.ts';
import { auditEvents, availabilityRules, clinics, patients, practitioners, users } from '../db/schema.ts';
import { appointments, appointmentTypes } from '../features/scheduling/tables.ts';
import { encounterNotes, encounters } from '../features/charting/tables.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { hashPassword } from '../platform/passwords.ts';
import { TEST_PASSWORD } from '../testing/harness.ts';
import { cliScript } from '../testing/cli-bundle.ts';

/**
 * The crash oracle of issue 13: a child server takes a mix of writes (bookings, signed notes —
 * create the visit, chart it, sign it — and patient updates); the test records each write as
 * attempted before sending it and as acknowledged after its 2xx, kills something with SIGKILL,
 * and afterwards reads the database itself and requires, for each kind of write,
 * acknowledged ⊆ stored ⊆ attempted, each stored write's own audit entry, and an intact audit chain.
 *
 * Writes are keyed by values the test chooses (a booking's start, a visit's chief complaint, a
 * phone number), so a write counts as acknowledged from its status line alone, even when the kill
 * cut the body short.
 */

// ---------------------------------------------------------------------------------------------
// The child server

export interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<unknown>;
  /** Everything the server wrote so far (stdout and stderr). */
  output: () => string;
}

export async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [cliScript(), 'start', '--no-seed'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', STILLPOINT_BACKUP_HOURS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.on('exit', r));
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${out}`));
    });
  });
  return { child, base, exited, output: () => out };
}

export async function killServer(s: Server, signal: NodeJS.Signals = 'SIGKILL') {
  s.child.kill(signal);
  await s.exited;
}

export async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('sp_session='));
  if (!session) throw new Error(`sign-in of ${email}: no session cookie`);
  return session.split(';')[0]!;
}

// ---------------------------------------------------------------------------------------------
// The clinic the writes go to

export interface CrashClinic {
  clinicId: string;
  practitionerId: string;
  emails: { admin: string; clinician: string; frontdesk: string };
  /** Patients that are booked and charted. */
  patientIds: string[];
  /** Patients whose phone numbers are updated: a fresh group per cycle (see `updateGroup`). */
  updatePatientIds: string[][];
}

export const UPDATE_GROUP = 3;
const SLOTS_PER_DAY = 80; // 01:00–21:00 UTC every 15 minutes
const DAY_MS = 86_400_000;
const VISIT_DAY_ZERO = Date.UTC(2020, 0, 1, 15);

/** A fresh clinic: an admin, a front desk and a clinician who practises 01:00–21:00 UTC every day. */
export async function seedCrashClinic(db: Db, cycles: number): Promise<CrashClinic> {
  const tag = randomUUID().slice(0, 8);
  const [c] = await db
    .insert(clinics)
    .values({ name: `Crash ${tag}`, timeZone: 'UTC' })
    .returning();
  const clinicId = c!.id;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const emails = {
    admin: `crash-admin-${tag}@test.example`,
    clinician: `crash-doc-${tag}@test.example`,
    frontdesk: `crash-fd-${tag}@test.example`,
  };
  const made = await db
    .insert(users)
    .values(
      (['admin', 'clinician', 'frontdesk'] as const).map((role) => ({
        clinicId,
        email: emails[role],
        name: `${role} ${tag}`,
        role,
        passwordHash,
      })),
    )
    .returning();
  const doctor = made.find((u) => u.role === 'clinician')!;
  const [p] = await db
    .insert(practitioners)
    .values({ clinicId, userId: doctor.id, name: 'Dr. Crash, DO', timeZone: 'UTC' })
    .returning();
  await db.insert(availabilityRules).values(
    [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      clinicId,
      practitionerId: p!.id,
      weekday,
      startTime: '01:00',
      endTime: '21:00',
    })),
  );
  await db.insert(appointmentTypes).values({
    clinicId,
    code: 'crash-slot',
    name: 'Crash slot',
    durationMinutes: 15,
    slotIntervalMinutes: 15,
    minNoticeMinutes: 0,
  });
  const rows = await db
    .insert(patients)
    .values(
      Array.from({ length: 4 + cycles * UPDATE_GROUP }, (_, i) => ({
        clinicId,
        givenName: `Crash${i}`,
        familyName: `Patient ${tag}`,
        birthDate: '1970-01-01',
        sex: 'other',
        phone: `initial-${i}`,
      })),
    )
    .returning();
  const ids = rows.map((r) => r.id);
  return {
    clinicId,
    practitionerId: p!.id,
    emails,
    patientIds: ids.slice(0, 4),
    updatePatientIds: Array.from({ length: cycles }, (_, k) =>
      ids.slice(4 + k * UPDATE_GROUP, 4 + (k + 1) * UPDATE_GROUP),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// What was attempted and acknowledged

export interface Ledger {
  /** Booking starts (ISO); acknowledged ⊆ attempted. */
  bookings: { attempted: Set<string>; acked: Set<string> };
  /** Visits by their chief complaint at creation. */
  visits: { attempted: Set<string>; acked: Set<string> };
  /** Visit id → the chief complaint its chart update sets. */
  charts: { attempted: Map<string, string>; acked: Set<string> };
  /** Visit ids whose signing was sent / answered 200. */
  signs: { attempted: Set<string>; acked: Set<string> };
  /**
   * Patient id → the phone numbers sent, in order; `ackedUpTo`: the position (1-based) of the last
   * one answered 2xx; `acks`: how many were.
   */
  updates: Map<string, { initial: string; sent: string[]; ackedUpTo: number; acks: number }>;
  /** Answers that were neither a 2xx nor a cut connection: `kind status`. */
  otherAnswers: string[];
  /** Requests whose connection was cut (no status line). */
  cut: number;
  seq: number;
}

export function newLedger(): Ledger {
  return {
    bookings: { attempted: new Set(), acked: new Set() },
    visits: { attempted: new Set(), acked: new Set() },
    charts: { attempted: new Map(), acked: new Set() },
    signs: { attempted: new Set(), acked: new Set() },
    updates: new Map(),
    otherAnswers: [],
    cut: 0,
    seq: 0,
  };
}

export const ackedCount = (l: Ledger) =>
  l.bookings.acked.size +
  l.visits.acked.size +
  l.charts.acked.size +
  l.signs.acked.size +
  [...l.updates.values()].reduce((n, u) => n + u.acks, 0);

export interface Cookies {
  clinician: string;
  frontdesk: string;
}

export interface Load {
  /** Stop sending; resolves when every worker has finished its request in flight. */
  stop: () => Promise<void>;
  /** Requests sent and not yet answered. */
  inFlight: () => number;
}

/**
 * Three workers, one per kind of write, each sending its next write as soon as the last one was
 * answered (a short pause after a failure, so a dead database is not hammered).
 */
export function startLoad(opts: {
  base: string;
  cookies: Cookies;
  clinic: CrashClinic;
  cycle: number;
  ledger: Ledger;
  /** The first bookable day (midnight UTC). */
  firstDay: number;
}): Load {
  const { base, cookies, clinic, cycle, ledger } = opts;
  let stopped = false;
  let inFlight = 0;

  async function send(
    kind: string,
    cookie: string,
    method: string,
    url: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: () => Promise<unknown> } | null> {
    inFlight++;
    try {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { 'content-type': 'application/json', cookie, 'x-requested-with': 'crash', ...headers },
        body: JSON.stringify(body),
      });
      const text = res.text().catch(() => null);
      if (res.status < 200 || res.status > 299) ledger.otherAnswers.push(`${kind} ${res.status}`);
      return {
        status: res.status,
        json: async () => {
          const t = await text;
          return t === null ? null : (JSON.parse(t) as unknown);
        },
      };
    } catch {
      ledger.cut++;
      return null;
    } finally {
      inFlight--;
    }
  }
  const ok = (r: { status: number } | null) => !!r && r.status >= 200 && r.status <= 299;
  const pause = () => new Promise((r) => setTimeout(r, 50));

  async function bookings() {
    while (!stopped) {
      const i = ledger.bookings.attempted.size;
      const start = new Date(
        opts.firstDay + Math.floor(i / SLOTS_PER_DAY) * DAY_MS + 3600_000 + (i % SLOTS_PER_DAY) * 900_000,
      ).toISOString();
      ledger.bookings.attempted.add(start);
      const res = await send(
        'booking',
        cookies.frontdesk,
        'POST',
        '/api/v1/appointments',
        {
          practitionerId: clinic.practitionerId,
          appointmentType: 'crash-slot',
          start,
          patientId: clinic.patientIds[i % clinic.patientIds.length],
          reason: `crash booking ${i}`,
        },
        { 'idempotency-key': `crash-${randomUUID()}` },
      );
      if (ok(res)) ledger.bookings.acked.add(start);
      else await pause();
    }
  }

  async function notes() {
    while (!stopped) {
      const n = ++ledger.seq;
      const complaint = `crash visit ${cycle}.${n}`;
      ledger.visits.attempted.add(complaint);
      const created = await send(
        'visit',
        cookies.clinician,
        'POST',
        `/api/v1/patients/${clinic.patientIds[n % clinic.patientIds.length]}/encounters`,
        // One day per visit: a draft left in doubt by a kill does not block the next (one per day).
        { chiefComplaint: complaint, occurredAt: new Date(VISIT_DAY_ZERO + n * DAY_MS).toISOString() },
      );
      if (!ok(created)) {
        await pause();
        continue;
      }
      ledger.visits.acked.add(complaint);
      const visit = (await created!.json()) as { id?: string } | null;
      if (!visit?.id || stopped) continue;
      const charted = `${complaint} charted`;
      ledger.charts.attempted.set(visit.id, charted);
      const put = await send('chart', cookies.clinician, 'PUT', `/api/v1/encounters/${visit.id}`, {
        chiefComplaint: charted,
        painBefore: 5,
        followUp: 'Return in 2 weeks',
      });
      if (!ok(put)) {
        await pause();
        continue;
      }
      ledger.charts.acked.add(visit.id);
      if (stopped) continue;
      ledger.signs.attempted.add(visit.id);
      const signed = await send('sign', cookies.clinician, 'POST', `/api/v1/encounters/${visit.id}/sign`, {});
      if (ok(signed)) ledger.signs.acked.add(visit.id);
      else await pause();
    }
  }

  async function updates() {
    const group = clinic.updatePatientIds[cycle]!;
    for (const [i, id] of group.entries())
      ledger.updates.set(id, {
        initial: `initial-${4 + cycle * UPDATE_GROUP + i}`,
        sent: [],
        ackedUpTo: 0,
        acks: 0,
      });
    for (let n = 0; !stopped; n++) {
      const id = group[n % group.length]!;
      const u = ledger.updates.get(id)!;
      const phone = `+1212${200 + cycle}${String(n).padStart(4, '0')}`; // E.164, as stored
      u.sent.push(phone);
      const res = await send('update', cookies.frontdesk, 'PATCH', `/api/v1/patients/${id}`, { phone });
      // Updates of one patient are sent one after another: the stored phone is this one or a later one.
      if (ok(res)) {
        u.ackedUpTo = u.sent.length;
        u.acks++;
      } else await pause();
    }
  }

  const workers = Promise.all([bookings(), notes(), updates()]);
  return {
    stop: async () => {
      stopped = true;
      await workers;
    },
    inFlight: () => inFlight,
  };
}

// ---------------------------------------------------------------------------------------------
// The oracle

export interface Verdict {
  /** Acknowledged writes the database does not hold. */
  lost: string[];
  /** Stored writes that were never sent. */
  invented: string[];
  /** Stored writes without their own success entry in the audit trail, or entries without a write. */
  auditMismatch: string[];
  chain: { ok: boolean; checked: number };
  stored: { bookings: number; visits: number; signed: number; updated: number };
}

const difference = <T>(a: Iterable<T>, b: Set<T>) => [...a].filter((x) => !b.has(x));

export async function judge(
  db: Db,
  clinic: CrashClinic,
  ledger: Ledger,
  chainScope: { clinicId?: string } = {},
): Promise<Verdict> {
  const lost: string[] = [];
  const invented: string[] = [];
  const auditMismatch: string[] = [];
  const entries = await db
    .select({ action: auditEvents.action, resourceId: auditEvents.resourceId })
    .from(auditEvents)
    .where(and(eq(auditEvents.clinicId, clinic.clinicId), eq(auditEvents.outcome, 'success')));
  const audited = (action: string) =>
    entries.filter((e) => e.action === action).map((e) => e.resourceId ?? '');
  const sameSet = (what: string, stored: string[], entriesOf: string[]) => {
    const s = new Set(stored);
    const e = new Set(entriesOf);
    for (const x of difference(s, e)) auditMismatch.push(`${what} ${x} stored without its audit entry`);
    for (const x of difference(e, s)) auditMismatch.push(`${what} ${x} audited but not stored`);
    if (entriesOf.length !== e.size) auditMismatch.push(`${what}: an entry written twice`);
  };

  // Bookings: keyed by their start.
  const appts = await db
    .select({ id: appointments.id, startsAt: appointments.startsAt })
    .from(appointments)
    .where(eq(appointments.clinicId, clinic.clinicId));
  const starts = new Set(appts.map((a) => a.startsAt.toISOString()));
  lost.push(...difference(ledger.bookings.acked, starts).map((s) => `booking at ${s}`));
  invented.push(...difference(starts, ledger.bookings.attempted).map((s) => `booking at ${s}`));
  sameSet(
    'appointment',
    appts.map((a) => a.id),
    audited('appointment.book'),
  );

  // Visits: keyed by the chief complaint at creation; a charted visit carries the chart's.
  const visits = await db
    .select({ id: encounters.id, chiefComplaint: encounters.chiefComplaint, status: encounters.status })
    .from(encounters)
    .where(eq(encounters.clinicId, clinic.clinicId));
  const createdAs = new Set(visits.map((v) => v.chiefComplaint.replace(/ charted$/, '')));
  lost.push(...difference(ledger.visits.acked, createdAs).map((c) => `visit "${c}"`));
  invented.push(...difference(createdAs, ledger.visits.attempted).map((c) => `visit "${c}"`));
  sameSet(
    'encounter',
    visits.map((v) => v.id),
    audited('encounter.create'),
  );
  const byId = new Map(visits.map((v) => [v.id, v]));
  for (const id of ledger.charts.acked)
    if (byId.get(id)?.chiefComplaint !== ledger.charts.attempted.get(id)) lost.push(`chart of visit ${id}`);
  const charted = visits.filter((v) => v.chiefComplaint.endsWith(' charted'));
  for (const v of charted)
    if (ledger.charts.attempted.get(v.id) !== v.chiefComplaint) invented.push(`chart of visit ${v.id}`);
  sameSet(
    'chart',
    charted.map((v) => v.id),
    audited('encounter.update'),
  );

  // Signed notes: the visit is signed and its note row is there.
  const notes = await db
    .select({ encounterId: encounterNotes.encounterId })
    .from(encounterNotes)
    .where(eq(encounterNotes.clinicId, clinic.clinicId));
  const noted = new Set(notes.map((n) => n.encounterId));
  const signed = new Set(visits.filter((v) => v.status === 'signed').map((v) => v.id));
  for (const id of signed) if (!noted.has(id)) lost.push(`note of signed visit ${id}`);
  for (const id of noted) if (!signed.has(id)) invented.push(`note of unsigned visit ${id}`);
  lost.push(...difference(ledger.signs.acked, signed).map((id) => `signature of visit ${id}`));
  invented.push(...difference(signed, ledger.signs.attempted).map((id) => `signature of visit ${id}`));
  sameSet('signature', [...signed], audited('encounter.sign'));

  // Patient updates: the stored phone is the last acknowledged one or one sent after it.
  const ids = [...ledger.updates.keys()];
  const rows = ids.length
    ? await db
        .select({ id: patients.id, phone: patients.phone })
        .from(patients)
        .where(and(eq(patients.clinicId, clinic.clinicId), inArray(patients.id, ids)))
    : [];
  const updateEntries = audited('patient.update');
  let updated = 0;
  for (const r of rows) {
    const u = ledger.updates.get(r.id)!;
    const at = u.sent.indexOf(r.phone ?? '');
    const stored = at + 1; // how many of the sent updates the stored value reflects (0: none)
    if (at === -1 && r.phone !== u.initial) invented.push(`phone ${r.phone} of patient ${r.id}`);
    if (stored < u.ackedUpTo)
      lost.push(`update of patient ${r.id} to ${u.sent[u.ackedUpTo - 1]} (holds ${r.phone})`);
    // Each committed update wrote one entry: as many as acknowledged at least, as sent at most.
    const n = updateEntries.filter((e) => e === r.id).length;
    if (n < Math.max(u.acks, stored ? 1 : 0) || n > u.sent.length)
      auditMismatch.push(
        `patient ${r.id}: ${n} update entries for ${u.acks} acknowledged, ${u.sent.length} sent`,
      );
    if (stored > 0) updated++;
  }

  const chain = await verifyAuditChain(db, chainScope);
  return {
    lost,
    invented,
    auditMismatch,
    chain: { ok: chain.ok, checked: chain.checked },
    stored: { bookings: appts.length, visits: visits.length, signed: signed.size, updated },
  };
}

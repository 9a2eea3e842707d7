import { and, asc, eq, gt, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { builtOnce, parsedJson, rawRows, rowOf, type Db, type Tx } from '../../db/connect.ts';
import { availabilityRules, clinics, patients, practitioners } from '../../db/schema.ts';
import { encounters } from '../charting/tables.ts';
import { outboxRowsInsert } from '../../platform/outbox.ts';
import { claimInsert, type ClaimValues } from '../../platform/idempotency.ts';
import type { PatientRow } from '../../platform/access.ts';
import type { VisitFacts } from './notice-store.ts';
import type { Busy, DateOverride, Interval, Schedule, Weekday } from '../../../domain/scheduling/index.ts';
import {
  ACTIVE_STATUSES,
  appointmentEvents,
  appointmentTypes,
  appointments,
  availabilityOverrides,
  clinicSchedulingSettings,
  timeOff,
} from './tables.ts';

type Q = Db | Tx;
export type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
export type PractitionerRow = typeof practitioners.$inferSelect;

/** Advisory-lock class of practitioners' schedules (the two-key form keeps it apart from other locks). */
const SCHEDULE_LOCK_CLASS = 4_801;

/**
 * Serialises the transactions that can occupy one practitioner's time (book, move, cancel, waiting-
 * list holds) until commit, so the in-code availability check sees every booking that could clash.
 * Without it, two transactions inserting overlapping blocks at once can deadlock inside the exclusion
 * constraint's check (each waits for the other's uncommitted row), which PostgreSQL detects only
 * after deadlock_timeout (1 s). The exclusion constraint stays the guarantee. Take it before writing
 * any row, so it is always the first lock of the transaction.
 */
export async function lockSchedule(tx: Tx, practitionerId: string): Promise<void> {
  await tx.execute(sql`select ${scheduleLock(sql`${practitionerId}`)}`);
}

/** The schedule lock of the practitioner whose id `practitionerId` gives (see `lockSchedule`). */
const scheduleLock = (practitionerId: SQL) =>
  sql`pg_advisory_xact_lock(${sql.raw(String(SCHEDULE_LOCK_CLASS))}, hashtext(${practitionerId}::text))`;

/**
 * A booking's first statement in its transaction: claims its idempotency key and, only when it did,
 * takes the practitioner's schedule lock (after the claim, the order every keyed write takes them
 * in, so two requests with one key never each hold what the other waits for), and reads the row of
 * the patient the body names, to be opened under the access rule (`openFoundPatient`). The
 * booking's checks are read by the next statement, after the lock was granted, so they see every
 * clash committed before it; the patient's row is not among them. A replayed key takes no lock.
 */
export async function claimAndOpen(
  tx: Tx,
  values: ClaimValues & { clinicId: string; patientId: string; practitionerId: string },
): Promise<{ claimed: boolean; patient: PatientRow | null }> {
  const [row] = await claimLockAndPatient(tx, values);
  return { claimed: row!.claimed > 0, patient: row!.id == null ? null : rowOf(patients, row!) };
}

const claimLockAndPatient = builtOnce<{ claimed: number } & Record<string, unknown>>(
  'stillpoint_booking_claim',
  () => sql`with claim as (${claimInsert()}),
    lock as (select ${scheduleLock(sql`${sql.placeholder('practitionerId')}`)} from claim)
    select (select count(*) from lock)::int as claimed, ${patients}.*
    from (select 1) as one left join ${patients}
      on ${patients.clinicId} = ${sql.placeholder('clinicId')}::uuid and ${patients.id} = ${sql.placeholder('patientId')}::uuid`,
);

export async function findPractitioner(q: Q, id: string, clinicId?: string): Promise<PractitionerRow | null> {
  const [row] = await q
    .select()
    .from(practitioners)
    .where(
      and(
        eq(practitioners.id, id),
        eq(practitioners.active, true),
        clinicId ? eq(practitioners.clinicId, clinicId) : undefined,
      ),
    );
  return row ?? null;
}

export async function listPractitioners(q: Q, clinicId?: string) {
  return q
    .select()
    .from(practitioners)
    .where(and(eq(practitioners.active, true), clinicId ? eq(practitioners.clinicId, clinicId) : undefined))
    .orderBy(asc(practitioners.name));
}

export async function findType(q: Q, clinicId: string, code: string): Promise<AppointmentTypeRow | null> {
  const [row] = await q
    .select()
    .from(appointmentTypes)
    .where(
      and(
        eq(appointmentTypes.clinicId, clinicId),
        eq(appointmentTypes.code, code),
        eq(appointmentTypes.active, true),
      ),
    );
  return row ?? null;
}

export async function listTypes(
  q: Q,
  opts: { clinicId?: string; onlineOnly: boolean; includeInactive?: boolean },
) {
  return q
    .select()
    .from(appointmentTypes)
    .where(
      and(
        opts.includeInactive ? undefined : eq(appointmentTypes.active, true),
        opts.clinicId ? eq(appointmentTypes.clinicId, opts.clinicId) : undefined,
        opts.onlineOnly ? eq(appointmentTypes.bookableOnline, true) : undefined,
      ),
    )
    .orderBy(asc(appointmentTypes.durationMinutes), asc(appointmentTypes.code));
}

/** An appointment type by id, retired or not (appointments keep pointing at retired types). */
export async function typeById(q: Q, id: string): Promise<AppointmentTypeRow | undefined> {
  const [row] = await q.select().from(appointmentTypes).where(eq(appointmentTypes.id, id));
  return row;
}

/** An appointment type by id, only while it is active. */
export async function activeTypeById(q: Q, id: string): Promise<AppointmentTypeRow | undefined> {
  const [row] = await q
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.id, id), eq(appointmentTypes.active, true)));
  return row;
}

export type SettingsRow = typeof clinicSchedulingSettings.$inferSelect;
export const DEFAULT_SETTINGS: Omit<SettingsRow, 'clinicId'> = {
  lateCancelHours: 24,
  maxFutureBookingsPerPatient: 3,
  waitlistHoldMinutes: 120,
  reminderLeadMinutes: [2880, 120],
};

export async function settingsOf(q: Q, clinicId: string) {
  const [row] = await q
    .select()
    .from(clinicSchedulingSettings)
    .where(eq(clinicSchedulingSettings.clinicId, clinicId));
  return row ?? { ...DEFAULT_SETTINGS, clinicId };
}

/** Two days either side of a window: the appointments, time off and overrides that can touch it. */
const SCHEDULE_PAD_MS = 2 * 86_400_000;

/**
 * The sub-selects of everything the slot engine needs for one practitioner (`pid`, of clinic
 * `clinicId`: a value or the column of an outer query) around [from, to): weekly rules, overrides,
 * time off and clinic closures, and the active appointments (with their buffers) that can touch it.
 */
function schedulePartsSql(pid: SQL, clinicId: SQL, range: ScheduleRange<SQL>): SQL {
  return sql`(select coalesce(json_agg(json_build_object('w', weekday, 's', start_time, 'e', end_time)), '[]'::json)
         from ${availabilityRules} where practitioner_id = ${pid}) as rules,
      (select coalesce(json_agg(json_build_object('d', date, 'i', intervals)), '[]'::json)
         from ${availabilityOverrides}
         where practitioner_id = ${pid}
           and date between ${range.fromDay} and ${range.toDay}) as overrides,
      (select coalesce(json_agg(json_build_object('p', practitioner_id, 's', starts_at, 'e', ends_at)), '[]'::json)
         from ${timeOff}
         where clinic_id = ${clinicId} and (practitioner_id = ${pid} or practitioner_id is null)
           and starts_at < ${range.to} and ends_at > ${range.from}) as off,
      (select coalesce(json_agg(json_build_object('id', id, 's', starts_at, 'e', ends_at, 'bs', block_start, 'be', block_end)), '[]'::json)
         from ${appointments}
         where practitioner_id = ${pid} and status in (${sql.join(
           ACTIVE_STATUSES.map((s) => sql`${s}`),
           sql`, `,
         )})
           and block_start < ${range.to} and block_end > ${range.from}) as busy`;
}

/** The padded range `schedulePartsSql` reads around a window: days for overrides, instants for the rest. */
interface ScheduleRange<V> {
  fromDay: V;
  toDay: V;
  from: V;
  to: V;
}

function scheduleRange(window: Interval): ScheduleRange<string> {
  const from = new Date(window.start.getTime() - SCHEDULE_PAD_MS).toISOString();
  const to = new Date(window.end.getTime() + SCHEDULE_PAD_MS).toISOString();
  return { fromDay: from.slice(0, 10), toDay: to.slice(0, 10), from, to };
}

/** A range's values bound as parameters of a statement built for the call. */
function rangeValues(window: Interval): ScheduleRange<SQL> {
  const r = scheduleRange(window);
  return { fromDay: sql`${r.fromDay}`, toDay: sql`${r.toDay}`, from: sql`${r.from}`, to: sql`${r.to}` };
}

/** A practitioner's schedule without the appointment type (what `schedulePartsSql` reads). */
export type ScheduleParts = Pick<Schedule, 'rules' | 'overrides' | 'timeOff' | 'closures' | 'busy'>;

const jsonList = <T>(v: unknown): T[] => parsedJson<T[]>(v) ?? [];

function schedulePartsOf(
  row: { rules?: unknown; overrides?: unknown; off?: unknown; busy?: unknown } | undefined,
  excludeAppointmentId?: string,
): ScheduleParts {
  const rules = jsonList<{ w: number; s: string; e: string }>(row?.rules);
  const overrides = jsonList<{ d: string; i: { start: string; end: string }[] }>(row?.overrides);
  const off = jsonList<{ p: string | null; s: string; e: string }>(row?.off).map((o) => ({
    practitionerId: o.p,
    startsAt: new Date(o.s),
    endsAt: new Date(o.e),
  }));
  const minutes = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / 60_000);
  const busy: Busy[] = jsonList<{ id: string; s: string; e: string; bs: string; be: string }>(row?.busy)
    .filter((b) => b.id !== excludeAppointmentId)
    .map((b) => ({
      start: new Date(b.s),
      end: new Date(b.e),
      bufferBeforeMinutes: minutes(b.s, b.bs),
      bufferAfterMinutes: minutes(b.be, b.e),
    }));
  const overridesByDate = new Map<string, DateOverride>();
  for (const o of overrides) {
    const prev = overridesByDate.get(o.d);
    overridesByDate.set(o.d, { date: o.d, intervals: [...(prev?.intervals ?? []), ...o.i] });
  }
  return {
    rules: rules.map((r) => ({ weekday: r.w as Weekday, start: r.s, end: r.e })),
    overrides: [...overridesByDate.values()],
    timeOff: off.filter((o) => o.practitionerId).map((o) => ({ start: o.startsAt, end: o.endsAt })),
    closures: off.filter((o) => !o.practitionerId).map((o) => ({ start: o.startsAt, end: o.endsAt })),
    busy,
  };
}

/** What the slot engine needs of an appointment type. */
type SlotRules = Pick<
  AppointmentTypeRow,
  | 'durationMinutes'
  | 'bufferBeforeMinutes'
  | 'bufferAfterMinutes'
  | 'slotIntervalMinutes'
  | 'minNoticeMinutes'
  | 'horizonDays'
>;

/** The slot engine's input: a practitioner's schedule parts with one appointment type's rules. */
export function scheduleOf(parts: ScheduleParts, timeZone: string, type: SlotRules, now: Date): Schedule {
  return {
    timeZone,
    ...parts,
    type: {
      durationMinutes: type.durationMinutes,
      bufferBeforeMinutes: type.bufferBeforeMinutes,
      bufferAfterMinutes: type.bufferAfterMinutes,
      slotIntervalMinutes: type.slotIntervalMinutes,
      minNoticeMinutes: type.minNoticeMinutes,
      horizonDays: type.horizonDays,
    },
    now,
  };
}

/**
 * Everything the slot engine needs for one practitioner around [from, to): weekly rules, overrides,
 * time off, clinic closures, and the active appointments (with their buffers) that can touch the window.
 */
export async function loadSchedule(
  q: Q,
  p: PractitionerRow,
  type: AppointmentTypeRow,
  window: Interval,
  now: Date,
  excludeAppointmentId?: string,
): Promise<Schedule> {
  // One round trip for everything the engine needs (this runs inside every booking transaction).
  const [row] = await rawRows<{ rules: unknown; overrides: unknown; off: unknown; busy: unknown }>(
    q,
    sql`select ${schedulePartsSql(sql`${p.id}`, sql`${p.clinicId}`, rangeValues(window))}`,
  );
  return scheduleOf(schedulePartsOf(row, excludeAppointmentId), p.timeZone, type, now);
}

export interface BookingFacts {
  /** The active practitioner of the clinic, or null. */
  practitioner: PractitionerRow | null;
  /** The clinic's active type of that code, or null. */
  type: AppointmentTypeRow | null;
  settings: SettingsRow;
  /** The patient's booked appointments still to come. */
  futureBookings: number;
  /** Whether the patient has a visit (booked, attended or completed). */
  hasVisit: boolean;
  /** The practitioner's schedule around `start` (read under the schedule lock: every clash is in it). */
  parts: ScheduleParts;
  /** What the booking's confirmation and reminders draw on (as `visitFacts` reads it), or null. */
  notice: VisitFacts | null;
}

const ph = (name: string) => sql.placeholder(name);
const asJson = (query: SQL | { getSQL(): SQL }) => sql`(select row_to_json(x) from (${query}) x)`;
const visitsOf = (statuses: readonly string[], extra: SQL) =>
  sql`${appointments.clinicId} = ${ph('clinicId')} and ${appointments.patientId} = ${ph('patientId')}
    and ${appointments.status} in (${sql.join(
      statuses.map((st) => sql.raw(`'${st}'`)),
      sql`, `,
    )}) ${extra}`;

/** `loadBookingFacts`'s statement, built once (see `builtOnce`). */
const bookingFactsQuery = builtOnce<{
  practitioner: Record<string, unknown> | string | null;
  type: Record<string, unknown> | string | null;
  settings: Record<string, unknown> | string | null;
  future: number | string;
  has_visit: boolean;
  notice: Record<string, unknown> | string | null;
  rules: unknown;
  overrides: unknown;
  off: unknown;
  busy: unknown;
}>(
  'stillpoint_booking_facts',
  () => sql`select ${asJson(
    sql`select * from ${practitioners} where ${practitioners.id} = ${ph('practitionerId')}::uuid
      and ${practitioners.active} and ${practitioners.clinicId} = ${ph('clinicId')}::uuid`,
  )} as practitioner,
    ${asJson(
      sql`select * from ${appointmentTypes} where ${appointmentTypes.clinicId} = ${ph('clinicId')}::uuid
        and ${appointmentTypes.code} = ${ph('typeCode')}::text and ${appointmentTypes.active}`,
    )} as type,
    ${asJson(sql`select * from ${clinicSchedulingSettings} where ${clinicSchedulingSettings.clinicId} = ${ph('clinicId')}::uuid`)} as settings,
    (select count(*) from ${appointments}
      where ${visitsOf(['booked'], sql`and ${appointments.startsAt} > ${ph('now')}::timestamptz`)}) as future,
    exists (select 1 from ${appointments} where ${visitsOf(['booked', 'checked-in', 'completed'], sql``)}) as has_visit,
    ${asJson(
      sql`select ${patients.givenName} as first_name, ${patients.email} as email, ${clinics.name} as clinic_name,
          ${clinics.address} as clinic_address
        from ${patients} join ${clinics} on ${clinics.id} = ${patients.clinicId}
        where ${patients.id} = ${ph('patientId')}::uuid and ${patients.clinicId} = ${ph('clinicId')}::uuid`,
    )} as notice,
    ${schedulePartsSql(sql`${ph('practitionerId')}::uuid`, sql`${ph('clinicId')}::uuid`, {
      fromDay: sql`${ph('fromDay')}::date`,
      toDay: sql`${ph('toDay')}::date`,
      from: sql`${ph('from')}::timestamptz`,
      to: sql`${ph('to')}::timestamptz`,
    })}`,
);

/**
 * Everything a booking checks, in one statement (it runs in every booking transaction, after the
 * schedule lock): what `findPractitioner`, `findType`, `settingsOf`, `countFutureBookings`,
 * `hasAnyVisit` and `loadSchedule` read one round trip each.
 */
export async function loadBookingFacts(
  tx: Tx,
  a: {
    clinicId: string;
    practitionerId: string;
    typeCode: string;
    patientId: string;
    start: Date;
    now: Date;
  },
): Promise<BookingFacts> {
  const [row] = await bookingFactsQuery(tx, {
    clinicId: a.clinicId,
    practitionerId: a.practitionerId,
    typeCode: a.typeCode,
    patientId: a.patientId,
    now: a.now.toISOString(),
    ...scheduleRange({ start: a.start, end: a.start }),
  });
  const obj = parsedJson<Record<string, unknown>>;
  const p = obj(row?.practitioner);
  const type = obj(row?.type);
  const settings = obj(row?.settings);
  const notice = obj(row?.notice);
  const practitioner = p ? rowOf(practitioners, p) : null;
  const settingsRow = settings
    ? rowOf(clinicSchedulingSettings, settings)
    : { ...DEFAULT_SETTINGS, clinicId: a.clinicId };
  return {
    practitioner,
    type: type ? rowOf(appointmentTypes, type) : null,
    settings: settingsRow,
    futureBookings: Number(row?.future ?? 0),
    hasVisit: row?.has_visit === true || String(row?.has_visit) === 'true',
    parts: schedulePartsOf(row),
    notice:
      practitioner && notice
        ? {
            firstName: String(notice.first_name),
            email: typeof notice.email === 'string' ? notice.email.trim() || null : null,
            clinicName: String(notice.clinic_name),
            clinicAddress: (notice.clinic_address ?? null) as VisitFacts['clinicAddress'],
            practitionerName: practitioner.name,
            timeZone: practitioner.timeZone,
            reminderLeadMinutes: settingsRow.reminderLeadMinutes,
            // The new appointment's one event (booked): the first version a calendar sees.
            sequence: 0,
          }
        : null,
  };
}

/** An appointment type as the public booking of `loadOnlineSchedules` sees it. */
export type OnlineType = SlotRules & Pick<AppointmentTypeRow, 'code' | 'name'>;

export interface OnlineSchedule {
  practitionerId: string;
  timeZone: string;
  /** The clinic's active types bookable online, shortest first (as `listTypes` orders them). */
  types: OnlineType[];
  parts: ScheduleParts;
}

/**
 * For several practitioners at once, in one statement: each active one's time zone, the active
 * appointment types its clinic offers online, and its schedule parts around `window` — what a
 * signed-out caller of `GET /availability` is answered from (an inactive practitioner is absent).
 */
export async function loadOnlineSchedules(
  q: Q,
  practitionerIds: readonly string[],
  window: Interval,
): Promise<Map<string, OnlineSchedule>> {
  if (!practitionerIds.length) return new Map();
  const t = appointmentTypes;
  const rows = await rawRows<{
    id: string;
    time_zone: string;
    types: unknown;
    rules: unknown;
    overrides: unknown;
    off: unknown;
    busy: unknown;
  }>(
    q,
    sql`select p.id, p.time_zone,
      (select coalesce(json_agg(json_build_object('code', ${t.code}, 'name', ${t.name},
          'durationMinutes', ${t.durationMinutes}, 'bufferBeforeMinutes', ${t.bufferBeforeMinutes},
          'bufferAfterMinutes', ${t.bufferAfterMinutes}, 'slotIntervalMinutes', ${t.slotIntervalMinutes},
          'minNoticeMinutes', ${t.minNoticeMinutes}, 'horizonDays', ${t.horizonDays})
          order by ${t.durationMinutes}, ${t.code}), '[]'::json)
         from ${t} where ${t.clinicId} = p.clinic_id and ${t.active} and ${t.bookableOnline}) as types,
      ${schedulePartsSql(sql`p.id`, sql`p.clinic_id`, rangeValues(window))}
      from ${practitioners} p
      where p.active and p.id in (${sql.join(
        practitionerIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
  );
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        practitionerId: String(r.id),
        timeZone: r.time_zone,
        types: jsonList<OnlineType>(r.types),
        parts: schedulePartsOf(r),
      },
    ]),
  );
}

export async function countFutureBookings(
  q: Q,
  clinicId: string,
  patientId: string,
  now: Date,
): Promise<number> {
  const rows = await q
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, clinicId),
        eq(appointments.patientId, patientId),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
      ),
    );
  return rows.length;
}

/** Whether the patient has a visit (booked, attended or completed); holds and no-shows do not count. */
export async function hasAnyVisit(
  q: Q,
  clinicId: string,
  patientId: string,
  exceptAppointmentId?: string,
): Promise<boolean> {
  const rows = await q
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, clinicId),
        eq(appointments.patientId, patientId),
        inArray(appointments.status, ['booked', 'checked-in', 'completed']),
        exceptAppointmentId ? sql`${appointments.id} <> ${exceptAppointmentId}` : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function findAppointment(q: Q, clinicId: string, id: string): Promise<AppointmentRow | null> {
  const [row] = await q
    .select()
    .from(appointments)
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)));
  return row ?? null;
}

/** Inserts an appointment; its first row back, as `returning()` gives it. */
export async function insertAppointment(
  q: Q,
  values: typeof appointments.$inferInsert,
): Promise<AppointmentRow | undefined> {
  const [row] = await q.insert(appointments).values(values).returning();
  return row;
}

/**
 * Inserts an appointment (its id chosen by the caller, so its messages can name it), the event of
 * its first status and the messages that announce it in one statement (data-modifying CTEs): a
 * booking's three writes in one round trip. Fails whole on the exclusion constraint (23P01): no
 * message is queued for a booking that was not made.
 */
export async function insertAppointmentWithEvent(
  tx: Tx,
  values: NewAppointment & { id: string },
  event: { at: Date; byUserId: string | null },
  /** The messages that announce it (`outboxRows`), queued by the same statement. */
  messages = '[]',
): Promise<AppointmentRow> {
  const iso = (d: Date) => d.toISOString();
  const [raw] = await insertAppointmentQuery(tx, {
    ...values,
    messages,
    startsAt: iso(values.startsAt),
    endsAt: iso(values.endsAt),
    blockStart: iso(values.blockStart),
    blockEnd: iso(values.blockEnd),
    createdAt: iso(values.createdAt),
    eventAt: iso(event.at),
    byUserId: event.byUserId,
  });
  return rowOf(appointments, raw!);
}

/** What a booking writes of a new appointment. */
export type NewAppointment = Pick<
  typeof appointments.$inferSelect,
  | 'clinicId'
  | 'practitionerId'
  | 'patientId'
  | 'appointmentTypeId'
  | 'startsAt'
  | 'endsAt'
  | 'blockStart'
  | 'blockEnd'
  | 'status'
  | 'source'
  | 'createdAt'
  | 'createdBy'
  | 'reason'
  | 'painScore'
>;

/** `insertAppointmentWithEvent`'s statement, built once (see `builtOnce`). */
const insertAppointmentQuery = builtOnce<Record<string, unknown>>('stillpoint_appointment_insert', () => {
  const ev = appointmentEvents;
  return sql`with a as (
      insert into ${appointments} (id, clinic_id, practitioner_id, patient_id, appointment_type_id, starts_at,
        ends_at, block_start, block_end, status, source, created_at, created_by, reason, pain_score)
      values (${ph('id')}::uuid, ${ph('clinicId')}::uuid, ${ph('practitionerId')}::uuid, ${ph('patientId')}::uuid,
        ${ph('appointmentTypeId')}::uuid, ${ph('startsAt')}::timestamptz, ${ph('endsAt')}::timestamptz,
        ${ph('blockStart')}::timestamptz, ${ph('blockEnd')}::timestamptz, ${ph('status')}::text,
        ${ph('source')}::text, ${ph('createdAt')}::timestamptz, ${ph('createdBy')}::uuid, ${ph('reason')}::text,
        ${ph('painScore')}::smallint)
      returning *),
    e as (insert into ${ev} (${sql.identifier(ev.clinicId.name)}, ${sql.identifier(ev.appointmentId.name)},
            ${sql.identifier(ev.at.name)}, ${sql.identifier(ev.byUserId.name)}, ${sql.identifier(ev.toStatus.name)})
          select clinic_id, id, ${ph('eventAt')}::timestamptz, ${ph('byUserId')}::uuid, status from a),
    o as (${outboxRowsInsert('messages')})
    select * from a`;
});

/**
 * Changes an appointment only if it is still in `fromStatus` (a racing change makes it miss):
 * the updated row, or null when it had changed meanwhile.
 */
export async function updateAppointmentIf(
  q: Q,
  id: string,
  fromStatus: string,
  set: Partial<typeof appointments.$inferInsert>,
): Promise<AppointmentRow | null> {
  const [row] = await q
    .update(appointments)
    .set(set)
    .where(and(eq(appointments.id, id), eq(appointments.status, fromStatus)))
    .returning();
  return row ?? null;
}

export interface AppointmentFilters {
  patientId?: string;
  practitionerId?: string;
  status?: string;
  from?: Date;
  to?: Date;
}

/**
 * The clinic's appointments with their type, patient name and birth date and visit note, by start
 * time. `whole` is the caller's visibility column (`wholeColumn`): false on rows whose patient the
 * caller may see only in the limited form.
 */
export async function listAppointments(q: Q, clinicId: string, f: AppointmentFilters, whole: SQL<boolean>) {
  return (
    q
      .select({
        a: appointments,
        code: appointmentTypes.code,
        typeName: appointmentTypes.name,
        given: patients.givenName,
        family: patients.familyName,
        birthDate: patients.birthDate,
        whole,
        noteId: encounters.id,
        noteStatus: encounters.status,
      })
      .from(appointments)
      .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.appointmentTypeId))
      .innerJoin(patients, eq(patients.id, appointments.patientId))
      // The visit note documenting each appointment (at most one that is not discarded).
      .leftJoin(
        encounters,
        and(eq(encounters.appointmentId, appointments.id), ne(encounters.status, 'discarded')),
      )
      .where(
        and(
          eq(appointments.clinicId, clinicId),
          f.patientId ? eq(appointments.patientId, f.patientId) : undefined,
          f.practitionerId ? eq(appointments.practitionerId, f.practitionerId) : undefined,
          // Released holds (declined or expired waiting-list offers) only when asked for.
          f.status ? eq(appointments.status, f.status) : ne(appointments.status, 'released'),
          f.from ? gte(appointments.startsAt, f.from) : undefined,
          f.to ? lt(appointments.startsAt, f.to) : undefined,
        ),
      )
      .orderBy(asc(appointments.startsAt))
      .limit(1000)
  );
}

/** The live (not discarded) visit documenting an appointment: the note shown with it to staff. */
export async function noteOfAppointment(q: Q, clinicId: string, appointmentId: string) {
  const [row] = await q
    .select({ id: encounters.id, status: encounters.status })
    .from(encounters)
    .where(
      and(
        eq(encounters.clinicId, clinicId),
        eq(encounters.appointmentId, appointmentId),
        ne(encounters.status, 'discarded'),
      ),
    );
  return row ?? null;
}

/** Completes a booked or checked-in appointment that has started and whose visit note was signed. */
export async function completeForSignedNote(
  tx: Tx,
  clinicId: string,
  id: string,
  now: Date,
): Promise<{ row: AppointmentRow; from: string } | null> {
  const [before] = await tx
    .select({ status: appointments.status, startsAt: appointments.startsAt })
    .from(appointments)
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)))
    .for('update');
  // Like the front desk's "completed": only once the appointment has started.
  if (!before || !['booked', 'checked-in'].includes(before.status) || now < before.startsAt) return null;
  const [row] = await tx
    .update(appointments)
    .set({ status: 'completed' })
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)))
    .returning();
  return row ? { row, from: before.status } : null;
}

export async function addEvent(
  tx: Tx,
  a: Pick<AppointmentRow, 'id' | 'clinicId'>,
  at: Date,
  byUserId: string | null,
  fromStatus: string | null,
  toStatus: string,
  note?: string | null,
  details?: Record<string, unknown>,
) {
  await tx.insert(appointmentEvents).values({
    clinicId: a.clinicId,
    appointmentId: a.id,
    at,
    byUserId,
    fromStatus,
    toStatus,
    note: note ?? null,
    details: details ?? null,
  });
}

export async function listEvents(q: Q, clinicId: string, appointmentId: string) {
  return q
    .select()
    .from(appointmentEvents)
    .where(and(eq(appointmentEvents.clinicId, clinicId), eq(appointmentEvents.appointmentId, appointmentId)))
    .orderBy(asc(appointmentEvents.at));
}

export async function clinicTimeZone(q: Q, clinicId: string): Promise<string> {
  const [row] = await q.select({ timeZone: clinics.timeZone }).from(clinics).where(eq(clinics.id, clinicId));
  return row?.timeZone ?? 'UTC';
}

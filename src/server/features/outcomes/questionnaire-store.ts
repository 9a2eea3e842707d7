import { and, desc, eq, sql } from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../../db/connect.ts';
import { users } from '../../db/schema.ts';
import type {
  QuestionnaireSchedule,
  ScheduleAudience,
  ScheduleRule,
} from '../../../domain/outcomes/index.ts';
import { questionnaireRequests, questionnaireResponses, questionnaireSchedules } from './tables.ts';

/** The SQL of pre-visit questionnaires: the clinic's schedule, requests, and the visits due one. */

type Q = Db | Tx;

export interface ScheduleRow extends QuestionnaireSchedule {
  updatedAt: Date;
  updatedBy: { id: string; name: string };
}

export async function schedule(q: Q, clinicId: string): Promise<ScheduleRow | null> {
  const [row] = await q
    .select({ s: questionnaireSchedules, name: users.name })
    .from(questionnaireSchedules)
    .innerJoin(users, eq(users.id, questionnaireSchedules.updatedBy))
    .where(eq(questionnaireSchedules.clinicId, clinicId));
  if (!row) return null;
  const { s, name } = row;
  return {
    enabled: s.enabled,
    instruments: s.instruments,
    rule: s.rule as ScheduleRule,
    every: s.every,
    leadHours: s.leadHours,
    audience: s.audience as ScheduleAudience,
    updatedAt: s.updatedAt,
    updatedBy: { id: s.updatedBy, name },
  };
}

export async function saveSchedule(
  tx: Tx,
  clinicId: string,
  s: QuestionnaireSchedule,
  by: { userId: string; at: Date },
) {
  const row = { ...s, updatedBy: by.userId, updatedAt: by.at };
  await tx
    .insert(questionnaireSchedules)
    .values({ clinicId, ...row })
    .onConflictDoUpdate({ target: questionnaireSchedules.clinicId, set: row });
}

export async function clinicIds(q: Q, only?: string): Promise<string[]> {
  const rows = await rawRows<{ id: string }>(
    q,
    only ? sql`select id from clinics where id = ${only}` : sql`select id from clinics order by id`,
  );
  return rows.map((r) => r.id);
}

export interface DueVisit {
  appointmentId: string;
  patientId: string;
  startsAt: Date;
  email: string | null;
  givenName: string;
  clinicName: string;
  timeZone: string;
}

/**
 * Booked visits starting within `leadHours` of `now` that have no request yet (scheduling's
 * appointments and the plans of care read by name), of the schedule's audience, soonest first.
 */
export async function visitsInWindow(
  q: Q,
  clinicId: string,
  now: Date,
  leadHours: number,
  audience: ScheduleAudience,
): Promise<DueVisit[]> {
  const until = new Date(now.getTime() + leadHours * 3_600_000);
  const plan =
    audience === 'care-plan'
      ? sql`and exists (select 1 from care_plans cp where cp.clinic_id = a.clinic_id
                        and cp.patient_id = a.patient_id and cp.status = 'active')`
      : sql``;
  const rows = await rawRows<{
    appointment_id: string;
    patient_id: string;
    starts_at: Date | string;
    email: string | null;
    given_name: string;
    clinic_name: string;
    time_zone: string;
  }>(
    q,
    sql`select a.id as appointment_id, a.patient_id, a.starts_at, p.email, p.given_name,
               c.name as clinic_name, c.time_zone
        from appointments a
        join patients p on p.id = a.patient_id
        join clinics c on c.id = a.clinic_id
        where a.clinic_id = ${clinicId} and a.status = 'booked'
          and a.starts_at > ${now.toISOString()}::timestamptz and a.starts_at <= ${until.toISOString()}::timestamptz
          and p.merged_into_id is null
          and not exists (select 1 from questionnaire_requests r where r.appointment_id = a.id)
          ${plan}
        order by a.starts_at
        limit 500`,
  );
  return rows.map((r) => ({
    appointmentId: r.appointment_id,
    patientId: r.patient_id,
    startsAt: new Date(r.starts_at),
    email: r.email,
    givenName: r.given_name,
    clinicName: r.clinic_name,
    timeZone: r.time_zone,
  }));
}

/** The latest earlier visit the patient was asked before, and the visits since it up to `start`. */
export async function askHistory(q: Q, clinicId: string, patientId: string, start: Date) {
  const [last] = await q
    .select({ at: questionnaireRequests.appointmentStart })
    .from(questionnaireRequests)
    .where(
      and(
        eq(questionnaireRequests.clinicId, clinicId),
        eq(questionnaireRequests.patientId, patientId),
        sql`${questionnaireRequests.appointmentStart} < ${start.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(desc(questionnaireRequests.appointmentStart))
    .limit(1);
  if (!last) return { lastAskedVisitStart: null, visitsSinceAsked: 0 };
  const [n] = await rawRows<{ n: number | string }>(
    q,
    sql`select count(*) as n from appointments
        where clinic_id = ${clinicId} and patient_id = ${patientId}
          and status in ('booked', 'checked-in', 'completed')
          and starts_at > ${last.at.toISOString()}::timestamptz and starts_at <= ${start.toISOString()}::timestamptz`,
  );
  return { lastAskedVisitStart: last.at, visitsSinceAsked: Number(n!.n) };
}

/** Writes the request unless the visit has one already (another instance got there): null then. */
export async function insertRequest(
  tx: Tx,
  r: {
    clinicId: string;
    patientId: string;
    appointmentId: string;
    appointmentStart: Date;
    instruments: string[];
    now: Date;
  },
): Promise<string | null> {
  const [row] = await tx
    .insert(questionnaireRequests)
    .values({ ...r, createdAt: r.now })
    .onConflictDoNothing({ target: questionnaireRequests.appointmentId })
    .returning({ id: questionnaireRequests.id });
  return row?.id ?? null;
}

export interface RequestRow {
  id: string;
  appointmentId: string;
  appointmentStart: Date;
  instruments: string[];
  createdAt: Date;
  answeredAt: Date | null;
  answered: string[];
  /** The clinic's zone, in which the visit is shown (as in the message that asked). */
  timeZone: string;
}

/** A patient's requests, newest visit first, with the instruments already answered for each. */
export async function requests(q: Q, clinicId: string, patientId: string, limit = 20): Promise<RequestRow[]> {
  const rows = await rawRows<{
    id: string;
    appointment_id: string;
    appointment_start: Date | string;
    instruments: string[];
    created_at: Date | string;
    answered_at: Date | string | null;
    answered: string[] | null;
    time_zone: string;
  }>(
    q,
    sql`select r.id, r.appointment_id, r.appointment_start, r.instruments, r.created_at, r.answered_at,
               (select array_agg(distinct qr.instrument) from questionnaire_responses qr
                 where qr.request_id = r.id) as answered, c.time_zone
        from questionnaire_requests r join clinics c on c.id = r.clinic_id
        where r.clinic_id = ${clinicId} and r.patient_id = ${patientId}
        order by r.appointment_start desc
        limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    appointmentId: r.appointment_id,
    appointmentStart: new Date(r.appointment_start),
    instruments: r.instruments,
    createdAt: new Date(r.created_at),
    answeredAt: r.answered_at ? new Date(r.answered_at) : null,
    answered: r.answered ?? [],
    timeZone: r.time_zone,
  }));
}

/** The request, locked for this transaction, if it is this patient's. */
export async function requestForUpdate(tx: Tx, clinicId: string, patientId: string, id: string) {
  const [row] = await rawRows<{ id: string; instruments: string[]; answered_at: Date | string | null }>(
    tx,
    sql`select id, instruments, answered_at from questionnaire_requests
        where id = ${id} and clinic_id = ${clinicId} and patient_id = ${patientId} for update`,
  );
  return row ? { id: row.id, instruments: row.instruments, answered: row.answered_at !== null } : null;
}

export async function answeredInstruments(tx: Tx, requestId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ i: questionnaireResponses.instrument })
    .from(questionnaireResponses)
    .where(eq(questionnaireResponses.requestId, requestId));
  return rows.map((r) => r.i);
}

export async function markAnswered(tx: Tx, requestId: string, at: Date) {
  await tx
    .update(questionnaireRequests)
    .set({ answeredAt: at })
    .where(eq(questionnaireRequests.id, requestId));
}

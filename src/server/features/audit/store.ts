import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../../db/connect.ts';
import { auditEvents, clinics, patients, practitioners, users } from '../../db/schema.ts';
import { encounters } from '../charting/tables.ts';
import { outboxMessages } from '../../db/schema.ts';
import {
  appointments,
  appointmentTypes,
  intakeConsents,
  waitlistEntries,
  waitlistOffers,
} from '../scheduling/tables.ts';
import type { AuditSort } from '../../../contracts/audit.ts';

type Q = Db | Tx;
export type AuditRow = typeof auditEvents.$inferSelect;

export interface EntryFilters {
  patientId?: string;
  userId?: string;
  action?: string;
  outcome?: string;
  emergency?: boolean;
  from?: Date;
  to?: Date;
}

const SORTABLE = {
  at: auditEvents.at,
  userId: auditEvents.userId,
  action: auditEvents.action,
  resourceType: auditEvents.resourceType,
  patientId: auditEvents.patientId,
  outcome: auditEvents.outcome,
} as const;

/**
 * One page of the clinic's entries, newest first by default. Only the entries themselves: names
 * are looked up for the page afterwards ({@link lookupNames}), so this stays a plain index scan
 * (clinic + time, clinic + patient + time or clinic + user + time) that stops at `limit`. Returns
 * the query itself: awaiting it runs it, `.toSQL()` gives the statement (the plan test uses it).
 */
export function listEntries(
  q: Q,
  clinicId: string,
  f: EntryFilters,
  sort: AuditSort,
  order: 'asc' | 'desc',
  limit: number,
) {
  const where: SQL[] = [eq(auditEvents.clinicId, clinicId)];
  if (f.patientId) where.push(eq(auditEvents.patientId, f.patientId));
  if (f.userId) where.push(eq(auditEvents.userId, f.userId));
  if (f.action) where.push(eq(auditEvents.action, f.action));
  if (f.outcome) where.push(eq(auditEvents.outcome, f.outcome));
  if (f.emergency !== undefined) where.push(eq(auditEvents.emergency, f.emergency));
  if (f.from) where.push(gte(auditEvents.at, f.from));
  if (f.to) where.push(lte(auditEvents.at, f.to));
  const dir = order === 'asc' ? asc : desc;
  return q
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(dir(SORTABLE[sort]), dir(auditEvents.at), dir(auditEvents.n))
    .limit(limit);
}

export async function clinicTimeZone(q: Q, clinicId: string): Promise<string> {
  const [row] = await q.select({ timeZone: clinics.timeZone }).from(clinics).where(eq(clinics.id, clinicId));
  return row?.timeZone ?? 'UTC';
}

/** What one looked-up id is called now: a name, or the parts of a record's short label. */
export interface NameRow {
  /** `patient`, `user`, or the audit resource type of a record. */
  kind: string;
  id: string;
  name: string | null;
  at: Date | null;
  extra: string | null;
}

export interface NameRequest {
  patientIds: Iterable<string>;
  userIds: Iterable<string>;
  /** Record ids by audit resource type (types without a lookup are ignored). */
  records: Map<string, Iterable<string>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid[] parameter from ids (anything not shaped like a uuid is dropped: resource ids are text). */
const uuidArray = (ids: Iterable<string>) => {
  const list = [...new Set(ids)].filter((id) => UUID.test(id));
  return list.length ? `{${list.join(',')}}` : null;
};

type Lookup = (clinicId: string, ids: string) => SQL;

/**
 * The short label of each kind of record the trail names: only what tells records apart (a name, a
 * date, a status), never clinical content. Every lookup is by primary key within the clinic.
 */
const RECORD_LOOKUPS: Record<string, Lookup> = {
  Practitioner: (c, ids) => sql`select 'Practitioner', p.id::text, p.name, null::timestamptz, null::text
    from ${practitioners} p where p.clinic_id = ${c} and p.id = any(${ids}::uuid[])`,
  AppointmentType: (c, ids) => sql`select 'AppointmentType', t.id::text, t.name, null::timestamptz, null::text
    from ${appointmentTypes} t where t.clinic_id = ${c} and t.id = any(${ids}::uuid[])`,
  Clinic: (c, ids) => sql`select 'Clinic', k.id::text, k.name, null::timestamptz, null::text
    from ${clinics} k where k.id = ${c} and k.id = any(${ids}::uuid[])`,
  Encounter: (c, ids) => sql`select 'Encounter', e.id::text, null::text, e.occurred_at, e.status
    from ${encounters} e where e.clinic_id = ${c} and e.id = any(${ids}::uuid[])`,
  Appointment: (c, ids) => sql`select 'Appointment', a.id::text, t.name, a.starts_at, a.status
    from ${appointments} a join ${appointmentTypes} t on t.id = a.appointment_type_id
    where a.clinic_id = ${c} and a.id = any(${ids}::uuid[])`,
  WaitlistEntry: (c, ids) => sql`select 'WaitlistEntry', w.id::text, t.name, null::timestamptz, w.status
    from ${waitlistEntries} w join ${appointmentTypes} t on t.id = w.appointment_type_id
    where w.clinic_id = ${c} and w.id = any(${ids}::uuid[])`,
  WaitlistOffer: (c, ids) => sql`select 'WaitlistOffer', o.id::text, null::text, o.slot_start, o.status
    from ${waitlistOffers} o where o.clinic_id = ${c} and o.id = any(${ids}::uuid[])`,
  Communication: (c, ids) => sql`select 'Communication', m.id::text, m.kind, m.appointment_start, m.status
    from ${outboxMessages} m where m.clinic_id = ${c} and m.id = any(${ids}::uuid[])`,
  Consent: (c, ids) => sql`select 'Consent', i.id::text, i.version, i.accepted_at, i.method
    from ${intakeConsents} i where i.clinic_id = ${c} and i.id = any(${ids}::uuid[])`,
};

/**
 * The current names of the people and records one page of entries mentions, in one statement
 * (a UNION ALL of primary-key lookups, one branch per kind present). Names are never stored in
 * the trail: entries stay as written, and a renamed patient shows under the current name. Only a
 * patient's name is looked up: the part of a restricted record every member of staff sees.
 */
export async function lookupNames(q: Q, clinicId: string, want: NameRequest): Promise<NameRow[]> {
  const parts: SQL[] = [];
  const patientIds = uuidArray(want.patientIds);
  if (patientIds) {
    parts.push(sql`select 'patient', ${patients}.id::text, ${patients}.given_name || ' ' || ${patients}.family_name,
      null::timestamptz, null::text
      from ${patients} where ${patients}.clinic_id = ${clinicId} and ${patients}.id = any(${patientIds}::uuid[])`);
  }
  const userIds = uuidArray(want.userIds);
  if (userIds) {
    parts.push(sql`select 'user', u.id::text, u.name, null::timestamptz, u.role
      from ${users} u where u.clinic_id = ${clinicId} and u.id = any(${userIds}::uuid[])`);
  }
  for (const [type, ids] of want.records) {
    const lookup = RECORD_LOOKUPS[type];
    const array = lookup ? uuidArray(ids) : null;
    if (lookup && array) parts.push(lookup(clinicId, array));
  }
  if (!parts.length) return [];
  const rows = await rawRows<{
    kind: string;
    id: string;
    name: string | null;
    at: Date | string | null;
    extra: string | null;
  }>(
    q,
    sql`select k.* from (${sql.join(
      parts.map((p) => sql`(${p})`),
      sql` union all `,
    )}) as k(kind, id, name, at, extra)`,
  );
  return rows.map((r) => ({ ...r, at: r.at === null ? null : new Date(r.at) }));
}

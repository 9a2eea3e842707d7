import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { patients } from '../db/schema.ts';
import { keepPrepared, type Db, type Tx } from '../db/connect.ts';
import type { AuthedContext } from './context.ts';
import { notFound } from './errors.ts';
import {
  notMerged,
  patientAccess,
  seesInFull,
  type PatientAccess,
  type PatientLoad,
  type PatientRow,
} from './access.ts';
import { auditWritten, chainOf, entryTime } from './audit.ts';
import { sessionHints, type SessionProof } from './session.ts';
import { UUID } from './subjects.ts';

/**
 * The audited single-record read in one statement (`auditOnOpen` routes): one round trip checks
 * the caller's session, reads the patient record with what the route loads with it, applies the
 * compartment rule and writes the route's success entry — a data-modifying CTE, so the entry is
 * stored by the same statement that reads the data, before anything is answered, and a failed
 * insert fails the read (no data, a 5xx). Nothing is written when the rule refuses: the refusal is
 * recorded by the enforcement point as on every route.
 *
 * The session: `s` finds it only while everything the request was decided on still holds
 * (`SessionProof`): not signed out, not expired or idle, the same credentials generation, the user
 * enabled with the same role, clinic, email, name, patient record and MFA settings. With a session
 * the process remembered (no statement of its own), this is the request's only check against the
 * database; when it fails the statement returns no row and writes nothing, and the enforcement
 * point serves the request again from a fresh session lookup. `touch` moves the session's idle
 * clock on, at most every 15 s, as the session lookup does. An API token (no proof) was checked
 * by its own lookup in this request.
 */

const p = (name: string) => sql.placeholder(name);

/** `visibleInFull` of access.ts for any caller, with the caller's role and id as parameters. */
const visible = sql`(not x.restricted or ${p('role')} in ('admin', 'patient')
  or x.care_team @> jsonb_build_array(${p('uid')}::text))`;

/**
 * The session `proof` describes, found only while all of it still holds (`s`; one row, or none),
 * and its idle clock moved on at most every 15 s (`touch`): the bodies of two CTEs, for any
 * statement that is a request's first check of a remembered session (here, and the reference
 * check of a body, references.ts). Placeholders: sid (null: no session to check, e.g. an API token
 * checked by its own lookup), epoch, mfaVerified, uid, role, clinic, email, name, userPatient,
 * mfaEnabled, mfaRequired, now.
 */
export const sessionHeldSql = {
  s: sql`
    select 1 as held where ${p('sid')}::text is null
    union all
    select 1 from sessions se
      join users u on u.id = se.user_id
      join clinics c on c.id = u.clinic_id
     where se.id = ${p('sid')}::text and se.revoked_at is null
       and se.credentials_epoch = ${p('epoch')}::int and se.mfa_verified = ${p('mfaVerified')}::boolean
       and se.expires_at > ${p('now')}::timestamptz
       and se.last_seen_at + se.idle_timeout_minutes * interval '1 minute' > ${p('now')}::timestamptz
       and u.id = ${p('uid')}::uuid and not u.disabled and u.credentials_epoch = se.credentials_epoch
       and u.role = ${p('role')}::text and u.clinic_id = ${p('clinic')}::uuid
       and u.email = ${p('email')}::text and u.name = ${p('name')}::text
       and u.patient_id is not distinct from ${p('userPatient')}::uuid
       and u.mfa_enabled = ${p('mfaEnabled')}::boolean
       and c.mfa_required_for_staff = ${p('mfaRequired')}::boolean`,
  touch: sql`
    update sessions set last_seen_at = ${p('now')}::timestamptz
     where id = ${p('sid')}::text and last_seen_at < ${p('now')}::timestamptz - interval '15 seconds'
       and exists (select from s)
    returning 1`,
};

/** The values of `sessionHeldSql`'s placeholders for a caller and the proof of their session. */
export function sessionHeldValues(ctx: AuthedContext, proof: SessionProof | null) {
  const { user } = ctx;
  return {
    sid: proof?.sessionId ?? null,
    epoch: proof?.epoch ?? 0,
    mfaVerified: proof?.mfaVerified ?? false,
    uid: user.id,
    role: user.role,
    clinic: user.clinicId,
    email: proof?.email ?? user.email,
    name: proof?.name ?? user.name,
    userPatient: proof ? proof.userPatientId : user.patientId,
    mfaEnabled: proof?.mfaEnabled ?? false,
    mfaRequired: proof?.mfaRequiredForStaff ?? false,
    now: ctx.now.toISOString(),
  };
}

/** After a statement with `sessionHeldSql`: when its `touch` moved the idle clock, the instance notes it. */
export function sessionTouched(db: Db | Tx, ctx: AuthedContext, proof: SessionProof | null, touched: number) {
  if (proof && touched > 0) sessionHints(db).seen(proof.sessionId, ctx.now);
}

function prepare(db: Db | Tx, load: PatientLoad) {
  const s = db.$with('s', {}).as(sessionHeldSql.s);
  const touch = db.$with('touch', {}).as(sessionHeldSql.touch);
  // The record as the rule sees it, with the caller's newest live emergency grant when it is not
  // seen in full (access.ts: openPatient, activeGrant).
  const o = db.$with('o', {}).as(sql`
    select x.id, x.merged_into_id, ${visible} as visible, g.expires_at, g.reason
      from patients x
      left join lateral (
        select b.expires_at, b.reason from break_glass_grants b
         where b.clinic_id = x.clinic_id and b.user_id = ${p('uid')}::uuid and b.patient_id = x.id
           and b.expires_at > ${p('now')}::timestamptz and not ${visible}
         order by b.expires_at desc limit 1) g on true
     where x.clinic_id = ${p('clinic')}::uuid and x.id = ${p('id')}::uuid
       and (${p('role')}::text <> 'patient' or x.id = ${p('userPatient')}::uuid)
       and exists (select from s)`);
  // The route's success entry (work.ts: successEntry), only when the rule lets the caller in.
  const a = db.$with('a', {}).as(sql`
    insert into audit_events (id, chain, at, clinic_id, user_id, user_email, role, action,
        resource_type, resource_id, patient_id, outcome, request_id, ip, emergency, reason)
    select ${p('entryId')}::uuid, ${p('chain')}::text, ${p('at')}::timestamptz, ${p('clinic')}::uuid,
        ${p('uid')}::uuid, ${p('email')}::text, ${p('role')}::text, ${p('action')}::text,
        ${p('resourceType')}::text, ${p('id')}::text, o.id, 'success', ${p('requestId')}::text,
        ${p('ip')}::text, not o.visible, case when o.visible then null else o.reason end
      from o
     where o.merged_into_id is null and (o.visible or o.expires_at is not null)
    returning 1`);
  const query = db
    .with(s, touch, o, a)
    .select({
      patient: patients,
      ...load.columns(p('clinic')),
      visible: sql<boolean>`(select visible from o)`,
      grantExpiresAt: sql<Date | string | null>`(select expires_at from o)`,
      grantReason: sql<string | null>`(select reason from o)`,
      audited: sql<number>`(select count(*)::int from a)`,
      touched: sql<number>`(select count(*)::int from touch)`,
    })
    .from(patients)
    .where(and(eq(patients.clinicId, p('clinic')), eq(patients.id, p('id')), sql`exists (select from o)`));
  const name = `stillpoint_patient_open_${loadNumber(load)}`;
  keepPrepared(db, name, query.toSQL().sql);
  return query.prepare(name);
}

/** A named statement's text is fixed per connection: one name per kind of load. */
const loads = new Map<PatientLoad, number>();
function loadNumber(load: PatientLoad): number {
  let n = loads.get(load);
  if (n === undefined) loads.set(load, (n = loads.size + 1));
  return n;
}

type Prepared = ReturnType<typeof prepare>;
const prepared = new WeakMap<Db | Tx, Map<PatientLoad, Prepared>>();
function preparedFor(db: Db | Tx, load: PatientLoad): Prepared {
  let byLoad = prepared.get(db);
  if (!byLoad) prepared.set(db, (byLoad = new Map<PatientLoad, Prepared>()));
  let q = byLoad.get(load);
  if (!q) byLoad.set(load, (q = prepare(db, load)));
  return q;
}

/**
 * Opens a patient record for an audited read in one statement (see above). Null when the
 * statement found nothing: no such record in the caller's clinic (or not theirs, for a patient), or
 * the session no longer holds — the caller tells them apart by checking the session afresh.
 */
export async function openPatientRead<P extends PatientRow>(
  db: Db | Tx,
  ctx: AuthedContext,
  id: string,
  load: PatientLoad<P>,
  audit: { action: string; resourceType: string },
  proof: SessionProof | null,
): Promise<PatientAccess<P> | null> {
  const { user } = ctx;
  if (!UUID.test(id)) throw notFound('patient');
  if (user.role === 'patient' && user.patientId !== id) throw notFound('patient');
  const [row] = await preparedFor(db, load).execute({
    ...sessionHeldValues(ctx, proof),
    id,
    entryId: randomUUID(),
    chain: chainOf(user.clinicId),
    at: entryTime(ctx).toISOString(),
    action: audit.action,
    resourceType: audit.resourceType,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
  if (!row) return null;
  sessionTouched(db, ctx, proof, row.touched);
  const { patient: base, visible, grantExpiresAt, grantReason, audited, touched: _t, ...extra } = row;
  const patient = load.assemble(base, extra);
  const inFull = seesInFull(ctx, patient);
  const grant =
    grantExpiresAt && grantReason !== null
      ? { expiresAt: new Date(grantExpiresAt), reason: grantReason }
      : null;
  let access: PatientAccess<P> | null = null;
  let refusal: Error | null = null;
  try {
    access = inFull ? { patient: notMerged(patient), emergency: null } : patientAccess(patient, grant);
  } catch (err) {
    refusal = err as Error;
  }
  // The statement and the rule decide alike, or nothing is answered.
  if (visible !== inFull || (access !== null) !== (audited === 1))
    throw new Error('the opening statement and the access rule disagree');
  if (refusal || !access) throw refusal ?? new Error('unreachable');
  auditWritten(ctx, 'success');
  return access;
}

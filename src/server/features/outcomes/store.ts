import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import { rawRows, type Db, type Tx } from '../../db/connect.ts';
import { clinics, users } from '../../db/schema.ts';
import {
  outcomeInstrumentSettings,
  outcomeObservations,
  outcomeSeriesSummary,
  questionnaireResponses,
} from './tables.ts';

/** The SQL of outcome measures: responses, scores and the clinic's instrument settings. */

type Q = Db | Tx;

export interface SettingRow {
  instrument: string;
  enabled: boolean;
  licenceReference: string | null;
  thresholdPoints: number | null;
  thresholdPercent: number | null;
  updatedAt: Date;
  updatedBy: { id: string; name: string };
}

export async function settings(q: Q, clinicId: string): Promise<SettingRow[]> {
  const rows = await q
    .select({
      s: outcomeInstrumentSettings,
      name: users.name,
    })
    .from(outcomeInstrumentSettings)
    .innerJoin(users, eq(users.id, outcomeInstrumentSettings.updatedBy))
    .where(eq(outcomeInstrumentSettings.clinicId, clinicId));
  return rows.map(({ s, name }) => ({
    instrument: s.instrument,
    enabled: s.enabled,
    licenceReference: s.licenceReference,
    thresholdPoints: s.thresholdPoints,
    thresholdPercent: s.thresholdPercent,
    updatedAt: s.updatedAt,
    updatedBy: { id: s.updatedBy, name },
  }));
}

export async function setting(q: Q, clinicId: string, instrument: string) {
  return (await settings(q, clinicId)).find((s) => s.instrument === instrument) ?? null;
}

export async function saveSetting(
  tx: Tx,
  row: {
    clinicId: string;
    instrument: string;
    enabled: boolean;
    licenceReference: string | null;
    thresholdPoints: number | null;
    thresholdPercent: number | null;
    updatedBy: string;
    updatedAt: Date;
  },
) {
  const { clinicId: _c, instrument: _i, ...set } = row;
  await tx
    .insert(outcomeInstrumentSettings)
    .values(row)
    .onConflictDoUpdate({
      target: [outcomeInstrumentSettings.clinicId, outcomeInstrumentSettings.instrument],
      set,
    });
}

export async function insertScore(
  tx: Tx,
  r: {
    clinicId: string;
    patientId: string;
    instrument: string;
    instrumentVersion: string;
    takenAt: Date;
    answers: unknown;
    score: number;
    authorUserId: string;
    licenceReference: string | null;
    requestId?: string | null;
    now: Date;
  },
) {
  const [response] = await tx
    .insert(questionnaireResponses)
    .values({
      clinicId: r.clinicId,
      patientId: r.patientId,
      instrument: r.instrument,
      instrumentVersion: r.instrumentVersion,
      authored: r.takenAt,
      answers: r.answers,
      authorUserId: r.authorUserId,
      licenceReference: r.licenceReference,
      requestId: r.requestId ?? null,
      createdAt: r.now,
    })
    .returning({ id: questionnaireResponses.id });
  const [obs] = await tx
    .insert(outcomeObservations)
    .values({
      clinicId: r.clinicId,
      patientId: r.patientId,
      responseId: response!.id,
      instrument: r.instrument,
      effective: r.takenAt,
      score: r.score,
      createdAt: r.now,
    })
    .returning({ id: outcomeObservations.id });
  return { id: obs!.id, responseId: response!.id };
}

/** A patient's scores on one instrument, oldest first (ties in the order they were recorded). */
export async function series(q: Q, clinicId: string, patientId: string, instrument: string) {
  return q
    .select({
      id: outcomeObservations.id,
      effective: outcomeObservations.effective,
      score: outcomeObservations.score,
    })
    .from(outcomeObservations)
    .where(
      and(
        eq(outcomeObservations.clinicId, clinicId),
        eq(outcomeObservations.patientId, patientId),
        eq(outcomeObservations.instrument, instrument),
      ),
    )
    .orderBy(asc(outcomeObservations.effective), asc(outcomeObservations.createdAt));
}

/** The instrument of the patient's newest score, if any. */
export async function latestInstrument(q: Q, clinicId: string, patientId: string): Promise<string | null> {
  const [row] = await q
    .select({ instrument: outcomeObservations.instrument })
    .from(outcomeObservations)
    .where(and(eq(outcomeObservations.clinicId, clinicId), eq(outcomeObservations.patientId, patientId)))
    .orderBy(desc(outcomeObservations.effective))
    .limit(1);
  return row?.instrument ?? null;
}

export async function clinicTimeZone(q: Q, clinicId: string): Promise<string> {
  const [row] = await q.select({ tz: clinics.timeZone }).from(clinics).where(eq(clinics.id, clinicId));
  return row?.tz ?? 'UTC';
}

/** `patients` patients whose first score was `first` and whose latest is `last`. */
export interface FirstLast {
  first: number;
  last: number;
  patients: number;
}

/**
 * Patients with at least two scores on `instrument` in the period (dates in the clinic's zone,
 * both ends included), counted by their (first, latest) score pair: scores take few values, so a
 * clinic of thousands comes back as a few dozen rows. One grouped scan of the report index.
 */
export async function firstAndLast(
  q: Tx,
  clinicId: string,
  instrument: string,
  zone: string,
  from: string | null,
  to: string | null,
): Promise<FirstLast[]> {
  const fromCond = from ? sql`and o.effective >= (${from}::date::timestamp at time zone ${zone})` : sql``;
  const toCond = to ? sql`and o.effective < ((${to}::date + 1)::timestamp at time zone ${zone})` : sql``;
  // The per-patient sort of a large clinic (50,000 scores) spills to disk at the default 4 MB;
  // 16 MB, for this transaction only, keeps it in memory (measured: about half the time).
  await rawRows(q, sql`set local work_mem = '16MB'`);
  const rows = await rawRows<{ first: number | string; last: number | string; n: number | string }>(
    q,
    sql`select first, last, count(*) as n from (
          select (array_agg(o.score order by o.effective, o.created_at, o.id))[1] as first,
                 (array_agg(o.score order by o.effective desc, o.created_at desc, o.id desc))[1] as last
          from ${outcomeObservations} o
          where o.clinic_id = ${clinicId} and o.instrument = ${instrument} ${fromCond} ${toCond}
          group by o.patient_id
          having count(*) >= 2) p
        group by first, last`,
  );
  return rows.map((r) => ({ first: Number(r.first), last: Number(r.last), patients: Number(r.n) }));
}

/**
 * The same counts as `firstAndLast` over all time, read from the per-patient summary the score
 * trigger keeps (migration 0023): one row per patient instead of every score.
 */
export async function firstAndLastAllTime(q: Q, clinicId: string, instrument: string): Promise<FirstLast[]> {
  const s = outcomeSeriesSummary;
  const rows = await q
    .select({ first: s.firstScore, last: s.lastScore, n: sql<number | string>`count(*)` })
    .from(s)
    .where(and(eq(s.clinicId, clinicId), eq(s.instrument, instrument), gte(s.scores, 2)))
    .groupBy(s.firstScore, s.lastScore);
  return rows.map((r) => ({ first: Number(r.first), last: Number(r.last), patients: Number(r.n) }));
}

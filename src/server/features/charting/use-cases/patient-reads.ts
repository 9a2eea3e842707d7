import { codeChart, type RegionId } from '../../../../domain/omt/index.ts';
import * as store from '../store.ts';
import { chartFromRows, enrichedChart, verdictsFromRows, visitDate } from '../view.ts';
import type { PatientContext } from './context.ts';

/**
 * Reads across the visits of a patient the route opened, each in the route's audited work (the
 * entry names the patient).
 */

const CLINICAL_ROLES = new Set(['admin', 'clinician']);

export async function listEncounters(ctx: PatientContext) {
  const patientId = ctx.patient.patient.id;
  return ctx.work(async (tx, entry) => {
    const clinical = CLINICAL_ROLES.has(ctx.user.role);
    const rows = await store.listEncounters(tx, ctx.user.clinicId, patientId, {
      signedOnly: ctx.user.role === 'patient',
    });
    const names = await store.practitionerNames(tx, ctx.user.clinicId, [
      ...new Set(rows.map((r) => r.practitionerId).filter((x): x is string => !!x)),
    ]);
    const { timeZone } = await store.clinicScope(tx, ctx.user.clinicId);
    // Clinicians see each visit's coding, derived from its rows as the visit view derives it.
    const ch = clinical
      ? await store.loadChildren(
          tx,
          ctx.user.clinicId,
          rows.map((r) => r.id),
        )
      : null;
    entry.details = { resultCount: rows.length, clinicalContent: clinical };
    return {
      results: rows.map((r) => {
        const p = r.practitionerId ? names.get(r.practitionerId) : null;
        return {
          id: r.id,
          status: r.status,
          occurredAt: r.occurredAt.toISOString(),
          date: visitDate(r.occurredAt, timeZone),
          practitioner: p ? { id: p.id, name: p.name } : null,
          signedAt: r.signedAt?.toISOString() ?? null,
          ...(ch
            ? {
                chiefComplaint: r.chiefComplaint,
                painBefore: r.painBefore,
                painAfter: r.painAfter,
                coding: listCoding(codeChart(chartFromRows(r, ch))),
              }
            : {}),
        };
      }),
    };
  });
}

/** The visit list's coding: the CPT level, how many regions counted and each region's M99.0x. */
function listCoding(c: ReturnType<typeof codeChart>) {
  return { cpt: c.cpt, regionCount: c.regionCount, icd10: c.icd10.map((x) => x.code) };
}

/** One region's (or every region's) findings, ROM and treatment across visits, newest first. */
export async function regionHistory(ctx: PatientContext, region: RegionId | undefined) {
  const patientId = ctx.patient.patient.id;
  return ctx.work(async (tx, entry) => {
    const rows = await store.listEncounters(tx, ctx.user.clinicId, patientId);
    const ch = await store.loadChildren(
      tx,
      ctx.user.clinicId,
      rows.map((r) => r.id),
    );
    const { timeZone } = await store.clinicScope(tx, ctx.user.clinicId);
    const results = rows.flatMap((enc) => {
      const chart = chartFromRows(enc, ch);
      const enriched = enrichedChart(chart, verdictsFromRows(enc, ch));
      const regions = region
        ? [region]
        : [
            ...new Set<RegionId>([
              ...chart.exam.map((e) => e.region),
              ...chart.treatment.map((t) => t.region),
              ...enriched.rom.map((r) => r.region),
            ]),
          ];
      return regions.flatMap((r) => {
        const exam = enriched.exam.find((e) => e.region === r) ?? null;
        const treatment = enriched.treatment.find((t) => t.region === r) ?? null;
        const rom = enriched.rom.filter((m) => m.region === r);
        if (!exam && !treatment && rom.length === 0) return [];
        return [
          {
            encounterId: enc.id,
            status: enc.status,
            occurredAt: enc.occurredAt.toISOString(),
            date: visitDate(enc.occurredAt, timeZone),
            region: r,
            painBefore: enc.painBefore,
            painAfter: enc.painAfter,
            exam,
            rom,
            treatment,
          },
        ];
      });
    });
    entry.details = { region: region ?? 'all', encounters: rows.length };
    return { region: region ?? null, results };
  });
}

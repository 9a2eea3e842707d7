import type { EncounterChart } from '../../../../domain/omt/index.ts';
import * as store from '../store.ts';
import { chartFromRows, normalTenderPoint, visitDate } from '../view.ts';
import type { PatientContext } from './context.ts';

/**
 * Copy-forward: the last signed visit's exam findings and pre-treatment ROM as `chart`, a body that
 * `POST /patients/{id}/encounters` accepts unchanged, with where it came from in `source` (read-only,
 * not part of the body). Tenderness after treatment belonged to that visit and is left out.
 */
export interface LatestFindings {
  source: { encounterId: string; occurredAt: string; date: string } | null;
  chart: Pick<EncounterChart, 'exam' | 'rom'> &
    Partial<Pick<EncounterChart, 'chiefComplaint' | 'consent' | 'followUp'>> & {
      notes?: { plan?: string | null };
    };
}

export async function latestFindings(ctx: PatientContext): Promise<LatestFindings> {
  const patientId = ctx.patient.patient.id;
  return ctx.work(async (tx, entry) => {
    const enc = await store.latestSignedEncounter(tx, ctx.user.clinicId, patientId);
    // The entry names the visit copied from (none when there is no signed visit yet).
    entry.resourceId = enc?.id ?? null;
    if (!enc) return { source: null, chart: { exam: [], rom: [] } };
    const ch = await store.loadChildren(tx, ctx.user.clinicId, [enc.id]);
    const chart = chartFromRows(enc, ch);
    const { timeZone } = await store.clinicScope(tx, ctx.user.clinicId);
    const date = visitDate(enc.occurredAt, timeZone);
    return {
      source: { encounterId: enc.id, occurredAt: enc.occurredAt.toISOString(), date },
      chart: {
        ...carriedFindings(chart),
        chiefComplaint: chart.chiefComplaint,
        consent: carriedConsent(chart.consent, date),
        followUp: chart.followUp ?? null,
        notes: { plan: chart.notes.plan ?? null },
      },
    };
  });
}

/** The findings a new visit starts from: the exam without after-treatment tenderness, the ROM before. */
export function carriedFindings(chart: Pick<EncounterChart, 'exam' | 'rom'>) {
  return {
    exam: chart.exam.map((e) => ({
      ...e,
      tenderPoints: e.tenderPoints.map((p) => ({ ...normalTenderPoint(p), tendernessAfter: null })),
    })),
    rom: chart.rom.filter((r) => r.phase === 'pre'),
  };
}

/** The last visit's consent, noted as carried forward: consent is confirmed again at each visit. */
export function carriedConsent(c: EncounterChart['consent'], date: string): EncounterChart['consent'] {
  if (c.omt === 'not-asked' && c.hvla === 'not-asked')
    return { omt: 'not-asked', hvla: 'not-asked', note: c.note ?? null };
  const carried = `As at the visit of ${date}; confirm with the patient.`;
  return { omt: c.omt, hvla: c.hvla, note: c.note ? `${c.note} (${carried})`.slice(0, 1000) : carried };
}

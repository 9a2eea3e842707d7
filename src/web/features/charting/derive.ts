/**
 * The light part of the chart logic, shared with the visit list (which should not download the
 * safety engine): copy-forward, the coding engine's input, and each visit's CPT from the history.
 */
import { previewCoding, type CodingResult } from '../../../domain/omt/coding.ts';
import { regionOrder, type RegionId } from '../../../domain/omt/regions.ts';
import type {
  ChartBody,
  ExamEntry,
  LatestFindings,
  RegionHistoryEntry,
  SameDayEm,
  TreatmentEntry,
} from './types';
import { TART_KEYS } from './vocab';

export const filled = (s: string | null | undefined) => typeof s === 'string' && s.trim() !== '';

export const byRegion = <T extends { region: RegionId }>(rows: T[]) =>
  [...rows].sort((a, b) => regionOrder(a.region) - regionOrder(b.region));

export function tartPresent(tart: ExamEntry['tart']): boolean {
  return TART_KEYS.some((k) => (tart[k] ?? 0) > 0);
}

/**
 * Copy-forward (a follow-up visit): the last signed visit's exam and pre-treatment ROM, as the server
 * hands them out. Tenderness after treatment belonged to that visit, so it is cleared.
 */
export function copyForwardBody(latest: LatestFindings): Partial<ChartBody> {
  return {
    exam: latest.exam.map((e) => ({
      ...e,
      tenderPoints: e.tenderPoints.map((p) => ({ ...p, tendernessAfter: null })),
    })),
    rom: latest.rom.map((r) => ({ ...r, phase: 'pre' })),
  };
}

interface CodingSource {
  exam: ExamEntry[];
  treatment: Pick<TreatmentEntry, 'region' | 'techniques'>[];
  sameDayEm: SameDayEm | null;
}

/**
 * The coding engine's input from the chart (reference §1.8): the treated regions, each region's
 * TART findings (a region counts only when treated AND with ≥1 finding), the regions with documented
 * somatic dysfunction, and the same-day E/M answer.
 */
export function codingInput(state: CodingSource) {
  const has = (v: number | null | undefined) => (v ?? 0) > 0;
  return {
    regions: byRegion(state.treatment.filter((t) => t.techniques.length > 0)).map((t) => t.region),
    findings: state.exam.map((e) => ({
      region: e.region,
      tart: {
        tissueTexture: has(e.tart.tissueTexture),
        asymmetry: has(e.tart.asymmetry),
        restriction: has(e.tart.restriction),
        tenderness: has(e.tart.tenderness),
      },
    })),
    diagnosedRegions: byRegion(
      state.exam.filter(
        (e) => tartPresent(e.tart) || e.segmental.some(filled) || e.otherDiagnoses.some(filled),
      ),
    ).map((e) => e.region),
    sameDayEm: state.sameDayEm,
  };
}

/** CPT of each visit, derived from the all-regions history the same way (for the visit list). */
export function codingByEncounter(history: readonly RegionHistoryEntry[]): Map<string, CodingResult> {
  const grouped = new Map<string, RegionHistoryEntry[]>();
  for (const row of history) grouped.set(row.encounterId, [...(grouped.get(row.encounterId) ?? []), row]);
  const out = new Map<string, CodingResult>();
  for (const [id, rows] of grouped) {
    const state = {
      exam: rows.flatMap((r) => (r.exam ? [r.exam] : [])),
      treatment: rows.flatMap((r) => (r.treatment ? [r.treatment] : [])),
      sameDayEm: null,
    };
    out.set(id, previewCoding(codingInput(state)));
  }
  return out;
}

/**
 * The light part of the chart logic (no safety engine): region order, TART presence and the coding
 * engine's input.
 */
import { tartPresent } from '../../../domain/omt/charting/chart.ts';
import { regionOrder, type RegionId } from '../../../domain/omt/regions.ts';
import type { ExamEntry, SameDayEm, TreatmentEntry } from '../../../contracts/charting.ts';

export const filled = (s: string | null | undefined) => typeof s === 'string' && s.trim() !== '';

export const byRegion = <T extends { region: RegionId }>(rows: T[]) =>
  [...rows].sort((a, b) => regionOrder(a.region) - regionOrder(b.region));

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

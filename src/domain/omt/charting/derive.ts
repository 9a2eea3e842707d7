import { previewCoding, type CodingResult, type CodingWarning } from '../coding.ts';
import { parseSegmentalDiagnosis, type SegmentalDiagnosis } from '../notation.ts';
import { regionOrder, type RegionId } from '../regions.ts';
import { DEFAULT_NORM_SET, JOINT_REGION, percentOfNormal, ROM_NORM_SETS, type RomNorm } from '../rom.ts';
import { formatSource } from '../sources.ts';
import { tartPresent, type EncounterChart, type ExamEntry, type RomEntry } from './chart.ts';

export interface ParsedSegmental {
  input: string;
  diagnosis: SegmentalDiagnosis;
  /** Fryette coupling and grouping warnings from the notation parser. */
  warnings: string[];
}

/** Parses the (already validated) notation of an exam entry. */
export function parseExamSegmental(entry: Pick<ExamEntry, 'segmental'>): ParsedSegmental[] {
  return entry.segmental.flatMap((input) => {
    const r = parseSegmentalDiagnosis(input);
    return r.ok ? [{ input, diagnosis: r.value, warnings: r.warnings }] : [];
  });
}

export interface RomResult {
  region: RegionId;
  normSet: string;
  normSetLabel: string;
  normal: RomNorm;
  percentOfNormal: number;
}

/** Norm and percent of normal for a (validated) measurement. */
export function romResult(r: Pick<RomEntry, 'joint' | 'motion' | 'degrees' | 'normSet'>): RomResult {
  const setId = r.normSet ?? DEFAULT_NORM_SET[r.joint];
  const set = ROM_NORM_SETS.find((s) => s.id === setId)!;
  const normal = set.norms[r.motion]!;
  return {
    region: JOINT_REGION[r.joint],
    normSet: set.id,
    normSetLabel: set.label,
    normal,
    percentOfNormal: percentOfNormal(r.degrees, normal),
  };
}

/** Regions in canonical order (M99.00 … M99.09). */
const ordered = (regions: Iterable<RegionId>) =>
  [...new Set(regions)].sort((a, b) => regionOrder(a) - regionOrder(b));

export function treatedRegions(chart: Pick<EncounterChart, 'treatment'>): RegionId[] {
  return ordered(chart.treatment.filter((t) => t.techniques.length > 0).map((t) => t.region));
}

/** Regions with somatic dysfunction documented: a TART finding or a written diagnosis. */
export function diagnosedRegions(chart: Pick<EncounterChart, 'exam'>): RegionId[] {
  return ordered(
    chart.exam
      .filter((e) => tartPresent(e.tart) || e.segmental.length > 0 || e.otherDiagnoses.length > 0)
      .map((e) => e.region),
  );
}

/**
 * Coding derived from what was documented (reference §1.8): a region counts toward the CPT level
 * only when it was treated AND has at least one TART finding; warnings name what gets claims denied.
 */
export function codeChart(
  chart: Pick<EncounterChart, 'exam' | 'treatment' | 'sameDayEm' | 'chiefComplaint' | 'painBefore'>,
): CodingResult {
  const coding = previewCoding({
    regions: treatedRegions(chart),
    findings: chart.exam.map((e) => ({
      region: e.region,
      tart: {
        tissueTexture: (e.tart.tissueTexture ?? 0) > 0,
        asymmetry: (e.tart.asymmetry ?? 0) > 0,
        restriction: (e.tart.restriction ?? 0) > 0,
        tenderness: (e.tart.tenderness ?? 0) > 0,
      },
    })),
    diagnosedRegions: diagnosedRegions(chart),
    sameDayEm: chart.sameDayEm ?? null,
  });
  const extra: CodingWarning[] = [];
  const treating = chart.treatment.length > 0;
  if (treating && !chart.chiefComplaint.trim())
    extra.push({
      code: 'no-chief-complaint',
      message:
        'No chief complaint: the indication for OMT (medical necessity) is not documented, a common reason for denial.',
      source: formatSource('cms-lcd-l33616'),
    });
  if (treating && (chart.painBefore === null || chart.painBefore === undefined))
    extra.push({
      code: 'no-pain-score',
      message:
        'No pain score before treatment: payers expect measurable limitations and outcome scores, or deny the visit as maintenance care.',
      source:
        'Commercial payer policy MP-629 (Medical Criteria for Osteopathic/Chiropractic Manipulative Treatment)',
    });
  return {
    ...coding,
    warnings: [...coding.warnings, ...extra.map((w) => w.message)],
    warningDetails: [...coding.warningDetails, ...extra],
  };
}

/** Fryette and grouping warnings of every segmental diagnosis, with the field they belong to. */
export function notationWarnings(chart: Pick<EncounterChart, 'exam'>): { path: string; message: string }[] {
  return chart.exam.flatMap((e, i) =>
    e.segmental.flatMap((s, j) => {
      const r = parseSegmentalDiagnosis(s);
      return r.ok ? r.warnings.map((message) => ({ path: `exam/${i}/segmental/${j}`, message })) : [];
    }),
  );
}

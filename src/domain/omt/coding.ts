import { REGION_BY_ID, regionOrder, type RegionId } from './regions.ts';
import { formatSource, type SourceId } from './sources.ts';

/** OMT CPT codes by number of distinct regions (reference §1.1). Labels are ours, not AMA descriptors. */
export const OMT_CPT_CODES = [
  { code: '98925', minRegions: 1, maxRegions: 2, label: 'OMT, 1–2 body regions' },
  { code: '98926', minRegions: 3, maxRegions: 4, label: 'OMT, 3–4 body regions' },
  { code: '98927', minRegions: 5, maxRegions: 6, label: 'OMT, 5–6 body regions' },
  { code: '98928', minRegions: 7, maxRegions: 8, label: 'OMT, 7–8 body regions' },
  { code: '98929', minRegions: 9, maxRegions: 10, label: 'OMT, 9–10 body regions' },
] as const;

export type OmtCptCode = (typeof OMT_CPT_CODES)[number]['code'];

export function cptForRegionCount(count: number): OmtCptCode | null {
  return OMT_CPT_CODES.find((c) => count >= c.minRegions && count <= c.maxRegions)?.code ?? null;
}

export interface TartFindings {
  tissueTexture?: boolean;
  asymmetry?: boolean;
  restriction?: boolean;
  tenderness?: boolean;
}

export interface SameDayEm {
  /** AAO question 1: significant E/M work beyond the work inherent to OMT. */
  significantAndSeparate: boolean;
  /** AAO question 2: the E/M note would stand alone without the OMT. */
  standsAlone?: boolean;
  /** AAO question 3: the E/M work is documented separately. */
  documentedSeparately?: boolean;
  /** E/M level chosen by time rather than medical decision-making. */
  levelledByTime?: boolean;
  omtTimeExcluded?: boolean;
}

export interface CodingInput {
  /** Regions that received OMT. */
  regions: readonly RegionId[];
  sameDayEm?: SameDayEm | null;
  /** When given, a region counts only if at least one TART element is documented for it. */
  findings?: readonly { region: RegionId; tart: TartFindings }[];
  /** Regions with a documented somatic-dysfunction diagnosis (treated or not). */
  diagnosedRegions?: readonly RegionId[];
  /** Regions that also received manual therapy (97140) in the same encounter. */
  manualTherapyRegions?: readonly RegionId[];
}

export const CODING_WARNING_CODES = [
  'no-regions',
  'duplicate-region',
  'region-without-somatic-dysfunction',
  'diagnosed-not-treated',
  'em-not-separately-billable',
  'em-without-omt',
  'em-time-includes-omt',
  'manual-therapy-same-region',
  'manual-therapy-other-region',
  // Chart-level warnings added by the charting coder (charting/derive.ts).
  'no-chief-complaint',
  'no-pain-score',
] as const;
export type CodingWarningCode = (typeof CODING_WARNING_CODES)[number];

export interface CodingWarning {
  code: CodingWarningCode;
  message: string;
  source: string;
  region?: RegionId;
}

export interface CodingResult {
  regionCount: number;
  cpt: OmtCptCode | null;
  cptLabel: string | null;
  icd10: { region: RegionId; code: string }[];
  em: { modifier: '25' } | null;
  warnings: string[];
  warningDetails: CodingWarning[];
  /** Listed regions left out of the count because no somatic dysfunction was documented. */
  excludedRegions: RegionId[];
}

const sorted = (regions: Iterable<RegionId>) => [...regions].sort((a, b) => regionOrder(a) - regionOrder(b));
const hasTart = (t: TartFindings) => Boolean(t.tissueTexture || t.asymmetry || t.restriction || t.tenderness);

/** CPT level, M99.0x codes and modifier-25 advice for one encounter. Pure. */
export function previewCoding(input: CodingInput): CodingResult {
  const details: CodingWarning[] = [];
  const warn = (code: CodingWarningCode, message: string, source: SourceId, region?: RegionId) =>
    details.push({ code, message, source: formatSource(source), ...(region ? { region } : {}) });
  const label = (r: RegionId) => REGION_BY_ID[r].label.toLowerCase();

  const seen = new Set<RegionId>();
  for (const r of input.regions) {
    if (seen.has(r))
      warn(
        'duplicate-region',
        `The ${label(r)} region is listed more than once; it is counted once.`,
        'aapc-em-omt',
        r,
      );
    seen.add(r);
  }

  const excluded: RegionId[] = [];
  if (input.findings) {
    const documented = new Set(input.findings.filter((f) => hasTart(f.tart)).map((f) => f.region));
    for (const r of sorted(seen)) {
      if (documented.has(r)) continue;
      excluded.push(r);
      warn(
        'region-without-somatic-dysfunction',
        `No TART finding documented for the ${label(r)} region: it is not counted (each billed region needs documented somatic dysfunction).`,
        'cms-a56954',
        r,
      );
    }
  }
  const treated = sorted(seen).filter((r) => !excluded.includes(r));

  const cpt = cptForRegionCount(treated.length);
  if (treated.length === 0)
    warn(
      'no-regions',
      'No treated region with documented somatic dysfunction: no OMT code can be billed.',
      'cms-lcd-l33616',
    );

  for (const r of sorted(new Set(input.diagnosedRegions ?? []))) {
    if (!seen.has(r))
      warn(
        'diagnosed-not-treated',
        `Somatic dysfunction of the ${label(r)} region is documented but not treated: keep the diagnosis, but it does not count toward the OMT level.`,
        'mirahealth-m99',
        r,
      );
  }

  for (const r of sorted(new Set(input.manualTherapyRegions ?? []))) {
    if (treated.includes(r))
      warn(
        'manual-therapy-same-region',
        `Manual therapy (97140) in the ${label(r)} region, which also received OMT, is included in the OMT and is not billed separately.`,
        'aapc-97140',
        r,
      );
    else
      warn(
        'manual-therapy-other-region',
        `Manual therapy (97140) in the ${label(r)} region, separate from the OMT regions, may be reported with modifier 59.`,
        'aapc-97140',
        r,
      );
  }

  let em: CodingResult['em'] = null;
  const e = input.sameDayEm;
  if (e) {
    if (!e.significantAndSeparate || e.standsAlone === false || e.documentedSeparately === false) {
      warn(
        'em-not-separately-billable',
        'The same-day E/M is not significant and separately identifiable (AAO three-question test): it is not separately billable; bill the OMT only.',
        'aao-modifier-25',
      );
    } else if (cpt === null) {
      warn(
        'em-without-omt',
        'No OMT is billed for this encounter, so the E/M needs no modifier 25.',
        'aao-modifier-25',
      );
    } else {
      em = { modifier: '25' };
    }
    if (e.levelledByTime && !e.omtTimeExcluded)
      warn(
        'em-time-includes-omt',
        'The E/M is levelled by time: exclude the minutes spent on OMT from the E/M time.',
        'aafp-omt-em-blog',
      );
  }

  return {
    regionCount: treated.length,
    cpt,
    cptLabel: OMT_CPT_CODES.find((c) => c.code === cpt)?.label ?? null,
    icd10: treated.map((region) => ({ region, code: REGION_BY_ID[region].icd10 })),
    em,
    warnings: details.map((d) => d.message),
    warningDetails: details,
    excludedRegions: excluded,
  };
}

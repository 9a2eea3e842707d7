/**
 * The outcome instruments a clinic may use, as data. Facts (items, ranges, direction, minimal
 * important change and licence status) come from the project's domain reference, §4
 * (/work/shared/domain/omt-reference.md); each threshold names its source and that file's
 * confidence tag. NRS, PEG and PSFS are free and enabled by default; NDI, ODI, RMDQ and HIT-6 are
 * licence-gated: disabled until an admin records the clinic's licence, and their item texts are not
 * shipped (the clinician enters the total from the licensed form).
 */

export type Direction = 'lower-is-better' | 'higher-is-better';
export type Licence = 'free' | 'licence-required';
export type Grade = 'V' | 'P' | 'U';

export interface Cite {
  title: string;
  url: string;
  grade: Grade;
}

/** How answers are given: the free instruments' items, or a total copied from a licensed form. */
export type Entry =
  | { kind: 'nrs' }
  | { kind: 'peg' }
  | { kind: 'psfs'; minActivities: number; maxActivities: number }
  | { kind: 'total'; decimals: 0 | 2 };

export interface Instrument {
  id: InstrumentId;
  name: string;
  /** Bumped when items or scoring change; stored with every answer. */
  version: string;
  direction: Direction;
  min: number;
  max: number;
  licence: Licence;
  enabledByDefault: boolean;
  /** Item texts in our own words (free instruments only; none for licensed ones). */
  items: readonly { id: string; text: string }[];
  entry: Entry;
  /** The default responder threshold: improved by ≥ points, or (when not null) ≥ percent of baseline. */
  threshold: { points: number; percent: number | null; source: Cite };
  /**
   * A score at least this good is "already good", so it never counts as a plateau (null: no sourced
   * cut-off, every score may plateau).
   */
  goodAt: { score: number; source: Cite | null } | null;
  scoringSource: Cite;
  licenceNote: string;
}

export const INSTRUMENT_IDS = ['nrs', 'peg', 'psfs', 'ndi', 'odi', 'rmdq', 'hit6'] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

const FARRAR: Cite = {
  title: 'Farrar et al., Pain 2001;94:149-158 (≈2 points or ≈30 % on the 0–10 NRS)',
  url: 'https://pubmed.ncbi.nlm.nih.gov/11690728/',
  grade: 'V',
};
const OSTELO: Cite = {
  title: 'Ostelo et al., Spine 2008 (consensus MIC: NRS 2, RMDQ 5, ODI 10; 30 % improvement)',
  url: 'https://paperexplained.cn/articles/paper/detail/c63b17f341638e994cd27cc6d09b4f05e220d5cc',
  grade: 'V',
};
const REED: Cite = {
  title: 'Reed, Stump, Monahan & Kroenke, J Pain 2023 (PEG MID ≈1.0–1.75 points)',
  url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC10859144',
  grade: 'V',
};
const KREBS: Cite = {
  title: 'Krebs et al., J Gen Intern Med 2009 (PEG: 3 items, score = mean)',
  url: 'https://pubmed.ncbi.nlm.nih.gov/19418100/',
  grade: 'V',
};
const ABBOTT: Cite = {
  title: 'Abbott & Schmitt, JOSPT 2014;44(8):560-564 (PSFS MDC90 2 points; MIDs for PSFS, NPRS, NDI, ODI)',
  url: 'https://www.integrative-archives.com/2014/04/minimum-important-differences-for-the-patient-specific-functional-scale-4-region-specific-outcome-measures-and-the-numeric-pain-rating-scale/',
  grade: 'V',
};
const STRATFORD_PSFS: Cite = {
  title: 'Stratford, Gill, Westaway & Binkley, Physiotherapy Canada 1995;47:258-263 (PSFS form and scoring)',
  url: 'https://www.precisionphysio.com.au/the-patient-specific-functional-scale/',
  grade: 'V',
};
const NDI_PROPS: Cite = {
  title: 'NDI properties (Vernon 1991; Stratford 1999: MDC90 4.7 points of 50)',
  url: 'http://evidenceinphysicaltherapy.wikidot.com/neck-disability-index',
  grade: 'V',
};
const NDI_BANDS: Cite = {
  title: 'NDI disability bands (0–4 none) and the author’s duplication note (Vernon 1996)',
  url: 'http://www.injuryresources.com/brain-injury/injury339.html',
  grade: 'P',
};
const ODI_SCORING: Cite = {
  title: 'ODI scoring and licensing (RehabMeasures summary, mirrored)',
  url: 'http://dorfenfashion.com/rehabilitation-measures/oswestry-disability-index',
  grade: 'P',
};
const RMDQ_SCORING: Cite = {
  title: 'Roland & Fairbank, Spine 2000 (RMDQ: 24 statements, 1 point each)',
  url: 'https://studylib.net/doc/5830226/--roland-morris-disability-questionnaire',
  grade: 'V',
};
const KAMPER: Cite = {
  title: 'Kamper et al., Eur Spine J 2010 (“recovered” ≈ RMDQ ≤ 2)',
  url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC2989296',
  grade: 'V',
};
const SMELT: Cite = {
  title: 'Smelt et al., Cephalalgia 2014 (HIT-6 within-person MIC −2.5 to −6; −6 by ROC)',
  url: 'https://sage.cnpereading.com/doi/10.1177/0333102413497599',
  grade: 'V',
};
const HIT6_BANDS: Cite = {
  title: 'HIT-6 score bands (≤ 49 little or no impact)',
  url: 'https://www.physiotutors.com/questionnaires/headache-impact-test-hit-6/',
  grade: 'P',
};
const HIT6_CDE: Cite = {
  title: 'NINDS Common Data Elements, HIT-6 (36–78; copyright notice)',
  url: 'https://commondataelements.ninds.nih.gov/report-viewer/23906/Headache%20Impact%20Test-6%20(HIT-6)',
  grade: 'V',
};

const PAIN_ITEM = {
  id: 'pain',
  text: 'Your pain on average over the last week (0 no pain, 10 worst you can imagine)',
};

export const INSTRUMENTS: Record<InstrumentId, Instrument> = {
  nrs: {
    id: 'nrs',
    name: 'Pain rating (NRS 0–10)',
    version: '1',
    direction: 'lower-is-better',
    min: 0,
    max: 10,
    licence: 'free',
    enabledByDefault: true,
    items: [PAIN_ITEM],
    entry: { kind: 'nrs' },
    threshold: { points: 2, percent: 30, source: FARRAR },
    goodAt: { score: 1, source: null },
    scoringSource: OSTELO,
    licenceNote: 'Generic scale; no owner found, free to implement (reference §4.1, unverified).',
  },
  peg: {
    id: 'peg',
    name: 'PEG (pain, enjoyment, general activity)',
    version: '1',
    direction: 'lower-is-better',
    min: 0,
    max: 10,
    licence: 'free',
    enabledByDefault: true,
    items: [
      PAIN_ITEM,
      {
        id: 'enjoyment',
        text: 'How much pain got in the way of enjoying life last week (0 not at all, 10 completely)',
      },
      {
        id: 'activity',
        text: 'How much pain got in the way of your daily activity last week (0 not at all, 10 completely)',
      },
    ],
    entry: { kind: 'peg' },
    threshold: { points: 1, percent: 30, source: REED },
    goodAt: { score: 1, source: null },
    scoringSource: KREBS,
    licenceNote: 'Published open-access (Krebs 2009); no licence holder found (reference §4.1, partial).',
  },
  psfs: {
    id: 'psfs',
    name: 'Patient-Specific Functional Scale (PSFS)',
    version: '1',
    direction: 'higher-is-better',
    min: 0,
    max: 10,
    licence: 'free',
    enabledByDefault: true,
    items: [
      {
        id: 'activities',
        text: 'Name 1 to 5 activities you find hard; rate each 0 (unable) to 10 (as before your problem)',
      },
    ],
    entry: { kind: 'psfs', minActivities: 1, maxActivities: 5 },
    threshold: { points: 2, percent: null, source: ABBOTT },
    goodAt: { score: 9, source: null },
    scoringSource: STRATFORD_PSFS,
    licenceNote:
      'Forms say “reproduced with the permission of the authors”; no fee found (reference §4.1, partial).',
  },
  ndi: {
    id: 'ndi',
    name: 'Neck Disability Index (NDI, total 0–50)',
    version: '1',
    direction: 'lower-is-better',
    min: 0,
    max: 50,
    licence: 'licence-required',
    enabledByDefault: false,
    items: [],
    entry: { kind: 'total', decimals: 0 },
    threshold: { points: 5, percent: null, source: NDI_PROPS },
    goodAt: { score: 4, source: NDI_BANDS },
    scoringSource: NDI_PROPS,
    licenceNote:
      'Electronic and commercial terms not verified (reference §4.1 and §7 item 10): confirm before use.',
  },
  odi: {
    id: 'odi',
    name: 'Oswestry Disability Index (ODI, 0–100 %)',
    version: '1',
    direction: 'lower-is-better',
    min: 0,
    max: 100,
    licence: 'licence-required',
    enabledByDefault: false,
    items: [],
    entry: { kind: 'total', decimals: 2 },
    threshold: { points: 10, percent: 30, source: OSTELO },
    goodAt: null,
    scoringSource: ODI_SCORING,
    licenceNote:
      'Copyrighted; distributed by Mapi Research Trust; fees may apply to organisations (reference §4.1).',
  },
  rmdq: {
    id: 'rmdq',
    name: 'Roland-Morris Disability Questionnaire (RMDQ, 0–24)',
    version: '1',
    direction: 'lower-is-better',
    min: 0,
    max: 24,
    licence: 'licence-required',
    enabledByDefault: false,
    items: [],
    entry: { kind: 'total', decimals: 0 },
    threshold: { points: 5, percent: 30, source: OSTELO },
    goodAt: { score: 2, source: KAMPER },
    scoringSource: RMDQ_SCORING,
    licenceNote:
      'Free to clinicians in the published form; electronic/commercial terms not verified (reference §4.1).',
  },
  hit6: {
    id: 'hit6',
    name: 'HIT-6 headache impact (36–78)',
    version: '1',
    direction: 'lower-is-better',
    min: 36,
    max: 78,
    licence: 'licence-required',
    enabledByDefault: false,
    items: [],
    entry: { kind: 'total', decimals: 0 },
    threshold: { points: 6, percent: null, source: SMELT },
    goodAt: { score: 49, source: HIT6_BANDS },
    scoringSource: HIT6_CDE,
    licenceNote: 'Proprietary (QualityMetric, HIT-6™): a licence is required (reference §4.1).',
  },
};

export function isInstrumentId(s: string): s is InstrumentId {
  return (INSTRUMENT_IDS as readonly string[]).includes(s);
}

/** A clinic's own responder threshold for one instrument (null: the catalogue's default). */
export interface ThresholdSetting {
  points: number;
  percent: number | null;
}

export function thresholdOf(i: Instrument, custom: ThresholdSetting | null | undefined): ThresholdSetting {
  return custom ?? { points: i.threshold.points, percent: i.threshold.percent };
}

/** Whether `score` is "already good" on this instrument (never a plateau). */
export function alreadyGood(i: Instrument, score: number): boolean {
  if (!i.goodAt) return false;
  return i.direction === 'lower-is-better' ? score <= i.goodAt.score : score >= i.goodAt.score;
}

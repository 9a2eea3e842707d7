import { SOURCES, type SourceId } from '../omt/sources.ts';

/**
 * Sources of the public self-check. The contraindication sources come from the OMT catalogue
 * (`../omt/sources.ts`, copied from the domain reference). The triage guidance (national red-flag
 * guidance on low back pain and cauda equina, headache and chest-pain warning signs) is NOT in the
 * project's domain reference (/work/shared/domain/omt-reference.md has no triage section): those
 * entries were found as stored copies while building this and carry `inReference: false` and a note
 * saying what was and was not seen. Add them to the reference (and re-check the pages) before
 * relying on them as verified.
 */
export interface TriageSource {
  title: string;
  url: string | null;
  /** The reference's confidence tags: V verified, P partial/secondary, U unverified. */
  grade: 'V' | 'P' | 'U';
  /** True when the source is in the project's OMT domain reference. */
  inReference: boolean;
  note?: string;
}

const NOT_IN_REFERENCE =
  'Not yet in the project’s OMT domain reference; seen only in stored secondary copies — verify before relying on it.';

export const TRIAGE_SOURCES = {
  'nice-cks-sciatica-red-flags': {
    title: 'NICE Clinical Knowledge Summaries, Sciatica (lumbar radiculopathy): red flag symptoms and signs',
    url: 'https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/diagnosis/red-flag-symptoms-signs/',
    grade: 'P',
    inReference: false,
    note: `${NOT_IN_REFERENCE} The 2018 NICE/MPS update of the cauda equina red flags (saddle numbness, bladder or bowel change, progressive weakness of the legs) was read in summaries and citations, not on the NICE page itself.`,
  },
  'bmj-best-practice-cauda-equina': {
    title: 'BMJ Best Practice, Cauda equina syndrome: approach to diagnosis',
    url: 'https://bestpractice.bmj.com/topics/en-gb/3000164/diagnosis-approach',
    grade: 'P',
    inReference: false,
    note: `${NOT_IN_REFERENCE} Read through a library proxy copy: suspected cauda equina needs immediate referral to hospital, seen within hours.`,
  },
  'lbp-guideline-red-flags-review': {
    title:
      'Verhagen et al., Red flags presented in current low back pain guidelines: a review, Eur Spine J 2016;25(9):2788–2802',
    url: 'https://link.springer.com/article/10.1007/s00586-016-4684-0',
    grade: 'P',
    inReference: false,
    note: `${NOT_IN_REFERENCE} Abstract read: 16 national guidelines; most list history of cancer and unintentional weight loss (malignancy), major trauma (fracture), fever (infection) and pain at night or at rest.`,
  },
  'headache-red-flags-table': {
    title: 'Headache red-flag table, PMC9710804 table 2 (article title not retrieved)',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC9710804/table/table2',
    grade: 'P',
    inReference: false,
    note: `${NOT_IN_REFERENCE} The table lists sudden-onset (thunderclap) headache, fever and recent head or neck injury among headache red flags.`,
  },
  'aha-heart-attack-warning-signs': {
    title: 'American Heart Association, Warning signs of a heart attack',
    url: 'https://www.heart.org/en/health-topics/heart-attack/warning-signs-of-a-heart-attack',
    grade: 'P',
    inReference: false,
    note: `${NOT_IN_REFERENCE} Read only as copies of the AHA page: chest discomfort that lasts more than a few minutes or comes back — call 911.`,
  },
} as const satisfies Record<string, TriageSource>;

export type TriageSourceId = keyof typeof TRIAGE_SOURCES;
/** A self-check rule may cite a triage source or any source of the OMT catalogue. */
export type SelfCheckSourceId = TriageSourceId | SourceId;

export function isTriageSource(id: SelfCheckSourceId): id is TriageSourceId {
  return id in TRIAGE_SOURCES;
}

/** Title, address, grade and note of a source, whichever list holds it. */
export function selfCheckSource(id: SelfCheckSourceId): TriageSource {
  if (isTriageSource(id)) return TRIAGE_SOURCES[id];
  const s = SOURCES[id];
  return { title: s.title, url: s.url, grade: s.grade, inReference: true };
}

/** "Title — URL", the single-string form of `reasons[].source` in api.md. */
export function formatSelfCheckSource(id: SelfCheckSourceId): string {
  const s = selfCheckSource(id);
  return s.url ? `${s.title} — ${s.url}` : s.title;
}

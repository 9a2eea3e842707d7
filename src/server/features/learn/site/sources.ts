import { SOURCES, type SourceId } from '../../../../domain/omt/sources.ts';
import {
  TRIAGE_SOURCES,
  type TriageSource,
  type TriageSourceId,
} from '../../../../domain/selfcheck/sources.ts';

/**
 * Sources the public library cites. Entries marked `inReference: true` are copied from the project's
 * OMT domain reference (/work/shared/domain/omt-reference.md, section in `where`); the others were
 * found as stored pages while writing the library and say so on the page.
 */
const REF = (where: string) => `Domain reference ${where}.`;
const NOT_IN_REF =
  'Not in the project’s OMT domain reference; read as a stored copy while writing this page — to be verified.';

export const LIBRARY_SOURCES = {
  'aoa-faq': {
    title: 'American Osteopathic Association, Frequently Asked Questions (about DOs)',
    url: 'http://www.osteopathic.org/osteopathic-health/about-dos/about-osteopathic-medicine/Pages/frequently-asked-questions.aspx',
    grade: 'V',
    inReference: true,
    note: REF('§6.1'),
  },
  'thedo-2012-omm': {
    title: 'The DO, How to specialize in osteopathic manipulative medicine (2012)',
    url: 'https://thedo.osteopathic.org/2012/06/how-to-specialize-in-osteopathic-manipulative-medicine/',
    grade: 'V',
    inReference: true,
    note: REF('§6.1'),
  },
  'aobnmm-faq': {
    title: 'AOBNMM, Certification FAQ (C-NMM/OMM)',
    url: 'http://www.aobnmm.org/certification/faq/',
    grade: 'V',
    inReference: true,
    note: REF('§6.2'),
  },
  'aoa-nmm-certification': {
    title: 'AOA Certification, Specialty certification process (Neuromusculoskeletal Medicine)',
    url: 'https://certification.osteopathic.org/neuromusculoskeletal-medicine/certification-process/specialty-certification-process/',
    grade: 'V',
    inReference: true,
    note: REF('§6.2'),
  },
  'aao-forum-2020-faao': {
    title: 'The AAO Forum for Osteopathic Thought, March 2020 (FAAO fellowship)',
    url: 'https://docslib.org/doc/3469982/the-aao-forum-for-osteopathic-thought',
    grade: 'V',
    inReference: true,
    note: REF('§6.3'),
  },
  'mass-osteopathic-faq': {
    title: 'Massachusetts Osteopathic Society, FAQ (AOA “Find Your DO” search)',
    url: 'https://massosteopathic.org/about/frequently-asked-questions/',
    grade: 'V',
    inReference: true,
    note: REF('§6.4'),
  },
  'cpt-assistant-cmt-omt': {
    title: 'AMA CPT Assistant, Feb 1997: CMT and OMT body regions (via FindACode)',
    url: 'https://www.findacode.com/newsletters/ama-cpt-assistant/cmt-omt-body-regions-qa-2.html',
    grade: 'V',
    inReference: true,
    note: REF('§1.4'),
  },
  'snider-jorgensen-2009': {
    title:
      'Snider & Jorgensen, Billing and Coding for Osteopathic Manipulative Treatment, JAOA 2009;109:409-413',
    url: 'http://jaoa.org/article.aspx?articleid=2093843',
    grade: 'V',
    inReference: true,
    note: REF('§1.4'),
  },
  'tricare-omt': {
    title: 'TRICARE Policy Manual 6010.60-M, Ch. 7 Sec. 18.4, Osteopathic Manipulative Therapy',
    url: 'https://manuals.health.mil/pages/DisplayManualHtmlFile/2023-01-06/AsOf/TP15/C7S18_4.html',
    grade: 'V',
    inReference: true,
    note: REF('§1.1'),
  },
  'osteopathic-trial-2013': {
    title:
      'Licciardone et al., OSTEOPATHIC Health Outcomes in Chronic Low Back Pain trial, Ann Fam Med 2013;11(2):122-129',
    url: 'https://www.annfammed.org/content/11/2/122',
    grade: 'V',
    inReference: true,
    note: REF('§5.1'),
  },
  'licciardone-2014-response': {
    title: 'Licciardone et al., response and relapse in high baseline pain, Man Ther 2014',
    url: 'https://pubmed.ncbi.nlm.nih.gov/24965494/',
    grade: 'V',
    inReference: true,
    note: REF('§5.1'),
  },
  'licciardone-2016-recovery': {
    title: 'Licciardone et al., Recovery from chronic low back pain after OMT, JAOA 2016;116(3):144-155',
    url: 'https://jom.osteopathic.org/abstract/recovery-from-chronic-low-back-pain-after-osteopathic-manipulative-treatment-a-randomized-controlled-trial/',
    grade: 'V',
    inReference: true,
    note: REF('§5.1'),
  },
  'franke-2014-lbp': {
    title: 'Franke, Franke & Fryer, OMT for nonspecific low back pain, BMC Musculoskelet Disord 2014;15:286',
    url: 'https://link.springer.com/article/10.1186/1471-2474-15-286',
    grade: 'V',
    inReference: true,
    note: REF('§5.2'),
  },
  'nguyen-2021': {
    title: 'Nguyen et al., Osteopathic manipulation vs sham for low back pain, JAMA Intern Med 2021',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC7961471',
    grade: 'V',
    inReference: true,
    note: REF('§5.2'),
  },
  'meta-2024-sham': {
    title: 'Systematic review and meta-analysis 2024: pragmatic OMT vs sham for neck or low back pain',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC11593019',
    grade: 'V',
    inReference: true,
    note: REF('§5.2'),
  },
  'franke-2015-neck': {
    title:
      'Franke, Franke & Fryer, OMT for chronic nonspecific neck pain, Int J Osteopath Med 2015;18(4):255-267',
    url: 'https://ostlib.de/advanced----&datensatzaufrufen=qahjdxzpytgbwmvnrcku',
    grade: 'P',
    inReference: true,
    note: `${REF('§5.3')} Abstract cut off before the function result.`,
  },
  'cerritelli-2017-headache': {
    title:
      'Cerritelli et al., Osteopathy for primary headache patients: a systematic review, J Pain Res 2017',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC5359118',
    grade: 'V',
    inReference: true,
    note: REF('§5.3'),
  },
  'assendelft-complications': {
    title: 'Assendelft, Bouter & Knipschild, Complications of spinal manipulation, J Fam Pract (copy)',
    url: 'https://fdocuments.us/document/complications-of-spinal-manipulation-tion-between-medical-doctors-and-chiropractors8.html',
    grade: 'V',
    inReference: true,
    note: REF('§3.5'),
  },
  'healy-2021': {
    title: 'Healy, Brockway & Wilde, use of OMT by DOs (AOA survey), J Osteopath Med 2021;121:57-61',
    url: 'https://jaoa.org/article.aspx?articleid=2765401',
    grade: 'V',
    inReference: true,
    note: REF('§5.6'),
  },
  'pediatric-pain-clinic-2024': {
    title:
      'Pain outcomes following OMT in a tertiary pain clinic (58 children and young adults), poster 2024',
    url: 'https://posters.worldcongress2024.org/poster/pain-outcomes-following-osteopathic-manipulative-treatment-in-a-tertiary-pain-clinic/',
    grade: 'V',
    inReference: true,
    note: `${REF('§5.7')} A poster of one clinic, without a comparison group: weak evidence.`,
  },
  'four-tenets-college': {
    title: 'Rocky Vista University, the four tenets of osteopathic medicine',
    url: 'https://www.rvu.edu/doctor-of-osteopathic-medicine/do-it-all/celebration-of-movement',
    grade: 'P',
    inReference: false,
    note: `${NOT_IN_REF} The reference says only that the specialty is built on the osteopathic tenets (AOBNMM FAQ, §6.2).`,
  },
  'starr-2023-medicare': {
    title:
      'Starr et al., Utilization and reimbursement trends of OMT for Medicare patients 2000–2019, J Osteopath Med 2023',
    url: 'https://dx.doi.org/10.1515/jom-2022-0174',
    grade: 'P',
    inReference: false,
    note: `${NOT_IN_REF} Abstract read: Medicare OMT use per 10,000 beneficiaries fell 24.5 % from 2000 to 2019; no yearly count of all US treatments.`,
  },
  'aafp-fpm-2021': {
    title: 'AAFP FPM 2021, Demystifying Documentation and Billing for Osteopathic Manipulative Treatment',
    url: 'https://www.aafp.org/fpm/2021/0500/p18.html',
    grade: 'V',
    inReference: true,
    note: REF('§1.1, §1.5'),
  },
  'jom-crossover-2022': {
    title: 'Crossover RCT of OMT in chronic low back pain (80 adults), J Osteopath Med 2022',
    url: 'https://www.degruyterbrill.com/document/doi/10.1515/jom-2022-0124/html',
    grade: 'V',
    inReference: true,
    note: REF('§5.7'),
  },
  'procedure-page-omt': {
    title: 'A public procedure-information page on OMT (figures given without sources)',
    url: 'https://helpmefindadoctor.com/research/osteopathic-manual-treatment',
    grade: 'U',
    inReference: false,
    note: 'Names no study or survey for its figures; one of the three public pages this project started from. Cited only to say which of its figures we could not source.',
  },
} as const satisfies Record<string, TriageSource>;

export type LibrarySourceId = keyof typeof LIBRARY_SOURCES;
/** Anything a public page may cite. */
export type CiteId = LibrarySourceId | TriageSourceId | SourceId;

export interface ResolvedSource extends TriageSource {
  id: CiteId;
}

export function resolveSource(id: CiteId): ResolvedSource {
  if (id in LIBRARY_SOURCES) return { id, ...LIBRARY_SOURCES[id as LibrarySourceId] };
  if (id in TRIAGE_SOURCES) return { id, ...TRIAGE_SOURCES[id as TriageSourceId] };
  const s = SOURCES[id as SourceId];
  return { id, title: s.title, url: s.url, grade: s.grade, inReference: true };
}

export const GRADE_LABEL: Readonly<Record<TriageSource['grade'], string>> = {
  V: 'verified',
  P: 'secondary or partial source',
  U: 'unverified',
};

/**
 * Every source a rule, label or warning may cite. Titles and URLs are copied from the project's
 * OMT domain reference (/work/shared/domain/omt-reference.md); `grade` is that file's confidence tag
 * (V verified, P partial/secondary, U unverified). Add a source here only after it is in the reference.
 */
export type SourceGrade = 'V' | 'P' | 'U';

export interface Source {
  title: string;
  /** Null only for the reference's own "unverified" marker, which has no retrieved source. */
  url: string | null;
  grade: SourceGrade;
}

export const SOURCES = {
  'who-benchmarks': {
    title: 'WHO, Benchmarks for Training in Osteopathy (2010), contraindications chapter (reproduction)',
    url: 'https://skolaosteopatie.sk/en/indications-and-contraindications-of-osteopathic-treatment/',
    grade: 'V',
  },
  'who-direct-list': {
    title:
      'Contraindications of osteopathy, English rendering of the WHO direct-technique list (osteo.eurovia.net)',
    url: 'https://osteo.eurovia.net/en/contraindications-of-osteopathy',
    grade: 'V',
  },
  'who-direct-list-de': {
    title:
      'Kontraindikationen für direkte (strukturelle) Techniken, WHO-aligned list (osteocura.de; absolute/relative split not confirmed)',
    url: 'http://osteocura.de/?page_id=145',
    grade: 'P',
  },
  'hvla-board-review': {
    title: 'Brainscape, Chapter 16 HVLA Basics (OMM board-review summary)',
    url: 'https://brainscape.com/flashcards/chapter-16-hvla-basics-5173204/packs/7644741',
    grade: 'P',
  },
  'pmc-contraindication-table': {
    title: 'Contraindication table in PMC1116959 (article title not retrieved)',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC1116959/table/array1',
    grade: 'V',
  },
  'jacm-table-9': {
    title: 'JACM best-practices document, Table 9 (via chiro.org)',
    url: 'https://chiro.org/Graphics_Box_RESEARCH/GRAPHICS_19/BEST_PRACTICES/Table_9.html',
    grade: 'V',
  },
  'osu-cervical-cpg': {
    title: 'OSU, Cervical Manipulation Clinical Practice Guidelines',
    url: 'https://vdocument.in/cervical-manipulation-clinical-practice-guidelines.html',
    grade: 'V',
  },
  'bmc-smt-case-table': {
    title: 'BMC Musculoskeletal Disorders, case report table (cervical epidural haematoma after SMT)',
    url: 'https://bmcmusculoskeletdisord.biomedcentral.com/articles/10.1186/s12891-019-2871-y/tables/3',
    grade: 'V',
  },
  'bonewizardry-hvla': {
    title: 'BoneWizardry, HVLA Principles',
    url: 'https://bonewizardry.com/omm/hvla-principles/deep-dive',
    grade: 'P',
  },
  'met-contraindications': {
    title: 'What are muscle energy techniques (derekdefariaosteopathy.com)',
    url: 'https://www.derekdefariaosteopathy.com/post/what-are-muscle-energy-techniques',
    grade: 'P',
  },
  'statpearls-met': {
    title: 'StatPearls, Physiology, Muscle Energy',
    url: 'https://www.ncbi.nlm.nih.gov/books/NBK559029/',
    grade: 'V',
  },
  'wikism-mfr': {
    title: 'WikiSM, Myofascial Release',
    url: 'https://wikism.org/Myofascial_Release',
    grade: 'P',
  },
  'namu-mfr': {
    title: 'Myofascial release contraindications (namu.ca)',
    url: 'http://namu.ca/myofascial-release-mfr/contraindications/',
    grade: 'P',
  },
  'soft-tissue-entry': {
    title: 'Soft tissue technique (encyclopedia entry)',
    url: 'https://enwiki.academic.ru/dic.nsf/enwiki/2168608',
    grade: 'P',
  },
  'articulatory-grokipedia': {
    title: 'Articulatory technique (Grokipedia)',
    url: 'https://grokipedia.com/page/articulatory_technique',
    grade: 'P',
  },
  'articulatory-praticonnect': {
    title: 'Techniques articulatoires (Praticonnect)',
    url: 'https://praticonnect.com/en/encyclopedie/therapies-manuelles/osteopathie-techniques/techniques-articulatoires',
    grade: 'P',
  },
  'counterstrain-changyan': {
    title: 'Strain-counterstrain (changyan.org)',
    url: 'https://changyan.org/strain-counterstrain.html',
    grade: 'P',
  },
  'lymphatic-pump': {
    title: 'Lymphatic pump (Wikipedia, citing Savarese, OMT Review)',
    url: 'https://en.wikipedia.org/wiki/Lymphatic_pump',
    grade: 'P',
  },
  'chapman-brainscape': {
    title: "Brainscape, Viscerosomatic reflexes and Chapman's reflexes",
    url: 'https://brainscape.com/flashcards/viscerosomatic-reflexes-and-chapman-s-re-6895057/packs/10961689',
    grade: 'P',
  },
  'cms-lcd-l33616': {
    title: 'CMS LCD L33616, Osteopathic Manipulative Treatment',
    url: 'https://www.cms.gov/medicare-coverage-database/view/lcd.aspx?lcdId=33616&ver=10',
    grade: 'V',
  },
  'cms-a56954': {
    title: 'CMS Billing and Coding: Osteopathic Manipulative Treatment (A56954)',
    url: 'https://www.cms.gov/medicare-coverage-database/view/article.aspx?articleid=56954&ver=3&contractorName=1&contractorNumber=all&updatePeriod=1013&sortBy=updated&bc=13',
    grade: 'V',
  },
  'aao-modifier-25': {
    title: 'American Academy of Osteopathy, Cliff Notes: Same-Day E/M + OMT (Modifier 25)',
    url: 'https://www.academyofosteopathy.org/modifier-25-cliff-notes',
    grade: 'V',
  },
  'aoa-billing': {
    title: 'AOA, Osteopathic billing and coding',
    url: 'https://osteopathic.org/practicing-medicine/business-of-medicine/osteopathic-billing-coding',
    grade: 'V',
  },
  'aafp-omt-em-blog': {
    title: 'AAFP FPM blog, How to bill for OMT and E/M in a single visit',
    url: 'https://www.aafp.org/content/brand/aafp/pubs/fpm/blogs/inpractice/entry/omt_visit.html',
    grade: 'V',
  },
  'aapc-97140': {
    title: 'AAPC Chiropractic Coding Alert, Billing 97140 along with manipulation',
    url: 'https://aapc.com/codes/coding-newsletters/my-chiropractic-coding-compliance-alert/reader-question-billing-97140-along-with-chiropractic-manipulation-143247-article',
    grade: 'V',
  },
  'mirahealth-m99': {
    title: 'MiraHealth ICD-10 reference, M99.01',
    url: 'https://mirahealth.care/reference/icd10/M99.01',
    grade: 'P',
  },
  l29246: {
    title: 'Older Medicare LCD L29246 (2009), Osteopathic Manipulative Treatment',
    url: 'http://www.automatedworldhealth.com/l29246-b.html',
    grade: 'V',
  },
  'ast-release-cpt': {
    title: 'AdvancedSoftTissueRelease, Osteopathic manipulation CPT codes (region-to-M99.0x pairing)',
    url: 'https://advancedsofttissuerelease.com/osteopathic-manipulation-cpt-codes/',
    grade: 'V',
  },
  'aapc-em-omt': {
    title:
      'AAPC Neurology Coding Alert, Coding Strategies: Strengthen Your Skills to Bill E/M With Osteopathic Manipulation',
    url: 'https://aapc.com/codes/coding-newsletters/my-neurology-coding-alert/coding-strategies-strengthen-your-skills-to-bill-em-with-osteopathic-manipulation-111177-article',
    grade: 'V',
  },
  'statpearls-hvla-lumbar': {
    title: 'StatPearls, OMT: HVLA Procedure – Lumbar',
    url: 'https://ncbi.nlm.nih.gov/books/NBK560680',
    grade: 'V',
  },
  'statpearls-counterstrain-fpr': {
    title: 'StatPearls, Physiology, Counterstrain and Facilitated Positional Release',
    url: 'https://www.statpearls.com/ArticleLibrary/viewarticle/102987',
    grade: 'V',
  },
  'counterstrain-trial-nct05559255': {
    title: 'Counterstrain procedure in registered trial NCT05559255 (90-second hold)',
    url: 'https://biotechhunter.com/trials/NCT05559255',
    grade: 'V',
  },
  'dowling-still': {
    title: 'D. Dowling, Still Technique (AAO slides)',
    url: 'https://abcdocz.com/doc/1199923/still-technique---american-academy-of-osteopathy',
    grade: 'P',
  },
  'statpearls-blt': {
    title: 'StatPearls, BLT/LAS – Pelvic',
    url: 'https://www.statpearls.com/articlelibrary/viewarticle/102978',
    grade: 'V',
  },
  'nicholas-ocf': {
    title: 'Nicholas, Atlas of Osteopathic Techniques, ch. 18 Osteopathy in the Cranial Field',
    url: 'https://vdocuments.site/nicholas-ch18-osteopathy-in-the-cranial-field.html',
    grade: 'V',
  },
  'chapman-acop': {
    title: 'ACOP, Pediatric Chapman Reflexes (slides)',
    url: 'https://slideplayer.com./amp/3362982',
    grade: 'P',
  },
  unverified: {
    title:
      'UNVERIFIED: commonly taught but not confirmed by a retrieved source (Stillpoint OMT domain reference, sections 3.6 and 7)',
    url: null,
    grade: 'U',
  },
} as const satisfies Record<string, Source>;

export type SourceId = keyof typeof SOURCES;

/** "Title — URL", the single-string form the HTTP API promises. */
export function formatSource(id: SourceId): string {
  const s: Source = SOURCES[id];
  return s.url ? `${s.title} — ${s.url}` : s.title;
}

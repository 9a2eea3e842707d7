import { link, p, type Fact, type LibraryPage } from '../model.ts';
import { WHAT_IS_OMT, PRINCIPLES } from './basics.ts';
import { EVIDENCE, WHO_IT_MAY_HELP } from './evidence.ts';
import { FIRST_VISIT, COST } from './visit.ts';
import { RISKS, QUESTIONS, CHOOSING } from './safety.ts';
import { TECHNIQUES_INDEX, TECHNIQUE_PAGES } from './techniques.ts';

/** Procedure facts: only sourced ranges; what we cannot source says so instead of a number. */
export const PROCEDURE_FACTS: readonly Fact[] = [
  {
    label: 'Success',
    value: '1.16–1.64 × as likely as sham',
    detail:
      'to get at least 30 % less chronic low back pain at 12 weeks (95 % confidence interval, 455 adults, OSTEOPATHIC trial).',
    weak: 'Only ratios were retrievable, not the share of patients who improved; newer sham-controlled trials and a 2024 review found little or no difference.',
    cite: ['osteopathic-trial-2013', 'meta-2024-sham'],
  },
  {
    label: 'Course of treatment',
    value: '3–6 sessions over 4–8 weeks',
    detail: 'as given in trials of chronic low back pain.',
    cite: ['osteopathic-trial-2013', 'jom-crossover-2022'],
  },
  {
    label: 'Recovery',
    value: '0–2 days of soreness',
    detail:
      'Soreness or a short flare of symptoms is the most common side effect; most people go back to normal activities the same day.',
    weak: 'The duration comes from a procedure-information page that cites no study; that soreness is the most common side effect is from a secondary board-review source.',
    cite: ['hvla-board-review', 'procedure-page-omt'],
  },
  {
    label: 'Cost',
    value: null,
    detail:
      'As of December 2026 we found no published source for US self-pay prices; ranges quoted elsewhere name none, so none is shown. Ask the clinic for its price list; Medicare and TRICARE cover OMT when it is medically necessary.',
    cite: ['procedure-page-omt', 'cms-lcd-l33616', 'tricare-omt'],
  },
  {
    label: 'US volume per year',
    value: null,
    detail:
      'No source gives a yearly count of OMT treatments in the US. Among Medicare patients, OMT use per beneficiary fell 24.5 % from 2000 to 2019.',
    cite: ['starr-2023-medicare', 'procedure-page-omt'],
  },
];

export const LIBRARY_INDEX: LibraryPage = {
  slug: '',
  title: 'Learn about osteopathic manipulative treatment (OMT)',
  description:
    'Plain-language guides to OMT: what it is, the techniques, the evidence, what a visit is like, cost, risks and how to choose a DO — every claim sourced.',
  lede: 'Plain-language guides, written by us, with every claim’s source listed on the page.',
  sections: [
    {
      id: 'facts',
      heading: 'OMT at a glance',
      blocks: [{ kind: 'facts', facts: PROCEDURE_FACTS }],
    },
    {
      id: 'guides',
      heading: 'Guides',
      blocks: [
        link(
          'What is OMT, and how it differs from massage, chiropractic and physical therapy',
          '/learn/what-is-omt',
        ),
        link('The four principles of osteopathic medicine', '/learn/principles'),
        link('The techniques, one by one', '/learn/techniques'),
        link('Who OMT may help', '/learn/who-it-may-help'),
        link('The evidence, honestly', '/learn/evidence'),
        link('Your first visit, preparing and aftercare', '/learn/first-visit'),
        link('Cost and insurance', '/learn/cost-and-insurance'),
        link('Risks and side effects', '/learn/risks'),
        link('Questions to ask your doctor', '/learn/questions-to-ask'),
        link('How to choose a DO', '/learn/choosing-a-provider'),
      ],
    },
    {
      id: 'check',
      heading: 'Is OMT right for me?',
      blocks: [
        p(
          'Some symptoms need a doctor — or emergency care — before any hands-on treatment. The self-check asks a few questions and tells you plainly.',
          'nice-cks-sciatica-red-flags',
          'lbp-guideline-red-flags-review',
        ),
        link('Take the self-check', '/self-check'),
      ],
    },
  ],
};

/** Every page of the library, by its path under /learn/. */
export const LIBRARY_PAGES: readonly LibraryPage[] = [
  LIBRARY_INDEX,
  WHAT_IS_OMT,
  PRINCIPLES,
  TECHNIQUES_INDEX,
  ...TECHNIQUE_PAGES,
  WHO_IT_MAY_HELP,
  EVIDENCE,
  FIRST_VISIT,
  COST,
  RISKS,
  QUESTIONS,
  CHOOSING,
];

export const PAGE_BY_SLUG: ReadonlyMap<string, LibraryPage> = new Map(
  LIBRARY_PAGES.map((pg) => [pg.slug, pg]),
);

import { item, link, list, note, p, type LibraryPage } from '../model.ts';

export const FIRST_VISIT: LibraryPage = {
  slug: 'first-visit',
  title: 'Your first OMT visit: what to expect, how to prepare, aftercare',
  description:
    'What happens at a first osteopathic visit, what to tell the doctor beforehand, how many visits to expect and what soreness afterwards is normal.',
  lede: 'What happens at the visit, what to bring and tell the doctor, and what is normal afterwards.',
  sections: [
    {
      id: 'expect',
      heading: 'What to expect',
      blocks: [
        list(
          item(
            'The DO asks about your health and examines you, including by touch: looking for tender spots, unevenness, joints that do not move fully and tissue that feels different.',
            'cms-lcd-l33616',
          ),
          item(
            'They explain what they plan and ask your consent. No technique may be done without it, and you can stop at any time.',
            'who-benchmarks',
          ),
          item(
            'They choose techniques for your age, your condition and how you responded before.',
            'cms-lcd-l33616',
          ),
          item(
            'The record names each body region treated and what was found there; that is what insurers check.',
            'cms-lcd-l33616',
            'cms-a56954',
          ),
        ),
        p(
          'In trials people had 3 to 6 sessions over 4 to 8 weeks, and the results were measured about 12 weeks after starting.',
          'osteopathic-trial-2013',
          'jom-crossover-2022',
        ),
      ],
    },
    {
      id: 'prepare',
      heading: 'How to prepare: tell the DO',
      blocks: [
        list(
          item(
            'If you take a blood thinner, and when your level was last checked: direct techniques are ruled out while it has not been checked recently.',
            'who-direct-list',
          ),
          item('If you have osteoporosis: thrust techniques risk a fracture.', 'hvla-board-review'),
          item('If you are pregnant: thrust is a relative contraindication.', 'hvla-board-review'),
          item(
            'If you had surgery recently, where: several techniques are avoided over the site.',
            'hvla-board-review',
            'met-contraindications',
          ),
          item(
            'If you have had cancer, a recent injury or a fracture: some techniques must not be used there.',
            'hvla-board-review',
            'pmc-contraindication-table',
          ),
        ),
        link('Check yourself first: the self-check', '/self-check'),
      ],
    },
    {
      id: 'aftercare',
      heading: 'Afterwards',
      blocks: [
        p(
          'Soreness or a short flare of your symptoms is the most common side effect; serious complications are rare.',
          'hvla-board-review',
          'assendelft-complications',
        ),
        note(
          'Patient pages often say this soreness lasts 24 to 48 hours, but they cite no study, and our sources give no duration. If it is severe, does not ease within a couple of days, or you notice any warning sign from the self-check, contact the doctor.',
          'procedure-page-omt',
        ),
      ],
    },
  ],
};

export const COST: LibraryPage = {
  slug: 'cost-and-insurance',
  title: 'What OMT costs, and whether insurance pays',
  description:
    'How Medicare, TRICARE and other insurers treat OMT, why claims are sometimes refused, and why we show no self-pay price range.',
  lede: 'Insurance often pays for OMT when it is medically necessary. Self-pay prices vary, and we found no published source for them.',
  sections: [
    {
      id: 'insurance',
      heading: 'Insurance',
      blocks: [
        list(
          item(
            'Medicare covers OMT when it is medically necessary, given by a qualified physician, and the record shows the problem in one or more body regions and that treatment should help.',
            'cms-lcd-l33616',
          ),
          item('TRICARE covers OMT as a benefit.', 'tricare-omt'),
          item(
            'OMT is billed by the number of body regions treated (codes 98925 to 98929), not by the time it takes.',
            'aapc-em-omt',
          ),
          item(
            'An office visit on the same day can be billed separately when it is a distinct service; many insurers still fold it into the OMT.',
            'aoa-billing',
            'aafp-fpm-2021',
          ),
          item(
            'Insurers sometimes process OMT as chiropractic or physical therapy, which is a known cause of refused claims: ask the clinic to check.',
            'snider-jorgensen-2009',
          ),
        ),
      ],
    },
    {
      id: 'self-pay',
      heading: 'Paying yourself',
      blocks: [
        note(
          'As of December 2026 we found no published survey of US self-pay prices for OMT. A range quoted on a procedure-information page names no source, so we do not show it as a fact. Ask the clinic for its written price list before your visit.',
          'procedure-page-omt',
        ),
      ],
    },
  ],
};

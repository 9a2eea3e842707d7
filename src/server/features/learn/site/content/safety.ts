import { item, link, list, note, p, type LibraryPage } from '../model.ts';

export const RISKS: LibraryPage = {
  slug: 'risks',
  title: 'Risks and side effects of OMT',
  description:
    'Soreness is common; serious complications of spinal manipulation are rare. Which conditions rule out which techniques, with sources.',
  lede: 'Most side effects are mild. Serious ones are rare, and several conditions rule out particular techniques — not OMT as a whole.',
  sections: [
    {
      id: 'common',
      heading: 'Common and mild',
      blocks: [
        p('Soreness or a short flare of symptoms is the most common side effect.', 'hvla-board-review'),
      ],
    },
    {
      id: 'rare',
      heading: 'Rare and serious',
      blocks: [
        p(
          'Estimates for spinal manipulation in general (not only OMT) range from 1 serious injury of the arteries at the back of the neck (a vertebrobasilar accident) per 20,000 patients to 1 per million neck manipulations, and under 1 case of cauda equina syndrome per million treatments.',
          'assendelft-complications',
        ),
        p(
          'The most common serious complication is injury to an artery in the neck, linked to turning the neck while it is bent back; in the low back it is cauda equina syndrome.',
          'hvla-board-review',
        ),
        note(
          'These figures come from older studies of spinal manipulation by several professions, and the board-review source is secondary.',
          'assendelft-complications',
          'hvla-board-review',
        ),
      ],
    },
    {
      id: 'who-avoid',
      heading: 'When particular techniques are avoided',
      blocks: [
        list(
          item('No technique is done without your informed consent.', 'who-benchmarks'),
          item(
            'A reason to avoid OMT in one area does not rule out another area, and a reason to avoid one technique does not rule out a different one.',
            'who-benchmarks',
          ),
          item(
            'An area unsuitable for firm, direct techniques can often be treated safely with indirect, fluid or reflex-based ones.',
            'who-benchmarks',
          ),
        ),
        link('Each technique and who should avoid it', '/learn/techniques'),
        link('Warning signs that need a doctor first: the self-check', '/self-check'),
      ],
    },
  ],
};

export const QUESTIONS: LibraryPage = {
  slug: 'questions-to-ask',
  title: 'Questions to ask your doctor about OMT',
  description:
    'What to ask a DO before and during OMT: how often they use it, their board certification, how many visits, how progress is measured, cost.',
  lede: 'Good questions to ask, and why each one matters.',
  sections: [
    {
      id: 'questions',
      heading: 'Questions, and why to ask them',
      blocks: [
        list(
          item(
            'How often do you use OMT? Many DOs rarely do: in a 2018 survey, 56.9 % used it on none of their patients.',
            'healy-2021',
          ),
          item(
            'Are you board certified in neuromusculoskeletal medicine (C-NMM/OMM)? It is not required to offer OMT, so it is worth asking.',
            'thedo-2012-omm',
            'aobnmm-faq',
          ),
          item(
            'How many visits do you expect? Trials used 3 to 6 sessions over 4 to 8 weeks.',
            'osteopathic-trial-2013',
            'jom-crossover-2022',
          ),
          item(
            'How will we measure whether it helps? Insurers expect treatment to improve pain or function.',
            'cms-lcd-l33616',
          ),
          item(
            'Which techniques will you use, and is there a gentler option? Indirect techniques can often replace direct ones.',
            'who-benchmarks',
          ),
          item(
            'Does my condition or medicine change what you can do? Blood thinners, osteoporosis, pregnancy and recent surgery all do.',
            'who-direct-list',
            'hvla-board-review',
          ),
          item(
            'Will my insurance pay, and what if it does not? Claims are sometimes refused when processed as chiropractic or physical therapy.',
            'snider-jorgensen-2009',
          ),
        ),
      ],
    },
  ],
};

export const CHOOSING: LibraryPage = {
  slug: 'choosing-a-provider',
  title: 'How to choose a DO for OMT',
  description:
    'What DO, C-NMM/OMM and FAAO mean, how to check board certification, and how to find a DO near you who offers OMT.',
  lede: 'What the letters after a name mean, and how to find someone who offers OMT regularly.',
  sections: [
    {
      id: 'credentials',
      heading: 'What the letters mean',
      blocks: [
        list(
          item(
            'DO — Doctor of Osteopathic Medicine: a fully licensed physician with extra training in OMT.',
            'aoa-faq',
          ),
          item(
            'C-NMM/OMM — board certified in neuromusculoskeletal medicine and osteopathic manipulative medicine, after written, oral and practical exams.',
            'aobnmm-faq',
          ),
          item(
            'The certificate is valid for 10 years, kept up through continuing certification.',
            'aoa-nmm-certification',
          ),
          item(
            'FAAO — Fellow of the American Academy of Osteopathy: an earned fellowship for teaching, writing and service in OMM.',
            'aao-forum-2020-faao',
          ),
          item(
            'Any licensed DO may focus on OMT; residency or board certification is not legally required for that.',
            'thedo-2012-omm',
          ),
          item('An MD trained in OMT may also provide it.', 'cms-lcd-l33616'),
        ),
      ],
    },
    {
      id: 'find',
      heading: 'Finding one',
      blocks: [
        p(
          'The American Osteopathic Association runs a “Find Your DO” search; check board status with the certifying board, and look for a recent “last verified” date.',
          'mass-osteopathic-faq',
          'aoa-nmm-certification',
        ),
        p('Ask how often they use OMT: most DOs use it on fewer than 5 % of their patients.', 'healy-2021'),
        link('Find a DO near you', '/find-a-do'),
      ],
    },
  ],
};

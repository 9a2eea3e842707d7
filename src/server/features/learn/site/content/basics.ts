import { link, list, item, note, p, type LibraryPage } from '../model.ts';

export const WHAT_IS_OMT: LibraryPage = {
  slug: 'what-is-omt',
  title: 'What is osteopathic manipulative treatment (OMT)?',
  description:
    'OMT is hands-on treatment by a licensed osteopathic physician (DO). What it is, and how it differs from massage, chiropractic and physical therapy.',
  lede: 'Osteopathic manipulative treatment is hands-on care given by a physician. Here is what that means, and how it differs from other hands-on care.',
  sections: [
    {
      id: 'what',
      heading: 'What it is',
      blocks: [
        p(
          'OMT is a physician using their hands, with guided forces, to improve how the body works where muscles, joints and the tissue around them have stopped working normally. Doctors call that problem somatic dysfunction.',
          'cms-lcd-l33616',
        ),
        p(
          'A DO looks for it by touch: a spot that is tender, a side that is uneven, a joint that does not move as far as it should, or tissue that feels different. Finding one or more of these is how the problem is recognised.',
          'cms-lcd-l33616',
        ),
        p(
          'Doctors of osteopathic medicine (DOs) are fully licensed physicians who can work in every specialty. They go to four years of osteopathic medical school and get extra training in the muscles and bones and in OMT.',
          'aoa-faq',
        ),
        p('Medicare lets a DO, or an MD trained in OMT, provide it.', 'cms-lcd-l33616'),
      ],
    },
    {
      id: 'differences',
      heading: 'How it differs from massage, chiropractic and physical therapy',
      blocks: [
        list(
          item(
            'Physician care: OMT is given by a fully licensed physician (a DO, or an MD trained in OMT) — a doctor who may practise in any specialty.',
            'aoa-faq',
            'cms-lcd-l33616',
          ),
          item(
            'Chiropractic: chiropractic manipulation is a different service with its own billing codes, and it divides the body into regions differently from OMT.',
            'cpt-assistant-cmt-omt',
          ),
          item(
            'Physical therapy and chiropractic are sometimes confused with OMT by insurers, which is a known reason OMT claims go unpaid.',
            'snider-jorgensen-2009',
          ),
          item(
            'Massage: OMT includes soft-tissue work, but most OMT techniques are aimed at a diagnosed problem in a joint or region and are chosen for it; some use your own gentle muscle effort or hold a comfortable position.',
            'cms-lcd-l33616',
            'statpearls-met',
            'statpearls-counterstrain-fpr',
          ),
        ),
        note(
          'We found no published head-to-head comparison of OMT with massage; the difference above is in who gives it and how techniques are chosen, not a claim that one works better.',
          'cms-lcd-l33616',
        ),
      ],
    },
    {
      id: 'next',
      heading: 'Read next',
      blocks: [
        link('The four principles behind it', '/learn/principles'),
        link('The techniques, one by one', '/learn/techniques'),
        link('Is OMT right for me? Take the self-check', '/self-check'),
      ],
    },
  ],
};

export const PRINCIPLES: LibraryPage = {
  slug: 'principles',
  title: 'The four principles of osteopathic medicine',
  description:
    'The four tenets DOs are taught: the body is a unit, it can regulate and heal itself, structure and function are linked, and treatment builds on these.',
  lede: 'Osteopathic medicine teaches four principles. They describe how DOs think about the body; they are a philosophy, not proven laws.',
  sections: [
    {
      id: 'four',
      heading: 'The four principles, in our words',
      blocks: [
        list(
          item(
            'The body works as one whole, and a person is body, mind and spirit together.',
            'four-tenets-college',
          ),
          item('The body can regulate itself, heal and keep itself healthy.', 'four-tenets-college'),
          item('How a part is built and how it works depend on each other.', 'four-tenets-college'),
          item(
            'Sensible treatment builds on these three ideas, for the person in front of the doctor.',
            'four-tenets-college',
          ),
        ),
        p(
          'Board-certified specialists in osteopathic manipulative medicine describe their specialty as built on these tenets.',
          'aobnmm-faq',
        ),
        note(
          'Our OMT domain reference does not yet hold a primary source for the wording of the four tenets; the source above is a college of osteopathic medicine and is marked as secondary.',
          'four-tenets-college',
        ),
      ],
    },
  ],
};

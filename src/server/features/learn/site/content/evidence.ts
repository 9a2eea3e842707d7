import { item, link, list, note, p, row, table, type LibraryPage } from '../model.ts';

export const EVIDENCE: LibraryPage = {
  slug: 'evidence',
  title: 'Does OMT work? The evidence, honestly',
  description:
    'The largest US trial of OMT for chronic low back pain beside the newer trials and reviews that found little difference from sham treatment.',
  lede: 'Some good trials found OMT helps low back pain; some newer ones found little or no difference from a sham treatment. Here are both, side by side.',
  sections: [
    {
      id: 'summary',
      heading: 'In short',
      blocks: [
        p(
          'In the largest US trial of OMT for chronic low back pain, people who had OMT were about 1.4 times as likely as people who had a sham treatment to get at least 30–50 % less pain after 12 weeks.',
          'osteopathic-trial-2013',
        ),
        p(
          'OMT did not clearly improve back-related function in that trial, and some newer trials and reviews found little or no difference from sham treatment.',
          'osteopathic-trial-2013',
          'nguyen-2021',
          'meta-2024-sham',
        ),
      ],
    },
    {
      id: 'side-by-side',
      heading: 'The trials side by side',
      blocks: [
        table(
          'Trials and reviews of OMT for low back pain',
          ['Study', 'Who', 'What it found'],
          row(
            [
              'OSTEOPATHIC trial, USA (2013)',
              '455 adults with chronic low back pain; 6 sessions over 8 weeks, compared with sham OMT',
              '≥30 % less pain: 1.38 times as likely (95 % CI 1.16–1.64); ≥50 % less pain: 1.41 (1.13–1.76). Back function (RMDQ) no different.',
            ],
            'osteopathic-trial-2013',
          ),
          row(
            [
              'Same trial, people with high pain at the start (2014)',
              '186 of the 455 (pain ≥50 of 100)',
              'At week 12, 52 % with OMT vs 25 % with sham had at least 50 % less pain; fewer relapsed (24 % vs 51 %).',
            ],
            'licciardone-2014-response',
          ),
          row(
            [
              'Same trial, “recovery” (2016)',
              'All 455',
              'Pain and disability almost gone at week 12: 2.36 times as likely (1.31–4.24); about 9 people treated for one extra recovery.',
            ],
            'licciardone-2016-recovery',
          ),
          row(
            [
              'Review of 15 trials (2014)',
              'Non-specific low back pain, including pregnancy and after birth',
              'Pain about 13 points lower on a 0–100 scale than comparison groups; moderate-quality evidence.',
            ],
            'franke-2014-lbp',
          ),
          row(
            [
              'Trial in France (2021)',
              '400 adults, subacute or chronic low back pain, OMT vs sham',
              'A small effect on daily activities at 3 months, probably too small to matter to patients.',
            ],
            'nguyen-2021',
          ),
          row(
            [
              'Review of OMT vs sham (2024)',
              '9 studies of neck or low back pain, about 1,170 people',
              'No better than sham for pain (SMD −0.15, −0.38 to 0.08) or disability (SMD −0.09, −0.25 to 0.08).',
            ],
            'meta-2024-sham',
          ),
        ),
        note(
          'The percentage of each group that improved in the 2013 trial was not in the copy we could read; only the ratios above were.',
          'osteopathic-trial-2013',
        ),
      ],
    },
    {
      id: 'neck-headache',
      heading: 'Neck pain and headache',
      blocks: [
        list(
          item(
            'Chronic neck pain: a review of 3 good-quality trials found pain about 13 points lower (0–100) than comparison groups; moderate-quality evidence.',
            'franke-2015-neck',
          ),
          item(
            'Headache: a review found only early, low-level evidence that OMT may reduce how often migraines come and how much medicine is needed; no study was at low risk of bias.',
            'cerritelli-2017-headache',
          ),
        ),
      ],
    },
    {
      id: 'limits',
      heading: 'What the evidence does not show',
      blocks: [
        p(
          'We make no claims for conditions outside muscles and joints: our sources do not support them.',
          'osteopathic-trial-2013',
          'meta-2024-sham',
        ),
        link('Who OMT may help', '/learn/who-it-may-help'),
      ],
    },
  ],
};

export const WHO_IT_MAY_HELP: LibraryPage = {
  slug: 'who-it-may-help',
  title: 'Who OMT may help',
  description:
    'Low back pain, neck pain and headache, after surgery, when physical therapy stalls, pregnancy, children: what the evidence does and does not say.',
  lede: 'For each group, what is known — and where there is little or no evidence, we say so.',
  sections: [
    {
      id: 'low-back',
      heading: 'Low back pain',
      blocks: [
        p(
          'The best evidence is for chronic low back pain: a large US trial and a review of 15 trials found less pain than in comparison groups, while newer sham-controlled trials found little difference.',
          'osteopathic-trial-2013',
          'franke-2014-lbp',
          'nguyen-2021',
          'meta-2024-sham',
        ),
        link('The evidence in detail', '/learn/evidence'),
      ],
    },
    {
      id: 'neck-headache',
      heading: 'Neck pain and headache',
      blocks: [
        p('For chronic neck pain, moderate-quality evidence of less pain.', 'franke-2015-neck'),
        p('For headache, only early, low-quality evidence.', 'cerritelli-2017-headache'),
      ],
    },
    {
      id: 'pregnancy',
      heading: 'Pregnancy',
      blocks: [
        p(
          'Three trials in pregnancy were included in a 2014 review; pain was lower, but the evidence was low quality.',
          'franke-2014-lbp',
        ),
        p(
          'Thrust techniques are a relative contraindication in pregnancy, so tell the DO you are pregnant.',
          'hvla-board-review',
        ),
      ],
    },
    {
      id: 'after-surgery',
      heading: 'After surgery',
      blocks: [
        p(
          'Our sources hold no trial of OMT after surgery. What they do say is about safety: several techniques are avoided over a recent operation site, so tell the DO what surgery you had and when.',
          'hvla-board-review',
          'met-contraindications',
          'soft-tissue-entry',
        ),
      ],
    },
    {
      id: 'plateau',
      heading: 'When physical therapy has stopped helping',
      blocks: [
        p(
          'We found no trial of OMT for people whose progress in physical therapy has stalled. Medicare covers OMT when it is expected to improve pain or function, so a DO should say what improvement to expect and measure it.',
          'cms-lcd-l33616',
        ),
      ],
    },
    {
      id: 'sensitive',
      heading: 'If you are sensitive to firm pressure or quick movements',
      blocks: [
        p(
          'Many techniques are slow and gentle — counterstrain holds a comfortable position, balanced ligamentous tension uses a very light force — and an area that is not suitable for firm, direct techniques can often be treated with gentler indirect ones.',
          'statpearls-counterstrain-fpr',
          'statpearls-blt',
          'who-benchmarks',
        ),
        link('The techniques, one by one', '/learn/techniques'),
      ],
    },
    {
      id: 'children',
      heading: 'Infants and children',
      blocks: [
        p(
          'One clinic reported lower pain scores in 58 children and young adults treated with OMT, but without a comparison group; that is weak evidence.',
          'pediatric-pain-clinic-2024',
        ),
        note(
          'We found no controlled trial of OMT in infants, and the clinicians’ safety rules use a placeholder age band for young children that still needs specialist sign-off.',
          'unverified',
        ),
      ],
    },
  ],
};

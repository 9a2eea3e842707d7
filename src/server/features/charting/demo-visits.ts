import type { EncounterChartInput } from '../../../contracts/charting.ts';

/**
 * Past signed visits of the demo clinic, charted through the same use cases as the API
 * (safety check, coding, note generation, signing, audit). Every chart passes the safety engine
 * under the default strict policy for its patient's record.
 */
export interface DemoVisit {
  /** Index into DEMO_PATIENTS. */
  patient: number;
  /** Email of the practitioner's user account (charts and signs). */
  by: string;
  daysAgo: number;
  /** Local time of day in the clinic's zone. */
  time: string;
  chart: EncounterChartInput;
}

const consent = {
  omt: 'given',
  hvla: 'not-asked',
  note: 'Risks, benefits and alternatives discussed.',
} as const;
const RIVERA = 'clinician@example.com';
const PATEL = 'dr.patel@example.com';
const OCONNOR = 'dr.oconnor@example.com';

export const DEMO_VISITS: DemoVisit[] = [
  // Maria Alvarez: mechanical low back pain, three visits improving.
  {
    patient: 0,
    by: RIVERA,
    daysAgo: 42,
    time: '09:00',
    chart: {
      chiefComplaint: 'Low back pain for 3 weeks after moving furniture, worse with sitting',
      historyUpdate:
        'No leg pain, numbness, weakness or bladder/bowel change. Ibuprofen 400 mg helps partly. Works at a desk.',
      painBefore: 6,
      painAfter: 3,
      consent,
      exam: [
        {
          region: 'lumbar',
          tart: {
            tissueTexture: 'moderate',
            asymmetry: 'mild',
            restriction: 'moderate',
            tenderness: 'moderate',
          },
          segmental: ['L4 FRS(R)'],
          tenderPoints: [{ name: 'Posterior L5 (PL5)', side: 'R', tenderness: 7, tendernessAfter: 2 }],
          note: 'Right paraspinal hypertonicity L3–L5.',
        },
        {
          region: 'sacral',
          tart: { tissueTexture: 'mild', asymmetry: 'moderate', restriction: 'moderate', tenderness: 'mild' },
          otherDiagnoses: ['Left-on-left forward sacral torsion'],
        },
        {
          region: 'pelvic',
          tart: { asymmetry: 'mild', restriction: 'mild', tenderness: 'mild' },
          otherDiagnoses: ['Right anterior innominate rotation'],
        },
      ],
      rom: [
        { joint: 'lumbar', motion: 'flexion', degrees: 30 },
        { joint: 'lumbar', motion: 'extension', degrees: 10 },
        { joint: 'lumbar', motion: 'flexion', degrees: 40, phase: 'post' },
      ],
      treatment: [
        {
          region: 'lumbar',
          techniques: [
            { technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'PL5' },
            { technique: 'muscle-energy', repetitions: 3 },
          ],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'sacral',
          techniques: [{ technique: 'muscle-energy', repetitions: 3 }],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'pelvic',
          techniques: [{ technique: 'muscle-energy', repetitions: 3 }],
          response: 'resolved',
          tolerance: 'good',
        },
      ],
      followUp: 'Return in 2 weeks. Walking 20 minutes daily; pelvic tilts twice daily.',
    },
  },
  {
    patient: 0,
    by: RIVERA,
    daysAgo: 28,
    time: '09:30',
    chart: {
      chiefComplaint: 'Follow-up low back pain, better; stiff in the mornings',
      historyUpdate: 'Soreness for a day after the last visit, then improved. Uses ibuprofen twice a week.',
      painBefore: 4,
      painAfter: 2,
      consent,
      exam: [
        {
          region: 'lumbar',
          tart: { tissueTexture: 'mild', asymmetry: 'mild', restriction: 'mild', tenderness: 'mild' },
          segmental: ['L4 FRS(R)'],
          tenderPoints: [{ name: 'Posterior L5 (PL5)', side: 'R', tenderness: 4, tendernessAfter: 1 }],
        },
        {
          region: 'sacral',
          tart: { asymmetry: 'mild', restriction: 'mild' },
          otherDiagnoses: ['Left-on-left forward sacral torsion'],
        },
      ],
      rom: [
        { joint: 'lumbar', motion: 'flexion', degrees: 40 },
        { joint: 'lumbar', motion: 'flexion', degrees: 45, phase: 'post' },
      ],
      treatment: [
        {
          region: 'lumbar',
          techniques: [
            { technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'PL5' },
            { technique: 'muscle-energy', repetitions: 3 },
          ],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'sacral',
          techniques: [{ technique: 'muscle-energy', repetitions: 3 }],
          response: 'resolved',
          tolerance: 'good',
        },
      ],
      followUp: 'Return in 2 weeks; continue home exercises.',
    },
  },
  {
    patient: 0,
    by: RIVERA,
    daysAgo: 14,
    time: '10:00',
    chart: {
      chiefComplaint: 'Follow-up low back pain, mostly resolved',
      historyUpdate: 'Back to normal activities; occasional ache after long drives.',
      painBefore: 2,
      painAfter: 1,
      consent,
      exam: [
        {
          region: 'lumbar',
          tart: { tissueTexture: 'mild', restriction: 'mild', tenderness: 'none', asymmetry: 'none' },
          segmental: ['L4 FRS(R)'],
        },
      ],
      rom: [{ joint: 'lumbar', motion: 'flexion', degrees: 48 }],
      treatment: [
        {
          region: 'lumbar',
          techniques: [{ technique: 'muscle-energy', repetitions: 3 }, { technique: 'soft-tissue' }],
          response: 'resolved',
          tolerance: 'good',
        },
      ],
      followUp: 'As needed; continue walking and core exercises.',
    },
  },
  // James Okafor: neck pain with tension-type headaches.
  {
    patient: 1,
    by: RIVERA,
    daysAgo: 35,
    time: '14:00',
    chart: {
      chiefComplaint: 'Neck pain and tension headaches for 4 months, worse at the computer',
      historyUpdate: 'No arm symptoms, no visual change, no trauma. Headaches 3 times a week.',
      painBefore: 5,
      painAfter: 2,
      consent,
      exam: [
        {
          region: 'cervical',
          tart: {
            tissueTexture: 'moderate',
            asymmetry: 'mild',
            restriction: 'moderate',
            tenderness: 'moderate',
          },
          segmental: ['C3 ERS(R)'],
          tenderPoints: [{ name: 'Posterior C3', side: 'R', tenderness: 6, tendernessAfter: 2 }],
        },
        {
          region: 'thoracic',
          tart: { tissueTexture: 'mild', restriction: 'mild', tenderness: 'mild' },
          segmental: ['T2 FRS(L)'],
        },
        {
          region: 'head',
          tart: { tenderness: 'mild', tissueTexture: 'mild' },
          note: 'Suboccipital tension.',
        },
      ],
      rom: [
        { joint: 'cervical', motion: 'rotation', side: 'L', degrees: 60 },
        { joint: 'cervical', motion: 'rotation', side: 'R', degrees: 70 },
        { joint: 'cervical', motion: 'rotation', side: 'L', degrees: 72, phase: 'post' },
      ],
      treatment: [
        {
          region: 'cervical',
          techniques: [
            { technique: 'soft-tissue' },
            { technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'Posterior C3' },
            { technique: 'muscle-energy', repetitions: 3 },
          ],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'thoracic',
          techniques: [{ technique: 'muscle-energy', repetitions: 3 }],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'head',
          techniques: [{ technique: 'myofascial-release', note: 'suboccipital release' }],
          response: 'improved',
          tolerance: 'good',
        },
      ],
      followUp: 'Return in 3 weeks; screen break every hour; chin tucks.',
    },
  },
  {
    patient: 1,
    by: RIVERA,
    daysAgo: 14,
    time: '14:30',
    chart: {
      chiefComplaint: 'Follow-up neck pain; headaches down to once a week',
      historyUpdate: 'Doing chin tucks most days.',
      painBefore: 3,
      painAfter: 1,
      consent,
      exam: [
        {
          region: 'cervical',
          tart: { tissueTexture: 'mild', restriction: 'mild', tenderness: 'mild' },
          segmental: ['C3 ERS(R)'],
        },
      ],
      rom: [{ joint: 'cervical', motion: 'rotation', side: 'L', degrees: 74 }],
      treatment: [
        {
          region: 'cervical',
          techniques: [{ technique: 'soft-tissue' }, { technique: 'muscle-energy', repetitions: 3 }],
          response: 'resolved',
          tolerance: 'good',
        },
      ],
      followUp: 'As needed.',
    },
  },
  // Linda Chen: recent right rotator cuff repair; thoracic and rib work, indirect only at the shoulder.
  {
    patient: 2,
    by: PATEL,
    daysAgo: 21,
    time: '11:00',
    chart: {
      chiefComplaint: 'Upper back and right shoulder-girdle tightness after rotator cuff repair',
      historyUpdate: 'Repair 2026-07-21; in physical therapy. Sling discontinued.',
      painBefore: 5,
      painAfter: 3,
      consent,
      exam: [
        {
          region: 'thoracic',
          tart: { tissueTexture: 'moderate', restriction: 'moderate', tenderness: 'mild' },
          segmental: ['T3-T6 NSLRR'],
        },
        { region: 'rib-cage', tart: { restriction: 'mild', tenderness: 'mild' } },
        {
          region: 'upper-extremity',
          tart: { tissueTexture: 'mild', restriction: 'moderate', tenderness: 'mild' },
          note: 'Surgical site healed; no warmth.',
        },
      ],
      rom: [
        { joint: 'shoulder', motion: 'flexion', side: 'R', degrees: 120 },
        { joint: 'shoulder', motion: 'flexion', side: 'L', degrees: 175 },
      ],
      treatment: [
        {
          region: 'thoracic',
          techniques: [{ technique: 'muscle-energy', repetitions: 3 }, { technique: 'soft-tissue' }],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'rib-cage',
          techniques: [{ technique: 'counterstrain', holdSeconds: 120 }],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'upper-extremity',
          techniques: [{ technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'Supraspinatus' }],
          response: 'improved',
          tolerance: 'good',
        },
      ],
      followUp: 'Return in 3 weeks; continue PT; no direct shoulder techniques until cleared by the surgeon.',
    },
  },
  // Dorothy Whitfield: osteoporosis; indirect techniques, light myofascial work with a documented reason.
  {
    patient: 4,
    by: RIVERA,
    daysAgo: 24,
    time: '10:30',
    chart: {
      chiefComplaint: 'Mid-back ache for 6 weeks, no fall or injury',
      historyUpdate: 'Osteoporosis on alendronate; no new fractures on last imaging. Uses a cane outdoors.',
      painBefore: 5,
      painAfter: 3,
      consent,
      exam: [
        {
          region: 'thoracic',
          tart: { tissueTexture: 'mild', asymmetry: 'mild', restriction: 'moderate', tenderness: 'mild' },
          segmental: ['T6-T9 NSRRL'],
        },
        { region: 'rib-cage', tart: { restriction: 'mild', tenderness: 'mild' } },
      ],
      treatment: [
        {
          region: 'thoracic',
          techniques: [
            { technique: 'counterstrain', holdSeconds: 90 },
            {
              technique: 'myofascial-release',
              safetyReason: 'Osteoporosis: indirect, light-pressure myofascial release only, no thrust',
            },
          ],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'rib-cage',
          techniques: [{ technique: 'balanced-ligamentous-tension' }],
          response: 'improved',
          tolerance: 'good',
        },
      ],
      followUp: 'Return in 4 weeks; posture exercises; fall-prevention advice given.',
    },
  },
  // Robert Kowalski: anticoagulated; indirect techniques only.
  {
    patient: 5,
    by: OCONNOR,
    daysAgo: 18,
    time: '15:00',
    chart: {
      chiefComplaint: 'Low back pain for 2 months, no injury',
      historyUpdate: 'On apixaban for atrial fibrillation; no bruising. No leg symptoms.',
      painBefore: 5,
      painAfter: 4,
      consent,
      exam: [
        {
          region: 'lumbar',
          tart: { tissueTexture: 'moderate', restriction: 'moderate', tenderness: 'mild' },
          segmental: ['L3 ERS(L)'],
          tenderPoints: [{ name: 'Posterior L3', side: 'L', tenderness: 5, tendernessAfter: 2 }],
        },
        { region: 'pelvic', tart: { asymmetry: 'mild', tenderness: 'mild' } },
      ],
      rom: [{ joint: 'lumbar', motion: 'flexion', degrees: 35 }],
      treatment: [
        {
          region: 'lumbar',
          techniques: [
            { technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'Posterior L3' },
            { technique: 'facilitated-positional-release' },
          ],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'pelvic',
          techniques: [{ technique: 'balanced-ligamentous-tension' }],
          response: 'unchanged',
          tolerance: 'good',
        },
      ],
      followUp: 'Return in 2 weeks. Direct techniques only after an anticoagulation review.',
    },
  },
  // Daniel Nguyen: lumbar sprain in a young adult.
  {
    patient: 7,
    by: OCONNOR,
    daysAgo: 10,
    time: '16:00',
    chart: {
      chiefComplaint: 'Acute low back pain after deadlifts 10 days ago',
      historyUpdate: 'No radiating pain or numbness. Able to work.',
      painBefore: 7,
      painAfter: 4,
      consent,
      exam: [
        {
          region: 'lumbar',
          tart: { tissueTexture: 'severe', asymmetry: 'mild', restriction: 'severe', tenderness: 'severe' },
          segmental: ['L5 FRS(L)'],
        },
        { region: 'sacral', tart: { restriction: 'mild', tenderness: 'mild' } },
      ],
      rom: [
        { joint: 'lumbar', motion: 'flexion', degrees: 25 },
        { joint: 'lumbar', motion: 'flexion', degrees: 35, phase: 'post' },
      ],
      treatment: [
        {
          region: 'lumbar',
          techniques: [{ technique: 'soft-tissue' }, { technique: 'counterstrain', holdSeconds: 90 }],
          response: 'improved',
          tolerance: 'fair',
          adverseEvents: 'Brief muscle cramp during positioning, resolved.',
        },
        {
          region: 'sacral',
          techniques: [{ technique: 'muscle-energy', repetitions: 3 }],
          response: 'improved',
          tolerance: 'good',
        },
      ],
      sameDayEm: { significantAndSeparate: true, standsAlone: true, documentedSeparately: true },
      followUp: 'Return in 1 week; relative rest from lifting; walking encouraged.',
    },
  },
  // Peter Johansson: COPD with rib-cage dysfunction.
  {
    patient: 13,
    by: PATEL,
    daysAgo: 16,
    time: '09:30',
    chart: {
      chiefComplaint: 'Chest wall tightness and shallow breathing with COPD',
      historyUpdate: 'No recent exacerbation; inhaler daily.',
      painBefore: 3,
      painAfter: 2,
      consent,
      exam: [
        { region: 'rib-cage', tart: { restriction: 'moderate', tissueTexture: 'mild' } },
        { region: 'thoracic', tart: { restriction: 'mild', tenderness: 'mild' }, segmental: ['T4 ERS(R)'] },
      ],
      treatment: [
        {
          region: 'rib-cage',
          techniques: [
            { technique: 'articulatory', note: 'rib raising' },
            { technique: 'myofascial-release' },
          ],
          response: 'improved',
          tolerance: 'good',
        },
        {
          region: 'thoracic',
          techniques: [{ technique: 'muscle-energy', repetitions: 3 }],
          response: 'improved',
          tolerance: 'good',
        },
      ],
      followUp: 'Return in 4 weeks; breathing exercises.',
    },
  },
];

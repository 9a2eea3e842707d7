import type { RegionId } from '../omt/regions.ts';

/**
 * The built-in exercise library, written in our own plain words for patients. Each entry says what
 * the exercise is for, how to do it and when to stop; none makes a clinical claim. The cautions
 * are general safety advice that applies to any home exercise; the clinician who prescribes decides
 * whether an exercise suits the patient. Regions are the OMT body regions (`domain/omt/regions.ts`).
 */
export interface Exercise {
  /** A slug for built-ins (`chin-tuck`); a uuid for a clinic's own exercises. */
  id: string;
  name: string;
  purpose: string;
  steps: string[];
  cautions: string[];
  regions: RegionId[];
  builtin: boolean;
}

/** Said of every exercise; an entry adds its own cautions after these. */
export const GENERAL_CAUTIONS = [
  'Move slowly and stay within a range that feels comfortable.',
  'Stop and tell your clinician if pain becomes sharp, spreads, or you feel numbness, tingling or dizziness.',
] as const;

type Entry = Omit<Exercise, 'builtin' | 'cautions'> & { cautions?: string[] };

const ENTRIES: Entry[] = [
  {
    id: 'chin-tuck',
    name: 'Chin tucks',
    purpose: 'Practise holding the head back over the shoulders instead of poking the chin forward.',
    steps: [
      'Sit or stand tall, looking straight ahead.',
      'Slide your chin straight back, as if making a double chin, without tipping the head down.',
      'Hold, then relax forward again.',
    ],
    regions: ['cervical'],
  },
  {
    id: 'neck-side-bend',
    name: 'Neck side bends',
    purpose: 'Gently move the neck through side bending on each side.',
    steps: [
      'Sit tall with your shoulders relaxed.',
      'Tip your ear towards one shoulder without lifting the shoulder.',
      'Hold, come back to the middle, then do the other side.',
    ],
    regions: ['cervical'],
  },
  {
    id: 'shoulder-blade-squeeze',
    name: 'Shoulder blade squeezes',
    purpose: 'Wake up the muscles between the shoulder blades and practise an upright posture.',
    steps: [
      'Sit or stand with your arms by your sides.',
      'Draw your shoulder blades back and slightly down, as if holding a pencil between them.',
      'Hold, then let them relax.',
    ],
    regions: ['thoracic', 'upper-extremity'],
  },
  {
    id: 'thoracic-rotation',
    name: 'Seated upper back turns',
    purpose: 'Keep the upper back moving in rotation.',
    steps: [
      'Sit on a chair with your feet flat and arms crossed over your chest.',
      'Turn your upper body to one side, keeping your hips still.',
      'Hold, return to the middle and turn to the other side.',
    ],
    regions: ['thoracic', 'rib-cage'],
  },
  {
    id: 'cat-cow',
    name: 'Cat-cow',
    purpose: 'Move the whole spine gently between rounding and arching.',
    steps: [
      'Kneel on hands and knees, hands under shoulders and knees under hips.',
      'Breathe out and round your back up towards the ceiling, letting the head drop.',
      'Breathe in and let your belly sink as you lift your head and tailbone a little.',
      'Move slowly between the two positions.',
    ],
    regions: ['cervical', 'thoracic', 'lumbar'],
    cautions: ['Put a folded towel under your knees if kneeling is uncomfortable.'],
  },
  {
    id: 'pelvic-tilt',
    name: 'Pelvic tilts',
    purpose: 'Gently move the low back and practise using the stomach muscles.',
    steps: [
      'Lie on your back with knees bent and feet flat.',
      'Tighten your stomach and press the small of your back towards the floor, tilting the pelvis.',
      'Hold, then relax back to the start.',
    ],
    regions: ['lumbar', 'pelvic'],
  },
  {
    id: 'knee-to-chest',
    name: 'Knee to chest',
    purpose: 'A gentle stretch for the low back and buttock.',
    steps: [
      'Lie on your back with knees bent.',
      'Bring one knee towards your chest, holding behind the thigh.',
      'Hold, lower it, then do the other side.',
    ],
    regions: ['lumbar', 'sacral'],
  },
  {
    id: 'bird-dog',
    name: 'Bird dog',
    purpose: 'Practise keeping the trunk steady while the arms and legs move.',
    steps: [
      'Kneel on hands and knees with a flat back.',
      'Reach one arm forward and the opposite leg back until both are level with your body.',
      'Hold without letting the back sag or twist, then return and switch sides.',
    ],
    regions: ['lumbar', 'pelvic'],
    cautions: ['Start with only an arm or only a leg if balancing is hard.'],
  },
  {
    id: 'glute-bridge',
    name: 'Bridges',
    purpose: 'Strengthen the buttock muscles that support the pelvis and low back.',
    steps: [
      'Lie on your back with knees bent and feet flat, hip-width apart.',
      'Squeeze your buttocks and lift your hips until your body makes a straight line from knees to shoulders.',
      'Hold, then lower slowly.',
    ],
    regions: ['lumbar', 'pelvic', 'lower-extremity'],
  },
  {
    id: 'lower-trunk-rotation',
    name: 'Knee rolls',
    purpose: 'Gently rotate the low back.',
    steps: [
      'Lie on your back with knees bent and together, feet flat.',
      'Let both knees fall slowly to one side as far as is comfortable, keeping your shoulders down.',
      'Bring them back to the middle and roll to the other side.',
    ],
    regions: ['lumbar', 'sacral'],
  },
  {
    id: 'piriformis-stretch',
    name: 'Seated buttock stretch',
    purpose: 'Stretch the muscles deep in the buttock.',
    steps: [
      'Sit on a chair and rest one ankle on the opposite knee.',
      'Keeping your back straight, lean forward from the hips until you feel a stretch in the buttock.',
      'Hold, then change sides.',
    ],
    regions: ['pelvic', 'lower-extremity'],
  },
  {
    id: 'hamstring-stretch',
    name: 'Back-of-thigh stretch',
    purpose: 'Stretch the muscles at the back of the thigh.',
    steps: [
      'Sit on the edge of a chair with one leg straight out in front, heel on the floor.',
      'Keeping your back straight, lean forward from the hips until you feel a stretch behind the thigh.',
      'Hold, then change legs.',
    ],
    regions: ['lower-extremity'],
  },
  {
    id: 'calf-stretch',
    name: 'Calf stretch against a wall',
    purpose: 'Stretch the calf muscles.',
    steps: [
      'Stand facing a wall with your hands on it.',
      'Step one foot back, keeping that heel down and the knee straight.',
      'Bend the front knee until you feel a stretch in the back calf. Hold, then change legs.',
    ],
    regions: ['lower-extremity'],
  },
  {
    id: 'sit-to-stand',
    name: 'Sit to stand',
    purpose: 'Build leg strength for getting up from a chair.',
    steps: [
      'Sit near the front of a firm chair with your feet flat.',
      'Lean forward slightly and stand up, using your hands only if you need to.',
      'Sit back down slowly and with control.',
    ],
    regions: ['lower-extremity', 'pelvic'],
    cautions: [
      'Use a chair that does not slide, and have something steady to hold if your balance is unsure.',
    ],
  },
  {
    id: 'wall-angels',
    name: 'Wall slides',
    purpose: 'Move the shoulders overhead while keeping the upper back upright.',
    steps: [
      'Stand with your back against a wall, feet a little away from it.',
      'Raise your arms to shoulder height with elbows bent, backs of the hands towards the wall.',
      'Slide your arms up the wall as far as is comfortable, then back down.',
    ],
    regions: ['thoracic', 'upper-extremity'],
  },
  {
    id: 'pendulum',
    name: 'Arm swings (pendulum)',
    purpose: 'Let the shoulder move gently without lifting the arm with its own muscles.',
    steps: [
      'Lean forward with your good hand on a table, letting the other arm hang down.',
      'Rock your body gently so the hanging arm swings in small circles and back and forth.',
      'Keep the arm and shoulder relaxed.',
    ],
    regions: ['upper-extremity'],
  },
  {
    id: 'diaphragmatic-breathing',
    name: 'Belly breathing',
    purpose: 'Practise slow, relaxed breathing using the belly.',
    steps: [
      'Lie on your back or sit comfortably with one hand on your chest and one on your belly.',
      'Breathe in slowly through the nose so the hand on the belly rises more than the one on the chest.',
      'Breathe out slowly through the mouth.',
    ],
    regions: ['rib-cage', 'abdomen'],
    cautions: ['If you feel light-headed, go back to your normal breathing.'],
  },
  {
    id: 'walking',
    name: 'Walking',
    purpose: 'Keep active with regular walks at a comfortable pace.',
    steps: [
      'Walk on level ground at a pace where you can still talk.',
      'Start with the time your clinician gives you and build up slowly.',
    ],
    regions: ['lumbar', 'lower-extremity'],
  },
];

export const BUILTIN_EXERCISES: readonly Exercise[] = ENTRIES.map((e) => ({
  ...e,
  cautions: [...GENERAL_CAUTIONS, ...(e.cautions ?? [])],
  builtin: true,
}));

export const BUILTIN_BY_ID: ReadonlyMap<string, Exercise> = new Map(BUILTIN_EXERCISES.map((e) => [e.id, e]));

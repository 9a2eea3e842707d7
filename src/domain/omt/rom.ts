/**
 * Range-of-motion norms (degrees) from the reference §2.8. Norms differ by source, method, age and
 * sex, so every value belongs to a named norm set and a measurement should record which set it used.
 * Values the reference marks unverified (VA rating schedule) are not shipped.
 */
import type { RegionId } from './regions.ts';

export type Joint = 'shoulder' | 'hip' | 'cervical' | 'lumbar';
export type Motion =
  | 'flexion'
  | 'extension'
  | 'abduction'
  | 'adduction'
  | 'internal-rotation'
  | 'external-rotation'
  | 'lateral-flexion'
  | 'rotation';

export const JOINTS = ['shoulder', 'hip', 'cervical', 'lumbar'] as const satisfies readonly Joint[];
export const MOTIONS = [
  'flexion',
  'extension',
  'abduction',
  'adduction',
  'internal-rotation',
  'external-rotation',
  'lateral-flexion',
  'rotation',
] as const satisfies readonly Motion[];

/** The CPT region a goniometer measurement belongs to (reference §1.2: hip is a lower-extremity joint). */
export const JOINT_REGION = {
  shoulder: 'upper-extremity',
  hip: 'lower-extremity',
  cervical: 'cervical',
  lumbar: 'lumbar',
} as const satisfies Record<Joint, RegionId>;

/** Limb joints are measured per side; spinal side-bending and rotation too. */
export function romNeedsSide(joint: Joint, motion: Motion): boolean {
  if (joint === 'shoulder' || joint === 'hip') return true;
  return motion === 'lateral-flexion' || motion === 'rotation';
}

/** A single value, an inclusive range, or a floor ("at least", AMA Guides style). */
export interface RomNorm {
  low: number;
  high: number;
  atLeast?: boolean;
}

export interface RomNormSet {
  id: string;
  joint: Joint;
  label: string;
  sourceTitle: string;
  url: string;
  grade: 'V' | 'P';
  norms: Partial<Record<Motion, RomNorm>>;
}

const v = (deg: number): RomNorm => ({ low: deg, high: deg });
const range = (low: number, high: number): RomNorm => ({ low, high });
const atLeast = (deg: number): RomNorm => ({ low: deg, high: deg, atLeast: true });

const NORKIN = {
  sourceTitle:
    'Norkin & White, Table A.1 Shoulder, Elbow, Forearm, and Wrist Motion (F.A. Davis PT collection)',
  url: 'http://fadavispt.mhmedical.com/downloadCitation.aspx?sectionid=158980269',
};

export const ROM_NORM_SETS: readonly RomNormSet[] = [
  {
    id: 'shoulder-aaos',
    joint: 'shoulder',
    label: 'AAOS',
    ...NORKIN,
    grade: 'V',
    norms: {
      flexion: v(180),
      extension: v(60),
      abduction: v(180),
      'internal-rotation': v(70),
      'external-rotation': v(90),
    },
  },
  {
    id: 'shoulder-ama-guides',
    joint: 'shoulder',
    label: 'AMA Guides',
    ...NORKIN,
    grade: 'V',
    norms: {
      flexion: atLeast(180),
      extension: atLeast(50),
      abduction: atLeast(170),
      'internal-rotation': atLeast(80),
      'external-rotation': atLeast(60),
    },
  },
  {
    id: 'shoulder-boone-azen',
    joint: 'shoulder',
    label: 'Boone & Azen (males 1–54 y)',
    ...NORKIN,
    grade: 'V',
    norms: {
      flexion: v(167),
      extension: v(62),
      abduction: v(184),
      'internal-rotation': v(69),
      'external-rotation': v(104),
    },
  },
  {
    id: 'hip-wilson-afp',
    joint: 'hip',
    label: 'Family-medicine exam summary (Wilson, AFP 2014)',
    sourceTitle: 'FPnotebook, Hip Range of Motion (citing Wilson, Am Fam Physician 2014)',
    url: 'https://fpnotebook.com/Ortho/Exam/HpRngOfMtn.htm',
    grade: 'V',
    norms: {
      flexion: range(110, 120),
      extension: range(10, 15),
      abduction: range(30, 50),
      adduction: range(20, 30),
      'external-rotation': range(40, 60),
      'internal-rotation': range(30, 40),
    },
  },
  {
    id: 'cervical-muscolino',
    joint: 'cervical',
    label: 'Muscolino',
    sourceTitle: 'learnmuscles, Cervical spine ranges of motion',
    url: 'https://learnmuscles.com/glossary/cervical-spine-ranges-of-motion-rom/',
    grade: 'V',
    norms: { flexion: v(50), extension: v(80), 'lateral-flexion': v(45), rotation: v(80) },
  },
  {
    id: 'cervical-bone-and-spine',
    joint: 'cervical',
    label: 'Bone & Spine',
    sourceTitle: 'Bone & Spine, Range of motion of cervical spine',
    url: 'https://boneandspine.com/range-motion-cervical-spine/',
    grade: 'V',
    // Rotation is given only as "up to 90", which is no usable norm.
    norms: { flexion: range(80, 90), extension: v(70), 'lateral-flexion': range(20, 45) },
  },
  {
    id: 'cervical-exrx',
    joint: 'cervical',
    label: 'ExRx',
    sourceTitle: 'ExRx, Joint range of motion',
    url: 'https://exrx.net/Testing/JointROM',
    grade: 'V',
    norms: { 'lateral-flexion': v(45), rotation: range(60, 80) },
  },
  {
    id: 'lumbar-physiopedia',
    joint: 'lumbar',
    label: 'Physiopedia (average healthy)',
    sourceTitle: 'Physiopedia, Lumbar Spine Range of Motion',
    url: 'https://www.physio-pedia.com/index.php?title=Lumbar_Spine_Range_Of_Motion&veaction=edit&section=2',
    grade: 'V',
    norms: { flexion: v(50), extension: v(15), 'lateral-flexion': v(20), rotation: v(5) },
  },
  {
    id: 'lumbar-pt-flashcards',
    joint: 'lumbar',
    label: 'PT flashcard ranges',
    sourceTitle: 'Brainscape, Passive ROM angles',
    url: 'https://brainscape.com/flashcards/passive-rom-angles-9104471/packs/15904746',
    grade: 'P',
    norms: {
      flexion: range(40, 90),
      extension: range(20, 45),
      'lateral-flexion': range(15, 30),
      rotation: range(3, 18),
    },
  },
];

/** The set used when none is named: the first verified single-value set of each joint. */
export const DEFAULT_NORM_SET: Readonly<Record<Joint, string>> = {
  shoulder: 'shoulder-aaos',
  hip: 'hip-wilson-afp',
  cervical: 'cervical-muscolino',
  lumbar: 'lumbar-physiopedia',
};

export function romNorm(joint: Joint, motion: Motion, normSetId = DEFAULT_NORM_SET[joint]): RomNorm | null {
  const set = ROM_NORM_SETS.find((s) => s.id === normSetId);
  if (!set) throw new RangeError(`Unknown ROM norm set "${normSetId}"`);
  if (set.joint !== joint)
    throw new RangeError(`Norm set "${normSetId}" is for the ${set.joint}, not the ${joint}`);
  return set.norms[motion] ?? null;
}

/**
 * Measured range as a percentage of normal, one decimal. For a normal range the comparison is to
 * its lower bound by default: anything inside the published range counts as 100% or more.
 */
export function percentOfNormal(measuredDeg: number, norm: RomNorm, against: 'low' | 'high' = 'low'): number {
  if (!Number.isFinite(measuredDeg) || measuredDeg < 0)
    throw new RangeError('Measured range must be ≥ 0 degrees');
  const reference = against === 'low' ? norm.low : norm.high;
  if (reference <= 0) throw new RangeError('Norm has no positive reference value');
  return Math.round((measuredDeg / reference) * 1000) / 10;
}

/** Side-to-side difference as a percentage of the better side (the comparison the reference prefers). */
export function sideToSideDeficit(leftDeg: number, rightDeg: number): number {
  const better = Math.max(leftDeg, rightDeg);
  if (better <= 0) return 0;
  return Math.round((Math.abs(leftDeg - rightDeg) / better) * 1000) / 10;
}

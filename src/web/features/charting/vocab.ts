/**
 * Charting vocabularies for the web app. The chart schema (src/domain/omt/charting/schema.ts) is built
 * with zod, which the charting screen does not need to download: these few constants mirror it, and
 * vocab.test.ts fails the build if they ever drift apart.
 */
import type { RegionId } from '../../../domain/omt/regions.ts';
import type { Joint, Motion } from '../../../domain/omt/rom.ts';

export const TART_KEYS = ['tissueTexture', 'asymmetry', 'restriction', 'tenderness'] as const;
export type TartKey = (typeof TART_KEYS)[number];

export const TART_LABELS: Record<TartKey, string> = {
  tissueTexture: 'Tissue texture',
  asymmetry: 'Asymmetry',
  restriction: 'Restriction',
  tenderness: 'Tenderness',
};

export const SEVERITY_WORDS = ['none', 'mild', 'moderate', 'severe'] as const;

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

/** The CPT region a goniometer measurement belongs to (hip is a lower-extremity joint). */
export const JOINT_REGION: Record<Joint, RegionId> = {
  shoulder: 'upper-extremity',
  hip: 'lower-extremity',
  cervical: 'cervical',
  lumbar: 'lumbar',
};

export const JOINT_LABELS: Record<Joint, string> = {
  shoulder: 'Shoulder',
  hip: 'Hip',
  cervical: 'Cervical spine',
  lumbar: 'Lumbar spine',
};

export const MOTION_LABELS: Record<Motion, string> = {
  flexion: 'Flexion',
  extension: 'Extension',
  abduction: 'Abduction',
  adduction: 'Adduction',
  'internal-rotation': 'Internal rotation',
  'external-rotation': 'External rotation',
  'lateral-flexion': 'Side-bending',
  rotation: 'Rotation',
};

/** Limb joints are measured per side; spinal side-bending and rotation too. */
export function romNeedsSide(joint: Joint, motion: Motion): boolean {
  if (joint === 'shoulder' || joint === 'hip') return true;
  return motion === 'lateral-flexion' || motion === 'rotation';
}

export function jointsOfRegion(region: RegionId): Joint[] {
  return JOINTS.filter((j) => JOINT_REGION[j] === region);
}

export const TREATMENT_RESPONSES = ['resolved', 'improved', 'unchanged', 'worse'] as const;
export type ResponseValue = (typeof TREATMENT_RESPONSES)[number];
export const TOLERANCES = ['good', 'fair', 'poor'] as const;
export type ToleranceValue = (typeof TOLERANCES)[number];
export const CONSENT_VALUES = ['given', 'declined', 'not-asked'] as const;
export type ConsentValue = (typeof CONSENT_VALUES)[number];

export const CONSENT_LABELS: Record<ConsentValue, string> = {
  given: 'Given',
  declined: 'Declined',
  'not-asked': 'Not asked',
};

/** Counterstrain hold (reference §2.7: 90 s; ribs often 120 s). */
export const COUNTERSTRAIN_HOLD_SECONDS = 90;

/** Sections an amendment may correct (the server's amendment schema). */
export const AMENDMENT_SECTIONS = ['subjective', 'objective', 'assessment', 'plan', 'general'] as const;
export type AmendmentSection = (typeof AMENDMENT_SECTIONS)[number];

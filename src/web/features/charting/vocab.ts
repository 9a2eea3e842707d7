/**
 * Charting vocabularies for the web app. The chart schema (src/domain/omt/charting/schema.ts) is built
 * with zod, which the charting screen does not need to download: these few constants mirror it, and
 * vocab.test.ts fails the build if they ever drift apart.
 */
import type { RegionId } from '../../../domain/omt/regions.ts';
import { JOINT_REGION, JOINTS, type Joint, type Motion } from '../../../domain/omt/rom.ts';
import { isTechniqueId, techniqueMatchScore } from '../../../domain/omt/techniques.ts';

// The joints, motions and their regions are the domain's (no zod there, so the chart bundle stays small).
export { JOINT_REGION, JOINTS, MOTIONS, romNeedsSide } from '../../../domain/omt/rom.ts';

export const TART_KEYS = ['tissueTexture', 'asymmetry', 'restriction', 'tenderness'] as const;
export type TartKey = (typeof TART_KEYS)[number];

export const TART_LABELS: Record<TartKey, string> = {
  tissueTexture: 'Tissue texture',
  asymmetry: 'Asymmetry',
  restriction: 'Restriction',
  tenderness: 'Tenderness',
};

export const SEVERITY_WORDS = ['none', 'mild', 'moderate', 'severe'] as const;

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

/**
 * The technique picker's search: abbreviations and aliases of the domain catalogue ("HVLA", "me",
 * "cs") first, then names. Options are Mantine's parsed items (`{ value, label }`, no groups).
 */
export function filterTechniqueOptions<T extends object>(input: {
  options: T[];
  search: string;
  limit: number;
}): T[] {
  return input.options
    .map((option, order) => {
      const v = 'value' in option ? option.value : undefined;
      return { option, order, score: isTechniqueId(v) ? techniqueMatchScore(v, input.search) : 0 };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, input.limit)
    .map((x) => x.option);
}

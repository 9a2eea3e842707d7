/**
 * Charting vocabularies for the web app: the lists are the domain's (the same ones the API's zod
 * schemas in src/contracts/charting.ts are built from, without downloading zod); the labels and the
 * technique search are the screen's own.
 */
import type { RegionId } from '../../../domain/omt/regions.ts';
import { JOINT_REGION, JOINTS, type Joint, type Motion } from '../../../domain/omt/rom.ts';
import { isTechniqueId, techniqueMatchScore } from '../../../domain/omt/techniques.ts';
import type { ConsentValue, TartKey } from '../../../domain/omt/charting/chart.ts';

export { JOINT_REGION, JOINTS, MOTIONS, romNeedsSide } from '../../../domain/omt/rom.ts';
export {
  AMENDMENT_SECTIONS,
  CONSENT_VALUES,
  SEVERITY_WORDS,
  TART_KEYS,
  TOLERANCES,
  TREATMENT_RESPONSES,
  type AmendmentSection,
  type ConsentValue,
  type TartKey,
} from '../../../domain/omt/charting/chart.ts';

export const TART_LABELS: Record<TartKey, string> = {
  tissueTexture: 'Tissue texture',
  asymmetry: 'Asymmetry',
  restriction: 'Restriction',
  tenderness: 'Tenderness',
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

export function jointsOfRegion(region: RegionId): Joint[] {
  return JOINTS.filter((j) => JOINT_REGION[j] === region);
}

export const CONSENT_LABELS: Record<ConsentValue, string> = {
  given: 'Given',
  declined: 'Declined',
  'not-asked': 'Not asked',
};

/** Counterstrain hold (reference §2.7: 90 s; ribs often 120 s). */
export const COUNTERSTRAIN_HOLD_SECONDS = 90;

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

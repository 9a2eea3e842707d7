/** The ten CPT OMT body regions with their ICD-10-CM partner codes (reference §1.2, api.md). */
export const REGION_IDS = [
  'head',
  'cervical',
  'thoracic',
  'lumbar',
  'sacral',
  'pelvic',
  'lower-extremity',
  'upper-extremity',
  'rib-cage',
  'abdomen',
] as const;

export type RegionId = (typeof REGION_IDS)[number];

export interface Region {
  id: RegionId;
  label: string;
  /** ICD-10-CM segmental and somatic dysfunction code of the region. */
  icd10: string;
  /** Our own short label; official code titles are not copied. */
  icd10Label: string;
}

const LABELS: Record<RegionId, string> = {
  head: 'Head',
  cervical: 'Cervical',
  thoracic: 'Thoracic',
  lumbar: 'Lumbar',
  sacral: 'Sacral',
  pelvic: 'Pelvic',
  'lower-extremity': 'Lower extremities',
  'upper-extremity': 'Upper extremities',
  'rib-cage': 'Rib cage',
  abdomen: 'Abdomen and viscera',
};

export const REGIONS: readonly Region[] = REGION_IDS.map((id, i) => ({
  id,
  label: LABELS[id],
  icd10: `M99.0${i}`,
  icd10Label: `Somatic dysfunction, ${LABELS[id].toLowerCase()}`,
}));

export const REGION_BY_ID: Readonly<Record<RegionId, Region>> = Object.fromEntries(
  REGIONS.map((r) => [r.id, r]),
) as Record<RegionId, Region>;

export const SPINE_REGIONS: readonly RegionId[] = ['cervical', 'thoracic', 'lumbar', 'sacral'];

export function isRegionId(value: unknown): value is RegionId {
  return typeof value === 'string' && (REGION_IDS as readonly string[]).includes(value);
}

/** Canonical order (M99.00 … M99.09), used wherever a list of regions is emitted. */
export function regionOrder(id: RegionId): number {
  return REGION_IDS.indexOf(id);
}

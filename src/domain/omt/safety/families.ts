import type { IcdFamily } from '../icd10.ts';
import { SPINE_REGIONS, type RegionId } from '../regions.ts';

/**
 * Safety-relevant ICD-10-CM code families and the body regions a rule keyed on them reaches
 * (reference §9). `site: true` means "whole body, or only the site when the chart names it":
 * a condition entry that carries a `region` then narrows the rule to that region.
 */
export interface ConditionFamily {
  label: string;
  codes: readonly IcdFamily[];
  regions: 'all' | readonly RegionId[];
  site?: boolean;
  /** A real code of the family, used by tests and documentation. */
  example: string;
}

const FAMILIES = {
  osteoporosis: { label: 'Osteoporosis', codes: ['M80', 'M81'], regions: 'all', example: 'M81.0' },
  osteopenia: {
    label: 'Osteopenia / other bone-density disorder',
    codes: ['M85.8'],
    regions: 'all',
    example: 'M85.80',
  },
  'bone-metastasis': {
    label: 'Secondary malignant neoplasm of bone or bone marrow',
    codes: ['C79.5'],
    regions: 'all',
    site: true,
    example: 'C79.51',
  },
  'primary-bone-malignancy': {
    label: 'Primary malignant neoplasm of bone',
    codes: ['C40', 'C41'],
    regions: 'all',
    site: true,
    example: 'C41.2',
  },
  'multiple-myeloma': { label: 'Multiple myeloma', codes: ['C90.0'], regions: 'all', example: 'C90.00' },
  'rheumatoid-arthritis': {
    label: 'Rheumatoid or juvenile arthritis (atlanto-axial instability)',
    codes: ['M05', 'M06', 'M08'],
    regions: ['cervical'],
    example: 'M06.9',
  },
  'down-syndrome': {
    label: 'Down syndrome (atlanto-axial instability)',
    codes: ['Q90'],
    regions: ['cervical'],
    example: 'Q90.9',
  },
  'connective-tissue-disorder': {
    label: 'Ehlers-Danlos / Marfan (connective-tissue compromise)',
    codes: ['Q79.6', 'Q87.4'],
    regions: 'all',
    example: 'Q79.60',
  },
  'vertebrobasilar-insufficiency': {
    label: 'Vertebro-basilar artery syndrome',
    codes: ['G45.0'],
    regions: ['cervical'],
    example: 'G45.0',
  },
  'cervical-artery-dissection': {
    label: 'Dissection of carotid or vertebral artery',
    codes: ['I77.71', 'I77.74'],
    regions: ['cervical'],
    example: 'I77.74',
  },
  'aortic-aneurysm': {
    label: 'Aortic aneurysm or dissection',
    codes: ['I71'],
    regions: ['thoracic', 'lumbar', 'abdomen', 'rib-cage'],
    example: 'I71.4',
  },
  osteomyelitis: { label: 'Osteomyelitis', codes: ['M86'], regions: 'all', site: true, example: 'M86.9' },
  'spinal-tuberculosis': {
    label: 'Tuberculosis of spine',
    codes: ['A18.01'],
    regions: SPINE_REGIONS,
    example: 'A18.01',
  },
  'septic-arthritis': {
    label: 'Septic (pyogenic) arthritis',
    codes: ['M00'],
    regions: 'all',
    site: true,
    example: 'M00.9',
  },
  'skull-fracture': {
    label: 'Fracture of skull or facial bones',
    codes: ['S02'],
    regions: ['head'],
    example: 'S02.0XXA',
  },
  'cervical-fracture': {
    label: 'Fracture of cervical vertebra',
    codes: ['S12'],
    regions: ['cervical'],
    example: 'S12.100A',
  },
  'thoracic-fracture': {
    label: 'Fracture of thoracic vertebra',
    codes: ['S22.0'],
    regions: ['thoracic'],
    example: 'S22.009A',
  },
  'rib-fracture': {
    label: 'Fracture of ribs / flail chest',
    codes: ['S22.3', 'S22.4', 'S22.5'],
    regions: ['rib-cage'],
    example: 'S22.31XA',
  },
  'lumbar-fracture': {
    label: 'Fracture of lumbar vertebra',
    codes: ['S32.0'],
    regions: ['lumbar'],
    example: 'S32.009A',
  },
  'sacral-fracture': {
    label: 'Fracture of sacrum or coccyx',
    codes: ['S32.1', 'S32.2'],
    regions: ['sacral'],
    example: 'S32.10XA',
  },
  'pelvic-fracture': {
    label: 'Fracture of pelvis',
    codes: [{ from: 'S32.3', to: 'S32.8' }],
    regions: ['pelvic'],
    example: 'S32.401A',
  },
  'upper-extremity-fracture': {
    label: 'Fracture of shoulder, arm, forearm, wrist or hand',
    codes: ['S42', 'S52', 'S62'],
    regions: ['upper-extremity'],
    example: 'S52.501A',
  },
  'lower-extremity-fracture': {
    label: 'Fracture of femur, lower leg or foot',
    codes: ['S72', 'S82', 'S92'],
    regions: ['lower-extremity'],
    example: 'S82.201A',
  },
  'pathological-fracture': {
    label: 'Pathological fracture',
    codes: [{ from: 'M84.4', to: 'M84.6' }],
    regions: 'all',
    site: true,
    example: 'M84.48XA',
  },
  'cauda-equina': {
    label: 'Cauda equina syndrome',
    codes: ['G83.4'],
    regions: ['lumbar', 'sacral', 'pelvic'],
    example: 'G83.4',
  },
  myelopathy: {
    label: 'Myelopathy / spondylosis with myelopathy',
    codes: ['G95.9', 'M47.1'],
    regions: SPINE_REGIONS,
    example: 'M47.12',
  },
  'cervical-disc-neuro': {
    label: 'Cervical disc disorder with myelopathy or radiculopathy',
    codes: ['M50.0', 'M50.1'],
    regions: ['cervical'],
    example: 'M50.12',
  },
  'thoracolumbar-disc-neuro': {
    label: 'Thoracic/lumbar disc disorder with myelopathy or radiculopathy',
    codes: ['M51.0', 'M51.1'],
    regions: ['thoracic', 'lumbar'],
    example: 'M51.16',
  },
  whiplash: {
    label: 'Sprain of cervical spine ligaments (whiplash)',
    codes: ['S13.4'],
    regions: ['cervical'],
    example: 'S13.4XXA',
  },
  'anticoagulant-use': {
    label: 'Long-term (current) use of anticoagulants',
    codes: ['Z79.01'],
    regions: 'all',
    example: 'Z79.01',
  },
  'coagulation-defect': {
    label: 'Coagulation defect (incl. haemophilia)',
    codes: [{ from: 'D65', to: 'D68' }],
    regions: 'all',
    example: 'D66',
  },
  dvt: {
    label: 'Acute deep-vein thrombosis of lower extremity',
    codes: ['I82.4'],
    regions: ['lower-extremity'],
    example: 'I82.401',
  },
  pregnancy: {
    label: 'Pregnancy',
    codes: ['Z33.1', { from: 'O00', to: 'O9A' }],
    regions: 'all',
    example: 'Z33.1',
  },
  'intracranial-haemorrhage': {
    label: 'Intracranial haemorrhage',
    codes: [{ from: 'I60', to: 'I62' }],
    regions: ['head'],
    example: 'I61.9',
  },
  hydrocephalus: { label: 'Hydrocephalus', codes: ['G91'], regions: ['head'], example: 'G91.9' },
  'cerebral-aneurysm': {
    label: 'Cerebral aneurysm, nonruptured',
    codes: ['I67.1'],
    regions: ['head'],
    example: 'I67.1',
  },
  fever: { label: 'Fever', codes: ['R50'], regions: 'all', example: 'R50.9' },
  cellulitis: { label: 'Cellulitis', codes: ['L03'], regions: 'all', site: true, example: 'L03.90' },
} satisfies Record<string, ConditionFamily>;

export type ConditionFamilyId = keyof typeof FAMILIES;
export const CONDITION_FAMILIES: Readonly<Record<ConditionFamilyId, ConditionFamily>> = FAMILIES;

export const FRACTURE_FAMILIES: readonly ConditionFamilyId[] = [
  'skull-fracture',
  'cervical-fracture',
  'thoracic-fracture',
  'rib-fracture',
  'lumbar-fracture',
  'sacral-fracture',
  'pelvic-fracture',
  'upper-extremity-fracture',
  'lower-extremity-fracture',
  'pathological-fracture',
];

/** Patient flags that are not diagnoses (api.md, reference §9). */
export const FLAG_IDS = [
  'anticoagulated',
  'pregnant',
  'no-consent',
  'recent-surgery',
  'cannot-cooperate',
  'unstable',
] as const;

export type FlagId = (typeof FLAG_IDS)[number];

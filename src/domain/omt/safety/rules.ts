import type { RegionId } from '../regions.ts';
import type { SourceId } from '../sources.ts';
import { TECHNIQUE_IDS, type TechniqueId } from '../techniques.ts';
import { FRACTURE_FAMILIES, type ConditionFamilyId, type FlagId } from './families.ts';

/**
 * Contraindication rules as data (reference §3.3–3.7 and the §9 code families). Each rule lists the
 * readings of its sources; where they disagree, or a source lists an item without confirming its
 * severity, the policy decides: `strict` takes the most severe reading, `lenient` the least severe
 * confirmed one (see `resolveSeverity`).
 */
export type Severity = 'absolute' | 'relative';
export type Policy = 'strict' | 'lenient';

export interface Reading {
  severity: Severity;
  source: SourceId;
  /**
   * False when the source lists the item without confirming this severity, only for a qualified form
   * (e.g. "severe", "acute"), or the fact itself is unverified. Strict keeps it; lenient ignores it.
   */
  confirmed: boolean;
  note?: string;
}

export type Trigger =
  | { family: ConditionFamilyId }
  | { flag: FlagId }
  | { ageBelowYears: number }
  /** Anticoagulated and the therapeutic level has not been checked recently (or that is unknown). */
  | { anticoagulationUnchecked: true };

export interface SafetyRule {
  id: string;
  techniques: readonly TechniqueId[];
  /** The rule fires when any trigger matches. */
  triggers: readonly Trigger[];
  /** Narrows the triggers' region scope (e.g. thoracic pump only on the chest). */
  regionsWithin?: readonly RegionId[];
  /** Replaces the triggers' region scope with the whole body. */
  anyRegion?: boolean;
  readings: readonly Reading[];
  message: string;
  /** Part of the rule that no source confirms, shown with every reason. */
  caveat?: string;
}

export interface RedFlagRule {
  id: string;
  triggers: readonly Trigger[];
  message: string;
  sources: readonly SourceId[];
  basis: 'reference' | 'derived';
}

const abs = (source: SourceId, note?: string): Reading => ({
  severity: 'absolute',
  source,
  confirmed: true,
  note,
});
const rel = (source: SourceId, note?: string): Reading => ({
  severity: 'relative',
  source,
  confirmed: true,
  note,
});
/** Listed as a contraindication without a confirmed severity, or only for a qualified form. */
const listed = (source: SourceId, note: string): Reading => ({
  severity: 'absolute',
  source,
  confirmed: false,
  note,
});
const unverified = (severity: Severity, note: string): Reading => ({
  severity,
  source: 'unverified',
  confirmed: false,
  note,
});

const fams = (...ids: ConditionFamilyId[]): Trigger[] => ids.map((family) => ({ family }));
const DIRECT_NOT_HVLA: TechniqueId[] = ['soft-tissue', 'muscle-energy', 'articulatory'];
const DIRECT: TechniqueId[] = ['soft-tissue', 'hvla', 'muscle-energy', 'articulatory'];
const WHO_DE = 'who-direct-list-de' as const;

const FRACTURE = fams(...FRACTURE_FAMILIES);
const BONE_DENSITY = fams('osteoporosis', 'osteopenia');
const BONE_MALIGNANCY = fams('bone-metastasis', 'primary-bone-malignancy', 'multiple-myeloma');
const BONE_JOINT_INFECTION = fams('osteomyelitis', 'spinal-tuberculosis', 'septic-arthritis');
const LOCAL_INFECTION = fams('fever', 'cellulitis');
const VERTEBRAL_ARTERY = fams('vertebrobasilar-insufficiency', 'cervical-artery-dissection');
const DISC_NEURO = fams('cervical-disc-neuro', 'thoracolumbar-disc-neuro');
const INTRACRANIAL = fams('intracranial-haemorrhage', 'hydrocephalus', 'cerebral-aneurysm');
const ANTICOAGULATED: Trigger[] = [{ flag: 'anticoagulated' }, { family: 'anticoagulant-use' }];
const PREGNANT: Trigger[] = [{ flag: 'pregnant' }, { family: 'pregnancy' }];
const RECENT_SURGERY: Trigger[] = [{ flag: 'recent-surgery' }];

/** Placeholder age band for "infants and young children"; the reference gives no threshold. */
export const YOUNG_CHILD_BELOW_YEARS = 5;
const AGE_CAVEAT = `The age band (under ${YOUNG_CHILD_BELOW_YEARS} years) is a placeholder: the reference has no paediatric contraindication source; needs NMM/OMM sign-off.`;

export const SAFETY_RULES: readonly SafetyRule[] = [
  // Consent (WHO principle 1)
  {
    id: 'no-consent',
    techniques: TECHNIQUE_IDS,
    triggers: [{ flag: 'no-consent' }],
    readings: [abs('who-benchmarks', 'refusal or lack of informed consent: absolute for every technique')],
    message: 'No informed consent: no technique may be performed until the patient consents.',
  },

  // Acute fracture or dislocation in the treated area
  {
    id: 'hvla-fracture',
    techniques: ['hvla'],
    triggers: FRACTURE,
    readings: [
      abs('hvla-board-review', 'fracture in the thrust area'),
      abs('pmc-contraindication-table', 'acute fracture/dislocation'),
    ],
    message: 'Fracture in this region: no thrust techniques here.',
  },
  {
    id: 'met-fracture',
    techniques: ['muscle-energy'],
    triggers: FRACTURE,
    readings: [abs('met-contraindications', 'fractures, dislocations')],
    message: 'Fracture in this region: muscle energy is contraindicated here.',
  },
  {
    id: 'articulatory-fracture',
    techniques: ['articulatory'],
    triggers: FRACTURE,
    readings: [
      abs('articulatory-praticonnect', 'recent unstabilised fracture'),
      listed(WHO_DE, 'acute fracture'),
    ],
    message: 'Fracture in this region: articulatory technique is contraindicated here.',
  },
  {
    id: 'soft-tissue-fracture',
    techniques: ['soft-tissue'],
    triggers: FRACTURE,
    readings: [abs('soft-tissue-entry', 'acute injury')],
    message: 'Fracture (acute injury) in this region: avoid direct soft-tissue work here.',
  },
  {
    id: 'counterstrain-fracture',
    techniques: ['counterstrain'],
    triggers: FRACTURE,
    readings: [abs('counterstrain-changyan', 'trauma')],
    message: 'Fracture (trauma) in this region: counterstrain positioning is contraindicated here.',
  },
  {
    id: 'mfr-fracture',
    techniques: ['myofascial-release'],
    triggers: FRACTURE,
    readings: [rel('wikism-mfr', 'fracture or dislocation'), rel('namu-mfr', 'healing fracture (regional)')],
    message:
      'Fracture in this region: myofascial release only with care (light pressure, work around the area).',
  },
  {
    id: 'lymphatic-fracture',
    techniques: ['lymphatic'],
    triggers: FRACTURE,
    readings: [rel('lymphatic-pump', 'fractures')],
    message: 'Fracture in this region: lymphatic techniques only with care.',
  },
  {
    id: 'chapman-fracture',
    techniques: ['chapman-reflex'],
    triggers: FRACTURE,
    readings: [rel('chapman-brainscape', 'fracture')],
    message: "Fracture in this region: Chapman's reflex treatment only with care.",
  },
  {
    id: 'cranial-skull-fracture',
    techniques: ['cranial'],
    triggers: fams('skull-fracture'),
    readings: [
      unverified('absolute', 'skull fracture as an OCF contraindication is commonly taught, not verified'),
    ],
    message: 'Skull fracture: cranial treatment is commonly taught as contraindicated (unverified).',
  },

  // Osteoporosis / osteopenia
  {
    id: 'hvla-osteoporosis',
    techniques: ['hvla'],
    triggers: BONE_DENSITY,
    readings: [
      abs('hvla-board-review', 'osteoporosis: absolute'),
      rel('pmc-contraindication-table', 'demineralisation: relative'),
      listed('jacm-table-9', 'severe osteoporosis: possible contraindication'),
      rel('osu-cervical-cpg', 'osteoporosis: precaution'),
    ],
    message: 'Osteoporosis/osteopenia: thrust risks fracture; prefer indirect techniques.',
  },
  {
    id: 'met-osteoporosis',
    techniques: ['muscle-energy'],
    triggers: BONE_DENSITY,
    readings: [
      listed('met-contraindications', 'severe osteoporosis'),
      listed(WHO_DE, 'osteoporosis; osteopenia (direct techniques)'),
    ],
    message: 'Osteoporosis/osteopenia: muscle energy is listed as contraindicated (severe osteoporosis).',
  },
  {
    id: 'articulatory-osteoporosis',
    techniques: ['articulatory'],
    triggers: BONE_DENSITY,
    readings: [listed(WHO_DE, 'osteoporosis; osteopenia (direct techniques)')],
    message: 'Osteoporosis/osteopenia: on the WHO-aligned direct-technique list.',
  },
  {
    id: 'mfr-osteoporosis',
    techniques: ['myofascial-release'],
    triggers: BONE_DENSITY,
    readings: [rel('wikism-mfr', 'osteoporosis/osteopenia'), rel('namu-mfr', 'osteoporosis (regional)')],
    message: 'Osteoporosis/osteopenia: myofascial release with light pressure only.',
  },
  {
    id: 'lymphatic-osteoporosis',
    techniques: ['lymphatic'],
    triggers: BONE_DENSITY,
    regionsWithin: ['thoracic', 'rib-cage'],
    readings: [
      unverified('relative', 'thoracic-pump caution in osteoporosis is commonly taught, not verified'),
    ],
    message: 'Osteoporosis: chest compressions of the thoracic pump need care (unverified).',
  },

  // Bone malignancy
  {
    id: 'hvla-bone-malignancy',
    techniques: ['hvla'],
    triggers: BONE_MALIGNANCY,
    readings: [
      abs('hvla-board-review', 'bone metastasis / primary bone tumour'),
      listed('jacm-table-9', 'possible contraindication'),
    ],
    message: 'Malignancy in bone: no thrust techniques in this region.',
  },
  {
    id: 'met-bone-metastasis',
    techniques: ['muscle-energy'],
    triggers: fams('bone-metastasis'),
    readings: [abs('who-direct-list', 'compromised bone integrity from metastatic disease')],
    message: 'Bone metastasis: direct techniques such as muscle energy are contraindicated in this region.',
  },
  {
    id: 'met-bone-neoplasm',
    techniques: ['muscle-energy'],
    triggers: fams('primary-bone-malignancy', 'multiple-myeloma'),
    readings: [listed(WHO_DE, 'neoplasm; focal bone instability from neoplasm')],
    message: 'Bone neoplasm: muscle energy is on the WHO-aligned direct-technique list.',
  },
  {
    id: 'articulatory-malignancy',
    techniques: ['articulatory'],
    triggers: BONE_MALIGNANCY,
    readings: [
      abs('articulatory-grokipedia', 'malignancy'),
      abs('articulatory-praticonnect', 'joint tumour'),
    ],
    message: 'Malignancy in bone: articulatory technique is contraindicated in this region.',
  },
  {
    id: 'soft-tissue-malignancy',
    techniques: ['soft-tissue'],
    triggers: BONE_MALIGNANCY,
    readings: [abs('soft-tissue-entry', 'cancer')],
    message: 'Malignancy in bone: avoid direct soft-tissue work in this region.',
  },
  {
    id: 'mfr-malignancy',
    techniques: ['myofascial-release'],
    triggers: BONE_MALIGNANCY,
    readings: [rel('wikism-mfr', 'malignancy: relative'), abs('namu-mfr', 'malignancy: absolute')],
    message: 'Malignancy in bone: sources differ on myofascial release (relative vs absolute).',
  },
  {
    id: 'lymphatic-malignancy',
    techniques: ['lymphatic'],
    triggers: BONE_MALIGNANCY,
    readings: [rel('lymphatic-pump', 'cancer')],
    message: 'Malignancy: lymphatic techniques only with care.',
  },
  {
    id: 'chapman-malignancy',
    techniques: ['chapman-reflex'],
    triggers: BONE_MALIGNANCY,
    readings: [rel('chapman-brainscape', 'cancer')],
    message: "Malignancy: Chapman's reflex treatment only with care.",
  },

  // Infection
  {
    id: 'hvla-infection',
    techniques: ['hvla'],
    triggers: [...BONE_JOINT_INFECTION, ...LOCAL_INFECTION],
    readings: [
      abs('hvla-board-review', "osteomyelitis incl. Pott's disease"),
      abs('pmc-contraindication-table', 'infection'),
    ],
    message: 'Infection: no thrust techniques in the affected region.',
  },
  {
    id: 'met-infection',
    techniques: ['muscle-energy'],
    triggers: [...BONE_JOINT_INFECTION, ...LOCAL_INFECTION],
    readings: [listed(WHO_DE, 'osteomyelitis, bone tuberculosis, septic arthritis, abscess')],
    message: 'Infection: muscle energy is on the WHO-aligned direct-technique list.',
  },
  {
    id: 'articulatory-bone-joint-infection',
    techniques: ['articulatory'],
    triggers: BONE_JOINT_INFECTION,
    readings: [
      abs('articulatory-praticonnect', 'septic arthritis'),
      listed(WHO_DE, 'osteomyelitis, bone TB'),
    ],
    message: 'Bone or joint infection: articulatory technique is contraindicated in this region.',
  },
  {
    id: 'articulatory-local-infection',
    techniques: ['articulatory'],
    triggers: LOCAL_INFECTION,
    readings: [listed(WHO_DE, 'abscess, infection')],
    message: 'Infection: articulatory technique is on the WHO-aligned direct-technique list.',
  },
  {
    id: 'mfr-infection',
    techniques: ['myofascial-release'],
    triggers: [...BONE_JOINT_INFECTION, ...LOCAL_INFECTION],
    readings: [
      rel('wikism-mfr', 'infection'),
      rel('namu-mfr', 'infection, fever, cellulitis, osteomyelitis'),
    ],
    message: 'Infection or fever: myofascial release only with care.',
  },
  {
    id: 'counterstrain-infection',
    techniques: ['counterstrain'],
    triggers: LOCAL_INFECTION,
    readings: [rel('counterstrain-changyan', 'acute injury in the area, e.g. infection')],
    message: 'Infection: counterstrain only with care in the affected area.',
  },
  {
    id: 'lymphatic-infection',
    techniques: ['lymphatic'],
    triggers: [...BONE_JOINT_INFECTION, ...LOCAL_INFECTION],
    readings: [rel('lymphatic-pump', 'bacterial infection with fever; abscess')],
    message: 'Infection or fever: lymphatic techniques only with care.',
  },

  // Vertebral artery (cervical)
  {
    id: 'hvla-vbi',
    techniques: ['hvla'],
    triggers: fams('vertebrobasilar-insufficiency'),
    readings: [
      rel('hvla-board-review', 'vertebrobasilar insufficiency: relative'),
      abs('pmc-contraindication-table', 'VBI: absolute'),
      abs('bmc-smt-case-table', 'VBI: contraindication'),
      listed(WHO_DE, 'suspected vertebral-artery compromise'),
    ],
    message:
      'Vertebrobasilar insufficiency: cervical thrust risks vertebral-artery injury; sources disagree on severity.',
  },
  {
    id: 'hvla-cervical-artery-dissection',
    techniques: ['hvla'],
    triggers: fams('cervical-artery-dissection'),
    readings: [
      abs('osu-cervical-cpg', 'suspected cervical artery dissection: contraindication'),
      listed(WHO_DE, 'suspected vascular compromise'),
    ],
    message: 'Cervical artery dissection: no cervical thrust.',
  },
  {
    id: 'met-vbi',
    techniques: ['muscle-energy'],
    triggers: VERTEBRAL_ARTERY,
    readings: [
      abs('met-contraindications', 'vertebrobasilar insufficiency'),
      listed(WHO_DE, 'vertebral-artery compromise'),
    ],
    message: 'Vertebral-artery compromise: no cervical muscle energy.',
  },
  {
    id: 'articulatory-vbi',
    techniques: ['articulatory'],
    triggers: VERTEBRAL_ARTERY,
    readings: [listed(WHO_DE, 'suspected vertebral-artery compromise')],
    message:
      'Vertebral-artery compromise: cervical articulatory technique is on the WHO-aligned direct list.',
  },
  {
    id: 'mfr-vbi',
    techniques: ['myofascial-release'],
    triggers: VERTEBRAL_ARTERY,
    readings: [rel('wikism-mfr', 'vascular compromise')],
    message: 'Vertebral-artery compromise: cervical myofascial release only with care.',
  },

  // Atlanto-axial instability risk (cervical)
  {
    id: 'hvla-down-syndrome',
    techniques: ['hvla'],
    triggers: fams('down-syndrome'),
    readings: [
      abs('hvla-board-review', 'transverse-ligament laxity, atlanto-axial subluxation risk'),
      abs('bonewizardry-hvla', 'atlanto-axial instability'),
      rel('osu-cervical-cpg', 'congenital collagenous compromise: precaution'),
    ],
    message:
      'Down syndrome: ligament laxity risks atlanto-axial subluxation with cervical thrust; sources disagree on severity.',
  },
  {
    id: 'met-down-syndrome',
    techniques: ['muscle-energy'],
    triggers: fams('down-syndrome'),
    readings: [listed('met-contraindications', 'joint instability')],
    message:
      'Down syndrome: cervical muscle energy is contraindicated if atlanto-axial instability is present.',
  },
  {
    id: 'articulatory-down-syndrome',
    techniques: ['articulatory'],
    triggers: fams('down-syndrome'),
    readings: [listed('articulatory-grokipedia', 'joint instability')],
    message: 'Down syndrome: cervical articulatory technique is contraindicated if the joint is unstable.',
  },
  {
    id: 'hvla-rheumatoid-cervical',
    techniques: ['hvla'],
    triggers: fams('rheumatoid-arthritis'),
    readings: [
      abs('hvla-board-review', 'severe RA: dens/transverse-ligament erosion'),
      abs('bonewizardry-hvla', 'atlanto-axial instability'),
      listed('pmc-contraindication-table', 'acute inflammatory arthropathy'),
      listed('jacm-table-9', 'RA with acute inflammation or atlanto-axial instability'),
      rel('osu-cervical-cpg', 'RA: precaution'),
      rel('bmc-smt-case-table', 'RA: precaution'),
    ],
    message: 'Rheumatoid arthritis: upper-cervical instability risk; sources disagree on severity.',
  },
  {
    id: 'met-rheumatoid-cervical',
    techniques: ['muscle-energy'],
    triggers: fams('rheumatoid-arthritis'),
    readings: [
      listed('met-contraindications', 'joint instability'),
      listed('who-direct-list', 'compromised joint integrity from rheumatic disease'),
    ],
    message:
      'Rheumatoid arthritis: cervical muscle energy is contraindicated when joint integrity is compromised.',
  },
  {
    id: 'articulatory-rheumatoid-cervical',
    techniques: ['articulatory'],
    triggers: fams('rheumatoid-arthritis'),
    readings: [
      listed('articulatory-grokipedia', 'acute inflammation, joint instability'),
      listed('who-direct-list', 'compromised joint integrity from rheumatic disease'),
    ],
    message:
      'Rheumatoid arthritis: cervical articulatory technique is contraindicated when the joint is unstable.',
  },
  {
    id: 'mfr-rheumatoid-cervical',
    techniques: ['myofascial-release'],
    triggers: fams('rheumatoid-arthritis'),
    readings: [listed('namu-mfr', 'acute rheumatoid arthritis')],
    message:
      'Rheumatoid arthritis: myofascial release is listed as contraindicated during acute inflammation.',
  },

  // Connective-tissue compromise
  {
    id: 'hvla-connective-tissue',
    techniques: ['hvla'],
    triggers: fams('connective-tissue-disorder'),
    readings: [
      abs('who-direct-list', 'connective-tissue disease compromising tissue integrity'),
      rel('osu-cervical-cpg', 'congenital collagenous compromise: precaution'),
    ],
    message:
      'Connective-tissue disorder: compromised tissue integrity; sources disagree on the severity for thrust.',
  },
  {
    id: 'direct-connective-tissue',
    techniques: DIRECT_NOT_HVLA,
    triggers: fams('connective-tissue-disorder'),
    readings: [abs('who-direct-list', 'connective-tissue disease compromising tissue integrity')],
    message: 'Connective-tissue disorder: direct techniques are contraindicated.',
  },
  {
    id: 'counterstrain-connective-tissue',
    techniques: ['counterstrain'],
    triggers: fams('connective-tissue-disorder'),
    readings: [rel('counterstrain-changyan', 'connective-tissue disease')],
    message: 'Connective-tissue disorder: counterstrain positioning with care.',
  },

  // Bleeding risk
  {
    id: 'direct-anticoagulation-unchecked',
    techniques: DIRECT,
    triggers: [{ anticoagulationUnchecked: true }],
    readings: [
      abs('who-direct-list', 'anticoagulant therapy without a recent check of the therapeutic level'),
    ],
    message:
      'Anticoagulated without a recent check of the therapeutic level: direct techniques are contraindicated until it is checked.',
  },
  {
    id: 'hvla-anticoagulation',
    techniques: ['hvla'],
    triggers: ANTICOAGULATED,
    readings: [
      rel('hvla-board-review', 'anticoagulation'),
      rel('pmc-contraindication-table', 'anticoagulants'),
      listed('jacm-table-9', 'high-dose anticoagulation or unstable bleeding: possible contraindication'),
    ],
    message: 'Anticoagulated: bleeding risk with thrust; sources disagree on severity.',
  },
  {
    id: 'mfr-anticoagulation',
    techniques: ['myofascial-release'],
    triggers: ANTICOAGULATED,
    readings: [rel('namu-mfr', 'anticoagulants (regional)')],
    message: 'Anticoagulated: myofascial release with light pressure only.',
  },
  {
    id: 'hvla-bleeding-disorder',
    techniques: ['hvla'],
    triggers: fams('coagulation-defect'),
    readings: [
      abs('who-direct-list', 'suspected bleeding disorder; clotting abnormalities'),
      rel('hvla-board-review', 'haemophilia'),
    ],
    message: 'Coagulation defect: bleeding risk with thrust; sources disagree on severity.',
  },
  {
    id: 'direct-bleeding-disorder',
    techniques: DIRECT_NOT_HVLA,
    triggers: fams('coagulation-defect'),
    readings: [abs('who-direct-list', 'suspected bleeding disorder; clotting abnormalities')],
    message: 'Coagulation defect: direct techniques are contraindicated.',
  },

  // Neurological compromise
  {
    id: 'hvla-cauda-equina',
    techniques: ['hvla'],
    triggers: fams('cauda-equina'),
    readings: [
      abs('pmc-contraindication-table', 'acute cauda equina'),
      abs('jacm-table-9', 'progressive or sudden neurological deficit'),
    ],
    message: 'Cauda equina syndrome: no thrust; refer.',
  },
  {
    id: 'hvla-myelopathy',
    techniques: ['hvla'],
    triggers: fams('myelopathy'),
    readings: [listed('pmc-contraindication-table', 'acute myelopathy')],
    message: 'Myelopathy: thrust is contraindicated when acute.',
  },
  {
    id: 'hvla-disc-neuro',
    techniques: ['hvla'],
    triggers: DISC_NEURO,
    readings: [
      rel('hvla-board-review', 'herniated nucleus pulposus: relative'),
      listed('pmc-contraindication-table', 'acute myelopathy'),
      listed('jacm-table-9', 'progressive or sudden neurological deficit'),
    ],
    message:
      'Disc disorder with radiculopathy/myelopathy: thrust only if no progressive deficit; sources disagree.',
  },
  {
    id: 'met-neuro-compromise',
    techniques: ['muscle-energy'],
    triggers: [...fams('cauda-equina'), ...DISC_NEURO],
    readings: [listed(WHO_DE, 'acute cauda equina; disc herniation with progressive neurological signs')],
    message: 'Neurological compromise: muscle energy is on the WHO-aligned direct-technique list.',
  },
  {
    id: 'articulatory-neuro-compromise',
    techniques: ['articulatory'],
    triggers: [...fams('cauda-equina'), ...DISC_NEURO],
    readings: [listed(WHO_DE, 'acute cauda equina; disc herniation with progressive neurological signs')],
    message: 'Neurological compromise: articulatory technique is on the WHO-aligned direct-technique list.',
  },

  // Acute whiplash (cervical)
  {
    id: 'hvla-whiplash',
    techniques: ['hvla'],
    triggers: fams('whiplash'),
    readings: [rel('hvla-board-review', 'acute whiplash: relative'), listed(WHO_DE, 'acute whiplash')],
    message: 'Acute whiplash: cervical thrust only with a documented reason, if at all.',
  },
  {
    id: 'met-whiplash',
    techniques: ['muscle-energy'],
    triggers: fams('whiplash'),
    readings: [listed('met-contraindications', 'severe whiplash'), listed(WHO_DE, 'acute whiplash')],
    message: 'Whiplash: cervical muscle energy is contraindicated when severe.',
  },
  {
    id: 'articulatory-whiplash',
    techniques: ['articulatory'],
    triggers: fams('whiplash'),
    readings: [listed(WHO_DE, 'acute whiplash')],
    message: 'Acute whiplash: cervical articulatory technique is on the WHO-aligned direct list.',
  },
  {
    id: 'mfr-whiplash',
    techniques: ['myofascial-release'],
    triggers: fams('whiplash'),
    readings: [rel('wikism-mfr', 'acute sprain/strain')],
    message: 'Acute whiplash: cervical myofascial release only with care.',
  },

  // Pregnancy
  {
    id: 'hvla-pregnancy',
    techniques: ['hvla'],
    triggers: PREGNANT,
    readings: [rel('hvla-board-review', 'pregnancy: relative')],
    message: 'Pregnancy: thrust is a relative contraindication; document the reason and adapt positioning.',
  },

  // Recent surgery at a site
  {
    id: 'hvla-recent-surgery',
    techniques: ['hvla'],
    triggers: RECENT_SURGERY,
    readings: [
      rel('hvla-board-review', 'post-operative state'),
      rel('pmc-contraindication-table', 'post-surgical joint with inflammation or instability'),
      listed(WHO_DE, 'recent surgery; surgical internal fixation'),
    ],
    message: 'Recent surgery in this region: thrust is at least a precaution; sources disagree on severity.',
  },
  {
    id: 'met-recent-surgery',
    techniques: ['muscle-energy'],
    triggers: RECENT_SURGERY,
    readings: [abs('met-contraindications', 'recent surgery'), listed(WHO_DE, 'recent surgery')],
    message: 'Recent surgery in this region: muscle energy is contraindicated.',
  },
  {
    id: 'articulatory-recent-surgery',
    techniques: ['articulatory'],
    triggers: RECENT_SURGERY,
    readings: [listed(WHO_DE, 'recent surgery; surgical internal fixation')],
    message: 'Recent surgery in this region: articulatory technique is on the WHO-aligned direct list.',
  },
  {
    id: 'soft-tissue-recent-surgery',
    techniques: ['soft-tissue'],
    triggers: RECENT_SURGERY,
    readings: [abs('soft-tissue-entry', 'over wounds')],
    message: 'Recent surgery in this region: no direct soft-tissue work over the wound.',
  },
  {
    id: 'mfr-recent-surgery',
    techniques: ['myofascial-release'],
    triggers: RECENT_SURGERY,
    readings: [rel('namu-mfr', 'open wounds, sutures (regional)')],
    message: 'Recent surgery in this region: myofascial release around, not over, sutures.',
  },
  {
    id: 'lymphatic-recent-surgery',
    techniques: ['lymphatic'],
    triggers: RECENT_SURGERY,
    regionsWithin: ['thoracic', 'rib-cage'],
    readings: [
      unverified(
        'relative',
        'thoracic pump after chest surgery is commonly taught as a caution, not verified',
      ),
    ],
    message: 'Recent chest surgery: thoracic pump needs care (unverified).',
  },

  // Intracranial conditions (head)
  {
    id: 'direct-intracranial',
    techniques: DIRECT,
    triggers: INTRACRANIAL,
    readings: [
      listed(WHO_DE, 'acute intracranial bleeding; acute or undiagnosed hydrocephalus; cerebral aneurysm'),
    ],
    message: 'Intracranial condition: direct techniques to the head are on the WHO-aligned direct list.',
  },
  {
    id: 'cranial-intracranial',
    techniques: ['cranial'],
    triggers: INTRACRANIAL,
    readings: [
      unverified('absolute', 'acute intracranial bleed / raised ICP as OCF contraindications, not verified'),
    ],
    message:
      'Intracranial bleed, hydrocephalus or aneurysm: cranial treatment is commonly taught as contraindicated (unverified).',
  },

  // Aortic aneurysm
  {
    id: 'hvla-aortic-aneurysm',
    techniques: ['hvla'],
    triggers: fams('aortic-aneurysm'),
    readings: [
      abs('pmc-contraindication-table', 'aneurysm'),
      listed('jacm-table-9', 'unstable aortic aneurysm'),
      listed(WHO_DE, 'aortic aneurysm'),
    ],
    message: 'Aortic aneurysm: no thrust over the trunk.',
  },
  {
    id: 'direct-aortic-aneurysm',
    techniques: DIRECT_NOT_HVLA,
    triggers: fams('aortic-aneurysm'),
    readings: [listed(WHO_DE, 'aortic aneurysm')],
    message: 'Aortic aneurysm: direct techniques over the trunk are on the WHO-aligned direct list.',
  },
  {
    id: 'mfr-aortic-aneurysm',
    techniques: ['myofascial-release'],
    triggers: fams('aortic-aneurysm'),
    readings: [abs('namu-mfr', 'aneurysm')],
    message: 'Aortic aneurysm: no myofascial release over the trunk.',
  },

  // Deep-vein thrombosis
  {
    id: 'mfr-dvt',
    techniques: ['myofascial-release'],
    triggers: fams('dvt'),
    readings: [rel('namu-mfr', 'acute circulatory conditions')],
    message: 'Deep-vein thrombosis: myofascial release of the leg only with care.',
  },
  {
    id: 'lymphatic-dvt',
    techniques: ['lymphatic'],
    triggers: fams('dvt'),
    anyRegion: true,
    readings: [
      unverified('absolute', 'pedal pump with acute DVT is commonly taught as contraindicated, not verified'),
    ],
    message:
      'Acute deep-vein thrombosis: lymphatic pumps (pedal pump rocks the whole body) are commonly taught as contraindicated (unverified).',
  },

  // Cooperation and age
  {
    id: 'met-cannot-cooperate',
    techniques: ['muscle-energy'],
    triggers: [{ flag: 'cannot-cooperate' }],
    readings: [abs('statpearls-met', 'active technique: needs the patient’s voluntary contraction')],
    message: 'Patient cannot cooperate: muscle energy needs the patient to follow commands.',
  },
  {
    id: 'counterstrain-cannot-cooperate',
    techniques: ['counterstrain'],
    triggers: [{ flag: 'cannot-cooperate' }],
    readings: [rel('counterstrain-changyan', 'uncooperative patient')],
    message: 'Patient cannot cooperate: counterstrain relies on tenderness feedback; use with care.',
  },
  {
    id: 'met-young-child',
    techniques: ['muscle-energy'],
    triggers: [{ ageBelowYears: YOUNG_CHILD_BELOW_YEARS }],
    readings: [rel('statpearls-met', 'active technique: the patient must follow commands')],
    message: 'Infant or young child: muscle energy needs a patient who can follow commands.',
    caveat: AGE_CAVEAT,
  },
  {
    id: 'hvla-young-child',
    techniques: ['hvla'],
    triggers: [{ ageBelowYears: YOUNG_CHILD_BELOW_YEARS }],
    readings: [
      unverified('absolute', 'no source in the reference addresses thrust in infants or young children'),
      {
        severity: 'relative',
        source: 'cms-lcd-l33616',
        confirmed: false,
        note: 'technique choice depends on age',
      },
    ],
    message:
      'Infant or young child: no source in the reference addresses thrust at this age (unverified rule).',
    caveat: AGE_CAVEAT,
  },

  // Emergency / unstable patient
  {
    id: 'met-unstable',
    techniques: ['muscle-energy'],
    triggers: [{ flag: 'unstable' }],
    readings: [abs('met-contraindications', 'severe illness')],
    message: 'Unstable or severely ill patient: stabilise first; no muscle energy.',
  },
  {
    id: 'counterstrain-unstable',
    techniques: ['counterstrain'],
    triggers: [{ flag: 'unstable' }],
    readings: [abs('counterstrain-changyan', 'severe illness')],
    message: 'Unstable or severely ill patient: stabilise first; no counterstrain.',
  },
  {
    id: 'chapman-unstable',
    techniques: ['chapman-reflex'],
    triggers: [{ flag: 'unstable' }],
    readings: [abs('chapman-brainscape', 'emergencies: stabilise first')],
    message: "Emergency: stabilise first; no Chapman's reflex treatment.",
  },
];

export const RED_FLAG_RULES: readonly RedFlagRule[] = [
  {
    id: 'cauda-equina',
    triggers: fams('cauda-equina'),
    message: 'Cauda equina syndrome: urgent referral, not manual treatment.',
    sources: ['pmc-contraindication-table', 'who-benchmarks'],
    basis: 'reference',
  },
  {
    id: 'intracranial-haemorrhage',
    triggers: fams('intracranial-haemorrhage'),
    message: 'Intracranial haemorrhage: refer; outside the scope of manual treatment.',
    sources: [WHO_DE, 'who-benchmarks'],
    basis: 'derived',
  },
  {
    id: 'cervical-artery-dissection',
    triggers: fams('cervical-artery-dissection'),
    message: 'Carotid or vertebral artery dissection: refer; no cervical manipulation.',
    sources: ['osu-cervical-cpg', 'who-benchmarks'],
    basis: 'derived',
  },
  {
    id: 'unstable-patient',
    triggers: [{ flag: 'unstable' }],
    message: 'Emergency or unstable patient: stabilise and refer before any manual treatment.',
    sources: ['chapman-brainscape', 'who-benchmarks'],
    basis: 'derived',
  },
];

const RANK: Record<Severity, number> = { relative: 1, absolute: 2 };

/** Strict: most severe reading. Lenient: least severe confirmed reading (relative if none is confirmed). */
export function resolveSeverity(readings: readonly Reading[], policy: Policy): Severity {
  if (policy === 'strict') return readings.some((r) => r.severity === 'absolute') ? 'absolute' : 'relative';
  const confirmed = readings.filter((r) => r.confirmed);
  if (confirmed.length === 0) return 'relative';
  return confirmed.reduce<Severity>(
    // Stryker disable next-line EqualityOperator: on equal rank r.severity and min are the same severity
    (min, r) => (RANK[r.severity] < RANK[min] ? r.severity : min),
    'absolute',
  );
}

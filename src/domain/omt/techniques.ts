import type { RegionId } from './regions.ts';
import type { SourceId } from './sources.ts';

/** Technique vocabulary of api.md; descriptions are our own words (reference §3.1–3.2). */
export const TECHNIQUE_IDS = [
  'soft-tissue',
  'myofascial-release',
  'hvla',
  'muscle-energy',
  'articulatory',
  'counterstrain',
  'facilitated-positional-release',
  'still-technique',
  'balanced-ligamentous-tension',
  'cranial',
  'lymphatic',
  'chapman-reflex',
] as const;

export type TechniqueId = (typeof TECHNIQUE_IDS)[number];

/** WHO Benchmarks safety grouping (reference §3.1). */
export type WhoClass = 'direct' | 'indirect' | 'combined' | 'fluid' | 'reflex';

export interface Technique {
  id: TechniqueId;
  name: string;
  /**
   * The abbreviation of the reference's tables (§3.2, §3.7: CS is counterstrain, OCF cranial, CR
   * Chapman's reflexes); shown in the picker. Still technique has none.
   */
  abbreviation: string | null;
  /** Other abbreviations clinicians type for it (case does not matter). */
  aliases: readonly string[];
  /** More than one class when the technique can be done either way (myofascial release). */
  whoClasses: readonly WhoClass[];
  /** Active techniques need the patient's voluntary effort, so the patient must follow commands. */
  activity: 'active' | 'passive';
  dose: { summary: string; holdSeconds?: number };
  clinicianDescription: string;
  patientDescription: string;
  /** Regions the technique is normally applied to; absent means any region. */
  typicalRegions?: readonly RegionId[];
  sources: readonly SourceId[];
}

export const TECHNIQUES: readonly Technique[] = [
  {
    id: 'soft-tissue',
    name: 'Soft tissue',
    abbreviation: 'ST',
    aliases: [],
    whoClasses: ['direct'],
    activity: 'passive',
    dose: {
      summary: 'Rhythmic stretch or steady inhibitory pressure, repeated while monitoring tissue response.',
    },
    clinicianDescription:
      'Direct work on muscle and fascia: lateral or linear stretch, deep inhibitory pressure or traction that separates origin and insertion; often used to prepare an area for joint techniques.',
    patientDescription:
      'The doctor uses their hands to stretch and press on tight muscles in a slow, rhythmic way to help them relax.',
    sources: ['soft-tissue-entry'],
  },
  {
    id: 'myofascial-release',
    name: 'Myofascial release',
    abbreviation: 'MFR',
    aliases: [],
    whoClasses: ['direct', 'indirect'],
    activity: 'passive',
    dose: { summary: 'Hold the fine-tuned position until the tissue releases, often about 20–30 seconds.' },
    clinicianDescription:
      'Locate the fascial restriction, load it with traction (direct) or compression (indirect), add twist or transverse fine-tuning and wait for release; patient breathing or movement may enhance it.',
    patientDescription:
      'The doctor holds gentle, sustained pressure or stretch on a tight area until it softens; you may be asked to breathe deeply.',
    sources: ['wikism-mfr'],
  },
  {
    id: 'hvla',
    name: 'High-velocity, low-amplitude (thrust)',
    abbreviation: 'HVLA',
    aliases: [],
    whoClasses: ['direct'],
    activity: 'passive',
    dose: {
      summary: 'One quick, short thrust after the restrictive barrier is engaged, usually on exhalation.',
    },
    clinicianDescription:
      'Engage the restrictive barrier in one or more planes, then apply a rapid, short-distance thrust that stays within anatomic range; a joint pop may occur.',
    patientDescription:
      'The doctor positions the joint and then gives one quick, small push. You may hear a pop; that is gas in the joint, not bones moving out of place.',
    sources: ['statpearls-hvla-lumbar', 'hvla-board-review'],
  },
  {
    id: 'muscle-energy',
    name: 'Muscle energy',
    abbreviation: 'MET',
    aliases: ['ME'],
    whoClasses: ['direct'],
    activity: 'active',
    dose: {
      summary:
        'Patient contracts against counterforce, relaxes, and the new barrier is engaged (repetitions not sourced).',
    },
    clinicianDescription:
      'Position at the restrictive barrier; the patient contracts gently against the physician’s counterforce, relaxes, and the segment is taken to its new barrier (post-isometric relaxation). Not used on the cranium.',
    patientDescription:
      'You gently push against the doctor’s hand for a few seconds, then relax while the doctor moves the joint a little further.',
    sources: ['statpearls-met'],
  },
  {
    id: 'articulatory',
    name: 'Articulatory',
    abbreviation: 'ART',
    aliases: [],
    whoClasses: ['direct'],
    activity: 'passive',
    dose: {
      summary: 'Repeated slow, wide movements into and out of the barrier through the available range.',
    },
    clinicianDescription:
      'Low-velocity, moderate-to-high-amplitude technique that repeatedly carries a restricted joint into and out of its barrier (e.g., the Spencer sequence for the shoulder).',
    patientDescription:
      'The doctor slowly moves a stiff joint back and forth through its range to loosen it.',
    sources: ['articulatory-grokipedia'],
  },
  {
    id: 'counterstrain',
    name: 'Counterstrain',
    abbreviation: 'CS',
    aliases: ['SCS'],
    whoClasses: ['indirect'],
    activity: 'passive',
    dose: {
      summary:
        'Hold the position of comfort 90 seconds (rib points often 120 s), then return slowly and re-test.',
      holdSeconds: 90,
    },
    clinicianDescription:
      'Tender-point monitored: place the patient passively in the position that reduces tenderness by at least 70%, hold 90 s, return slowly to neutral and re-check.',
    patientDescription:
      'The doctor finds a tender spot and moves you into a comfortable position where it hurts less, holds you there for about a minute and a half, then slowly brings you back.',
    sources: ['statpearls-counterstrain-fpr', 'counterstrain-trial-nct05559255'],
  },
  {
    id: 'facilitated-positional-release',
    name: 'Facilitated positional release',
    abbreviation: 'FPR',
    aliases: [],
    whoClasses: ['indirect'],
    activity: 'passive',
    dose: {
      summary:
        'Position toward ease, add a compression or torsion force and hold briefly (about 3–5 seconds).',
    },
    clinicianDescription:
      'Neutralise the sagittal curve, position the segment toward ease in all planes, add an activating force (compression or torsion) and hold briefly.',
    patientDescription:
      'The doctor places the area in a relaxed position and adds a light press for a few seconds to let tight tissue let go.',
    sources: ['statpearls-counterstrain-fpr'],
  },
  {
    id: 'still-technique',
    name: 'Still technique',
    abbreviation: null,
    aliases: [],
    whoClasses: ['combined'],
    activity: 'passive',
    dose: {
      summary:
        'A single smooth movement from ease, under a compression or traction vector, through the barrier.',
    },
    clinicianDescription:
      'Take the segment toward its position of ease, add a compression or traction vector, then carry it smoothly through the restrictive barrier (indirect then direct).',
    patientDescription:
      'The doctor first moves the area the way it likes to go, then guides it in one smooth motion in the direction it was stuck.',
    sources: ['dowling-still'],
  },
  {
    id: 'balanced-ligamentous-tension',
    name: 'Balanced ligamentous tension',
    abbreviation: 'BLT',
    aliases: ['LAS'],
    whoClasses: ['indirect'],
    activity: 'passive',
    dose: { summary: 'Light force held at the balance point until release, often about 20–30 seconds.' },
    clinicianDescription:
      'Disengage, exaggerate toward the injury position and find the point of balanced ligamentous tension; hold, using respiration, until release.',
    patientDescription:
      'The doctor holds the joint very gently in a balanced position while you breathe until the tension eases.',
    sources: ['statpearls-blt'],
  },
  {
    id: 'cranial',
    name: 'Osteopathy in the cranial field',
    abbreviation: 'OCF',
    aliases: [],
    whoClasses: ['indirect'],
    activity: 'passive',
    dose: { summary: 'Gentle sustained contact; duration not sourced.' },
    clinicianDescription:
      'Indirect, balanced membranous tension approach based on the primary respiratory mechanism (skull and sacrum), e.g. CV4.',
    patientDescription: 'The doctor rests their hands very lightly on your head or the base of your spine.',
    typicalRegions: ['head', 'sacral'],
    sources: ['nicholas-ocf'],
  },
  {
    id: 'lymphatic',
    name: 'Lymphatic techniques',
    abbreviation: 'LYM',
    aliases: [],
    whoClasses: ['fluid'],
    activity: 'passive',
    dose: { summary: 'Rhythmic pumping (thoracic or pedal pump) for a period; dose not sourced.' },
    clinicianDescription:
      'Fluid-based techniques such as the thoracic pump (rhythmic chest compressions) and pedal pump (rhythmic force through the feet) to promote lymphatic flow.',
    patientDescription:
      'The doctor makes gentle rhythmic pushes on your chest or feet to help body fluids move.',
    sources: ['lymphatic-pump'],
  },
  {
    id: 'chapman-reflex',
    name: "Chapman's reflex treatment",
    abbreviation: 'CR',
    aliases: [],
    whoClasses: ['reflex'],
    activity: 'passive',
    dose: { summary: 'Firm rotary pressure on the point from a few seconds up to about 2 minutes.' },
    clinicianDescription:
      'Treat small, firm viscerosomatic reflex points with firm rotary pressure of the finger pad until the oedematous feel resolves.',
    patientDescription:
      'The doctor presses and gently circles on small tender spots for up to a couple of minutes.',
    sources: ['chapman-acop'],
  },
];

export const TECHNIQUE_BY_ID: Readonly<Record<TechniqueId, Technique>> = Object.fromEntries(
  TECHNIQUES.map((t) => [t.id, t]),
) as Record<TechniqueId, Technique>;

export function isTechniqueId(value: unknown): value is TechniqueId {
  return typeof value === 'string' && (TECHNIQUE_IDS as readonly string[]).includes(value);
}

/**
 * Techniques that are always done direct. Myofascial release can be done indirectly, so WHO's
 * direct-technique items reach it only through its own MFR-specific rules (as in the reference's §3.7).
 */
export function techniquesOfClass(cls: WhoClass): TechniqueId[] {
  return TECHNIQUES.filter((t) => t.whoClasses.every((c) => c === cls)).map((t) => t.id);
}

export function isTypicalFor(technique: TechniqueId, region: RegionId): boolean {
  const regions = TECHNIQUE_BY_ID[technique].typicalRegions;
  return !regions || regions.includes(region);
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * How well a typed search matches a technique: 3 = its abbreviation or an alias exactly
 * ("hvla", "ME", "cs"), 2 = the start of a word of its name or the start of an abbreviation
 * ("coun", "M" for MET), 1 = anywhere in its name, 0 = no match. Case and accents do not matter.
 */
export function techniqueMatchScore(id: TechniqueId, search: string): number {
  const q = fold(search);
  if (!q) return 1;
  const t = TECHNIQUE_BY_ID[id];
  const codes = [t.abbreviation ?? '', ...t.aliases].map(fold).filter(Boolean);
  if (codes.includes(q)) return 3;
  const name = fold(t.name);
  if (codes.some((c) => c.startsWith(q)) || name.startsWith(q) || name.includes(` ${q}`)) return 2;
  return name.includes(q) || fold(t.id).includes(q) ? 1 : 0;
}

/** "Counterstrain (CS)": the name with its abbreviation, as the picker shows it. */
export function techniqueLabel(id: TechniqueId): string {
  const t = TECHNIQUE_BY_ID[id];
  return t.abbreviation ? `${t.name} (${t.abbreviation})` : t.name;
}

/** The techniques a typed search finds, best match first (catalogue order within a rank). */
export function matchTechniques(search: string, ids: readonly TechniqueId[] = TECHNIQUE_IDS): TechniqueId[] {
  return ids
    .map((id, order) => ({ id, order, score: techniqueMatchScore(id, search) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((x) => x.id);
}

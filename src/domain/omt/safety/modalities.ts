import type { IcdFamily } from '../icd10.ts';
import type { RegionId } from '../regions.ts';
import { formatSource, type SourceId } from '../sources.ts';
import { familyHits, hitsFor, patientAge, type Hit, type PatientFacts } from './engine.ts';
import type { ConditionFamily } from './families.ts';
import type { Trigger } from './rules.ts';

/**
 * Safety rules for the plan-of-care modalities that carry risks of their own (dry needling,
 * shockwave), as data, matched against the patient's record exactly as the OMT engine matches its
 * rules (`hitsFor`, `familyHits`: code families, flags, site-aware when a condition names its region).
 *
 * Sources: the project's OMT domain reference says nothing about dry needling or shockwave. Only the
 * consent rule has a source there (WHO principle 1, reference §3.3: lack of consent is an absolute
 * contraindication to any technique). Every other rule carries `source: null` and says
 * "UNVERIFIED — no source found in the reference"; its severity is the clinic's modality policy
 * (`warn`, the default, or `block`), not ours. The rules name commonly taught concerns so that a
 * clinician sees them; they await a clinical source and sign-off.
 */

export const MODALITY_KINDS = ['dry-needling', 'shockwave'] as const;
export type ModalityKind = (typeof MODALITY_KINDS)[number];

export const MODALITY_POLICIES = ['warn', 'block'] as const;
/** What an unsourced rule does: `warn` shows the flag; `block` stops signing until acknowledged. */
export type ModalityPolicy = (typeof MODALITY_POLICIES)[number];
export const DEFAULT_MODALITY_POLICY: ModalityPolicy = 'warn';

export const UNVERIFIED_NOTE = 'UNVERIFIED — no source found in the reference; the clinic’s policy decides.';

/** Code families only the modality rules use (the OMT families are reused by id). */
const family = (label: string, codes: IcdFamily[], example: string, site = false): ConditionFamily => ({
  label,
  codes,
  regions: 'all',
  ...(site ? { site } : {}),
  example,
});

export const MODALITY_FAMILIES = {
  'implanted-electronic-device': family(
    'Cardiac pacemaker, implantable defibrillator or other cardiac implant, neurostimulator',
    ['Z95.0', 'Z95.81', 'Z96.82'],
    'Z95.0',
  ),
  'malignant-neoplasm': family('Malignant neoplasm', [{ from: 'C00', to: 'C96' }], 'C50.911', true),
  'skin-infection': family(
    'Infection of the skin and subcutaneous tissue',
    [{ from: 'L00', to: 'L08' }],
    'L03.90',
    true,
  ),
  'needle-phobia': family('Fear of injections and transfusions', ['F40.231'], 'F40.231'),
} satisfies Record<string, ConditionFamily>;
export type ModalityFamilyId = keyof typeof MODALITY_FAMILIES;

/** An OMT trigger (family, flag, age, anticoagulation) or one of the modality families. */
export type ModalityTrigger = Trigger | { modalityFamily: ModalityFamilyId };

export interface ModalitySource {
  id: SourceId;
  /** Where in the reference, and how the source is read here. */
  note: string;
}

export interface ModalityRule {
  id: string;
  modalities: readonly ModalityKind[];
  /** The rule fires when any trigger matches (at the activity's site, when it names one). */
  triggers: readonly ModalityTrigger[];
  message: string;
  /** The reference's source, or null: none found, and the clinic's policy decides the severity. */
  source: ModalitySource | null;
  /** A sourced rule that can never be acknowledged away (as the OMT engine's `no-consent`). */
  locked?: boolean;
}

const BOTH = MODALITY_KINDS;

export const MODALITY_RULES: readonly ModalityRule[] = [
  {
    id: 'modality-no-consent',
    modalities: BOTH,
    triggers: [{ flag: 'no-consent' }],
    message: 'No informed consent on record: the treatment may not be given until the patient consents.',
    source: {
      id: 'who-benchmarks',
      note: 'Reference §3.3, WHO principle 1: refusal or lack of informed consent is an absolute contraindication to any technique (stated for osteopathic techniques; applied here to every treatment).',
    },
    locked: true,
  },
  {
    id: 'modality-bleeding-risk',
    modalities: BOTH,
    triggers: [{ family: 'anticoagulant-use' }, { flag: 'anticoagulated' }, { family: 'coagulation-defect' }],
    message:
      'Anticoagulation or a bleeding disorder: needling and shockwave can cause bleeding or bruising in the treated tissue.',
    source: null,
  },
  {
    id: 'modality-pregnancy',
    modalities: BOTH,
    triggers: [{ family: 'pregnancy' }, { flag: 'pregnant' }],
    message: 'Pregnancy: check the treatment area and whether this modality is appropriate during pregnancy.',
    source: null,
  },
  {
    id: 'shockwave-implanted-device',
    modalities: ['shockwave'],
    triggers: [{ modalityFamily: 'implanted-electronic-device' }],
    message:
      'Pacemaker, defibrillator or other implanted device on record: shockwave must not be applied over or near the device.',
    source: null,
  },
  {
    id: 'modality-malignancy-at-site',
    modalities: BOTH,
    triggers: [{ modalityFamily: 'malignant-neoplasm' }],
    message: 'Malignancy on record: do not treat over a known or suspected tumour site.',
    source: null,
  },
  {
    id: 'modality-infection-at-site',
    modalities: BOTH,
    triggers: [
      { modalityFamily: 'skin-infection' },
      { family: 'osteomyelitis' },
      { family: 'septic-arthritis' },
    ],
    message: 'Infection or skin lesion on record: do not needle or treat through infected or broken skin.',
    source: null,
  },
  {
    id: 'dry-needling-needle-phobia',
    modalities: ['dry-needling'],
    triggers: [{ modalityFamily: 'needle-phobia' }],
    message: 'Fear of needles on record: discuss it and confirm consent to needling before treatment.',
    source: null,
  },
];

export type ModalitySeverity = 'warn' | 'block';

export interface ModalityFlag {
  rule: string;
  severity: ModalitySeverity;
  message: string;
  /** "Title — URL" of the reference's source, or null when none was found. */
  source: string | null;
  /** How the severity was decided: the source, or the clinic's policy for an unsourced rule. */
  basis: 'reference' | 'clinic-policy';
  /** The reference's reading of the source, or {@link UNVERIFIED_NOTE}. */
  note: string;
  /** What in the record triggered the rule. */
  matched: string[];
  /** Whether a clinician may acknowledge a blocking flag and proceed (never for missing consent). */
  acknowledgeable: boolean;
}

export interface ModalityActivity {
  kind: string;
  /** Where the modality is applied; site-specific conditions elsewhere then do not flag. */
  region?: RegionId | null;
}

export interface ModalityResult {
  /** Index of the activity in the plan. */
  activity: number;
  kind: string;
  flags: ModalityFlag[];
}

export interface ModalityCheckInput {
  patient: PatientFacts;
  activities: readonly ModalityActivity[];
  policy?: ModalityPolicy;
  asOf: Date | string;
  rules?: readonly ModalityRule[];
}

export const isModality = (kind: string): kind is ModalityKind =>
  (MODALITY_KINDS as readonly string[]).includes(kind);

function triggerHits(t: ModalityTrigger, patient: PatientFacts, age: number | null): Hit[] {
  if ('modalityFamily' in t) return familyHits(MODALITY_FAMILIES[t.modalityFamily], patient.conditions ?? []);
  return hitsFor(t, patient, age);
}

function toFlag(rule: ModalityRule, hits: Hit[], policy: ModalityPolicy): ModalityFlag {
  const matched = [...new Set(hits.map((h) => h.label))];
  if (rule.source)
    return {
      rule: rule.id,
      severity: 'block',
      message: rule.message,
      source: formatSource(rule.source.id),
      basis: 'reference',
      note: rule.source.note,
      matched,
      acknowledgeable: !rule.locked,
    };
  return {
    rule: rule.id,
    severity: policy,
    message: rule.message,
    source: null,
    basis: 'clinic-policy',
    note: UNVERIFIED_NOTE,
    matched,
    acknowledgeable: true,
  };
}

/** Flags for each dry-needling or shockwave activity of a plan (other kinds get none). Pure. */
export function checkModalities(input: ModalityCheckInput): ModalityResult[] {
  const policy = input.policy ?? DEFAULT_MODALITY_POLICY;
  const rules = input.rules ?? MODALITY_RULES;
  const age = patientAge(input.patient, input.asOf);
  return input.activities.map((a, i) => {
    const flags: ModalityFlag[] = [];
    if (isModality(a.kind)) {
      for (const rule of rules) {
        if (!rule.modalities.includes(a.kind)) continue;
        const hits = rule.triggers
          .flatMap((t) => triggerHits(t, input.patient, age))
          .filter((h) => !a.region || h.regions.has(a.region));
        if (hits.length > 0) flags.push(toFlag(rule, hits, policy));
      }
    }
    flags.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'block' ? -1 : 1));
    return { activity: i, kind: a.kind, flags };
  });
}

/** Blocking flags not acknowledged: those that stop a plan from being signed. */
export function unacknowledgedBlocks(
  results: readonly ModalityResult[],
  acknowledged: ReadonlySet<number>,
): { activity: number; kind: string; flag: ModalityFlag }[] {
  return results.flatMap((r) =>
    r.flags
      .filter((f) => f.severity === 'block' && (!f.acknowledgeable || !acknowledged.has(r.activity)))
      .map((flag) => ({ activity: r.activity, kind: r.kind, flag })),
  );
}

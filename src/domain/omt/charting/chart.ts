import type { SameDayEm } from '../coding.ts';
import type { RegionId } from '../regions.ts';
import type { Joint, Motion } from '../rom.ts';
import type { TechniqueId } from '../techniques.ts';

/**
 * The structured chart of one OMT visit (reference §1.6 "minimum OMT procedure-note dataset") as the
 * domain reads it once validated: its vocabularies and types. Validation of a request body is the
 * contract's (src/contracts/charting.ts builds its zod schema from these lists and is checked to
 * produce exactly `EncounterChart`); the web app imports these lists without downloading zod.
 */
export const TART_KEYS = ['tissueTexture', 'asymmetry', 'restriction', 'tenderness'] as const;
export type TartKey = (typeof TART_KEYS)[number];
/** TART severities 0–3 in words: none, mild, moderate, severe. */
export const SEVERITY_WORDS = ['none', 'mild', 'moderate', 'severe'] as const;
export type SeverityWord = (typeof SEVERITY_WORDS)[number];

export const TREATMENT_RESPONSES = ['resolved', 'improved', 'unchanged', 'worse'] as const;
export type TreatmentResponse = (typeof TREATMENT_RESPONSES)[number];
export const TOLERANCES = ['good', 'fair', 'poor'] as const;
export type Tolerance = (typeof TOLERANCES)[number];
export const CONSENT_VALUES = ['given', 'declined', 'not-asked'] as const;
export type ConsentValue = (typeof CONSENT_VALUES)[number];
export const TENDER_POINT_SIDES = ['L', 'R', 'midline'] as const;
export type TenderPointSide = (typeof TENDER_POINT_SIDES)[number];
export const ROM_SIDES = ['L', 'R'] as const;
export type RomSide = (typeof ROM_SIDES)[number];
/** `pre` at the exam, `post` at the re-check after treatment. */
export const ROM_PHASES = ['pre', 'post'] as const;
export type RomPhase = (typeof ROM_PHASES)[number];

/** Sections a correction (amendment) of a signed note may concern. */
export const AMENDMENT_SECTIONS = ['subjective', 'objective', 'assessment', 'plan', 'general'] as const;
export type AmendmentSection = (typeof AMENDMENT_SECTIONS)[number];

/** Severity 0–3 per TART element; null or absent means "not assessed". */
export interface Tart {
  tissueTexture?: number | null;
  asymmetry?: number | null;
  restriction?: number | null;
  tenderness?: number | null;
}

export interface TenderPoint {
  /** The point's name as charted, e.g. "Posterior L5 (PL5)" or "Iliacus". */
  name: string;
  side?: TenderPointSide | null;
  /** Tenderness 0–10 before and after treatment (counterstrain aims for ≥70% reduction). */
  tenderness?: number | null;
  tendernessAfter?: number | null;
}

export interface ExamEntry {
  region: RegionId;
  tart: Tart;
  /** Spinal segmental diagnoses in standard notation, e.g. `T4 ERS(L)`, `T5-T9 NSLRR`. */
  segmental: string[];
  /** Other somatic-dysfunction diagnoses in words (e.g. sacral torsions, innominate shears). */
  otherDiagnoses: string[];
  tenderPoints: TenderPoint[];
  note?: string | null;
}

export interface RomEntry {
  joint: Joint;
  motion: Motion;
  side?: RomSide | null;
  phase: RomPhase;
  degrees: number;
  /** Norm set id (see ROM_NORM_SETS); the joint's default set when absent. */
  normSet?: string | null;
}

export interface TechniqueEntry {
  technique: TechniqueId;
  holdSeconds?: number | null;
  repetitions?: number | null;
  tenderPoint?: string | null;
  note?: string | null;
  /** Why a technique the safety engine cautions against (or, with override, refuses) is used. */
  safetyReason?: string | null;
  /** Proceed despite a contraindication; only when the clinic allows overrides, and with a reason. */
  override: boolean;
}

export interface TreatmentEntry {
  region: RegionId;
  techniques: TechniqueEntry[];
  response?: TreatmentResponse | null;
  tolerance?: Tolerance | null;
  adverseEvents?: string | null;
}

export interface Consent {
  omt: ConsentValue;
  hvla: ConsentValue;
  note?: string | null;
}

/** Free text the clinician adds to the generated SOAP sections. */
export interface NoteAdditions {
  subjective?: string | null;
  objective?: string | null;
  assessment?: string | null;
  plan?: string | null;
}

export interface EncounterChart {
  /** When the visit took place (ISO 8601 with offset); defaults to now on creation. */
  occurredAt?: string;
  /** Defaults to the practitioner record of the signed-in clinician, if any. */
  practitionerId?: string | null;
  chiefComplaint: string;
  historyUpdate: string;
  painBefore?: number | null;
  painAfter?: number | null;
  consent: Consent;
  sameDayEm?: SameDayEm | null;
  exam: ExamEntry[];
  rom: RomEntry[];
  treatment: TreatmentEntry[];
  /** Why treatment proceeds although the patient's record carries a red flag (referral finding). */
  redFlagReason?: string | null;
  notes: NoteAdditions;
  followUp?: string | null;
  /** Optimistic concurrency: when given, the save is refused if someone saved the draft since. */
  version?: number;
}

/** A TART element counts as documented when assessed with a severity above "none". */
export function tartPresent(tart: Tart): boolean {
  return TART_KEYS.some((k) => (tart[k] ?? 0) > 0);
}

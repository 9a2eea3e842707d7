/**
 * The directory's controlled vocabularies: what a profile may list and what search may filter by.
 * Unknown values are refused (a 400 naming the field), so a typo never silently matches nothing.
 * Techniques are the OMT catalogue's ids (`../omt/techniques.ts`), never a second list.
 */
export { TECHNIQUE_IDS, isTechniqueId, type TechniqueId } from '../omt/techniques.ts';

/** Conditions a practitioner may say they treat (plain-language ids, shown with these labels). */
export const CONDITION_LABELS = {
  'low-back-pain': 'Low back pain',
  sciatica: 'Sciatica',
  'neck-pain': 'Neck pain',
  'tension-headache': 'Tension-type headache',
  migraine: 'Migraine',
  'mid-back-pain': 'Mid-back pain',
  'rib-pain': 'Rib and chest-wall pain',
  'shoulder-pain': 'Shoulder pain',
  'hip-pain': 'Hip pain',
  'knee-pain': 'Knee pain',
  'tmj-pain': 'Jaw (TMJ) pain',
  'post-surgical': 'Recovery after surgery',
  'pregnancy-related-pain': 'Pain in pregnancy',
  'infant-feeding-difficulty': 'Infant feeding difficulty',
  'sports-injury': 'Sports injuries',
  'plantar-fasciitis': 'Foot and heel pain',
  other: 'Other musculoskeletal pain',
} as const;
export type ConditionId = keyof typeof CONDITION_LABELS;
export const CONDITION_IDS = Object.keys(CONDITION_LABELS) as ConditionId[];

/**
 * The self-check's body areas (api.md "Self-check") and the conditions a practitioner must treat
 * to be shown for each: `/find-a-do?area=neck` lists those treating any of them.
 */
export const AREA_CONDITIONS = {
  'low-back': ['low-back-pain', 'sciatica'],
  neck: ['neck-pain'],
  headache: ['tension-headache', 'migraine'],
  'mid-back': ['mid-back-pain', 'rib-pain'],
  shoulder: ['shoulder-pain'],
  hip: ['hip-pain'],
  knee: ['knee-pain', 'sports-injury'],
  jaw: ['tmj-pain'],
  other: ['other'],
} as const satisfies Record<string, readonly ConditionId[]>;
export type AreaId = keyof typeof AREA_CONDITIONS;
export const AREA_IDS = Object.keys(AREA_CONDITIONS) as AreaId[];

export const AGE_GROUPS = ['infants', 'children', 'adolescents', 'adults', 'older-adults'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** Payers a profile may list (the filter values); `self-pay` means the practice takes self-pay patients. */
export const INSURANCE_LABELS = {
  medicare: 'Medicare',
  medicaid: 'Medicaid',
  tricare: 'TRICARE',
  aetna: 'Aetna',
  'blue-cross-blue-shield': 'Blue Cross Blue Shield',
  cigna: 'Cigna',
  humana: 'Humana',
  unitedhealthcare: 'UnitedHealthcare',
  'self-pay': 'Self-pay',
} as const;
export type InsuranceId = keyof typeof INSURANCE_LABELS;
export const INSURANCE_IDS = Object.keys(INSURANCE_LABELS) as InsuranceId[];

/** Languages as ISO 639-1 codes. */
export const LANGUAGE_LABELS = {
  en: 'English',
  es: 'Spanish',
  zh: 'Chinese',
  vi: 'Vietnamese',
  tl: 'Tagalog',
  ar: 'Arabic',
  fr: 'French',
  ko: 'Korean',
  ru: 'Russian',
  de: 'German',
  ht: 'Haitian Creole',
  pt: 'Portuguese',
  hi: 'Hindi',
  it: 'Italian',
  pl: 'Polish',
  ja: 'Japanese',
  fa: 'Persian',
  ur: 'Urdu',
  asl: 'American Sign Language',
} as const;
export type LanguageId = keyof typeof LANGUAGE_LABELS;
export const LANGUAGE_IDS = Object.keys(LANGUAGE_LABELS) as LanguageId[];

/** Certifying boards a profile may name (AOA boards and their ABMS counterparts). */
export const BOARDS = [
  'AOBNMM',
  'AOBFP',
  'AOBIM',
  'AOBPMR',
  'AOBP',
  'ABFM',
  'ABIM',
  'ABPMR',
  'ABP',
  'other',
] as const;
export const CERTIFICATION_STATUSES = ['active', 'expired', 'eligible'] as const;

export interface BoardCertification {
  board: (typeof BOARDS)[number];
  specialty: string;
  status: (typeof CERTIFICATION_STATUSES)[number];
  /** When the certification was checked against the board's own lookup, and where (a URL). */
  verifiedOn: string | null;
  source: string | null;
}

/** Verified means checked on a date against a named source; anything less is shown as unverified. */
export function isVerified(v: { verifiedOn: string | null; source: string | null }): boolean {
  return !!v.verifiedOn && !!v.source;
}

/** Board certified for search: at least one active certification that was verified. */
export function isBoardCertified(certs: readonly BoardCertification[]): boolean {
  return certs.some((c) => c.status === 'active' && isVerified(c));
}

export const SEARCH_RADIUS_MAX_KM = 500;
export const SEARCH_QUERY_MAX = 200;

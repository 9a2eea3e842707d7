import { TECHNIQUES } from '../../../domain/omt/techniques.ts';
import {
  AGE_GROUPS,
  AREA_IDS,
  CONDITION_LABELS,
  INSURANCE_LABELS,
  LANGUAGE_LABELS,
} from '../../../domain/directory/vocabulary.ts';

/** Labels of the directory's vocabularies: the same lists the server validates against. */
export const TECHNIQUE_OPTIONS = TECHNIQUES.map((t) => ({ value: t.id, label: t.name }));
export const INSURANCE_OPTIONS = Object.entries(INSURANCE_LABELS).map(([value, label]) => ({ value, label }));
export const LANGUAGE_OPTIONS = Object.entries(LANGUAGE_LABELS).map(([value, label]) => ({ value, label }));

const AREA_LABELS: Record<string, string> = {
  'low-back': 'Low back',
  neck: 'Neck',
  headache: 'Headache',
  'mid-back': 'Mid back and ribs',
  shoulder: 'Shoulder',
  hip: 'Hip',
  knee: 'Knee',
  jaw: 'Jaw',
  other: 'Other',
};
export const AREA_OPTIONS = AREA_IDS.map((a) => ({ value: a, label: AREA_LABELS[a] ?? a }));

const AGE_LABELS: Record<(typeof AGE_GROUPS)[number], string> = {
  infants: 'Infants',
  children: 'Children',
  adolescents: 'Teenagers',
  adults: 'Adults',
  'older-adults': 'Older adults',
};

export const techniqueLabel = (id: string) => TECHNIQUES.find((t) => t.id === id)?.name ?? id;
export const conditionLabel = (id: string) => (CONDITION_LABELS as Record<string, string>)[id] ?? id;
export const insuranceLabel = (id: string) => (INSURANCE_LABELS as Record<string, string>)[id] ?? id;
export const languageLabel = (id: string) => (LANGUAGE_LABELS as Record<string, string>)[id] ?? id;
export const ageLabel = (id: string) => (AGE_LABELS as Record<string, string>)[id] ?? id;

import { REGION_BY_ID, type RegionId } from '../../../domain/omt/regions.ts';
import { TECHNIQUE_BY_ID, type TechniqueId } from '../../../domain/omt/techniques.ts';
import { SEVERITY_WORDS, TART_KEYS, TART_LABELS } from './vocab';
import type { ListCoding, Tart } from '../../../contracts/charting.ts';

/** 90 → "1:30". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function techniqueName(id: TechniqueId): string {
  return TECHNIQUE_BY_ID[id]?.name ?? id;
}

export function regionName(id: RegionId): string {
  return REGION_BY_ID[id]?.label ?? id;
}

export function regionWithCode(id: RegionId): string {
  const r = REGION_BY_ID[id];
  return r ? `${r.label} (${r.icd10})` : id;
}

/** A visit's CPT with the number of regions counted, "98926 (4)", or "—" when nothing is billable. */
export function cptLabel(coding: ListCoding | undefined): string {
  return coding?.cpt ? `${coding.cpt} (${coding.regionCount})` : '—';
}

/** "6 → 3", "6 → —", or "—". */
export function painChange(before: number | null | undefined, after: number | null | undefined): string {
  if ((before ?? null) === null && (after ?? null) === null) return '—';
  return `${before ?? '—'} → ${after ?? '—'}`;
}

/** "Tissue texture mild, restriction moderate" (only what was found); "no TART findings" otherwise. */
export function tartSummary(tart: Partial<Tart> | null | undefined): string {
  if (!tart) return 'not examined';
  const found = TART_KEYS.filter((k) => (tart[k] ?? 0) > 0).map(
    (k) => `${TART_LABELS[k].toLowerCase()} ${SEVERITY_WORDS[tart[k] ?? 0]}`,
  );
  return found.length ? found.join(', ') : 'no TART findings';
}

export function humanizeValue(v: string | null | undefined): string {
  if (!v) return '—';
  const s = v.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

import { REGION_BY_ID } from '../omt/regions.ts';
import type { Exercise } from './library.ts';

/**
 * Searches a library: every word of the query must appear in the exercise's name, purpose, steps
 * or region names (case- and accent-insensitive). Name matches come first, then by name.
 */
export function searchExercises(list: readonly Exercise[], query: string): Exercise[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const sorted = [...list].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  if (words.length === 0) return sorted;
  const scored = sorted.flatMap((e) => {
    const name = fold(e.name);
    const text = [
      name,
      fold(e.purpose),
      ...e.steps.map(fold),
      ...e.regions.map((r) => fold(regionText(r))),
    ].join(' ');
    if (!words.every((w) => text.includes(w))) return [];
    return [{ e, inName: words.every((w) => name.includes(w)) ? 0 : 1 }];
  });
  return scored.sort((a, b) => a.inName - b.inName).map((s) => s.e);
}

const regionText = (id: string) => {
  const r = REGION_BY_ID[id as keyof typeof REGION_BY_ID];
  return r ? `${r.id} ${r.label}` : id;
};

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

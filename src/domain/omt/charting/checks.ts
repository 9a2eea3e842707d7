import { parseSegmentalDiagnosis } from '../notation.ts';
import { REGION_BY_ID } from '../regions.ts';
import { DEFAULT_NORM_SET, ROM_NORM_SETS, romNeedsSide, type Joint, type Motion } from '../rom.ts';

export interface ChartIssue {
  path: (string | number)[];
  message: string;
}

/** Cross-field checks: notation, duplicate regions, ROM norms and sides. */
export function chartIssues(chart: {
  exam: { region: string; segmental: string[] }[];
  rom: { joint: Joint; motion: Motion; side?: 'L' | 'R' | null; phase: string; normSet?: string | null }[];
  treatment: { region: string }[];
}): ChartIssue[] {
  const issues: ChartIssue[] = [];
  const seen = new Map<string, number>();
  chart.exam.forEach((e, i) => {
    if (seen.has(e.region))
      issues.push({
        path: ['exam', i, 'region'],
        message: `The ${e.region} region is already examined in exam/${seen.get(e.region)}: chart each region once`,
      });
    else seen.set(e.region, i);
    e.segmental.forEach((s, j) => {
      const parsed = parseSegmentalDiagnosis(s);
      if (!parsed.ok) {
        issues.push({ path: ['exam', i, 'segmental', j], message: parsed.errors.join('; ') });
        return;
      }
      if (!(parsed.value.regions as string[]).includes(e.region))
        issues.push({
          path: ['exam', i, 'segmental', j],
          message: `${parsed.value.notation} is in the ${parsed.value.regions.join('/')} region, not ${REGION_BY_ID[e.region as keyof typeof REGION_BY_ID]?.label.toLowerCase() ?? e.region}: chart it under that region`,
        });
    });
  });
  const treated = new Map<string, number>();
  chart.treatment.forEach((t, i) => {
    if (treated.has(t.region))
      issues.push({
        path: ['treatment', i, 'region'],
        message: `The ${t.region} region is already charted in treatment/${treated.get(t.region)}: list its techniques together`,
      });
    else treated.set(t.region, i);
  });
  const measured = new Set<string>();
  chart.rom.forEach((r, i) => {
    const setId = r.normSet ?? DEFAULT_NORM_SET[r.joint];
    const set = ROM_NORM_SETS.find((s) => s.id === setId);
    if (!set) {
      issues.push({
        path: ['rom', i, 'normSet'],
        message: `Unknown norm set "${setId}": use one of ${ROM_NORM_SETS.filter((s) => s.joint === r.joint)
          .map((s) => s.id)
          .join(', ')}`,
      });
    } else if (set.joint !== r.joint) {
      issues.push({
        path: ['rom', i, 'normSet'],
        message: `Norm set "${setId}" is for the ${set.joint}, not the ${r.joint}`,
      });
    } else if (!set.norms[r.motion]) {
      issues.push({
        path: ['rom', i, 'motion'],
        message: `The ${set.label} norms give no value for ${r.joint} ${r.motion}: measured motions are ${Object.keys(
          set.norms,
        ).join(', ')}`,
      });
    }
    const needsSide = romNeedsSide(r.joint, r.motion);
    if (needsSide && !r.side)
      issues.push({ path: ['rom', i, 'side'], message: `Say which side (L or R) ${r.joint} ${r.motion} is` });
    if (!needsSide && r.side)
      issues.push({
        path: ['rom', i, 'side'],
        message: `${r.joint} ${r.motion} has no side: leave side empty`,
      });
    const key = `${r.joint}|${r.motion}|${r.side ?? ''}|${r.phase}`;
    if (measured.has(key))
      issues.push({
        path: ['rom', i],
        message: `${r.joint} ${r.motion}${r.side ? ` (${r.side})` : ''} is already measured for phase ${r.phase}`,
      });
    measured.add(key);
  });
  return issues;
}

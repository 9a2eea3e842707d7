import type { PrescriptionView, WeekAdherenceView } from '../../../contracts/exercises.ts';
import { REGION_BY_ID, type RegionId } from '../../../domain/omt/regions.ts';

export type { ExerciseView, PrescriptionView, ProgramView } from '../../../contracts/exercises.ts';

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** "2 sets of 10, hold 5 seconds" */
export function doseText(p: Pick<PrescriptionView, 'sets' | 'reps' | 'holdSeconds'>): string {
  const sets = `${p.sets} ${p.sets === 1 ? 'set' : 'sets'} of ${p.reps}`;
  return p.holdSeconds ? `${sets}, hold ${p.holdSeconds} seconds` : sets;
}

/** "twice a day, 5 days a week" */
export function frequencyText(p: Pick<PrescriptionView, 'timesPerDay' | 'daysPerWeek'>): string {
  const days =
    p.daysPerWeek === 7 ? 'every day' : `${p.daysPerWeek} ${p.daysPerWeek === 1 ? 'day' : 'days'} a week`;
  return `${times(p.timesPerDay)} a day, ${days}`;
}

export const regionNames = (ids: readonly string[]) =>
  ids.map((id) => REGION_BY_ID[id as RegionId]?.label ?? id).join(', ');

/** "Mar 1" for a week's Monday (dates are calendar dates: formatted in UTC, never shifted). */
export function weekLabel(w: Pick<WeekAdherenceView, 'weekStart'>): string {
  return new Date(`${w.weekStart}T12:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** The colour of a week's bar: how well it went, never the only way it is told (the % is written beside it). */
export function adherenceColor(percent: number): string {
  return percent >= 80 ? 'teal.7' : percent >= 50 ? 'yellow.7' : 'red.7';
}

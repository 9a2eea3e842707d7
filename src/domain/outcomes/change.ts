import { alreadyGood, type Instrument, type ThresholdSetting } from './instruments.ts';

/**
 * Change, responder and plateau, exactly as api.md's "Outcome measures" defines them:
 * - `points`: the improvement from baseline to latest, positive when better whatever the direction;
 * - `percent`: that improvement as a percentage of the baseline (1 decimal), null when it is 0;
 * - responder: improved by at least the threshold's points, or (when it has one) its percent;
 * - plateau: the newest three scores span at least 14 days, the improvement from the first to the
 *   last of them is below the points threshold, and the latest score is not already good.
 * Scores carry 2 decimals; all comparisons are made in hundredths (integers), so no float rounding
 * decides who responded.
 */

export interface Point {
  takenAt: string;
  score: number;
}

export interface Change {
  points: number;
  percent: number | null;
}

const hundredths = (x: number) => Math.round(x * 100);

/** The improvement from `from` to `to` in hundredths of a point (positive = better). */
function gain(i: Instrument, from: number, to: number): number {
  const d = hundredths(to) - hundredths(from);
  // `+ 0` turns −0 (no change on a lower-is-better scale) into 0.
  return (i.direction === 'lower-is-better' ? -d : d) + 0;
}

export function change(i: Instrument, baseline: number, latest: number): Change {
  const g = gain(i, baseline, latest);
  const base = hundredths(baseline);
  return {
    points: g / 100,
    // g/base*100 to 1 decimal, half away from zero.
    percent: base === 0 ? null : (Math.sign(g) * Math.round((Math.abs(g) * 1000) / Math.abs(base))) / 10 + 0,
  };
}

export function isResponder(i: Instrument, t: ThresholdSetting, baseline: number, latest: number): boolean {
  const g = gain(i, baseline, latest);
  if (g >= hundredths(t.points)) return true;
  const base = hundredths(baseline);
  // g / base ≥ percent / 100, cross-multiplied (base > 0 on every instrument's range but HIT-6's, which is ≥ 36).
  return t.percent !== null && base > 0 && g > 0 && g * 100 >= t.percent * base;
}

const DAY = 86_400_000;

export function isPlateau(i: Instrument, t: ThresholdSetting, series: readonly Point[]): boolean {
  if (series.length < 3) return false;
  const last3 = series.slice(-3);
  const first = last3[0]!;
  const last = last3[2]!;
  if (Date.parse(last.takenAt) - Date.parse(first.takenAt) < 14 * DAY) return false;
  if (gain(i, first.score, last.score) >= hundredths(t.points)) return false;
  return !alreadyGood(i, last.score);
}

export interface SeriesSummary {
  baseline: number | null;
  latest: number | null;
  change: Change | null;
  responder: boolean | null;
  plateau: boolean | null;
}

/** The summary of a series sorted oldest first (one score: change, responder and plateau are null). */
export function summarise(i: Instrument, t: ThresholdSetting, series: readonly Point[]): SeriesSummary {
  if (series.length === 0)
    return { baseline: null, latest: null, change: null, responder: null, plateau: null };
  const baseline = series[0]!.score;
  const latest = series[series.length - 1]!.score;
  if (series.length === 1) return { baseline, latest, change: null, responder: null, plateau: null };
  return {
    baseline,
    latest,
    change: change(i, baseline, latest),
    responder: isResponder(i, t, baseline, latest),
    plateau: isPlateau(i, t, series),
  };
}

/** Oldest first; equal instants keep their given order. */
export function sortSeries<P extends Point>(series: readonly P[]): P[] {
  return [...series].sort((a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt));
}

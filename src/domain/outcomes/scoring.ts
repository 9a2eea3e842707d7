import type { Instrument } from './instruments.ts';

/**
 * Checking and scoring one set of answers (api.md, "Outcome measures"): NRS score = pain; PEG =
 * mean of its three items; PSFS = mean of 1–5 activity ratings; each answer an integer 0–10; means
 * rounded to 2 decimals. Licensed instruments take the total from their licensed form, within the
 * instrument's range. Errors name the field (`answers/pain`, `answers/activities/2/score`).
 */

export interface FieldProblem {
  path: string;
  message: string;
}

export type Scored = { ok: true; score: number; answers: Answers } | { ok: false; errors: FieldProblem[] };

export type Answers =
  | { pain: number }
  | { pain: number; enjoyment: number; activity: number }
  | { activities: { activity: string; score: number }[] }
  | { score: number };

/** Half-up rounding to 2 decimals, exact for the means of integer answers. */
export function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

/** The mean of integer answers to 2 decimals, computed in integers so no float drift decides it. */
export function meanOf(values: readonly number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  // sum*100/n rounded half up, in integers.
  const hundredths = Math.floor((sum * 200 + values.length) / (2 * values.length));
  return hundredths / 100;
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function rating(v: unknown, path: string, errors: FieldProblem[], min = 0, max = 10): number | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    errors.push({ path, message: `Give a whole number from ${min} to ${max}` });
    return null;
  }
  if (v < min || v > max) {
    errors.push({ path, message: `Must be from ${min} to ${max}` });
    return null;
  }
  return v;
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], errors: FieldProblem[]) {
  for (const k of Object.keys(obj))
    if (!allowed.includes(k))
      errors.push({ path: `answers/${k}`, message: 'Not a question of this instrument' });
}

function items(obj: Record<string, unknown>, keys: readonly string[], errors: FieldProblem[]) {
  unknownKeys(obj, keys, errors);
  return keys.map((k) => rating(obj[k], `answers/${k}`, errors));
}

function psfs(obj: Record<string, unknown>, min: number, max: number, errors: FieldProblem[]) {
  unknownKeys(obj, ['activities'], errors);
  const list = obj.activities;
  if (!Array.isArray(list)) {
    errors.push({
      path: 'answers/activities',
      message: `List ${min} to ${max} activities, each with a score`,
    });
    return null;
  }
  if (list.length < min || list.length > max) {
    errors.push({
      path: 'answers/activities',
      message: `Name ${min} to ${max} activities (${list.length} given)`,
    });
    return null;
  }
  const out: { activity: string; score: number }[] = [];
  list.forEach((a, i) => {
    const path = `answers/activities/${i}`;
    if (!isRecord(a)) return errors.push({ path, message: 'Give the activity and its score' });
    const name = typeof a.activity === 'string' ? a.activity.trim() : '';
    if (!name || name.length > 200)
      errors.push({ path: `${path}/activity`, message: 'Name the activity (up to 200 characters)' });
    const score = rating(a.score, `${path}/score`, errors);
    if (name && score !== null) out.push({ activity: name, score });
  });
  return out;
}

function total(i: Instrument, obj: Record<string, unknown>, decimals: 0 | 2, errors: FieldProblem[]) {
  unknownKeys(obj, ['score'], errors);
  const v = obj.score;
  const fits = (x: number) =>
    decimals === 0 ? Number.isInteger(x) : Math.abs(Math.round(x * 100) - x * 100) < 1e-6;
  if (typeof v !== 'number' || !Number.isFinite(v) || !fits(v)) {
    errors.push({
      path: 'answers/score',
      message:
        decimals === 0 ? `Give the form’s total as a whole number` : 'Give the total with at most 2 decimals',
    });
    return null;
  }
  if (v < i.min || v > i.max) {
    errors.push({ path: 'answers/score', message: `Must be from ${i.min} to ${i.max}` });
    return null;
  }
  return decimals === 0 ? v : round2(v);
}

export function scoreAnswers(i: Instrument, raw: unknown): Scored {
  const errors: FieldProblem[] = [];
  if (!isRecord(raw))
    return { ok: false, errors: [{ path: 'answers', message: 'Give the answers as an object' }] };
  const e = i.entry;
  if (e.kind === 'nrs' || e.kind === 'peg') {
    const keys = e.kind === 'nrs' ? ['pain'] : ['pain', 'enjoyment', 'activity'];
    const values = items(raw, keys, errors);
    if (errors.length) return { ok: false, errors };
    const v = values as number[];
    const answers = e.kind === 'nrs' ? { pain: v[0]! } : { pain: v[0]!, enjoyment: v[1]!, activity: v[2]! };
    return { ok: true, score: meanOf(v), answers };
  }
  if (e.kind === 'psfs') {
    const list = psfs(raw, e.minActivities, e.maxActivities, errors);
    if (errors.length || !list) return { ok: false, errors };
    return { ok: true, score: meanOf(list.map((a) => a.score)), answers: { activities: list } };
  }
  const score = total(i, raw, e.decimals, errors);
  if (errors.length || score === null) return { ok: false, errors };
  return { ok: true, score, answers: { score } };
}

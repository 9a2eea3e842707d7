import type { Instrument } from './instruments.ts';

/**
 * A plan of care (FHIR CarePlan) for one episode: problems, goals (optionally an instrument and a
 * target score), activities with their dose, a start and a review date, a status, the signing
 * clinician. Pure rules: status transitions, visits planned, whether a goal is met, review due.
 * Trial dosing for reference (domain reference §5.7): OSTEOPATHIC Trial 6 sessions over 8 weeks;
 * neck-pain trials 3–4 sessions over 4–6 weeks.
 */

export const CARE_PLAN_STATUSES = ['draft', 'active', 'on-hold', 'completed', 'revoked'] as const;
export type CarePlanStatus = (typeof CARE_PLAN_STATUSES)[number];

export const ACTIVITY_KINDS = ['omt', 'exercise', 'education', 'dry-needling', 'shockwave', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_LABELS: Record<ActivityKind, string> = {
  omt: 'OMT visits',
  exercise: 'Therapeutic exercise',
  education: 'Patient education',
  'dry-needling': 'Dry needling',
  shockwave: 'Shockwave therapy',
  other: 'Other',
};

export interface Activity {
  kind: ActivityKind;
  /** Sessions per week and for how many weeks (required for OMT visits). */
  perWeek?: number | null;
  weeks?: number | null;
  dose?: string | null;
  notes?: string | null;
}

/**
 * Status changes a clinician may make (signing moves a draft to active and is its own step).
 * Completed and revoked plans are closed.
 */
const NEXT: Record<CarePlanStatus, readonly CarePlanStatus[]> = {
  draft: ['revoked'],
  active: ['on-hold', 'completed', 'revoked'],
  'on-hold': ['active', 'completed', 'revoked'],
  completed: [],
  revoked: [],
};

export function canMove(from: CarePlanStatus, to: CarePlanStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

/** OMT visits the plan asks for: per week × weeks, summed over its OMT activities. */
export function plannedVisits(activities: readonly Activity[]): number {
  return activities
    .filter((a) => a.kind === 'omt')
    .reduce((n, a) => n + (a.perWeek ?? 0) * (a.weeks ?? 0), 0);
}

/** Whether a score reaches a goal's target on this instrument (≤ for lower-is-better, ≥ otherwise). */
export function goalMet(i: Instrument, target: number, latest: number | null): boolean | null {
  if (latest === null) return null;
  return i.direction === 'lower-is-better' ? latest <= target : latest >= target;
}

/**
 * A live plan (active or on hold) is due for review once its review date has passed, or as soon as
 * a plateau is detected in one of the patient's outcome series. `today` is the clinic's date.
 */
export function reviewDue(p: {
  status: CarePlanStatus;
  reviewDate: string;
  today: string;
  plateau: boolean;
}): { due: boolean; reasons: ('review-date' | 'plateau')[] } {
  if (p.status !== 'active' && p.status !== 'on-hold') return { due: false, reasons: [] };
  const reasons: ('review-date' | 'plateau')[] = [];
  if (p.reviewDate < p.today) reasons.push('review-date');
  if (p.plateau) reasons.push('plateau');
  return { due: reasons.length > 0, reasons };
}

/** OMT visits still to book: planned − done − already booked, never below zero. */
export function remainingVisits(p: { planned: number; completed: number; booked: number }): number {
  return Math.max(0, p.planned - p.completed - p.booked);
}

/** The plan's weekly pace of OMT visits (its OMT activities' visits per week, summed; at least 1). */
export function weeklyPace(activities: readonly Activity[]): number {
  return Math.max(
    1,
    activities.filter((a) => a.kind === 'omt').reduce((n, a) => n + (a.perWeek ?? 0), 0),
  );
}

const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Picks `count` of the free slots (earliest first) at the plan's weekly pace: visit k falls no
 * earlier than `anchor` + ⌊k·7 / perWeek⌋ days, and at most one visit a day. `dayOf` gives a slot's
 * date in the practitioner's zone. Fewer than `count` come back when the free times run out.
 */
export function pickAtPace<T extends { start: string }>(
  slots: readonly T[],
  o: { count: number; perWeek: number; anchor: string; dayOf: (start: string) => string },
): T[] {
  const picked: T[] = [];
  let lastDay = '';
  let i = 0;
  for (let k = 0; k < o.count; k++) {
    const earliest = plusDays(o.anchor, Math.floor((k * 7) / o.perWeek));
    while (i < slots.length) {
      const day = o.dayOf(slots[i]!.start);
      if (day >= earliest && day > lastDay) break;
      i++;
    }
    if (i >= slots.length) break;
    picked.push(slots[i]!);
    lastDay = o.dayOf(slots[i]!.start);
    i++;
  }
  return picked;
}

/**
 * When a clinic asks its patients to answer questionnaires before a visit (issue 11). Clinic policy,
 * not a clinical rule: the clinic picks the instruments and how often; the default asks NRS and PEG
 * before every visit of patients with an active plan of care, 24 hours ahead.
 */

export const SCHEDULE_RULES = ['every-visit', 'every-n-visits', 'every-n-days'] as const;
export type ScheduleRule = (typeof SCHEDULE_RULES)[number];
export const SCHEDULE_AUDIENCES = ['care-plan', 'all'] as const;
/** `care-plan`: patients with an active plan of care; `all`: every patient with a booked visit. */
export type ScheduleAudience = (typeof SCHEDULE_AUDIENCES)[number];

export interface QuestionnaireSchedule {
  /** Off: no requests are written. */
  enabled: boolean;
  /** Instrument ids, in the order they are asked (only those the clinic has enabled are asked). */
  instruments: string[];
  rule: ScheduleRule;
  /** N of "every N visits" / "every N days"; null for every visit. */
  every: number | null;
  /** How long before the visit the request is sent. */
  leadHours: number;
  audience: ScheduleAudience;
}

export const DEFAULT_SCHEDULE: QuestionnaireSchedule = {
  enabled: true,
  instruments: ['nrs', 'peg'],
  rule: 'every-visit',
  every: null,
  leadHours: 24,
  audience: 'care-plan',
};

export const MAX_LEAD_HOURS = 14 * 24;

/** The patient's history that decides whether the coming visit is due a questionnaire. */
export interface AskHistory {
  /** Start of the latest earlier visit the patient was asked before; null: never asked. */
  lastAskedVisitStart: Date | null;
  /**
   * Visits of the patient after that asked visit up to and including the coming one (booked,
   * checked in or completed; cancelled and no-shows do not count). 1 = the coming visit is the next.
   */
  visitsSinceAsked: number;
}

const DAY = 86_400_000;

/**
 * Whether the visit starting at `visitStart` is due a questionnaire. Every visit: always. Every N
 * visits: the first visit, then each Nth visit after the last one asked. Every N days: the first
 * visit, then the first visit at least N days after the last one asked.
 */
export function questionnaireDue(s: QuestionnaireSchedule, h: AskHistory, visitStart: Date): boolean {
  if (!s.enabled || s.instruments.length === 0) return false;
  if (s.rule === 'every-visit' || h.lastAskedVisitStart === null) return true;
  const n = s.every ?? 1;
  if (s.rule === 'every-n-visits') return h.visitsSinceAsked >= n;
  return visitStart.getTime() - h.lastAskedVisitStart.getTime() >= n * DAY;
}

/** When the request for a visit goes out: `leadHours` before it. */
export const sendAt = (s: QuestionnaireSchedule, visitStart: Date) =>
  new Date(visitStart.getTime() - s.leadHours * 3_600_000);

/** Whether a visit is in the sending window now: its send time has come and it has not started. */
export const inSendWindow = (s: QuestionnaireSchedule, visitStart: Date, now: Date) =>
  sendAt(s, visitStart).getTime() <= now.getTime() && now.getTime() < visitStart.getTime();

/** A problem with a schedule, by field, or null when it is usable (`askable`: instruments patients may be asked). */
export function scheduleProblem(
  s: QuestionnaireSchedule,
  askable: readonly string[],
): { path: string; message: string } | null {
  const unknown = s.instruments.findIndex((i) => !askable.includes(i));
  if (unknown >= 0)
    return {
      path: `instruments/${unknown}`,
      message: 'Not an instrument patients answer here (enabled, not entered as a licensed total)',
    };
  if (new Set(s.instruments).size !== s.instruments.length)
    return { path: 'instruments', message: 'Each instrument once' };
  if (s.enabled && s.instruments.length === 0)
    return { path: 'instruments', message: 'Choose at least one instrument' };
  if (s.rule === 'every-visit' ? s.every !== null : s.every === null || s.every < 1)
    return {
      path: 'every',
      message: s.rule === 'every-visit' ? 'Leave empty for every visit' : 'Give N (1 or more)',
    };
  return null;
}

/** Outcome measures: the instrument catalogue, scoring, change, responder, plateau and the Wilson interval. */
export * from './instruments.ts';
export * from './scoring.ts';
export * from './change.ts';
export * from './wilson.ts';
export * from './evidence.ts';
export * from './care-plan.ts';
export * from './questionnaire-schedule.ts';

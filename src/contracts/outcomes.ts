import { z } from 'zod';

/**
 * Outcome measures (api.md, "Outcome measures"). The answers' shape depends on the instrument, so
 * the body takes them as given and the domain checks them (`domain/outcomes/scoring.ts`), naming
 * the field it refuses (`answers/pain`, `answers/activities/5`).
 */

export const outcomeCreateBody = z
  .object({
    instrument: z.string().min(1, 'Name the instrument (nrs, peg, psfs, …)').max(40),
    takenAt: z.iso.datetime({ offset: true, error: 'Use an ISO 8601 instant with offset' }),
    answers: z.unknown(),
  })
  .strict();
export type OutcomeCreate = z.infer<typeof outcomeCreateBody>;

export const outcomeSeriesQuery = z.object({
  instrument: z.string().max(40).optional(),
});

export const outcomeReportQuery = z.object({
  instrument: z.string().max(40).default('nrs'),
  from: z.iso.date({ error: 'Use a date YYYY-MM-DD' }).optional(),
  to: z.iso.date({ error: 'Use a date YYYY-MM-DD' }).optional(),
});

export const instrumentSettingsBody = z
  .object({
    instrument: z.string().min(1).max(40),
    enabled: z.boolean().optional(),
    /** The clinic's licence for a licensed instrument (agreement number, vendor and date, …). */
    licenceReference: z
      .string()
      .trim()
      .min(3, 'Give the licence reference (at least 3 characters)')
      .max(300)
      .nullish(),
    /** The clinic's responder threshold; null returns to the catalogue's default. */
    threshold: z
      .object({
        points: z.number().positive('Must be more than 0').max(100),
        percent: z.number().positive('Must be more than 0').max(100).nullable(),
      })
      .strict()
      .nullish(),
  })
  .strict();
export type InstrumentSettings = z.infer<typeof instrumentSettingsBody>;

/** One instrument as `GET /api/v1/instruments` lists it. */
export interface InstrumentView {
  id: string;
  name: string;
  version: string;
  direction: 'lower-is-better' | 'higher-is-better';
  min: number;
  max: number;
  threshold: { points: number; percent: number | null; source: string; custom: boolean };
  licence: 'free' | 'licence-required';
  enabled: boolean;
  licenceReference: string | null;
  licenceNote: string;
  items: { id: string; text: string }[];
  entry: 'nrs' | 'peg' | 'psfs' | 'total';
  settingsChangedBy: { id: string; name: string } | null;
  settingsChangedAt: string | null;
}

export interface OutcomePoint {
  id: string;
  takenAt: string;
  score: number;
}

export interface OutcomeSeries {
  instrument: string;
  series: OutcomePoint[];
  baseline: number | null;
  latest: number | null;
  change: { points: number; percent: number | null } | null;
  responder: boolean | null;
  plateau: boolean | null;
  threshold: { points: number; percent: number | null };
  direction: 'lower-is-better' | 'higher-is-better';
  min: number;
  max: number;
}

export interface OutcomeReport {
  instrument: string;
  from: string | null;
  to: string | null;
  patients: number;
  responders: number;
  rate: number | null;
  ci95: [number, number] | null;
  definition: string;
  threshold: { points: number; percent: number | null };
  published: {
    label: string;
    value: string;
    rate: number | null;
    kind: 'response-ratio' | 'trial-rate' | 'marketing-claim';
    source: string | null;
    note: string;
  }[];
}

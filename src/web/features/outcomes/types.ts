import type { InstrumentView, OutcomeSeries } from '../../../contracts/outcomes.ts';

export type { InstrumentView, OutcomeSeries };

/** The instruments a patient answers on screen (licensed ones are entered as a total by staff). */
export const FREE_INSTRUMENTS = ['nrs', 'peg', 'psfs'] as const;
export type FreeInstrument = (typeof FREE_INSTRUMENTS)[number];

export const SHORT_NAMES: Record<string, string> = {
  nrs: 'Pain (NRS)',
  peg: 'PEG',
  psfs: 'PSFS',
  ndi: 'NDI',
  odi: 'ODI',
  rmdq: 'RMDQ',
  hit6: 'HIT-6',
};

/** The score a responder reaches from this baseline: baseline ∓ the threshold's points, within range. */
export function responderTarget(s: OutcomeSeries): number | null {
  if (s.baseline === null) return null;
  const t =
    s.direction === 'lower-is-better' ? s.baseline - s.threshold.points : s.baseline + s.threshold.points;
  return Math.round(Math.min(s.max, Math.max(s.min, t)) * 100) / 100;
}

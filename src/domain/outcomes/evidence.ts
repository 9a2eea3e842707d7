import type { Instrument, ThresholdSetting } from './instruments.ts';

/**
 * Published figures the clinic's own rate is shown beside, never in place of (reference §5.1).
 * `kind` says what the number is: a response ratio (OMT vs sham; not a rate), a responder rate in
 * a trial arm, or a marketing claim without a study behind it.
 */
export interface Published {
  label: string;
  value: string;
  /** A rate (0–1) when the figure is one, for a chart beside the clinic's rate; else null. */
  rate: number | null;
  kind: 'response-ratio' | 'trial-rate' | 'marketing-claim';
  source: string | null;
  note: string;
}

const TABLE2 =
  'Licciardone et al., Ann Fam Med 2013;11(2):122-129, OSTEOPATHIC Trial, Table 2 — https://www.medscape.com/viewarticle/781125';
const MANTHER =
  'Licciardone et al., Man Ther 2014 (high baseline pain subgroup) — https://pubmed.ncbi.nlm.nih.gov/24965494/';

export const PUBLISHED: readonly Published[] = [
  {
    label: 'OSTEOPATHIC Trial: ≥30 % less low back pain, OMT vs sham (response ratio, ITT n = 455)',
    value: '1.38 (95 % CI 1.16–1.64)',
    rate: null,
    kind: 'response-ratio',
    source: TABLE2,
    note: 'A ratio of two responder rates after 6 sessions over 8 weeks, measured at week 12; not a success rate.',
  },
  {
    label: 'OSTEOPATHIC Trial: ≥50 % less low back pain, OMT vs sham (response ratio, ITT n = 455)',
    value: '1.41 (95 % CI 1.13–1.76)',
    rate: null,
    kind: 'response-ratio',
    source: TABLE2,
    note: 'A ratio of two responder rates; the trial’s absolute rates per arm were not retrieved.',
  },
  {
    label: 'OSTEOPATHIC Trial, high baseline pain: responders (≥50 %) at week 12, OMT arm',
    value: '52 %',
    rate: 0.52,
    kind: 'trial-rate',
    source: MANTHER,
    note: 'Subgroup with baseline pain ≥ 50/100 mm (186 of 455); the sham arm had 25 %.',
  },
  {
    label: 'OSTEOPATHIC Trial, high baseline pain: responders (≥50 %) at week 12, sham OMT arm',
    value: '25 %',
    rate: 0.25,
    kind: 'trial-rate',
    source: MANTHER,
    note: 'The comparison arm of the figure above.',
  },
  {
    label: 'Procedure page claim: “70–85 % success rate”',
    value: '70–85 %',
    rate: null,
    kind: 'marketing-claim',
    source: null,
    note: 'Unsourced marketing figure: no study, measure or threshold is given for it, so it cannot be compared.',
  },
];

/** "How the success rate is defined", in words, for the report and the dashboard. */
export function definition(
  i: Instrument,
  t: ThresholdSetting,
  from: string | null,
  to: string | null,
): string {
  const period =
    from && to ? `between ${from} and ${to}` : from ? `from ${from}` : to ? `up to ${to}` : 'at any time';
  const better = i.direction === 'lower-is-better' ? 'lower' : 'higher';
  const how =
    t.percent === null ? `${t.points} points` : `${t.points} points or ${t.percent} % of the baseline`;
  return (
    `Patients counted: those of this clinic with a ${i.name} baseline and at least one later score taken ${period}. ` +
    `Baseline is their first score in the period, the result their latest. ` +
    `A responder improved (${better} is better) by at least ${how}. ` +
    `The interval is the Wilson 95 % score interval of the rate.`
  );
}

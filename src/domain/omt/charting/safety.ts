import type { RegionId } from '../regions.ts';
import { checkSafety, type PatientFacts, type Reason, type RedFlag, type Verdict } from '../safety/engine.ts';
import type { Policy } from '../safety/rules.ts';
import { TECHNIQUE_BY_ID, type TechniqueId } from '../techniques.ts';
import type { EncounterChart } from './chart.ts';

/**
 * The safety engine on the write path of charting. For every charted technique:
 *  - `ok`: nothing to add;
 *  - `caution` (a relative contraindication): allowed only with a documented `safetyReason`;
 *  - `contraindicated` (an absolute one): refused, unless the clinic allows overrides AND the
 *    clinician sets `override` with a `safetyReason`. Rules in NON_OVERRIDABLE_RULES (lack of consent)
 *    can never be overridden.
 * Consent is required before any technique is charted as performed (reference §3.8), HVLA consent
 * separately; red flags on the record (referral findings) need a documented `redFlagReason`.
 */
export const NON_OVERRIDABLE_RULES: readonly string[] = ['no-consent'];
export const MIN_REASON_LENGTH = 10;

export type SafetyDecision = 'ok' | 'caution-acknowledged' | 'override' | 'refused';

export interface ChartSafetyItem {
  /** Field path of the technique in the chart, e.g. `treatment/0/techniques/1`. */
  path: string;
  region: RegionId;
  technique: TechniqueId;
  verdict: Verdict;
  reasons: Reason[];
  alternatives: TechniqueId[];
  decision: SafetyDecision;
  /** The clinician's documented reason, when the verdict needed one. */
  reason: string | null;
}

export interface ChartSafetyProblem {
  path: string;
  message: string;
  /** Rule ids behind the problem (empty for consent problems). */
  rules: string[];
}

export interface ChartSafetyResult {
  policy: Policy;
  allowOverride: boolean;
  items: ChartSafetyItem[];
  redFlags: RedFlag[];
  /** Empty when the chart may be saved. */
  problems: ChartSafetyProblem[];
}

export interface ChartSafetyInput {
  chart: Pick<EncounterChart, 'treatment' | 'consent' | 'redFlagReason'>;
  patient: PatientFacts;
  policy: Policy;
  allowOverride: boolean;
  asOf: Date | string;
}

const hasReason = (s: string | null | undefined): s is string =>
  typeof s === 'string' && s.trim().length >= MIN_REASON_LENGTH;

const name = (t: TechniqueId) => TECHNIQUE_BY_ID[t].name;

export function evaluateChartSafety(input: ChartSafetyInput): ChartSafetyResult {
  const { chart, policy, allowOverride } = input;
  const flat = chart.treatment.flatMap((t, i) =>
    t.techniques.map((tech, j) => ({ path: `treatment/${i}/techniques/${j}`, region: t.region, tech })),
  );
  const check = checkSafety({
    patient: input.patient,
    plan: flat.map((f) => ({ technique: f.tech.technique, region: f.region })),
    policy,
    asOf: input.asOf,
  });
  const problems: ChartSafetyProblem[] = [];

  if (flat.length > 0 && chart.consent.omt !== 'given') {
    problems.push({
      path: 'consent/omt',
      message:
        chart.consent.omt === 'declined'
          ? 'The patient declined OMT: no technique may be charted as performed.'
          : 'Record the patient’s consent to OMT before charting a technique as performed.',
      rules: [],
    });
  }
  const hvla = flat.find((f) => f.tech.technique === 'hvla');
  if (hvla && chart.consent.hvla !== 'given') {
    problems.push({
      path: 'consent/hvla',
      message:
        chart.consent.hvla === 'declined'
          ? 'The patient declined HVLA (thrust): remove it or choose another technique.'
          : 'HVLA needs its own consent: record that the patient consented to thrust techniques.',
      rules: [],
    });
  }

  const items = flat.map((f, k): ChartSafetyItem => {
    const r = check.results[k]!;
    const rules = r.reasons.map((x) => x.rule);
    const label = `${name(f.tech.technique)} on the ${f.region} region`;
    const base = {
      path: f.path,
      region: f.region,
      technique: f.tech.technique,
      verdict: r.verdict,
      reasons: r.reasons,
      alternatives: r.alternatives,
    };
    const why = r.reasons.map((x) => `${x.rule}: ${x.message}`).join(' ');
    if (r.verdict === 'ok') return { ...base, decision: 'ok', reason: null };
    if (r.verdict === 'caution') {
      if (hasReason(f.tech.safetyReason))
        return { ...base, decision: 'caution-acknowledged', reason: f.tech.safetyReason.trim() };
      problems.push({
        path: `${f.path}/safetyReason`,
        message: `Caution for ${label} (${why}) Document why it is appropriate (at least ${MIN_REASON_LENGTH} characters).`,
        rules,
      });
      return { ...base, decision: 'refused', reason: null };
    }
    const locked = rules.filter((id) => NON_OVERRIDABLE_RULES.includes(id));
    const alternatives = r.alternatives.length
      ? ` Alternatives: ${r.alternatives.map(name).join(', ')}.`
      : '';
    if (locked.length > 0) {
      problems.push({
        path: `${f.path}/technique`,
        message: `${label} is contraindicated (${why}) This cannot be overridden.`,
        rules,
      });
    } else if (!allowOverride) {
      problems.push({
        path: `${f.path}/technique`,
        message: `${label} is contraindicated (${why}) The clinic does not allow overrides.${alternatives}`,
        rules,
      });
    } else if (!f.tech.override || !hasReason(f.tech.safetyReason)) {
      problems.push({
        path: `${f.path}/${f.tech.override ? 'safetyReason' : 'override'}`,
        message: `${label} is contraindicated (${why}) To proceed anyway set override and document the reason (at least ${MIN_REASON_LENGTH} characters).${alternatives}`,
        rules,
      });
    } else {
      return { ...base, decision: 'override', reason: f.tech.safetyReason.trim() };
    }
    return { ...base, decision: 'refused', reason: null };
  });

  if (flat.length > 0 && check.redFlags.length > 0 && !hasReason(chart.redFlagReason)) {
    problems.push({
      path: 'redFlagReason',
      message: `The record carries findings that call for referral rather than manual treatment (${check.redFlags
        .map((f) => `${f.rule}: ${f.message}`)
        .join(
          ' ',
        )}) Document why treatment proceeds (at least ${MIN_REASON_LENGTH} characters), or refer the patient.`,
      rules: check.redFlags.map((f) => f.rule),
    });
  }

  return { policy, allowOverride, items, redFlags: check.redFlags, problems };
}

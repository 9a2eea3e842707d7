import { cautionFor, type CautionDetail } from './cautions.ts';
import {
  CAUTION_FLAG_IDS,
  RED_FLAG_IDS,
  RED_FLAG_RULE_BY_FLAG,
  SELF_CHECK_RESULTS,
  type RedFlagId,
  type SelfCheckArea,
  type SelfCheckFlag,
  type SelfCheckResult,
} from './rules.ts';
import { formatSelfCheckSource, type SelfCheckSourceId } from './sources.ts';

export interface SelfCheckAnswers {
  area: SelfCheckArea;
  weeks: number;
  ageYears: number;
  flags: readonly SelfCheckFlag[];
}

export interface SelfCheckReason {
  flag: RedFlagId;
  /** How urgent this flag alone is. */
  result: Exclude<SelfCheckResult, 'omt-may-help'>;
  message: string;
  /** "Title — URL" of the rule's first source (the field api.md promises). */
  source: string;
  /** Every source of the rule, for the page. */
  sources: SelfCheckSourceId[];
}

export interface SelfCheckOutcome {
  result: SelfCheckResult;
  reasons: SelfCheckReason[];
  cautions: CautionDetail[];
}

const RANK = (r: SelfCheckResult) => SELF_CHECK_RESULTS.indexOf(r);

/**
 * The self-check: every red flag sends the person elsewhere first; the most urgent result wins;
 * technique-changing conditions come back as cautions. The area, duration and age are asked so the
 * page can pre-filter the directory and so a DO sees the context; no published rule in our sources
 * turns them alone into a referral, so they do not change the result (see README).
 */
export function selfCheck(answers: SelfCheckAnswers): SelfCheckOutcome {
  const given = new Set(answers.flags);
  const reasons = RED_FLAG_IDS.filter((f) => given.has(f))
    .map((f): SelfCheckReason => {
      const rule = RED_FLAG_RULE_BY_FLAG[f];
      return {
        flag: f,
        result: rule.result,
        message: rule.message,
        source: formatSelfCheckSource(rule.sources[0]),
        sources: [...rule.sources],
      };
    })
    // Most urgent first; catalogue order within a level.
    .sort((a, b) => RANK(b.result) - RANK(a.result));
  const result = reasons.reduce<SelfCheckResult>(
    (worst, r) => (RANK(r.result) > RANK(worst) ? r.result : worst),
    'omt-may-help',
  );
  const cautions = CAUTION_FLAG_IDS.filter((f) => given.has(f)).map(cautionFor);
  return { result, reasons, cautions };
}

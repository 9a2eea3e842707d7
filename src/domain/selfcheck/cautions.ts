import { SAFETY_RULES, type SafetyRule, type Trigger } from '../omt/safety/rules.ts';
import { TECHNIQUE_IDS, TECHNIQUE_BY_ID, type TechniqueId } from '../omt/techniques.ts';
import type { SourceId } from '../omt/sources.ts';
import type { CautionFlagId } from './rules.ts';

/**
 * Cautions come from the clinicians' own safety rules (`../omt/safety/rules.ts`), so the public
 * self-check and the treatment-time safety check cannot disagree about which techniques a
 * condition affects: a caution flag matches the triggers the safety engine uses for it.
 */
const MATCHES: Readonly<Record<CautionFlagId, (t: Trigger) => boolean>> = {
  osteoporosis: (t) => 'family' in t && t.family === 'osteoporosis',
  anticoagulant: (t) =>
    ('flag' in t && t.flag === 'anticoagulated') ||
    ('family' in t && t.family === 'anticoagulant-use') ||
    'anticoagulationUnchecked' in t,
  pregnant: (t) => ('flag' in t && t.flag === 'pregnant') || ('family' in t && t.family === 'pregnancy'),
  'recent-surgery': (t) => 'flag' in t && t.flag === 'recent-surgery',
};

const TELL: Readonly<Record<CautionFlagId, string>> = {
  osteoporosis: 'Tell the DO you have osteoporosis or thin bones.',
  anticoagulant: 'Tell the DO you take a blood thinner, and when your level was last checked.',
  pregnant: 'Tell the DO you are pregnant, and how many weeks.',
  'recent-surgery': 'Tell the DO what surgery you had, where and when.',
};

export interface CautionDetail {
  flag: CautionFlagId;
  message: string;
  /** The techniques the clinicians' safety rules limit or rule out for this condition. */
  techniques: TechniqueId[];
  /** The sources of those rules (`unverified` marks a rule no retrieved source confirms). */
  sources: SourceId[];
  /** The safety rules it was derived from. */
  ruleIds: string[];
}

export function rulesForCaution(flag: CautionFlagId): SafetyRule[] {
  return SAFETY_RULES.filter((r) => r.triggers.some(MATCHES[flag]));
}

const names = (ids: readonly TechniqueId[]) => ids.map((id) => TECHNIQUE_BY_ID[id].name.toLowerCase());

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function cautionFor(flag: CautionFlagId): CautionDetail {
  const rules = rulesForCaution(flag);
  const techniqueSet = new Set(rules.flatMap((r) => r.techniques));
  const techniques = TECHNIQUE_IDS.filter((id) => techniqueSet.has(id));
  const sources = [...new Set(rules.flatMap((r) => r.readings.map((x) => x.source)))];
  const message =
    techniques.length === TECHNIQUE_IDS.length
      ? `${TELL[flag]} It changes which techniques are safe for you.`
      : `${TELL[flag]} It changes which techniques are safe for you: ${list(names(techniques))} may be avoided or adapted, and gentler ones chosen instead.`;
  return { flag, message, techniques, sources, ruleIds: rules.map((r) => r.id) };
}

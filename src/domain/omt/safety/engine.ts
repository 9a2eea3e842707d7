import { ageInYears } from '../age.ts';
import { matchesAnyFamily, normalizeIcd10 } from '../icd10.ts';
import { REGION_IDS, type RegionId } from '../regions.ts';
import { formatSource, SOURCES, type SourceGrade, type SourceId } from '../sources.ts';
import { isTypicalFor, type TechniqueId } from '../techniques.ts';
import { CONDITION_FAMILIES, type ConditionFamily, type FlagId } from './families.ts';
import {
  RED_FLAG_RULES,
  resolveSeverity,
  SAFETY_RULES,
  type Policy,
  type Reading,
  type RedFlagRule,
  type SafetyRule,
  type Severity,
  type Trigger,
} from './rules.ts';

export interface PatientCondition {
  system?: string;
  code: string;
  /** Where the condition sits, for site-specific families (e.g. a metastasis in the lumbar spine). */
  region?: RegionId;
}

export type PatientFlag =
  | { flag: 'anticoagulated'; levelCheckedRecently?: boolean }
  | { flag: 'recent-surgery'; region?: RegionId }
  | { flag: Exclude<FlagId, 'anticoagulated' | 'recent-surgery'> };

export interface PatientFacts {
  birthDate?: string;
  ageYears?: number;
  conditions?: readonly PatientCondition[];
  flags?: readonly PatientFlag[];
}

export interface PlanItem {
  technique: TechniqueId;
  region: RegionId;
}

export interface SafetyCheckInput {
  patient: PatientFacts;
  plan: readonly PlanItem[];
  policy?: Policy;
  /** "Today" for age rules. */
  asOf: Date | string;
  rules?: readonly SafetyRule[];
  redFlagRules?: readonly RedFlagRule[];
}

export type Verdict = 'ok' | 'caution' | 'contraindicated';

export interface ReasonSource {
  title: string;
  url: string | null;
  grade: SourceGrade;
  reading: Severity;
  confirmed: boolean;
  note?: string;
}

export interface Reason {
  rule: string;
  severity: Severity;
  message: string;
  /** All sources as one "title — URL; …" string (api.md); structured copies in `sources`. */
  source: string;
  sources: ReasonSource[];
  /** What in the chart triggered the rule (codes, flags, age). */
  matched: string[];
  policyNote?: string;
  caveat?: string;
}

export interface ItemResult {
  technique: TechniqueId;
  region: RegionId;
  verdict: Verdict;
  reasons: Reason[];
  alternatives: TechniqueId[];
  alternativeDetails: { technique: TechniqueId; verdict: Exclude<Verdict, 'contraindicated'> }[];
}

export interface RedFlag {
  rule: string;
  message: string;
  action: 'refer';
  source: string;
  matched: string[];
  /** `reference`: named a red flag by the reference; `derived`: inferred from WHO's "refer" principle. */
  basis: 'reference' | 'derived';
}

export interface SafetyCheckResult {
  results: ItemResult[];
  redFlags: RedFlag[];
  policy: Policy;
  ageYears: number | null;
  notes: string[];
}

/**
 * Preference order for alternatives: WHO advises that an area unsuitable for a direct technique may
 * often be treated with an indirect, fluid or reflex-based one, so those come first.
 */
export const ALTERNATIVE_ORDER: readonly TechniqueId[] = [
  'counterstrain',
  'myofascial-release',
  'facilitated-positional-release',
  'balanced-ligamentous-tension',
  'still-technique',
  'cranial',
  'lymphatic',
  'chapman-reflex',
  'soft-tissue',
  'muscle-energy',
  'articulatory',
  'hvla',
];
const MAX_ALTERNATIVES = 4;

/** A trigger matched in the chart: where it reaches and whether the fact is certain. */
export interface Hit {
  regions: ReadonlySet<RegionId>;
  certain: boolean;
  label: string;
}

const ALL_REGIONS: ReadonlySet<RegionId> = new Set(REGION_IDS);

/**
 * The chart's conditions in a code family, each reaching the family's regions (or only its site when
 * the family is site-specific and the condition names one). Shared with the modality rules.
 */
export function familyHits(family: ConditionFamily, conditions: readonly PatientCondition[]): Hit[] {
  return conditions
    .filter((c) => matchesAnyFamily(c.code, family.codes))
    .map((c) => {
      const scope = family.regions === 'all' ? ALL_REGIONS : new Set(family.regions);
      // Stryker disable next-line MethodExpression: every site family reaches all regions, so the filter keeps the site
      const atSite = family.site && c.region ? new Set([c.region].filter((r) => scope.has(r))) : scope;
      return { regions: atSite, certain: true, label: normalizeIcd10(c.code) };
    });
}

/** What in the chart matches one trigger (exported for the modality rules, which match the same way). */
export function hitsFor(trigger: Trigger, patient: PatientFacts, age: number | null): Hit[] {
  // Stryker disable next-line ArrayDeclaration: a filler entry has no `flag`, so every filter below drops it
  const flags = patient.flags ?? [];
  if ('family' in trigger) return familyHits(CONDITION_FAMILIES[trigger.family], patient.conditions ?? []);
  if ('flag' in trigger) {
    return flags
      .filter((f) => f.flag === trigger.flag)
      .map((f) => {
        const region = 'region' in f ? f.region : undefined;
        return {
          regions: region ? new Set([region]) : ALL_REGIONS,
          certain: true,
          label: region ? `flag ${f.flag} (${region})` : `flag ${f.flag}`,
        };
      });
  }
  if ('ageBelowYears' in trigger) {
    return age !== null && age < trigger.ageBelowYears
      ? [{ regions: ALL_REGIONS, certain: true, label: `age ${age}` }]
      : [];
  }
  // Anticoagulation: the WHO item needs an unchecked level; an unknown check status is a possible hit.
  const anticoagFlags = flags.filter((f) => f.flag === 'anticoagulated');
  const onAnticoagulant =
    anticoagFlags.length > 0 ||
    (patient.conditions ?? []).some((c) =>
      matchesAnyFamily(c.code, CONDITION_FAMILIES['anticoagulant-use'].codes),
    );
  if (!onAnticoagulant) return [];
  const statuses = anticoagFlags.map((f) =>
    'levelCheckedRecently' in f ? f.levelCheckedRecently : undefined,
  );
  if (statuses.includes(false))
    return [{ regions: ALL_REGIONS, certain: true, label: 'anticoagulation level not checked recently' }];
  if (statuses.includes(true)) return [];
  return [{ regions: ALL_REGIONS, certain: false, label: 'anticoagulation level check not recorded' }];
}

function narrow(rule: SafetyRule, regions: ReadonlySet<RegionId>): ReadonlySet<RegionId> {
  if (rule.anyRegion) return ALL_REGIONS;
  if (!rule.regionsWithin) return regions;
  return new Set(rule.regionsWithin.filter((r) => regions.has(r)));
}

function toReason(rule: SafetyRule, hits: Hit[], policy: Policy): Reason {
  // When no triggering fact is certain, every reading becomes unconfirmed: strict still blocks.
  const certain = hits.some((h) => h.certain);
  const readings: Reading[] = rule.readings.map((r) => (certain ? r : { ...r, confirmed: false }));
  const severity = resolveSeverity(readings, policy);
  const other = resolveSeverity(readings, policy === 'strict' ? 'lenient' : 'strict');
  const ids = [...new Set(readings.map((r) => r.source))] as SourceId[];
  const reason: Reason = {
    rule: rule.id,
    severity,
    message: rule.message,
    source: ids.map(formatSource).join('; '),
    sources: readings.map((r) => ({
      title: SOURCES[r.source].title,
      url: SOURCES[r.source].url,
      grade: SOURCES[r.source].grade,
      reading: r.severity,
      confirmed: r.confirmed,
      ...(r.note ? { note: r.note } : {}),
    })),
    matched: [...new Set(hits.map((h) => h.label))],
  };
  if (other !== severity)
    reason.policyNote = `Sources disagree or do not confirm the severity: the ${policy} policy reads this as ${severity}; the ${policy === 'strict' ? 'lenient' : 'strict'} policy would read it as ${other}.`;
  if (rule.caveat) reason.caveat = rule.caveat;
  return reason;
}

interface Context {
  patient: PatientFacts;
  age: number | null;
  policy: Policy;
  rules: readonly SafetyRule[];
  hitCache: Map<Trigger, Hit[]>;
}

function evaluate(
  ctx: Context,
  technique: TechniqueId,
  region: RegionId,
): { verdict: Verdict; reasons: Reason[] } {
  const reasons: Reason[] = [];
  for (const rule of ctx.rules) {
    if (!rule.techniques.includes(technique)) continue;
    const hits = rule.triggers
      .flatMap((t) => {
        let cached = ctx.hitCache.get(t);
        // Stryker disable next-line ConditionalExpression: the cache only saves work; recomputing gives the same hits
        if (!cached) ctx.hitCache.set(t, (cached = hitsFor(t, ctx.patient, ctx.age)));
        return cached;
      })
      .filter((h) => narrow(rule, h.regions).has(region));
    if (hits.length > 0) reasons.push(toReason(rule, hits, ctx.policy));
  }
  reasons.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'absolute' ? -1 : 1));
  const verdict: Verdict = reasons.some((r) => r.severity === 'absolute')
    ? 'contraindicated'
    : reasons.length > 0
      ? 'caution'
      : 'ok';
  return { verdict, reasons };
}

function alternativesFor(ctx: Context, item: PlanItem, verdict: Verdict): ItemResult['alternativeDetails'] {
  if (verdict === 'ok') return [];
  // Stryker disable next-line ArrayDeclaration: a filler entry has no verdict, so the ok/caution filters below drop it
  const found: ItemResult['alternativeDetails'] = [];
  for (const technique of ALTERNATIVE_ORDER) {
    if (technique === item.technique || !isTypicalFor(technique, item.region)) continue;
    const v = evaluate(ctx, technique, item.region).verdict;
    // A cautioned item is only worth replacing by something that needs no caution.
    if (v === 'ok' || (v === 'caution' && verdict === 'contraindicated'))
      found.push({ technique, verdict: v });
  }
  return [...found.filter((a) => a.verdict === 'ok'), ...found.filter((a) => a.verdict === 'caution')].slice(
    0,
    MAX_ALTERNATIVES,
  );
}

export function patientAge(patient: PatientFacts, asOf: Date | string): number | null {
  if (patient.birthDate) return ageInYears(patient.birthDate, asOf);
  return patient.ageYears ?? null;
}

/** Per-item verdicts for an OMT plan, plus findings that call for referral. Pure. */
export function checkSafety(input: SafetyCheckInput): SafetyCheckResult {
  const policy = input.policy ?? 'strict';
  const age = patientAge(input.patient, input.asOf);
  const ctx: Context = {
    patient: input.patient,
    age,
    policy,
    rules: input.rules ?? SAFETY_RULES,
    hitCache: new Map(),
  };
  const results = input.plan.map((item): ItemResult => {
    const { verdict, reasons } = evaluate(ctx, item.technique, item.region);
    const alternativeDetails = alternativesFor(ctx, item, verdict);
    return {
      technique: item.technique,
      region: item.region,
      verdict,
      reasons,
      alternatives: alternativeDetails.map((a) => a.technique),
      alternativeDetails,
    };
  });
  const redFlags = (input.redFlagRules ?? RED_FLAG_RULES).flatMap((rule): RedFlag[] => {
    const hits = rule.triggers.flatMap((t) => hitsFor(t, input.patient, age));
    if (hits.length === 0) return [];
    return [
      {
        rule: rule.id,
        message: rule.message,
        action: 'refer',
        source: rule.sources.map(formatSource).join('; '),
        matched: [...new Set(hits.map((h) => h.label))],
        basis: rule.basis,
      },
    ];
  });
  const notes: string[] = [];
  if (age === null)
    notes.push('Age unknown (no birthDate or ageYears): age rules for young children were not evaluated.');
  return { results, redFlags, policy, ageYears: age, notes };
}

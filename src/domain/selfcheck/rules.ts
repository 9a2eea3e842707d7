import type { SelfCheckSourceId } from './sources.ts';

/**
 * The public self-check's vocabulary and rules as data (api.md "Self-check (public)"). Pure: no
 * I/O, no clock. The route, the no-JavaScript page and the tests all read these tables.
 */
export const SELF_CHECK_AREAS = [
  'low-back',
  'neck',
  'headache',
  'mid-back',
  'shoulder',
  'hip',
  'knee',
  'jaw',
  'other',
] as const;
export type SelfCheckArea = (typeof SELF_CHECK_AREAS)[number];

export const AREA_LABELS: Readonly<Record<SelfCheckArea, string>> = {
  'low-back': 'Low back',
  neck: 'Neck',
  headache: 'Headache',
  'mid-back': 'Middle or upper back',
  shoulder: 'Shoulder',
  hip: 'Hip',
  knee: 'Knee',
  jaw: 'Jaw',
  other: 'Somewhere else',
};

export const RED_FLAG_IDS = [
  'saddle-numbness',
  'bladder-or-bowel-change',
  'progressive-leg-weakness',
  'chest-pain',
  'sudden-severe-headache',
  'neck-pain-after-injury',
  'fever',
  'cancer-history',
  'unexplained-weight-loss',
  'major-injury',
  'night-pain-unrelieved',
] as const;
export type RedFlagId = (typeof RED_FLAG_IDS)[number];

/** Flags that only change which techniques a DO chooses: shown as things to tell the DO. */
export const CAUTION_FLAG_IDS = ['osteoporosis', 'anticoagulant', 'pregnant', 'recent-surgery'] as const;
export type CautionFlagId = (typeof CAUTION_FLAG_IDS)[number];

export const SELF_CHECK_FLAGS = [...RED_FLAG_IDS, ...CAUTION_FLAG_IDS] as const;
export type SelfCheckFlag = (typeof SELF_CHECK_FLAGS)[number];

/** Ordered from least to most urgent: the most urgent result wins. */
export const SELF_CHECK_RESULTS = ['omt-may-help', 'see-a-doctor-first', 'emergency'] as const;
export type SelfCheckResult = (typeof SELF_CHECK_RESULTS)[number];

export interface RedFlagRule {
  flag: RedFlagId;
  result: Exclude<SelfCheckResult, 'omt-may-help'>;
  /** The question as the visitor reads it (plain language). */
  question: string;
  /** Why we send the person elsewhere first, in plain language. */
  message: string;
  /** First one is the `source` of the API answer; all are listed on the page. */
  sources: readonly [SelfCheckSourceId, ...SelfCheckSourceId[]];
}

const CAUDA_EQUINA =
  'These can be signs of pressure on the nerves at the bottom of the spine (cauda equina syndrome)';

export const RED_FLAG_RULES: readonly RedFlagRule[] = [
  {
    flag: 'saddle-numbness',
    result: 'emergency',
    question: 'Numbness or tingling between your legs, around your bottom or genitals',
    message: `${CAUDA_EQUINA}. It needs emergency care today — manual treatment is not the answer.`,
    sources: ['nice-cks-sciatica-red-flags', 'bmj-best-practice-cauda-equina', 'pmc-contraindication-table'],
  },
  {
    flag: 'bladder-or-bowel-change',
    result: 'emergency',
    question:
      'New trouble passing or holding urine or stool, or not feeling when your bladder or bowel is full',
    message: `${CAUDA_EQUINA}. It needs emergency care today — manual treatment is not the answer.`,
    sources: ['nice-cks-sciatica-red-flags', 'bmj-best-practice-cauda-equina', 'pmc-contraindication-table'],
  },
  {
    flag: 'progressive-leg-weakness',
    result: 'emergency',
    question: 'Weakness in one or both legs that is getting worse',
    message:
      'Leg weakness that is getting worse can mean a nerve is being squeezed and needs emergency assessment today, before any manual treatment.',
    sources: ['nice-cks-sciatica-red-flags', 'bmj-best-practice-cauda-equina', 'jacm-table-9'],
  },
  {
    flag: 'chest-pain',
    result: 'emergency',
    question: 'Pain, pressure or tightness in your chest',
    message:
      'Chest pain or pressure can be a heart attack. Call 911 now; do not wait to see whether it passes.',
    sources: ['aha-heart-attack-warning-signs'],
  },
  {
    flag: 'sudden-severe-headache',
    result: 'emergency',
    question: 'A sudden, severe headache — the worst you have had, reaching its peak within a minute or so',
    message:
      'A sudden, very severe headache can be bleeding in or around the brain. It needs emergency care now, not manual treatment.',
    sources: ['headache-red-flags-table', 'who-direct-list-de'],
  },
  {
    flag: 'neck-pain-after-injury',
    result: 'see-a-doctor-first',
    question: 'Neck pain that started after a fall, a car accident or another injury',
    message:
      'Neck pain after an injury should be checked by a doctor first, to rule out a fracture or torn ligaments, before anyone treats the neck by hand.',
    sources: ['headache-red-flags-table', 'who-direct-list-de', 'pmc-contraindication-table'],
  },
  {
    flag: 'fever',
    result: 'see-a-doctor-first',
    question: 'A fever, or feeling hot and shivery, together with the pain',
    message:
      'Pain with a fever can come from an infection. See a doctor first to find the cause; manual treatment waits until that is ruled out.',
    sources: ['lbp-guideline-red-flags-review', 'pmc-contraindication-table'],
  },
  {
    flag: 'cancer-history',
    result: 'see-a-doctor-first',
    question: 'You have had cancer (now or in the past)',
    message:
      'After cancer, new pain in the bones or back should be checked by your doctor first: some techniques must not be used where cancer has reached a bone.',
    sources: ['lbp-guideline-red-flags-review', 'hvla-board-review'],
  },
  {
    flag: 'unexplained-weight-loss',
    result: 'see-a-doctor-first',
    question: 'You have lost weight without trying',
    message:
      'Losing weight without trying, together with pain, should be checked by a doctor first to find the cause.',
    sources: ['lbp-guideline-red-flags-review'],
  },
  {
    flag: 'major-injury',
    result: 'see-a-doctor-first',
    question: 'The pain started with a major injury (a bad fall, a car accident, a sports collision)',
    message:
      'After a major injury a doctor should rule out a broken bone first; several techniques must not be used over a fracture.',
    sources: ['lbp-guideline-red-flags-review', 'pmc-contraindication-table'],
  },
  {
    flag: 'night-pain-unrelieved',
    result: 'see-a-doctor-first',
    question: 'Pain at night or at rest that no position eases',
    message:
      'Pain that stays at night or at rest whatever position you take should be checked by a doctor first to find the cause.',
    sources: ['lbp-guideline-red-flags-review'],
  },
];

export const RED_FLAG_RULE_BY_FLAG: Readonly<Record<RedFlagId, RedFlagRule>> = Object.fromEntries(
  RED_FLAG_RULES.map((r) => [r.flag, r]),
) as Record<RedFlagId, RedFlagRule>;

/** The caution questions as the visitor reads them. */
export const CAUTION_QUESTIONS: Readonly<Record<CautionFlagId, string>> = {
  osteoporosis: 'You have osteoporosis or thin bones',
  anticoagulant: 'You take a blood thinner (for example warfarin, apixaban or rivaroxaban)',
  pregnant: 'You are pregnant',
  'recent-surgery': 'You had surgery in the last few months',
};

export const isSelfCheckArea = (v: unknown): v is SelfCheckArea =>
  typeof v === 'string' && (SELF_CHECK_AREAS as readonly string[]).includes(v);
export const isSelfCheckFlag = (v: unknown): v is SelfCheckFlag =>
  typeof v === 'string' && (SELF_CHECK_FLAGS as readonly string[]).includes(v);
export const isRedFlag = (v: SelfCheckFlag): v is RedFlagId =>
  (RED_FLAG_IDS as readonly string[]).includes(v);
